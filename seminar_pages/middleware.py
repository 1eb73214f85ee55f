"""Wagtail's redirects checked against the access policy; language prefixes."""

from urllib.parse import urlparse

from django.middleware.locale import LocaleMiddleware
from wagtail.contrib.redirects.middleware import RedirectMiddleware, get_redirect
from wagtail.contrib.redirects.models import Redirect

from seminar_pages import access


class CheckedRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects, except those that lead to a page the reader may not read.

    Wagtail creates a redirect for a page and everything below it when a slug changes or
    a page moves; served blindly, the redirect of a closed page would admit that it exists
    and name its new address (its slug comes from its title).
    """

    def process_response(self, request, response):
        redirected = super().process_response(request, response)
        if redirected is response:
            return response
        path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
        found = get_redirect(request, path) or get_redirect(request, urlparse(path).path)
        page = found.redirect_page if found is not None else None
        if page is not None and not access.can_view_page(request.user, page):
            return response
        return redirected


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without its redirect of a "not found" that a view gave.

    Django redirects every 404 outside the language prefixes to ``/<language>/...`` when
    that path would resolve, and Wagtail's catch-all page route resolves every path: an
    admin URL, a document or a permalink that names nothing would answer a redirect, then
    a 404. A URL that reached a view keeps that view's answer.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and getattr(request, "resolver_match", None):
            return response
        return super().process_response(request, response)
