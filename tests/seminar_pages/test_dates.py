"""Dates, ranges and months as each language writes them (CLDR), not one English pattern.

CLDR separates some ranges with thin spaces (U+2009) and Russian's "г." with a narrow
no-break space (U+202F): the expected strings spell them out.
"""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from outputs.factories import WorkingGroupReportPageFactory
from seminar_pages import dates
from seminar_pages.factories import (
    EditionPageFactory,
    ProgrammePageFactory,
    WorkingGroupPageFactory,
)

pytestmark = pytest.mark.django_db

OCTOBER_12 = datetime.date(2027, 10, 12)
OCTOBER_14 = datetime.date(2027, 10, 14)
NOVEMBER_4 = datetime.date(2026, 11, 4)


def in_japanese(url):
    """The same page under the Japanese prefix (the English text where untranslated)."""
    assert url.startswith("/en/")
    return "/ja/" + url[len("/en/") :]


@pytest.mark.parametrize(
    ("language_code", "locale"),
    [("en", "en_GB"), ("zh-hans", "zh_Hans"), ("ja", "ja"), ("pt-br", "pt_BR"), ("mn", "mn")],
)
def test_django_language_codes_map_to_cldr_locales(language_code, locale):
    assert str(dates.babel_locale(language_code)) == locale


def test_an_unknown_language_falls_back_to_the_site_language():
    assert str(dates.babel_locale("xx-unknown")) == "en_GB"


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("en", "12 October 2027"),
        ("ja", "2027年10月12日"),
        ("zh-hans", "2027年10月12日"),
        ("ko", "2027년 10월 12일"),
        ("de", "12. Oktober 2027"),
        ("ru", "12 октября 2027\u202fг."),
    ],
)
def test_a_day_follows_the_language(language_code, expected):
    assert dates.format_day(OCTOBER_12, dates.babel_locale(language_code)) == expected


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("en", "Wednesday, 4 November 2026"),
        ("ja", "2026年11月4日水曜日"),
        ("fr", "mercredi 4 novembre 2026"),
    ],
)
def test_a_day_with_its_weekday_follows_the_language(language_code, expected):
    locale = dates.babel_locale(language_code)
    assert dates.format_day_with_weekday(NOVEMBER_4, locale) == expected


@pytest.mark.parametrize(
    ("language_code", "end", "expected"),
    [
        ("en", OCTOBER_14, "12–14 October 2027"),
        ("en", datetime.date(2027, 11, 2), "12 October\u2009–\u20092 November 2027"),
        ("en", datetime.date(2028, 1, 2), "12 October 2027\u2009–\u20092 January 2028"),
        ("ja", OCTOBER_14, "2027年10月12日～14日"),
        ("fr", OCTOBER_14, "12–14 octobre 2027"),
        ("de", OCTOBER_14, "12.–14. Oktober 2027"),
        ("en", OCTOBER_12, "12 October 2027"),
    ],
)
def test_a_range_of_days_is_written_as_the_language_writes_ranges(language_code, end, expected):
    assert dates.format_period(OCTOBER_12, end, dates.babel_locale(language_code)) == expected


def test_a_month_and_a_year_follow_the_language():
    japanese = dates.babel_locale("ja")
    assert dates.format_month(2027, 10, japanese) == "2027年10月"
    assert dates.format_year(2027, japanese) == "2027年"
    assert dates.format_month(2027, 10, dates.babel_locale("fr")) == "octobre 2027"


def test_the_filters_use_the_active_language():
    template = Template(
        "{% load seminar_dates %}{{ day|local_date }}|{{ day|local_date_with_weekday }}|"
        "{{ day|local_period:end }}"
    )
    with translation.override("ja"):
        text = template.render(Context({"day": OCTOBER_12, "end": OCTOBER_14}))
    assert text == "2027年10月12日|2027年10月12日火曜日|2027年10月12日～14日"


def test_edition_page_writes_its_days_in_the_readers_language(client, edition_index):
    edition = EditionPageFactory(
        parent=edition_index,
        number=25,
        year=2027,
        start_date=OCTOBER_12,
        end_date=OCTOBER_14,
    )
    html = client.get(in_japanese(edition.url)).content.decode()
    assert "2027年10月12日～14日" in html
    assert "10月 2027" not in html
    assert "12–14 October 2027" in client.get(edition.url).content.decode()


def test_archive_lists_months_in_the_readers_language(client, edition_index):
    EditionPageFactory(parent=edition_index, number=25, year=2027, month=10)
    html = client.get(in_japanese(edition_index.url)).content.decode()
    assert "2027年10月" in html
    assert "10月 2027" not in html


def test_programme_days_are_written_with_their_weekday_in_the_readers_language(client, edition):
    programme = ProgrammePageFactory(parent=edition)
    html = client.get(in_japanese(programme.url)).content.decode()
    assert '<time datetime="2025-11-04">2025年11月4日火曜日</time>' in html
    english = client.get(programme.url).content.decode()
    assert '<time datetime="2025-11-04">Tuesday, 4 November 2025</time>' in english


def test_a_publication_time_is_written_as_its_day():
    published = datetime.datetime(2027, 10, 12, 23, 30, tzinfo=datetime.UTC)
    template = Template("{% load seminar_dates %}{{ published|local_date }}")
    with translation.override("ja"):
        assert template.render(Context({"published": published})) == "2027年10月12日"


def test_outputs_say_when_they_were_published_in_the_readers_language(client, edition):
    group = WorkingGroupPageFactory(parent=edition, number=1)
    report = WorkingGroupReportPageFactory(parent=group)
    published = timezone.localdate(report.first_published_at)
    html = client.get(in_japanese(report.url)).content.decode()
    assert dates.format_day(published, dates.babel_locale("ja")) in html
    # Django's "j F Y" in Japanese.
    assert f"{published.day} {published.month}月 {published.year}" not in html
