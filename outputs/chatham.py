"""The Chatham House guard: no published output names a participant.

Before a Working Group Report, Key Messages or Seminar Report is published, its text is
checked against the names of the edition's participants and of everyone holding a role
in its working groups. A match blocks publication, with each match and where it stands;
the ASEF Secretariat may override with a reason, which is recorded in the page history.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import StreamValue

from seminar_pages import access
from seminar_pages.models import EditionPage, WorkingGroupPage


@dataclass(frozen=True)
class NameMatch:
    name: str
    where: str
    excerpt: str

    def __str__(self):
        return f"{self.name}: {self.where} (“…{self.excerpt}…”)"


def fold(text):
    """Case- and accent-insensitive form of ``text``, with whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", stripped).casefold()


def protected_names(edition):
    """Names of the edition's participants and of the people with working-group roles."""
    edition = edition.get_translation_or_none(edition.locale.get_default()) or edition
    names = set(edition.participants.values_list("name", flat=True))
    for group in WorkingGroupPage.objects.child_of(edition):
        for user, _role in access.role_holders(group):
            full_name = user.get_full_name().strip()
            if " " in full_name:
                names.add(full_name)
    return sorted(name for name in names if len(fold(name)) >= 3)


def _stream_texts(value, where):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in {"id", "type"}:
                yield from _stream_texts(item, where)
    elif isinstance(value, list):
        for item in value:
            yield from _stream_texts(item, where)
    elif isinstance(value, str):
        yield where, value


def texts_of_form(form):
    """(where, text) pairs of everything a page form is about to publish."""
    for name, value in form.cleaned_data.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else name
        if isinstance(value, StreamValue):
            for index, child in enumerate(value.get_prep_value(), 1):
                block_where = f"{label}, {child.get('type', 'block')} {index}"
                yield from _stream_texts(child.get("value"), block_where)
        elif isinstance(value, str) and name not in {"slug", "chatham_override_reason"}:
            yield label, value
    for formset in getattr(form, "formsets", {}).values():
        # The page form is cleaned before its formsets: validate them now to read them.
        formset.is_valid()
        for index, child_form in enumerate(formset.forms, 1):
            data = getattr(child_form, "cleaned_data", None) or {}
            if data.get("DELETE"):
                continue
            for name, value in data.items():
                if isinstance(value, str):
                    yield f"{formset.model._meta.verbose_name.capitalize()} {index}, {name}", value


def find_name_matches(texts, names):
    """Every occurrence of a protected name in ``texts``, with where it stands."""
    matches = []
    patterns = [(name, re.compile(rf"(?<!\w){re.escape(fold(name))}(?!\w)")) for name in names]
    for where, raw in texts:
        plain = html.unescape(strip_tags(raw))
        folded = fold(plain)
        for name, pattern in patterns:
            for found in pattern.finditer(folded):
                start = max(found.start() - 30, 0)
                matches.append(NameMatch(name, where, folded[start : found.end() + 30].strip()))
    return matches


def edition_of(page, parent_page=None):
    anchor = page if page.pk else parent_page
    if anchor is None:
        return None
    return EditionPage.objects.ancestor_of(anchor, inclusive=True).first()


def blocking_message(matches):
    lines = "; ".join(str(match) for match in matches)
    return _(
        "Chatham House Rule: this output names people who took part in the seminar, so it "
        "cannot be published. Remove each name, or (ASEF Secretariat only) give a reason to "
        "publish anyway. Matches: %(matches)s"
    ) % {"matches": lines}
