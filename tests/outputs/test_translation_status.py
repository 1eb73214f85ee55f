"""The translation status board: every output, every language, its state, and CSV."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from outputs.factories import (
    KeyMessagesPageFactory,
    SeminarReportPageFactory,
    WorkingGroupReportPageFactory,
)
from seminar_pages import access
from seminar_pages.factories import EditionPageFactory, WorkingGroupPageFactory
from tests.seminar_pages.test_translation import publish, translate, translate_all_strings
from tests.utils import make_user

BOARD = "outputs_admin:translation_status"


@pytest.fixture
def people(db, django_user_model):
    secretary = make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    translator = make_user(django_user_model, "fr-translator")
    access.grant_translator(secretary, translator, Locale.objects.get(language_code="fr"))
    return {"secretary": secretary, "translator": translator}


@pytest.fixture
def outputs(edition):
    return {
        "key_messages": KeyMessagesPageFactory(parent=edition, title="Key Messages 23"),
        "report": SeminarReportPageFactory(parent=edition, title="Seminar Report 23"),
    }


def board(client, user, **params):
    client.force_login(user)
    return client.get(reverse(BOARD), params)


def cells(response):
    """{(output title, language code): state} of a rendered board."""
    return {
        (row.page.title, locale.language_code): status.state
        for row in response.context["rows"]
        for locale, status in row.cells
    }


def test_board_shows_every_output_in_every_language(
    client, people, outputs, django_capture_on_commit_callbacks
):
    french = Locale.objects.get(language_code="fr")
    job = translate(outputs["key_messages"], french)
    translate_all_strings(job)
    publish(job, people["secretary"], django_capture_on_commit_callbacks)
    response = board(client, people["secretary"])
    assert response.status_code == 200
    states = cells(response)
    enabled = set(
        Locale.objects.exclude(language_code="en").values_list("language_code", flat=True)
    )
    assert {code for _title, code in states} == enabled
    assert states[("Key Messages 23", "fr")] == "published"
    assert states[("Key Messages 23", "de")] == "missing"
    assert states[("Seminar Report 23", "fr")] == "missing"


def test_translators_see_their_languages_only(client, people, outputs):
    response = board(client, people["translator"])
    assert response.status_code == 200
    assert {locale.language_code for locale in response.context["locales"]} == {"fr"}


@pytest.mark.parametrize("who", ["anonymous", "member", "editor_without_role"])
def test_people_without_a_part_in_translation_cannot_see_the_board(
    client, people, outputs, who, django_user_model
):
    if who != "anonymous":
        client.force_login(make_user(django_user_model, who))
    response = client.get(reverse(BOARD))
    assert response.status_code == 302
    assert "Key Messages 23" not in response.content.decode()


def test_board_filters_by_edition_type_language_and_state(client, people, outputs, edition_index):
    other = EditionPageFactory(parent=edition_index, number=22, year=2023, slug="22-2023")
    KeyMessagesPageFactory(parent=other, title="Key Messages 22")
    response = board(
        client, people["secretary"], edition=23, output_type="key_messages", language="de"
    )
    assert set(cells(response)) == {("Key Messages 23", "de")}
    response = board(client, people["secretary"], state="published")
    assert cells(response) == {}
    response = board(client, people["secretary"], edition="not a number")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_closed_and_draft_outputs_stay_off_a_translators_board(client, people, edition):
    group = WorkingGroupPageFactory(parent=edition, number=1, title="Working Group 1")
    WorkingGroupReportPageFactory(parent=group, title="DRAFT-REPORT", publish=False)
    closed = KeyMessagesPageFactory(parent=edition, title="CLOSED-MESSAGES")
    access.close_page(closed, working_group=group)
    response = board(client, people["translator"])
    html = response.content.decode()
    assert "DRAFT-REPORT" not in html
    assert "CLOSED-MESSAGES" not in html
    csv_text = board(client, people["translator"], format="csv").content.decode()
    assert "CLOSED-MESSAGES" not in csv_text


def test_board_exports_csv(client, people, outputs):
    response = board(client, people["secretary"], format="csv", language="fr")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {(row["output"], row["language"], row["status"]) for row in rows} == {
        ("Key Messages 23", "fr", "missing"),
        ("Seminar Report 23", "fr", "missing"),
    }
    assert set(rows[0]) == {
        "edition",
        "output",
        "output_type",
        "language",
        "status",
        "percent_translated",
        "last_worked_on_by",
        "last_worked_on_at",
    }


def _queries_for(client, user, edition_index, count, start):
    french = Locale.objects.get(language_code="fr")
    for number in range(start, start + count):
        edition = EditionPageFactory(
            parent=edition_index, number=number, year=1996 + number, slug=f"e-{number}"
        )
        page = KeyMessagesPageFactory(parent=edition, title=f"Key Messages {number}")
        translate(page, french)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(BOARD))
    assert response.status_code == 200
    return len(queries), len(response.context["rows"])


def test_board_queries_do_not_grow_with_the_number_of_outputs(client, people, edition_index):
    few, rows_few = _queries_for(client, people["secretary"], edition_index, 3, start=1)
    many, rows_many = _queries_for(client, people["secretary"], edition_index, 27, start=24)
    assert (rows_few, rows_many) == (3, 30)
    assert many == few


def test_start_translation_opens_the_form_with_its_language_chosen(client, people, outputs):
    response = board(client, people["translator"])
    page = outputs["key_messages"]
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    link = f'href="{url}?select_locale=fr"'
    assert link in response.content.decode()
    form = client.get(f"{url}?select_locale=fr").context["form"]
    french = Locale.objects.get(language_code="fr")
    assert list(form.initial["locales"]) == [french]
