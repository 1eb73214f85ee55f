"""Recommendation identifiers are the same in every language: translators never see them."""

import pytest
from wagtail.models import Locale
from wagtail_localize.segments import OverridableSegmentValue, StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from outputs.factories import (
    KeyMessagesPageFactory,
    RecommendationFactory,
    WorkingGroupReportPageFactory,
)
from seminar_pages.factories import WorkingGroupPageFactory
from tests.seminar_pages.test_translation import publish, translate, translate_all_strings

pytestmark = pytest.mark.django_db


def key_messages(edition, identifiers):
    return KeyMessagesPageFactory(
        parent=edition,
        messages=[
            (
                "message",
                {"heading": "Involve NHRIs", "text": "<p>Why.</p>", "recommendations": identifiers},
            )
        ],
    )


def test_key_messages_offer_translators_their_text_but_not_their_identifiers(edition):
    page = key_messages(edition, "HR23-WG1-R01, HR23-WG2-R03")
    segments = extract_segments(page)
    paths = {segment.path.rsplit(".", 1)[-1] for segment in segments}
    assert "heading" in paths
    assert "recommendations" not in paths
    texts = [
        segment.render_text() for segment in segments if isinstance(segment, StringSegmentValue)
    ]
    assert not any("HR23-WG1-R01" in text for text in texts)


def test_recommendation_identifiers_are_not_offered_to_override(edition):
    group = WorkingGroupPageFactory(parent=edition, number=1)
    report = WorkingGroupReportPageFactory(
        parent=group, recommendations=[RecommendationFactory.build(text="Review the law.")]
    )
    segments = extract_segments(report)
    by_field = {segment.path.rsplit(".", 1)[-1]: segment for segment in segments}
    assert isinstance(by_field["text"], StringSegmentValue)
    assert "identifier" not in by_field
    assert not any(isinstance(segment, OverridableSegmentValue) for segment in segments)


def test_translated_key_messages_keep_and_follow_the_source_identifiers(
    edition, django_capture_on_commit_callbacks
):
    french = Locale.objects.get(language_code="fr")
    source = key_messages(edition, "HR23-WG1-R01")
    job = translate(source, french)
    translate_all_strings(job, prefix="FR")
    publish(job, None, django_capture_on_commit_callbacks)
    translated = source.get_translation(french)
    message = translated.messages[0].value
    assert message["heading"] == "FR: Involve NHRIs"
    assert message["recommendations"] == "HR23-WG1-R01"

    source.messages[0].value["recommendations"] = "HR23-WG2-R03"
    source.save_revision().publish()
    job.source.update_from_db()
    publish(job, None, django_capture_on_commit_callbacks)
    translated.refresh_from_db()
    assert translated.messages[0].value["recommendations"] == "HR23-WG2-R03"
