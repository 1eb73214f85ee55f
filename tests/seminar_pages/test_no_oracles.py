"""What people who may not read closed material can do with the public pages around it does
not depend on whether closed material exists there: the page types offered, the delete and
copy actions, the subtree count of a translation, the workflow report's filters."""

import pytest
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    Page,
    TaskState,
    Workflow,
    WorkflowState,
)

from outputs.models import WorkingGroupReportPage
from seminar_pages import access
from seminar_pages.factories import ConceptNotePageFactory, SessionNotesPageFactory
from seminar_pages.models import SessionNotesPage
from tests.utils import MARKERS, login

pytestmark = pytest.mark.django_db


def _body(response):
    return response.content.decode()


def test_page_types_offered_in_a_working_group_are_the_same_with_a_hidden_draft(client, world):
    """The editor may add pages in group B, which has no report; group A has a hidden draft
    report. Both groups offer the same page types."""
    login(client, world, "public_editor")
    offered = []
    for group in (world["group_a"], world["group_b"]):
        response = client.get(f"/admin/pages/{group.pk}/add_subpage/")
        offered.append((response.status_code, response.get("Location")))
    assert offered[0] == offered[1]


def test_only_people_who_read_a_groups_drafts_start_its_report(client, world):
    login(client, world, "public_editor")
    url = f"/admin/pages/add/outputs/workinggroupreportpage/{world['group_b'].pk}/"
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert not WorkingGroupReportPage.objects.child_of(world["group_b"]).exists()


def test_a_second_report_is_refused_to_the_rapporteur_naming_the_first(client, world):
    login(client, world, "rapporteur")
    url = f"/admin/pages/add/outputs/workinggroupreportpage/{world['group_a'].pk}/"
    response = client.get(url, follow=True)
    assert response.redirect_chain[0][0] == f"/admin/pages/{world['draft'].pk}/edit/"
    assert "has its report already" in _body(response)
    assert WorkingGroupReportPage.objects.child_of(world["group_a"]).count() == 1


def test_the_first_report_of_a_group_is_started_by_its_rapporteur(client, world):
    access.grant_role(world["secretary"], world["rapporteur"], world["group_b"], "rapporteur")
    login(client, world, "rapporteur")
    url = f"/admin/pages/add/outputs/workinggroupreportpage/{world['group_b'].pk}/"
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("action", ["delete", "copy"])
def test_pages_that_hold_pages_are_deleted_and_copied_by_readers_of_everything_only(
    client, world, edition, action
):
    """Decided by the page type: group B holds nothing closed, group A does, and the public
    editor gets the same answer for both, and for the edition."""
    login(client, world, "public_editor")
    answers = {
        client.get(f"/admin/pages/{page.pk}/{action}/").status_code
        for page in (world["group_a"], world["group_b"], edition)
    }
    assert len(answers) == 1
    assert answers != {200}
    client.force_login(world["secretary"])
    assert client.get(f"/admin/pages/{world['group_b'].pk}/{action}/").status_code == 200


def test_a_page_without_subpages_is_still_deleted_by_the_public_editor(client, world, edition):
    concept = ConceptNotePageFactory(parent=edition, slug="concept-note")
    login(client, world, "public_editor")
    assert client.get(f"/admin/pages/{concept.pk}/delete/").status_code == 200


def _subtree_label(response):
    body = _body(response)
    start = body.find("Include subtree")
    return body[start : body.find(")", start) + 1] if start >= 0 else None


def test_translation_subtree_counts_only_readable_pages(client, world, edition):
    login(client, world, "translator")
    before = _subtree_label(client.get(f"/admin/localize/submit/page/{edition.pk}/"))
    SessionNotesPageFactory(parent=world["group_b"], title="MARKER-NOTES-TITLE b", slug="b")
    after = _subtree_label(client.get(f"/admin/localize/submit/page/{edition.pk}/"))
    assert before == after
    # Group A, group B and the French tree's pages are not below the English edition;
    # the closed notes and the draft report are below it, unseen.
    assert before == "Include subtree (2 pages)"


def test_translating_a_subtree_leaves_out_what_the_translator_may_not_see(client, world):
    japanese = Locale.objects.get_or_create(language_code="ja")[0]
    access.grant_translator(world["secretary"], world["translator"], japanese)
    group = world["group_a"]
    login(client, world, "translator")
    response = client.post(
        f"/admin/localize/submit/page/{group.get_parent().pk}/",
        {"locales": [japanese.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302
    japanese_pages = Page.objects.filter(locale=japanese)
    assert japanese_pages.filter(translation_key=group.translation_key).exists()
    assert not japanese_pages.type(SessionNotesPage).exists()
    assert not japanese_pages.type(WorkingGroupReportPage).exists()


def test_the_workflow_reports_requesters_are_of_what_the_user_sees(client, world):
    task = GroupApprovalTask.objects.create(name="Review")
    workflow = Workflow.objects.create(name="Review of drafts")
    workflow.workflow_tasks.create(task=task, sort_order=0)
    draft = world["draft"]
    state = WorkflowState.objects.create(
        content_type_id=draft.content_type_id,
        base_content_type_id=draft.get_base_content_type().pk,
        object_id=str(draft.pk),
        workflow=workflow,
        status=WorkflowState.STATUS_IN_PROGRESS,
        requested_by=world["rapporteur"],
    )
    state.current_task_state = TaskState.objects.create(
        workflow_state=state, revision=draft.latest_revision, task=task
    )
    state.save()
    login(client, world, "public_editor")
    body = _body(client.get("/admin/reports/workflow/"))
    assert 'name="requested_by"' in body
    assert world["rapporteur"].get_username() not in body
    assert not any(marker in body for marker in MARKERS)
    client.force_login(world["secretary"])
    assert world["rapporteur"].get_username() in _body(client.get("/admin/reports/workflow/"))
