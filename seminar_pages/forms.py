from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class WorkingGroupPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        number = cleaned_data.get("number")
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        if number and parent is not None:
            siblings = type(self.instance).objects.child_of(parent).filter(number=number)
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error("number", _("This edition already has a group with this number."))
        return cleaned_data
