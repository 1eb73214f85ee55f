from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.log_actions import log

from outputs import chatham
from seminar_pages import access


class ChathamHouseGuardForm(WagtailAdminPageForm):
    """Warns, before publishing, of an output that names a participant (``outputs.chatham``).

    The rule is enforced again at the page's publish, whatever publishes it; this form tells
    the editor early, and records the Secretariat's override in the page's fields, so that
    it is saved in the revision it was given for and checked when that revision goes live.
    """

    chatham_override_reason = forms.CharField(
        label=_("Publish despite name matches (ASEF Secretariat only): reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when a match is not a participant speaking, e.g. a keynote title. The "
            "reason covers the names matched now; a name added later is checked again."
        ),
    )

    def clean(self):
        cleaned_data = super().clean()
        self._chatham_override = None
        reason = (cleaned_data.get("chatham_override_reason") or "").strip()
        overriding = bool(reason) and access.can_manage_roles(self.for_user)
        # Checked when publishing, and when submitting for approval (approval publishes).
        checking = bool({"action-publish", "action-submit"} & set(self.data))
        if not (checking or overriding):
            return cleaned_data
        edition = chatham.edition_of(self.instance, getattr(self, "parent_page", None))
        if edition is None:
            return cleaned_data
        matches = chatham.find_name_matches(
            list(chatham.texts_of_form(self)), chatham.protected_names(edition)
        )
        if overriding and matches:
            self._chatham_override = {"reason": reason, "matches": [str(m) for m in matches]}
            self._chatham_override_names = sorted({match.name for match in matches})
            return cleaned_data
        covered = chatham.covered_names(self.instance) if self.instance.pk else set()
        refused = [match for match in matches if match.name not in covered]
        if checking and refused:
            self.add_error("chatham_override_reason", chatham.blocking_message(refused))
        return cleaned_data

    def save(self, commit=True):
        override = getattr(self, "_chatham_override", None)
        if override:
            self.instance.chatham_override_note = override["reason"]
            self.instance.chatham_override_names = self._chatham_override_names
            self.instance.chatham_override_by = self.for_user
        # Logged by the after_create_page / after_edit_page hooks, once the revision exists.
        return super().save(commit=commit)


def _override_in(revision):
    if revision is None:
        return None
    content = revision.content
    if not (content.get("chatham_override_note") or "").strip():
        return None
    return {
        "reason": content["chatham_override_note"],
        "matches": content.get("chatham_override_names") or [],
        "by": content.get("chatham_override_by"),
    }


def log_chatham_override(request, page):
    """Logs an override when the revision just saved gives one its predecessor did not.

    Read from the revisions, not from the form: Wagtail's edit view reloads the page after
    publishing it.
    """
    revision = page.get_latest_revision()
    override = _override_in(revision)
    if override is None:
        return
    try:
        previous = revision.get_previous()
    except revision.DoesNotExist:
        previous = None
    if override == _override_in(previous):
        return
    log(
        instance=page,
        action="seminar_pages.chatham_override",
        user=request.user,
        revision=revision,
        data={"reason": override["reason"], "matches": override["matches"]},
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
