"""The registration form an invitee (or an editor on their behalf) fills in."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from seminar_pages.models import EditionParticipant


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=EditionParticipant._meta.get_field("name").max_length,
        help_text=_("As it should appear on your badge and in the list of participants."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=EditionParticipant._meta.get_field("organisation").max_length,
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Preferred language"),
        help_text=_("For the emails about this edition."),
    )
    expertise = forms.CharField(
        label=_("Expertise"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Your work on the edition's themes, in a few sentences."),
    )
    read_background_paper = forms.BooleanField(
        label=_("I have read the Background Paper."), required=True
    )
    consent = forms.BooleanField(
        label=_("I consent to the processing of my personal data as described above."),
        required=True,
    )

    def __init__(self, *args, groups, participant, needs_password, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": participant.name,
                "organisation": participant.organisation,
                "language": participant.language,
            },
        )
        super().__init__(*args, **kwargs)
        # (group, its title in the reader's language): the value is the edition's own group.
        self.groups = {str(group.pk): group for group, _title in groups}
        self.fields["language"].choices = settings.LANGUAGES
        choices = [("", "---------")] + [(str(group.pk), title) for group, title in groups]
        self.rank_fields = []
        for rank in range(1, len(groups) + 1):
            name = f"choice_{rank}"
            self.fields[name] = forms.ChoiceField(
                label=_("Choice %(rank)s") % {"rank": rank},
                choices=choices,
                # A full ranking of a long list is a chore: the first two are required.
                required=rank <= min(2, len(groups)),
            )
            self.rank_fields.append(name)
        self.needs_password = needs_password
        if needs_password:
            self.fields["password1"] = forms.CharField(
                label=_("Password"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                help_text=password_validation.password_validators_help_text_html(),
            )
            self.fields["password2"] = forms.CharField(
                label=_("Password again"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            )

    def clean(self):
        cleaned = super().clean()
        chosen = []
        for name in self.rank_fields:
            value = cleaned.get(name)
            if not value:
                continue
            if value in chosen:
                self.add_error(name, _("You ranked this working group already."))
                continue
            chosen.append(value)
        # A gap (a third choice without a second) keeps the order of what was given.
        cleaned["groups"] = [self.groups[value] for value in chosen]
        if self.needs_password:
            first, second = cleaned.get("password1"), cleaned.get("password2")
            if first and second and first != second:
                self.add_error("password2", _("The two passwords differ."))
            elif first:
                try:
                    password_validation.validate_password(first)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
            cleaned["password"] = first
        return cleaned
