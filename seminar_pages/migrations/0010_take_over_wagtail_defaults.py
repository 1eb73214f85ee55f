"""Wagtail's default groups and workflow, taken over by the project.

Wagtail's core migrations give every site an "Editors" and a "Moderators" group with page
rights from the root, and a "Moderators approval" workflow on the root page. Members of
those groups were emailed, shown and listed closed material. Here:

- "Editors" becomes "Public-section editors" (``access.PUBLIC_EDITORS``): the admin, page
  add/change/publish/lock/unlock from the root (the permission policy hides closed material
  and other groups' drafts from them), documents add/change/choose in the root collection,
  and nothing else (Wagtail's model-level document, image and translation rights go);
- "Moderators" loses its page, collection and model rights and is deleted; it is kept
  (without them) only when the project gave rights through it (working-group roles, languages,
  view restrictions, another workflow task), so that its members lose nothing the project gave;
- the "Moderators approval" workflow leaves the root page and is deleted with its task;
  when it already has moderation history, it is disabled as Wagtail's own "Disable" does
  (in-progress moderation cancelled, no pages assigned) so that the history stays.

The project's own workflows ("Review of translations", "Approval of outputs") have their own
tasks and are not touched. Running it again, or on a site where the groups were already
renamed or removed, changes nothing. The reverse restores Wagtail's defaults (members of a
deleted "Moderators" group are not restored).
"""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

EDITORS = "Editors"
MODERATORS = "Moderators"
PUBLIC_EDITORS = "Public-section editors"
DEFAULT_WORKFLOW = "Moderators approval"
DEFAULT_TASK = "Moderators approval"

PUBLIC_EDITOR_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")
DOCUMENT_ACTIONS = ("add", "change", "choose")
# What Wagtail's migrations give its two default groups.
WAGTAIL_EDITOR_PAGE_ACTIONS = ("add", "change")
WAGTAIL_MODERATOR_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")
WAGTAIL_COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "document", ("add", "change", "choose")),
    ("wagtailimages", "image", ("add", "change", "choose")),
)
WAGTAIL_MODEL_PERMISSIONS = (
    ("wagtailadmin", "admin", ("access_admin",)),
    ("wagtaildocs", "document", ("add_document", "change_document", "delete_document")),
    ("wagtaildocs", "document", ("choose_document",)),
    ("wagtailimages", "image", ("add_image", "change_image", "delete_image", "choose_image")),
    ("wagtail_localize", "translation", ("submit_translation",)),
)


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": "Can " + codename.replace("_", " ")},
    )[0]


def page_permission(apps, action):
    return permission(apps, "wagtailcore", "page", f"{action}_page")


def wagtail_model_permissions(apps):
    return [
        permission(apps, app_label, model, codename)
        for app_label, model, codenames in WAGTAIL_MODEL_PERMISSIONS
        for codename in codenames
    ]


def roots(apps):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    return Page.objects.filter(depth=1).first(), Collection.objects.filter(depth=1).first()


def holds_project_rights(apps, group, default_task_ids=()):
    """Whether the project gave rights through ``group`` (beyond Wagtail's defaults)."""
    related = [
        apps.get_model("seminar_pages", "WorkingGroupGroupObjectPermission").objects.filter(
            group=group
        ),
        apps.get_model("seminar_pages", "LocaleGroupObjectPermission").objects.filter(group=group),
        apps.get_model("guardian", "GroupObjectPermission").objects.filter(group=group),
        apps.get_model("wagtailcore", "PageViewRestriction").objects.filter(groups=group),
        apps.get_model("wagtailcore", "CollectionViewRestriction").objects.filter(groups=group),
        apps.get_model("wagtailcore", "GroupApprovalTask")
        .objects.filter(groups=group)
        .exclude(pk__in=list(default_task_ids)),
        group.permissions.exclude(
            content_type__app_label__in=[app for app, _model, _codes in WAGTAIL_MODEL_PERMISSIONS]
        ),
    ]
    return any(queryset.exists() for queryset in related)


def strip_wagtail_defaults(apps, group):
    """Remove the page, collection and model rights Wagtail's migrations give its groups."""
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(group=group).delete()
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(group=group).delete()
    group.permissions.remove(*wagtail_model_permissions(apps))


def scope_public_editors(apps, group):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root, root_collection = roots(apps)
    GroupPagePermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.filter(group=group).delete()
    group.permissions.set([permission(apps, "wagtailadmin", "admin", "access_admin")])
    if root is not None:
        for action in PUBLIC_EDITOR_PAGE_ACTIONS:
            GroupPagePermission.objects.create(
                group=group, page=root, permission=page_permission(apps, action)
            )
    if root_collection is not None:
        for action in DOCUMENT_ACTIONS:
            GroupCollectionPermission.objects.create(
                group=group,
                collection=root_collection,
                permission=permission(apps, "wagtaildocs", "document", f"{action}_document"),
            )


def retire_default_group(apps, group, default_task_ids):
    strip_wagtail_defaults(apps, group)
    if not holds_project_rights(apps, group, default_task_ids):
        group.delete()


def default_workflow_task_ids(apps):
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    return set(
        WorkflowTask.objects.filter(
            workflow__name=DEFAULT_WORKFLOW, task__name=DEFAULT_TASK
        ).values_list("task_id", flat=True)
    )


def remove_default_workflow(apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    Task = apps.get_model("wagtailcore", "Task")

    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW):
        task_ids = set(
            WorkflowTask.objects.filter(workflow=workflow).values_list("task", flat=True)
        )
        WorkflowPage.objects.filter(workflow=workflow).delete()
        WorkflowContentType.objects.filter(workflow=workflow).delete()
        states = WorkflowState.objects.filter(workflow=workflow)
        if states.exists():
            # Disabled, as Wagtail's "Disable" does, so that the moderation history stays.
            active = states.filter(status__in=["in_progress", "needs_changes"])
            TaskState.objects.filter(workflow_state__in=active, status="in_progress").update(
                status="cancelled", finished_at=timezone.now()
            )
            active.update(status="cancelled")
            workflow.active = False
            workflow.save(update_fields=["active"])
            Task.objects.filter(pk__in=task_ids, name=DEFAULT_TASK).update(active=False)
            continue
        workflow.delete()
        # Its task goes too, unless another workflow uses it or it has a history.
        Task.objects.filter(pk__in=task_ids, name=DEFAULT_TASK).exclude(
            Q(workflow_tasks__isnull=False) | Q(task_states__isnull=False)
        ).delete()


def take_over(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    default_tasks = default_workflow_task_ids(apps)

    public_editors = Group.objects.filter(name=PUBLIC_EDITORS).first()
    editors = Group.objects.filter(name=EDITORS).first()
    if public_editors is None and editors is not None:
        editors.name = PUBLIC_EDITORS
        editors.save(update_fields=["name"])
        public_editors, editors = editors, None
    if public_editors is None:
        public_editors = Group.objects.create(name=PUBLIC_EDITORS)
    if editors is not None:
        # Both exist (the new group was made by hand): Editors' members join it.
        public_editors.user_set.add(*editors.user_set.all())
        retire_default_group(apps, editors, default_tasks)
    scope_public_editors(apps, public_editors)

    remove_default_workflow(apps)
    for moderators in Group.objects.filter(name=MODERATORS):
        retire_default_group(apps, moderators, default_tasks)


def grant_wagtail_defaults(apps, group, page_actions):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root, root_collection = roots(apps)
    group.permissions.add(*wagtail_model_permissions(apps))
    if root is not None:
        for action in page_actions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=page_permission(apps, action)
            )
    if root_collection is not None:
        for app_label, model, actions in WAGTAIL_COLLECTION_PERMISSIONS:
            for action in actions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(apps, app_label, model, f"{action}_{model}"),
                )


def restore_wagtail_defaults(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    editors = Group.objects.filter(name=EDITORS).first()
    public_editors = Group.objects.filter(name=PUBLIC_EDITORS).first()
    if editors is None and public_editors is not None:
        public_editors.name = EDITORS
        public_editors.save(update_fields=["name"])
        editors = public_editors
    if editors is None:
        editors = Group.objects.create(name=EDITORS)
    GroupPagePermission.objects.filter(group=editors).exclude(
        permission__codename__in=[f"{action}_page" for action in WAGTAIL_EDITOR_PAGE_ACTIONS]
    ).delete()
    grant_wagtail_defaults(apps, editors, WAGTAIL_EDITOR_PAGE_ACTIONS)

    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    grant_wagtail_defaults(apps, moderators, WAGTAIL_MODERATOR_PAGE_ACTIONS)

    root, _root_collection = roots(apps)
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=DEFAULT_TASK, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=DEFAULT_WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root is not None and not WorkflowPage.objects.filter(page=root).exists():
        WorkflowPage.objects.create(workflow=workflow, page=root)


class Migration(migrations.Migration):
    dependencies = [
        ("seminar_pages", "0009_private_collections_under_closed_parent"),
        ("seminar_pages", "0007_translation_rights_and_review"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(take_over, restore_wagtail_defaults)]
