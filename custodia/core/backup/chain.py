"""The audit chain of a staged copy, checked in a separate process whose default database is
that copy: this process's connection stays on the live database, untouched."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import django
from django.conf import settings

from .errors import BackupError, last_lines


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    first_broken_id: int | None
    message: str


def check_chain(env: dict[str, str]) -> ChainCheck:
    """Run custodia.core.audit.verify_chain() in `python -m custodia.core.backup verify-chain`
    with the staged copy's environment."""
    env = {**env, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "custodia.core.backup", "verify-chain"],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=6 * 60 * 60,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(f"The audit chain check of the staged copy could not run: {exc}.") from exc
    last = (result.stdout.strip().splitlines() or [""])[-1]
    check: ChainCheck | None
    try:
        report = json.loads(last)
        check = ChainCheck(
            ok=bool(report["ok"]),
            checked=int(report["checked"]),
            first_broken_id=report.get("first_broken_id"),
            message=str(report.get("message", "")),
        )
    except (ValueError, KeyError, TypeError):
        check = None
    if check is None or result.returncode not in (0, 1):
        detail = check.message if check else last_lines(result.stderr or result.stdout)
        raise BackupError(
            f"The audit chain check of the staged copy could not run (exit {result.returncode}): {detail}"
        )
    if check.ok != (result.returncode == 0):
        # A report and an exit status that disagree: believe neither.
        raise BackupError("The audit chain check of the staged copy gave contradictory results.")
    return check


def verify_chain_main() -> int:
    """The child's side: one JSON line, exit 0 when intact."""
    django.setup()
    # Only now: the audit module's models need the app registry that setup() fills.
    try:
        from custodia.core.audit import verify_chain
    except ImportError as exc:
        print(json.dumps({"ok": False, "checked": 0, "first_broken_id": None, "message": f"no verify_chain: {exc}"}))
        return 2
    report = verify_chain()
    print(
        json.dumps(
            {
                "ok": bool(report.ok),
                "checked": int(report.checked),
                "first_broken_id": report.first_broken_id,
                "message": str(report.message),
            }
        )
    )
    return 0 if report.ok else 1
