"""A Seminar Report compiled from the edition's published Working Group Reports."""

import io
import itertools
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale, PageLogEntry, ReferenceIndex

from outputs.compilation import LOG_ACTION, compile_seminar_report
from outputs.factories import (
    RecommendationFactory,
    SeminarReportPageFactory,
    WorkingGroupReportPageFactory,
)
from outputs.models import CompiledSection, Recommendation, SeminarReportPage
from seminar_pages import access
from seminar_pages.factories import SessionNotesPageFactory, WorkingGroupPageFactory
from tests.utils import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(django_user_model):
    return make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )


@pytest.fixture
def reports(edition):
    """Two published reports (groups 1 and 2) with recommendations."""
    found = {}
    for number in (1, 2):
        group = WorkingGroupPageFactory(
            parent=edition, number=number, slug=f"wg-{number}", title=f"Working Group {number}"
        )
        found[number] = WorkingGroupReportPageFactory(
            parent=group,
            slug="report",
            gaps_national=f"<p>National gap of group {number}.</p>",
            lessons_learned=f"<p>Lesson of group {number}.</p>",
            challenges=f"<p>Challenge of group {number}.</p>",
            recommendations=[
                RecommendationFactory.build(text=f"Recommendation {number}.1"),
                RecommendationFactory.build(text=f"Recommendation {number}.2"),
            ],
        )
    return found


@pytest.fixture
def seminar_report(edition):
    return SeminarReportPageFactory(
        parent=edition,
        slug="seminar-report",
        introduction="<p>The editors introduce.</p>",
        conclusions="<p>The editors conclude.</p>",
    )


def latest(page):
    return SeminarReportPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def compiled_parts(page):
    return sorted(
        (section.working_group_number, section.part, section.text)
        for section in latest(page).compiled_sections.all()
    )


def carried_identifiers(page):
    return [item.identifier for item in latest(page).carried_recommendations.all()]


def test_compiling_two_published_reports_gives_their_parts_and_recommendations(
    reports, seminar_report, secretary
):
    result = compile_seminar_report(seminar_report, secretary)
    assert result.revision is not None
    assert compiled_parts(seminar_report) == [
        (1, "challenges", "<p>Challenge of group 1.</p>"),
        (1, "gaps_national", "<p>National gap of group 1.</p>"),
        (1, "lessons_learned", "<p>Lesson of group 1.</p>"),
        (2, "challenges", "<p>Challenge of group 2.</p>"),
        (2, "gaps_national", "<p>National gap of group 2.</p>"),
        (2, "lessons_learned", "<p>Lesson of group 2.</p>"),
    ]
    assert carried_identifiers(seminar_report) == [
        "HR23-WG1-R01",
        "HR23-WG1-R02",
        "HR23-WG2-R01",
        "HR23-WG2-R02",
    ]
    sections = latest(seminar_report).compiled_sections.all()
    assert {section.source_report_id for section in sections} == {r.pk for r in reports.values()}
    assert all(
        section.source_revision_id == reports[section.working_group_number].live_revision_id
        for section in sections
    )


def test_compiling_saves_a_draft_and_never_publishes(reports, seminar_report, secretary):
    result = compile_seminar_report(seminar_report, secretary)
    seminar_report.refresh_from_db()
    assert seminar_report.has_unpublished_changes
    assert seminar_report.live_revision_id != result.revision.pk
    assert not CompiledSection.objects.filter(page=seminar_report).exists()
    assert PageLogEntry.objects.filter(
        page=seminar_report, action=LOG_ACTION, revision=result.revision, user=secretary
    ).exists()


def test_draft_and_unpublished_reports_are_not_compiled(edition, reports, seminar_report):
    draft_group = WorkingGroupPageFactory(parent=edition, number=3, slug="wg-3")
    WorkingGroupReportPageFactory(
        parent=draft_group,
        slug="report",
        publish=False,
        challenges="<p>DRAFT-ONLY challenge.</p>",
        recommendations=[RecommendationFactory.build(text="DRAFT-ONLY recommendation")],
    )
    # A published report with changes not yet published: its draft text stays out.
    revision = reports[1].get_latest_revision_as_object()
    revision.challenges = "<p>UNPUBLISHED change.</p>"
    revision.save_revision()
    # An unpublished report.
    reports[2].unpublish()
    # Closed-door notes of a working group are never read.
    SessionNotesPageFactory(
        parent=reports[1].get_parent(), notes=[("paragraph", "<p>CLOSED notes.</p>")]
    )

    compile_seminar_report(seminar_report)

    texts = " ".join(text for _n, _part, text in compiled_parts(seminar_report))
    assert "DRAFT-ONLY" not in texts and "UNPUBLISHED" not in texts and "CLOSED" not in texts
    assert "Challenge of group 1." in texts
    assert "group 2" not in texts
    assert carried_identifiers(seminar_report) == ["HR23-WG1-R01", "HR23-WG1-R02"]


def test_recompiling_after_a_report_changes_updates_parts_and_keeps_editors_text(
    reports, seminar_report, secretary
):
    compile_seminar_report(seminar_report, secretary)
    draft = latest(seminar_report)
    draft.introduction = "<p>Introduction edited after compiling.</p>"
    draft.save_revision(user=secretary)
    first_ids = {
        (s.source_report_id, s.part): (s.pk, s.translation_key)
        for s in latest(seminar_report).compiled_sections.all()
    }

    revision = reports[1].get_latest_revision_as_object()
    revision.lessons_learned = "<p>A better lesson of group 1.</p>"
    revision.challenges = ""
    revision.save_revision().publish()
    compile_seminar_report(seminar_report, secretary)

    page = latest(seminar_report)
    assert page.introduction == "<p>Introduction edited after compiling.</p>"
    assert page.conclusions == "<p>The editors conclude.</p>"
    parts = compiled_parts(seminar_report)
    assert (1, "lessons_learned", "<p>A better lesson of group 1.</p>") in parts
    assert not any(number == 1 and part == "challenges" for number, part, _t in parts)
    # The same compiled section is updated (its translations follow its text).
    lessons = next(
        s
        for s in page.compiled_sections.all()
        if s.source_report_id == reports[1].pk and s.part == "lessons_learned"
    )
    assert (lessons.pk, lessons.translation_key) == first_ids[(reports[1].pk, "lessons_learned")]


def test_the_change_summary_names_what_changed(reports, seminar_report, secretary):
    compile_seminar_report(seminar_report, secretary)
    revision = reports[1].get_latest_revision_as_object()
    revision.lessons_learned = "<p>A better lesson of group 1.</p>"
    revision.challenges = ""
    revision.promising_practices = "<p>A new practice.</p>"
    recommendations = list(revision.recommendations.all())
    recommendations[0].text = "Recommendation 1.1, amended."
    revision.recommendations = recommendations
    revision.save_revision().publish()

    preview = compile_seminar_report(seminar_report, secretary, save=False)
    assert preview.revision is None
    assert sorted(preview.summary()) == [
        "Working Group 1 · Challenges: removed",
        "Working Group 1 · HR23-WG1-R01: changed",
        "Working Group 1 · Lessons learned: changed",
        "Working Group 1 · Promising practices: added",
    ]
    lessons = next(c for c in preview.changes if c.part == "Lessons learned")
    assert ("-", "Lesson of group 1.") in lessons.diff
    assert ("+", "A better lesson of group 1.") in lessons.diff
    assert compile_seminar_report(seminar_report, secretary).revision is not None
    assert compile_seminar_report(seminar_report, secretary).changes == []


def test_admin_view_previews_then_compiles_for_an_editor(
    client, reports, seminar_report, secretary
):
    client.force_login(secretary)
    url = reverse("outputs_admin:compile_seminar_report", args=[seminar_report.pk])
    preview = client.get(url)
    assert preview.status_code == 200
    assert "Lessons learned" in preview.content.decode()
    assert not CompiledSection.objects.exists()
    seminar_report.refresh_from_db()
    assert seminar_report.latest_revision_id == seminar_report.live_revision_id

    response = client.post(url)
    assert response.status_code == 200
    assert "National gap of group 1." in response.content.decode()
    seminar_report.refresh_from_db()
    assert seminar_report.live and seminar_report.has_unpublished_changes
    assert seminar_report.latest_revision_id != seminar_report.live_revision_id
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[seminar_report.pk]))
    assert url in edit.content.decode()


def test_admin_view_is_refused_to_people_who_cannot_edit_the_seminar_report(
    client, django_user_model, reports, seminar_report
):
    reader = make_user(django_user_model, "reader", permissions=["access_admin"])
    member = make_user(django_user_model, "member")
    secretary = make_user(
        django_user_model, "boss", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    access.grant_role(secretary, member, reports[1].get_parent(), "rapporteur")
    url = reverse("outputs_admin:compile_seminar_report", args=[seminar_report.pk])
    for user in (reader, member):
        assert not seminar_report.permissions_for_user(user).can_edit()
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    seminar_report.refresh_from_db()
    assert seminar_report.latest_revision_id == seminar_report.live_revision_id


def test_admin_view_answers_not_found_for_a_page_that_is_no_seminar_report(
    client, reports, secretary
):
    client.force_login(secretary)
    url = reverse("outputs_admin:compile_seminar_report", args=[reports[1].pk])
    assert client.get(url).status_code == 404


def test_reference_index_finds_the_seminar_report_from_a_carried_recommendation(
    reports, seminar_report, secretary
):
    compile_seminar_report(seminar_report, secretary).revision.publish()
    recommendation = Recommendation.objects.get(identifier="HR23-WG2-R01")
    sources = {
        (ref.base_content_type.model_class(), int(ref.object_id))
        for ref in ReferenceIndex.get_references_to(recommendation)
    }
    assert (
        ReferenceIndex._get_base_content_type(SeminarReportPage).model_class(),
        seminar_report.pk,
    ) in sources
    references = ReferenceIndex.get_references_to(recommendation).group_by_source_object()
    assert [source.specific for source, _refs in references] == [seminar_report]


def test_public_seminar_report_shows_compiled_parts_by_working_group(
    client, reports, seminar_report
):
    compile_seminar_report(seminar_report).revision.publish()
    html = client.get(seminar_report.url).content.decode()
    intro = html.index("The editors introduce.")
    assert intro < html.index('<h2 id="working-group-1">Working Group 1</h2>')
    assert html.index('<h2 id="working-group-1">') < html.index('<h2 id="working-group-2">')
    assert html.index('<h2 id="working-group-2">') < html.index("The editors conclude.")
    assert "Gaps at national level" in html
    link = reverse("outputs:recommendation", args=["HR23-WG1-R01"])
    assert f'href="{link}"' in html
    assert_no_skipped_heading_level(html)


def test_a_translation_is_not_compiled_but_follows_its_source(reports, seminar_report):
    from outputs.compilation import CompilationError

    french = Locale.objects.get_or_create(language_code="fr")[0]
    translation = seminar_report.copy_for_translation(french, copy_parents=True, alias=False)
    with pytest.raises(CompilationError):
        compile_seminar_report(translation)


def test_the_sample_seminar_report_is_compiled_from_the_sample_reports(client):
    from django.core.management import call_command

    call_command("load_seminar_archive", stdout=io.StringIO())
    call_command("load_sample_content", stdout=io.StringIO())
    page = SeminarReportPage.objects.get(
        locale=Locale.get_default(), url_path__contains="/23-2025/seminar-report/"
    )
    assert page.is_sample_content and page.live and not page.has_unpublished_changes
    assert page.compiled_sections.filter(working_group_number=3).exists()
    assert page.carried_recommendations.filter(identifier="HR23-WG2-R01").exists()
    html = client.get(page.url).content.decode()
    assert "Sample recommendation" in html and "Opening Plenary" in html
    assert_no_skipped_heading_level(html)
    # Loading again compiles nothing twice.
    revision = page.latest_revision_id
    call_command("load_sample_content", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.latest_revision_id == revision


def assert_no_skipped_heading_level(html):
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]
    assert levels and levels[0] == 1, levels
    for previous, level in itertools.pairwise(levels):
        assert level <= previous + 1, levels


def test_translators_translate_compiled_text_and_recommendations_stay_synchronised(
    reports, seminar_report, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    compile_seminar_report(seminar_report).revision.publish()
    french = Locale.objects.get_or_create(language_code="fr")[0]
    source, _created = TranslationSource.get_or_create_from_instance(
        SeminarReportPage.objects.get(pk=seminar_report.pk)
    )
    segment = StringSegment.objects.get(source=source, string__data="Lesson of group 1.")
    assert segment.context.path.startswith("compiled_sections.")
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=french,
        context=segment.context,
        data="Leçon du groupe 1.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        translated, _created = source.create_or_update_translation(
            french, copy_parent_pages=True, fallback=True
        )
    translated = SeminarReportPage.objects.get(pk=translated.pk)
    texts = [section.text for section in translated.compiled_sections.all()]
    assert "<p>Leçon du groupe 1.</p>" in texts
    assert all(section.locale_id == french.pk for section in translated.compiled_sections.all())
    carried = {
        item.identifier: item.recommendation_id for item in translated.carried_recommendations.all()
    }
    english = Recommendation.objects.filter(page__in=list(reports.values()))
    assert carried == {rec.identifier: rec.pk for rec in english}


def test_deleting_a_compiled_report_is_not_blocked_and_the_next_compilation_removes_it(
    client, reports, seminar_report
):
    compile_seminar_report(seminar_report).revision.publish()
    reports[2].get_parent().delete()
    html = client.get(seminar_report.url).content.decode()
    assert "National gap of group 2." in html and "HR23-WG2-R01" in html
    result = compile_seminar_report(seminar_report)
    assert {(change.kind, change.working_group) for change in result.changes} == {
        ("removed", "Working Group 2")
    }
    assert len(result.changes) == 5
    assert carried_identifiers(seminar_report) == ["HR23-WG1-R01", "HR23-WG1-R02"]
