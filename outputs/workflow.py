"""The reporting workflow of Working Group Reports, and who may act at each of its steps.

"Reporting by working groups" (created by migration ``outputs.0005_reporting_workflow``,
assigned to each new report by ``outputs.signals``):

1. the group's rapporteurs draft the report and submit it (starting the workflow);
2. ``WorkingGroupModeratorTask``: the moderators of that group approve it, or send it back
   to the rapporteurs with a comment (Wagtail's "Request changes");
3. ``SecretariatApprovalTask``: the ASEF Secretariat approves and publishes it, sends it
   back, or asks the Steering Committee;
4. "Steering Committee approval" (the task of "Approval of outputs", shared): only when the
   Secretariat asked for it; otherwise the Secretariat's approval skips it.

The Steering Committee's step stays in the same workflow rather than in a second one that
the Secretariat would switch the report to: Wagtail gives a page one workflow at a time, so
switching would cancel the moderation under way and split the report's history; here the
report keeps one lock, one history and one "awaiting review" entry from draft to
publication, and deactivating the task in the admin withdraws the option.

Every answer here comes from ``seminar_pages.access``; the task models ask these functions
by their dotted path (``outputs.reporting_models``).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import Page, Task, TaskState, Workflow
from wagtail.signals import task_submitted

from seminar_pages import access

WORKFLOW = "Reporting by working groups"
MODERATOR_TASK = "Review by the working group's moderators"
SECRETARIAT_TASK = "Approval by the ASEF Secretariat"
STEERING_COMMITTEE_TASK = "Steering Committee approval"


def reporting_workflow():
    """The active reporting workflow, or None."""
    return Workflow.objects.filter(name=WORKFLOW, active=True).first()


def working_group_of(report):
    """The working group that drafts ``report`` (its parent), specific, or None."""
    from seminar_pages.models import WorkingGroupPage

    parent = report.get_parent()
    return WorkingGroupPage.objects.filter(pk=parent.pk).first() if parent else None


def may_moderate(user, page):
    """Whether ``user`` acts on ``page`` at the moderators' step: a moderator of its group."""
    return access.holds_role_for_draft(user, page, ["moderator"])


def has_moderators(page):
    group = working_group_of(page)
    return group is not None and access.users_with_role(group, "moderator").exists()


def may_approve(user, page):
    """Whether ``user`` acts at the Secretariat's step (``page`` None: on any report)."""
    if not access.approves_reports(user):
        return False
    return page is None or access.can_see_in_admin(user, page)


def moderated_task_states(task, user):
    """The in-progress states of ``task`` on the reports of groups ``user`` moderates."""
    from seminar_pages.models import WorkingGroupPage

    keys = access.working_groups_with_role(user, ["moderator"])
    if not keys:
        return TaskState.objects.none()
    below = Q()
    for path, depth in WorkingGroupPage.objects.filter(translation_key__in=keys).values_list(
        "path", "depth"
    ):
        below |= Q(path__startswith=path, depth=depth + 1)
    report_ids = [
        str(pk)
        for pk in access.admin_pages(user, Page.objects.filter(below)).values_list("pk", flat=True)
    ]
    return task.task_states.filter(
        status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id__in=report_ids
    )


def _later_tasks(workflow_state, task):
    order = (
        workflow_state.workflow.workflow_tasks.filter(task=task)
        .values_list("sort_order", flat=True)
        .first()
    )
    if order is None:
        return Task.objects.none()
    return Task.objects.filter(
        workflow_tasks__workflow=workflow_state.workflow,
        workflow_tasks__sort_order__gt=order,
        active=True,
    )


def has_later_task(workflow_state, task):
    """Whether a step (the Steering Committee's) follows ``task`` in ``workflow_state``."""
    return _later_tasks(workflow_state, task).exists()


def skip_later_tasks(task_state, user):
    """Mark the steps after ``task_state``'s task as skipped: the Secretariat's approval
    publishes without asking the Steering Committee."""
    workflow_state = task_state.workflow_state
    for task in _later_tasks(workflow_state, task_state.task):
        TaskState.objects.create(
            workflow_state=workflow_state,
            task=task,
            revision=workflow_state.content_object.get_latest_revision(),
            status=TaskState.STATUS_SKIPPED,
            finished_at=timezone.now(),
            finished_by=user,
        )


# Emails --------------------------------------------------------------------------------


class ReportTaskSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Tells the people who act at the step a report has reached (Wagtail emails only the
    groups of its own group approval tasks): the group's moderators, or the Secretariat.

    Only those who may see the report in the admin are written to.
    """

    def can_handle(self, instance, **kwargs):
        from outputs.models import SecretariatApprovalTask, WorkingGroupModeratorTask

        return isinstance(instance, TaskState) and isinstance(
            instance.task.specific, WorkingGroupModeratorTask | SecretariatApprovalTask
        )

    def get_recipient_users(self, task_state, **kwargs):
        from outputs.models import WorkingGroupModeratorTask

        report = task_state.workflow_state.content_object.specific
        if isinstance(task_state.task.specific, WorkingGroupModeratorTask):
            group = working_group_of(report)
            users = access.users_with_role(group, "moderator") if group else None
        else:
            users = get_user_model().objects.filter(is_active=True, groups__name=access.SECRETARIAT)
        if users is None:
            return set()
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            users = users.exclude(pk=triggering_user.pk)
        return {user for user in users if access.can_see_in_admin(user, report)}


# Kept here: signals hold their receivers by weak reference.
report_task_submission_notifier = ReportTaskSubmissionNotifier()


def connect_notifier():
    task_submitted.connect(
        report_task_submission_notifier,
        sender=TaskState,
        dispatch_uid="outputs_report_task_submitted_email_notification",
    )
