"""The archive of the series: 24 editions and 53 partners, loaded idempotently."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision, Site

from seminar_pages.archive import DEFAULT_ARCHIVE, ArchiveError, parse_archive, read_archive
from seminar_pages.models import (
    AsemPartner,
    EditionIndexPage,
    EditionPage,
    SeminarSeriesPage,
    Topic,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "partners": list(AsemPartner.objects.values_list("name", "kind", "region", "sort_order")),
        "topics": list(Topic.objects.values_list("slug", "name")),
        "editions": list(
            EditionPage.objects.order_by("number").values_list(
                "number", "year", "month", "city", "country", "format", "latest_revision_id"
            )
        ),
    }


def test_archive_loads_all_24_editions_and_53_partners():
    call_command("load_seminar_archive")
    editions = EditionPage.objects.order_by("number")
    assert editions.count() == 24
    assert list(editions.values_list("number", flat=True)) == list(range(1, 25))
    assert all(edition.live for edition in editions)
    first = editions.get(number=1)
    assert (first.year, first.month, first.city, first.country) == (1997, 12, "Lund", "Sweden")
    assert {topic.name for topic in first.topics.all()} == {
        "Access to Justice",
        "Regional & National Particularities in the Administration of Justice",
        "Monitoring the Administration of Justice",
    }
    online = editions.get(number=21)
    assert online.format == EditionPage.Format.ONLINE
    assert online.place == "Online / Luxembourg"
    latest = editions.get(number=24)
    assert latest.year == 2026
    assert latest.country == "Mongolia"
    assert latest.host_list == ["National Human Rights Commission of Mongolia"]
    assert latest.partner_list == ["Ministry of Foreign Affairs of Mongolia"]
    assert AsemPartner.objects.count() == 53
    assert AsemPartner.objects.filter(kind="country", region="asia").count() == 21
    assert AsemPartner.objects.filter(kind="country", region="europe").count() == 30
    assert set(AsemPartner.objects.filter(kind="organisation").values_list("name", flat=True)) == {
        "European Union",
        "ASEAN Secretariat",
    }


def test_archive_becomes_the_default_site_and_replaces_the_placeholder():
    call_command("load_seminar_archive")
    series = SeminarSeriesPage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == series.pk
    assert not Page.objects.filter(depth=2).exclude(pk=series.pk).exists()
    index = EditionIndexPage.objects.child_of(series).get()
    assert EditionPage.objects.child_of(index).count() == 24


def test_second_load_changes_nothing(capsys):
    call_command("load_seminar_archive")
    before = snapshot()
    capsys.readouterr()
    call_command("load_seminar_archive")
    assert "already up to date" in capsys.readouterr().out
    assert snapshot() == before


def test_load_updates_a_changed_fact_and_keeps_editorial_fields(tmp_path):
    call_command("load_seminar_archive")
    edition = EditionPage.objects.get(number=23)
    edition.status = EditionPage.Status.REPORTED
    edition.save_revision().publish()
    changed = DEFAULT_ARCHIVE.read_text().replace(
        'number = 23\nyear = 2025\ncity = "Copenhagen"',
        'number = 23\nyear = 2025\nmonth = 10\ncity = "Copenhagen"',
    )
    assert changed != DEFAULT_ARCHIVE.read_text()
    path = tmp_path / "archive.toml"
    path.write_text(changed)
    call_command("load_seminar_archive", file=str(path))
    edition = EditionPage.objects.get(number=23)
    assert edition.month == 10
    assert edition.status == EditionPage.Status.REPORTED
    assert EditionPage.objects.count() == 24


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("year = 1999", 'year = "nineteen"', "edition #2: field 'year'"),
        ('format = "online"', 'format = "virtual"', "field 'format' must be one of"),
        ("number = 3\n", "number = 2\n", "field 'number' repeats edition 2"),
        ("[[edition]]\nnumber = 5", "[[edition]]\nnumber = 5\nyaer = 2003", "unknown field 'yaer'"),
        ('kind = "organisation"', 'kind = "union"', "field 'kind' must be one of"),
        ("topics = [", "topics = [[", "line"),
    ],
)
def test_malformed_file_is_rejected_with_its_line_or_field_and_writes_nothing(
    tmp_path, replace, by, message
):
    source = DEFAULT_ARCHIVE.read_text()
    assert replace in source
    path = tmp_path / "archive.toml"
    path.write_text(source.replace(replace, by, 1))
    pages_before = Page.objects.count()
    partners_before = list(AsemPartner.objects.values_list("name", "kind", "region"))
    with pytest.raises(CommandError) as raised:
        call_command("load_seminar_archive", file=str(path))
    assert message in str(raised.value)
    assert "Nothing was loaded" in str(raised.value)
    assert Page.objects.count() == pages_before
    assert not EditionPage.objects.exists()
    # The 53 partners come with the migrations (outputs 0009); the file changes none of them.
    assert list(AsemPartner.objects.values_list("name", "kind", "region")) == partners_before
    assert not Topic.objects.exists()


def test_content_error_names_the_line_of_its_entry():
    source = DEFAULT_ARCHIVE.read_text()
    lines = source.splitlines()
    headers = [number for number, line in enumerate(lines, 1) if line == "[[edition]]"]
    broken = source.replace("year = 1999", "year = 1899", 1)
    with pytest.raises(ArchiveError, match=rf"line {headers[1]}, edition #2: field 'year'"):
        parse_archive(broken)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("load_seminar_archive", file=str(tmp_path / "absent.toml"))


def test_command_exits_non_zero_on_a_malformed_file(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "archive.toml"
    path.write_text("[series\n")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "load_seminar_archive", "--file", str(path)],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "cms.settings.test", "PATH": ""},
        check=False,
    )
    assert result.returncode != 0
    assert "line 1" in result.stderr


def test_parse_names_the_series_table_when_missing():
    with pytest.raises(ArchiveError, match=r"\[series\] table is missing"):
        parse_archive("[[edition]]\nnumber = 1\n")


def test_shipped_archive_is_valid():
    archive = read_archive()
    assert len(archive.editions) == 24
    assert len(archive.partners) == 53


def test_site_option_serves_the_series_as_its_own_site_and_leaves_the_host_sites_alone():
    default = Site.objects.get(is_default_site=True)
    call_command("load_seminar_archive", site="seminar.example.org:8080")
    series = SeminarSeriesPage.objects.get()
    own = Site.objects.get(hostname="seminar.example.org", port=8080)
    assert own.root_page_id == series.pk
    assert not own.is_default_site
    assert Site.objects.get(is_default_site=True).root_page_id == default.root_page_id
    assert Page.objects.filter(pk=default.root_page_id).exists()


def test_second_load_with_site_option_changes_nothing(capsys):
    call_command("load_seminar_archive", site="seminar.example.org")
    before = (snapshot(), list(Site.objects.values_list("hostname", "port", "root_page_id")))
    capsys.readouterr()
    call_command("load_seminar_archive", site="seminar.example.org")
    assert "already up to date" in capsys.readouterr().out
    assert (snapshot(), list(Site.objects.values_list("hostname", "port", "root_page_id"))) == (
        before
    )


@pytest.mark.parametrize("value", ["", ":8080", "seminar.example.org:port", "host:0", "h:70000"])
def test_malformed_site_option_is_refused_before_anything_is_written(value):
    before = snapshot()
    with pytest.raises(CommandError, match="--site must be HOSTNAME or HOSTNAME:PORT"):
        call_command("load_seminar_archive", site=value)
    assert snapshot() == before


def test_site_option_naming_a_site_of_another_page_writes_nothing():
    other = Site.objects.get(is_default_site=True)
    before = snapshot()
    with pytest.raises(CommandError, match=r"Nothing was loaded\. The site localhost:80"):
        call_command("load_seminar_archive", site=f"{other.hostname}:{other.port}")
    assert snapshot() == before
    assert Site.objects.get(pk=other.pk).root_page_id == other.root_page_id
