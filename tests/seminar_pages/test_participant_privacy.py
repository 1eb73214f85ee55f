"""Participants' personal data: the Secretariat's only, logged when read, exported, erased."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from seminar_pages import access, assigning, invitations, privacy
from seminar_pages.factories import WorkingGroupPageFactory
from seminar_pages.models import AsemPartner, EditionParticipant
from tests.utils import make_user

pytestmark = pytest.mark.django_db

NAME = "MARKER-PARTICIPANT Person"
EMAIL = "marker-participant@example.org"


@pytest.fixture
def secretary(django_user_model):
    return make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )


@pytest.fixture
def person(edition, secretary, django_user_model):
    group = WorkingGroupPageFactory(parent=edition, number=1, slug="wg-1", minimum_size=1)
    participant = EditionParticipant.objects.create(
        edition=edition,
        name=NAME,
        email=EMAIL,
        organisation="MARKER-PARTICIPANT Organisation",
        category=EditionParticipant.Category.NHRI,
        partner=AsemPartner.objects.order_by("sort_order").first(),
    )
    invitation = invitations.invite(participant)
    invitations.send_invitation.enqueue(invitation.pk)
    invitations.register(
        invitation,
        {
            "name": NAME,
            "groups": [group],
            "expertise": "MARKER-PARTICIPANT expertise",
            "consent_text": "Sample notice",
            "password": "a long sample passphrase 42",
        },
    )
    assigning.propose(edition, secretary)
    assigning.confirm(edition, secretary)
    participant.refresh_from_db()
    return participant


def participant_urls(person):
    edition = person.edition_id
    return {
        "list": reverse("seminar_participants:list", args=[edition]),
        "detail": reverse("seminar_participants:participant", args=[person.pk]),
        "export": reverse("seminar_participants:export", args=[person.pk]),
        "assignment": reverse("seminar_participants:assignment", args=[edition]),
    }


def test_every_view_of_participants_is_logged(client, person, secretary):
    client.force_login(secretary)
    for view, url in participant_urls(person).items():
        before = ModelLogEntry.objects.filter(action="seminar_pages.read_participants").count()
        assert client.get(url).status_code == 200
        entries = ModelLogEntry.objects.filter(action="seminar_pages.read_participants")
        assert entries.count() == before + 1, view
        latest = entries.latest("timestamp")
        assert latest.user == secretary and latest.data["view"] == view


@pytest.mark.parametrize("who", ["editor", "member", "translator"])
def test_others_find_no_participant_view_and_no_trace_in_the_log(
    client, person, django_user_model, who
):
    groups = {
        "editor": [Group.objects.get(name=access.PUBLIC_EDITORS)],
        "translator": [Group.objects.get(name=access.TRANSLATORS)],
        "member": [],
    }[who]
    user = person.user if who == "member" else make_user(django_user_model, who, groups=groups)
    client.force_login(user)
    for url in participant_urls(person).values():
        response = client.get(url)
        if who == "member":
            # No admin access at all: the admin's own sign-in page, whatever the URL names.
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        else:
            assert response.status_code == 404
    if who == "member":
        return
    history = client.get(reverse("wagtailadmin_reports:site_history"))
    for text in (NAME, EMAIL, person.user.get_username(), "Read participants"):
        assert text not in history.content.decode()
    group_history = client.get(
        reverse("wagtailadmin_pages:history", args=[person.working_group_id])
    )
    assert NAME not in group_history.content.decode()
    assert person.user.get_username() not in group_history.content.decode()


def test_participants_appear_in_no_public_page_search_api_or_feed(client, person):
    urls = [
        person.edition.url,
        person.working_group.url,
        "/en/search/?q=participant",
        "/en/search/?q=person",
        "/api/v1/recommendations/?q=participant",
        "/api/v1/recommendations.csv?q=participant",
        "/sitemap.xml",
        "/en/feeds/recommendations/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        body = b"".join(response.streaming_content if response.streaming else [response.content])
        body = body.decode()
        assert "MARKER-PARTICIPANT" not in body and EMAIL not in body, url


def test_the_export_holds_what_the_system_knows_of_the_person(client, person, secretary):
    client.force_login(secretary)
    response = client.get(participant_urls(person)["export"])
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["participant"]["name"] == NAME and data["participant"]["email"] == EMAIL
    assert data["participant"]["working_group"] == person.working_group.title
    assert data["registration"]["working_group_preferences"] == [person.working_group.title]
    assert data["registration"]["consent_text"] == "Sample notice"
    assert data["account"]["working_group_roles"] == [f"{person.working_group.title}: member"]
    assert {"seminar_pages.register", "seminar_pages.grant_role"} <= {
        entry["action"] for entry in data["log"]
    }


def test_erasure_removes_the_person_from_every_record(client, person, secretary):
    user = person.user
    group = person.working_group
    client.force_login(secretary)
    response = client.post(reverse("seminar_participants:erase", args=[person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    user.refresh_from_db()
    assert person.erased_at is not None
    assert not user.is_active and not user.has_usable_password()
    assert not access.working_groups_with_role(user, ["member"])
    texts = [
        str(list(EditionParticipant.objects.values())),
        str(list(type(user).objects.values())),
        str(list(ModelLogEntry.objects.values("label", "data"))),
        str(list(PageLogEntry.objects.values("label", "data"))),
    ]
    for text in texts:
        assert "MARKER-PARTICIPANT" not in text and EMAIL not in text
    # The record stays, by number, so the counts and the working group's history add up.
    assert EditionParticipant.objects.filter(pk=person.pk).exists()
    assert group.pk
    client.force_login(secretary)
    assert client.get(participant_urls(person)["detail"]).status_code == 404


def test_erasure_needs_the_secretariat(person, django_user_model):
    editor = make_user(
        django_user_model, "editor", groups=[Group.objects.get(name=access.PUBLIC_EDITORS)]
    )
    with pytest.raises(PermissionError):
        privacy.erase(person, editor)
    person.refresh_from_db()
    assert person.name == NAME
