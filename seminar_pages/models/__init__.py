from .base import SampleContentMixin, SeminarBasePage
from .closed import (
    ClosedDoor,
    ClosedDoorCollection,
    EditionParticipant,
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
from .translators import (
    LocaleGroupObjectPermission,
    LocaleUserObjectPermission,
    SourceTextChange,
)

__all__ = [
    "AsemPartner",
    "ClosedDoor",
    "ClosedDoorCollection",
    "EditionParticipant",
    "LocaleGroupObjectPermission",
    "LocaleUserObjectPermission",
    "SourceTextChange",
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
