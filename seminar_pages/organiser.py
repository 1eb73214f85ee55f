"""Who organises the series and publishes its outputs: named once, for citations, feeds
and structured data.

The page models hold no structured record of the organiser (the series page describes it
in free text), so the name comes from settings, with the Secretariat as the default.
Imports only Django, so that the models' helpers may use it.
"""

from dataclasses import dataclass

from django.conf import settings

DEFAULT_ORGANISER = {"name": "Asia-Europe Foundation", "abbreviation": "ASEF"}


@dataclass(frozen=True)
class Organisation:
    name: str
    abbreviation: str = ""

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


def organiser():
    """The organiser of the series: ``SEMINAR_ORGANISER`` (``name``, ``abbreviation``)."""
    return Organisation(**getattr(settings, "SEMINAR_ORGANISER", DEFAULT_ORGANISER))
