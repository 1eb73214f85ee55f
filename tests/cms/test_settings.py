"""Production settings: fail fast without secrets, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "a-production-grade-key-of-sufficient-length-and-variety-0123456789-XYZ",
    "ALLOWED_HOSTS": "seminar.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


# Set for the browser tests of this run (tests/browser/conftest.py), never in production.
TEST_RUN_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION and key not in TEST_RUN_ONLY
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_production_serves_static_files_with_whitenoise():
    from django.conf import settings

    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    # Right after SecurityMiddleware (only the outage middleware comes before them).
    security = settings.MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
    assert settings.MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") == security + 1


def test_base_settings_are_secure_by_default():
    from cms.settings import base

    assert base.DEBUG is False or os.environ.get("DEBUG")
    assert base.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert base.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}


def test_unknown_language_in_seminar_languages_is_refused():
    result = manage(
        "check", SEMINAR_LANGUAGES="en,fr,xx", DJANGO_SETTINGS_MODULE="cms.settings.dev"
    )
    assert result.returncode != 0
    assert "SEMINAR_LANGUAGES lists xx" in result.stderr


def test_seminar_languages_switches_other_languages_on():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print([c for c, _ in settings.LANGUAGES])",
        SEMINAR_LANGUAGES="fr,it",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['en', 'fr', 'it']"


@pytest.mark.parametrize(
    ("name", "translator_class"),
    [
        ("deepl", "wagtail_localize.machine_translators.deepl.DeepLTranslator"),
        ("libretranslate", "wagtail_localize.machine_translators.libretranslate.LibreTranslator"),
    ],
)
def test_machine_translator_is_chosen_by_setting(name, translator_class):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR['CLASS'])",
        MACHINE_TRANSLATOR=name,
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == translator_class


def test_unknown_machine_translator_is_refused():
    result = manage(
        "check", MACHINE_TRANSLATOR="babelfish", DJANGO_SETTINGS_MODULE="cms.settings.dev"
    )
    assert result.returncode != 0
    assert "MACHINE_TRANSLATOR must be deepl, libretranslate or dummy" in result.stderr
