from django.contrib.auth.models import Permission
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


# Closed-door material: marker phrases placed in it, and the people who may not read it.
MARKERS = [
    "MARKER-NOTES-TITLE",
    "MARKER-NOTES-BODY",
    "MARKER-NOTES-SEARCHDESC",
    "MARKER-DOC-TITLE",
    "MARKER-DOC-FILE",
    "MARQUEUR-FR-NOTES",
    "MARKER-DRAFT-REPORT",
    "MARKER-DRAFT-REC",
]
OUTSIDERS = ["anonymous", "other_member", "public_editor", "translator"]


def assert_nothing(response):
    assert response.status_code in {302, 403, 404}, response.status_code
    text = response.content.decode(errors="replace") + str(dict(response.items()))
    if hasattr(response, "streaming_content"):
        text += b"".join(response.streaming_content).decode(errors="replace")
    for marker in MARKERS:
        assert marker not in text, marker


def assert_no_marker(response):
    text = response.content.decode(errors="replace") + str(dict(response.items()))
    for marker in MARKERS:
        assert marker not in text, marker


def make_user(django_user_model, username, groups=(), permissions=()):
    user = django_user_model.objects.create_user(username, password="x", first_name=username)
    for group in groups:
        user.groups.add(group)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def login(client, world, who):
    if who != "anonymous":
        client.force_login(world[who])
    return client
