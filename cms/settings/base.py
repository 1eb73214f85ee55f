"""Settings shared by every environment.

The environment is read here and nowhere else; dev, test and production only change
defaults or refuse to start. Secure by default: DEBUG is off unless asked for.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = os.environ


def env_bool(name, default=False):
    value = env.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=()):
    value = env.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = env.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from None


# Environment ------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DATABASES = {
    "default": dj_database_url.parse(
        env.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
ELASTICSEARCH_URL = env.get("ELASTICSEARCH_URL", "")
MEDIA_ROOT = env.get("MEDIA_ROOT") or str(BASE_DIR / "media")
STATIC_ROOT = env.get("STATIC_ROOT") or str(BASE_DIR / "static")

# Backups ----------------------------------------------------------------------
# Where `manage.py backup_site` (`make backup`) writes its archives.
BACKUP_DIR = env.get("BACKUP_DIR") or str(BASE_DIR / "backups")

WAGTAILADMIN_BASE_URL = env.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "humanrights.seminar@asef.org")
EMAIL_HOST = env.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# How long an invitation link works (seminar_pages.invitations).
SEMINAR_INVITATION_VALID_DAYS = env_int("SEMINAR_INVITATION_VALID_DAYS", 30)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Applications -----------------------------------------------------------------

INSTALLED_APPS = [
    "wagtail_localize",
    "wagtail_localize.locales",
    "guardian",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    # After Wagtail's apps: seminar_pages narrows the page and document permission
    # policies that wagtail.documents registers when it is ready.
    "seminar_pages",
    "outputs",
    "search",
    # The reference site's operations (page cache, outages, health, backups).
    "operations",
    "wagtail.contrib.frontend_cache",
    # /health/ (operations.health).
    "health_check",
]

MIDDLEWARE = [
    # First: a database outage in any view answers 503 with Retry-After (operations.outage).
    "operations.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every response but static files, cached or not (see
    # "Login and CSP" below).
    "operations.csp.SitePolicyMiddleware",
    # The page cache: before sessions, so that a stored page costs no session and no query.
    "operations.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, minus its redirect of a 404 that a view answered.
    "seminar_pages.middleware.LanguagePrefixMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The access gate: every object a URL names is checked before its view runs.
    "seminar_pages.gate.AccessGate",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A publication refused by a rule (Chatham House) answers with a message.
    "outputs.middleware.PublicationRefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Wagtail's RedirectMiddleware, minus redirects to pages the reader may not read.
    "seminar_pages.middleware.CheckedRedirectMiddleware",
    # Last: turns a login refused by django-axes into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# Page cache ----------------------------------------------------------------------
# Anonymous readers' pages are stored in Django's cache: Redis shared by every worker when
# REDIS_URL is set (redis://host:6379/0); else files in PAGE_CACHE_DIR, shared by the
# workers of one machine (production's default, var/page-cache); else local memory, for
# the development server's single process (a purge in one worker would not reach the
# others: production refuses it, operations.E001). Changes purge the pages that show them
# through Wagtail's frontend cache backends: add a CDN's backend (Cloudflare, CloudFront,
# Varnish) to WAGTAILFRONTENDCACHE to purge it too.
REDIS_URL = env.get("REDIS_URL", "")
PAGE_CACHE_DIR = env.get("PAGE_CACHE_DIR", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.get("CACHE_KEY_PREFIX", "asem"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_ALIAS = "default"


def page_file_cache(location):
    """A cache in files under ``location``, read by every process of the machine."""
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(location),
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 20000)},
    }


if PAGE_CACHE_DIR and not REDIS_URL:
    CACHES["pages"] = page_file_cache(PAGE_CACHE_DIR)
    PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 60 * 60)
# Never stored: the admin and documents (checked per reader). Search answers are stored
# and purged whenever the archive index changes (operations.purge.search_urls).
PAGE_CACHE_SKIP_PATHS = ["/admin/", "/documents/"]
PAGE_CACHE_SKIP_NAMESPACES = []
WAGTAILFRONTENDCACHE = {"pages": {"BACKEND": "operations.purge.PageCacheBackend"}}
# The URLs purged are computed per language (translations have their own slugs).
WAGTAILFRONTENDCACHE_LANGUAGES = []

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any backend checks the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Object permissions are never granted to anonymous visitors: no guardian stand-in user.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages --------------------------------------------------------------------
# English is the source language of every output; translations are made with
# wagtail-localize. Interface strings live in locale/.

LANGUAGE_CODE = "en"
# The languages of the ASEM partners that Django has locale data for. Partners whose
# official languages Django does not know (Lao, Maltese, Filipino) are not listed:
# Malta and the Philippines use English as an official language too.
ASEM_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("zh-hans", _("Simplified Chinese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("mn", _("Mongolian")),
    ("ru", _("Russian")),
    ("vi", _("Vietnamese")),
    ("th", _("Thai")),
    ("id", _("Indonesian")),
    ("bn", _("Bengali")),
    ("bg", _("Bulgarian")),
    ("my", _("Burmese")),
    ("hr", _("Croatian")),
    ("cs", _("Czech")),
    ("da", _("Danish")),
    ("nl", _("Dutch")),
    ("et", _("Estonian")),
    ("fi", _("Finnish")),
    ("el", _("Greek")),
    ("hi", _("Hindi")),
    ("hu", _("Hungarian")),
    ("ga", _("Irish")),
    ("it", _("Italian")),
    ("kk", _("Kazakh")),
    ("km", _("Khmer")),
    ("lv", _("Latvian")),
    ("lt", _("Lithuanian")),
    ("lb", _("Luxembourgish")),
    ("ms", _("Malay")),
    ("nb", _("Norwegian Bokmål")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("sk", _("Slovak")),
    ("sl", _("Slovenian")),
    ("es", _("Spanish")),
    ("sv", _("Swedish")),
    ("ta", _("Tamil")),
    ("ur", _("Urdu")),
]
# Enabled by default; SEMINAR_LANGUAGES (comma-separated codes) switches others on.
DEFAULT_SEMINAR_LANGUAGES = ["en", "fr", "de", "zh-hans", "ja", "ko", "mn", "ru", "vi", "th", "id"]
_enabled = env_list("SEMINAR_LANGUAGES", DEFAULT_SEMINAR_LANGUAGES)
_unknown = sorted(set(_enabled) - {code for code, _name in ASEM_LANGUAGES})
if _unknown:
    raise ImproperlyConfigured(
        f"SEMINAR_LANGUAGES lists {', '.join(_unknown)}, which are not in ASEM_LANGUAGES."
    )
if LANGUAGE_CODE not in _enabled:
    _enabled.insert(0, LANGUAGE_CODE)
LANGUAGES = [(code, name) for code, name in ASEM_LANGUAGES if code in _enabled]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# A translation that was just started is a draft: it goes live when the Secretariat approves
# it (or someone who may publish publishes it), not as a copy of the English page
# (wagtail-localize's default publishes the copy at once; seminar_pages checks this setting).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Machine translation in wagtail-localize's editor: MACHINE_TRANSLATOR is "deepl" (with
# DEEPL_AUTH_KEY) or "libretranslate" (with LIBRETRANSLATE_URL and LIBRETRANSLATE_API_KEY);
# unset, the editor offers none.
MACHINE_TRANSLATOR = env.get("MACHINE_TRANSLATOR", "")
if MACHINE_TRANSLATOR == "deepl":
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": env.get("DEEPL_AUTH_KEY", "")},
    }
elif MACHINE_TRANSLATOR == "libretranslate":
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": env.get("LIBRETRANSLATE_URL", ""),
            "API_KEY": env.get("LIBRETRANSLATE_API_KEY", ""),
        },
    }
elif MACHINE_TRANSLATOR == "dummy":
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
    }
elif MACHINE_TRANSLATOR:
    raise ImproperlyConfigured(
        f"MACHINE_TRANSLATOR must be deepl, libretranslate or dummy, not {MACHINE_TRANSLATOR!r}."
    )
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files and media -------------------------------------------------------

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security ---------------------------------------------------------------------

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview shows the page in a same-origin frame: DENY would break it,
# so Django's advice to use DENY (security.W019) is knowingly declined.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Login and CSP ----------------------------------------------------------------
# Password guessing (django-axes): every login form (Wagtail's admin, the page-privacy
# login) counts failures per username AND client address; at AXES_FAILURE_LIMIT that
# pair is locked out for AXES_COOLOFF_HOURS, even with the right password. Attempts and
# lock-outs are logged by the "axes" loggers. Unlock with `manage.py axes_reset_username`.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(hours=env_int("AXES_COOLOFF_HOURS", 1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = env_bool("AXES_RESET_ON_SUCCESS", True)
AXES_LOCKOUT_CALLABLE = "operations.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Behind N reverse proxies that each append to X-Forwarded-For, TRUSTED_PROXY_COUNT=N makes
# the client address the one the outermost proxy saw (0: REMOTE_ADDR, no proxy).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "operations.lockout.client_ip_address"

# Content-Security-Policy (django-csp), enforced in every environment; CSP_REPORT_ONLY
# sends it as Content-Security-Policy-Report-Only instead (to try a change), CSP_REPORT_URI
# names where browsers report violations. Public pages carry no inline script or style, so
# the policy needs no nonce and a cached page can be replayed as it is. Wagtail's admin
# renders inline scripts (inline panels, date widgets, wagtail-localize's editor) and style
# attributes without nonces: under its PREFIX, CONTENT_SECURITY_POLICY_ADMIN allows them.
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
if env.get("CSP_REPORT_URI"):
    _CSP_DIRECTIVES["report-uri"] = [env["CSP_REPORT_URI"]]
CONTENT_SECURITY_POLICY_ADMIN = {
    "PREFIX": "/admin/",
    "DIRECTIVES": {
        **_CSP_DIRECTIVES,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "worker-src": ["'self'", "blob:"],
    },
}
# Wagtail's admin shows Gravatar pictures of users without an avatar: that would send a
# hash of every editor's email address to a third party, and the policy allows no
# third-party images. Wagtail's default avatar is shown instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}
# Serving, logging and outages --------------------------------------------------
# Under gunicorn (cms/gunicorn.conf.py, ``make serve``): WhiteNoise serves the collected
# static files, compressed; hashed names (CompressedManifestStaticFilesStorage) are
# answered ``max-age=315360000, public, immutable``, other files WHITENOISE_MAX_AGE.
WHITENOISE_MAX_AGE = 60 * 60
# Errors with their tracebacks go to stderr (django.request's 5xx, the apps' loggers);
# one line per request is gunicorn's access log. LOG_LEVEL sets the threshold.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(name)s] %(process)d %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stderr"], "level": env.get("LOG_LEVEL", "WARNING").upper()},
    "loggers": {
        # Django's own console and mail handlers give way to the one above.
        "django": {"handlers": [], "level": "WARNING", "propagate": True},
        # 4xx answers are the access log's business; 5xx are errors.
        "django.request": {"level": "ERROR"},
    },
}
# Seconds a client is asked to wait when the database is down (operations.outage).
OUTAGE_RETRY_AFTER = env_int("OUTAGE_RETRY_AFTER", 30)

# Wagtail ----------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Informal ASEM Seminar on Human Rights"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "mp3", "mp4"]
# Documents are always served through Django so that every download is checked.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
# Shared page passwords are stored in plain text: not offered.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The seminar apps -------------------------------------------------------------

# Prefix of recommendation identifiers, e.g. HR24-WG2-R03.
SEMINAR_RECOMMENDATION_PREFIX = "HR"

# Archive search ---------------------------------------------------------------
# The database backend (PostgreSQL full text, SQLite FTS5) unless ELASTICSEARCH_URL is set.

ARCHIVE_SEARCH = {
    "BACKEND": "elasticsearch" if ELASTICSEARCH_URL else "database",
    "ELASTICSEARCH_URL": ELASTICSEARCH_URL,
    "ELASTICSEARCH_INDEX": env.get("ARCHIVE_SEARCH_INDEX", "asem-archive"),
    "ELASTICSEARCH_TIMEOUT": env_int("ARCHIVE_SEARCH_TIMEOUT", 5),
    # Rows of one CSV export, at most.
    "CSV_MAX_ROWS": env_int("ARCHIVE_SEARCH_CSV_MAX_ROWS", 10_000),
}
