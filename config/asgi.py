"""The entry point for an ASGI server; gunicorn serves config.wsgi (docs/operations.md)."""

import os

from django.core.asgi import get_asgi_application

from custodia.core.checks import refuse_to_serve_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
refuse_to_serve_without_secret_key()
application = get_asgi_application()
