from django.utils.text import slugify
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


class EditionPageForm(WagtailAdminPageForm):
    def clean(self):
        # A new edition takes the archive's slug (``25-2027``) unless the editor wrote one:
        # the admin fills the slug from the title as the editor types it.
        if self.instance.pk is None:
            number = self.cleaned_data.get("number")
            year = self.cleaned_data.get("year")
            title = self.cleaned_data.get("title") or ""
            slug = self.cleaned_data.get("slug") or ""
            from_title = {"", slugify(title), slugify(title, allow_unicode=True)}
            if number and year and slug in from_title:
                self.cleaned_data["slug"] = type(self.instance).archive_slug(number, year)
        return super().clean()
