"""Translators' rights and the Secretariat's review of translations.

- ``translate_into_locale``: the per-locale right that translators hold (django-guardian);
- the Translators group and the Secretariat may submit translations (wagtail-localize's global permission);
  ``access.py`` narrows it to each translator's languages;
- the "Review of translations" workflow: the Secretariat approves, which publishes.
"""

from django.db import migrations

WORKFLOW = "Review of translations"
TASK = "Secretariat review of translations"


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    locale_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="locale")
    Permission.objects.get_or_create(
        content_type=locale_type,
        codename="translate_into_locale",
        defaults={"name": "Can translate into this locale"},
    )
    localize_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    submit, _ = Permission.objects.get_or_create(
        content_type=localize_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    for group in Group.objects.filter(name__in=["Translators", "ASEF Secretariat"]):
        group.permissions.add(submit)

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set(Group.objects.filter(name="ASEF Secretariat"))
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def remove(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK).delete()
    apps.get_model("auth", "Permission").objects.filter(codename="translate_into_locale").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("seminar_pages", "0006_translators_per_locale"),
        ("seminar_pages", "0003_create_site_groups"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, remove)]
