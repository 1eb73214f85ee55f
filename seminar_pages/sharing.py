"""What a page says about itself to search engines and to the sites it is shared on: its
description, Open Graph properties and schema.org JSON-LD, in the language of its text.

Editions are schema.org Events (described here); other apps describe their own page
types with ``register`` (``outputs`` registers its reports), so that this app imports none
of them. The page described is the one being served: whoever sees these tags may read it.
"""

import html
import json
from dataclasses import dataclass

from babel.core import Locale as BabelLocale
from babel.core import UnknownLocaleError, get_global
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from seminar_pages import languages
from seminar_pages.locales import language_code_of
from seminar_pages.models import EditionPage
from seminar_pages.organiser import organiser

# Fields that describe a page in a sentence or two, in the order they are tried.
DESCRIPTION_FIELDS = ("search_description", "summary", "introduction", "description", "theme")
DESCRIPTION_LENGTH = 300
SCHEMA_ORG = "https://schema.org"
ATTENDANCE_MODES = {
    EditionPage.Format.IN_PERSON: f"{SCHEMA_ORG}/OfflineEventAttendanceMode",
    EditionPage.Format.ONLINE: f"{SCHEMA_ORG}/OnlineEventAttendanceMode",
    EditionPage.Format.HYBRID: f"{SCHEMA_ORG}/MixedEventAttendanceMode",
}
# JSON inside <script> must not close the element, whatever a title holds (as json_script).
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class Description:
    """How a page type is described: its Open Graph type and its schema.org object."""

    og_type: str
    describe: callable  # describe(page, request, base) -> dict, ``base`` being shared fields


_DESCRIPTIONS = {}


def register(model, describe, og_type="article"):
    """Describe pages of ``model`` (and its subclasses) with ``describe``.

    Args:
        model: a page model.
        describe: ``describe(page, request, base)`` returning the schema.org object;
            ``base`` holds ``name``, ``url``, ``inLanguage`` and ``description``.
        og_type: the page's Open Graph type.
    """
    _DESCRIPTIONS[model] = Description(og_type, describe)


def _description_of(page):
    for model in type(page).__mro__:
        if model in _DESCRIPTIONS:
            return _DESCRIPTIONS[model]
    return None


@dataclass(frozen=True)
class Sharing:
    title: str
    description: str
    url: str
    og_type: str
    og_locale: str
    site_name: str
    json_ld: str  # a <script> element, safe to render


def plain_description(page):
    """The first describing field of ``page`` as plain text, shortened, or ""."""
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, None)
        if isinstance(value, str):
            text = " ".join(html.unescape(strip_tags(value)).split())
            if text:
                return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


def language_tag(language_code):
    """BCP 47, as schema.org's ``inLanguage`` asks: ``zh-hans`` -> ``zh-Hans``."""
    return translation.to_locale(language_code).replace("_", "-")


def og_locale(language_code):
    """Open Graph's ``language_TERRITORY`` for a language code, from CLDR's likely subtags."""
    tag = translation.to_locale(language_code)
    likely = get_global("likely_subtags")
    try:
        locale = BabelLocale.parse(likely.get(tag) or likely.get(tag.split("_")[0]) or tag)
    except (UnknownLocaleError, ValueError, TypeError):
        return tag
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def json_ld_script(data):
    """``data`` as a JSON-LD ``<script>`` element that no value can break out of."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 (escaped above)
    )


def organisation():
    found = organiser()
    data = {"@type": "Organization", "name": found.name}
    if found.abbreviation:
        data["alternateName"] = found.abbreviation
    return data


def for_page(page, request):
    """The sharing metadata of ``page``, in the language of its text.

    Args:
        page: the page being served (any page; an alias is described by its source).
        request: the current request, for absolute URLs.

    Returns:
        A ``Sharing``.
    """
    source = languages.content_page(page).specific
    language_code = language_code_of(source, request)
    with translation.override(language_code):
        path = source.get_url(request)
        url = request.build_absolute_uri(path) if path else ""
        description = plain_description(source)
        title = source.seo_title or source.title
        base = {
            "name": title,
            "url": url,
            "inLanguage": language_tag(language_code),
        }
        if description:
            base["description"] = description
        found = _description_of(source)
        if found is None:
            data, og_type = {"@type": "WebPage", **base}, "website"
        else:
            data, og_type = found.describe(source, request, base), found.og_type
        data = {"@context": SCHEMA_ORG, **data}
        return Sharing(
            title=title,
            description=description,
            url=url,
            og_type=og_type,
            og_locale=og_locale(language_code),
            site_name=_("Informal ASEM Seminar on Human Rights"),
            json_ld=json_ld_script(data),
        )


# Editions ----------------------------------------------------------------------------------


def _partial_date(edition):
    if edition.month:
        return f"{edition.year:04d}-{edition.month:02d}"
    return f"{edition.year:04d}"


def _locations(edition, url):
    place = {"@type": "Place", "name": ", ".join(p for p in (edition.city, edition.country) if p)}
    address = {"@type": "PostalAddress"}
    if edition.city:
        address["addressLocality"] = edition.city
    if edition.country:
        address["addressCountry"] = edition.country
    if len(address) > 1:
        place["address"] = address
    online = {"@type": "VirtualLocation", "url": url}
    if edition.format == EditionPage.Format.ONLINE:
        return online
    if not place["name"]:
        return online if edition.format == EditionPage.Format.HYBRID else None
    return [place, online] if edition.format == EditionPage.Format.HYBRID else place


def describe_edition(edition, request, base):
    """An edition as a schema.org Event."""
    start = edition.start_date.isoformat() if edition.start_date else _partial_date(edition)
    last_day = edition.end_date or edition.start_date
    data = {
        "@type": "Event",
        **base,
        "startDate": start,
        "endDate": last_day.isoformat() if last_day else start,
        "eventAttendanceMode": ATTENDANCE_MODES.get(edition.format),
        "organizer": organisation(),
    }
    location = _locations(edition, base["url"])
    if location:
        data["location"] = location
    return {name: value for name, value in data.items() if value}


register(EditionPage, describe_edition, og_type="website")
