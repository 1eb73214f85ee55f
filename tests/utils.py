from wagtail.models import Page, Site

from seminar_pages.factories import EditionIndexPageFactory, SeminarSeriesPageFactory


def list_block(items):
    """Form data of a ListBlock, for ``nested_form_data``."""
    data = {"count": len(items)}
    for index, item in enumerate(items):
        data[str(index)] = {"value": item, "deleted": "", "order": str(index), "id": ""}
    return data


def make_site_tree():
    """The series at the default site's root, with its edition index."""
    series = SeminarSeriesPageFactory()
    site = Site.objects.get(is_default_site=True)
    placeholder = site.root_page
    site.root_page = series
    site.save()
    if placeholder.specific_class is Page:
        placeholder.delete()
    index = EditionIndexPageFactory(parent=series, slug="editions")
    return series, index
