"""Encryption of archives with age (the age-encryption.org/v1 format) through pyrage, a binding
of the reviewed Rust implementation: nothing cryptographic is written here.

An encrypted archive holds two age files: a one-off X25519 key encrypted with the passphrase
(age's scrypt recipient), and the archive encrypted to that key. This is age's own
"passphrase-protected identity file", which `age -d -i key.age` and `rage -d -i key.age` open.

Why not the scrypt recipient on the archive itself: pyrage 1.4 encrypts and decrypts with a
passphrase only from bytes in memory to bytes in memory, which holds about three times the
archive in memory at once (measured: 613 MiB for 200 MiB), and a national PostgreSQL dump can be
many gigabytes. Its recipient functions stream in 64 KiB chunks in constant memory, so the
passphrase API only ever sees the key (74 bytes).
"""

import io
from typing import Protocol, cast

import pyrage
from pyrage import passphrase as age_passphrase
from pyrage.x25519 import Identity as Key

from .errors import BackupError, WrongPassphrase

# What age (in English, the only language pyrage uses) says when the scrypt stanza does not
# open: a wrong passphrase, or the stanza's own bytes altered. The .sha256 file tells them apart.
_WRONG_PASSPHRASE = "Decryption failed"


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class Writable(Protocol):
    def write(self, data: bytes, /) -> object: ...


def new_key() -> Key:
    """A fresh X25519 key from the operating system's random source, one for every archive."""
    return Key.generate()


def lock_key(key: Key, passphrase: str) -> bytes:
    """The key as age-keygen writes it, in an age file that only the passphrase opens. scrypt's
    work factor is chosen by age to take about a second on this machine."""
    return cast(bytes, age_passphrase.encrypt(f"{key}\n".encode(), passphrase))


def unlock_key(locked: bytes, passphrase: str) -> Key:
    try:
        text = age_passphrase.decrypt(locked, passphrase)
    except pyrage.DecryptError as exc:
        if str(exc) == _WRONG_PASSPHRASE:
            raise WrongPassphrase("Wrong passphrase: it does not open this archive.") from None
        # For example a damaged header, or more scrypt work than age accepts on this machine
        # (16 times what it calibrates to): age's message says which.
        raise BackupError(f"The archive's key cannot be opened (age: {_one_line(exc)}).") from None
    try:
        return Key.from_str(text.decode("ascii").strip())
    except (UnicodeDecodeError, pyrage.IdentityError, ValueError):
        raise BackupError("The archive's key opens, but does not hold an age key: the archive was altered.") from None


def encrypt(source: Readable, target: Writable, key: Key) -> None:
    """Stream `source` into `target` as an age file for `key`."""
    guarded = _GuardedWriter(target)
    try:
        pyrage.encrypt_io(source, guarded, [key.to_public()])
    except (pyrage.EncryptError, OSError) as exc:
        raise BackupError(f"Encrypting the archive failed: {guarded.failure or _one_line(exc)}.") from exc
    guarded.check("Encrypting the archive")


def decrypt(source: Readable, target: Writable, key: Key) -> None:
    """Stream the age file `source` into `target`. age authenticates every 64 KiB chunk and marks
    the last one, so an altered, reordered, cut-off or extended file fails, but only when its
    damaged chunk is reached: what was written to `target` by then must not be used."""
    guarded = _GuardedWriter(target)
    try:
        pyrage.decrypt_io(source, guarded, [key])
    # pyrage raises OSError for a chunk that fails authentication, DecryptError for the rest.
    except (pyrage.DecryptError, OSError) as exc:
        if guarded.failure:
            raise BackupError(f"Writing the decrypted archive failed: {guarded.failure}.") from exc
        raise BackupError(
            f"The encrypted archive is damaged, cut short or was altered (age: {_one_line(exc)})."
        ) from None
    guarded.check("Decrypting the archive")


class _GuardedWriter(io.RawIOBase):
    """Passes writes on and keeps the first failure. pyrage writes its last buffered bytes when
    its Rust writer is dropped, where an error is thrown away: a full disk at that moment would
    otherwise leave a short file that looks complete."""

    def __init__(self, target: Writable) -> None:
        self._target = target
        self.failure: BaseException | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        try:
            self._target.write(data)
        except BaseException as exc:
            self.failure = self.failure or exc
            raise
        return len(data)

    def check(self, what: str) -> None:
        if self.failure:
            raise BackupError(f"{what} failed: {self.failure}.") from self.failure


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
