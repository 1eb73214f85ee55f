from django.db.models.signals import post_save
from wagtail.models import Workflow, WorkflowPage

from outputs.workflow import WORKFLOW as REPORTING_WORKFLOW

APPROVAL_WORKFLOW = "Approval of outputs"


def assign_approval_workflow(sender, instance, created, **kwargs):
    """Each new output goes through the Steering Committee's approval; a working group's
    report through the reporting workflow (moderators, Secretariat, Steering Committee)."""
    if not created or not getattr(instance, "approved_by_steering_committee", False):
        return
    if instance.locale_id != instance.locale.get_default().pk:
        # Translations are reviewed by the Secretariat instead (see SeminarBasePage).
        return
    name = (
        REPORTING_WORKFLOW
        if getattr(instance, "drafted_by_working_group", False)
        else APPROVAL_WORKFLOW
    )
    workflow = Workflow.objects.filter(name=name, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page_id=instance.pk, defaults={"workflow": workflow})


def connect():
    post_save.connect(assign_approval_workflow, dispatch_uid="outputs_approval_workflow")
