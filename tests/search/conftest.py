"""An archive to search: one edition, two working groups, public and closed material.

Group A has closed session notes (``MARKER-NOTES``) and a draft report whose
recommendation carries ``MARKER-DRAFT-REC``; group B has a published report with
recommendations in English (one translated into French) and a PDF background paper.
"""

import os

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Locale

from outputs.factories import RecommendationFactory, WorkingGroupReportPageFactory
from outputs.models import Addressee, Level
from outputs.sample import sample_pdf
from seminar_pages import access
from seminar_pages.factories import (
    BackgroundPaperPageFactory,
    ConceptNotePageFactory,
    SessionNotesPageFactory,
    TopicFactory,
    WorkingGroupPageFactory,
)

CLOSED_MARKERS = ["MARKER-NOTES", "MARKER-DRAFT-REC", "markerclosed"]


def make_pdf(text):
    """A minimal one-page PDF whose text layer is ``text`` (ASCII)."""
    return sample_pdf([text])


def make_user(django_user_model, username, groups=()):
    user = django_user_model.objects.create_user(username, password="x")
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def archive(edition, django_user_model):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    addressees = {item.code: item for item in Addressee.objects.all()}
    business = TopicFactory(name="Business and Human Rights", slug="business")
    migration = TopicFactory(name="Migration", slug="migration")
    group_a = WorkingGroupPageFactory(parent=edition, number=1, slug="wg-1", theme="Group A")
    group_b = WorkingGroupPageFactory(parent=edition, number=2, slug="wg-2", theme="Group B")
    ConceptNotePageFactory(
        parent=edition,
        slug="concept-note",
        introduction="<p>Guiding questions on migrant workers.</p>",
    )
    pdf = get_document_model().objects.create(
        title="Background paper PDF",
        file=ContentFile(make_pdf("Pdfonlyword appears in the paper file"), name="paper.pdf"),
    )
    paper = BackgroundPaperPageFactory(
        parent=edition,
        slug="background-paper",
        summary="An analysis of due diligence.",
        document=pdf,
    )
    notes = SessionNotesPageFactory(
        parent=group_a,
        title="MARKER-NOTES session",
        slug="session-1",
        notes=[("paragraph", "<p>markerclosed testimony about migrant workers.</p>")],
    )
    draft = WorkingGroupReportPageFactory(
        parent=group_a,
        slug="report",
        title="Draft report",
        publish=False,
        recommendations=[
            RecommendationFactory.build(
                text="MARKER-DRAFT-REC markerclosed: protect migrant workers.",
                level=Level.NATIONAL,
            )
        ],
    )
    report = WorkingGroupReportPageFactory(
        parent=group_b,
        slug="report",
        title="Report of group B",
        recommendations=[
            RecommendationFactory.build(
                text="Adopt national action plans on business and human rights recommendations.",
                level=Level.NATIONAL,
                addressees=[addressees["governments"], addressees["business"]],
                themes=[business],
            ),
            RecommendationFactory.build(
                text="Protect migrant workers' rights in regional agreements.",
                level=Level.REGIONAL,
                addressees=[addressees["governments"]],
                themes=[migration],
            ),
            RecommendationFactory.build(
                text="Établir une institution nationale des droits humains indépendante.",
                level=Level.INTERNATIONAL,
                addressees=[addressees["nhris"]],
            ),
            RecommendationFactory.build(
                text="加强人权委员会的独立性 and cooperation.", level=Level.INTERNATIONAL
            ),
        ],
    )
    recommendations = list(report.recommendations.order_by("sort_order"))

    secretary = make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    users = {
        "member": make_user(django_user_model, "member"),
        "other_member": make_user(django_user_model, "other"),
        "translator": make_user(
            django_user_model, "translator", groups=[Group.objects.get(name=access.TRANSLATORS)]
        ),
    }
    access.grant_role(secretary, users["member"], group_a, "member")
    access.grant_role(secretary, users["other_member"], group_b, "member")
    return {
        "edition": edition,
        "group_a": group_a,
        "group_b": group_b,
        "notes": notes,
        "draft": draft,
        "report": report,
        "paper": paper,
        "recommendations": recommendations,
        "french": french,
        "secretary": secretary,
        **users,
    }


def elasticsearch_url():
    return os.environ.get("ELASTICSEARCH_URL", "")


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, archive, settings):
    """Each backend, holding the archive; Elasticsearch only against a real cluster."""
    from search.backends import get_backend
    from search.indexing import rebuild

    if request.param == "elasticsearch":
        if not elasticsearch_url():
            pytest.skip("set ELASTICSEARCH_URL to run against a cluster")
        import uuid

        settings.ARCHIVE_SEARCH = {
            **settings.ARCHIVE_SEARCH,
            "BACKEND": "elasticsearch",
            "ELASTICSEARCH_URL": elasticsearch_url(),
            "ELASTICSEARCH_INDEX": f"test-archive-{uuid.uuid4().hex[:12]}",
        }
        engine = get_backend("elasticsearch")
        rebuild([engine])
        yield engine
        engine.client.indices.delete(index=engine.index, ignore_unavailable=True)
        return
    settings.ARCHIVE_SEARCH = {**settings.ARCHIVE_SEARCH, "BACKEND": "database"}
    yield get_backend("database")


def is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"
