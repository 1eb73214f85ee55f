"""The Chatham House guard holds on every way a page goes live, not only in the admin form.

The world: the 23rd edition with a working group, a participant (Amara Okonkwo-Lindqvist),
a participant whose record gives her name in Japanese script (Taro Yamada, 山田太郎), the
group's rapporteur (Bao Nguyễn Thị), the Secretariat and a Steering Committee member.
"""

import datetime
import logging

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, PageLogEntry, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from outputs import chatham
from outputs.factories import (
    KeyMessagesPageFactory,
    RecommendationFactory,
    WorkingGroupReportPageFactory,
)
from outputs.models import WorkingGroupReportPage
from outputs.publishing import PublicationRefused
from seminar_pages import access
from seminar_pages.factories import WorkingGroupPageFactory
from seminar_pages.models import EditionParticipant

pytestmark = pytest.mark.django_db

NAMED = "<p>As Amara Okonkwo-Lindqvist said in the session.</p>"
CLEAN = "<p>The discussion in brief.</p>"
RICH_FIELDS = (
    "gaps_national",
    "gaps_regional",
    "gaps_international",
    "lessons_learned",
    "promising_practices",
    "challenges",
)


@pytest.fixture
def world(edition, django_user_model):
    group = WorkingGroupPageFactory(parent=edition, number=1, slug="wg-1")
    EditionParticipant.objects.create(edition=edition, name="Amara Okonkwo-Lindqvist")
    EditionParticipant.objects.create(
        edition=edition, name="Taro Yamada", names_in_other_scripts="山田太郎\nЯмада Таро"
    )
    secretary = django_user_model.objects.create_user("secretary", password="x", is_staff=True)
    secretary.groups.add(Group.objects.get(name=access.SECRETARIAT))
    steering = django_user_model.objects.create_user("steering", password="x", is_staff=True)
    steering.groups.add(Group.objects.get(name=access.STEERING_COMMITTEE))
    rapporteur = django_user_model.objects.create_user(
        "rapporteur", password="x", first_name="Bao", last_name="Nguyễn Thị"
    )
    access.grant_role(secretary, rapporteur, group, "rapporteur")
    return {
        "edition": edition,
        "group": group,
        "secretary": secretary,
        "steering": steering,
        "rapporteur": rapporteur,
    }


def draft_report(world, summary=NAMED, recommendation="Review the laws."):
    return WorkingGroupReportPageFactory(
        parent=world["group"],
        publish=False,
        summary=summary,
        recommendations=[RecommendationFactory.build(text=recommendation)],
    )


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def overridden(page, by, names=("Amara Okonkwo-Lindqvist",), reason="Name of a prize."):
    page = fresh(page)
    page.chatham_override_note = reason
    page.chatham_override_names = list(names)
    page.chatham_override_by = by
    return page


# Code


def test_publishing_a_revision_from_code_that_names_a_participant_is_refused(world):
    report = draft_report(world)
    with pytest.raises(PublicationRefused) as refused:
        report.save_revision().publish()
    assert [match.name for match in refused.value.matches] == ["Amara Okonkwo-Lindqvist"]
    assert not fresh(report).live


def test_the_revision_is_checked_not_the_page_row(world):
    report = draft_report(world, summary=CLEAN)
    report = fresh(report)
    report.summary = NAMED
    revision = report.save_revision()
    # The page row still holds the clean draft; the revision carries the name.
    assert "Amara" not in WorkingGroupReportPage.objects.get(pk=report.pk).summary
    with pytest.raises(PublicationRefused):
        revision.publish()
    assert not fresh(report).live


def test_a_name_in_a_recommendation_of_the_revision_is_refused(world):
    report = draft_report(world, summary=CLEAN, recommendation="As Bao Nguyen Thi proposed.")
    with pytest.raises(PublicationRefused) as refused:
        report.get_latest_revision().publish()
    assert refused.value.matches[0].where.startswith("Recommendation 1")
    assert not fresh(report).live


def test_clean_text_publishes_from_code(world):
    report = draft_report(world, summary=CLEAN)
    report.get_latest_revision().publish()
    assert fresh(report).live


# The override travels with the revision


def test_a_secretariat_override_in_the_revision_lets_it_publish(world):
    page = overridden(draft_report(world), world["secretary"])
    page.save_revision().publish()
    assert fresh(page).live


def test_an_override_recorded_by_someone_outside_the_secretariat_is_refused(world):
    page = overridden(draft_report(world), world["rapporteur"])
    with pytest.raises(PublicationRefused):
        page.save_revision().publish()
    assert not fresh(page).live


def test_an_override_covers_only_the_names_it_names(world):
    page = overridden(draft_report(world), world["secretary"])
    page.summary = NAMED + "<p>Bao Nguyễn Thị agreed.</p>"
    with pytest.raises(PublicationRefused) as refused:
        page.save_revision().publish()
    assert [match.name for match in refused.value.matches] == ["Bao Nguyễn Thị"]


def test_the_override_is_saved_in_the_revision_content(world):
    page = overridden(draft_report(world), world["secretary"])
    revision = page.save_revision()
    content = revision.as_object()
    assert content.chatham_override_note == "Name of a prize."
    assert content.chatham_override_names == ["Amara Okonkwo-Lindqvist"]
    assert content.chatham_override_by_id == world["secretary"].pk


def test_an_override_by_someone_who_has_since_left_the_secretariat_is_refused(world):
    page = overridden(draft_report(world), world["secretary"])
    revision = page.save_revision()
    world["secretary"].groups.clear()
    with pytest.raises(PublicationRefused):
        revision.publish()


def admin_data(page, summary, **extra):
    data = {field: rich_text("") for field in RICH_FIELDS}
    recommendation = page.recommendations.get()
    data.update(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": rich_text(summary),
            "recommendations": inline_formset(
                [{"id": recommendation.pk, "text": recommendation.text, "level": "national"}],
                initial=1,
            ),
            "chatham_override_reason": "",
        }
    )
    data.update(extra)
    return nested_form_data(data)


def test_override_given_when_scheduling_is_honoured_by_publish_scheduled(client, world):
    report = draft_report(world)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    client.force_login(world["secretary"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[report.pk]),
        admin_data(
            report,
            NAMED,
            go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
            chatham_override_reason="A prize named after her, not a statement.",
            **{"action-publish": "publish"},
        ),
    )
    assert response.status_code == 302
    assert not fresh(report).live
    revision = fresh(report).get_latest_revision()
    assert revision.approved_go_live_at is not None
    assert revision.content["chatham_override_names"] == ["Amara Okonkwo-Lindqvist"]
    with time_machine.travel(go_live + datetime.timedelta(minutes=5)):
        call_command("publish_scheduled")
    assert fresh(report).live
    assert PageLogEntry.objects.filter(
        page=report, action="seminar_pages.chatham_override"
    ).exists()


def test_a_rapporteur_cannot_set_an_override_through_the_form(client, world):
    report = draft_report(world)
    client.force_login(world["rapporteur"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[report.pk]),
        admin_data(report, NAMED, chatham_override_reason="I insist."),
    )
    assert response.status_code == 302
    revision = fresh(report).get_latest_revision()
    assert revision.content["chatham_override_names"] == []
    assert revision.content["chatham_override_by"] is None


def test_publish_scheduled_skips_a_refused_revision_logs_it_and_publishes_the_others(world, caplog):
    named = draft_report(world)
    clean = KeyMessagesPageFactory(parent=world["edition"], publish=False)
    past = timezone.now() - datetime.timedelta(minutes=5)
    # Scheduled before the participant was known to the guard, or before the guard existed.
    for page in (named, clean):
        revision = page.get_latest_revision()
        revision.approved_go_live_at = past
        revision.save(update_fields=["approved_go_live_at"])
    with caplog.at_level(logging.ERROR, logger="outputs"):
        call_command("publish_scheduled")
    assert not fresh(named).live
    assert fresh(clean).live
    assert any("Chatham House" in record.getMessage() for record in caplog.records)
    assert fresh(named).get_latest_revision().approved_go_live_at is None
    assert PageLogEntry.objects.filter(page=named, action="outputs.publication_refused").exists()


def test_a_later_revision_adding_another_name_is_refused_when_the_schedule_comes(world):
    page = overridden(draft_report(world), world["secretary"])
    go_live = timezone.now() + datetime.timedelta(hours=1)
    page.go_live_at = go_live
    page.save_revision().publish()
    assert fresh(page).get_latest_revision().approved_go_live_at is not None
    later = fresh(page)
    later.summary = NAMED + "<p>Taro Yamada disagreed.</p>"
    with pytest.raises(PublicationRefused) as refused:
        later.save_revision().publish()
    assert [match.name for match in refused.value.matches] == ["Taro Yamada"]
    with time_machine.travel(go_live + datetime.timedelta(minutes=5)):
        call_command("publish_scheduled")
    # The override-covered revision was scheduled and still goes live; the new one did not.
    live = fresh(page)
    assert live.live
    assert "Taro Yamada" not in live.summary


# Workflow approval


def start_workflow(world, report):
    """Submit the report and let its moderator pass it on: the Secretariat's step publishes."""
    access.grant_role(world["secretary"], world["rapporteur"], world["group"], "moderator")
    state = report.get_workflow().start(report, world["rapporteur"])
    approve(state.current_task_state, world["rapporteur"])
    state.refresh_from_db()
    return state, state.current_task_state


def approve(task_state, user):
    """Approve as the admin does: with the task state and its page read afresh."""
    task_state = TaskState.objects.get(pk=task_state.pk).specific
    task_state.task.specific.on_action(task_state, user, "approve")


def test_approving_a_named_report_in_the_workflow_is_refused_without_half_approval(world):
    report = draft_report(world)
    workflow_state, task_state = start_workflow(world, report)
    with pytest.raises(PublicationRefused):
        approve(task_state, world["secretary"])
    assert not fresh(report).live
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.get(pk=workflow_state.pk).status == "in_progress"


def test_a_revision_saved_after_submission_is_checked_on_approval(world):
    report = draft_report(world, summary=CLEAN)
    _state, task_state = start_workflow(world, report)
    later = fresh(report)
    later.summary = NAMED
    later.save_revision(user=world["rapporteur"])
    with pytest.raises(PublicationRefused):
        approve(task_state, world["secretary"])
    assert not fresh(report).live


def test_approval_from_the_dashboard_is_refused_with_a_message(client, world):
    report = draft_report(world)
    _state, task_state = start_workflow(world, report)
    client.force_login(world["secretary"])
    url = reverse("wagtailadmin_pages:workflow_action", args=[report.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    assert response.json()["step"] == "success"
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Amara Okonkwo-Lindqvist" in message for message in messages)
    assert not fresh(report).live
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_approval_from_a_plain_form_post_is_refused_with_a_message(client, world):
    report = draft_report(world)
    _state, task_state = start_workflow(world, report)
    client.force_login(world["secretary"])
    url = reverse("wagtailadmin_pages:workflow_action", args=[report.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""}, follow=True)
    assert response.status_code == 200
    assert "Amara Okonkwo-Lindqvist" in response.content.decode()
    assert not fresh(report).live


# Bulk publish


def test_bulk_publish_refuses_all_when_one_names_a_participant(client, world):
    named = draft_report(world)
    clean = KeyMessagesPageFactory(parent=world["edition"], publish=False)
    client.force_login(world["secretary"])
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    response = client.post(
        f"{url}?id={named.pk}&id={clean.pk}", {"include_descendants": ""}, follow=True
    )
    assert response.status_code == 200
    assert "Amara Okonkwo-Lindqvist" in response.content.decode()
    assert not fresh(named).live
    assert not fresh(clean).live


# Translations and names in other scripts


@pytest.fixture
def japanese_job(world, django_capture_on_commit_callbacks):
    """A Japanese translation of live Key Messages (a draft until the Secretariat publishes)."""
    japanese, _ = Locale.objects.get_or_create(language_code="ja")
    page = KeyMessagesPageFactory(parent=world["edition"])
    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(world["secretary"], [japanese]).create_translations(page)
    return Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(page), target_locale=japanese
    )


def translate_strings(job, text):
    for segment in StringSegment.objects.filter(source=job.source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=job.target_locale,
            context=segment.context,
            defaults={"data": text if "Why" in segment.string.data else segment.string.data},
        )


@pytest.fixture
def live_japanese(world, japanese_job, django_capture_on_commit_callbacks):
    translate_strings(japanese_job, "理由。")
    with django_capture_on_commit_callbacks(execute=True):
        japanese_job.save_target(user=world["secretary"], publish=True)
    target = fresh(japanese_job.get_target_instance())
    assert target.live and "理由" in str(target.messages.raw_data)
    return japanese_job


def test_publishing_a_translation_naming_a_participant_in_her_script_is_refused(
    world, japanese_job, django_capture_on_commit_callbacks
):
    translate_strings(japanese_job, "会議で山田太郎が提案した。")
    with pytest.raises(PublicationRefused) as refused:
        with django_capture_on_commit_callbacks(execute=True):
            japanese_job.save_target(user=world["secretary"], publish=True)
    assert refused.value.matches[0].name == "山田太郎"
    assert not fresh(japanese_job.get_target_instance()).live


def test_a_live_translation_cannot_come_to_name_a_participant(world, live_japanese):
    translate_strings(live_japanese, "会議で山田太郎が提案した。")
    # wagtail-localize writes the live row before it publishes: the save itself is refused.
    with pytest.raises(PublicationRefused):
        live_japanese.save_target(user=world["secretary"], publish=True)
    target = fresh(live_japanese.get_target_instance())
    assert target.live
    assert "山田太郎" not in str(target.messages.raw_data)


def test_the_translation_editor_refuses_publication_with_a_message(client, world, live_japanese):
    translate_strings(live_japanese, "会議で山田太郎が提案した。")
    target = live_japanese.get_target_instance()
    client.force_login(world["secretary"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"}
    )
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("山田太郎" in message for message in messages)
    assert fresh(target).live
    assert "山田太郎" not in str(fresh(target).messages.raw_data)


def test_an_override_of_the_source_covers_the_same_name_in_its_translation(
    world, japanese_job, django_capture_on_commit_callbacks
):
    source = overridden(japanese_job.source.get_source_instance(), world["secretary"])
    source.messages = [
        ("message", {"heading": "A", "text": "<p>The Amara Okonkwo-Lindqvist Prize.</p>"})
    ]
    source.save_revision().publish()
    japanese_job.source.update_from_db()
    translate_strings(japanese_job, "理由。")
    with django_capture_on_commit_callbacks(execute=True):
        japanese_job.save_target(user=world["secretary"], publish=True)
    assert fresh(japanese_job.get_target_instance()).live


def test_names_in_scripts_without_spaces_are_found_inside_words():
    texts = [
        ("ja", "会議で山田太郎が提案した。"),
        ("th", "ข้อเสนอของสมชายใจดีได้รับการสนับสนุน"),
        ("ko", "김민준은 이렇게 말했다"),
        ("ru", "Как сказал Ямада Таро,"),
    ]
    names = ["山田太郎", "สมชาย ใจดี", "김민준", "Ямада Таро"]
    assert [match.where for match in chatham.find_name_matches(texts, names)] == [
        "ja",
        "th",
        "ko",
        "ru",
    ]


def test_latin_names_still_match_whole_words_only():
    matches = chatham.find_name_matches([("Body", "Li Weiss and Li Wei.")], ["Li Wei"])
    assert len(matches) == 1


def test_protected_names_include_other_scripts_and_role_holders_in_either_order(
    world, django_user_model
):
    holder = django_user_model.objects.create_user("holder", first_name="太郎", last_name="鈴木")
    access.grant_role(world["secretary"], holder, world["group"], "member")
    names = chatham.protected_names(world["edition"])
    assert {"山田太郎", "Ямада Таро", "Bao Nguyễn Thị", "Nguyễn Thị Bao"} <= set(names)
    assert "鈴木太郎" in names
