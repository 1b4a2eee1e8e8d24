"""System checks (`manage.py check`, run before every command that serves or migrates): what a
deployment must provide on disk. The settings create nothing themselves."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def var_directory(**kwargs: Any) -> list[Error]:
    var = Path(settings.VAR_DIR)
    if var.is_dir():
        return []
    return [
        Error(
            f"The data directory {var} does not exist: the SQLite database, backups and audit checkpoints "
            "are kept there.",
            hint=f"Create it (mkdir -p {var}), writable by the user that runs Custodia, or set CUSTODIA_VAR_DIR.",
            id="custodia.E001",
        )
    ]
