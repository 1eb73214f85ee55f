"""Compiling a Seminar Report from the edition's published Working Group Reports.

A compilation reads what the public reads: live Working Group Reports outside any closed
or restricted section (the access policy asked as for an anonymous reader), never a draft,
never closed-door session notes. It writes a new draft revision of the Seminar Report and
never publishes it: editors review, then publish as usual. Everything but the compiled
parts (title, summary, introduction, further text, plenary summaries, conclusions) is
taken from the report's latest revision as it is, so that editors' text is never lost.

Compiled items keep the identity they had (same objects, same translation keys) when their
report and part (or recommendation) stay, so that wagtail-localize translations follow
the changed text only.
"""

import difflib
import html
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from outputs.models import (
    CarriedRecommendation,
    CompiledPart,
    CompiledSection,
    SeminarReportPage,
    WorkingGroupReportPage,
)
from seminar_pages import access, locales
from seminar_pages.models import ProgrammePage, WorkingGroupPage

LOG_ACTION = "outputs.compile_seminar_report"
PLENARY_KINDS = ("opening_plenary", "closing_plenary")


class CompilationError(Exception):
    """The Seminar Report cannot be compiled now; the message says why, for the editor."""


@dataclass
class Change:
    """One compiled section or recommendation added, removed or changed."""

    kind: str  # "added", "removed", "changed"
    working_group: str
    part: str  # the part's label, or the recommendation's identifier
    diff: list = field(default_factory=list)  # (sign, line): "+", "-" or " "

    @property
    def kind_label(self):
        return {"added": _("added"), "removed": _("removed"), "changed": _("changed")}[self.kind]

    def describe(self):
        return _("%(working_group)s · %(part)s: %(kind)s") % {
            "working_group": self.working_group,
            "part": self.part,
            "kind": self.kind_label,
        }


@dataclass
class CompilationResult:
    """What a compilation found, and what it saved.

    ``revision`` is the new draft revision, or None when nothing was saved (a preview, or
    nothing changed). ``missing_plenaries`` names the programme's plenary sessions that the
    report has no summary of yet.
    """

    page: SeminarReportPage
    reports: list
    changes: list
    unchanged: int
    missing_plenaries: list
    revision: object = None

    @property
    def changed(self):
        return bool(self.changes)

    def summary(self):
        """The changes in one line each, for the editor and the log."""
        return [change.describe() for change in self.changes]


def compilable_reports(page):
    """The Working Group Reports a Seminar Report is compiled from, in working group order.

    Live, and readable by the public: a report closed by an editor after publication is
    left out, as it would be for any reader of the Seminar Report.
    """
    edition = page.get_parent()
    reports = access.visible_pages(
        AnonymousUser(),
        WorkingGroupReportPage.objects.descendant_of(edition).filter(locale_id=page.locale_id),
    )
    groups = {
        group.path: group
        for group in WorkingGroupPage.objects.child_of(edition).only("path", "number", "title")
    }
    found = []
    for report in reports.prefetch_related("recommendations"):
        group = groups.get(report.path[: -report.steplen])
        if group is not None:
            found.append((group, report))
    found.sort(key=lambda pair: (pair[0].number, pair[1].path))
    return found


def _plain_lines(text):
    text = re.sub(r"(?i)<br\s*/?>|</(p|li|h[1-6]|blockquote)>", "\n", text or "")
    lines = (html.unescape(strip_tags(line)).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def text_diff(old, new):
    """A readable line diff of two texts (rich text or plain), as (sign, line) pairs."""
    diff = []
    for line in difflib.ndiff(_plain_lines(old), _plain_lines(new)):
        if line[:1] in {"+", "-", " "}:
            diff.append((line[0], line[2:]))
    return diff


def _compare(old, new, describe, text_of):
    """Changes between two {key: item} maps, in the order of ``new`` then the removed."""
    changes, unchanged = [], 0
    for key, item in new.items():
        before = old.get(key)
        if before is None:
            changes.append(
                Change("added", item.working_group, describe(item), text_diff("", text_of(item)))
            )
        elif text_of(before) != text_of(item) or before.working_group != item.working_group:
            changes.append(
                Change(
                    "changed",
                    item.working_group,
                    describe(item),
                    text_diff(text_of(before), text_of(item)),
                )
            )
        else:
            unchanged += 1
    for key, item in old.items():
        if key not in new:
            changes.append(
                Change("removed", item.working_group, describe(item), text_diff(text_of(item), ""))
            )
    return changes, unchanged


def _section_key(section):
    # A section whose report was deleted matches nothing: the next compilation removes it.
    return (section.source_report_id or f"deleted-{section.pk}", section.part)


def _recommendation_key(carried):
    return carried.recommendation_id or carried.identifier


def _compiled(page, reports):
    """The compiled sections and carried recommendations of ``reports``, reusing the
    objects ``page`` already has for the same source."""
    sections = {_section_key(s): s for s in page.compiled_sections.all()}
    carried = {_recommendation_key(c): c for c in page.carried_recommendations.all()}
    new_sections, new_carried = {}, {}
    for group, report in reports:
        origin = {
            "source_report": report,
            "source_revision_id": report.live_revision_id,
            "working_group_number": group.number,
            "working_group": group.title,
        }
        for part in CompiledPart:
            text = getattr(report, part.value)
            if not _plain_lines(text):
                continue
            key = (report.pk, part.value)
            previous = sections.get(key)
            section = CompiledSection(page=page, locale_id=page.locale_id, part=part.value)
            if previous is not None:
                section.pk = previous.pk
                section.translation_key = previous.translation_key
            for name, value in {**origin, "text": text}.items():
                setattr(section, name, value)
            new_sections[key] = section
        for recommendation in report.recommendations.all():
            previous = carried.get(recommendation.pk)
            item = CarriedRecommendation(
                page=page,
                pk=previous.pk if previous is not None else None,
                recommendation=recommendation,
                identifier=recommendation.identifier,
                text=recommendation.text,
                **origin,
            )
            new_carried[recommendation.pk] = item
    return sections, new_sections, carried, new_carried


def _missing_plenaries(page, edition):
    """Titles of the plenary sessions in the edition's public programme that the Seminar
    Report has no summary of (the programme is public; session notes are never read)."""
    programmes = access.visible_pages(
        AnonymousUser(), ProgrammePage.objects.child_of(edition).filter(locale_id=page.locale_id)
    )
    summarised = {block.value["title"].strip().casefold() for block in page.plenary_summaries}
    missing = []
    for programme in programmes:
        for day in programme.days:
            for session in day.value["sessions"]:
                title = session["title"]
                if session["kind"] in PLENARY_KINDS and title.strip().casefold() not in summarised:
                    missing.append(title)
    return missing


def compile_seminar_report(page, user=None, *, save=True):
    """Compile ``page`` from its edition's published Working Group Reports.

    Args:
        page: a ``SeminarReportPage`` in the source language (translations follow it
            through wagtail-localize).
        user: who compiles; the revision and the log name them.
        save: False to see the changes without saving anything.

    Returns:
        A ``CompilationResult``; its ``revision`` is the new draft revision when one was
        saved (only when something changed).

    Raises:
        CompilationError: the page is a translation, locked by someone else, or its draft
            does not validate.
    """
    if not isinstance(page.specific, SeminarReportPage):
        raise CompilationError(_("Only a Seminar Report can be compiled."))
    # Read afresh: a stale instance would name an older latest revision, and its draft
    # (the editors' latest text) would be lost.
    page = SeminarReportPage.objects.get(pk=page.pk)
    if locales.is_translation(page):
        raise CompilationError(
            _("Compile the Seminar Report in its source language; translations follow it.")
        )
    if save and user is not None:
        lock = page.get_lock()
        if lock is not None and lock.for_user(user):
            raise CompilationError(_("The Seminar Report is locked by someone else."))
    draft = page.get_latest_revision_as_object()
    reports = compilable_reports(page)
    old_sections, new_sections, old_carried, new_carried = _compiled(draft, reports)
    section_changes, unchanged_sections = _compare(
        old_sections,
        new_sections,
        lambda section: section.get_part_display(),
        lambda section: section.text,
    )
    carried_changes, unchanged_carried = _compare(
        old_carried, new_carried, lambda item: item.identifier, lambda item: item.text
    )
    result = CompilationResult(
        page=page,
        reports=[report for _group, report in reports],
        changes=section_changes + carried_changes,
        unchanged=unchanged_sections + unchanged_carried,
        missing_plenaries=_missing_plenaries(draft, page.get_parent()),
    )
    if not save or not result.changed:
        return result
    ordered_sections = list(new_sections.values())
    for order, section in enumerate(ordered_sections):
        section.sort_order = order
    ordered_carried = list(new_carried.values())
    for order, item in enumerate(ordered_carried):
        item.sort_order = order
    draft.compiled_sections = ordered_sections
    draft.carried_recommendations = ordered_carried
    try:
        with transaction.atomic():
            revision = draft.save_revision(user=user, log_action=False)
            log(
                instance=page,
                action=LOG_ACTION,
                user=user,
                revision=revision,
                data={
                    "reports": [report.pk for report in result.reports],
                    "changes": [
                        {
                            "kind": change.kind,
                            "working_group": change.working_group,
                            "part": change.part,
                        }
                        for change in result.changes
                    ],
                },
            )
    except ValidationError as error:
        raise CompilationError(
            _("The Seminar Report's draft is not valid: %(errors)s")
            % {"errors": "; ".join(error.messages)}
        ) from error
    result.revision = revision
    return result
