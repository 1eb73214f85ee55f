from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class LocaleUserObjectPermission(UserObjectPermissionBase):
    """A translator's right to translate into one locale (django-guardian, direct keys)."""

    content_object = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class LocaleGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class SourceTextChange(models.Model):
    """When the text of a translated source last changed on publication.

    Its translations are out of date while this is later than the source's last sync
    (``TranslationSource.last_updated_at``): syncing brings the new strings in.
    """

    source = models.OneToOneField(
        "wagtail_localize.TranslationSource",
        on_delete=models.CASCADE,
        related_name="text_change",
    )
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("source text change")
        verbose_name_plural = _("source text changes")

    def __str__(self):
        return f"{self.source_id} changed at {self.changed_at:%Y-%m-%d %H:%M}"
