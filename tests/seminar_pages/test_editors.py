"""What editors see: working groups named with their edition, archive slugs for editions."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from seminar_pages.admin_views import ClosureForm
from seminar_pages.factories import EditionPageFactory, WorkingGroupPageFactory
from seminar_pages.models import EditionPage

pytestmark = pytest.mark.django_db

EDITION_23 = "23rd Informal ASEM Seminar on Human Rights (2025)"


def test_closed_door_choices_name_each_working_group_with_its_edition(world):
    index = world["edition"].get_parent()
    for number, year in ((21, 2022), (22, 2024)):
        edition = EditionPageFactory(
            parent=index,
            number=number,
            year=year,
            title=f"{number}st Informal ASEM Seminar on Human Rights",
        )
        WorkingGroupPageFactory(parent=edition, number=1)
    form = ClosureForm(page=world["notes"])
    labels = [str(label) for value, label in form.fields["working_group"].choices if value]
    first_groups = [label for label in labels if label.startswith("Working Group 1 · ")]
    assert len(first_groups) == 3
    assert len(set(first_groups)) == 3
    assert f"Working Group 1 · {EDITION_23}" in first_groups
    assert "Working Group 1 · 22st Informal ASEM Seminar on Human Rights (2024)" in first_groups


def test_closed_door_panel_and_closure_page_say_which_editions_group_reads_it(client, world):
    client.force_login(world["secretary"])
    expected = f"Readable by the members of Working Group 1 · {EDITION_23}."
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[world["notes"].pk]))
    assert expected in edit.content.decode()
    closure = client.get(reverse("seminar_access:closure", args=[world["notes"].pk]))
    assert expected in closure.content.decode()


def edition_form(**fields):
    data = {
        "title": "25th Informal ASEM Seminar on Human Rights",
        "number": 25,
        "status": "automatic",
        "year": 2027,
        "city": "Lund",
        "country": "Sweden",
        "format": "in_person",
        "host_institutions": "",
        "partner_institutions": "",
        "introduction": rich_text(""),
    }
    data.update(fields)
    return nested_form_data(data)


def add_edition(client, index, **fields):
    url = reverse("wagtailadmin_pages:add", args=["seminar_pages", "editionpage", index.pk])
    response = client.post(url, edition_form(**fields))
    assert response.status_code == 302, response.context["form"].errors
    return EditionPage.objects.get(number=fields.get("number", 25))


def test_a_new_edition_takes_the_archive_slug_unless_the_editor_wrote_one(
    admin_client, edition_index
):
    generated = add_edition(
        admin_client, edition_index, slug="25th-informal-asem-seminar-on-human-rights"
    )
    assert generated.slug == "25-2027"
    written = add_edition(
        admin_client,
        edition_index,
        title="26th Informal ASEM Seminar on Human Rights",
        number=26,
        year=2028,
        slug="lund-2028",
    )
    assert written.slug == "lund-2028"
