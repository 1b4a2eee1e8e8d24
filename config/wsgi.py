import gc
import os

from django.core.wsgi import get_wsgi_application

from custodia.core.checks import refuse_to_serve_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
refuse_to_serve_without_secret_key()
application = get_wsgi_application()

# What start-up loaded (settings, URL patterns, translations, profiles) lives as long as the
# process: keep it out of the garbage collector's scans so that requests do not pay for it.
gc.freeze()
