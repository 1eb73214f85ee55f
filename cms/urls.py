from django.conf.urls.i18n import i18n_patterns
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from seminar_pages import gate
from seminar_pages.sitemaps import SeminarSitemap

# Resolved on first use: the static files storage may not be ready when urls load.
static_url = lazy(static, str)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": SeminarSitemap}}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path(
        "favicon.ico",
        RedirectView.as_view(url=static_url("seminar_pages/favicon.svg")),
        name="favicon",
    ),
    path("", include("outputs.urls")),
    path("", include("search.api_urls")),
    path("", include("operations.urls")),  # /health/
]

urlpatterns += i18n_patterns(
    path("", include("search.urls")),
    path("", include("outputs.feed_urls")),
    path("", include("outputs.citation_urls")),
    path("", include("outputs.permalink_urls")),
    path("", include("seminar_pages.registration_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# They name nothing and list nothing: the gate lets them through.
for view_name in ("robots_txt", "favicon", "health"):
    gate.register_listing(view_name)

# A database outage answers 503 (with Retry-After), whichever layer raised it.
handler500 = "operations.views.server_error"
