"""The translation workflow on top of wagtail-localize.

wagtail-localize extracts a page's strings into a ``TranslationSource`` and keeps one
``Translation`` per target locale. This module adds what the seminar needs around it:

- translated pages are reviewed by the ASEF Secretariat (the "Review of translations"
  workflow) before they are published;
- when a source page is published again with changed text, its translations are marked
  out of date and the translators of their languages are told;
- the status of every translation (missing, in progress, awaiting review, published, out
  of date) is computed for many pages at once, in a fixed number of queries;
- PO files uploaded by translators are checked before wagtail-localize imports them.

Who may translate what is decided in ``access.py``.
"""

import contextlib
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polib
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override as override_language
from wagtail.models import Locale, Page, WorkflowState

from seminar_pages import access

# Defined in ``locales``, which the page models may import; kept here for its callers.
from seminar_pages.locales import REVIEW_WORKFLOW as REVIEW_WORKFLOW
from seminar_pages.locales import is_translation, review_workflow
from seminar_pages.locales import source_locale as source_locale

# Out of date ------------------------------------------------------------------------


def _source_strings(source):
    from wagtail_localize.models import StringSegment

    return set(
        StringSegment.objects.filter(source=source).values_list("context__path", "string__data")
    )


def _instance_strings(instance):
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    return {
        (segment.path, segment.string.data)
        for segment in extract_segments(instance)
        if isinstance(segment, StringSegmentValue)
    }


def note_source_publication(instance, user=None):
    """Mark the translations of ``instance`` out of date if its published text changed.

    Called when a page of the source locale is published. Nothing happens for pages that
    were never submitted for translation, or whose strings did not change.

    Returns:
        The ``SourceTextChange`` recorded, or None.
    """
    from wagtail_localize.models import TranslationSource

    from seminar_pages.models import SourceTextChange

    if is_translation(instance):
        return None
    source = TranslationSource.objects.get_for_instance_or_none(instance)
    if source is None or _instance_strings(instance) == _source_strings(source):
        return None
    change, _created = SourceTextChange.objects.update_or_create(
        source=source, defaults={"changed_at": timezone.now(), "changed_by": user}
    )
    locales = list(
        Locale.objects.filter(translations__source=source, translations__enabled=True).distinct()
    )
    if locales:
        transaction.on_commit(lambda: notify_translators(instance, locales))
    return change


def is_out_of_date(source):
    """Whether ``source`` changed after it was last synced with its page."""
    change = getattr(source, "text_change", None)
    return change is not None and change.changed_at > source.last_updated_at


def notify_translators(page, locales):
    """Email the translators of ``locales`` that ``page``'s text changed.

    Each translator gets one message, in the interface language of their first
    language, with a link to each translation they can update.
    """
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    translated = {
        target.locale_id: target
        for target in Page.objects.filter(translation_key=page.translation_key, locale__in=locales)
    }
    by_user = {}
    for locale in locales:
        for user in access.translators_of(locale):
            if user.email:
                by_user.setdefault(user, []).append(locale)
    for user, user_locales in by_user.items():
        if not access.can_see_in_admin(user, page):
            # Closed-door material or a working group's draft: not even its title.
            continue
        links = "\n".join(
            f"- {locale.get_display_name()}: "
            f"{base_url}{reverse('wagtailadmin_pages:edit', args=[translated[locale.pk].pk])}"
            for locale in user_locales
            if locale.pk in translated
        )
        with override_language(user_locales[0].language_code):
            subject = _("Out of date: %(title)s") % {"title": page.title}
            body = _(
                "The English text of “%(title)s” was published again with changes. "
                "Its translations below are out of date until they are synced and the "
                "changed strings are translated.\n\n%(links)s"
            ) % {"title": page.title, "links": links}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


# Status -----------------------------------------------------------------------------


class State:
    MISSING = "missing"
    IN_PROGRESS = "in_progress"
    AWAITING_REVIEW = "awaiting_review"
    PUBLISHED = "published"
    OUT_OF_DATE = "out_of_date"

    labels = {
        MISSING: gettext_lazy("Missing"),
        IN_PROGRESS: gettext_lazy("In progress"),
        AWAITING_REVIEW: gettext_lazy("Awaiting review"),
        PUBLISHED: gettext_lazy("Published"),
        OUT_OF_DATE: gettext_lazy("Out of date"),
    }


@dataclass
class TranslationStatus:
    """Where the translation of one page into one locale stands."""

    state: str
    percent: int | None = None
    page_id: int | None = None
    translation_id: int | None = None
    last_by: str = ""
    last_at: datetime | None = None

    @property
    def label(self):
        return State.labels[self.state]


def translation_status(pages, locales):
    """The status of every page of ``pages`` in every locale of ``locales``.

    Args:
        pages: source-locale pages (any iterable of ``Page``).
        locales: target ``Locale`` objects.

    Returns:
        A dict keyed by ``(page.translation_key, locale.pk)`` of ``TranslationStatus``.
        The number of queries does not depend on the number of pages or locales.
    """
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    pages = list(pages)
    locales = list(locales)
    if not pages or not locales:
        return {}
    keys = [page.translation_key for page in pages]
    locale_ids = [locale.pk for locale in locales]
    source_locale_ids = {page.locale_id for page in pages}

    targets = {
        (row["translation_key"], row["locale_id"]): row
        for row in Page.objects.filter(translation_key__in=keys, locale_id__in=locale_ids)
        .exclude(locale_id__in=source_locale_ids)
        .values(
            "id",
            "translation_key",
            "locale_id",
            "live",
            "has_unpublished_changes",
            "alias_of_id",
            "latest_revision__created_at",
            "latest_revision__user_id",
        )
    }
    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(
            object_id__in=keys, locale_id__in=source_locale_ids
        ).select_related("text_change")
    }
    latest_string = StringTranslation.objects.filter(
        locale_id=OuterRef("target_locale_id"),
        translation_of__segments__source_id=OuterRef("source_id"),
    ).order_by("-updated_at")
    translations = {
        (row["source_id"], row["target_locale_id"]): row
        for row in Translation.objects.filter(
            source__in=list(sources.values()), target_locale_id__in=locale_ids, enabled=True
        )
        .annotate(
            last_string_at=Subquery(latest_string.values("updated_at")[:1]),
            last_string_by=Subquery(latest_string.values("last_translated_by_id")[:1]),
        )
        .values("id", "source_id", "target_locale_id", "last_string_at", "last_string_by")
    }
    totals = dict(
        StringSegment.objects.filter(source__in=list(sources.values()))
        .values("source_id")
        .annotate(n=Count("id"))
        .values_list("source_id", "n")
    )
    done = _translated_counts(StringSegment, list(sources.values()), locale_ids)
    in_review = set(
        WorkflowState.objects.filter(
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
            object_id__in=[str(row["id"]) for row in targets.values()],
            status=WorkflowState.STATUS_IN_PROGRESS,
        ).values_list("object_id", flat=True)
    )
    user_ids = {row["latest_revision__user_id"] for row in targets.values()}
    user_ids |= {row["last_string_by"] for row in translations.values()}
    users = {
        user.pk: user.get_full_name() or user.get_username()
        for user in get_user_model().objects.filter(pk__in=user_ids - {None})
    }

    statuses = {}
    for page in pages:
        source = sources.get(page.translation_key)
        for locale in locales:
            target = targets.get((page.translation_key, locale.pk))
            if target is None or target["alias_of_id"]:
                statuses[(page.translation_key, locale.pk)] = TranslationStatus(State.MISSING)
                continue
            translation = translations.get((source.pk, locale.pk)) if source else None
            status = TranslationStatus(State.IN_PROGRESS, page_id=target["id"])
            candidates = [
                (target["latest_revision__created_at"], target["latest_revision__user_id"])
            ]
            if translation is not None:
                status.translation_id = translation["id"]
                total = totals.get(source.pk, 0)
                translated = done.get((source.pk, locale.pk), 0)
                status.percent = 100 if total == 0 else translated * 100 // total
                candidates.append((translation["last_string_at"], translation["last_string_by"]))
            when, who = max(
                (candidate for candidate in candidates if candidate[0] is not None),
                default=(None, None),
                key=lambda candidate: candidate[0],
            )
            status.last_at, status.last_by = when, users.get(who, "")
            if source is not None and is_out_of_date(source):
                status.state = State.OUT_OF_DATE
            elif str(target["id"]) in in_review:
                status.state = State.AWAITING_REVIEW
            elif (
                target["live"]
                and not target["has_unpublished_changes"]
                and status.percent in (None, 100)
            ):
                status.state = State.PUBLISHED
            statuses[(page.translation_key, locale.pk)] = status
    return statuses


def _translated_counts(segment_model, sources, locale_ids):
    """Translated strings per (source id, locale id), as wagtail-localize counts them."""
    rows = (
        # One filter() call, so that the three conditions apply to the same translation.
        segment_model.objects.filter(
            source__in=sources,
            string__translations__locale_id__in=locale_ids,
            string__translations__has_error=False,
            string__translations__context_id=F("context_id"),
        )
        .values("source_id", "string__translations__locale_id")
        .annotate(n=Count("id"))
    )
    return {(row["source_id"], row["string__translations__locale_id"]): row["n"] for row in rows}


# Review -----------------------------------------------------------------------------


class ReviewError(Exception):
    """Why a translation cannot be submitted for review (a message for the translator)."""


def submit_for_review(translation, user):
    """Save ``translation`` as a draft of its page and start the Secretariat's review.

    Args:
        translation: a wagtail-localize ``Translation`` of a page.
        user: the translator; ``access.may_translate`` must allow them its locale.

    Returns:
        The ``WorkflowState`` started.

    Raises:
        ReviewError: no review workflow exists, or the page is already in review.
    """
    workflow = review_workflow()
    if workflow is None:
        raise ReviewError(_("No review workflow is active for translations."))
    page = translation.get_target_instance()
    if page.workflow_in_progress:
        raise ReviewError(_("This translation is already awaiting review."))
    with transaction.atomic():
        translation.save_target(user=user, publish=False)
        page = Page.objects.get(pk=page.pk).specific
        return workflow.start(page, user)


# PO files ---------------------------------------------------------------------------


class POFileError(Exception):
    """Why an uploaded PO file was refused (a message for the translator)."""


def read_po_upload(translation, uploaded_file):
    """Parse and check a PO file uploaded for ``translation`` before anything is imported.

    wagtail-localize imports whatever entries match and answers a server error for a
    file without its translation header; this refuses, with a reason, any file that is
    not a PO file, was made for another translation or language, or carries strings
    that the current source does not have.

    Returns:
        The parsed ``polib.POFile``.

    Raises:
        POFileError: the file must not be imported; nothing was changed.
    """
    from wagtail_localize.models import StringSegment

    if uploaded_file is None:
        raise POFileError(_("Choose a PO file to upload."))
    with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as handle:
        for chunk in uploaded_file.chunks():
            handle.write(chunk)
    uploaded_file.seek(0)
    try:
        # polib takes a path or the contents: pass a path, so that a file whose content
        # looks like a path is never opened.
        po = polib.pofile(handle.name)
    except (OSError, UnicodeDecodeError, ValueError):
        raise POFileError(_("This is not a valid PO file.")) from None
    finally:
        with contextlib.suppress(OSError):
            Path(handle.name).unlink()
    if po.metadata.get("X-WagtailLocalize-TranslationID") != str(translation.uuid):
        raise POFileError(
            _("This PO file was not downloaded for this translation; download it again.")
        )
    language = po.metadata.get("Language")
    if language and language.replace("_", "-").lower() != (
        translation.target_locale.language_code.lower()
    ):
        raise POFileError(
            _("This PO file is for the language %(language)s.") % {"language": language}
        )
    current = set(
        StringSegment.objects.filter(source=translation.source).values_list(
            "string__data", "context__path"
        )
    )
    unknown = [
        entry.msgid
        for entry in po
        if not entry.obsolete and (entry.msgid, entry.msgctxt) not in current
    ]
    if unknown:
        raise POFileError(
            _(
                "This PO file has %(count)d strings that the page no longer has, such as "
                "“%(example)s”. Download the file again and copy your translations over."
            )
            % {"count": len(unknown), "example": unknown[0][:80]}
        )
    return po
