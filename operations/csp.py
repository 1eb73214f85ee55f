"""The Content-Security-Policy of the site: one for public pages, one for Wagtail's admin."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.functional import cached_property


class SitePolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``CONTENT_SECURITY_POLICY_ADMIN`` under its prefix.

    Public pages get the strict policy of the settings (no inline script or style, so no
    nonce: a page cache may replay a response as it is). Wagtail's admin renders inline
    scripts and style attributes without nonces, so its policy allows them; sending a nonce
    there would make browsers ignore ``'unsafe-inline'`` and block those scripts.
    """

    @cached_property
    def admin_policy(self):
        return getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None) or {}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefix = self.admin_policy.get("PREFIX")
        active = getattr(
            settings,
            "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY",
            None,
        )
        if active and prefix and request.path_info.startswith(prefix) and parts.config is None:
            parts.config = dict(self.admin_policy["DIRECTIVES"])
            parts.nonce = None
        return parts
