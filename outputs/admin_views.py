import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from outputs import translation_board
from outputs.translation_board import OUTPUT_TYPES
from seminar_pages import access, translation


def translation_status(request):
    if not translation_board.may_see_board(request.user):
        raise PermissionDenied
    form, locales, rows = translation_board.build_board(request.user, request.GET)
    if request.GET.get("format") == "csv":
        return _board_csv(locales, rows)
    query = request.GET.copy()
    query["format"] = "csv"
    return TemplateResponse(
        request,
        "outputs/admin/translation_status.html",
        {
            "form": form,
            "locales": locales,
            "rows": rows,
            "type_labels": {name: model._meta.verbose_name for name, model in OUTPUT_TYPES.items()},
            "csv_query": query.urlencode(),
            "may_submit": {
                locale.pk for locale in locales if access.may_translate(request.user, locale)
            },
        },
    )


def _board_csv(locales, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="translation-status.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "edition",
            "output",
            "output_type",
            "language",
            "status",
            "percent_translated",
            "last_worked_on_by",
            "last_worked_on_at",
        ]
    )
    for row in rows:
        for locale, status in row.cells:
            writer.writerow(
                [
                    row.edition.number,
                    row.page.title,
                    row.output_type,
                    locale.language_code,
                    status.state,
                    "" if status.percent is None else status.percent,
                    status.last_by,
                    status.last_at.isoformat() if status.last_at else "",
                ]
            )
    return response


@require_POST
def submit_for_review(request, translation_id):
    from wagtail_localize.models import Translation

    job = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), pk=translation_id
    )
    page = job.get_target_instance()
    if not isinstance(page, Page):
        raise Http404
    if not access.may_translate(request.user, job.target_locale) or not (
        page.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    try:
        translation.submit_for_review(job, request.user)
    except translation.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("“%(title)s” in %(language)s was submitted for review.")
            % {"title": page.title, "language": job.target_locale.get_display_name()},
        )
    return redirect("outputs_admin:translation_status")
