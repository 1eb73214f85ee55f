from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from seminar_pages.sitemaps import SeminarSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": SeminarSitemap}}, name="sitemap"),
    path("", include("outputs.urls")),
    path("", include("search.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("search.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
