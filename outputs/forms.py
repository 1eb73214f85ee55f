from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import BlockWidget
from wagtail.log_actions import log

from outputs import chatham, guards
from outputs.blocks import key_messages_block_for_edition
from outputs.models import WorkingGroupReportPage
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


class KeyMessagesPageForm(ChathamHouseGuardForm):
    """Key Messages choose recommendations of their own edition's reports, readable ones.

    The messages' block is rebuilt for the edition of the page being edited, so that its
    recommendation choosers open on that edition and refuse any other (``blocks.py``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("messages")
        edition = chatham.edition_of(self.instance, getattr(self, "parent_page", None))
        if field is not None and edition is not None:
            field.block = key_messages_block_for_edition(edition.pk)
            field.widget = BlockWidget(field.block)

    def clean(self):
        cleaned_data = super().clean()
        messages = cleaned_data.get("messages")
        if not messages:
            return cleaned_data
        chosen = [
            item
            for message in messages
            for item in (message.value.get("recommendations") or [])
            if item is not None
        ]
        readable = set(
            access.admin_pages(
                self.for_user,
                WorkingGroupReportPage.objects.filter(pk__in={item.page_id for item in chosen}),
            ).values_list("pk", flat=True)
        )
        if any(item.page_id not in readable for item in chosen):
            # Refused as if it did not exist.
            self.add_error("messages", _("A chosen recommendation does not exist."))
        return cleaned_data


class WorkingGroupReportPageForm(ChathamHouseGuardForm):
    """Gives new recommendations their identifier as soon as the report is saved.

    Identifiers are allocated here rather than at publication so that rapporteurs can
    cite them in drafts; a number once allocated is never handed out again. A
    recommendation that live pages carry forward cannot be deleted (``guards.py``).
    """

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("recommendations") if hasattr(self, "formsets") else None
        if formset is None or not self.instance.pk or not formset.is_valid():
            return cleaned_data
        deleted = set(formset.deleted_forms)
        kept = [form.instance.pk for form in formset.forms if form not in deleted]
        try:
            guards.refuse_removing(guards.removed_recommendations(self.instance, kept))
        except guards.LineageError as error:
            self.add_error(None, error.messages)
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=False)
        parent = self.parent_page if page.pk is None else page.get_parent()
        page.assign_recommendation_identifiers(parent)
        if commit:
            page.save()
        return page
