"""Admin views of the access policy: working-group roles, closed-door markings and
translators' languages."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from seminar_pages import access
from seminar_pages.models import EditionPage, WorkingGroupPage


class RoleForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(role, label) for role, (_codename, label) in access.ROLES.items()],
    )


class WorkingGroupChoiceField(forms.ModelChoiceField):
    """Working groups named with their edition: every edition has a "Working Group 1"."""

    editions = {}

    def label_from_instance(self, obj):
        return obj.label_with_edition(self.editions.get(obj.path[: -Page.steplen]))


class ClosureForm(forms.Form):
    closed = forms.BooleanField(label=_("Closed-door material"), required=False)
    working_group = WorkingGroupChoiceField(
        label=_("Readable by the members of"),
        queryset=WorkingGroupPage.objects.none(),
        required=False,
        help_text=_("Empty: only the Secretariat and the Steering Committee."),
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = WorkingGroupPage.objects.filter(
            locale_id=page.locale_id
        ).order_by("path")
        self.fields["working_group"].editions = {
            edition.path: edition
            for edition in EditionPage.objects.filter(locale_id=page.locale_id).only(
                "path", "title", "year"
            )
        }


def _require_role_manager(request):
    if not access.can_manage_roles(request.user):
        raise PermissionDenied


def roles(request, page_id):
    _require_role_manager(request)
    group = get_object_or_404(WorkingGroupPage, pk=page_id)
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access.grant_role(request.user, form.cleaned_data["user"], group, form.cleaned_data["role"])
        messages.success(request, _("Role granted."))
        return redirect("seminar_access:roles", page_id)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "seminar_pages/admin/roles.html",
        {"page": group, "form": form, "holders": access.role_holders(group), "roles": access.ROLES},
        status=status,
    )


def revoke(request, page_id):
    _require_role_manager(request)
    if request.method != "POST":
        return redirect("seminar_access:roles", page_id)
    group = get_object_or_404(WorkingGroupPage, pk=page_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person and a role to revoke."))
        return redirect("seminar_access:roles", page_id)
    access.revoke_role(request.user, form.cleaned_data["user"], group, form.cleaned_data["role"])
    messages.success(request, _("Role revoked."))
    return redirect("seminar_access:roles", page_id)


def closure(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not access.can_see_in_admin(request.user, page):
        raise PermissionDenied
    marking = access.closed_marking(page, request.user)
    own_marking = marking is not None and marking.translation_key == page.translation_key
    can_change = access.can_manage_roles(request.user)
    initial = {"closed": marking is not None}
    if marking is not None:
        initial["working_group"] = marking.working_group
    else:
        initial["working_group"] = WorkingGroupPage.objects.ancestor_of(
            page, inclusive=True
        ).first()
    form = ClosureForm(request.POST or None, initial=initial, page=page)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            if form.cleaned_data["closed"]:
                access.close_page(page, form.cleaned_data["working_group"], request.user)
                messages.success(request, _("The page is closed-door material."))
            elif own_marking:
                access.open_page(page, request.user)
                messages.success(request, _("The closed-door marking was removed."))
            elif marking is not None:
                messages.error(
                    request, _("This page is closed because of a page above it; open that one.")
                )
            return redirect("seminar_access:closure", page_id)
    return TemplateResponse(
        request,
        "seminar_pages/admin/closure.html",
        {
            "page": page,
            "marking": marking,
            "working_group_label": marking.working_group.label_with_edition()
            if marking is not None and marking.working_group is not None
            else "",
            "own_marking": own_marking,
            "who_can_see": access.who_can_see(page),
            "form": form,
            "can_change": can_change,
        },
        status=400 if request.method == "POST" else 200,
    )


class TranslatorForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
    )
    locale = forms.ModelChoiceField(label=_("Language"), queryset=Locale.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].queryset = Locale.objects.exclude(
            pk=Locale.get_default().pk
        ).order_by("language_code")
        self.fields["locale"].label_from_instance = lambda locale: locale.get_display_name()


def translators(request):
    _require_role_manager(request)
    form = TranslatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access.grant_translator(
            request.user, form.cleaned_data["user"], form.cleaned_data["locale"]
        )
        messages.success(request, _("Language assigned."))
        return redirect("seminar_access:translators")
    locales = Locale.objects.exclude(pk=Locale.get_default().pk).order_by("language_code")
    return TemplateResponse(
        request,
        "seminar_pages/admin/translators.html",
        {
            "form": form,
            "assignments": [(locale, list(access.translators_of(locale))) for locale in locales],
        },
        status=400 if request.method == "POST" else 200,
    )


def revoke_translator(request):
    _require_role_manager(request)
    if request.method != "POST":
        return redirect("seminar_access:translators")
    user = get_object_or_404(get_user_model(), pk=request.POST.get("user") or 0)
    locale = get_object_or_404(Locale, pk=request.POST.get("locale") or 0)
    access.revoke_translator(request.user, user, locale)
    messages.success(request, _("Language withdrawn."))
    return redirect("seminar_access:translators")
