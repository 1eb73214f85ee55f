"""The seam between an output's publish and the rules that may refuse it.

Every way a page goes live in Wagtail 8 (the edit form, workflow approval, scheduled
publishing, bulk publish, wagtail-localize, ``revision.publish()`` from code) ends in the
page's ``publish(revision, ...)``. The output pages send ``publication_requested`` from
there; the Chatham House guard (``outputs.chatham``, which asks the access policy) listens
and raises ``PublicationRefused``. This module imports no policy, so that the models may
import it.
"""

import logging

from django.conf import settings
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

logger = logging.getLogger("outputs")

#: Sent with ``page`` (the page as stored), ``content`` (the object about to be published,
#: e.g. ``revision.as_object()``), ``revision`` (or ``None``) and ``user``. A receiver refuses
#: by raising ``PublicationRefused``.
publication_requested = Signal()

#: The ``log_action`` that Wagtail's ``publish_scheduled`` command passes to ``publish``.
SCHEDULED = "wagtail.publish.scheduled"


class PublicationRefused(Exception):
    """A rule refused to publish ``page``; ``matches`` says why, ``message`` for people.

    Neither a ``ValidationError`` nor a ``PermissionDenied``: wagtail-localize's translation
    editor turns a ``ValidationError`` of a publish into "new validation errors were found"
    (and reads an ``error_dict`` from it), and Wagtail's admin turns a ``PermissionDenied``
    into "you do not have permission"; either would hide the names. The admin answers it
    with its message (``outputs.middleware``).
    """

    def __init__(self, page, matches, message):
        super().__init__(message)
        self.page = page
        self.matches = list(matches)
        self.message = str(message)

    def __str__(self):
        return self.message


def check_publication(page, content, revision=None, user=None):
    """Raise ``PublicationRefused`` if a rule refuses to publish ``content`` as ``page``."""
    publication_requested.send(
        sender=type(page), page=page, content=content, revision=revision, user=user
    )


def refuse_scheduled(page, revision, refusal):
    """A scheduled revision that is refused: withdraw its schedule, log it, do not raise.

    Wagtail's ``publish_scheduled`` publishes revision after revision without catching: one
    refusal raised would stop the others, and the refused revision, still scheduled, would be
    tried (and fail) at every run of the command.
    """
    revision.approved_go_live_at = None
    revision.save(update_fields=["approved_go_live_at"])
    logger.error(
        "Scheduled publication refused: %r (page %s, revision %s): %s",
        str(page),
        page.pk,
        revision.pk,
        refusal.message,
    )
    log(
        instance=page,
        action="outputs.publication_refused",
        revision=revision,
        data={"reason": refusal.message, "scheduled": True},
    )


class ChathamHouseRuleMixin(models.Model):
    """Checks, at the page's publish, that the revision names no participant.

    Whatever publishes the page (the edit form, workflow approval, ``publish_scheduled``,
    bulk publish, wagtail-localize, code) ends here; the rule itself lives in
    ``outputs.chatham``, reached through ``outputs.publishing``. The Secretariat's override
    is part of the page's content, so that it is saved in the revision it was given for.
    The fields are not editable: the output forms set them (see ``outputs.forms``), and
    wagtail-localize neither translates nor synchronises them (a translation is covered by
    its live source's override, see ``outputs.chatham.covered_names``).

    Wagtail publishes through ``Revision.publish``, which calls this on the specific page;
    ``Page.publish`` on a base ``Page`` instance, or ``PublishPageRevisionAction`` run
    directly, would pass by it.
    """

    chatham_override_note = models.TextField(
        _("reason to publish despite name matches"),
        blank=True,
        editable=False,
        help_text=_("Given by the ASEF Secretariat for the names listed with it."),
    )
    chatham_override_names = models.JSONField(
        _("names the override covers"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("The protected names matched when the override was given."),
    )
    chatham_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("override given by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Checked at publication: only the ASEF Secretariat may override."),
    )

    class Meta:
        abstract = True

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        try:
            check_publication(self, revision.as_object(), revision, user)
        except PublicationRefused as refusal:
            if log_action != SCHEDULED:
                raise
            refuse_scheduled(self, revision, refusal)
            return None
        return super().publish(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            skip_permission_checks=skip_permission_checks,
        )
