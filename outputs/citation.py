"""Citations of the seminar's outputs and recommendations, in every format readers ask for.

One ``Citation`` per text, built from the page models only (the output, its edition, its
language) and rendered as the suggested citation shown on the page, as RIS, BibTeX and
CSL-JSON downloads, and in the recommendations API: a field changed here changes in all of
them. Strings are rendered in the language of the text cited, not the reader's.

The year is the edition's: the archive holds no publication date of the outputs themselves
(pages of past editions were published on this site years after the seminar).

Asks no access question: callers hand in what the reader may read.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.db.models import Subquery, prefetch_related_objects
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from wagtail.models import Page

from outputs.models import (
    KeyMessagesPage,
    Recommendation,
    SeminarReportPage,
    WorkingGroupReportPage,
)
from seminar_pages.locales import language_code_of
from seminar_pages.models import EditionPage, WorkingGroupPage
from seminar_pages.organiser import organiser

CITABLE_PAGE_TYPES = (WorkingGroupReportPage, KeyMessagesPage, SeminarReportPage)
# The part of a citation key that says which output of an edition it is.
PAGE_KEY_CODES = {KeyMessagesPage: "KM", SeminarReportPage: "SR"}


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    content_type: str


FORMATS = {
    "ris": Format("ris", gettext_lazy("RIS"), "ris", "application/x-research-info-systems"),
    "bibtex": Format("bibtex", gettext_lazy("BibTeX"), "bib", "application/x-bibtex"),
    "csl": Format(
        "csl", gettext_lazy("CSL-JSON"), "json", "application/vnd.citationstyles.csl+json"
    ),
}


@dataclass(frozen=True)
class Citation:
    """What a reference manager needs to know of one text."""

    key: str
    genre: str
    title: str
    container_title: str
    event_title: str
    event_place: str
    year: int | None
    url: str
    language: str
    publisher: str
    is_recommendation: bool = False
    number: str = ""
    abstract: str = ""
    keywords: tuple = ()
    event_dates: tuple = ()
    # (label, URL) of each download, for the page's "Cite this".
    downloads: tuple = field(default=(), compare=False)

    @property
    def text(self):
        """The suggested citation: publisher, title, where, year, URL."""
        with translation.override(self.language):
            container = _("In: %(title)s") % {"title": self.container_title}
        seminar = ", ".join(
            str(part) for part in (self.event_title, self.event_place, self.year) if part
        )
        parts = [self.publisher, self.title]
        if self.is_recommendation:
            parts.append(container)
        return _sentences([*parts, seminar, self.url])

    @property
    def issued(self):
        """The CSL date of issue."""
        return {"date-parts": [[self.year]]} if self.year else None

    @property
    def issued_iso(self):
        return str(self.year) if self.year else ""

    def filename(self, format_name):
        return f"{self.key}.{FORMATS[format_name].extension}"

    def csl(self):
        """The CSL-JSON item (one entry of a CSL-JSON file)."""
        item = {
            "id": self.key,
            "type": "report",
            "title": self.title,
            "genre": self.genre,
            "author": [{"literal": self.publisher}],
            "publisher": self.publisher,
            "container-title": self.container_title,
            "event-title": self.event_title,
            "event-place": self.event_place,
            "issued": self.issued,
            "URL": self.url,
            "language": self.language,
        }
        if self.event_dates:
            item["event-date"] = {"date-parts": [_date_parts(day) for day in self.event_dates]}
        if self.number:
            item["number"] = self.number
        if self.abstract:
            item["abstract"] = self.abstract
        if self.keywords:
            item["keyword"] = ", ".join(self.keywords)
        return {name: value for name, value in item.items() if value not in (None, "")}

    def render(self, format_name):
        return RENDERERS[format_name](self)


def _sentences(parts):
    """Parts joined by full stops, without doubling a title's own final punctuation."""
    text = ""
    for part in parts:
        part = str(part).strip()
        if part:
            if text:
                text += " " if text[-1] in ".?!" else ". "
            text += part
    return text


def _date_parts(day):
    return [day.year, day.month, day.day]


def _one_line(text):
    return " ".join(str(text).split())


# Formats ----------------------------------------------------------------------------------


def to_ris(citation):
    """RIS (``TY`` to ``ER``), lines ended by CR LF as the format asks."""
    tags = [
        ("TY", "RPRT"),
        ("AU", citation.publisher),
        ("TI", citation.title),
        ("T2", citation.container_title),
        ("T3", citation.event_title if citation.is_recommendation else ""),
        ("M3", citation.genre),
        ("PB", citation.publisher),
        ("PY", citation.issued_iso),
        # The report number: where reference managers read it for reports.
        ("VL", citation.number),
        ("UR", citation.url),
        ("LA", citation.language),
        ("AB", citation.abstract),
        *(("KW", keyword) for keyword in citation.keywords),
    ]
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in tags if value]
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_SPECIAL_PATTERN = re.compile("|".join(re.escape(char) for char in BIBTEX_SPECIAL))


def bibtex_escape(text):
    return BIBTEX_SPECIAL_PATTERN.sub(lambda match: BIBTEX_SPECIAL[match[0]], _one_line(text))


def _bibtex_url(url):
    # The URL is copied verbatim by biblatex: only braces would end the field early.
    return quote(url, safe=":/?#[]@!$&'()*+,;=%-._~")


def to_bibtex(citation):
    """A BibTeX ``@techreport`` entry; biblatex reads the extra event fields."""
    language = get_language_info(citation.language.lower())["name"]
    fields = [
        ("author", "{" + bibtex_escape(citation.publisher) + "}"),
        ("title", bibtex_escape(citation.title)),
        ("institution", bibtex_escape(citation.publisher)),
        ("type", bibtex_escape(citation.genre)),
        ("number", bibtex_escape(citation.number)),
        (
            "booktitle" if citation.is_recommendation else "series",
            bibtex_escape(citation.container_title),
        ),
        ("eventtitle", bibtex_escape(citation.event_title)),
        ("venue", bibtex_escape(citation.event_place)),
        ("year", citation.issued_iso),
        ("url", _bibtex_url(citation.url)),
        ("language", bibtex_escape(language)),
        ("abstract", bibtex_escape(citation.abstract)),
        ("keywords", bibtex_escape(", ".join(citation.keywords))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@techreport{{{citation.key},\n{body}\n}}\n"


def to_csl_json(citation):
    """A CSL-JSON file: a list of one item."""
    return json.dumps([citation.csl()], ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"ris": to_ris, "bibtex": to_bibtex, "csl": to_csl_json}


# Building citations -----------------------------------------------------------------------


def is_citable(page):
    return isinstance(page, CITABLE_PAGE_TYPES)


def edition_of(page):
    """The edition ``page`` belongs to, or None: one query, remembered on the page.

    The edition comes with the number of the working group that is ``page``'s parent, if
    any (``working_group_number``), which names a Working Group Report's citation.
    """
    if "_citation_edition" not in page.__dict__ and hasattr(page, "cached_ancestors"):
        ancestors = page.cached_ancestors()
        edition = next(
            (
                ancestor.editionpage
                for ancestor in reversed(ancestors)
                if getattr(ancestor, "editionpage", None) is not None
            ),
            None,
        )
        if edition is not None:
            parent = ancestors[-1] if ancestors else None
            group = getattr(parent, "workinggrouppage", None)
            edition.working_group_number = group.number if group is not None else None
        page.__dict__["_citation_edition"] = edition
    if "_citation_edition" not in page.__dict__:
        parent = WorkingGroupPage.objects.filter(path=page.path[: -Page.steplen])
        page.__dict__["_citation_edition"] = (
            EditionPage.objects.ancestor_of(page)
            .annotate(working_group_number=Subquery(parent.values("number")[:1]))
            .order_by("-depth")
            .first()
        )
    return page.__dict__["_citation_edition"]


def language_tag(language_code):
    """The BCP 47 tag of a Django language code: ``zh-hans`` -> ``zh-Hans``."""
    return translation.to_locale(language_code).replace("_", "-")


def _place(edition):
    if edition.city or edition.country:
        return edition.city or edition.country
    return _("Online") if edition.format == EditionPage.Format.ONLINE else ""


def _edition_fields(edition):
    if edition is None:
        return {"event_title": "", "event_place": "", "year": None, "event_dates": ()}
    days = [day for day in (edition.start_date, edition.end_date) if day]
    return {
        "event_title": edition.title,
        "event_place": _place(edition),
        "year": edition.year,
        "event_dates": tuple(dict.fromkeys(days)),
    }


def _key_prefix(edition):
    prefix = getattr(settings, "SEMINAR_RECOMMENDATION_PREFIX", "HR")
    return f"{prefix}{edition.number}" if edition is not None else prefix


def _key(base, language_code):
    """Keys differ per language, so that both texts can sit in one bibliography."""
    if language_code == settings.LANGUAGE_CODE:
        return base
    return f"{base}-{language_code}"


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None and url else url or ""


def page_url(page, request=None):
    """The page's absolute URL, on the host the reader asked (as its canonical link)."""
    if request is None:
        return page.get_full_url() or ""
    return _absolute(request, page.get_url(request))


def _downloads(view_name, argument):
    """Reversed in the language of the text: a recommendation's download cites that copy."""
    return tuple(
        (str(spec.label), reverse(f"outputs_citations:{view_name}_{name}", args=[argument]))
        for name, spec in FORMATS.items()
    )


def for_page(page, request=None):
    """The citation of an output page (Working Group Report, Key Messages, Seminar Report).

    Args:
        page: a specific page of one of ``CITABLE_PAGE_TYPES``.
        request: the current request, for absolute URLs.

    Returns:
        A ``Citation`` in the page's language.
    """
    edition = edition_of(page)
    language_code = language_code_of(page, request)
    with translation.override(language_code):
        group_number = getattr(edition, "working_group_number", None)
        if isinstance(page, WorkingGroupReportPage) and group_number is not None:
            code = f"WG{group_number}"
        else:
            code = PAGE_KEY_CODES.get(type(page), f"P{page.pk}")
        return Citation(
            key=_key(f"{_key_prefix(edition)}-{code}", language_code),
            genre=str(page._meta.verbose_name),
            title=page.title,
            container_title=edition.title if edition is not None else "",
            url=page_url(page, request),
            language=language_tag(language_code),
            publisher=str(organiser()),
            abstract=_one_line(page.search_description),
            downloads=_downloads("page", page.pk) if page.pk else (),
            **_edition_fields(edition),
        )


def for_recommendation(recommendation, report, edition, language_code, request=None):
    """The citation of one recommendation of ``report`` (both in ``language_code``)."""
    # A recommendation previewed before its first save has no identifier yet.
    identifier = recommendation.identifier
    with translation.override(language_code):
        return Citation(
            key=_key(identifier, language_code),
            genre=str(Recommendation._meta.verbose_name).capitalize(),
            title=_("Recommendation %(identifier)s") % {"identifier": identifier},
            is_recommendation=True,
            number=identifier,
            container_title=report.title,
            url=_absolute(request, recommendation.get_absolute_url()) if identifier else "",
            language=language_tag(language_code),
            publisher=str(organiser()),
            abstract=_one_line(recommendation.text),
            keywords=tuple(theme.name for theme in recommendation.themes.all()),
            downloads=_downloads("recommendation", identifier) if identifier else (),
            **_edition_fields(edition),
        )


def for_report_recommendations(report, recommendations, request=None):
    """The citations of recommendations of one report (themes prefetched), in their order."""
    edition = edition_of(report)
    language_code = language_code_of(report, request)
    return [
        for_recommendation(item, report, edition, language_code, request)
        for item in recommendations
    ]


def for_recommendations(recommendations, request=None):
    """{recommendation pk: Citation}, in a fixed number of queries whatever their number.

    Args:
        recommendations: ``Recommendation`` objects, from any reports, in any languages.
        request: the current request, for absolute URLs.
    """
    recommendations = list(recommendations)
    if not recommendations:
        return {}
    prefetch_related_objects(recommendations, "page__locale", "themes")
    edition_paths = {_edition_path(item.page) for item in recommendations}
    editions = {
        edition.path: edition for edition in EditionPage.objects.filter(path__in=edition_paths)
    }
    return {
        item.pk: for_recommendation(
            item,
            item.page,
            editions.get(_edition_path(item.page)),
            item.page.locale.language_code,
            request,
        )
        for item in recommendations
    }


def _edition_path(report):
    # A report sits below its working group, below its edition.
    return report.path[: -2 * Page.steplen]
