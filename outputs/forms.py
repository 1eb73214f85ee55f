from wagtail.admin.forms import WagtailAdminPageForm


class WorkingGroupReportPageForm(WagtailAdminPageForm):
    """Gives new recommendations their identifier as soon as the report is saved.

    Identifiers are allocated here rather than at publication so that rapporteurs can
    cite them in drafts; a number once allocated is never handed out again.
    """

    def save(self, commit=True):
        page = super().save(commit=False)
        parent = self.parent_page if page.pk is None else page.get_parent()
        page.assign_recommendation_identifiers(parent)
        if commit:
            page.save()
        return page
