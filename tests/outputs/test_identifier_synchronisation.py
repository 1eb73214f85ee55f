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


def key_messages(edition, recommendations):
    return KeyMessagesPageFactory(
        parent=edition,
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


def recommendations_of(edition, count=2):
    group = WorkingGroupPageFactory(parent=edition, number=1)
    report = WorkingGroupReportPageFactory(
        parent=group, recommendations=[RecommendationFactory.build() for _ in range(count)]
    )
    return list(report.recommendations.order_by("sort_order"))


def test_key_messages_offer_translators_their_text_but_not_their_recommendations(edition):
    page = key_messages(edition, recommendations_of(edition))
    segments = extract_segments(page)
    paths = {segment.path.rsplit(".", 1)[-1] for segment in segments}
    assert "heading" in paths
    assert not any("recommendations" in segment.path for segment in segments)


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


def test_translated_key_messages_keep_and_follow_the_source_recommendations(
    edition, django_capture_on_commit_callbacks
):
    french = Locale.objects.get(language_code="fr")
    first, second = recommendations_of(edition)
    source = key_messages(edition, [first])
    job = translate(source, french)
    translate_all_strings(job, prefix="FR")
    publish(job, None, django_capture_on_commit_callbacks)
    translated = source.get_translation(french)
    message = translated.messages[0].value
    assert message["heading"] == "FR: Involve NHRIs"
    assert list(message["recommendations"]) == [first]

    source.messages[0].value["recommendations"] = [second]
    source.save_revision().publish()
    job.source.update_from_db()
    publish(job, None, django_capture_on_commit_callbacks)
    translated.refresh_from_db()
    assert list(translated.messages[0].value["recommendations"]) == [second]
