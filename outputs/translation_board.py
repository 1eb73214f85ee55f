"""The translation status board: every output of every edition, in every language."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from outputs.models import KeyMessagesPage, SeminarReportPage, WorkingGroupReportPage
from seminar_pages import access, translation
from seminar_pages.models import EditionPage

OUTPUT_TYPES = {
    "working_group_report": WorkingGroupReportPage,
    "key_messages": KeyMessagesPage,
    "seminar_report": SeminarReportPage,
}


def board_locales(user):
    """The target locales ``user`` sees on the board: all for the Secretariat and the
    Steering Committee, their own languages for translators."""
    locales = Locale.objects.exclude(pk=translation.source_locale().pk).order_by("language_code")
    if access.manages_translations(user) or access.reads_all_closed_material(user):
        return locales
    return locales.filter(pk__in=access.translator_locale_ids(user))


def may_see_board(user):
    return bool(
        access.manages_translations(user)
        or access.reads_all_closed_material(user)
        or access.translator_locale_ids(user)
    )


class BoardFilterForm(forms.Form):
    edition = forms.TypedChoiceField(label=_("Edition"), required=False, coerce=int)
    output_type = forms.ChoiceField(
        label=_("Output type"),
        required=False,
        choices=[
            ("", _("All outputs")),
            ("working_group_report", _("Working Group Reports")),
            ("key_messages", _("Key Messages")),
            ("seminar_report", _("Seminar Reports")),
        ],
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *translation.State.labels.items()],
    )

    def __init__(self, *args, locales, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [("", _("All editions"))] + [
            (number, _("%(number)s (%(year)s)") % {"number": number, "year": year})
            for number, year in EditionPage.objects.filter(locale=translation.source_locale())
            .order_by("-number")
            .values_list("number", "year")
        ]
        self.fields["language"].choices = [("", _("All languages"))] + [
            (locale.language_code, locale.get_display_name()) for locale in locales
        ]


@dataclass
class BoardRow:
    page: object
    edition: object
    output_type: str
    cells: list


def build_board(user, data):
    """The rows of the board for ``user``, filtered by the (bound) ``data``.

    Returns:
        (form, locales, rows). The number of queries does not depend on the number of
        outputs or languages.
    """
    locales = list(board_locales(user))
    form = BoardFilterForm(data or None, locales=locales)
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("language"):
        locales = [locale for locale in locales if locale.language_code == filters["language"]]
    types = OUTPUT_TYPES
    if filters.get("output_type"):
        types = {filters["output_type"]: OUTPUT_TYPES[filters["output_type"]]}

    editions = EditionPage.objects.filter(locale=translation.source_locale())
    if filters.get("edition"):
        editions = editions.filter(number=filters["edition"])
    editions = {
        edition.path: edition for edition in editions.only("number", "year", "path", "title")
    }
    pages = []
    for name, model in types.items():
        queryset = access.admin_pages(
            user, model.objects.filter(locale=translation.source_locale()).live()
        ).only("title", "path", "translation_key", "locale_id", "depth")
        pages += [(name, page) for page in queryset]
    rows = []
    for name, page in pages:
        edition = next(
            (edition for path, edition in editions.items() if page.path.startswith(path)), None
        )
        if edition is None:
            continue
        rows.append(BoardRow(page, edition, name, []))
    statuses = translation.translation_status([row.page for row in rows], locales)
    state = filters.get("state")
    for row in rows:
        row.cells = [
            (locale, statuses[(row.page.translation_key, locale.pk)]) for locale in locales
        ]
    if state:
        rows = [row for row in rows if any(status.state == state for _l, status in row.cells)]
    rows.sort(key=lambda row: (-row.edition.number, row.output_type, row.page.path))
    return form, locales, rows
