"""Progress messages for operators watching a long backup or restore."""

from collections.abc import Callable

Progress = Callable[[str], None]

# Progress is printed for databases at least this large; small ones finish before anyone looks.
LARGE = 32 * 1024 * 1024


def silent(message: str) -> None:
    """A Progress for callers that print nothing."""


def mib(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MiB"


class Percent:
    """Reports progress in steps of 10 %, and only for large jobs."""

    def __init__(self, progress: Progress, label: str, total: int) -> None:
        self._progress = progress if total >= LARGE else silent
        self._label = label
        self._total = max(total, 1)
        self._next = 10

    def __call__(self, done: int) -> None:
        percent = done * 100 // self._total
        if percent >= self._next:
            self._progress(f"  {self._label}: {min(percent, 100)} %")
            self._next = percent // 10 * 10 + 10
