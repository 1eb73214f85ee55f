from django.urls import reverse
from wagtail.admin.panels import Panel

from seminar_pages import access


class ClosedDoorPanel(Panel):
    """Marks closed-door pages in the editor and says who can see them, and why."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "seminar_pages/admin/closed_door_panel.html"

        def is_shown(self):
            page = self.instance
            if not page.pk:
                return getattr(page, "closed_by_default", False)
            return access.is_closed(page, self.request.user if self.request else None)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["new_page"] = not page.pk
            if page.pk:
                context["marking"] = access.closed_marking(
                    page, self.request.user if self.request else None
                )
                group = context["marking"].working_group if context["marking"] else None
                context["working_group_label"] = group.label_with_edition() if group else ""
                context["who_can_see"] = access.who_can_see(page)
                context["closure_url"] = reverse("seminar_access:closure", args=[page.pk])
            return context
