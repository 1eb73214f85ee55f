"""Key Messages carry recommendation records: composed in a chooser, migrated from
identifier lists, shown both ways, and never left carrying what was withdrawn."""

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale, PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.segments.extract import extract_segments

from outputs import guards, lineage
from outputs.blocks import RecommendationChooserBlock
from outputs.factories import (
    KeyMessagesPageFactory,
    RecommendationFactory,
    SeminarReportPageFactory,
    WorkingGroupReportPageFactory,
)
from outputs.models import KeyMessagesPage, Recommendation, WorkingGroupReportPage
from seminar_pages import access
from seminar_pages.factories import EditionPageFactory, WorkingGroupPageFactory
from tests.seminar_pages.test_translation import publish, translate, translate_all_strings
from tests.utils import list_block, make_user

pytestmark = pytest.mark.django_db

migration = importlib.import_module("outputs.migrations.0006_key_messages_carry_recommendations")

REPORT_TEXT_FIELDS = (
    "gaps_national",
    "gaps_regional",
    "gaps_international",
    "lessons_learned",
    "promising_practices",
    "challenges",
)


@pytest.fixture
def reports(edition):
    """Group 1's report is published, group 2's is a draft of its working group."""
    group_1 = WorkingGroupPageFactory(parent=edition, number=1, slug="working-group-1")
    group_2 = WorkingGroupPageFactory(parent=edition, number=2, slug="working-group-2")
    published = WorkingGroupReportPageFactory(
        parent=group_1,
        slug="report",
        recommendations=[
            RecommendationFactory.build(text="Involve national human rights institutions."),
            RecommendationFactory.build(text="Review the law on assembly."),
        ],
    )
    draft = WorkingGroupReportPageFactory(
        parent=group_2,
        slug="report",
        publish=False,
        recommendations=[RecommendationFactory.build(text="Fund the helplines.")],
    )
    return {"groups": (group_1, group_2), "published": published, "draft": draft}


@pytest.fixture
def secretary(django_user_model):
    return make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )


@pytest.fixture
def editor(django_user_model):
    """A public-section editor: no role in any working group."""
    return make_user(
        django_user_model, "editor", groups=[Group.objects.get(name=access.PUBLIC_EDITORS)]
    )


def rec(identifier):
    return Recommendation.objects.get(identifier=identifier, locale=Locale.get_default())


def carrying(edition, *recommendations, publish=True, title="Key Messages"):
    return KeyMessagesPageFactory(
        parent=edition,
        title=title,
        publish=publish,
        messages=[
            (
                "message",
                {
                    "heading": "Involve NHRIs",
                    "text": "<p>Why.</p>",
                    "recommendations": list(recommendations),
                },
            )
        ],
    )


def chooser_html(client, **params):
    response = client.get(reverse("recommendation_chooser:choose"), params)
    assert response.status_code == 200
    return response.json()["html"]


# Composition ------------------------------------------------------------------------------


def test_chooser_lists_only_recommendations_the_user_may_read(
    client, edition, reports, editor, secretary
):
    client.force_login(editor)
    html = chooser_html(client, edition=edition.pk)
    assert "HR23-WG1-R01" in html and "HR23-WG1-R02" in html
    assert "HR23-WG2-R01" not in html
    assert "Fund the helplines" not in html
    draft_pk = rec("HR23-WG2-R01").pk
    chosen = reverse("recommendation_chooser:chosen", args=[draft_pk])
    assert client.get(chosen).status_code == 404
    assert client.get(reverse("recommendation_chooser:chosen", args=[999999])).status_code == 404

    client.force_login(secretary)
    assert "HR23-WG2-R01" in chooser_html(client, edition=edition.pk)
    assert client.get(chosen).status_code == 200


def test_chooser_searches_by_identifier_and_by_text(client, edition, reports, secretary):
    client.force_login(secretary)
    results = reverse("recommendation_chooser:choose_results")
    by_identifier = client.get(results, {"q": "wg1-r02", "edition": edition.pk}).content.decode()
    assert "HR23-WG1-R02" in by_identifier and "HR23-WG1-R01" not in by_identifier
    by_text = client.get(results, {"q": "helplines", "edition": edition.pk}).content.decode()
    assert "HR23-WG2-R01" in by_text and "HR23-WG1-R01" not in by_text


def test_chooser_filters_by_working_group(client, edition, reports, secretary):
    client.force_login(secretary)
    group_1, group_2 = reports["groups"]
    html = chooser_html(client, edition=edition.pk, working_group=group_2.pk)
    assert "HR23-WG2-R01" in html and "HR23-WG1-R01" not in html
    assert group_1.title in html  # offered as a filter choice


def test_chooser_keeps_to_the_edition_of_the_key_messages(
    client, edition_index, edition, reports, secretary
):
    other = EditionPageFactory(parent=edition_index, number=22, year=2024, slug="22-2024")
    group = WorkingGroupPageFactory(parent=other, number=1)
    WorkingGroupReportPageFactory(parent=group, recommendations=[RecommendationFactory.build()])
    client.force_login(secretary)
    assert "HR22-WG1-R01" not in chooser_html(client, edition=edition.pk)
    assert "HR22-WG1-R01" in chooser_html(client)
    # The Key Messages form opens the chooser on its own edition.
    add = reverse("wagtailadmin_pages:add", args=["outputs", "keymessagespage", edition.pk])
    html = client.get(add).content.decode()
    assert f"recommendation_chooser/?edition={edition.pk}" in html.replace("\\u002D", "-")


def test_the_block_refuses_a_recommendation_of_another_edition(edition_index, edition, reports):
    other = EditionPageFactory(parent=edition_index, number=22, year=2024, slug="22-2024")
    group = WorkingGroupPageFactory(parent=other, number=1)
    WorkingGroupReportPageFactory(parent=group, recommendations=[RecommendationFactory.build()])
    block = RecommendationChooserBlock(edition_id=edition.pk)
    assert block.clean(rec("HR23-WG1-R01")) == rec("HR23-WG1-R01")
    with pytest.raises(ValidationError) as refused:
        block.clean(rec("HR22-WG1-R01"))
    assert "HR22-WG1-R01 is a recommendation of another edition" in refused.value.messages[0]


def key_messages_form(recommendation_pks, **extra):
    return nested_form_data(
        {
            "title": "Key Messages",
            "slug": "key-messages",
            "introduction": rich_text("<p>For the 53 ASEM partners.</p>"),
            "embargo_until": "",
            "messages": streamfield(
                [
                    (
                        "message",
                        {
                            "heading": "Involve NHRIs",
                            "text": rich_text("<p>Why.</p>"),
                            "recommendations": list_block(recommendation_pks),
                        },
                    )
                ]
            ),
            "chatham_override_reason": "",
            **extra,
        }
    )


def test_editor_composes_key_messages_from_chosen_recommendations(
    client, edition, reports, secretary
):
    client.force_login(secretary)
    chosen = [rec("HR23-WG1-R02"), rec("HR23-WG1-R01")]
    add = reverse("wagtailadmin_pages:add", args=["outputs", "keymessagespage", edition.pk])
    response = client.post(add, key_messages_form([item.pk for item in chosen]))
    assert response.status_code == 302
    page = KeyMessagesPage.objects.get()
    message = page.get_latest_revision_as_object().messages[0].value
    assert message["heading"] == "Involve NHRIs"
    assert list(message["recommendations"]) == chosen


def test_the_form_refuses_another_editions_and_unreadable_recommendations(
    client, edition_index, edition, reports, editor, secretary
):
    other = EditionPageFactory(parent=edition_index, number=22, year=2024, slug="22-2024")
    group = WorkingGroupPageFactory(parent=other, number=1)
    WorkingGroupReportPageFactory(parent=group, recommendations=[RecommendationFactory.build()])
    add = reverse("wagtailadmin_pages:add", args=["outputs", "keymessagespage", edition.pk])
    client.force_login(secretary)
    response = client.post(add, key_messages_form([rec("HR22-WG1-R01").pk]))
    assert response.status_code == 200
    assert "HR22-WG1-R01 is a recommendation of another edition" in response.content.decode()

    page = carrying(edition, rec("HR23-WG1-R01"))
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(edit, key_messages_form([rec("HR23-WG2-R01").pk]))
    assert response.status_code == 200
    assert "messages" in response.context["form"].errors
    assert "HR23-WG2-R01" not in str(response.context["form"].errors)
    page.refresh_from_db()
    assert list(page.get_latest_revision_as_object().messages[0].value["recommendations"]) == [
        rec("HR23-WG1-R01")
    ]


# Migration of identifier lists ---------------------------------------------------------


def old_messages(identifiers):
    return [
        {
            "type": "message",
            "id": "message-1",
            "value": {
                "heading": "Involve NHRIs",
                "text": "<p>Why.</p>",
                "recommendations": identifiers,
            },
        }
    ]


def test_migration_turns_identifier_lists_into_references_and_reports_unknown_ones(
    edition, reports, capsys
):
    page = carrying(edition)
    KeyMessagesPage.objects.filter(pk=page.pk).update(
        messages=json.dumps(old_messages("HR23-WG1-R02, hr23-wg1-r01, HR23-WG9-R09"))
    )
    revision = page.latest_revision
    revision.content = {**revision.content, "messages": json.dumps(old_messages("HR23-WG1-R01"))}
    revision.save()

    migration.carry_recommendations(django_apps, None)

    page = KeyMessagesPage.objects.get(pk=page.pk)
    carried = page.messages[0].value["recommendations"]
    assert list(carried) == [rec("HR23-WG1-R02"), rec("HR23-WG1-R01")]
    revision.refresh_from_db()
    assert (
        json.loads(revision.content["messages"])[0]["value"]["recommendations"][0]["value"]
        == rec("HR23-WG1-R01").pk
    )
    assert "HR23-WG9-R09" in capsys.readouterr().out
    note = PageLogEntry.objects.get(page=page, action=migration.NOTE_ACTION)
    assert note.data["dropped"][0]["identifiers"] == ["HR23-WG9-R09"]

    migration.carry_identifiers(django_apps, None)
    raw = KeyMessagesPage.objects.filter(pk=page.pk).values_list("messages", flat=True).get()
    assert raw.raw_data[0]["value"]["recommendations"] == (
        "HR23-WG1-R02, HR23-WG1-R01, HR23-WG9-R09"
    )
    assert not PageLogEntry.objects.filter(action=migration.NOTE_ACTION).exists()


def test_migration_functions_convert_records_both_ways():
    known = {"HR23-WG1-R01": 7}
    converted, dropped = migration.identifiers_to_references(
        old_messages("HR23-WG1-R01, NOT-ONE"), known.get
    )
    assert [item["value"] for item in converted[0]["value"]["recommendations"]] == [7]
    assert dropped == [
        {"block_id": "message-1", "heading": "Involve NHRIs", "identifiers": ["NOT-ONE"]}
    ]
    back = migration.references_to_identifiers(
        converted, {7: "HR23-WG1-R01"}.get, {"message-1": ["NOT-ONE"]}
    )
    assert back[0]["value"]["recommendations"] == "HR23-WG1-R01, NOT-ONE"


# Lineage both ways ------------------------------------------------------------------------


def test_recommendation_page_shows_the_live_pages_that_carry_it(client, edition, reports):
    page = carrying(edition, rec("HR23-WG1-R01"), title="Key Messages of the 23rd")
    response = client.get("/en/recommendations/HR23-WG1-R01/", follow=True)
    html = response.content.decode()
    item = html.split('id="HR23-WG1-R01"', 1)[1].split("</li>", 1)[0]
    assert "Carried forward in" in item
    assert f'<a href="{page.url}">Key Messages of the 23rd</a>' in item
    other = html.split('id="HR23-WG1-R02"', 1)[1].split("</li>", 1)[0]
    assert "Carried forward in" not in other


def test_lineage_lists_only_live_readable_pages_in_the_readers_language(
    edition, reports, secretary, django_capture_on_commit_callbacks
):
    recommendation = rec("HR23-WG1-R01")
    assert lineage.carried_forward_in(recommendation, AnonymousUser()) == []
    draft = carrying(edition, recommendation, publish=False)
    assert lineage.carried_forward_in(recommendation, secretary) == []
    draft.save_revision().publish()
    english = lineage.carried_forward_in(recommendation, AnonymousUser())
    assert [page.pk for page in english] == [draft.pk]

    french = Locale.objects.get(language_code="fr")
    job = translate(draft, french)
    translate_all_strings(job, prefix="FR")
    publish(job, None, django_capture_on_commit_callbacks)
    in_french = lineage.carried_forward_in(recommendation, AnonymousUser(), locale=french)
    assert [page.title for page in in_french] == ["FR: Key Messages"]
    # The French copy of the recommendation finds the same pages.
    job = translate(reports["published"], french)
    publish(job, None, django_capture_on_commit_callbacks)
    french_copy = Recommendation.objects.get(identifier="HR23-WG1-R01", locale=french)
    assert [
        page.title for page in lineage.carried_forward_in(french_copy, AnonymousUser(), french)
    ] == ["FR: Key Messages"]


def test_key_messages_link_the_recommendations_they_carry(client, edition, reports):
    page = carrying(edition, rec("HR23-WG1-R02"), rec("HR23-WG2-R01"))
    html = client.get(page.url).content.decode()
    assert 'href="/en/recommendations/HR23-WG1-R02/"' in html
    assert "Review the law on assembly." in html
    # A draft report's recommendation is not named to readers who cannot read it.
    assert "HR23-WG2-R01" not in html


def test_french_key_messages_keep_the_same_recommendations_and_link_in_french(
    client, edition, reports, django_capture_on_commit_callbacks
):
    french = Locale.objects.get(language_code="fr")
    page = carrying(edition, rec("HR23-WG1-R01"))
    paths = [segment.path for segment in extract_segments(page)]
    assert not any("recommendations" in path for path in paths)
    job = translate(page, french)
    translate_all_strings(job, prefix="FR")
    publish(job, None, django_capture_on_commit_callbacks)
    translated = page.get_translation(french)
    assert list(translated.messages[0].value["recommendations"]) == [rec("HR23-WG1-R01")]
    html = client.get(translated.url).content.decode()
    assert 'href="/fr/recommendations/HR23-WG1-R01/"' in html

    # The source chooses another: the translation follows on its next sync.
    page.messages[0].value["recommendations"] = [rec("HR23-WG1-R02")]
    page.save_revision().publish()
    job.source.update_from_db()
    publish(job, None, django_capture_on_commit_callbacks)
    translated.refresh_from_db()
    assert list(translated.messages[0].value["recommendations"]) == [rec("HR23-WG1-R02")]


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_recommendation_lineage_costs_the_same_queries_whatever_carries_it(
    client, edition_index, edition, reports
):
    report = reports["published"]
    carrying(edition, rec("HR23-WG1-R01"))
    client.get(report.url)
    one = count_queries(client, report.url)
    for number in (21, 20):
        other = EditionPageFactory(
            parent=edition_index, number=number, year=2000 + number, slug=f"{number}"
        )
        carrying(other, rec("HR23-WG1-R01"), rec("HR23-WG1-R02"))
        SeminarReportPageFactory(parent=other)
    assert count_queries(client, report.url) == one


# Refusal to break lineage ---------------------------------------------------------------


def test_unpublishing_a_carried_report_is_refused_naming_the_key_messages(
    client, edition, reports, secretary
):
    report = reports["published"]
    carrying(edition, rec("HR23-WG1-R02"), title="Key Messages of the 23rd")
    client.force_login(secretary)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[report.pk]), follow=True)
    report.refresh_from_db()
    assert report.live
    shown = " ".join(str(message) for message in response.context["messages"])
    assert "cannot be unpublished" in shown and "Key Messages of the 23rd" in shown

    with pytest.raises(guards.LineageError) as refused:
        WorkingGroupReportPage.objects.get(pk=report.pk).unpublish()
    assert "Key Messages of the 23rd" in refused.value.messages[0]
    report.refresh_from_db()
    assert report.live


def test_a_report_carried_only_by_draft_key_messages_may_be_unpublished(
    client, edition, reports, secretary
):
    report = reports["published"]
    carrying(edition, rec("HR23-WG1-R02"), publish=False)
    client.force_login(secretary)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[report.pk]))
    report.refresh_from_db()
    assert not report.live


def test_deleting_a_carried_report_is_refused_naming_the_key_messages(
    client, edition, reports, secretary
):
    report = reports["published"]
    carrying(edition, rec("HR23-WG1-R01"), title="Key Messages of the 23rd")
    client.force_login(secretary)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[report.pk]), follow=True)
    shown = " ".join(str(message) for message in response.context["messages"])
    assert "cannot be deleted" in shown and "Key Messages of the 23rd" in shown
    assert WorkingGroupReportPage.objects.filter(pk=report.pk).exists()


def report_form(report, recommendations, deleted=()):
    data = {field: rich_text("") for field in REPORT_TEXT_FIELDS}
    data.update(
        {
            "title": report.title,
            "slug": report.slug,
            "summary": rich_text("<p>In brief.</p>"),
            "recommendations": inline_formset(
                [
                    {
                        "id": item.pk,
                        "text": item.text,
                        "level": "national",
                        "DELETE": "1" if item in deleted else "",
                    }
                    for item in recommendations
                ],
                initial=len(recommendations),
            ),
            "chatham_override_reason": "",
            "action-publish": "publish",
        }
    )
    return nested_form_data(data)


def test_deleting_a_carried_recommendation_is_refused_naming_the_key_messages(
    client, edition, reports, secretary
):
    report = reports["published"]
    first, second = rec("HR23-WG1-R01"), rec("HR23-WG1-R02")
    carrying(edition, second, title="Key Messages of the 23rd")
    client.force_login(secretary)
    edit = reverse("wagtailadmin_pages:edit", args=[report.pk])
    response = client.post(edit, report_form(report, [first, second], deleted=[second]))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "HR23-WG1-R02" in errors and "Key Messages of the 23rd" in errors
    assert Recommendation.objects.filter(pk=second.pk).exists()

    # Removing one nobody carries is fine.
    response = client.post(edit, report_form(report, [first, second], deleted=[first]))
    assert response.status_code == 302
    assert not Recommendation.objects.filter(pk=first.pk).exists()


def test_publishing_a_revision_without_a_carried_recommendation_is_refused(edition, reports):
    report = reports["published"]
    carrying(edition, rec("HR23-WG1-R02"), title="Key Messages of the 23rd")
    page = WorkingGroupReportPage.objects.get(pk=report.pk)
    page.recommendations = [item for item in page.recommendations.all() if item.sort_order == 0]
    revision = page.save_revision()
    with pytest.raises(guards.LineageError) as refused:
        revision.publish()
    assert "HR23-WG1-R02" in refused.value.messages[0]
    assert Recommendation.objects.filter(identifier="HR23-WG1-R02").exists()


def test_a_lineage_refusal_in_an_admin_view_becomes_a_message_not_an_error(rf):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    from outputs.middleware import PublicationRefusedMiddleware

    request = rf.post("/admin/pages/1/workflow/action/approve/1/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    error = guards.LineageError("HR23-WG1-R02 is carried by Key Messages of the 23rd.", [])
    response = PublicationRefusedMiddleware(lambda request: None).process_exception(request, error)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert [str(message).strip() for message in get_messages(request)] == [
        "HR23-WG1-R02 is carried by Key Messages of the 23rd."
    ]
