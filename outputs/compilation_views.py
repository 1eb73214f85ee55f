"""The admin view that compiles a Seminar Report: a preview of the changes on GET, a new
draft revision on POST. Only people who may edit the report reach it; others are answered
"not found", as the gate answers for what they may not see."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from outputs.compilation import CompilationError, compile_seminar_report
from outputs.models import SeminarReportPage


def may_compile(user, page):
    """Whether ``user`` may compile ``page``: whoever may edit it."""
    return page.permissions_for_user(user).can_edit()


def compile_view(request, page_id):
    page = get_object_or_404(SeminarReportPage, pk=page_id)
    if not may_compile(request.user, page):
        raise Http404
    saving = request.method == "POST"
    result, error = None, None
    try:
        result = compile_seminar_report(page, request.user, save=saving)
    except CompilationError as problem:
        error = str(problem)
        messages.error(request, error)
    if saving and result is not None:
        if result.revision is not None:
            messages.success(
                request,
                _("“%(title)s” was compiled into a new draft; review it and publish it.")
                % {"title": page.get_admin_display_title()},
            )
        else:
            messages.info(request, _("Nothing changed since the last compilation."))
    return TemplateResponse(
        request,
        "outputs/admin/compile_seminar_report.html",
        {
            "page": page,
            "result": result,
            "saved": saving and result is not None and result.revision is not None,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            "error": error,
        },
    )
