"""The seam between an output's publish and the rules that may refuse it.

Every way a page goes live in Wagtail 8 (the edit form, workflow approval, scheduled
publishing, bulk publish, wagtail-localize, ``revision.publish()`` from code) ends in the
page's ``publish(revision, ...)``. The output pages send ``publication_requested`` from
there; the Chatham House guard (``outputs.chatham``, which asks the access policy) listens
and raises ``PublicationRefused``. This module imports no policy, so that the models may
import it.
"""

import logging

from django.dispatch import Signal
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
