from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from seminar_pages import access


class SeminarSitemap(Sitemap):
    """Every page an anonymous reader may read, in every language of the site."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_site = Q()
        for root in roots:
            in_site |= Q(path__startswith=root.path)
        pages = Page.objects.filter(in_site)
        return (
            access.visible_pages(AnonymousUser(), pages)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
