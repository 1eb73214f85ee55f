"""Where the current edition's Working Group Reports stand: the dashboard panel and the
reminders to rapporteurs (``manage.py send_report_reminders``).

The current edition is the latest edition (in the source language) that has begun: its
reports are being written until an editor marks it "Reported". Each working group of it
has one row: its report's state, the day the first draft is due (``EditionPage.reports_due``)
and who holds it now (the current task's reviewers, or the rapporteurs while it is drafted).

Rows are the user's to see only: the ASEF Secretariat sees every group, a rapporteur or a
moderator the groups where they hold that role, and nobody else anything (the panel is not
drawn at all, so it tells no count). Each report is checked again with ``can_see_in_admin``.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Locale, WorkflowState
from wagtail.users.models import UserProfile

from outputs.models import (
    ReportReminder,
    SecretariatApprovalTask,
    WorkingGroupModeratorTask,
    WorkingGroupReportPage,
)
from seminar_pages import access
from seminar_pages.models import EditionPage, WorkingGroupPage

# The rapporteurs are reminded from this many days before the first draft is due.
REMIND_FROM = datetime.timedelta(days=2)
# Roles that see their own group's row.
REPORTING_ROLES = ("rapporteur", "moderator")


class State:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    CHANGES_REQUESTED = "changes_requested"
    IN_MODERATION = "in_moderation"
    APPROVED = "approved"
    PUBLISHED = "published"

    LABELS = {
        NOT_STARTED: _("Not started"),
        DRAFT: _("Draft"),
        CHANGES_REQUESTED: _("Draft: changes requested"),
        IN_MODERATION: _("In moderation"),
        APPROVED: _("Approved"),
        PUBLISHED: _("Published"),
    }
    # The first draft is still to be handed in.
    DRAFTING = frozenset({NOT_STARTED, DRAFT})


@dataclass
class ReportRow:
    working_group: WorkingGroupPage
    report: WorkingGroupReportPage | None
    state: str
    due: datetime.date | None
    today: datetime.date
    task_name: str = ""
    holders: list = field(default_factory=list)

    @property
    def state_label(self):
        return State.LABELS[self.state]

    @property
    def submitted(self):
        return self.state not in State.DRAFTING

    @property
    def overdue(self):
        return self.state in State.DRAFTING and self.due is not None and self.due < self.today

    @property
    def due_soon(self):
        """Not handed in, and due within ``REMIND_FROM`` or overdue."""
        return (
            self.state in State.DRAFTING
            and self.due is not None
            and self.due - self.today <= REMIND_FROM
        )

    @property
    def holder_names(self):
        return ", ".join(str(holder) for holder in self.holders)


def current_edition(today=None):
    """The edition whose reports are being written, or None.

    The latest edition (source language) that has begun (under way, held); None when that
    edition is marked "Reported" or none has begun.
    """
    begun = {EditionPage.Status.UNDER_WAY, EditionPage.Status.HELD, EditionPage.Status.REPORTED}
    editions = EditionPage.objects.filter(locale=Locale.get_default()).order_by("-number")
    for edition in editions:
        if edition.current_status in begun:
            return None if edition.current_status == EditionPage.Status.REPORTED else edition
    return None


def _person(user):
    return user.get_full_name() or user.get_username()


def _holders(task_state, group):
    task = task_state.task.specific
    if isinstance(task, WorkingGroupModeratorTask):
        return [_person(user) for user in access.users_with_role(group, "moderator")]
    if isinstance(task, SecretariatApprovalTask):
        return [_("ASEF Secretariat")]
    groups = getattr(task, "groups", None)
    return [group.name for group in groups.all()] if groups is not None else []


def _row(group, report, due, today):
    rapporteurs = [_person(user) for user in access.users_with_role(group, "rapporteur")]
    if report is None:
        return ReportRow(group, None, State.NOT_STARTED, due, today, holders=rapporteurs)
    workflow_state = (
        WorkflowState.objects.for_instance(report)
        .select_related("current_task_state__task")
        .order_by("-created_at", "-pk")
        .first()
    )
    status = workflow_state.status if workflow_state else None
    if status == WorkflowState.STATUS_IN_PROGRESS:
        task_state = workflow_state.current_task_state
        return ReportRow(
            group,
            report,
            State.IN_MODERATION,
            due,
            today,
            task_name=task_state.task.name,
            holders=_holders(task_state, group),
        )
    if report.live:
        return ReportRow(group, report, State.PUBLISHED, due, today)
    if status == WorkflowState.STATUS_APPROVED:
        return ReportRow(group, report, State.APPROVED, due, today)
    if status == WorkflowState.STATUS_NEEDS_CHANGES:
        return ReportRow(group, report, State.CHANGES_REQUESTED, due, today, holders=rapporteurs)
    return ReportRow(group, report, State.DRAFT, due, today, holders=rapporteurs)


def report_rows(user=None, edition=None, today=None):
    """The rows of ``edition`` (the current one if None) that ``user`` may see, overdue first.

    Args:
        user: the reader; None for every group (the reminders, which tell only each
            group's own rapporteurs).
        edition: an ``EditionPage``, or None for ``current_edition()``.
        today: the day that decides what is overdue (today if None).

    Returns:
        A list of ``ReportRow``, overdue ones first, then by working group number.
    """
    today = today or timezone.localdate()
    edition = edition or current_edition(today)
    if edition is None:
        return []
    groups = WorkingGroupPage.objects.child_of(edition).order_by("number", "path")
    if user is not None and not access.approves_reports(user):
        keys = access.working_groups_with_role(user, REPORTING_ROLES)
        if not keys:
            return []
        groups = groups.filter(translation_key__in=keys)
    due = edition.reports_due
    rows = []
    for group in groups:
        report = WorkingGroupReportPage.objects.child_of(group).order_by("path").first()
        if report is not None and user is not None and not access.can_see_in_admin(user, report):
            continue
        rows.append(_row(group, report, due, today))
    rows.sort(key=lambda row: not row.overdue)
    return rows


class ReportingPanel(Component):
    """The dashboard panel: the current edition's reports, for those who may see them."""

    name = "working_group_reports"
    template_name = "outputs/admin/reporting_panel.html"
    order = 90

    def __init__(self, request):
        self.rows = report_rows(request.user)
        self.edition = self.rows[0].working_group.get_parent().specific if self.rows else None

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            {
                "rows": self.rows,
                "edition": self.edition,
                "due": self.rows[0].due if self.rows else None,
            }
        )
        return context

    def render_html(self, parent_context=None):
        # Nothing to show, nothing drawn: not even an empty panel tells that reports exist.
        if not self.rows:
            return ""
        return super().render_html(parent_context)


def add_reporting_panel(request, panels):
    """``construct_homepage_panels``: the panel, for people with rows to see."""
    panel = ReportingPanel(request)
    if panel.rows:
        panels.append(panel)


# Reminders ------------------------------------------------------------------------------


@dataclass
class Reminder:
    row: ReportRow
    user: object
    language: str
    subject: str
    body: str


def preferred_language(user):
    """The language ``user`` chose for the admin (``UserProfile``), else the site's."""
    chosen = (
        UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    )
    return chosen or settings.LANGUAGE_CODE


def _message(row, user, language):
    with translation.override(language):
        if row.report is not None:
            link = reverse("wagtailadmin_pages:edit", args=[row.report.pk])
        else:
            link = reverse("wagtailadmin_explore", args=[row.working_group.pk])
        context = {
            "row": row,
            "user": user,
            "name": _person(user),
            "edition": row.working_group.get_parent().specific,
            "overdue": row.overdue,
            "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + link,
        }
        subject = render_to_string("outputs/emails/report_reminder_subject.txt", context)
        body = render_to_string("outputs/emails/report_reminder.txt", context)
    return " ".join(subject.split()), body


def reminders_due(today=None):
    """Reminders to send on ``today``: one per rapporteur of each group of the current
    edition whose first draft is due within ``REMIND_FROM`` or overdue and not handed in,
    less those already sent that day."""
    today = today or timezone.localdate()
    reminders = []
    for row in report_rows(None, today=today):
        if not row.due_soon:
            continue
        sent = set(
            ReportReminder.objects.filter(
                working_group=row.working_group, sent_on=today
            ).values_list("user_id", flat=True)
        )
        for user in access.users_with_role(row.working_group, "rapporteur"):
            if user.pk in sent:
                continue
            language = preferred_language(user)
            subject, body = _message(row, user, language)
            reminders.append(Reminder(row, user, language, subject, body))
    return reminders


def send_reminder(reminder, today=None):
    """Record and send ``reminder``; False if it was recorded (so sent) already today.

    The record comes first, under a unique constraint, so that two runs on the same day
    send it once; a failed send removes it again, so that the next run tries again.
    """
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            record = ReportReminder.objects.create(
                working_group=reminder.row.working_group, user=reminder.user, sent_on=today
            )
    except IntegrityError:
        return False
    message = EmailMessage(
        reminder.subject,
        reminder.body,
        settings.DEFAULT_FROM_EMAIL,
        [reminder.user.email],
        headers={"Content-Language": reminder.language},
    )
    try:
        message.send()
    except Exception:
        record.delete()
        raise
    return True
