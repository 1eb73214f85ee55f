"""A member reads their working group's closed notes; a member of another group gets exactly
the page that a missing address gets."""

from django.contrib.auth.models import Group

from seminar_pages import access
from seminar_pages.factories import SessionNotesPageFactory, WorkingGroupPageFactory
from tests.browser.conftest import LIVE
from tests.utils import make_user

pytestmark = LIVE


def test_member_reads_closed_notes_and_another_groups_member_finds_nothing(
    open_browser, live_server, edition, django_user_model
):
    group_1 = WorkingGroupPageFactory(
        parent=edition, number=1, slug="working-group-1", title="Working Group 1 (sample)"
    )
    group_2 = WorkingGroupPageFactory(
        parent=edition, number=2, slug="working-group-2", title="Working Group 2 (sample)"
    )
    SessionNotesPageFactory(
        parent=group_1,
        title="Session 1 notes (sample)",
        slug="session-1",
        notes=[("paragraph", "<p>Sample content: the closed-door discussion.</p>")],
    )
    secretary = make_user(
        django_user_model, "sample-secretariat", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    member = make_user(django_user_model, "sample-member")
    other = make_user(django_user_model, "sample-other-member")
    access.grant_role(secretary, member, group_1, "member")
    access.grant_role(secretary, other, group_2, "member")
    notes_url = "/en/editions/23-2025/working-group-1/session-1/"
    missing_url = "/en/editions/23-2025/working-group-1/session-9/"

    page = open_browser(user=member)
    response = page.goto(notes_url)
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Session 1 notes (sample)"
    assert "the closed-door discussion" in page.locator("main").inner_text()

    page = open_browser(user=other)
    refused = page.goto(notes_url)
    refused_text = page.locator("body").inner_text()
    refused_title = page.title()
    missing = page.goto(missing_url)
    assert refused.status == missing.status == 404
    assert refused_text == page.locator("body").inner_text()
    assert refused_title == page.title()
    assert "Session 1 notes" not in refused_text
    assert "closed-door discussion" not in refused_text
