"""An edition's status follows its dates, unless an editor chooses one."""

import datetime
import importlib
import types

import pytest
from django.apps import apps
from django.core.management import call_command

from seminar_pages.factories import EditionPageFactory, ProgrammePageFactory
from seminar_pages.models import EditionPage, pages

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
Status = EditionPage.Status


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(pages, "timezone", types.SimpleNamespace(localdate=lambda: TODAY))
    return TODAY


def day(month, number, year=2026):
    return datetime.date(year, month, number)


@pytest.mark.parametrize(
    ("start", "end", "year", "month", "expected"),
    [
        (day(12, 10), day(12, 12), 2026, None, Status.PLANNED),
        (day(11, 30), day(12, 3), 2026, None, Status.UNDER_WAY),
        (day(12, 2), None, 2026, None, Status.UNDER_WAY),
        (day(11, 4), day(11, 6), 2026, None, Status.HELD),
        (None, None, 2025, None, Status.HELD),
        (None, None, 2027, None, Status.PLANNED),
        (None, None, 2026, 11, Status.HELD),
        (None, None, 2026, 12, None),
        (None, None, 2026, None, None),
    ],
)
def test_status_from_dates(start, end, year, month, expected):
    assert pages.status_from_dates(start, end, year, month, TODAY) == expected


def test_a_new_edition_follows_its_dates_by_default():
    assert EditionPage().status == Status.AUTOMATIC


def test_an_edition_says_held_once_its_days_have_passed(client, edition_index, today):
    edition = EditionPageFactory(
        parent=edition_index,
        number=24,
        year=2026,
        status=Status.AUTOMATIC,
        start_date=day(11, 4),
        end_date=day(11, 6),
    )
    assert edition.current_status == Status.HELD
    html = client.get(edition.url).content.decode()
    assert "<dt>Status</dt><dd>Held</dd>" in html
    assert "Planned" not in html


def test_an_edition_known_by_its_year_takes_its_days_from_its_programme(edition_index, today):
    edition = EditionPageFactory(
        parent=edition_index, number=24, year=2026, status=Status.AUTOMATIC
    )
    assert edition.current_status == Status.PLANNED
    ProgrammePageFactory(
        parent=edition,
        days=[("day", {"date": day(11, 4), "label": "", "sessions": []})],
    )
    assert EditionPage.objects.get(pk=edition.pk).current_status == Status.HELD


def test_an_editors_status_overrides_the_dates(client, edition_index, today):
    edition = EditionPageFactory(
        parent=edition_index,
        number=24,
        year=2026,
        status=Status.REGISTRATION_OPEN,
        start_date=day(11, 4),
    )
    assert edition.current_status == Status.REGISTRATION_OPEN
    assert "<dd>Registration open</dd>" in client.get(edition.url).content.decode()


def test_the_archive_leaves_the_24th_editions_status_to_its_dates():
    call_command("load_seminar_archive", verbosity=0)
    assert EditionPage.objects.get(number=24).status == Status.AUTOMATIC
    assert EditionPage.objects.get(number=23).status == Status.HELD


def test_migration_lets_planned_editions_and_their_revisions_follow_their_dates(
    edition_index,
):
    planned = EditionPageFactory(parent=edition_index, number=24, status=Status.PLANNED)
    held = EditionPageFactory(parent=edition_index, number=23, status=Status.HELD)
    migration = importlib.import_module(
        "seminar_pages.migrations.0011_edition_status_follows_dates"
    )
    migration.follow_the_dates(apps, None)
    planned.refresh_from_db()
    held.refresh_from_db()
    assert planned.status == Status.AUTOMATIC
    assert planned.get_latest_revision().content["status"] == Status.AUTOMATIC
    assert held.status == Status.HELD
    assert held.get_latest_revision().content["status"] == Status.HELD
