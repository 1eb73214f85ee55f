"""The archive search backends: the database (default) and Elasticsearch."""

from django.conf import settings
from django.utils.module_loading import import_string

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}


def _options():
    return getattr(settings, "ARCHIVE_SEARCH", {})


def get_backend(name=None):
    """The backend that answers searches (``ARCHIVE_SEARCH["BACKEND"]``), or the one named."""
    name = name or _options().get("BACKEND", "database")
    if name not in BACKENDS:
        raise ValueError(f"Unknown archive search backend {name!r}; choose from {list(BACKENDS)}.")
    return import_string(BACKENDS[name])()


def write_backends():
    """Every backend kept up to date: the database always, Elasticsearch when configured.

    The database index costs little and keeps search working if Elasticsearch is switched
    off, without a rebuild.
    """
    backends = [get_backend("database")]
    if _options().get("BACKEND") == "elasticsearch":
        backends.append(get_backend("elasticsearch"))
    return backends
