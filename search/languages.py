"""Which content languages are searched, and how each one is analysed.

The languages come from ``WAGTAIL_CONTENT_LANGUAGES``; this module only knows, for a
language code, PostgreSQL's text-search configuration and Elasticsearch's analyser.
Languages without one get a plain, unstemmed analysis; scripts written without spaces
are split into character pairs before they reach either engine (``search.text``).
"""

from django.conf import settings
from django.utils.translation import get_language

# PostgreSQL 15's built-in configurations (SELECT cfgname FROM pg_ts_config), by primary
# language subtag.
POSTGRES_CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
POSTGRES_DEFAULT = "simple"

# Elasticsearch 8's built-in language analysers, by primary language subtag.
ELASTICSEARCH_ANALYSERS = {
    "ar": "arabic",
    "bg": "bulgarian",
    "bn": "bengali",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "ja": "cjk",
    "ko": "cjk",
    "lt": "lithuanian",
    "lv": "latvian",
    "nb": "norwegian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "th": "thai",
    "tr": "turkish",
    "zh": "cjk",
}
ELASTICSEARCH_DEFAULT = "standard"


def _primary(code):
    return code.lower().split("-")[0].split("_")[0]


def postgres_config(code):
    """PostgreSQL text-search configuration for a language code (``simple`` if none)."""
    return POSTGRES_CONFIGS.get(_primary(code), POSTGRES_DEFAULT)


def elasticsearch_analyser(code):
    """Elasticsearch analyser for a language code (``standard`` if none)."""
    return ELASTICSEARCH_ANALYSERS.get(_primary(code), ELASTICSEARCH_DEFAULT)


def content_languages():
    """(code, name) of every content language, from ``WAGTAIL_CONTENT_LANGUAGES``."""
    languages = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES
    return [(code, name) for code, name in languages]


def language_codes():
    return [code for code, _name in content_languages()]


def default_language():
    """The source language of the content, which searches fall back to."""
    codes = language_codes()
    default = settings.LANGUAGE_CODE
    return default if default in codes else (codes[0] if codes else default)


def resolve(code):
    """The content language matching ``code`` (exact, then by primary subtag), or None."""
    if not code:
        return None
    codes = language_codes()
    lowered = code.lower()
    for candidate in codes:
        if candidate.lower() == lowered:
            return candidate
    for candidate in codes:
        if _primary(candidate) == _primary(lowered):
            return candidate
    return None


def active_language():
    """The content language of the current request (its URL prefix), else the default."""
    return resolve(get_language()) or default_language()


def language_name(code):
    return dict(content_languages()).get(code, code)
