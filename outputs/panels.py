"""The Seminar Report's compiled parts in its editor: shown, never edited there.

Editors change the Working Group Reports and recompile; a compiled text edited by hand
would be overwritten by the next compilation.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from seminar_pages import locales


class CompiledPartsPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Compiled from the Working Group Reports"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "compiled_parts"

    class BoundPanel(Panel.BoundPanel):
        template_name = "outputs/admin/panels/compiled_parts.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["working_groups"] = page.compiled_working_groups() if page.pk else []
            context["compile_url"] = (
                reverse("outputs_admin:compile_seminar_report", args=[page.pk])
                if page.pk and not locales.is_translation(page)
                else None
            )
            return context
