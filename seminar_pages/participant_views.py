"""The Secretariat's admin views of an edition's people: invitations, registrations,
assignment, export and erasure. Every view that shows participants is logged
(``privacy.log_access``); the gate keeps the whole area to the Secretariat."""

import json

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.log_actions import log
from wagtail.models import Locale

from seminar_pages import access, assigning, assignment, invitations, privacy
from seminar_pages.invitee_import import ImportRefused, import_invitees
from seminar_pages.models import AsemPartner, EditionPage, EditionParticipant, Invitation
from seminar_pages.participant_forms import ImportForm, MoveForm, ParticipantForm
from seminar_pages.registration_forms import RegistrationForm


def _secretariat(request):
    # The gate refuses this area to everyone else already; a view never relies on that alone.
    if not access.can_manage_roles(request.user):
        raise Http404


def _edition(request, edition_id):
    _secretariat(request)
    return get_object_or_404(EditionPage, pk=edition_id)


def _participant(request, participant_id):
    _secretariat(request)
    return get_object_or_404(
        EditionParticipant.objects.select_related("edition", "invitation", "user"),
        pk=participant_id,
        erased_at__isnull=True,
    )


@require_http_methods(["GET", "HEAD"])
def editions(request):
    _secretariat(request)
    rows = (
        EditionPage.objects.filter(locale=Locale.get_default())
        .annotate(
            invited=Count("participants", filter=Q(participants__erased_at__isnull=True)),
            registered=Count(
                "participants",
                filter=Q(participants__invitation__status=Invitation.Status.REGISTERED),
            ),
        )
        .order_by("-number")
    )
    return TemplateResponse(
        request, "seminar_pages/admin/participants/editions.html", {"editions": rows}
    )


STATUS_FILTERS = [value for value, _label in Invitation.Status.choices]


@require_http_methods(["GET", "HEAD"])
def participants(request, edition_id):
    edition = _edition(request, edition_id)
    people = (
        invitations.participants_of(edition)
        .select_related("invitation", "partner", "working_group", "proposed_group")
        .order_by("name")
    )
    status = request.GET.get("status", "")
    if status in STATUS_FILTERS:
        people = people.filter(invitation__status=status)
    counts = dict(
        invitations.participants_of(edition)
        .values_list("invitation__status")
        .annotate(count=Count("pk"))
        .values_list("invitation__status", "count")
    )
    privacy.log_access(request.user, edition, "list")
    language_names = dict(settings.LANGUAGES)
    people = list(people)
    for person in people:
        person.language_name = language_names.get(person.language, person.language)
    return TemplateResponse(
        request,
        "seminar_pages/admin/participants/list.html",
        {
            "edition": edition,
            "people": people,
            "status": status,
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in Invitation.Status.choices
            ],
            "unsent": invitations.participants_of(edition)
            .filter(invitation__status=Invitation.Status.INVITED, invitation__sent_at__isnull=True)
            .count(),
            "unanswered": invitations.unanswered(edition).count(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def import_file(request, edition_id):
    edition = _edition(request, edition_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_invitees(
                edition, upload, filename=upload.name, acting_user=request.user
            )
        except ImportRefused as refusal:
            errors = refusal.errors
        else:
            messages.success(
                request,
                _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("seminar_participants:list", edition.pk)
    return TemplateResponse(
        request,
        "seminar_pages/admin/participants/import.html",
        {"edition": edition, "form": form, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def add(request, edition_id):
    edition = _edition(request, edition_id)
    form = ParticipantForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        participant = form.save()
        invitations.invite(participant)
        log(instance=participant, action="seminar_pages.add_invitee", user=request.user)
        messages.success(request, _("Invitee added. Send the invitation from the list."))
        return redirect("seminar_participants:list", edition.pk)
    return TemplateResponse(
        request,
        "seminar_pages/admin/participants/edit.html",
        {"edition": edition, "form": form, "participant": None},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def send(request, edition_id):
    edition = _edition(request, edition_id)
    kind = "reminder" if request.POST.get("kind") == "reminder" else "invitation"
    if kind == "reminder":
        chosen = invitations.unanswered(edition)
    else:
        chosen = Invitation.objects.filter(
            participant__edition=edition,
            participant__erased_at__isnull=True,
            status=Invitation.Status.INVITED,
            sent_at__isnull=True,
        ).select_related("participant")
    count = invitations.send(list(chosen), request.user, kind)
    if kind == "reminder":
        messages.success(request, _("%(count)s reminders queued.") % {"count": count})
    else:
        messages.success(request, _("%(count)s invitations queued.") % {"count": count})
    return redirect("seminar_participants:list", edition.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def participant(request, participant_id):
    person = _participant(request, participant_id)
    edition = person.edition
    form = ParticipantForm(request.POST or None, instance=person, edition=edition)
    if request.method == "POST" and form.is_valid():
        form.save()
        log(instance=person, action="seminar_pages.edit_participant", user=request.user)
        messages.success(request, _("Saved."))
        return redirect("seminar_participants:participant", person.pk)
    privacy.log_access(request.user, edition, "detail", person)
    registration = getattr(person, "registration", None)
    return TemplateResponse(
        request,
        "seminar_pages/admin/participants/edit.html",
        {
            "edition": edition,
            "participant": person,
            "invitation": invitations.invite(person),
            "registration": registration,
            "form": form,
            "move_form": MoveForm(edition=edition, initial={"working_group": person.working_group}),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def act(request, participant_id):
    """Resend, withdraw or decline one invitation."""
    person = _participant(request, participant_id)
    action = request.POST.get("action")
    invitation = invitations.invite(person)
    if action == "resend":
        if invitations.send([invitation], request.user):
            messages.success(request, _("A new link is on its way; the earlier one stops working."))
        else:
            messages.error(request, _("Only an open invitation with an email can be sent."))
    elif action == "withdraw":
        assigning.withdraw(person, request.user)
        messages.success(request, _("Invitation withdrawn; any working-group membership ended."))
    elif action == "decline":
        try:
            invitations.decline(invitation)
        except invitations.LinkRefused:
            messages.error(request, _("This invitation was answered already."))
        else:
            messages.success(request, _("Marked as declined."))
    else:
        return HttpResponse(_("Unknown action."), status=400, content_type="text/plain")
    return redirect("seminar_participants:participant", person.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def register_on_behalf(request, participant_id):
    """An editor accepts for the invitee: the same form, without a password; the person
    signs in later through the password reset."""
    person = _participant(request, participant_id)
    invitation = invitations.invite(person)
    if not invitation.is_open:
        messages.error(request, _("This invitation was answered already."))
        return redirect("seminar_participants:participant", person.pk)
    language = translation.get_language()
    form = RegistrationForm(
        request.POST or None,
        groups=[(group, group.title) for group in invitations.edition_groups(person.edition)],
        participant=person,
        needs_password=False,
    )
    form.fields["consent"].label = _("The invitee consented to the notice below (in writing).")
    form.fields["read_background_paper"].label = _("The invitee has read the Background Paper.")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["consent_text"] = invitations.notice(person.edition.specific, person.language)
        invitations.register(invitation, data, acting_user=request.user)
        messages.success(request, _("Registered on the invitee's behalf."))
        return redirect("seminar_participants:participant", person.pk)
    return TemplateResponse(
        request,
        "seminar_pages/admin/participants/register.html",
        {
            "participant": person,
            "edition": person.edition,
            "form": form,
            "notice": invitations.notice(person.edition.specific, language),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def move(request, participant_id):
    person = _participant(request, participant_id)
    form = MoveForm(request.POST, edition=person.edition)
    if form.is_valid():
        assigning.move(person, form.cleaned_data["working_group"], request.user)
        messages.success(request, _("Moved."))
    else:
        messages.error(request, _("Choose a working group of the same edition."))
    return redirect("seminar_participants:participant", person.pk)


@require_http_methods(["GET", "HEAD"])
def export(request, participant_id):
    person = _participant(request, participant_id)
    privacy.log_access(request.user, person.edition, "export", person)
    response = HttpResponse(
        json.dumps(privacy.export(person), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="participant-{person.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def erase(request, participant_id):
    person = _participant(request, participant_id)
    if request.method == "POST":
        edition = person.edition
        privacy.erase(person, request.user)
        messages.success(request, _("The participant's personal data was erased."))
        return redirect("seminar_participants:list", edition.pk)
    return TemplateResponse(
        request, "seminar_pages/admin/participants/erase.html", {"participant": person}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def assignment_view(request, edition_id):
    edition = _edition(request, edition_id)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "run":
            try:
                proposal = assigning.propose(edition, request.user)
            except assignment.Infeasible as error:
                named = EditionParticipant.objects.filter(pk__in=error.people).order_by("name")
                names = ", ".join(person.name for person in named[:10])
                messages.error(request, f"{error} {names}".strip())
                status = 400
            else:
                solution = proposal.solution
                messages.success(
                    request,
                    _(
                        "Assignment proposed in %(seconds).1f s (%(optimality)s). Review it, "
                        "pin or move people and run it again, then confirm."
                    )
                    % {
                        "seconds": solution.seconds,
                        "optimality": _("proven optimal")
                        if solution.optimal
                        else _("best found within the time limit"),
                    },
                )
                return redirect("seminar_participants:assignment", edition.pk)
        elif action == "confirm":
            try:
                changed = assigning.confirm(edition, request.user)
            except ValueError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(
                    request,
                    _("Assignment confirmed: %(count)s memberships changed, people notified.")
                    % {"count": len(changed)},
                )
                return redirect("seminar_participants:assignment", edition.pk)
        else:
            return HttpResponse(_("Unknown action."), status=400, content_type="text/plain")
    privacy.log_access(request.user, edition, "assignment")
    report = assigning.report(edition)
    members = {group.pk: [] for group in report["groups"]}
    for person in report["participants"]:
        key = person.proposed_group_id or person.working_group_id
        if key in members:
            members[key].append(person)
    return TemplateResponse(
        request,
        "seminar_pages/admin/participants/assignment.html",
        {
            "edition": edition,
            "rows": [
                _balance_row(group, report["balance"].get(group.pk), members[group.pk])
                for group in report["groups"]
            ],
            "report": report,
            "pending": any(
                person.proposed_group_id != person.working_group_id
                for person in report["participants"]
            ),
        },
        status=status,
    )


LABELS = {
    **dict(EditionParticipant.Gender.choices),
    **dict(EditionParticipant.Category.choices),
    **dict(AsemPartner.Region.choices),
}


def _counts(counts, size=None):
    """(label, count) pairs of a mix, in the order the report gives them, then how many
    of the ``size`` members did not state the value (gender) or have none (region)."""
    pairs = [(LABELS.get(value, value), count) for value, count in counts.items() if value]
    unknown = (size or 0) - sum(count for _pair, count in pairs)
    if size is not None and unknown > 0:
        pairs.append((_("unknown"), unknown))
    return pairs


def _share(count, size):
    return f"{count} ({round(100 * count / size)}%)" if size else "0"


def _balance_row(group, stats, members):
    size = stats.size if stats else 0
    return {
        "group": group,
        "members": members,
        "size": size,
        "mixes": [
            _counts(stats.genders, size) if stats else [],
            _counts(stats.regions, size) if stats else [],
            _counts(stats.categories) if stats else [],
        ],
        "first_choice": _share(stats.first_choice, size) if stats else "0",
        "second_choice": _share(stats.second_choice, size) if stats else "0",
    }
