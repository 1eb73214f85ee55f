"""The archive of the series: read, validate and load the data file.

Reading and validation are done in full before anything is written, so that a
malformed file changes nothing; loading is idempotent, so that running it again
changes nothing unless the file changed.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

DEFAULT_ARCHIVE = Path(__file__).resolve().parent / "data" / "archive.toml"

FORMATS = ("in_person", "online", "hybrid")
STATUSES = ("automatic", "planned", "registration_open", "under_way", "held", "reported")
KINDS = ("country", "organisation")
REGIONS = ("asia", "europe")
# Updated on every load; the other fields are set once, when the page is created,
# and then belong to the editors.
EDITION_FACTS = (
    "year",
    "month",
    "city",
    "country",
    "format",
    "host_institutions",
    "partner_institutions",
)


class ArchiveError(Exception):
    """The data file cannot be loaded; the message names the line or the field."""


@dataclass(frozen=True)
class SeriesRecord:
    title: str
    slug: str
    introduction: tuple
    about: tuple
    organisers: str
    steering_committee: str
    contact_email: str
    editions_title: str
    editions_slug: str


@dataclass(frozen=True)
class EditionRecord:
    number: int
    year: int
    month: int | None
    city: str
    country: str
    format: str
    status: str
    topics: tuple
    theme: str = ""
    host_institutions: tuple = ()
    partner_institutions: tuple = ()


@dataclass(frozen=True)
class PartnerRecord:
    name: str
    kind: str
    region: str


@dataclass
class Archive:
    series: SeriesRecord
    editions: list = field(default_factory=list)
    partners: list = field(default_factory=list)


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)

    def count(self, kind, outcome):
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self):
        return bool(self.created or self.updated)


class _Table:
    """One table of the file, with the line it starts on, for error messages."""

    def __init__(self, data, where, fields):
        if not isinstance(data, dict):
            raise ArchiveError(f"{where}: expected a table of fields.")
        unknown = sorted(set(data) - set(fields))
        if unknown:
            raise ArchiveError(f"{where}: unknown field {unknown[0]!r}.")
        self.data = data
        self.where = where

    def error(self, name, message):
        return ArchiveError(f"{self.where}: field {name!r} {message}.")

    def text(self, name, required=True, default=""):
        value = self.data.get(name, None if required else default)
        if value is None:
            raise self.error(name, "is required")
        if not isinstance(value, str):
            raise self.error(name, f"must be text, not {value!r}")
        return value.strip()

    def integer(self, name, minimum, maximum, required=True):
        value = self.data.get(name)
        if value is None and not required:
            return None
        if value is None:
            raise self.error(name, "is required")
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise self.error(
                name, f"must be a whole number from {minimum} to {maximum}, not {value!r}"
            )
        return value

    def choice(self, name, choices, default=None):
        value = self.text(name, required=default is None, default=default or "")
        if value not in choices:
            raise self.error(name, f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def texts(self, name, required=True):
        value = self.data.get(name, None if required else [])
        if value is None:
            raise self.error(name, "is required")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(name, "must be a list of texts")
        return tuple(item.strip() for item in value if item.strip())


def _header_lines(source, header):
    pattern = re.compile(rf"^\s*\[\[\s*{header}\s*\]\]")
    return [number for number, line in enumerate(source.splitlines(), 1) if pattern.match(line)]


def parse_archive(source, name="archive"):
    """Validate the text of a data file.

    Args:
        source: the TOML text.
        name: how to call the file in error messages.

    Returns:
        An ``Archive``.

    Raises:
        ArchiveError: naming the line (syntax) or the line and field (content) at fault.
    """
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise ArchiveError(f"{name}: {error}") from None
    unknown = sorted(set(data) - {"series", "edition", "partner"})
    if unknown:
        raise ArchiveError(f"{name}: unknown section {unknown[0]!r}.")
    if "series" not in data:
        raise ArchiveError(f"{name}: the [series] table is missing.")

    series = _Table(
        data["series"],
        f"{name}, [series]",
        list(SeriesRecord.__dataclass_fields__),
    )
    archive = Archive(
        series=SeriesRecord(
            title=series.text("title"),
            slug=series.text("slug"),
            introduction=series.texts("introduction"),
            about=series.texts("about", required=False),
            organisers=series.text("organisers", required=False),
            steering_committee=series.text("steering_committee", required=False),
            contact_email=series.text("contact_email", required=False),
            editions_title=series.text("editions_title"),
            editions_slug=series.text("editions_slug"),
        )
    )

    editions = data.get("edition", [])
    if not isinstance(editions, list) or not editions:
        raise ArchiveError(f"{name}: no [[edition]] entries.")
    lines = _header_lines(source, "edition")
    seen = {}
    for position, raw in enumerate(editions):
        line = lines[position] if position < len(lines) else "?"
        table = _Table(
            raw,
            f"{name}, line {line}, edition #{position + 1}",
            list(EditionRecord.__dataclass_fields__),
        )
        number = table.integer("number", 1, 999)
        if number in seen:
            raise table.error("number", f"repeats edition {number} (line {seen[number]})")
        seen[number] = line
        record = EditionRecord(
            number=number,
            year=table.integer("year", 1997, 2100),
            month=table.integer("month", 1, 12, required=False),
            city=table.text("city", required=False),
            country=table.text("country", required=False),
            format=table.choice("format", FORMATS),
            status=table.choice("status", STATUSES, default="automatic"),
            topics=table.texts("topics"),
            theme=table.text("theme", required=False),
            host_institutions=table.texts("host_institutions", required=False),
            partner_institutions=table.texts("partner_institutions", required=False),
        )
        if not record.country and record.format != "online":
            raise table.error("country", "is required unless the format is online")
        archive.editions.append(record)

    partners = data.get("partner", [])
    if not isinstance(partners, list):
        raise ArchiveError(f"{name}: [[partner]] must be an array of tables.")
    lines = _header_lines(source, "partner")
    names = {}
    for position, raw in enumerate(partners):
        line = lines[position] if position < len(lines) else "?"
        table = _Table(
            raw, f"{name}, line {line}, partner #{position + 1}", ["name", "kind", "region"]
        )
        record = PartnerRecord(
            name=table.text("name"),
            kind=table.choice("kind", KINDS),
            region=table.choice("region", REGIONS),
        )
        if not record.name:
            raise table.error("name", "is empty")
        if slugify(record.name) in names:
            raise table.error(
                "name", f"repeats {record.name!r} (line {names[slugify(record.name)]})"
            )
        names[slugify(record.name)] = line
        archive.partners.append(record)
    return archive


def read_archive(path=DEFAULT_ARCHIVE):
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ArchiveError(f"{path}: cannot be read ({error}).") from None
    return parse_archive(source, name=str(path))


def _paragraphs(texts):
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def _edition_title(record):
    from seminar_pages.models.pages import ordinal

    return f"{ordinal(record.number)} Informal ASEM Seminar on Human Rights"


def _edition_values(record):
    return {
        "year": record.year,
        "month": record.month,
        "city": record.city,
        "country": record.country,
        "format": record.format,
        "host_institutions": "\n".join(record.host_institutions),
        "partner_institutions": "\n".join(record.partner_institutions),
    }


def _publish(page):
    page.save_revision().publish()


@transaction.atomic
def load_archive(archive, hostname=None, port=80):
    """Create or update the series, its editions, topics and partners.

    Args:
        archive: what ``read_archive`` returned.
        hostname: serve the series as its own site at this host name (and ``port``),
            for a host site whose default site has a home page of its own. Without it, the
            series replaces the default site's root only if that is Wagtail's placeholder.

    Returns:
        A ``LoadReport`` counting what was created, updated and left unchanged.
    """
    from seminar_pages.models import (
        AsemPartner,
        EditionIndexPage,
        EditionPage,
        SeminarSeriesPage,
        Topic,
    )
    from seminar_pages.models.pages import edition_slug

    report = LoadReport()
    locale = Locale.get_default()

    # Partners
    for order, record in enumerate(archive.partners):
        values = {
            "name": record.name,
            "kind": record.kind,
            "region": record.region,
            "sort_order": order,
        }
        partner = AsemPartner.objects.filter(slug=slugify(record.name)).first()
        if partner is None:
            AsemPartner.objects.create(slug=slugify(record.name), **values)
            report.count("partners", "created")
        elif any(getattr(partner, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(partner, key, value)
            partner.save()
            report.count("partners", "updated")
        else:
            report.count("partners", "unchanged")

    # Topics
    topics = {}
    for record in archive.editions:
        for name in record.topics:
            slug = slugify(name)[:255]
            if slug in topics:
                continue
            topic = Topic.objects.filter(slug=slug, locale=locale).first()
            if topic is None:
                topic = Topic.objects.create(slug=slug, name=name, locale=locale)
                report.count("topics", "created")
            elif topic.name != name:
                topic.name = name
                topic.save(update_fields=["name"])
                report.count("topics", "updated")
            else:
                report.count("topics", "unchanged")
            topics[slug] = topic

    # The series page and the archive index: created once, then the editors' own
    series = SeminarSeriesPage.objects.filter(locale=locale).first()
    if series is None:
        series = SeminarSeriesPage(
            title=archive.series.title,
            slug=archive.series.slug,
            introduction=_paragraphs(archive.series.introduction),
            body=[("paragraph", _paragraphs([text])) for text in archive.series.about],
            organisers=_paragraphs([archive.series.organisers]),
            steering_committee=_paragraphs([archive.series.steering_committee]),
            contact_email=archive.series.contact_email,
            locale=locale,
        )
        Page.get_first_root_node().add_child(instance=series)
        _publish(series)
        report.count("series", "created")
    else:
        report.count("series", "unchanged")
    if hostname:
        _make_own_site(series, hostname, port)
    else:
        _make_site_root(series)

    index = EditionIndexPage.objects.child_of(series).first()
    if index is None:
        index = EditionIndexPage(
            title=archive.series.editions_title, slug=archive.series.editions_slug
        )
        series.add_child(instance=index)
        _publish(index)
        report.count("edition index", "created")
    else:
        report.count("edition index", "unchanged")

    # Editions
    existing = {page.number: page for page in EditionPage.objects.filter(locale=locale)}
    for record in archive.editions:
        values = _edition_values(record)
        wanted_topics = [topics[slugify(name)[:255]] for name in record.topics]
        page = existing.get(record.number)
        if page is None:
            page = EditionPage(
                title=_edition_title(record),
                slug=edition_slug(record.number, record.year),
                number=record.number,
                status=record.status,
                theme=record.theme or "; ".join(record.topics),
                **values,
            )
            index.add_child(instance=page)
            page.topics.set(wanted_topics)
            _publish(page)
            report.count("editions", "created")
            continue
        changed = {key: value for key, value in values.items() if getattr(page, key) != value}
        topics_changed = {t.pk for t in page.topics.all()} != {t.pk for t in wanted_topics}
        if not changed and not topics_changed:
            report.count("editions", "unchanged")
            continue
        for key, value in changed.items():
            setattr(page, key, value)
        page.topics.set(wanted_topics)
        _publish(page)
        report.count("editions", "updated")
    return report


def _make_own_site(series, hostname, port):
    """Serve the series as the site at ``hostname:port``, leaving the host's sites alone."""
    site = Site.objects.filter(hostname=hostname, port=port).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=series, site_name=series.title)
    elif site.root_page_id != series.pk:
        raise ArchiveError(
            f"The site {hostname}:{port} already serves another page ({site.root_page.title})."
        )


def _make_site_root(series):
    """Serve the series at the default site's root, replacing Wagtail's placeholder page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=series,
            is_default_site=True,
            site_name=series.title,
        )
        return
    if site.root_page_id == series.pk:
        return
    placeholder = site.root_page
    if placeholder.specific_class is not Page:
        # The host site has a home page of its own: the series stays where it is.
        return
    site.root_page = series
    site.save()
    if placeholder.is_leaf() and placeholder.depth == 2:
        placeholder.delete()
