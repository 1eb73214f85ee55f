"""Refused publications in the admin (Chatham House Rule, lineage): a message where the
editor was, not an error page.

Wagtail's views (workflow approval from the dashboard or the editor, bulk publish) and
wagtail-localize's translation editor publish without expecting a refusal. Workflow actions
run in a transaction (``Task.on_action`` is atomic), so a refusal raised through them leaves
the task and the workflow as they were.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow

from outputs.guards import LineageError
from outputs.publishing import PublicationRefused


class PublicationRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PublicationRefused):
            message, page = exception.message, exception.page
        elif isinstance(exception, LineageError):
            # A revision that drops a recommendation live Key Messages carry, published by
            # an approval: refused at the report's save (``outputs.guards``).
            message, page = " ".join(exception.messages), None
        else:
            return None
        messages.error(request, message)
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = ""
        if not back:
            back = (
                reverse("wagtailadmin_pages:edit", args=[page.pk])
                if page is not None
                else reverse("wagtailadmin_home")
            )
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # Wagtail's workflow modal follows ``redirect`` on its "success" step.
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": back}
            )
        return redirect(back)
