from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from seminar_pages import access


class SeminarSitemap(Sitemap):
    """Every page an anonymous reader may read, in every language of the site it is
    translated into: a translation still in progress is a draft, and an alias (the English
    text under another language's URL) is left out, its canonical URL being the English one."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_site = Q()
        for root in roots:
            in_site |= Q(path__startswith=root.path)
        pages = Page.objects.filter(in_site, alias_of__isnull=True)
        return (
            access.visible_pages(AnonymousUser(), pages)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        """The pages' URLs on the host and scheme the sitemap was asked on.

        Wagtail writes them from the Site record's hostname and port (``http://localhost``
        on a site set up by default), whatever host serves the site.
        """
        urls = super()._urls(page, protocol, domain)
        if self.request is None:
            return urls
        site_root = self.get_wagtail_site().root_url
        here = f"{self.request.scheme}://{self.request.get_host()}"
        for url in urls:
            location = url.get("location") or ""
            if location == site_root or location.startswith(site_root + "/"):
                url["location"] = here + location[len(site_root) :]
        return urls
