"""Invitation links and registration: the invitee's side, and the editor's."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from seminar_pages import access, invitations
from seminar_pages.factories import BackgroundPaperPageFactory, WorkingGroupPageFactory
from seminar_pages.models import (
    AsemPartner,
    EditionParticipant,
    Invitation,
    Registration,
    WorkingGroupChoice,
)
from tests.utils import make_user

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/[a-z-]+/invitation/[^/\s]+/)")
PASSWORD = "a long sample passphrase 42"


@pytest.fixture
def groups(edition):
    return [
        WorkingGroupPageFactory(parent=edition, number=number, slug=f"wg-{number}")
        for number in (1, 2, 3)
    ]


@pytest.fixture
def paper(edition):
    return BackgroundPaperPageFactory(parent=edition, slug="background-paper")


@pytest.fixture
def secretary(django_user_model):
    return make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )


def invitee(edition, email="invitee@example.org", language="en", **fields):
    participant = EditionParticipant.objects.create(
        edition=edition,
        name=fields.pop("name", "Sample Invitee"),
        email=email,
        organisation="Sample NGO",
        category=EditionParticipant.Category.CIVIL_SOCIETY,
        partner=AsemPartner.objects.order_by("sort_order").first(),
        language=language,
        **fields,
    )
    return invitations.invite(participant)


def send(invitation, kind="invitation"):
    """Send the invitation through the task (immediate in tests); the link it mailed."""
    before = len(mail.outbox)
    invitations.send_invitation.enqueue(invitation.pk, kind)
    assert len(mail.outbox) == before + 1
    return LINK.search(mail.outbox[-1].body).group(1)


def form_data(groups, **overrides):
    data = {
        "name": "Sample Invitee",
        "organisation": "Sample NGO",
        "language": "en",
        "choice_1": str(groups[1].pk),
        "choice_2": str(groups[0].pk),
        "choice_3": "",
        "expertise": "Digital rights in Southeast Asia.",
        "read_background_paper": "on",
        "consent": "on",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "answer": "register",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# The email and its link ------------------------------------------------------------------


def test_the_invitation_comes_in_the_invitees_language_with_a_link_in_it(edition, groups):
    invitation = invitee(edition, language="ja")
    path = send(invitation)
    message = mail.outbox[-1]
    assert message.to == ["invitee@example.org"]
    assert message.extra_headers["Content-Language"] == "ja"
    assert path.startswith("/ja/invitation/")
    assert "Sample Invitee" in message.body


def test_the_links_secret_is_stored_nowhere(edition, groups):
    invitation = invitee(edition)
    path = send(invitation)
    secret = path.rstrip("/").rsplit(".", 1)[1]
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert stored["token_digest"] and secret not in str(stored)
    assert stored["sent_at"] is not None and stored["expires_at"] > timezone.now()


def test_the_link_opens_the_form_and_marks_the_invitation_opened(client, edition, groups, paper):
    invitation = invitee(edition)
    response = client.get(send(invitation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sample Invitee" in html and groups[2].title in html
    assert paper.url in html
    assert str(invitations.DEFAULT_NOTICE)[:40] in html
    assert response["Cache-Control"].count("no-store") == 1
    assert response["Referrer-Policy"] == "same-origin"
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPENED and invitation.opened_at


def test_the_notice_is_the_editions_own_when_it_has_one(client, edition, groups):
    edition.personal_data_notice = "Sample notice: ASEF keeps these data for one year."
    edition.save_revision().publish()
    response = client.get(send(invitee(edition)))
    assert "Sample notice: ASEF keeps these data for one year." in response.content.decode()


# Registering -----------------------------------------------------------------------------


def test_registering_creates_the_account_and_records_the_ranking(client, edition, groups):
    invitation = invitee(edition)
    path = send(invitation)
    response = client.post(path, form_data(groups))
    assert response.status_code == 302
    assert response["Location"] == reverse("seminar_registration:registered")
    participant = EditionParticipant.objects.get(pk=invitation.participant_id)
    user = participant.user
    assert user.email == "invitee@example.org" and user.check_password(PASSWORD)
    registration = participant.registration
    assert registration.ranked_groups() == [groups[1], groups[0]]
    assert registration.read_background_paper and registration.consented_at
    assert registration.consent_text == str(invitations.DEFAULT_NOTICE)
    assert participant.expertise == "Digital rights in Southeast Asia."
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REGISTERED


def test_registering_links_an_existing_account_with_the_same_email(client, edition, groups):
    existing = get_user_model().objects.create_user("someone", email="Invitee@Example.org")
    invitation = invitee(edition)
    path = send(invitation)
    response = client.get(path)
    assert "password1" not in response.content.decode()
    data = form_data(groups, password1=None, password2=None)
    assert client.post(path, data).status_code == 302
    assert EditionParticipant.objects.get(pk=invitation.participant_id).user == existing
    assert get_user_model().objects.filter(email__iexact="invitee@example.org").count() == 1


@pytest.mark.parametrize(
    ("language", "required", "twice"),
    [
        ("en", "This field is required.", "You ranked this working group already."),
        ("ja", "この項目は必須です", "このワーキンググループはすでに順位を付けています。"),
    ],
)
def test_a_bad_registration_is_refused_in_the_readers_language_and_writes_nothing(
    client, edition, groups, language, required, twice
):
    invitation = invitee(edition, language=language)
    path = send(invitation)
    users = get_user_model().objects.count()
    data = form_data(groups, consent=None, choice_2=str(groups[1].pk), password2="different")
    response = client.post(path, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert required in html
    assert twice in html
    assert not Registration.objects.exists() and not WorkingGroupChoice.objects.exists()
    assert get_user_model().objects.count() == users
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.INVITED
    assert client.get(path).status_code == 200


def test_a_weak_password_is_refused(client, edition, groups):
    path = send(invitee(edition))
    response = client.post(path, form_data(groups, password1="123", password2="123"))
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_declining_closes_the_invitation(client, edition, groups):
    invitation = invitee(edition)
    path = send(invitation)
    response = client.post(path, {"answer": "decline"})
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert client.get(path).status_code == 410


# Links that open nothing -----------------------------------------------------------------


def refused(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert "no-store" in response["Cache-Control"]
    assert "Sample Invitee" not in response.content.decode()
    return response.content.decode()


def test_an_expired_link_is_refused(client, edition, groups):
    path = send(invitee(edition))
    later = timezone.now() + datetime.timedelta(days=invitations.VALID_DAYS, minutes=1)
    with time_machine.travel(later):
        html = refused(client, path, 410)
        assert client.post(path, form_data(groups)).status_code == 410
    assert "expired" in html
    assert not Registration.objects.exists()


def test_a_withdrawn_link_is_refused(client, edition, groups, secretary):
    from seminar_pages import assigning

    invitation = invitee(edition)
    path = send(invitation)
    assigning.withdraw(invitation.participant, secretary)
    assert "withdrawn" in refused(client, path, 410)
    assert client.post(path, form_data(groups)).status_code == 410
    assert not Registration.objects.exists()


def test_a_used_link_is_refused(client, edition, groups):
    path = send(invitee(edition))
    assert client.post(path, form_data(groups)).status_code == 302
    client.logout()
    assert "answered" in refused(client, path, 410)
    assert client.post(path, form_data(groups)).status_code == 410
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "alter",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.split(".")[0],
        lambda token: "0" * 32 + "." + token.split(".")[1],
        lambda token: "not-a-token",
    ],
    ids=["secret", "no-secret", "other-id", "garbage"],
)
def test_an_altered_link_is_refused_like_one_that_does_not_exist(client, edition, groups, alter):
    path = send(invitee(edition))
    token = path.rstrip("/").rsplit("/", 1)[1]
    altered = path.replace(token, alter(token))
    html = refused(client, altered, 404)
    assert "not valid" in html
    assert html == refused(client, "/en/invitation/nothing.nothing/", 404)
    assert client.post(altered, form_data(groups)).status_code == 404
    assert not Registration.objects.exists()


def test_a_link_sent_again_replaces_the_earlier_one(client, edition, groups):
    invitation = invitee(edition)
    first = send(invitation)
    second = send(invitation)
    assert first != second
    refused(client, first, 404)
    assert client.get(second).status_code == 200


def test_changing_the_invitees_email_stops_the_link(client, edition, groups):
    invitation = invitee(edition)
    path = send(invitation)
    participant = invitation.participant
    participant.email = "someone-else@example.org"
    participant.save()
    refused(client, path, 404)


def test_a_link_opened_in_another_persons_account_is_refused(
    client, edition, groups, django_user_model
):
    other = django_user_model.objects.create_user("other", email="other@example.org")
    path = send(invitee(edition))
    client.force_login(other)
    assert "another account" in refused(client, path, 403)
    assert client.post(path, form_data(groups)).status_code == 403
    assert not Registration.objects.exists()


# The editor's side -----------------------------------------------------------------------


def test_reminders_go_to_those_who_have_not_answered_in_their_language(
    client, edition, groups, secretary
):
    quiet = invitee(edition, email="quiet@example.org", language="fr", name="Quiet Invitee")
    answered = invitee(edition, email="answered@example.org", name="Answered Invitee")
    never_sent = invitee(edition, email="later@example.org", name="Later Invitee")
    send(quiet)
    client.post(send(answered), form_data(groups, name="Answered Invitee"))
    client.logout()
    mail.outbox.clear()
    client.force_login(secretary)
    response = client.post(
        reverse("seminar_participants:send", args=[edition.pk]), {"kind": "reminder"}
    )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["quiet@example.org"]]
    assert mail.outbox[0].extra_headers["Content-Language"] == "fr"
    quiet.refresh_from_db()
    never_sent.refresh_from_db()
    assert quiet.reminders == 1 and never_sent.reminders == 0


def test_sending_invites_those_not_invited_yet_and_only_them(client, edition, groups, secretary):
    sent = invitee(edition, email="sent@example.org", name="Sent Invitee")
    send(sent)
    invitee(edition, email="new@example.org", name="New Invitee")
    mail.outbox.clear()
    client.force_login(secretary)
    client.post(reverse("seminar_participants:send", args=[edition.pk]), {"kind": "invitation"})
    assert [message.to for message in mail.outbox] == [["new@example.org"]]


def test_an_editor_registers_on_the_invitees_behalf(client, edition, groups, secretary):
    invitation = invitee(edition)
    client.force_login(secretary)
    url = reverse("seminar_participants:register", args=[invitation.participant_id])
    data = form_data(groups, password1=None, password2=None)
    assert client.post(url, data).status_code == 302
    registration = Registration.objects.get(participant=invitation.participant_id)
    assert registration.registered_by == secretary
    assert not registration.participant.user.has_usable_password()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REGISTERED
