"""Where the passphrase of an encrypted backup comes from."""

import os
from pathlib import Path

from .errors import BackupError
from .progress import Progress, silent

MIN_PASSPHRASE = 12


def read_passphrase(*, file: str | None = None, env: str | None = None, warn: Progress = silent) -> str | None:
    """The passphrase from a file or from an environment variable named on the command line:
    never from the command line itself, where `ps` and shell history would show it."""
    if file and env:
        raise BackupError("Give the passphrase either in a file or in an environment variable, not both.")
    if file:
        path = Path(file)
        try:
            data = path.read_bytes()
            mode = path.stat().st_mode
        except OSError as exc:
            raise BackupError(f"Cannot read the passphrase file {file}: {exc.strerror}.") from exc
        if mode & 0o077:
            warn(f"Warning: the passphrase file {file} can be read by other users (chmod 600 it).")
        # The first line: editors end files with a newline that nobody means as part of it.
        raw = data.split(b"\n", 1)[0].rstrip(b"\r")
        source = f"the file {file}"
    elif env:
        if env not in os.environ:
            raise BackupError(f"The environment variable {env} (named by --passphrase-env) is not set.")
        raw = os.fsencode(os.environ[env])
        source = f"the environment variable {env}"
    else:
        return None
    if not raw:
        raise BackupError(f"The passphrase in {source} is empty.")
    try:
        # age passphrases are text; the `age` command on another machine must read the same one.
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BackupError(f"The passphrase in {source} is not UTF-8 text.") from None
