"""Production's page cache is shared by every worker: a purge in one reaches them all."""

import json
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

from operations.checks import check_page_cache_is_shared

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json; from django.conf import settings as s; "
    "c = s.CACHES[s.PAGE_CACHE_ALIAS]; print(json.dumps([c['BACKEND'], c.get('LOCATION')]))"
)
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "a-key-for-reading-settings-only",
    "ALLOWED_HOSTS": "seminar.example.org",
}


def page_cache_of(**env):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {READ}"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **PRODUCTION, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_without_redis_keeps_pages_in_files_every_worker_reads():
    backend, location = page_cache_of()
    assert backend == "django.core.cache.backends.filebased.FileBasedCache"
    assert location == str(ROOT / "var" / "page-cache")
    assert page_cache_of(PAGE_CACHE_DIR="/srv/cache")[1] == "/srv/cache"


def test_production_with_redis_keeps_pages_in_redis():
    backend, location = page_cache_of(REDIS_URL="redis://127.0.0.1:6379/3")
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert location == "redis://127.0.0.1:6379/3"


def test_a_page_cache_in_local_memory_is_refused_outside_development():
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=local, PAGE_CACHE_ALIAS="default", PAGE_CACHE_ENABLED=True):
        assert [error.id for error in check_page_cache_is_shared()] == ["operations.E001"]
        with override_settings(DEBUG=True):
            assert check_page_cache_is_shared() == []
        with override_settings(PAGE_CACHE_ENABLED=False):
            assert check_page_cache_is_shared() == []
