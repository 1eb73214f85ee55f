from .base import SampleContentMixin, SeminarBasePage
from .closed import (
    ClosedDoor,
    WorkingGroupCollection,
    WorkingGroupGroupObjectPermission,
    WorkingGroupUserObjectPermission,
)
from .pages import (
    BackgroundPaperPage,
    ConceptNotePage,
    EditionIndexPage,
    EditionPage,
    ProgrammePage,
    SeminarSeriesPage,
    SessionNotesPage,
    WorkingGroupPage,
)
from .taxonomy import AsemPartner, Topic

__all__ = [
    "AsemPartner",
    "ClosedDoor",
    "SessionNotesPage",
    "WorkingGroupCollection",
    "WorkingGroupGroupObjectPermission",
    "WorkingGroupUserObjectPermission",
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
