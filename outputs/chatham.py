"""The Chatham House guard: no published output names a participant.

Before a Working Group Report, Key Messages or Seminar Report is published, its text is
checked against the names of the edition's participants and of everyone holding a role
in its working groups. A match blocks publication, with each match and where it stands;
the ASEF Secretariat may override with a reason, which is recorded in the page history.

The admin form warns early (``outputs.forms``); the rule itself is enforced at the page's
publish, whatever calls it, through ``outputs.publishing.publication_requested`` (connected
in ``OutputsConfig.ready``). It checks the content being published, the revision, not the
page row, and the override saved in that same revision.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.signals import pre_save
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import StreamValue
from wagtail_localize.fields import TranslatableField, get_translatable_fields

from outputs.publishing import (
    ChathamHouseRuleMixin,
    PublicationRefused,
    publication_requested,
)
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


def _names_of_user(user):
    """A role holder's name in both orders, and run together for scripts without spaces.

    A single word is left out: a first name alone would match too much ordinary text.
    """
    first, last = user.first_name.strip(), user.last_name.strip()
    if not first or not last:
        return set()
    names = {f"{first} {last}", f"{last} {first}"}
    if _UNSPACED.search(first + last):
        # 山田 + 太郎 is written 山田太郎.
        names |= {f"{last}{first}", f"{first}{last}"}
    return names


def protected_names(edition):
    """Names of the edition's participants, in every script their record gives, and of
    the people with working-group roles."""
    edition = edition.get_translation_or_none(edition.locale.get_default()) or edition
    names = set()
    for name, others in edition.participants.values_list("name", "names_in_other_scripts"):
        names.add(name.strip())
        names |= {line.strip() for line in others.splitlines()}
    for group in WorkingGroupPage.objects.child_of(edition):
        for user, _role in access.role_holders(group):
            names |= _names_of_user(user)
    return sorted(name for name in names if name and len(fold(name)) >= _shortest(name))


def _shortest(name):
    # Two Han or Hangul characters are a whole name (王芳, 김민); three Latin letters are not.
    return 2 if _UNSPACED.search(name) else 3


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
            yield from _stream_value_texts(value, label)
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


# Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar) or
# with particles joined to the name (Hangul: 김민준은): a name there has no word boundary.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff"
    "\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


def _name_pattern(name):
    """Latin, Cyrillic and other spaced scripts: the whole name as words. Scripts without
    spaces: the name anywhere, spaces inside it optional.

    ``\\w`` matches Han, kana, Hangul and Thai letters too, so ``(?<!\\w)山田太郎`` never
    matches in "会議で山田太郎が", where the name is preceded and followed by letters; and
    a record may write "山田 太郎" where the text writes "山田太郎".
    """
    folded = fold(name)
    if _UNSPACED.search(folded):
        return re.compile(r"\s?".join(re.escape(char) for char in folded if not char.isspace()))
    return re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")


def find_name_matches(texts, names):
    """Every occurrence of a protected name in ``texts``, with where it stands."""
    matches = []
    patterns = [(name, _name_pattern(name)) for name in names]
    for where, raw in texts:
        plain = html.unescape(strip_tags(raw))
        folded = fold(plain)
        for name, pattern in patterns:
            for found in pattern.finditer(folded):
                start = max(found.start() - 30, 0)
                matches.append(NameMatch(name, where, folded[start : found.end() + 30].strip()))
    return matches


def texts_of_page(page):
    """(where, text) pairs of everything ``page`` would publish: its translatable fields
    (StreamField blocks one by one) and the translatable text of its child records."""
    for translatable in get_translatable_fields(type(page)):
        if not isinstance(translatable, TranslatableField) or translatable.field_name == "slug":
            continue
        field = page._meta.get_field(translatable.field_name)
        if isinstance(field, models.ManyToOneRel):
            for index, child in enumerate(getattr(page, field.name).all(), 1):
                label = f"{capfirst(child._meta.verbose_name)} {index}"
                for child_field in get_translatable_fields(type(child)):
                    value = getattr(child, child_field.field_name, None)
                    if isinstance(child_field, TranslatableField) and isinstance(value, str):
                        yield f"{label}, {child_field.field_name}", value
            continue
        if not isinstance(field, models.Field):
            continue
        label = str(capfirst(field.verbose_name))
        value = getattr(page, field.name)
        if isinstance(value, StreamValue):
            yield from _stream_value_texts(value, label)
        elif isinstance(value, str):
            yield label, value


def _stream_value_texts(value, label):
    for index, child in enumerate(value.get_prep_value(), 1):
        block_where = f"{label}, {child.get('type', 'block')} {index}"
        yield from _stream_texts(child.get("value"), block_where)


def _override_of(page):
    """(names, recorder) of the override ``page`` carries, if it has a reason."""
    if not (page.chatham_override_note or "").strip() or not page.chatham_override_by_id:
        return set(), None
    recorder = get_user_model().objects.filter(pk=page.chatham_override_by_id).first()
    return set(page.chatham_override_names or []), recorder


def covered_names(content):
    """Names that a Secretariat override, valid now, lets ``content`` publish.

    The override saved with the content counts, and for a translation, the override of its
    live source: translators carry the source's text, names included, into their language.
    The recorder's membership of the Secretariat is checked now, not when they gave it.
    """
    sources = [content]
    default_locale = content.locale.get_default()
    if content.locale_id != default_locale.pk:
        source = content.get_translation_or_none(default_locale)
        if source is not None and source.live:
            sources.append(source.specific)
    names = set()
    for source in sources:
        covered, recorder = _override_of(source)
        if recorder is not None and access.can_manage_roles(recorder):
            names |= covered
    return names


def refused_matches(page, content):
    """The name matches in ``content`` that no valid override covers."""
    edition = edition_of(page)
    if edition is None:
        return []
    matches = find_name_matches(list(texts_of_page(content)), protected_names(edition))
    covered = covered_names(content)
    return [match for match in matches if match.name not in covered]


def refuse_named_participants(sender, page, content, **kwargs):
    """Receiver of ``publication_requested``: the Chatham House Rule at publication."""
    if not hasattr(content, "chatham_override_names"):
        return
    matches = refused_matches(page, content)
    if matches:
        raise PublicationRefused(page, matches, blocking_message(matches))


def refuse_named_live_translation(sender, instance, raw=False, update_fields=None, **kwargs):
    """A live translation's row is what readers see: it may not come to name a participant.

    wagtail-localize writes a translation's page row with the new text (``translation.save()``
    in ``TranslationSource.create_or_update_translation``) before it saves and publishes the
    revision, and it publishes in ``on_commit``, after the row is committed. For a live
    translation the text is public at that save, whatever ``publish`` would say. Refusing the
    save rolls back the whole update. Wagtail itself writes a live row only when publishing,
    which ``refuse_named_participants`` has checked; partial saves (``update_fields``) do not
    write text.
    """
    if raw or update_fields is not None or not instance.pk or not instance.live:
        return
    if instance.locale_id == instance.locale.get_default().pk:
        return
    matches = refused_matches(instance, instance)
    if matches:
        raise PublicationRefused(instance, matches, blocking_message(matches))


def connect():
    publication_requested.connect(refuse_named_participants, dispatch_uid="chatham_house_rule")
    for model in apps.get_models():
        if issubclass(model, ChathamHouseRuleMixin):
            pre_save.connect(
                refuse_named_live_translation,
                sender=model,
                dispatch_uid=f"chatham_house_rule_{model._meta.label_lower}",
            )


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
