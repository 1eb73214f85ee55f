"""The closed-door world: two working groups, group A with closed notes (EN + FR), a private
file and a draft report, and one user per role."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import GroupPagePermission, Locale

from outputs.factories import RecommendationFactory, WorkingGroupReportPageFactory
from seminar_pages import access
from seminar_pages.factories import SessionNotesPageFactory, WorkingGroupPageFactory
from tests.utils import make_user


@pytest.fixture
def world(edition, django_user_model):
    """Two working groups; group A has closed notes (EN + FR), a private file and a draft."""
    french = Locale.objects.get_or_create(language_code="fr")[0]
    group_a = WorkingGroupPageFactory(parent=edition, number=1, slug="wg-1", theme="Group A")
    group_b = WorkingGroupPageFactory(parent=edition, number=2, slug="wg-2", theme="Group B")

    document = get_document_model().objects.create(
        title="MARKER-DOC-TITLE recording",
        file=ContentFile(b"MARKER-DOC-FILE transcript", name="recording.txt"),
        collection=access.private_collection(group_a),
    )
    notes = SessionNotesPageFactory(
        parent=group_a,
        title="MARKER-NOTES-TITLE session 1",
        slug="session-1",
        search_description="MARKER-NOTES-SEARCHDESC",
        notes=[("paragraph", "<p>MARKER-NOTES-BODY was discussed.</p>")],
        recordings=[("recording", document)],
    )
    french_notes = notes.copy_for_translation(french, copy_parents=True, alias=False)
    french_notes.title = "MARQUEUR-FR-NOTES séance 1"
    french_notes.save_revision().publish()
    draft = WorkingGroupReportPageFactory(
        parent=group_a,
        slug="report",
        title="MARKER-DRAFT-REPORT of group A",
        publish=False,
        recommendations=[RecommendationFactory.build(text="MARKER-DRAFT-REC text")],
    )

    admin_group = Group.objects.get(name=access.SECRETARIAT)
    secretary = make_user(django_user_model, "secretary", groups=[admin_group])
    # Wagtail's "Editors" as the project's migration leaves them: page rights from the root,
    # documents in the root collection, the admin.
    editors = Group.objects.get(name=access.PUBLIC_EDITORS)
    translators = Group.objects.get(name=access.TRANSLATORS)
    translators.permissions.add(Permission.objects.get(codename="submit_translation"))
    GroupPagePermission.objects.create(
        group=translators,
        page=edition,
        permission=Permission.objects.get(codename="change_page"),
    )
    users = {
        "member": make_user(django_user_model, "member"),
        "other_member": make_user(django_user_model, "other"),
        "public_editor": make_user(django_user_model, "editor", groups=[editors]),
        "translator": make_user(django_user_model, "translator", groups=[translators]),
        "rapporteur": make_user(django_user_model, "rapporteur"),
    }
    access.grant_role(secretary, users["member"], group_a, "member")
    access.grant_role(secretary, users["other_member"], group_b, "member")
    access.grant_role(secretary, users["rapporteur"], group_a, "rapporteur")
    return {
        "edition": edition,
        "group_a": group_a,
        "group_b": group_b,
        "notes": notes,
        "french_notes": french_notes,
        "document": document,
        "draft": draft,
        "secretary": secretary,
        **users,
    }
