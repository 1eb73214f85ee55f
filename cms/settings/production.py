"""Production: refuses to start without the settings that must never default."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    BASE_DIR,
    CACHES,
    PAGE_CACHE_DIR,
    REDIS_URL,
    SECRET_KEY,
    page_file_cache,
)

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated).")

DEBUG = False

# gunicorn runs several workers: without Redis, the page cache lives in files that all of
# them read, so that a purge (a page closed, unpublished) reaches every worker at once.
if not REDIS_URL and not PAGE_CACHE_DIR:
    CACHES["pages"] = page_file_cache(BASE_DIR / "var" / "page-cache")
    PAGE_CACHE_ALIAS = "pages"
