"""A participant's personal data: what the Secretariat may hand over, and erasure.

Erasure removes the person from every record that is not a published output: their
participant record, invitation, account and the log. Published outputs name nobody (the
Chatham House check refuses them otherwise), so nothing there needs to change.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from seminar_pages import access
from seminar_pages.models import EditionParticipant, WorkingGroupUserObjectPermission

ERASED = "erased"


def _timestamp(value):
    return value.isoformat() if value else None


def _log_entries(participant):
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(EditionParticipant),
        object_id=str(participant.pk),
    )
    if participant.user_id:
        entries = entries | ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(participant.user),
            object_id=str(participant.user_id),
        )
    return entries.order_by("timestamp", "pk")


def _roles(user):
    rows = WorkingGroupUserObjectPermission.objects.filter(user=user).select_related(
        "permission", "content_object"
    )
    return sorted(
        f"{row.content_object.title}: {access.ROLE_BY_CODENAME[row.permission.codename]}"
        for row in rows
        if row.permission.codename in access.ROLE_BY_CODENAME
    )


def export(participant):
    """Everything the system holds about ``participant``, as JSON-ready data."""
    invitation = getattr(participant, "invitation", None)
    registration = getattr(participant, "registration", None)
    user = participant.user
    return {
        "participant": {
            "edition": participant.edition.title,
            "name": participant.name,
            "names_in_other_scripts": participant.names_in_other_scripts.splitlines(),
            "email": participant.email,
            "organisation": participant.organisation,
            "category": participant.category,
            "asem_partner": participant.partner.name if participant.partner_id else None,
            "preferred_language": participant.language,
            "gender": participant.gender,
            "expertise": participant.expertise,
            "working_group": participant.working_group.title
            if participant.working_group_id
            else None,
        },
        "invitation": None
        if invitation is None
        else {
            "status": invitation.status,
            "created": _timestamp(invitation.created_at),
            "sent": _timestamp(invitation.sent_at),
            "link_expires": _timestamp(invitation.expires_at),
            "opened": _timestamp(invitation.opened_at),
            "answered": _timestamp(invitation.answered_at),
            "reminders": invitation.reminders,
        },
        "registration": None
        if registration is None
        else {
            "registered": _timestamp(registration.registered_at),
            "registered_by_the_secretariat": registration.registered_by_id is not None,
            "working_group_preferences": [group.title for group in registration.ranked_groups()],
            "read_background_paper": registration.read_background_paper,
            "consented": _timestamp(registration.consented_at),
            "consent_text": registration.consent_text,
        },
        "account": None
        if user is None
        else {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined": _timestamp(user.date_joined),
            "last_login": _timestamp(user.last_login),
            "working_group_roles": _roles(user),
        },
        "log": [
            {"action": entry.action, "timestamp": _timestamp(entry.timestamp)}
            for entry in _log_entries(participant)
        ],
    }


@transaction.atomic
def erase(participant, acting_user):
    """Erase ``participant``'s personal data; the record stays, named by its number only.

    Raises:
        PermissionError: ``acting_user`` is not of the Secretariat.
    """
    if not access.can_manage_roles(acting_user):
        raise PermissionError("Only the ASEF Secretariat erases personal data.")
    participant = EditionParticipant.objects.select_for_update().get(pk=participant.pk)
    label = f"{ERASED}-{participant.pk}"
    user = participant.user
    if user is not None:
        for row in WorkingGroupUserObjectPermission.objects.filter(user=user).select_related(
            "permission", "content_object"
        ):
            role = access.ROLE_BY_CODENAME.get(row.permission.codename)
            if role:
                access.revoke_role(acting_user, user, row.content_object, role)
        scrubbed = Q(data__user_id=user.pk)
        for model in (ModelLogEntry, PageLogEntry):
            for entry in model.objects.filter(scrubbed):
                entry.data = {key: value for key, value in entry.data.items() if key != "username"}
                entry.save(update_fields=["data"])
        user.username = f"{label}-account"
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
    participant.name = label
    participant.names_in_other_scripts = ""
    participant.email = ""
    participant.organisation = ""
    participant.expertise = ""
    participant.gender = ""
    participant.working_group = None
    participant.proposed_group = None
    participant.pinned_group = None
    participant.erased_at = timezone.now()
    participant.save()
    participant.excluded_groups.clear()
    invitation = getattr(participant, "invitation", None)
    if invitation is not None:
        invitation.token_digest = ""
        invitation.status = invitation.Status.WITHDRAWN
        invitation.save(update_fields=["token_digest", "status"])
    _log_entries(participant).update(label=label)
    log(instance=participant, action="seminar_pages.erase", user=acting_user)
    return participant


def log_access(user, edition, what, participant=None):
    """Record that ``user`` read the participants of ``edition`` (``what``: "list", "detail",
    "export", "assignment"). The entry is a log entry of the participant model, which only
    those holding rights on participants (the Secretariat) find in the site history."""
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(EditionParticipant),
        object_id=str(participant.pk if participant else edition.pk),
        label=str(participant) if participant else f"{edition.title}",
        action="seminar_pages.read_participants",
        data={"edition_id": edition.pk, "view": what},
        user=user,
        timestamp=timezone.now(),
    )
