"""Dates in the reader's language, as CLDR writes them (see ``seminar_pages.dates``).

Public templates use these instead of Django's ``date`` filter, whose one pattern reads
wrongly in most languages::

    {% load seminar_dates %}
    {{ page.session_date|local_date }}            4 November 2026 / 2026年11月4日
    {{ page.first_published_at|local_date }}      a datetime: its day where the site is
    {{ day.date|local_date_with_weekday }}        Wednesday, 4 November 2026
    {{ start|local_period:end }}                  12–14 October 2027
    {% edition_dates edition %}                   its days, else its month, else its year
"""

import datetime

from django import template
from django.utils import timezone

from seminar_pages import dates

register = template.Library()


def _day(value):
    """The day of ``value``: a date, or the local day of a datetime (publication times)."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


@register.filter
def local_date(value):
    return dates.format_day(_day(value)) if value else ""


@register.filter
def local_date_with_weekday(value):
    return dates.format_day_with_weekday(_day(value)) if value else ""


@register.filter
def local_period(start, end):
    return dates.format_period(_day(start), _day(end)) if start else ""


@register.simple_tag
def edition_dates(edition):
    """When ``edition`` takes place: its days if set, else its month, else its year."""
    return dates.format_edition_dates(
        edition.start_date, edition.end_date, edition.year, edition.month
    )
