"""The admin's answers to a change that would break lineage: a message naming the live
pages that carry the recommendations, instead of the change (``outputs.guards``)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.utils import get_valid_next_url_from_request

from outputs import guards
from outputs.models import WorkingGroupReportPage


def _reports_in(pages, with_descendants):
    reports = []
    for page in pages:
        found = WorkingGroupReportPage.objects.filter(pk=page.pk)
        if with_descendants:
            found = WorkingGroupReportPage.objects.descendant_of(page, inclusive=True)
        reports.extend(found)
    return reports


def _first_refusal(reports, exclude_paths=(), deleting=False):
    for report in reports:
        try:
            guards.refuse_unpublishing(report, exclude_paths, deleting)
        except guards.LineageError as error:
            return error
    return None


def _refused(request, error, page):
    messages.error(request, " ".join(str(message) for message in error.messages))
    return redirect(
        get_valid_next_url_from_request(request)
        or reverse("wagtailadmin_pages:edit", args=[page.pk])
    )


def refuse_unpublish(request, page):
    """``before_unpublish_page``: the page, or its subtree when descendants go too."""
    with_descendants = bool(request.POST.get("include_descendants"))
    error = _first_refusal(_reports_in([page], with_descendants))
    if error is not None:
        return _refused(request, error, page)
    return None


def refuse_delete(request, page):
    """``before_delete_page``: reports in the subtree carried by pages outside it."""
    error = _first_refusal(_reports_in([page], True), [page.path], deleting=True)
    if error is not None:
        return _refused(request, error, page)
    return None


def refuse_bulk(request, action_type, objects, action_class_instance):
    """``before_bulk_action``: the same rules for the explorer's bulk unpublish and delete."""
    if action_type not in {"unpublish", "delete"}:
        return None
    pages = [obj for obj in objects if hasattr(obj, "path")]
    if not pages:
        return None
    if action_type == "delete":
        reports = _reports_in(pages, True)
        error = _first_refusal(reports, [page.path for page in pages], deleting=True)
    else:
        with_descendants = bool(request.POST.get("include_descendants"))
        error = _first_refusal(_reports_in(pages, with_descendants))
    if error is not None:
        return _refused(request, error, pages[0])
    return None
