"""Access follows the assignment: confirming grants, moving and withdrawing revoke."""

from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from seminar_pages import access, assigning, invitations
from seminar_pages.factories import SessionNotesPageFactory, WorkingGroupPageFactory
from seminar_pages.models import (
    AsemPartner,
    EditionParticipant,
    Invitation,
    SessionNotesPage,
    WorkingGroupChoice,
)
from tests.utils import assert_nothing, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(django_user_model):
    return make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )


@pytest.fixture
def groups(edition):
    made = [
        WorkingGroupPageFactory(
            parent=edition, number=number, slug=f"wg-{number}", minimum_size=1, capacity=3
        )
        for number in (1, 2)
    ]
    for group in made:
        notes = SessionNotesPageFactory(
            parent=group,
            slug="notes",
            title=f"MARKER-NOTES of {group.title}",
            notes=[("paragraph", "<p>Closed.</p>")],
        )
        notes.save_revision().publish()
    return made


def notes(group):
    return SessionNotesPage.objects.child_of(group).get()


def registered(edition, django_user_model, name, preferences, language="en", **fields):
    user = django_user_model.objects.create_user(name.lower(), email=f"{name.lower()}@example.org")
    participant = EditionParticipant.objects.create(
        edition=edition,
        name=f"{name} Sample",
        email=user.email,
        user=user,
        language=language,
        category=EditionParticipant.Category.GOVERNMENT,
        partner=AsemPartner.objects.order_by("sort_order").first(),
        **fields,
    )
    invitation = invitations.invite(participant)
    invitations.register(
        invitation,
        {"name": participant.name, "groups": preferences, "consent_text": "Sample notice"},
    )
    participant.refresh_from_db()
    return participant


@pytest.fixture
def people(edition, groups, django_user_model):
    first, second = groups
    return [
        registered(edition, django_user_model, "Asha", [first, second], language="ja"),
        registered(edition, django_user_model, "Bram", [second, first]),
        registered(edition, django_user_model, "Chen", [first, second]),
        registered(edition, django_user_model, "Dana", [second, first], language="fr"),
    ]


def reads(client, user, page):
    client.force_login(user)
    response = client.get(page.url)
    client.logout()
    return response.status_code == 200


def test_before_confirmation_the_proposal_opens_nothing(client, edition, groups, people, secretary):
    assigning.propose(edition, secretary)
    for person in people:
        person.refresh_from_db()
        assert person.proposed_group is not None and person.working_group is None
        assert not any(reads(client, person.user, notes(group)) for group in groups)


def test_confirming_opens_each_persons_group_and_no_other(
    client, edition, groups, people, secretary, django_capture_on_commit_callbacks
):
    assigning.propose(edition, secretary)
    with django_capture_on_commit_callbacks() as notifications:
        assigning.confirm(edition, secretary)
    assert len(notifications) == len(people)
    for person in people:
        person.refresh_from_db()
        mine = person.working_group
        assert mine in groups
        for group in groups:
            assert reads(client, person.user, notes(group)) is (group.pk == mine.pk)


def test_the_proposal_honours_first_choices_when_capacity_allows(
    edition, groups, people, secretary
):
    assigning.propose(edition, secretary)
    for person in people:
        person.refresh_from_db()
        first = WorkingGroupChoice.objects.get(registration__participant=person, rank=1)
        assert person.proposed_group_id == first.working_group_id


def test_confirmation_tells_each_person_in_their_language(
    edition, groups, people, secretary, django_capture_on_commit_callbacks
):
    assigning.propose(edition, secretary)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assigning.confirm(edition, secretary)
    languages = {
        message.to[0]: message.extra_headers["Content-Language"] for message in mail.outbox
    }
    assert languages == {person.email: person.language for person in people}
    japanese = next(message for message in mail.outbox if message.to == [people[0].email])
    assert people[0].name in japanese.body


def test_moving_revokes_the_old_membership_and_grants_the_new(
    client, edition, groups, people, secretary
):
    assigning.propose(edition, secretary)
    assigning.confirm(edition, secretary)
    person = EditionParticipant.objects.get(pk=people[0].pk)
    old = person.working_group
    new = next(group for group in groups if group.pk != old.pk)
    assigning.move(person, new, secretary)
    assert reads(client, person.user, notes(new))
    client.force_login(person.user)
    assert_nothing(client.get(notes(old).url))
    person.refresh_from_db()
    assert person.working_group == new
    actions = ModelLogEntry.objects.filter(object_id=str(person.user_id)).values_list(
        "action", "data__working_group_id"
    )
    assert ("seminar_pages.revoke_role", old.pk) in actions
    assert ("seminar_pages.grant_role", new.pk) in actions


def test_a_move_that_fails_halfway_changes_nothing(client, edition, groups, people, secretary):
    assigning.propose(edition, secretary)
    assigning.confirm(edition, secretary)
    person = EditionParticipant.objects.get(pk=people[0].pk)
    old = person.working_group
    new = next(group for group in groups if group.pk != old.pk)
    with (
        mock.patch.object(access, "grant_role", side_effect=RuntimeError("mail server")),
        pytest.raises(RuntimeError),
    ):
        assigning.move(person, new, secretary)
    person.refresh_from_db()
    assert person.working_group == old
    assert reads(client, person.user, notes(old))
    assert not reads(client, person.user, notes(new))


def test_withdrawing_revokes_the_membership(client, edition, groups, people, secretary):
    assigning.propose(edition, secretary)
    assigning.confirm(edition, secretary)
    person = EditionParticipant.objects.get(pk=people[1].pk)
    group = person.working_group
    assert reads(client, person.user, notes(group))
    assigning.withdraw(person, secretary)
    assert not reads(client, person.user, notes(group))
    person.refresh_from_db()
    assert person.working_group is None
    assert person.invitation.status == Invitation.Status.WITHDRAWN


def test_re_running_after_a_pin_moves_the_membership_on_confirmation(
    client, edition, groups, people, secretary
):
    assigning.propose(edition, secretary)
    assigning.confirm(edition, secretary)
    person = EditionParticipant.objects.get(pk=people[0].pk)
    other = next(group for group in groups if group.pk != person.working_group_id)
    old = person.working_group
    person.pinned_group = other
    person.save()
    assigning.propose(edition, secretary)
    assert reads(client, person.user, notes(old)), "a proposal alone changes no access"
    assigning.confirm(edition, secretary)
    assert reads(client, person.user, notes(other))
    assert not reads(client, person.user, notes(old))


def test_exclusions_are_respected(edition, groups, people, secretary):
    person = people[0]
    person.excluded_groups.add(groups[0])
    assigning.propose(edition, secretary)
    person.refresh_from_db()
    assert person.proposed_group == groups[1]


def test_an_impossible_assignment_says_which_constraint_to_relax(
    client, edition, groups, people, secretary
):
    for group in groups:
        group.capacity = 1
        group.save_revision().publish()
    client.force_login(secretary)
    url = reverse("seminar_participants:assignment", args=[edition.pk])
    response = client.post(url, {"action": "run"}, follow=True)
    assert response.status_code == 400
    text = response.content.decode()
    assert "capacit" in text.lower() or "maximum" in text.lower()
    assert not EditionParticipant.objects.filter(proposed_group__isnull=False).exists()


def test_the_editor_runs_reviews_and_confirms_in_the_admin(
    client, edition, groups, people, secretary
):
    client.force_login(secretary)
    url = reverse("seminar_participants:assignment", args=[edition.pk])
    assert client.post(url, {"action": "run"}).status_code == 302
    report = client.get(url)
    assert report.status_code == 200
    html = report.content.decode()
    for person in people:
        assert person.name in html
    assert "<li>Government: 2</li>" in html  # two people of the category in each group
    assert client.post(url, {"action": "confirm"}).status_code == 302
    assert EditionParticipant.objects.filter(working_group__isnull=False).count() == len(people)


def test_only_the_secretariat_assigns(edition, groups, people, django_user_model):
    editor = make_user(
        django_user_model, "editor", groups=[Group.objects.get(name=access.PUBLIC_EDITORS)]
    )
    with pytest.raises(PermissionError):
        assigning.propose(edition, editor)
    with pytest.raises(PermissionError):
        assigning.confirm(edition, editor)


def test_the_notification_signs_in_and_lets_an_account_made_for_the_person_choose_a_password(
    client, edition, groups, people, secretary, django_capture_on_commit_callbacks
):
    chose = people[0].user
    chose.set_password("a long sample passphrase 42")
    chose.save()
    assert not people[1].user.has_usable_password()
    assigning.propose(edition, secretary)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assigning.confirm(edition, secretary)
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "/en/_util/login/?next=" in bodies[people[1].email]
    assert "/ja/_util/login/?next=" in bodies[people[0].email]
    assert "/admin/password_reset/" in bodies[people[1].email]
    assert "/admin/password_reset/" not in bodies[people[0].email]
    link = next(
        line for line in bodies[people[1].email].splitlines() if "/admin/password_reset/" in line
    )
    response = client.get(link.replace("http://testserver", ""), follow=True)
    assert response.status_code == 200 and "new_password1" in response.content.decode()


def test_the_balance_report_names_regions_genders_and_categories_in_the_editors_language():
    from django.utils import translation

    from seminar_pages import participant_views

    with translation.override("ja"):
        labels = participant_views._counts({"asia": 1, "europe": 2, "female": 1, "nhri": 3})
        shown = [(str(label), count) for label, count in labels]
        genders = [
            (str(label), count)
            for label, count in participant_views._counts({"female": 1, "male": 0}, 4)
        ]
    assert shown == [("アジア", 1), ("ヨーロッパ", 2), ("女性", 1), ("国内人権機関", 3)]
    # Members who stated no gender (or have no region) are counted, not left out.
    assert genders == [
        ("女性", 1),
        ("男性", 0),
        ("不明", 3),
    ]
