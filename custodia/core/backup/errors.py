"""What a failed backup or restore step raises, and how a tool's complaint is quoted in it."""


class BackupError(Exception):
    """A backup or restore step failed. The message says which step and why; a failed restore
    has not changed the live database."""


class WrongPassphrase(BackupError):
    """The passphrase does not open an encrypted archive."""


def last_lines(text: str | None, count: int = 8) -> str:
    """The end of a tool's output, where pg_dump, psql and Python put the reason they failed."""
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return "\n".join(lines[-count:]) or "no message"
