"""The reporting workflow: rapporteurs draft and submit, the group's moderators review, the
ASEF Secretariat approves and publishes (or asks the Steering Committee); the due date of
first drafts, the dashboard panel and the reminders to rapporteurs."""

import datetime
import io

import pytest
import time_machine
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import TaskState, Workflow, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from outputs import reporting
from outputs.factories import RecommendationFactory, WorkingGroupReportPageFactory
from outputs.models import ReportReminder, SecretariatApprovalTask, WorkingGroupModeratorTask
from seminar_pages import access
from seminar_pages.factories import WorkingGroupPageFactory
from tests.utils import make_user

pytestmark = pytest.mark.django_db

reporting_migration = __import__(
    "outputs.migrations.0005_reporting_workflow", fromlist=["create_workflow"]
)

LAST_DAY = datetime.date(2025, 11, 12)
DUE = LAST_DAY + datetime.timedelta(days=7)


def at(day, hour=9):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour)), tick=False)


@pytest.fixture
def groups(edition):
    edition.start_date = datetime.date(2025, 11, 10)
    edition.end_date = LAST_DAY
    edition.status = edition.Status.AUTOMATIC
    edition.save_revision().publish()
    return (
        WorkingGroupPageFactory(parent=edition, number=1, title="WG-ONE", slug="wg-1"),
        WorkingGroupPageFactory(parent=edition, number=2, title="WG-TWO", slug="wg-2"),
        WorkingGroupPageFactory(parent=edition, number=3, title="WG-THREE", slug="wg-3"),
    )


@pytest.fixture
def people(groups, django_user_model):
    secretary = make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    steering = make_user(
        django_user_model, "steering", groups=[Group.objects.get(name=access.STEERING_COMMITTEE)]
    )
    editor = make_user(
        django_user_model, "editor", groups=[Group.objects.get(name=access.PUBLIC_EDITORS)]
    )
    people = {"secretary": secretary, "steering": steering, "editor": editor}
    one, two, _three = groups
    for name, group, role in (
        ("rapporteur", one, "rapporteur"),
        ("moderator", one, "moderator"),
        ("member", one, "member"),
        ("other_moderator", two, "moderator"),
        ("other_rapporteur", two, "rapporteur"),
    ):
        people[name] = make_user(django_user_model, name)
        people[name].email = f"{name}@example.org"
        people[name].save()
        access.grant_role(secretary, people[name], group, role)
    return people


def report_of(group, title="REPORT-ONE draft"):
    return WorkingGroupReportPageFactory(
        parent=group,
        title=title,
        slug="report",
        publish=False,
        recommendations=[RecommendationFactory.build(text="A recommendation.")],
    )


def submit(report, user):
    return report.get_workflow().start(report, user)


def act(report, user, action, comment=""):
    state = WorkflowState.objects.for_instance(report).get(status="in_progress")
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, action, comment=comment)
    state.refresh_from_db()
    return state


def actions_of(report, user):
    report = report.specific_class.objects.get(pk=report.pk)
    task = report.current_workflow_task
    return {name for name, _label, _modal in task.get_actions(report, user)}


def edit_form_data(report, action):
    recommendation = report.recommendations.get()
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
            "summary": rich_text("<p>The discussion in brief.</p>"),
            "recommendations": inline_formset(
                [{"id": recommendation.pk, "text": recommendation.text, "level": "national"}],
                initial=1,
            ),
            "chatham_override_reason": "",
            action: action,
        }
    )
    return nested_form_data(data)


# The workflow --------------------------------------------------------------------------


def test_reports_are_assigned_the_reporting_workflow_with_its_three_steps(groups):
    report = report_of(groups[0])
    workflow = report.get_workflow()
    assert workflow.name == "Reporting by working groups"
    tasks = [task.specific for task in workflow.tasks]
    assert [type(task) for task in tasks[:2]] == [
        WorkingGroupModeratorTask,
        SecretariatApprovalTask,
    ]
    assert tasks[2].name == "Steering Committee approval"


def test_rapporteur_submits_the_report_to_the_moderators_from_the_editor(client, groups, people):
    report = report_of(groups[0])
    client.force_login(people["rapporteur"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[report.pk]),
        edit_form_data(report, "action-submit"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    state = report.current_workflow_state
    assert state.requested_by == people["rapporteur"]
    assert isinstance(state.current_task_state.task.specific, WorkingGroupModeratorTask)


def test_only_the_moderators_of_the_reports_group_may_act_at_the_review(groups, people):
    report = report_of(groups[0])
    submit(report, people["rapporteur"])
    assert actions_of(report, people["moderator"]) == {"approve", "reject"}
    for who in ("other_moderator", "member", "rapporteur", "secretary", "steering", "editor"):
        assert actions_of(report, people[who]) == set(), who
    task = WorkingGroupModeratorTask.objects.get()
    assert task.get_task_states_user_can_moderate(people["moderator"]).count() == 1
    assert not task.get_task_states_user_can_moderate(people["other_moderator"]).exists()
    assert not task.user_can_access_editor(report, people["other_moderator"])


def test_moderator_of_another_group_is_refused_the_action_view(client, groups, people):
    report = report_of(groups[0])
    state = submit(report, people["rapporteur"])
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[report.pk, "approve", state.current_task_state.pk],
    )
    for who in ("other_moderator", "member"):
        client.force_login(people[who])
        response = client.post(url)
        assert response.status_code in (302, 403, 404), who
        state.refresh_from_db()
        assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
        assert isinstance(state.current_task_state.task.specific, WorkingGroupModeratorTask)


def test_moderator_sends_the_report_back_with_a_comment(client, groups, people):
    report = report_of(groups[0])
    state = submit(report, people["rapporteur"])
    client.force_login(people["moderator"])
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[report.pk, "reject", state.current_task_state.pk],
        ),
        {"comment": "Please shorten the summary."},
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Please shorten the summary."
    assert state.current_task_state.finished_by == people["moderator"]
    report.refresh_from_db()
    assert not report.live


def test_moderator_approves_and_the_secretariat_approves_and_publishes(groups, people):
    report = report_of(groups[0])
    submit(report, people["rapporteur"])
    state = act(report, people["moderator"], "approve")
    assert isinstance(state.current_task_state.task.specific, SecretariatApprovalTask)
    assert actions_of(report, people["secretary"]) == {"approve", "reject", "consult"}
    for who in ("moderator", "rapporteur", "steering", "other_moderator"):
        assert actions_of(report, people[who]) == set(), who
    state = act(report, people["secretary"], "approve")
    assert state.status == WorkflowState.STATUS_APPROVED
    report.refresh_from_db()
    assert report.live
    assert state.task_states.get(task__name="Steering Committee approval").status == (
        TaskState.STATUS_SKIPPED
    )


def test_secretariat_asks_the_steering_committee_whose_approval_publishes(groups, people):
    report = report_of(groups[0])
    submit(report, people["rapporteur"])
    act(report, people["moderator"], "approve")
    state = act(report, people["secretary"], "consult", comment="Sensitive: please read.")
    assert state.current_task_state.task.name == "Steering Committee approval"
    report.refresh_from_db()
    assert not report.live
    assert "approve" in actions_of(report, people["steering"])
    act(report, people["steering"], "approve")
    report.refresh_from_db()
    assert report.live


def test_a_group_without_moderator_goes_straight_to_the_secretariat(groups, people):
    report = report_of(groups[2], title="REPORT-THREE")
    state = submit(report, people["secretary"])
    assert isinstance(state.current_task_state.task.specific, SecretariatApprovalTask)


def test_the_migration_moves_reports_to_the_reporting_workflow_and_back(groups):
    report = report_of(groups[0])
    approval = Workflow.objects.get(name="Approval of outputs")
    WorkflowPage.objects.filter(page=report).update(workflow=approval)
    reporting_migration.create_workflow(django_apps, None)
    assert WorkflowPage.objects.get(page=report).workflow.name == "Reporting by working groups"
    reporting_migration.delete_workflow(django_apps, None)
    assert WorkflowPage.objects.get(page=report).workflow == approval
    assert not Workflow.objects.filter(name="Reporting by working groups").exists()
    assert not WorkingGroupModeratorTask.objects.exists()
    reporting_migration.create_workflow(django_apps, None)
    assert WorkflowPage.objects.get(page=report).workflow.name == "Reporting by working groups"


# Due dates -----------------------------------------------------------------------------


def test_first_drafts_are_due_seven_days_after_the_last_day(groups):
    edition = groups[0].get_parent().specific
    assert edition.reports_due == DUE


def test_the_edition_may_set_its_own_due_date(groups):
    edition = groups[0].get_parent().specific
    edition.reports_due_on = datetime.date(2025, 12, 1)
    assert edition.reports_due == datetime.date(2025, 12, 1)


def test_an_edition_without_dates_has_no_due_date(edition):
    edition.start_date = edition.end_date = edition.reports_due_on = None
    assert edition.reports_due is None


def test_a_one_day_edition_is_due_a_week_after_its_day(edition):
    edition.start_date, edition.end_date = datetime.date(2025, 3, 3), None
    assert edition.reports_due == datetime.date(2025, 3, 10)


# The dashboard panel -------------------------------------------------------------------


def panel_rows(user, day):
    with at(day):
        return reporting.report_rows(user)


def test_panel_lists_overdue_reports_first_with_state_due_date_and_holders(groups, people):
    one, two, _three = groups
    report_one = report_of(one)
    report_two = report_of(two, title="REPORT-TWO")
    submit(report_one, people["rapporteur"])
    rows = panel_rows(people["secretary"], DUE + datetime.timedelta(days=1))
    assert [(row.working_group.title, row.state, row.overdue) for row in rows] == [
        ("WG-TWO", "draft", True),
        ("WG-THREE", "not_started", True),
        ("WG-ONE", "in_moderation", False),
    ]
    assert rows[0].report.pk == report_two.pk
    assert rows[0].holders == ["other_rapporteur"]
    assert rows[2].task_name == "Review by the working group's moderators"
    assert rows[2].holders == ["moderator"]
    assert all(row.due == DUE for row in rows)


def test_panel_shows_a_rapporteur_only_their_own_group(client, groups, people):
    report_of(groups[0])
    report_of(groups[1], title="REPORT-TWO")
    rows = panel_rows(people["rapporteur"], DUE)
    assert [row.working_group.title for row in rows] == ["WG-ONE"]
    client.force_login(people["rapporteur"])
    with at(DUE):
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "REPORT-ONE draft" in html
    assert "REPORT-TWO" not in html and "WG-TWO" not in html


def test_panel_is_not_drawn_for_people_without_a_reporting_role(client, groups, people):
    report_of(groups[0])
    for who in ("member", "editor"):
        client.force_login(people[who])
        with at(DUE):
            html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "working-group-reports" not in html, who
        assert "REPORT-ONE" not in html, who


def test_panel_shows_the_secretariat_every_group(client, groups, people):
    report_of(groups[0])
    client.force_login(people["secretary"])
    with at(DUE):
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "working-group-reports" in html
    for title in ("WG-ONE", "WG-TWO", "WG-THREE", "REPORT-ONE draft"):
        assert title in html


def test_no_current_edition_once_reported(groups, people):
    edition = groups[0].get_parent().specific
    edition.status = edition.Status.REPORTED
    edition.save_revision().publish()
    assert panel_rows(people["secretary"], DUE) == []


# Reminders -----------------------------------------------------------------------------


def remind(*args):
    out = io.StringIO()
    call_command("send_report_reminders", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def sent_to(username):
    return [message for message in mail.outbox if message.to == [f"{username}@example.org"]]


def test_reminders_are_sent_once_a_day_from_two_days_before(groups, people):
    report_of(groups[0])
    with at(DUE - datetime.timedelta(days=3)):
        remind()
    assert mail.outbox == []
    with at(DUE - datetime.timedelta(days=2)):
        remind()
    with at(DUE - datetime.timedelta(days=2), hour=17):
        remind()
    assert len(sent_to("rapporteur")) == 1
    assert len(sent_to("other_rapporteur")) == 1
    with at(DUE + datetime.timedelta(days=1)):
        remind()
    assert len(sent_to("rapporteur")) == 2
    assert "Overdue" in sent_to("rapporteur")[-1].subject
    assert ReportReminder.objects.filter(user=people["rapporteur"]).count() == 2
    # Nobody else is reminded.
    assert {message.to[0] for message in mail.outbox} == {
        "rapporteur@example.org",
        "other_rapporteur@example.org",
    }


def test_no_reminder_once_the_first_draft_is_submitted(groups, people):
    report = report_of(groups[0])
    submit(report, people["rapporteur"])
    with at(DUE):
        remind()
    assert sent_to("rapporteur") == []
    assert len(sent_to("other_rapporteur")) == 1


def test_reminder_is_written_in_the_rapporteurs_language(groups, people):
    report_of(groups[0])
    UserProfile.objects.update_or_create(
        user=people["rapporteur"], defaults={"preferred_language": "fr"}
    )
    with at(DUE):
        remind()
    (french,) = sent_to("rapporteur")
    (english,) = sent_to("other_rapporteur")
    assert french.extra_headers["Content-Language"] == "fr"
    assert "19 novembre 2025" in french.subject and "19 novembre 2025" in french.body
    assert english.extra_headers["Content-Language"] == "en"
    assert "19 November 2025" in english.subject
    assert "WG-ONE" in french.body
    assert f"/admin/pages/{groups[0].get_children().get().pk}/edit/" in french.body


def test_dry_run_prints_the_reminders_and_sends_nothing(groups, people):
    report_of(groups[0])
    with at(DUE):
        output = remind("--dry-run")
    assert "Would send to rapporteur <rapporteur@example.org> [en]" in output
    assert mail.outbox == []
    assert not ReportReminder.objects.exists()


def test_failed_sends_exit_with_an_error_and_are_tried_again(groups, people, monkeypatch):
    report_of(groups[0])

    def fail(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", fail)
    with at(DUE), pytest.raises(CommandError, match="mail server down"):
        remind()
    assert not ReportReminder.objects.exists()
    monkeypatch.undo()
    with at(DUE):
        remind()
    assert len(sent_to("rapporteur")) == 1


def test_without_a_current_edition_the_command_says_so(groups, people):
    with at(datetime.date(2025, 1, 1)):
        output = remind()
    assert "No edition is being reported on" in output
    assert mail.outbox == []


def test_submission_emails_the_moderators_of_the_group_only(groups, people):
    people["secretary"].email = "secretary@example.org"
    people["secretary"].save()
    report = report_of(groups[0])
    submit(report, people["rapporteur"])
    assert [message.to for message in mail.outbox] == [["moderator@example.org"]]
    mail.outbox.clear()
    act(report, people["moderator"], "approve")
    assert ["secretary@example.org"] in [message.to for message in mail.outbox]
    assert ["other_moderator@example.org"] not in [message.to for message in mail.outbox]


def test_sample_content_leaves_a_current_report_in_moderation(django_user_model):
    call_command("load_seminar_archive", stdout=io.StringIO())
    call_command("load_sample_content", stdout=io.StringIO())
    secretary = make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    rows = panel_rows(secretary, datetime.date(2026, 12, 2))
    assert rows[0].working_group.get_parent().specific.number == 24
    assert [row.state for row in rows].count("in_moderation") == 1
    (row,) = [row for row in rows if row.state == "in_moderation"]
    assert row.report.is_sample_content and not row.report.live
