from .base import SampleContentMixin, SeminarBasePage
from .pages import (
    BackgroundPaperPage,
    ConceptNotePage,
    EditionIndexPage,
    EditionPage,
    ProgrammePage,
    SeminarSeriesPage,
    WorkingGroupPage,
)
from .taxonomy import AsemPartner, Topic

__all__ = [
    "AsemPartner",
    "BackgroundPaperPage",
    "ConceptNotePage",
    "EditionIndexPage",
    "EditionPage",
    "ProgrammePage",
    "SampleContentMixin",
    "SeminarBasePage",
    "SeminarSeriesPage",
    "Topic",
    "WorkingGroupPage",
]
