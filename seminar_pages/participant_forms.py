"""The Secretariat's forms for invitees and participants."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from seminar_pages.models import EditionParticipant, WorkingGroupPage


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8) or XLSX with a header row: name, email, organisation, category, "
            "partner, language, gender (optional), names in other scripts (optional). "
            "Rows whose email is already invited update that invitation."
        ),
    )


class ParticipantForm(forms.ModelForm):
    """An invitee's details, and the pins and exclusions of the assignment."""

    class Meta:
        model = EditionParticipant
        fields = [
            "name",
            "names_in_other_scripts",
            "email",
            "organisation",
            "category",
            "partner",
            "language",
            "gender",
            "pinned_group",
            "excluded_groups",
        ]
        widgets = {
            "names_in_other_scripts": forms.Textarea(attrs={"rows": 2}),
            "excluded_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.edition = edition
        groups = WorkingGroupPage.objects.child_of(edition).order_by("number", "path")
        self.fields["pinned_group"].queryset = groups
        self.fields["excluded_groups"].queryset = groups
        self.fields["language"] = forms.ChoiceField(
            label=_("Preferred language"), choices=settings.LANGUAGES
        )
        self.fields["email"].required = True
        self.fields["category"].required = True

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = EditionParticipant.objects.filter(edition=self.instance.edition, name=name).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(_("Someone of this edition has this name already."))
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        clash = EditionParticipant.objects.filter(
            edition=self.instance.edition, email__iexact=email
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Someone of this edition has this email already."))
        return email

    def clean(self):
        cleaned = super().clean()
        pinned, excluded = cleaned.get("pinned_group"), cleaned.get("excluded_groups") or []
        if pinned is not None and pinned in excluded:
            self.add_error(
                "pinned_group", _("A person cannot be pinned to a group they are excluded from.")
            )
        return cleaned


class MoveForm(forms.Form):
    working_group = forms.ModelChoiceField(label=_("Working group"), queryset=None)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = WorkingGroupPage.objects.child_of(edition).order_by(
            "number", "path"
        )
