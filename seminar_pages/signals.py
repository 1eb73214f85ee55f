"""Keeps closed-door markings and cached access answers in step with the tree."""

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save
from wagtail.models import Collection, GroupPagePermission, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from seminar_pages import access, translation


def close_new_closed_pages(sender, instance, created, **kwargs):
    if not created or not getattr(instance, "closed_by_default", False):
        return
    if instance.alias_of_id:
        # An alias is closed by its source's marking, never by the group it lands in.
        return
    from wagtail.models import Locale

    from seminar_pages.models import ClosedDoor, WorkingGroupPage

    if ClosedDoor.objects.filter(translation_key=instance.translation_key).exists():
        # A translation: its source's marking already closes it.
        return
    group = WorkingGroupPage.objects.ancestor_of(instance).first()
    if group is not None and group.locale_id != Locale.get_default().pk:
        group = group.get_translation_or_none(Locale.get_default()) or group
    access.close_page(instance, working_group=group)


def create_private_collection(sender, instance, created, **kwargs):
    from seminar_pages.models import WorkingGroupPage

    if created and isinstance(instance, WorkingGroupPage) and instance.depth:
        if instance.locale_id == instance.locale.get_default().pk:
            access.private_collection(instance)


def forget(sender, **kwargs):
    access.forget_cached_answers()


def forget_release(sender, **kwargs):
    # A release moment saved without publishing (from code, a migration, a test).
    if getattr(sender, "release_field", None):
        access.forget_cached_answers()


def note_source_publication(sender, instance, revision=None, **kwargs):
    if isinstance(instance, Page):
        translation.note_source_publication(instance, user=getattr(revision, "user", None))


def keep_converted_alias_a_draft(sender, instance, update_fields=None, **kwargs):
    """An alias in another language made into a page of its own stays a draft until published.

    wagtail-localize does this when a translation of an aliased page is started, and Wagtail's
    "convert alias" when an editor asks; both would leave the page live with the English text
    it showed, which readers would then be offered as the translation. As a draft, readers
    keep the English page, marked as such, until the translation is approved.
    """
    if not isinstance(instance, Page) or instance.pk is None or instance.alias_of_id:
        return
    if not instance.live or not update_fields or "alias_of_id" not in update_fields:
        return
    if not translation.is_translation(instance):
        return
    instance.live = False
    instance.has_unpublished_changes = True
    Page.objects.filter(pk=instance.pk).update(live=False, has_unpublished_changes=True)
    access.forget_cached_answers()


def ensure_locales(sender, app_config=None, using=DEFAULT_DB_ALIAS, **kwargs):
    """Every content language enabled in settings has its locale once migrations ran."""
    if app_config is None or app_config.label != "seminar_pages":
        return
    from wagtail.coreutils import get_content_languages
    from wagtail.models import Locale

    existing = set(Locale.objects.using(using).values_list("language_code", flat=True))
    Locale.objects.using(using).bulk_create(
        Locale(language_code=code) for code in get_content_languages() if code not in existing
    )


def connect():
    from seminar_pages.models import (
        ClosedDoor,
        ClosedDoorCollection,
        LocaleGroupObjectPermission,
        LocaleUserObjectPermission,
        WorkingGroupCollection,
        WorkingGroupGroupObjectPermission,
        WorkingGroupUserObjectPermission,
    )

    post_save.connect(close_new_closed_pages, dispatch_uid="seminar_close_new_pages")
    pre_save.connect(keep_converted_alias_a_draft, dispatch_uid="seminar_converted_alias_draft")
    post_save.connect(create_private_collection, dispatch_uid="seminar_private_collection")
    for model in (
        ClosedDoor,
        ClosedDoorCollection,
        Collection,
        WorkingGroupCollection,
        WorkingGroupUserObjectPermission,
        WorkingGroupGroupObjectPermission,
        LocaleUserObjectPermission,
        LocaleGroupObjectPermission,
        PageViewRestriction,
        GroupPagePermission,
    ):
        post_save.connect(
            forget, sender=model, dispatch_uid=f"seminar_forget_save_{model.__name__}"
        )
        post_delete.connect(
            forget, sender=model, dispatch_uid=f"seminar_forget_del_{model.__name__}"
        )
    post_delete.connect(forget, sender=Page, dispatch_uid="seminar_forget_page_delete")
    post_save.connect(forget_release, dispatch_uid="seminar_forget_release")
    page_published.connect(forget, dispatch_uid="seminar_forget_publish")
    page_unpublished.connect(forget, dispatch_uid="seminar_forget_unpublish")
    post_page_move.connect(forget, dispatch_uid="seminar_forget_move")
    m2m_changed.connect(
        forget, sender=get_user_model().groups.through, dispatch_uid="seminar_forget_groups"
    )
    page_published.connect(note_source_publication, dispatch_uid="seminar_source_published")
    post_migrate.connect(ensure_locales, dispatch_uid="seminar_ensure_locales")
