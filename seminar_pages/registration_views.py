"""The invitee's side: the link opens the registration form, in the invitee's language."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from seminar_pages import invitations
from seminar_pages.registration_forms import RegistrationForm

REFUSED_STATUS = {invitations.LinkRefused.INVALID: 404, invitations.LinkRefused.OTHER_ACCOUNT: 403}


def _private(response):
    # The page carries the invitee's details and the link its secret: never stored by a
    # cache, never sent to another site as a referrer ("no-referrer" would make the
    # browser send "Origin: null", which Django's CSRF check refuses).
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _refused(request, refusal):
    return _private(
        TemplateResponse(
            request,
            "seminar_pages/registration/refused.html",
            {"reason": refusal.reason},
            status=REFUSED_STATUS.get(refusal.reason, 410),
        )
    )


def registration_context(invitation, form, language):
    edition = invitation.participant.edition.specific
    paper = invitations.background_paper(edition)
    return {
        "invitation": invitation,
        "participant": invitation.participant,
        "edition": invitations.localized(edition, language),
        "background_paper": invitations.localized(paper, language) if paper else None,
        "notice": invitations.notice(edition, language),
        "form": form,
    }


def registration_form(invitation, data=None):
    return RegistrationForm(
        data,
        groups=[
            (group, invitations.localized(group, translation.get_language()).title)
            for group in invitations.edition_groups(invitation.participant.edition)
        ],
        participant=invitation.participant,
        needs_password=invitations.needs_password(invitation),
    )


def cleaned_registration(form, invitation, language):
    data = dict(form.cleaned_data)
    data["consent_text"] = invitations.notice(invitation.participant.edition.specific, language)
    return data


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    language = translation.get_language()
    try:
        found = invitations.find(token, request.user)
    except invitations.LinkRefused as refusal:
        return _refused(request, refusal)
    if request.method == "POST" and request.POST.get("answer") == "decline":
        invitations.decline(found)
        return _private(TemplateResponse(request, "seminar_pages/registration/declined.html", {}))
    form = registration_form(found, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.register(found, cleaned_registration(form, found, language))
        except invitations.LinkRefused as refusal:
            return _refused(request, refusal)
        return redirect("seminar_registration:registered")
    if request.method == "GET":
        invitations.mark_opened(found)
    context = registration_context(found, form, language)
    return _private(
        TemplateResponse(
            request,
            "seminar_pages/registration/form.html",
            context,
            status=400 if form.is_bound else 200,
        )
    )


@require_http_methods(["GET", "HEAD"])
def registered(request):
    return _private(TemplateResponse(request, "seminar_pages/registration/registered.html", {}))
