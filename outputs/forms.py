from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.log_actions import log

from outputs import chatham
from seminar_pages import access


class ChathamHouseGuardForm(WagtailAdminPageForm):
    """Blocks publishing an output that names a participant (see ``outputs.chatham``)."""

    chatham_override_reason = forms.CharField(
        label=_("Publish despite name matches (ASEF Secretariat only): reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when a match is not a participant speaking, e.g. a keynote title."),
    )

    def clean(self):
        cleaned_data = super().clean()
        self._chatham_override = None
        # Checked when publishing, and when submitting for approval (approval publishes).
        if not {"action-publish", "action-submit"} & set(self.data):
            return cleaned_data
        edition = chatham.edition_of(self.instance, getattr(self, "parent_page", None))
        if edition is None:
            return cleaned_data
        matches = chatham.find_name_matches(
            list(chatham.texts_of_form(self)), chatham.protected_names(edition)
        )
        if not matches:
            return cleaned_data
        reason = (cleaned_data.get("chatham_override_reason") or "").strip()
        if reason and access.can_manage_roles(self.for_user):
            self._chatham_override = {"reason": reason, "matches": [str(m) for m in matches]}
        else:
            self.add_error("chatham_override_reason", chatham.blocking_message(matches))
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=commit)
        # Logged by the after_create_page / after_edit_page hooks, once the page exists.
        page.chatham_override = getattr(self, "_chatham_override", None)
        return page


def log_chatham_override(request, page):
    override = getattr(page, "chatham_override", None)
    if override:
        log(
            instance=page,
            action="seminar_pages.chatham_override",
            user=request.user,
            data=override,
        )


class WorkingGroupReportPageForm(ChathamHouseGuardForm):
    """Gives new recommendations their identifier as soon as the report is saved.

    Identifiers are allocated here rather than at publication so that rapporteurs can
    cite them in drafts; a number once allocated is never handed out again.
    """

    def save(self, commit=True):
        page = super().save(commit=False)
        parent = self.parent_page if page.pk is None else page.get_parent()
        page.assign_recommendation_identifiers(parent)
        if commit:
            page.save()
        return page
