"""The Secretariat's dissemination screens: the record of each edition's Key Messages,
a form per partner, and the "Send" action.

The gate answers "not found" to everyone else in this area (``SECRETARIAT_AREAS``); each
view asks again, so that the screens stay closed if they are mounted elsewhere.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus
from wagtail.admin.widgets import AdminDateInput

from outputs import dissemination
from outputs.partners import Channel, DisseminationRecord
from seminar_pages import access
from seminar_pages.models import AsemPartner

RECENT_SENDS = 100


class ReceiptForm(forms.ModelForm):
    language = forms.ChoiceField(label=gettext_lazy("language"), choices=settings.LANGUAGES)

    class Meta:
        model = DisseminationRecord
        fields = ["sent_on", "language", "channel", "note"]
        widgets = {"sent_on": AdminDateInput}

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > timezone.localdate():
            raise forms.ValidationError(_("The date sent cannot be in the future."))
        return sent_on


class SendForm(forms.Form):
    partners = forms.ModelMultipleChoiceField(
        label=gettext_lazy("ASEM partners"),
        queryset=AsemPartner.objects.all(),
        error_messages={"required": gettext_lazy("Choose at least one partner to send to.")},
    )


def _secretariat_only(request):
    if not access.manages_dissemination(request.user):
        raise Http404


def _key_messages(page_id):
    page = dissemination.key_messages_pages().filter(pk=page_id).first()
    if page is None:
        raise Http404
    return page


def index(request):
    _secretariat_only(request)
    pages = list(dissemination.key_messages_pages())
    received = {
        row["key_messages"]: row["count"]
        for row in DisseminationRecord.objects.filter(key_messages__in=pages)
        .values("key_messages")
        .annotate(count=Count("pk"))
    }
    total = AsemPartner.objects.count()
    rows = [
        {
            "page": page,
            "edition": page.get_parent(),
            "received": received.get(page.pk, 0),
            "missing": total - received.get(page.pk, 0),
            "embargoed": access.is_embargoed(page, request.user),
        }
        for page in pages
    ]
    return TemplateResponse(
        request, "outputs/dissemination/index.html", {"rows": rows, "total": total}
    )


def record(request, page_id):
    _secretariat_only(request)
    page = _key_messages(page_id)
    return _record_page(request, page, SendForm())


def _record_page(request, page, send_form):
    record = dissemination.dissemination_of(page)
    return TemplateResponse(
        request,
        "outputs/dissemination/record.html",
        {
            "page": page,
            "edition": page.get_parent(),
            "record": record,
            "send_form": send_form,
            "embargoed": access.is_embargoed(page, request.user),
            "sends": page.dissemination_sends.select_related("partner", "user")[:RECENT_SENDS],
            "channels": dict(Channel.choices),
        },
    )


def receipt(request, page_id, partner_id):
    _secretariat_only(request)
    page = _key_messages(page_id)
    partner = get_object_or_404(AsemPartner, pk=partner_id)
    existing = DisseminationRecord.objects.filter(key_messages=page, partner=partner).first()
    if request.method == "POST" and "forget" in request.POST:
        if dissemination.forget_receipt(page, partner, request.user):
            messages.success(
                request,
                _("%(partner)s is listed as not having received them.") % {"partner": partner},
            )
        return redirect("outputs_dissemination:record", page.pk)
    if request.method == "POST":
        form = ReceiptForm(request.POST, instance=existing)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in ReceiptForm.Meta.fields}
            dissemination.record_by_hand(page, partner, values, request.user)
            messages.success(
                request,
                _("Recorded: %(partner)s received the Key Messages.") % {"partner": partner},
            )
            return redirect("outputs_dissemination:record", page.pk)
    else:
        initial = {"sent_on": timezone.localdate(), "channel": Channel.NOTE}
        contact = partner.contacts.order_by("pk").first()
        if contact is not None:
            initial["language"] = contact.language
        form = ReceiptForm(instance=existing, initial=None if existing else initial)
    return TemplateResponse(
        request,
        "outputs/dissemination/receipt.html",
        {"page": page, "partner": partner, "form": form, "existing": existing},
    )


@require_POST
def send(request, page_id):
    _secretariat_only(request)
    page = _key_messages(page_id)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was sent: choose at least one partner."))
        return _record_page(request, page, form)
    if not page.live:
        messages.error(request, _("Nothing was sent: publish the Key Messages first."))
        return redirect("outputs_dissemination:record", page.pk)
    try:
        dissemination.pdf_renderer()
    except dissemination.PdfUnavailable as error:
        messages.error(request, _("Nothing was sent. %(reason)s") % {"reason": error})
        return redirect("outputs_dissemination:record", page.pk)
    partner_ids = [partner.pk for partner in form.cleaned_data["partners"]]
    result = dissemination.send_key_messages.enqueue(page.pk, partner_ids, request.user.pk)
    if result.status == TaskResultStatus.SUCCESSFUL:
        _report(request, result.return_value)
    elif result.status == TaskResultStatus.FAILED:
        messages.error(request, _("Sending failed; the log below says what was attempted."))
    else:
        messages.success(
            request,
            _("Sending to %(count)d partners: the record fills in as the emails go out.")
            % {"count": len(partner_ids)},
        )
    return redirect("outputs_dissemination:record", page.pk)


def _report(request, outcome):
    if outcome["sent"]:
        messages.success(request, _("Sent: %(count)d emails.") % {"count": outcome["sent"]})
    if outcome["failed"]:
        messages.error(
            request,
            _("%(count)d emails could not be sent; the log below gives the reason.")
            % {"count": outcome["failed"]},
        )
    if outcome["without_contact"]:
        messages.warning(
            request,
            _("Not sent, no contact recorded: %(partners)s.")
            % {"partners": ", ".join(outcome["without_contact"])},
        )
