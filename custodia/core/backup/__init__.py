"""Backups that can be trusted, and restores that check everything before they replace anything
(Mandela Rule 6, "nothing lost"). Used by `manage.py backup` and `manage.py restore`.

- archive.py: the archive format (manifest, snapshot, checksums) and the checks on reading it;
- crypto.py: encryption with age through pyrage, with the passphrase;
- sqlite.py, postgres.py: each engine's snapshot, staged check and replacement;
- chain.py (and __main__.py): the audit chain of a staged copy, checked in another process;
- create.py, restore.py: the two operations; passphrase.py: where the passphrase comes from.
"""

from .archive import FORMAT_VERSION, MANIFEST_NAME, extract_archive, file_sha256, sidecar_path
from .create import BackupResult, create_backup
from .errors import BackupError, WrongPassphrase
from .passphrase import MIN_PASSPHRASE, read_passphrase
from .restore import StagedRestore, restore_backup, staged_restore

__all__ = [
    "FORMAT_VERSION",
    "MANIFEST_NAME",
    "MIN_PASSPHRASE",
    "BackupError",
    "BackupResult",
    "StagedRestore",
    "WrongPassphrase",
    "create_backup",
    "extract_archive",
    "file_sha256",
    "read_passphrase",
    "restore_backup",
    "sidecar_path",
    "staged_restore",
]
