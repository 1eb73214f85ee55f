"""Closed-door material and the per-working-group roles that open it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class ClosedDoor(models.Model):
    """Marks a page, its translations, aliases and descendants as closed-door material.

    Keyed by the page's translation key so that every translation is closed from the
    moment it exists, whatever wagtail-localize last synchronised, and so that the
    closure outlives the deletion of the source page.
    """

    translation_key = models.UUIDField(unique=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    working_group = models.ForeignKey(
        "seminar_pages.WorkingGroupPage",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="closed_material",
        help_text=_(
            "Whose members may read it. Empty: only the Secretariat and the Steering Committee."
        ),
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("closed-door marking")
        verbose_name_plural = _("closed-door markings")

    def __str__(self):
        return f"{self.page or self.translation_key} (closed)"


class ClosedDoorCollection(models.Model):
    """A collection closed with everything below it: the "Closed-door material" parent.

    Every working group's private collection is created under it, and whatever else is
    filed below it (a collection created there by hand, the collection of a deleted
    working group) is closed to all but the readers of all closed material.
    """

    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.CASCADE, related_name="closed_door"
    )

    class Meta:
        verbose_name = _("closed-door collection")
        verbose_name_plural = _("closed-door collections")

    def __str__(self):
        return str(self.collection)


class WorkingGroupCollection(models.Model):
    """The private document collection of a working group: notes files, recordings, drafts.

    The link outlives its working group (``working_group`` becomes empty): the collection
    stays private, to the readers of all closed material only.
    """

    working_group = models.OneToOneField(
        "seminar_pages.WorkingGroupPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="private_collection",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="working_group_link"
    )

    def __str__(self):
        return str(self.collection)


class WorkingGroupUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("seminar_pages.WorkingGroupPage", on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class WorkingGroupGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("seminar_pages.WorkingGroupPage", on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
