"""System checks of the reference site's operations settings."""

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


@register(Tags.caches)
def check_page_cache_is_shared(app_configs=None, **kwargs):
    """Each worker process has its own local memory: a purge (a page closed or unpublished)
    in one worker would leave the others serving what it removed."""
    backend = settings.CACHES.get(settings.PAGE_CACHE_ALIAS, {}).get("BACKEND")
    if settings.PAGE_CACHE_ENABLED and not settings.DEBUG and backend == LOCAL_MEMORY:
        return [
            Error(
                "The page cache is in each process's local memory: a purge in one worker "
                "would not reach the others.",
                hint="Set REDIS_URL, or PAGE_CACHE_DIR for a cache shared by the workers of "
                "one machine, or PAGE_CACHE_ENABLED=false.",
                id="operations.E001",
            )
        ]
    return []
