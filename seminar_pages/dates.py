"""Dates as each reader's language writes them, from the Unicode CLDR (through Babel).

Django's ``date`` filter applies one pattern in every language: "j F Y" gives
"12 10月 2027" in Japanese, where readers expect "2027年10月12日". Babel knows each
locale's order of day, month and year, its words, separators and ranges.
"""

import datetime
import functools

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    match_skeleton,
    parse_pattern,
    tokenize_pattern,
    untokenize_pattern,
)
from django.conf import settings
from django.utils import translation

# Django language codes whose CLDR locale is not their plain conversion (``zh-hans`` is
# ``zh_Hans`` without help). The site's English is British ("programme", "organised"):
# so are its dates, "4 November 2026" rather than "November 4, 2026".
BABEL_LOCALES = {"en": "en_GB"}


@functools.lru_cache(maxsize=128)
def babel_locale(language_code):
    """The CLDR locale of a Django language code: ``zh-hans`` → ``zh_Hans``, ``en`` → ``en_GB``.

    Args:
        language_code: a Django language code (``ja``, ``zh-hans``, ``pt-br``...).

    Returns:
        A ``babel.Locale``; the locale of ``LANGUAGE_CODE`` when CLDR does not know the code.
    """
    for code in (language_code, language_code.split("-")[0], settings.LANGUAGE_CODE):
        code = BABEL_LOCALES.get(code.lower(), code).replace("_", "-")
        try:
            return Locale.parse(code, sep="-")
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse("en")


def current_locale():
    """The CLDR locale of the active language."""
    return babel_locale(translation.get_language() or settings.LANGUAGE_CODE)


def format_day(value, locale=None):
    """A day in full words: "4 November 2026", "2026年11月4日"."""
    return format_date(value, "long", locale=locale or current_locale())


def format_day_with_weekday(value, locale=None):
    """A day with its weekday: "Wednesday, 4 November 2026", "2026年11月4日水曜日"."""
    return format_date(value, "full", locale=locale or current_locale())


def format_month(year, month, locale=None):
    """A month of a year: "November 2026", "2026年11月"."""
    return format_skeleton(
        "yMMMM", datetime.date(year, month, 1), locale=locale or current_locale()
    )


def format_year(year, locale=None):
    """A year alone: "2026", "2026年"."""
    return format_skeleton("y", datetime.date(year, 1, 1), locale=locale or current_locale())


def _full_month_names(pattern):
    """``pattern`` with abbreviated month names (``MMM``, ``LLL``) written in full.

    CLDR has interval patterns for abbreviated months only (``yMMMd``); its matching rules
    (UTS #35, "intervalFormats") let a formatter widen the field to the full name, which
    ICU does and Babel does not.
    """
    tokens = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "field" and value[0] in "ML" and value[1] == 3:
            value = (value[0], 4)
        tokens.append((kind, value))
    return untokenize_pattern(tokens)


def format_period(start, end, locale=None):
    """From one day to another, as the locale writes a range.

    "12–14 October 2027", "12 October – 2 November 2027", "2027年10月12日～14日".
    A single day (``end`` missing or the same) is written as a day.
    """
    locale = locale or current_locale()
    if end is None or end == start:
        return format_day(start, locale)
    skeleton = match_skeleton("yMMMMd", locale.interval_formats)
    if start.year != end.year:
        greatest = "y"
    elif start.month != end.month:
        greatest = "M"
    else:
        greatest = "d"
    patterns = locale.interval_formats.get(skeleton, {}).get(greatest) if skeleton else None
    if not patterns:
        return format_interval(start, end, "yMMMMd", locale=locale)
    return "".join(
        parse_pattern(_full_month_names(pattern)).apply(day, locale)
        for pattern, day in zip(patterns, (start, end), strict=True)
    )


def format_edition_dates(start_date, end_date, year, month=None, locale=None):
    """When an edition takes place, as precisely as it is known.

    Its days when they are set ("12–14 October 2027"), else its month ("October 2027"),
    else its year ("2027").
    """
    locale = locale or current_locale()
    if start_date:
        return format_period(start_date, end_date, locale)
    if month:
        return format_month(year, month, locale)
    return format_year(year, locale)
