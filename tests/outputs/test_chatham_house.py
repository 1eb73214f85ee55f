"""The Chatham House guard: publishing an output that names a participant is blocked."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from outputs import chatham
from outputs.models import KeyMessagesPage, WorkingGroupReportPage
from seminar_pages import access
from seminar_pages.factories import WorkingGroupPageFactory
from seminar_pages.models import EditionParticipant
from tests.utils import list_block

pytestmark = pytest.mark.django_db

RICH_FIELDS = (
    "gaps_national",
    "gaps_regional",
    "gaps_international",
    "lessons_learned",
    "promising_practices",
    "challenges",
)


@pytest.fixture
def setting(edition, django_user_model):
    group = WorkingGroupPageFactory(parent=edition, number=1, slug="wg-1")
    EditionParticipant.objects.create(edition=edition, name="Amara Okonkwo-Lindqvist")
    secretary = django_user_model.objects.create_user("secretary", password="x", is_staff=True)
    secretary.groups.add(Group.objects.get(name=access.SECRETARIAT))
    rapporteur = django_user_model.objects.create_user(
        "rapporteur", password="x", first_name="Bao", last_name="Nguyễn Thị"
    )
    access.grant_role(secretary, rapporteur, group, "rapporteur")
    return {"edition": edition, "group": group, "secretary": secretary, "rapporteur": rapporteur}


def report_data(gaps="<p>Nothing personal.</p>", recommendation="Review the laws.", **extra):
    data = {field: rich_text("") for field in RICH_FIELDS}
    data.update(
        {
            "title": "Working Group 1 Report",
            "slug": "report",
            "summary": rich_text("<p>In brief.</p>"),
            "gaps_national": rich_text(gaps),
            "recommendations": inline_formset([{"text": recommendation, "level": "national"}]),
            "chatham_override_reason": "",
            "action-publish": "publish",
        }
    )
    data.update(extra)
    return nested_form_data(data)


def add_report(client, setting, data):
    url = reverse(
        "wagtailadmin_pages:add", args=["outputs", "workinggroupreportpage", setting["group"].pk]
    )
    return client.post(url, data)


def test_participant_name_in_a_field_blocks_publication_and_says_where(client, setting):
    client.force_login(setting["secretary"])
    response = add_report(
        client, setting, report_data(gaps="<p>As AMARA okonkwo-lindqvist said.</p>")
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["chatham_override_reason"])
    assert "Amara Okonkwo-Lindqvist" in errors
    assert "National level" in errors
    assert not WorkingGroupReportPage.objects.exists()


def test_role_holder_name_in_a_recommendation_blocks_with_accents_folded(client, setting):
    client.force_login(setting["secretary"])
    response = add_report(
        client, setting, report_data(recommendation="Proposed by Bao Nguyen Thi in the session.")
    )
    errors = " ".join(response.context["form"].errors["chatham_override_reason"])
    assert "Bao Nguyễn Thị" in errors
    assert "Recommendation 1" in errors
    assert not WorkingGroupReportPage.objects.exists()


def test_a_draft_with_names_may_be_saved(client, setting):
    client.force_login(setting["secretary"])
    data = report_data(gaps="<p>Amara Okonkwo-Lindqvist</p>")
    del data["action-publish"]
    response = add_report(client, setting, data)
    assert response.status_code == 302
    assert not WorkingGroupReportPage.objects.get().live


def test_clean_text_publishes(client, setting):
    client.force_login(setting["secretary"])
    assert add_report(client, setting, report_data()).status_code == 302
    assert WorkingGroupReportPage.objects.get().live


def test_secretariat_overrides_with_a_recorded_reason(client, setting):
    client.force_login(setting["secretary"])
    data = report_data(
        gaps="<p>The Amara Okonkwo-Lindqvist Prize was cited.</p>",
        chatham_override_reason="Name of a prize, not a statement by a participant.",
    )
    assert add_report(client, setting, data).status_code == 302
    page = WorkingGroupReportPage.objects.get()
    assert page.live
    entry = PageLogEntry.objects.get(page=page, action="seminar_pages.chatham_override")
    assert entry.user == setting["secretary"]
    assert entry.data["reason"] == "Name of a prize, not a statement by a participant."
    assert "Amara Okonkwo-Lindqvist" in entry.data["matches"][0]


def test_only_the_secretariat_may_override(client, setting):
    # The group's rapporteur starts and drafts its report, but may not override the guard.
    client.force_login(setting["rapporteur"])
    data = report_data(gaps="<p>Amara Okonkwo-Lindqvist</p>", chatham_override_reason="I insist.")
    response = add_report(client, setting, data)
    assert response.status_code == 200
    assert "Amara Okonkwo-Lindqvist" in " ".join(
        response.context["form"].errors["chatham_override_reason"]
    )
    assert not WorkingGroupReportPage.objects.exists()


def test_key_messages_blocks_say_which_message(client, setting):
    client.force_login(setting["secretary"])
    data = nested_form_data(
        {
            "title": "Key Messages",
            "slug": "key-messages",
            "introduction": rich_text("<p>For the partners.</p>"),
            "embargo_until": "",
            "messages": streamfield(
                [
                    (
                        "message",
                        {
                            "heading": "First",
                            "text": rich_text("<p>Fine.</p>"),
                            "recommendations": list_block([]),
                        },
                    ),
                    (
                        "message",
                        {
                            "heading": "Second",
                            "text": rich_text("<p>Amara Okonkwo-Lindqvist proposed it.</p>"),
                            "recommendations": list_block([]),
                        },
                    ),
                ]
            ),
            "chatham_override_reason": "",
            "action-publish": "publish",
        }
    )
    url = reverse(
        "wagtailadmin_pages:add", args=["outputs", "keymessagespage", setting["edition"].pk]
    )
    response = client.post(url, data)
    errors = " ".join(response.context["form"].errors["chatham_override_reason"])
    assert "message 2" in errors
    assert not KeyMessagesPage.objects.exists()


def test_names_are_matched_as_whole_words_only():
    matches = chatham.find_name_matches(
        [("Body", "<p>Li Wei and Liwei and Li Weiss</p>")], ["Li Wei"]
    )
    assert [match.where for match in matches] == ["Body"]
