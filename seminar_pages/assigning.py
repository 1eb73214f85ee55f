"""Assigning an edition's registered participants to its working groups.

The solver (``assignment.py``) proposes; an editor pins, moves and re-runs, then confirms.
Confirming is what opens the doors: each participant becomes a member of their group through
``access.grant_role`` (logged), and a later move or withdrawal revokes the old membership in
the same transaction as it grants the new one.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task
from wagtail.log_actions import log

from seminar_pages import access, assignment, invitations
from seminar_pages.models import EditionParticipant, Invitation, WorkingGroupPage


def registered(edition):
    """The participants of ``edition`` who registered and were not withdrawn or erased."""
    return (
        EditionParticipant.objects.filter(
            edition=edition,
            erased_at__isnull=True,
            invitation__status=Invitation.Status.REGISTERED,
        )
        .select_related("partner", "user", "working_group", "proposed_group", "pinned_group")
        .prefetch_related("excluded_groups", "registration__choices")
        .order_by("pk")
    )


def instance_for(edition, participants=None):
    """The solver's view of ``edition``: its groups and its registered participants."""
    groups = invitations.edition_groups(edition)
    keys = {group.pk for group in groups}
    participants = list(registered(edition) if participants is None else participants)
    people = []
    for participant in participants:
        registration = getattr(participant, "registration", None)
        ranked = (
            tuple(choice.working_group_id for choice in registration.choices.all())
            if registration is not None
            else ()
        )
        people.append(
            assignment.Person(
                key=participant.pk,
                preferences=tuple(key for key in ranked if key in keys),
                gender=participant.gender,
                region=participant.region,
                category=participant.category,
                pinned=participant.pinned_group_id,
                excluded=frozenset(
                    group.pk for group in participant.excluded_groups.all() if group.pk in keys
                ),
            )
        )
    return assignment.Instance(
        people=tuple(people),
        groups=tuple(
            assignment.Group(key=group.pk, minimum=group.minimum_size, maximum=group.capacity)
            for group in groups
        ),
    )


@dataclass
class Proposal:
    solution: assignment.Solution
    greedy_objective: float | None


@transaction.atomic
def propose(edition, acting_user):
    """Solve the assignment of ``edition`` and store it as the proposal.

    Raises:
        PermissionError: ``acting_user`` is not of the Secretariat.
        assignment.Infeasible: no assignment satisfies the constraints (its message says
            which to relax); nothing is changed.
    """
    if not access.can_manage_roles(acting_user):
        raise PermissionError("Only the ASEF Secretariat assigns working groups.")
    participants = list(registered(edition).select_for_update(of=("self",)))
    instance = instance_for(edition, participants)
    solution = assignment.solve(instance)
    greedy = assignment.greedy(instance)
    for participant in participants:
        group_id = solution.groups[participant.pk]
        if participant.proposed_group_id != group_id:
            participant.proposed_group_id = group_id
            participant.save(update_fields=["proposed_group"])
    log(
        instance=edition,
        action="seminar_pages.propose_assignment",
        user=acting_user,
        data={
            "participants": len(participants),
            "objective": solution.objective,
            "optimal": solution.optimal,
        },
    )
    return Proposal(
        solution, assignment.objective(instance, greedy) if greedy is not None else None
    )


def report(edition):
    """Balance of the proposal (or of the confirmed groups) per working group, for editors."""
    participants = list(registered(edition))
    instance = instance_for(edition, participants)
    chosen = {
        participant.pk: participant.proposed_group_id or participant.working_group_id
        for participant in participants
        if participant.proposed_group_id or participant.working_group_id
    }
    return {
        "groups": invitations.edition_groups(edition),
        "balance": assignment.balance(instance, chosen),
        "violations": assignment.check(instance, chosen)
        if len(chosen) == len(participants)
        else [],
        "unassigned": [p for p in participants if p.pk not in chosen],
        "participants": participants,
    }


def _set_membership(acting_user, participant, group):
    """Make ``group`` (or None) the one working group ``participant`` is a member of."""
    old = participant.working_group
    if participant.user_id and old is not None and (group is None or old.pk != group.pk):
        access.revoke_role(acting_user, participant.user, old, "member")
    if participant.user_id and group is not None and (old is None or old.pk != group.pk):
        access.grant_role(acting_user, participant.user, group, "member")
    participant.working_group = group
    participant.proposed_group = group
    participant.save(update_fields=["working_group", "proposed_group"])


@transaction.atomic
def confirm(edition, acting_user):
    """Make the proposal the assignment: memberships granted and revoked, people told.

    Returns:
        The participants whose group changed.

    Raises:
        PermissionError: ``acting_user`` is not of the Secretariat.
        ValueError: someone has no proposed group, or the proposal breaks a constraint.
    """
    if not access.can_manage_roles(acting_user):
        raise PermissionError("Only the ASEF Secretariat assigns working groups.")
    participants = list(registered(edition).select_for_update(of=("self",)))
    missing = [participant for participant in participants if not participant.proposed_group_id]
    if missing:
        raise ValueError(
            translation.gettext("Run the assignment first: %(count)s people have no group.")
            % {"count": len(missing)}
        )
    instance = instance_for(edition, participants)
    problems = assignment.check(
        instance, {participant.pk: participant.proposed_group_id for participant in participants}
    )
    if problems:
        raise ValueError(" ".join(problems))
    changed = []
    for participant in participants:
        if participant.working_group_id != participant.proposed_group_id:
            _set_membership(acting_user, participant, participant.proposed_group)
            changed.append(participant)
    log(
        instance=edition,
        action="seminar_pages.confirm_assignment",
        user=acting_user,
        data={"participants": len(participants), "changed": len(changed)},
    )
    for participant in changed:
        transaction.on_commit(lambda pk=participant.pk: notify_assignment.enqueue(pk))
    return changed


@transaction.atomic
def move(participant, group, acting_user):
    """Put ``participant`` in ``group``: the proposal, and the membership once confirmed.

    Raises:
        PermissionError: ``acting_user`` is not of the Secretariat.
        ValueError: ``group`` is not a working group of the participant's edition.
    """
    if not access.can_manage_roles(acting_user):
        raise PermissionError("Only the ASEF Secretariat assigns working groups.")
    participant = EditionParticipant.objects.select_for_update().get(pk=participant.pk)
    if group is not None and group.pk not in {
        candidate.pk for candidate in invitations.edition_groups(participant.edition)
    }:
        raise ValueError(translation.gettext("Choose a working group of the same edition."))
    if participant.working_group_id is None:
        participant.proposed_group = group
        participant.save(update_fields=["proposed_group"])
        return participant
    _set_membership(acting_user, participant, group)
    log(
        instance=participant,
        action="seminar_pages.move_participant",
        user=acting_user,
        data={"working_group_id": group.pk if group else None},
    )
    if group is not None:
        transaction.on_commit(lambda: notify_assignment.enqueue(participant.pk))
    return participant


@transaction.atomic
def withdraw(participant, acting_user):
    """Withdraw ``participant``'s invitation: their link stops working, their membership ends."""
    if not access.can_manage_roles(acting_user):
        raise PermissionError("Only the ASEF Secretariat withdraws invitations.")
    participant = EditionParticipant.objects.select_for_update().get(pk=participant.pk)
    invitation = invitations.invite(participant)
    invitation.status = Invitation.Status.WITHDRAWN
    invitation.save(update_fields=["status"])
    if participant.working_group_id:
        _set_membership(acting_user, participant, None)
    else:
        participant.proposed_group = None
        participant.save(update_fields=["proposed_group"])
    log(instance=participant, action="seminar_pages.withdraw", user=acting_user)
    return participant


@task()
def notify_assignment(participant_id):
    """Tell a participant their working group, in their language."""
    participant = (
        EditionParticipant.objects.select_related("working_group", "edition", "user")
        .filter(pk=participant_id, erased_at__isnull=True)
        .first()
    )
    if participant is None or participant.working_group is None or not participant.email:
        return {"sent": False}
    language = participant.language
    with translation.override(language):
        group = invitations.localized(participant.working_group.specific, language)
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        context = {
            "name": participant.name,
            "edition": invitations.localized(participant.edition.specific, language),
            "group": group,
            # Closed material answers "not found" to a stranger: the link signs in first.
            "link": base + reverse("wagtailcore_login") + "?" + urlencode({"next": group.url}),
            "password_link": _password_link(participant.user, base),
        }
        subject = render_to_string("seminar_pages/emails/assignment_subject.txt", context)
        body = render_to_string("seminar_pages/emails/assignment.txt", context)
    EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [participant.email],
        headers={"Content-Language": language},
    ).send()
    return {"sent": True}


def _password_link(user, base):
    """For an account made by an editor on the person's behalf: where to choose a password
    (Django's password reset token, valid for ``PASSWORD_RESET_TIMEOUT``)."""
    if user is None or user.has_usable_password():
        return ""
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base + path


def groups_of(edition):
    return WorkingGroupPage.objects.child_of(edition).order_by("number", "path")
