"""Key Messages carry recommendations by reference instead of comma-separated identifiers.

Every Key Messages page (in every locale) and every revision of one is converted. An
identifier that names no recommendation is printed and dropped, and the page's history
gets a note (``outputs.lineage_migration_note``) with the identifiers it held, from which
the reverse migration restores them. The reference index does not see these writes: run
``manage.py rebuild_references_index`` once after migrating an existing database.
"""

import json
import re
import uuid

import wagtail.fields
from django.conf import settings
from django.db import migrations
from django.utils import timezone

NOTE_ACTION = "outputs.lineage_migration_note"


def split_identifiers(text):
    return [part.strip().upper() for part in (text or "").split(",") if part.strip()]


def _raw(stream):
    """Stream data as a list of dicts, from a StreamValue, a JSON string or a list."""
    if stream is None or stream == "":
        return []
    if isinstance(stream, str):
        return json.loads(stream)
    if hasattr(stream, "raw_data"):
        return [dict(block) for block in stream.raw_data]
    return list(stream)


def identifiers_to_references(stream, resolve):
    """Convert messages whose ``recommendations`` is identifier text into references.

    Args:
        stream: the ``messages`` stream (raw data, JSON text or a StreamValue).
        resolve: ``resolve(identifier)`` returning a recommendation pk, or None.

    Returns:
        (the converted raw stream data, [{"block_id", "heading", "identifiers"}] dropped).
    """
    converted, dropped = [], []
    for block in _raw(stream):
        block = dict(block)
        value = dict(block.get("value") or {})
        old = value.get("recommendations")
        if block.get("type") == "message" and not isinstance(old, list):
            items, unknown = [], []
            for identifier in split_identifiers(old):
                pk = resolve(identifier)
                if pk is None:
                    unknown.append(identifier)
                else:
                    items.append({"type": "item", "value": pk, "id": str(uuid.uuid4())})
            value["recommendations"] = items
            block["value"] = value
            if unknown:
                dropped.append(
                    {
                        "block_id": block.get("id"),
                        "heading": value.get("heading", ""),
                        "identifiers": unknown,
                    }
                )
        converted.append(block)
    return converted, dropped


def references_to_identifiers(stream, identifier_of, restored=None):
    """The reverse: references back into identifier text (with ``restored`` {block id:
    [identifiers]} dropped on the way forward)."""
    restored = restored or {}
    converted = []
    for block in _raw(stream):
        block = dict(block)
        value = dict(block.get("value") or {})
        items = value.get("recommendations")
        if block.get("type") == "message" and isinstance(items, list):
            identifiers = [
                identifier_of(item.get("value") if isinstance(item, dict) else item)
                for item in items
            ]
            identifiers = [identifier for identifier in identifiers if identifier]
            identifiers += restored.get(block.get("id"), [])
            value["recommendations"] = ", ".join(identifiers)
            block["value"] = value
        converted.append(block)
    return converted


def _like(stored, raw):
    """``raw`` stream data stored as ``stored`` was: JSON text (revisions) or a list."""
    return json.dumps(raw) if isinstance(stored, str) else raw


def _resolver(apps):
    Recommendation = apps.get_model("outputs", "Recommendation")
    Locale = apps.get_model("wagtailcore", "Locale")
    language = settings.LANGUAGE_CODE.split("-")[0]
    default = Locale.objects.filter(language_code__in=[settings.LANGUAGE_CODE, language]).first()
    pattern = re.compile(r"^[A-Z]+\d+-WG\d+-R\d+$")

    def resolve(identifier):
        if not pattern.match(identifier):
            return None
        found = Recommendation.objects.filter(identifier=identifier).order_by("pk")
        preferred = found.filter(locale=default).first() if default else None
        chosen = preferred or found.first()
        return chosen.pk if chosen else None

    return resolve


def _revisions(apps, page):
    Revision = apps.get_model("wagtailcore", "Revision")
    return Revision.objects.filter(
        base_content_type_id=_page_content_type(apps).pk, object_id=str(page.pk)
    )


def _page_content_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[0]


def carry_recommendations(apps, schema_editor):
    KeyMessagesPage = apps.get_model("outputs", "KeyMessagesPage")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    resolve = _resolver(apps)
    for page in KeyMessagesPage.objects.all():
        converted, dropped = identifiers_to_references(page.messages, resolve)
        KeyMessagesPage.objects.filter(pk=page.pk).update(messages=json.dumps(converted))
        for revision in _revisions(apps, page):
            content = dict(revision.content)
            if "messages" not in content:
                continue
            revised, revision_dropped = identifiers_to_references(content["messages"], resolve)
            content["messages"] = _like(content["messages"], revised)
            revision.content = content
            revision.save(update_fields=["content"])
            known = {entry["block_id"] for entry in dropped}
            dropped += [entry for entry in revision_dropped if entry["block_id"] not in known]
        if dropped:
            for entry in dropped:
                print(  # noqa: T201
                    f"Key Messages {page.pk} “{page.title}”: message “{entry['heading']}” "
                    f"named no recommendation {', '.join(entry['identifiers'])}; dropped."
                )
            PageLogEntry.objects.create(
                page_id=page.pk,
                content_type_id=page.content_type_id,
                label=page.title[:255],
                action=NOTE_ACTION,
                data={"dropped": dropped},
                timestamp=timezone.now(),
                content_changed=True,
            )


def carry_identifiers(apps, schema_editor):
    KeyMessagesPage = apps.get_model("outputs", "KeyMessagesPage")
    Recommendation = apps.get_model("outputs", "Recommendation")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")

    def identifier_of(pk):
        return Recommendation.objects.filter(pk=pk).values_list("identifier", flat=True).first()

    for page in KeyMessagesPage.objects.all():
        notes = PageLogEntry.objects.filter(page_id=page.pk, action=NOTE_ACTION)
        restored = {}
        for note in notes:
            for entry in (note.data or {}).get("dropped", []):
                restored.setdefault(entry["block_id"], []).extend(entry["identifiers"])
        converted = references_to_identifiers(page.messages, identifier_of, restored)
        KeyMessagesPage.objects.filter(pk=page.pk).update(messages=json.dumps(converted))
        for revision in _revisions(apps, page):
            content = dict(revision.content)
            if "messages" not in content:
                continue
            content["messages"] = _like(
                content["messages"],
                references_to_identifiers(content["messages"], identifier_of, restored),
            )
            revision.content = content
            revision.save(update_fields=["content"])
        notes.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outputs", "0005_reporting_workflow"),
    ]

    operations = [
        migrations.AlterField(
            model_name="keymessagespage",
            name="messages",
            field=wagtail.fields.StreamField(
                [("message", 4)],
                block_lookup={
                    0: ("wagtail.blocks.CharBlock", (), {"label": "Message", "max_length": 255}),
                    1: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "features": ["bold", "italic", "link", "ol", "ul", "h3", "h4"],
                            "label": "Explanation",
                        },
                    ),
                    2: ("outputs.blocks.RecommendationChooserBlock", (), {}),
                    3: (
                        "wagtail.blocks.ListBlock",
                        (2,),
                        {
                            "collapsed": False,
                            "help_text": "Recommendations of this edition's Working Group Reports.",
                            "label": "Recommendations carried forward",
                        },
                    ),
                    4: (
                        "wagtail.blocks.StructBlock",
                        [[("heading", 0), ("text", 1), ("recommendations", 3)]],
                        {},
                    ),
                },
                verbose_name="messages",
            ),
        ),
        migrations.RunPython(carry_recommendations, carry_identifiers),
    ]
