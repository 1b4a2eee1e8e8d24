import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from custodia.core.checks import refuse_to_serve_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
refuse_to_serve_without_secret_key()
application = get_wsgi_application()

# What start-up loaded (settings, URL patterns, translations, profiles) lives as long as the
# process: keep it out of the garbage collector's scans so that requests do not pay for it. The URL
# patterns (every app's views, the API and its schemas: some 60,000 objects) are otherwise loaded by
# the first request, after the freeze, and every full collection then walked them again: about 60 ms
# a collection, against 7 ms with them frozen (the case manager's home page, Uganda 1.0).
get_resolver().url_patterns  # noqa: B018  (read for its side effect: the patterns are imported)
gc.freeze()
