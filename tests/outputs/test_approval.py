"""The Steering Committee approves outputs through a Wagtail workflow."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from outputs.factories import (
    KeyMessagesPageFactory,
    RecommendationFactory,
    WorkingGroupReportPageFactory,
)
from seminar_pages import access
from seminar_pages.factories import WorkingGroupPageFactory
from seminar_pages.models import EditionParticipant

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    secretary = django_user_model.objects.create_user("secretary", password="x")
    secretary.groups.add(Group.objects.get(name=access.SECRETARIAT))
    steering = django_user_model.objects.create_user("steering", password="x")
    steering.groups.add(Group.objects.get(name=access.STEERING_COMMITTEE))
    moderator = django_user_model.objects.create_user("moderator", password="x")
    return {"secretary": secretary, "steering": steering, "moderator": moderator}


def test_outputs_are_assigned_the_steering_committee_approval(edition):
    group = WorkingGroupPageFactory(parent=edition, number=1)
    report = WorkingGroupReportPageFactory(parent=group, publish=False)
    messages = KeyMessagesPageFactory(parent=edition, publish=False)
    assert messages.get_workflow().name == "Approval of outputs"
    # Reports reach the Steering Committee through the reporting workflow's last step.
    assert report.get_workflow().name == "Reporting by working groups"
    assert group.get_workflow() is None or group.get_workflow().name != "Approval of outputs"


def test_steering_committee_approves_a_submitted_report_and_it_goes_live(edition, people):
    group = WorkingGroupPageFactory(parent=edition, number=1)
    access.grant_role(people["secretary"], people["moderator"], group, "moderator")
    report = WorkingGroupReportPageFactory(
        parent=group, publish=False, recommendations=[RecommendationFactory.build()]
    )
    workflow_state = report.get_workflow().start(report, people["moderator"])
    for who, action in (("moderator", "approve"), ("secretary", "consult")):
        task_state = workflow_state.current_task_state
        task_state.task.specific.on_action(task_state, people[who], action)
        workflow_state.refresh_from_db()
    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    assert task.user_can_access_editor(report, people["steering"])
    assert not task.user_can_access_editor(report, people["moderator"])
    task.on_action(task_state, people["steering"], "approve")
    report.refresh_from_db()
    assert report.live


def test_moderator_cannot_submit_a_report_that_names_a_participant(client, edition, people):
    group = WorkingGroupPageFactory(parent=edition, number=1)
    access.grant_role(people["secretary"], people["moderator"], group, "moderator")
    EditionParticipant.objects.create(edition=edition, name="Ilse Vandermeer")
    report = WorkingGroupReportPageFactory(
        parent=group, publish=False, recommendations=[RecommendationFactory.build()]
    )
    recommendation = report.recommendations.get()
    client.force_login(people["moderator"])
    data = {
        field: rich_text("")
        for field in (
            "gaps_national",
            "gaps_regional",
            "gaps_international",
            "lessons_learned",
            "promising_practices",
            "challenges",
        )
    }
    data.update(
        {
            "title": report.title,
            "slug": report.slug,
            "summary": rich_text("<p>As Ilse Vandermeer put it.</p>"),
            "recommendations": inline_formset(
                [{"id": recommendation.pk, "text": recommendation.text, "level": "national"}],
                initial=1,
            ),
            "chatham_override_reason": "",
            "action-submit": "submit",
        }
    )
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[report.pk]), nested_form_data(data)
    )
    assert response.status_code == 200
    assert "Ilse Vandermeer" in " ".join(response.context["form"].errors["chatham_override_reason"])
    report.refresh_from_db()
    assert report.workflow_in_progress is False
