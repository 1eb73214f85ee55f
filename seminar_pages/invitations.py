"""Invitations to an edition: their links, the emails that carry them, and the answers.

A link is ``<public id>.<secret>``. Only an HMAC of the secret and the invitee's email is
stored, so a copy of the database opens no registration, and a link stops working when the
invitation's email is changed, when it is sent again (a new secret), when it expires, is
withdrawn or has been used (a used link still says so to whoever holds it). The secret is
made inside the task that sends the email, so it is never written anywhere, the task queue
included.
"""

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.log_actions import log
from wagtail.models import Locale

from seminar_pages.models import (
    BackgroundPaperPage,
    EditionParticipant,
    Invitation,
    Registration,
    WorkingGroupChoice,
    WorkingGroupPage,
)

VALID_DAYS = getattr(settings, "SEMINAR_INVITATION_VALID_DAYS", 30)
_SALT = b"seminar_pages.invitation"


class LinkRefused(Exception):
    """An invitation link that opens nothing; ``reason`` names why, for the page shown."""

    INVALID = "invalid"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    USED = "used"
    DECLINED = "declined"
    OTHER_ACCOUNT = "other_account"

    def __init__(self, reason, invitation=None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def _digest(secret, email):
    key = hashlib.sha256(_SALT + settings.SECRET_KEY.encode()).digest()
    message = f"{secret}|{email.strip().lower()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def invite(participant):
    """The invitation of ``participant``, created (not yet sent) if there is none."""
    invitation, _created = Invitation.objects.get_or_create(
        participant=participant, defaults={"public_id": uuid.uuid4()}
    )
    return invitation


def _issue_link(invitation, now):
    """A new secret for ``invitation`` (the previous link stops working); returns the token."""
    secret = secrets.token_urlsafe(32)
    invitation.token_digest = _digest(secret, invitation.participant.email)
    invitation.expires_at = now + timedelta(days=VALID_DAYS)
    return f"{invitation.public_id.hex}.{secret}"


def find(token, user=None, now=None):
    """The open invitation that ``token`` is the link of.

    Args:
        token: the last part of the link's address.
        user: the person opening it; a signed-in account with another email is refused.
        now: the time to judge expiry by (default: now).

    Returns:
        The ``Invitation``, with its participant and edition.

    Raises:
        LinkRefused: with the reason. A token that is not one of ours (altered, guessed,
            replaced by a newer link) is ``INVALID`` whatever it names, so that only the
            holder of a real link learns anything about its invitation.
    """
    now = now or timezone.now()
    public_id, _dot, secret = (token or "").partition(".")
    try:
        public_id = uuid.UUID(hex=public_id)
    except ValueError:
        raise LinkRefused(LinkRefused.INVALID) from None
    invitation = (
        Invitation.objects.select_related("participant__edition", "participant__user")
        .filter(public_id=public_id)
        .first()
    )
    expected = invitation.token_digest if invitation else ""
    given = _digest(secret, invitation.participant.email if invitation else "")
    if not secret or not expected or not hmac.compare_digest(expected, given):
        raise LinkRefused(LinkRefused.INVALID)
    status = invitation.status
    if status == Invitation.Status.WITHDRAWN:
        raise LinkRefused(LinkRefused.WITHDRAWN, invitation)
    if status == Invitation.Status.REGISTERED:
        raise LinkRefused(LinkRefused.USED, invitation)
    if status == Invitation.Status.DECLINED:
        raise LinkRefused(LinkRefused.DECLINED, invitation)
    if invitation.expires_at is None or invitation.expires_at <= now:
        raise LinkRefused(LinkRefused.EXPIRED, invitation)
    if user is not None and user.is_authenticated:
        if (user.email or "").strip().lower() != invitation.participant.email.lower():
            raise LinkRefused(LinkRefused.OTHER_ACCOUNT, invitation)
    return invitation


def mark_opened(invitation):
    if invitation.status == Invitation.Status.INVITED:
        invitation.status = Invitation.Status.OPENED
        invitation.opened_at = timezone.now()
        invitation.save(update_fields=["status", "opened_at"])


# Sending ------------------------------------------------------------------------------


def localized(page, language):
    """``page`` in ``language`` where that translation is live, else the page itself."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or page.locale_id == locale.pk:
        return page
    translation_ = page.get_translation_or_none(locale)
    return translation_.specific if translation_ is not None and translation_.live else page


def background_paper(edition):
    return BackgroundPaperPage.objects.child_of(edition).live().first()


def _link(token, language):
    with translation.override(language):
        path = reverse("seminar_registration:invitation", kwargs={"token": token})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@dataclass
class _Email:
    subject: str
    body: str


def _email(invitation, token, kind):
    participant = invitation.participant
    language = participant.language
    with translation.override(language):
        edition = localized(participant.edition.specific, language)
        context = {
            "name": participant.name,
            "edition": edition,
            "link": _link(token, language),
            "expires": invitation.expires_at,
            "reminder": kind == "reminder",
        }
        subject = render_to_string("seminar_pages/emails/invitation_subject.txt", context)
        body = render_to_string("seminar_pages/emails/invitation.txt", context)
    return _Email(" ".join(subject.split()), body)


@task()
def send_invitation(invitation_id, kind="invitation", user_id=None):
    """Send (or resend, or remind with) a fresh link: the request never waits for email."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("participant__edition")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or not invitation.is_open or not invitation.participant.email:
            return {"sent": False}
        now = timezone.now()
        token = _issue_link(invitation, now)
        email = _email(invitation, token, kind)
        if kind == "reminder":
            invitation.reminded_at = now
            invitation.reminders += 1
        else:
            invitation.sent_at = now
        invitation.save()
        message = EmailMessage(
            email.subject,
            email.body,
            settings.DEFAULT_FROM_EMAIL,
            [invitation.participant.email],
            headers={"Content-Language": invitation.participant.language},
        )
        # A failed send rolls the new link back: the previous one still works.
        message.send()
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    log(
        instance=invitation.participant,
        action=f"seminar_pages.{'remind' if kind == 'reminder' else 'send_invitation'}",
        user=user,
    )
    return {"sent": True}


def send(invitations, user, kind="invitation"):
    """Queue the emails of the open ``invitations`` (a new link each); returns how many."""
    queued = 0
    for invitation in invitations:
        if invitation.is_open and invitation.participant.email:
            send_invitation.enqueue(invitation.pk, kind, user.pk if user else None)
            queued += 1
    return queued


def unanswered(edition):
    """Invitations of ``edition`` that were sent and neither answered nor withdrawn."""
    return Invitation.objects.filter(
        participant__edition=edition,
        status__in=[Invitation.Status.INVITED, Invitation.Status.OPENED],
        sent_at__isnull=False,
    ).select_related("participant")


# Answers ------------------------------------------------------------------------------


def _account_for(participant, password=None):
    """The user account of ``participant``: theirs already, one with their email, or new."""
    users = get_user_model()
    if participant.user_id:
        return participant.user
    existing = (
        users.objects.filter(email__iexact=participant.email).order_by("-is_active", "pk").first()
    )
    if existing is not None:
        return existing
    username = participant.email.lower()
    if users.objects.filter(username=username).exists():
        username = f"{username[:140]}-{uuid.uuid4().hex[:8]}"
    user = users(username=username, email=participant.email.lower())
    name_parts = participant.name.split(" ", 1)
    user.first_name = name_parts[0][:150]
    user.last_name = (name_parts[1] if len(name_parts) > 1 else "")[:150]
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def needs_password(invitation):
    """Whether registering creates an account, which then needs a password."""
    participant = invitation.participant
    if participant.user_id:
        return False
    return not get_user_model().objects.filter(email__iexact=participant.email).exists()


@transaction.atomic
def register(invitation, data, acting_user=None):
    """Record a registration from the form's cleaned ``data``, in one transaction.

    Args:
        invitation: an open invitation (``find`` checked it, or an editor registers).
        data: name, organisation, language, groups (ranked working groups), expertise,
            read_background_paper, consent_text, and password for a new account.
        acting_user: the editor registering on the invitee's behalf, or None.

    Returns:
        The ``Registration``.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise LinkRefused(LinkRefused.USED, invitation)
    participant = invitation.participant
    participant.name = data["name"]
    participant.organisation = data.get("organisation", participant.organisation)
    participant.language = data.get("language") or participant.language
    participant.expertise = data.get("expertise", "")
    participant.user = _account_for(participant, data.get("password"))
    participant.save()
    now = timezone.now()
    registration = Registration.objects.create(
        participant=participant,
        registered_by=acting_user,
        read_background_paper=bool(data.get("read_background_paper")),
        consent_text=data.get("consent_text", ""),
        consented_at=now if data.get("consent_text") is not None else None,
    )
    WorkingGroupChoice.objects.bulk_create(
        WorkingGroupChoice(registration=registration, working_group=group, rank=rank)
        for rank, group in enumerate(data.get("groups", []), start=1)
    )
    invitation.status = Invitation.Status.REGISTERED
    invitation.answered_at = now
    invitation.save()
    log(
        instance=participant,
        action="seminar_pages.register",
        user=acting_user or participant.user,
        data={"on_behalf": acting_user is not None},
    )
    return registration


@transaction.atomic
def decline(invitation):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise LinkRefused(LinkRefused.USED, invitation)
    invitation.status = Invitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save()
    log(instance=invitation.participant, action="seminar_pages.decline")


def edition_groups(edition):
    """The edition's working groups in its own language, in order, for ranking."""
    return list(WorkingGroupPage.objects.child_of(edition).order_by("number", "path"))


def participants_of(edition):
    return EditionParticipant.objects.filter(edition=edition).filter(Q(erased_at__isnull=True))


DEFAULT_NOTICE = _(
    "The Asia-Europe Foundation (ASEF) processes the personal data you give here to "
    "organise the seminar: to assign you to a working group, to send you its material and "
    "to contact you about this edition. Your data is seen by the ASEF Secretariat only, is "
    "never published, and is erased on request or after the edition's outputs are "
    "published. Under the Chatham House Rule, nothing you say is attributed to you."
)


def notice(edition, language):
    """The personal data notice an invitee consents to, in ``language`` where translated."""
    with translation.override(language):
        text = localized(edition, language).personal_data_notice or edition.personal_data_notice
        return text or str(DEFAULT_NOTICE)
