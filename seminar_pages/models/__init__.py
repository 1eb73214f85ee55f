from .base import SampleContentMixin, SeminarBasePage
from .closed import (
    ClosedDoor,
    ClosedDoorCollection,
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
from .participants import EditionParticipant, Invitation, Registration, WorkingGroupChoice
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
    "Invitation",
    "Registration",
    "WorkingGroupChoice",
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
