"""The reporting workflow of Working Group Reports, and the reminders sent to rapporteurs.

"Reporting by working groups": the group's moderators review, the ASEF Secretariat approves
and publishes, and may ask the Steering Committee (the task of "Approval of outputs", which
keeps it). Reports assigned to "Approval of outputs" move to it; moderation under way goes
on in the workflow it started in. The reverse moves them back and deletes the workflow and
its two new tasks (with their moderation history).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

WORKFLOW = "Reporting by working groups"
APPROVAL_WORKFLOW = "Approval of outputs"
# (model, name) in the workflow's order; the last is shared with "Approval of outputs".
TASKS = (
    ("workinggroupmoderatortask", "Review by the working group's moderators"),
    ("secretariatapprovaltask", "Approval by the ASEF Secretariat"),
)
STEERING_COMMITTEE_TASK = "Steering Committee approval"


def reports(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(
        app_label="outputs", model="workinggroupreportpage"
    ).first()
    Page = apps.get_model("wagtailcore", "Page")
    return Page.objects.filter(content_type=content_type) if content_type else Page.objects.none()


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    tasks = []
    for model, name in TASKS:
        content_type, _ = ContentType.objects.get_or_create(app_label="outputs", model=model)
        task_model = apps.get_model("outputs", model)
        task = task_model.objects.filter(name=name).first()
        if task is None:
            task = task_model.objects.create(name=name, content_type=content_type, active=True)
        tasks.append(task)
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    steering, created = GroupApprovalTask.objects.get_or_create(
        name=STEERING_COMMITTEE_TASK, defaults={"content_type": content_type, "active": True}
    )
    if created:
        steering.groups.set(Group.objects.filter(name="Steering Committee"))
    tasks.append(steering)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    for order, task in enumerate(tasks):
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task_id=task.pk, defaults={"sort_order": order}
        )
    WorkflowPage.objects.filter(workflow__name=APPROVAL_WORKFLOW, page__in=reports(apps)).update(
        workflow=workflow
    )


def delete_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    approval = Workflow.objects.filter(name=APPROVAL_WORKFLOW).first()
    assigned = WorkflowPage.objects.filter(workflow__name=WORKFLOW)
    if approval is not None:
        assigned.filter(page__in=reports(apps)).update(workflow=approval)
    assigned.delete()
    Workflow.objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(
        name__in=[name for _model, name in TASKS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outputs", "0004_key_message_identifiers_are_synchronised"),
        ("seminar_pages", "0012_report_due_dates"),
        ("outputs", "0003_output_approval_workflow"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SecretariatApprovalTask",
            fields=[
                (
                    "task_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.task",
                    ),
                ),
            ],
            options={
                "verbose_name": "ASEF Secretariat approval",
                "verbose_name_plural": "ASEF Secretariat approvals",
            },
            bases=("wagtailcore.task",),
        ),
        migrations.CreateModel(
            name="WorkingGroupModeratorTask",
            fields=[
                (
                    "task_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.task",
                    ),
                ),
            ],
            options={
                "verbose_name": "working group moderator review",
                "verbose_name_plural": "working group moderator reviews",
            },
            bases=("wagtailcore.task",),
        ),
        migrations.CreateModel(
            name="ReportReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sent_on", models.DateField(verbose_name="sent on")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "working_group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="seminar_pages.workinggrouppage",
                    ),
                ),
            ],
            options={
                "verbose_name": "report reminder",
                "verbose_name_plural": "report reminders",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("working_group", "user", "sent_on"),
                        name="one_report_reminder_a_day",
                    )
                ],
            },
        ),
        migrations.RunPython(create_workflow, delete_workflow),
    ]
