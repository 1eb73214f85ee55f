"""Keeps closed-door markings and cached access answers in step with the tree."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from seminar_pages import access


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


def connect():
    from seminar_pages.models import (
        ClosedDoor,
        WorkingGroupCollection,
        WorkingGroupGroupObjectPermission,
        WorkingGroupUserObjectPermission,
    )

    post_save.connect(close_new_closed_pages, dispatch_uid="seminar_close_new_pages")
    post_save.connect(create_private_collection, dispatch_uid="seminar_private_collection")
    for model in (
        ClosedDoor,
        WorkingGroupCollection,
        WorkingGroupUserObjectPermission,
        WorkingGroupGroupObjectPermission,
        PageViewRestriction,
    ):
        post_save.connect(
            forget, sender=model, dispatch_uid=f"seminar_forget_save_{model.__name__}"
        )
        post_delete.connect(
            forget, sender=model, dispatch_uid=f"seminar_forget_del_{model.__name__}"
        )
    post_delete.connect(forget, sender=Page, dispatch_uid="seminar_forget_page_delete")
    page_published.connect(forget, dispatch_uid="seminar_forget_publish")
    page_unpublished.connect(forget, dispatch_uid="seminar_forget_unpublish")
    post_page_move.connect(forget, dispatch_uid="seminar_forget_move")
    m2m_changed.connect(
        forget, sender=get_user_model().groups.through, dispatch_uid="seminar_forget_groups"
    )
