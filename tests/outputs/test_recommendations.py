"""Recommendation identifiers and permalinks."""

import pytest
from wagtail.models import PageViewRestriction

from outputs.factories import RecommendationFactory, WorkingGroupReportPageFactory
from outputs.models import Recommendation, allocate_identifier
from seminar_pages.factories import WorkingGroupPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(edition):
    return WorkingGroupPageFactory(parent=edition, number=2, slug="working-group-2")


def make_report(group, count=3, **kwargs):
    return WorkingGroupReportPageFactory(
        parent=group,
        slug="report",
        recommendations=[RecommendationFactory.build() for _ in range(count)],
        **kwargs,
    )


def identifiers(report):
    records = Recommendation.objects.filter(page_id=report.pk).order_by("sort_order")
    return list(records.values_list("identifier", flat=True))


def test_identifiers_name_the_edition_group_and_number(group):
    report = make_report(group)
    assert identifiers(report) == ["HR23-WG2-R01", "HR23-WG2-R02", "HR23-WG2-R03"]


def test_deleted_identifier_is_never_reused(group):
    report = make_report(group)
    revision = report.get_latest_revision_as_object()
    kept = [rec for rec in revision.recommendations.all() if rec.identifier != "HR23-WG2-R03"]
    # Last, as the editor's form numbers it.
    added = RecommendationFactory.build(text="A new one.", sort_order=len(kept))
    revision.recommendations = [*kept, added]
    revision.save_revision().publish()
    assert identifiers(report) == ["HR23-WG2-R01", "HR23-WG2-R02", "HR23-WG2-R04"]
    assert not Recommendation.objects.filter(identifier="HR23-WG2-R03").exists()


def test_reordering_keeps_identifiers(group):
    report = make_report(group)
    revision = report.get_latest_revision_as_object()
    reordered = list(reversed(list(revision.recommendations.all())))
    for order, rec in enumerate(reordered):
        rec.sort_order = order
    revision.recommendations = reordered
    revision.save_revision().publish()
    assert identifiers(report) == ["HR23-WG2-R03", "HR23-WG2-R02", "HR23-WG2-R01"]


def test_identifier_survives_a_later_edit_of_the_text(group):
    report = make_report(group, count=1)
    revision = report.get_latest_revision_as_object()
    records = list(revision.recommendations.all())
    records[0].text = "Reworded."
    revision.recommendations = records
    revision.save_revision().publish()
    assert Recommendation.objects.get(identifier="HR23-WG2-R01").text == "Reworded."


def test_allocation_skips_identifiers_already_taken(group):
    make_report(group, count=2)
    from outputs.models import RecommendationSequence

    RecommendationSequence.objects.filter(prefix="HR23-WG2").update(last_number=0)
    assert allocate_identifier("HR23-WG2") == "HR23-WG2-R03"


def test_permalink_leads_to_the_recommendation_on_its_report(client, group):
    report = make_report(group)
    response = client.get("/recommendations/HR23-WG2-R02/")
    assert response.status_code == 302
    assert response["Location"] == f"{report.url}#HR23-WG2-R02"
    page = client.get(report.url)
    assert 'id="HR23-WG2-R02"' in page.content.decode()


def test_permalink_accepts_lower_case(client, group):
    make_report(group)
    assert client.get("/recommendations/hr23-wg2-r01/").status_code == 302


@pytest.mark.parametrize("identifier", ["HR23-WG2-R99", "not-an-id", "x" * 300])
def test_permalink_of_an_unknown_identifier_is_404(client, group, identifier):
    make_report(group)
    response = client.get(f"/recommendations/{identifier}/", follow=True)
    assert response.status_code == 404
    assert "#" not in response.request["PATH_INFO"]


def test_permalink_of_an_unpublished_report_is_404(client, group):
    report = make_report(group)
    report.unpublish()
    assert client.get("/recommendations/HR23-WG2-R01/", follow=True).status_code == 404


def test_permalink_of_a_draft_report_is_404(client, group):
    make_report(group, publish=False)
    assert Recommendation.objects.filter(identifier="HR23-WG2-R01").exists()
    assert client.get("/recommendations/HR23-WG2-R01/", follow=True).status_code == 404


def test_permalink_respects_view_restrictions(client, django_user_model, group):
    report = make_report(group)
    PageViewRestriction.objects.create(page=report, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/recommendations/HR23-WG2-R01/", follow=True).status_code == 404
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get("/recommendations/HR23-WG2-R01/").status_code == 302


# Permalinks in the reader's language ------------------------------------------------------


@pytest.fixture
def japanese():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="ja")


def publish_translation(page, locale, capture):
    from tests.seminar_pages.test_translation import publish, translate, translate_all_strings

    job = translate(page, locale)
    translate_all_strings(job, prefix="JA")
    publish(job, None, capture)
    return page.get_translation(locale)


def test_prefixed_permalink_leads_to_the_published_translation(
    client, group, japanese, django_capture_on_commit_callbacks
):
    report = make_report(group)
    japanese_report = publish_translation(report, japanese, django_capture_on_commit_callbacks)
    response = client.get("/ja/recommendations/HR23-WG2-R02/")
    assert response.status_code == 302
    assert response["Location"] == f"{japanese_report.url}#HR23-WG2-R02"
    assert japanese_report.url.startswith("/ja/")


def test_prefixed_permalink_without_a_translation_keeps_the_readers_language(client, group):
    report = make_report(group)
    response = client.get("/ja/recommendations/HR23-WG2-R01/")
    assert response.status_code == 302
    assert response["Location"] == f"/ja{report.url[3:]}#HR23-WG2-R01"
    page = client.get(response["Location"].split("#")[0])
    html = page.content.decode()
    assert '<html lang="ja"' in html
    assert 'class="translation-notice"' in html
    assert 'id="HR23-WG2-R01"' in html


def test_prefixed_permalink_ignores_a_translation_still_in_progress(client, group, japanese):
    from tests.seminar_pages.test_translation import translate

    report = make_report(group)
    draft = translate(report, japanese).get_target_instance()
    assert not draft.live
    location = client.get("/ja/recommendations/HR23-WG2-R01/")["Location"]
    html = client.get(location.split("#")[0]).content.decode()
    assert 'class="translation-notice"' in html


def test_unprefixed_permalink_follows_the_language_django_chose(client, group):
    report = make_report(group)
    response = client.get("/recommendations/HR23-WG2-R01/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 302
    assert response["Location"] == f"/ja{report.url[3:]}#HR23-WG2-R01"


@pytest.mark.parametrize("prefix", ["", "/en", "/ja", "/fr"])
def test_permalinks_answer_in_every_language_and_unknown_ones_are_404_at_once(
    client, group, prefix
):
    make_report(group)
    WorkingGroupReportPageFactory(
        parent=WorkingGroupPageFactory(parent=group.get_parent(), number=3, slug="wg-3"),
        slug="draft",
        publish=False,
        recommendations=[RecommendationFactory.build()],
    )
    assert Recommendation.objects.filter(identifier="HR23-WG3-R01").exists()
    assert client.get(f"{prefix}/recommendations/HR23-WG2-R01/").status_code == 302
    unknown = client.get(f"{prefix}/recommendations/HR23-WG2-R99/")
    closed = client.get(f"{prefix}/recommendations/HR23-WG3-R01/")
    malformed = client.get(f"{prefix}/recommendations/not-an-id/")
    assert unknown.status_code == closed.status_code == malformed.status_code == 404
    # The same page, but for the identifier the reader typed.
    assert unknown.content.replace(b"HR23-WG2-R99", b"ID") == closed.content.replace(
        b"HR23-WG3-R01", b"ID"
    )


def test_key_messages_link_permalinks_in_the_readers_language(client, group):
    from outputs.factories import KeyMessagesPageFactory

    make_report(group)
    messages = KeyMessagesPageFactory(
        parent=group.get_parent(),
        slug="key-messages",
        messages=[
            (
                "message",
                {
                    "heading": "A message",
                    "text": "<p>Why.</p>",
                    "recommendations": [Recommendation.objects.get(identifier="HR23-WG2-R01")],
                },
            )
        ],
    )
    html = client.get(f"/ja{messages.url[3:]}").content.decode()
    assert 'href="/ja/recommendations/HR23-WG2-R01/"' in html
