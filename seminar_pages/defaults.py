"""Wagtail's defaults that speak of pages to people, narrowed to what they may read.

Wagtail names pages in moderation emails, dashboard panels and the site history without
asking who may read them: it asks only for page rights (from the root, for its default
groups) or membership of a workflow task's groups. Any group given page rights from the
root, or made a task's reviewers, would be told of closed material. Here each of those
answers also asks ``access.can_see_in_admin``:

- workflow emails (Wagtail's notifiers, ``wagtail.admin.mail``): a recipient who may not see
  the page in the admin, the submitter included, gets no email about it;
- dashboard panels ("Awaiting your review", "Your pages and snippets in a workflow", "Your
  locked pages", "Your most recent edits") and the site summary's page count: only pages the
  user may see (``construct_homepage_panels``, ``construct_homepage_summary_items``);
- the site history (and its filters): Wagtail lists the log entries of deleted pages to
  anyone with page rights from the root; here, entries of pages that no longer exist or that
  the user may not see are for the readers of all closed material only.

The workflow, workflow-task, locked-pages and aging-pages reports list pages through the
page permission policy (``permissions.py``), which already hides closed material; only the
locked-pages report adds, unchecked, the pages the user locked (Wagtail has no hook for its
queryset), so a page locked by someone who then lost sight of it is still listed to them.
The workflow report's "requested by" filter offers, in Wagtail, everyone who ever asked for
a review, of anything: here only the requesters of what the user may see in the report.
Wired in ``apps.py`` (notifiers, report filter) and ``wagtail_hooks.py`` (panels, log
registry).
"""

import django_filters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max
from wagtail.admin import signal_handlers as wagtail_signal_handlers
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.admin.views.reports.workflows import WorkflowReportFilterSet, WorkflowView
from wagtail.models import Page, PageLogEntry, PageLogEntryManager, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from seminar_pages import access


def may_be_told_of(user, obj):
    """Whether ``user`` may be shown ``obj`` (a page or a snippet) by name."""
    if isinstance(obj, Page):
        return access.can_see_in_admin(user, obj)
    return obj is not None


# The workflow report ---------------------------------------------------------------------


def readable_requesters(request):
    """The people who asked for a review of something ``request.user`` sees in the report."""
    report = WorkflowView()
    report.request = request  # all its queryset needs; ``setup`` would build this filter set
    user_model = get_user_model()
    return user_model.objects.filter(
        pk__in=report.get_queryset().order_by().values("requested_by")
    ).order_by(user_model.USERNAME_FIELD)


class ReadableRequestersFilterSet(WorkflowReportFilterSet):
    requested_by = django_filters.ModelChoiceFilter(
        field_name="requested_by", queryset=readable_requesters
    )


def narrow_workflow_report():
    WorkflowView.filterset_class = ReadableRequestersFilterSet


# Workflow emails ------------------------------------------------------------------------


class ReadersOnlyMixin:
    """Drops the recipients who may not see the object the notification is about."""

    def notified_object(self, instance):
        if isinstance(instance, TaskState):
            instance = instance.workflow_state
        return instance.content_object

    def get_valid_recipients(self, instance, **kwargs):
        recipients = super().get_valid_recipients(instance, **kwargs)
        obj = self.notified_object(instance)
        return {recipient for recipient in recipients if may_be_told_of(recipient, obj)}


class TaskSubmissionNotifier(ReadersOnlyMixin, GroupApprovalTaskStateSubmissionEmailNotifier):
    pass


class WorkflowSubmissionNotifier(ReadersOnlyMixin, WorkflowStateSubmissionEmailNotifier):
    pass


class WorkflowApprovalNotifier(ReadersOnlyMixin, WorkflowStateApprovalEmailNotifier):
    pass


class WorkflowRejectionNotifier(ReadersOnlyMixin, WorkflowStateRejectionEmailNotifier):
    pass


# (signal, sender, Wagtail's receiver, its dispatch_uid, ours)
NOTIFIERS = (
    (
        task_submitted,
        TaskState,
        wagtail_signal_handlers.task_submission_email_notifier,
        "group_approval_task_submitted_email_notification",
        TaskSubmissionNotifier(),
    ),
    (
        workflow_submitted,
        WorkflowState,
        wagtail_signal_handlers.workflow_submission_email_notifier,
        "workflow_state_submitted_email_notification",
        WorkflowSubmissionNotifier(),
    ),
    (
        workflow_rejected,
        WorkflowState,
        wagtail_signal_handlers.workflow_rejection_email_notifier,
        "workflow_state_rejected_email_notification",
        WorkflowRejectionNotifier(),
    ),
    (
        workflow_approved,
        WorkflowState,
        wagtail_signal_handlers.workflow_approval_email_notifier,
        "workflow_state_approved_email_notification",
        WorkflowApprovalNotifier(),
    ),
)


def connect_notifiers():
    """Replace Wagtail's workflow email notifiers (connected when wagtail.admin is ready)."""
    for signal, sender, wagtail_receiver, dispatch_uid, ours in NOTIFIERS:
        signal.disconnect(wagtail_receiver, sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(ours, sender=sender, dispatch_uid=dispatch_uid)


# Dashboard ------------------------------------------------------------------------------


class ReadableObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    """The "Awaiting your review" panel: task states of objects the reviewer may see."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["states"] = [
            state for state in context["states"] if may_be_told_of(user, state["obj"])
        ]
        return context


class ReadableObjectsInModerationPanel(UserObjectsInWorkflowModerationPanel):
    """The user's own objects in a workflow, less those they may no longer see."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["workflow_states"] = [
            state
            for state in context["workflow_states"]
            if may_be_told_of(user, state.content_object)
        ]
        return context


class ReadableLockedPagesPanel(LockedPagesPanel):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["locked_pages"] = access.admin_pages(user, context["locked_pages"])
        return context


class ReadableRecentEditsPanel(RecentEditsPanel):
    """Wagtail's panel, with the log query narrowed to pages the user may see (so that the
    panel still shows its full number of pages)."""

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super(RecentEditsPanel, self).get_context_data(parent_context)
        edit_count = getattr(settings, "WAGTAILADMIN_RECENT_EDITS_LIMIT", 5)
        last_edits_dates = (
            PageLogEntry.objects.filter(
                user=request.user,
                action="wagtail.edit",
                page_id__in=access.admin_pages(request.user).values("pk"),
            )
            .values("page_id")
            .annotate(latest_date=Max("timestamp"))
            .order_by("-latest_date")[:edit_count]
        )
        pages_mapping = (
            Page.objects.specific()
            .prefetch_workflow_states()
            .annotate_approved_schedule()
            .in_bulk([log["page_id"] for log in last_edits_dates])
        )
        context["last_edits"] = [
            (log["latest_date"], pages_mapping[log["page_id"]])
            for log in last_edits_dates
            if log["page_id"] in pages_mapping
        ]
        context["request"] = request
        return context


HOMEPAGE_PANELS = {
    WorkflowObjectsToModeratePanel: ReadableObjectsToModeratePanel,
    UserObjectsInWorkflowModerationPanel: ReadableObjectsInModerationPanel,
    LockedPagesPanel: ReadableLockedPagesPanel,
    RecentEditsPanel: ReadableRecentEditsPanel,
}


def replace_homepage_panels(panels):
    """Swap Wagtail's dashboard panels (in place) for the ones above."""
    for index, panel in enumerate(panels):
        replacement = HOMEPAGE_PANELS.get(type(panel))
        if replacement is not None:
            panels[index] = replacement()


class ReadablePagesSummaryItem(PagesSummaryItem):
    """The site summary's page count, of the pages the user may see."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        root_page = get_site_for_user(self.request.user)["root_page"]
        if root_page:
            pages = Page.objects.descendant_of(root_page, inclusive=True)
            count = access.admin_pages(self.request.user, pages).count()
            context["total_pages"] = count - 1 if root_page.is_root() else count
        return context


def replace_summary_items(request, items):
    for index, item in enumerate(items):
        if type(item) is PagesSummaryItem:
            items[index] = ReadablePagesSummaryItem(request)


# Site history -----------------------------------------------------------------------------


class ReadablePageLogEntryManager(PageLogEntryManager):
    """Page log entries for listings: Wagtail's ``viewable_by_user`` (pages the user may
    explore, and deleted pages for anyone with page rights from the root), less the entries of
    pages that no longer exist or that the user may not see, for all but the readers of all
    closed material."""

    def viewable_by_user(self, user):
        entries = super().viewable_by_user(user)
        if access.reads_all_closed_material(user):
            return entries
        return entries.filter(page_id__in=access.admin_pages(user).values("pk"))


class ReadablePageLogEntries:
    """Stands for ``PageLogEntry`` among the log models that Wagtail's site history lists.

    The site history (``wagtail.admin.views.reports.audit_logging``) asks each model of the
    log registry for ``objects.viewable_by_user(user)`` and nothing else; writing log entries
    goes on through ``PageLogEntry`` itself.
    """

    objects = ReadablePageLogEntryManager()
    objects.model = PageLogEntry
    objects.name = "objects"


def list_page_log_entries_by_access(actions):
    """In the ``register_log_actions`` hook, after Wagtail's own registration of pages."""
    actions.log_entry_models.discard(PageLogEntry)
    actions.log_entry_models.add(ReadablePageLogEntries)
