"""Wagtail's default groups and workflow are the project's, and whoever holds page rights
from the root is told nothing of closed material.

Every Wagtail site is born with "Editors" and "Moderators" holding page rights from the
root and a "Moderators approval" workflow on the root page (PITFALLS 21, 24). The
"Moderator-like" group below is what an admin could create at any time: Wagtail's
Moderators' page rights on the root page, reviewing a workflow that covers the whole tree.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from seminar_pages import access
from seminar_pages.factories import WorkingGroupPageFactory
from seminar_pages.models import WorkingGroupGroupObjectPermission
from tests.utils import assert_no_marker, login, make_user

pytestmark = pytest.mark.django_db

take_over = importlib.import_module("seminar_pages.migrations.0010_take_over_wagtail_defaults")


def group_rights(group):
    """(model permissions, page permissions, collection permissions) of ``group``."""
    return (
        set(group.permissions.values_list("codename", flat=True)),
        set(
            GroupPagePermission.objects.filter(group=group).values_list(
                "page_id", "permission__codename"
            )
        ),
        set(
            GroupCollectionPermission.objects.filter(group=group).values_list(
                "collection_id", "permission__codename"
            )
        ),
    )


def defaults_state():
    return (
        sorted(Group.objects.values_list("name", flat=True)),
        {group.name: group_rights(group) for group in Group.objects.all()},
        sorted(Workflow.objects.values_list("name", "active")),
        sorted(Task.objects.values_list("name", "active")),
        sorted(WorkflowPage.objects.values_list("workflow__name", "page_id")),
    )


# After migrations --------------------------------------------------------------------------


def test_wagtails_editors_group_is_the_public_section_editors_with_root_page_rights():
    root = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    assert not Group.objects.filter(name="Editors").exists()
    editors = Group.objects.get(name=access.PUBLIC_EDITORS)
    assert group_rights(editors) == (
        {"access_admin"},
        {
            (root.pk, "add_page"),
            (root.pk, "change_page"),
            (root.pk, "publish_page"),
            (root.pk, "lock_page"),
            (root.pk, "unlock_page"),
        },
        {
            (root_collection.pk, "add_document"),
            (root_collection.pk, "change_document"),
            (root_collection.pk, "choose_document"),
        },
    )


def test_wagtails_moderators_group_and_its_workflow_are_gone():
    assert not Group.objects.filter(name="Moderators").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert not WorkflowPage.objects.filter(page=Page.get_first_root_node()).exists()


def test_the_projects_own_workflows_are_untouched():
    workflows = {
        workflow.name: [
            (task.task.name, sorted(task.task.specific.groups.values_list("name", flat=True)))
            if hasattr(task.task.specific, "groups")
            else (task.task.name, type(task.task.specific).__name__)
            for task in WorkflowTask.objects.filter(workflow=workflow)
            .select_related("task")
            .order_by("sort_order")
        ]
        for workflow in Workflow.objects.filter(active=True)
    }
    assert workflows == {
        "Review of translations": [("Secretariat review of translations", [access.SECRETARIAT])],
        "Approval of outputs": [("Steering Committee approval", [access.STEERING_COMMITTEE])],
        "Reporting by working groups": [
            ("Review by the working group's moderators", "WorkingGroupModeratorTask"),
            ("Approval by the ASEF Secretariat", "SecretariatApprovalTask"),
            ("Steering Committee approval", [access.STEERING_COMMITTEE]),
        ],
    }


def test_taking_over_again_changes_nothing():
    before = defaults_state()
    take_over.take_over(django_apps, None)
    assert defaults_state() == before


def test_taking_over_hand_made_defaults_keeps_what_the_project_gave(edition, django_user_model):
    """A site where someone recreated "Editors" and "Moderators" by hand after the takeover:
    Editors' members join the public-section editors; a Moderators group through which the
    Secretariat granted a working-group role loses Wagtail's rights only."""
    root = Page.get_first_root_node()
    editors = Group.objects.create(name="Editors")
    moderators = Group.objects.create(name="Moderators")
    for group in (editors, moderators):
        GroupPagePermission.objects.create(
            group=group, page=root, permission=Permission.objects.get(codename="publish_page")
        )
    editor = make_user(django_user_model, "old-editor", groups=[editors])
    moderator = make_user(django_user_model, "old-moderator", groups=[moderators])
    group_a = WorkingGroupPageFactory(parent=edition, number=1)
    assign_perm("member_of_working_group", moderators, group_a)
    public_editors = Group.objects.get(name=access.PUBLIC_EDITORS)
    rights = group_rights(public_editors)

    take_over.take_over(django_apps, None)

    assert not Group.objects.filter(name="Editors").exists()
    assert list(editor.groups.values_list("name", flat=True)) == [access.PUBLIC_EDITORS]
    assert group_rights(public_editors) == rights
    assert group_rights(Group.objects.get(name="Moderators")) == (set(), set(), set())
    assert list(moderator.groups.values_list("name", flat=True)) == ["Moderators"]
    assert WorkingGroupGroupObjectPermission.objects.filter(group=moderators).count() == 1


# A Moderator-like group: page rights from the root, reviewers of the whole tree -----------


@pytest.fixture
def reviewers(world, django_user_model):
    """A group with Wagtail's Moderators' page rights on the root page (publish, change,
    lock, unlock), reviewing a workflow on the root; its members are a Moderator-like user
    (reads no closed material) and a Steering Committee member (reads all of it)."""
    root = Page.get_first_root_node()
    group = Group.objects.create(name="Reviewers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("publish_page", "change_page", "lock_page", "unlock_page"):
        GroupPagePermission.objects.create(
            group=group, page=root, permission=Permission.objects.get(codename=codename)
        )
    task = GroupApprovalTask.objects.create(name="Reviewers approval")
    task.groups.set([group])
    workflow = Workflow.objects.create(name="Review of everything")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=root)
    steering = Group.objects.get(name=access.STEERING_COMMITTEE)
    users = {
        "moderator_like": make_user(django_user_model, "moderator-like", groups=[group]),
        "steering": make_user(django_user_model, "steering", groups=[group, steering]),
    }
    for user in users.values():
        user.email = f"{user.username}@example.org"
        user.save()
    return users


def submitted(title):
    """The subject of Wagtail's email to a reviewer of the task."""
    return (
        f'The page "{title}" has been submitted for approval in moderation stage '
        '"Reviewers approval"'
    )


def lock(page, user):
    # After submitting: saving a revision unlocks the page.
    Page.objects.filter(pk=page.pk).update(locked=True, locked_by=user, locked_at=timezone.now())


def submit(page, user):
    workflow = page.get_workflow()
    assert workflow.name == "Review of everything"
    page.save_revision(user=user)
    return workflow.start(page, user)


def test_moderator_like_reviewer_is_emailed_of_public_pages_but_not_of_closed_notes(
    world, reviewers
):
    mail.outbox.clear()
    submit(world["group_b"], world["secretary"])
    submit(world["notes"], world["secretary"])
    sent = sorted((message.to, message.subject) for message in mail.outbox)
    group_b, notes = world["group_b"].title, world["notes"].title
    assert sent == [
        (["moderator-like@example.org"], submitted(group_b)),
        (["steering@example.org"], submitted(notes)),
        (["steering@example.org"], submitted(group_b)),
    ]


@pytest.mark.parametrize("keeps_role", [True, False])
def test_submitter_is_told_of_the_approval_only_while_they_may_see_the_notes(
    world, reviewers, django_user_model, keeps_role
):
    note_taker = make_user(django_user_model, "note-taker")
    note_taker.email = "note-taker@example.org"
    note_taker.save()
    access.grant_role(world["secretary"], note_taker, world["group_a"], "note_taker")
    workflow_state = submit(world["notes"], note_taker)
    if not keeps_role:
        access.revoke_role(world["secretary"], note_taker, world["group_a"], "note_taker")
    mail.outbox.clear()
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, reviewers["steering"], "approve")
    sent = [(message.to, "MARKER-NOTES-TITLE" in message.subject) for message in mail.outbox]
    assert sent == ([(["note-taker@example.org"], True)] if keeps_role else [])


def test_moderator_like_reviewer_sees_no_submitted_notes_on_the_dashboard(client, world, reviewers):
    submit(world["notes"], world["secretary"])
    response = login(client, reviewers, "moderator_like").get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Awaiting your review" not in response.content.decode()
    assert_no_marker(response)
    client.logout()
    response = login(client, reviewers, "steering").get(reverse("wagtailadmin_home"))
    assert "Awaiting your review" in response.content.decode()
    assert "MARKER-NOTES-TITLE" in response.content.decode()


def test_submitter_who_lost_sight_of_the_notes_finds_them_on_no_dashboard_panel(
    client, world, reviewers, django_user_model
):
    note_taker = make_user(django_user_model, "note-taker")
    for group in ("group_a", "group_b"):
        access.grant_role(world["secretary"], note_taker, world[group], "note_taker")
    notes = world["notes"]
    PageLogEntry.objects.log_action(notes, "wagtail.edit", user=note_taker)
    submit(notes, note_taker)
    lock(notes, note_taker)
    access.revoke_role(world["secretary"], note_taker, world["group_a"], "note_taker")
    client.force_login(note_taker)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert_no_marker(response)


def test_site_summary_counts_only_the_pages_the_user_may_see(client, world):
    root = Page.get_first_root_node()
    visible = access.admin_pages(world["public_editor"], root.get_descendants()).count()
    assert visible < root.get_descendants().count()
    response = login(client, world, "public_editor").get(reverse("wagtailadmin_home"))
    assert f"{visible} Pages" in response.content.decode()


def test_site_history_names_a_deleted_closed_page_only_to_readers_of_all_material(client, world):
    notes, group_b = world["notes"], world["group_b"]
    group_b.title = "Renamed public group"
    group_b.save_revision(user=world["secretary"], log_action=True)
    login(client, world, "secretary")
    response = client.post(reverse("wagtailadmin_pages:delete", args=[notes.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=notes.pk).exists()
    history = reverse("wagtailadmin_reports:site_history")
    assert "MARKER-NOTES-TITLE" in client.get(history).content.decode()
    client.logout()
    login(client, world, "public_editor")
    for url in (history, history + "?label=MARKER", history + "?action=wagtail.delete"):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_marker(response)
    assert "Renamed public group" in client.get(history).content.decode()


@pytest.mark.parametrize(
    "report",
    [
        "wagtailadmin_reports:workflow",
        "wagtailadmin_reports:workflow_tasks",
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:aging_pages",
    ],
)
def test_reports_list_no_closed_notes_to_a_moderator_like_reviewer(
    client, world, reviewers, report
):
    notes = world["notes"]
    submit(notes, world["secretary"])
    lock(notes, world["secretary"])
    response = login(client, reviewers, "moderator_like").get(reverse(report))
    assert response.status_code == 200
    assert_no_marker(response)
    client.logout()
    response = login(client, reviewers, "steering").get(reverse(report))
    assert "MARKER-NOTES-TITLE" in response.content.decode()
