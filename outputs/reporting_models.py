"""Models of the reporting workflow: its two tasks, and the reminders sent to rapporteurs.

A Working Group Report goes through "Reporting by working groups" (``outputs.workflow``):
its rapporteurs draft and submit it, the group's moderators review it, the ASEF Secretariat
approves and publishes it or asks the Steering Committee first. Who may act at each step
is the access policy's answer; the tasks reach it through ``outputs.workflow``, named by
its dotted path and imported when first asked, so that this module stays below the policy
(as ``FormByPath`` keeps the page models below the Chatham House forms).

Imported by ``outputs.models``, so that Django finds the models of the app there.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState


class PolicyByPath:
    """A callable named by its dotted path, imported when it is first called."""

    def __init__(self, path):
        self.path = path

    def __call__(self, *args, **kwargs):
        return import_string(self.path)(*args, **kwargs)


_may_moderate = PolicyByPath("outputs.workflow.may_moderate")
_moderated_task_states = PolicyByPath("outputs.workflow.moderated_task_states")
_has_moderators = PolicyByPath("outputs.workflow.has_moderators")
_may_approve = PolicyByPath("outputs.workflow.may_approve")
_skip_later_tasks = PolicyByPath("outputs.workflow.skip_later_tasks")
_has_later_task = PolicyByPath("outputs.workflow.has_later_task")

REVIEW_ACTIONS = (
    ("reject", _("Request changes"), True),
    ("approve", _("Approve"), False),
    ("approve", _("Approve with comment"), True),
)


class WorkingGroupModeratorTask(Task):
    """Review by the moderators of the report's own working group.

    Only they are offered its actions (approve, or send the report back to the rapporteurs
    with a comment); the moderators of other groups, the members and everyone else are not,
    whatever their other rights. A group that has no moderator skips this step, so that its
    report reaches the Secretariat instead of waiting for nobody.
    """

    def start(self, workflow_state, user=None):
        if _has_moderators(workflow_state.content_object):
            return super().start(workflow_state, user=user)
        task_state = self.get_task_state_class()(workflow_state=workflow_state, task=self)
        task_state.status = TaskState.STATUS_SKIPPED
        task_state.revision = workflow_state.content_object.get_latest_revision()
        task_state.save()
        return task_state

    def user_can_access_editor(self, obj, user):
        return _may_moderate(user, obj)

    def locked_for_user(self, obj, user):
        return not (_may_moderate(user, obj) or _may_approve(user, obj))

    def user_can_lock(self, obj, user):
        return _may_moderate(user, obj)

    def get_actions(self, obj, user):
        return list(REVIEW_ACTIONS) if _may_moderate(user, obj) else []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return _moderated_task_states(self, user)

    @classmethod
    def get_description(cls):
        return _(
            "The moderators of the report's working group approve it or send it back to "
            "the rapporteurs"
        )

    class Meta:
        verbose_name = _("working group moderator review")
        verbose_name_plural = _("working group moderator reviews")


class SecretariatApprovalTask(Task):
    """Approval by the ASEF Secretariat, which publishes the report.

    "Approve" publishes: the workflow's later tasks (the Steering Committee's approval) are
    skipped. "Ask the Steering Committee" hands the report on to them instead, and their
    approval publishes it.
    """

    def user_can_access_editor(self, obj, user):
        return _may_approve(user, obj)

    def locked_for_user(self, obj, user):
        return not _may_approve(user, obj)

    def user_can_lock(self, obj, user):
        return _may_approve(user, obj)

    def get_actions(self, obj, user):
        if not _may_approve(user, obj):
            return []
        actions = [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve and publish"), False),
            ("approve", _("Approve and publish with comment"), True),
        ]
        state = getattr(obj, "current_workflow_state", None)
        if state is not None and _has_later_task(state, self):
            actions.append(("consult", _("Ask the Steering Committee"), True))
        return actions

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            task_state.approve(user=user, update=False, **kwargs)
            _skip_later_tasks(task_state, user)
            task_state.workflow_state.update(user=user)
        elif action_name == "consult":
            task_state.approve(user=user, **kwargs)
        else:
            super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if _may_approve(user, None):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return _("The ASEF Secretariat approves and publishes, or asks the Steering Committee")

    class Meta:
        verbose_name = _("ASEF Secretariat approval")
        verbose_name_plural = _("ASEF Secretariat approvals")


class ReportReminder(models.Model):
    """A reminder sent to a rapporteur about their group's first draft, one a day at most.

    Kept per working group, not per report page: the group's rapporteurs are reminded
    before anyone has started the report too.
    """

    working_group = models.ForeignKey(
        "seminar_pages.WorkingGroupPage", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "user", "sent_on"], name="one_report_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"{self.user} / {self.working_group_id} / {self.sent_on}"
