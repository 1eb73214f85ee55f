"""Document titles that tell pages apart, and heading levels that never skip."""

import re

import pytest
from django.template import Context, Template

from outputs.factories import (
    KeyMessagesPageFactory,
    RecommendationFactory,
    SeminarReportPageFactory,
    WorkingGroupReportPageFactory,
)
from seminar_pages.factories import (
    BackgroundPaperPageFactory,
    ConceptNotePageFactory,
    EditionPageFactory,
    ProgrammePageFactory,
    WorkingGroupPageFactory,
)

pytestmark = pytest.mark.django_db

SITE_NAME = "Informal ASEM Seminar on Human Rights"


def title_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def heading_levels(html):
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]


def assert_no_skipped_level(levels, where):
    assert levels and levels[0] == 1, (where, levels)
    for previous, level in zip(levels, levels[1:], strict=False):
        assert level <= previous + 1, (where, levels)


def test_reports_of_two_editions_have_different_titles_naming_their_edition(client, edition):
    other = EditionPageFactory(
        parent=edition.get_parent(),
        number=22,
        year=2024,
        title="22nd Informal ASEM Seminar on Human Rights",
    )
    titles = []
    for parent in (edition, other):
        group = WorkingGroupPageFactory(parent=parent, number=1)
        report = WorkingGroupReportPageFactory(parent=group, title="Working Group Report")
        titles.append(title_of(client, report.url))
    assert titles[0] != titles[1]
    assert titles[0] == (
        "Working Group Report · Working Group 1 · 23rd Informal ASEM Seminar on Human Rights (2025)"
    )
    assert "22nd Informal ASEM Seminar on Human Rights (2024)" in titles[1]


def test_working_groups_of_two_editions_have_different_titles_escaped_once(client, edition):
    other = EditionPageFactory(parent=edition.get_parent(), number=22, year=2024)
    first = WorkingGroupPageFactory(parent=edition, number=1, title="Trade & <Rights>")
    second = WorkingGroupPageFactory(parent=other, number=1, title="Trade & <Rights>")
    assert title_of(client, first.url) != title_of(client, second.url)
    assert title_of(client, first.url).startswith("Trade &amp; &lt;Rights&gt; · 23rd ")


def test_home_page_title_is_the_site_name_once_and_other_titles_end_with_it(
    client, edition_index, series
):
    assert series.title == SITE_NAME
    assert title_of(client, series.url) == SITE_NAME
    assert title_of(client, edition_index.url) == f"Editions · {SITE_NAME}"
    assert title_of(client, "/en/search/") == f"Search the archive · {SITE_NAME}"


def test_concept_note_guiding_questions_follow_the_h1_as_h2(client, edition):
    note = ConceptNotePageFactory(
        parent=edition,
        body=[
            ("guiding_questions", {"working_group": "Working Group 1", "questions": ["Why?"]}),
            ("guiding_questions", {"working_group": "Working Group 2", "questions": ["How?"]}),
        ],
    )
    html = client.get(note.url).content.decode()
    assert heading_levels(html) == [1, 2, 2]


def test_no_page_skips_a_heading_level(client, edition):
    rich = "<h4>A detail first</h4><p>Text.</p><h3>A section</h3><h4>A detail</h4>"
    group = WorkingGroupPageFactory(parent=edition, number=1, description=rich)
    pages = [
        edition,
        edition.get_parent(),
        edition.get_parent().get_parent(),
        group,
        ConceptNotePageFactory(
            parent=edition,
            introduction=rich,
            body=[
                ("paragraph", rich),
                ("guiding_questions", {"working_group": "Working Group 1", "questions": ["Q?"]}),
                ("heading", {"text": "Afterwards", "level": "h3"}),
            ],
        ),
        BackgroundPaperPageFactory(
            parent=edition, body=[("heading", {"text": "Part", "level": "h3"})]
        ),
        ProgrammePageFactory(parent=edition, introduction=rich),
        WorkingGroupReportPageFactory(
            parent=group,
            summary=rich,
            gaps_national=rich,
            lessons_learned=rich,
            recommendations=[RecommendationFactory.build()],
        ),
        KeyMessagesPageFactory(
            parent=edition,
            introduction=rich,
            messages=[("message", {"heading": "M", "text": rich, "recommendations": []})],
        ),
        SeminarReportPageFactory(parent=edition, summary=rich, body=[("paragraph", rich)]),
    ]
    for page in pages:
        html = client.get(page.url).content.decode()
        assert_no_skipped_level(heading_levels(html), page.url)


def render(source, **context):
    return Template("{% load seminar_titles %}" + source).render(Context(context))


def test_headings_from_moves_headings_to_start_at_the_level_without_skips():
    fragment = '<h3 id="a">A</h3><p>x</p><h4>B</h4><h3>C</h3><header>h</header><hr>'
    assert render("{{ fragment|safe|headings_from:2 }}", fragment=fragment) == (
        '<h2 id="a">A</h2><p>x</p><h3>B</h3><h2>C</h2><header>h</header><hr>'
    )
    assert render("{{ fragment|safe|headings_from:3 }}", fragment="<h4>B</h4>") == "<h3>B</h3>"
    assert render("{{ fragment|safe|headings_from:2 }}", fragment="<h2>A</h2><h4>B</h4>") == (
        "<h2>A</h2><h3>B</h3>"
    )


def test_headings_from_escapes_text_that_is_not_safe():
    assert render("{{ text|headings_from:2 }}", text="<h3>x</h3>") == "&lt;h3&gt;x&lt;/h3&gt;"


def test_a_draft_translation_of_an_edition_is_named_by_its_english_page(edition):
    from wagtail.models import Locale

    from seminar_pages.templatetags.seminar_titles import document_title

    french = Locale.objects.get_or_create(language_code="fr")[0]
    group = WorkingGroupPageFactory(parent=edition, number=1, slug="wg-1")
    french_group = group.copy_for_translation(french, copy_parents=True, alias=False)
    french_group.save_revision().publish()
    french_edition = french_group.get_parent().specific
    french_edition.title = "Titre non approuvé"
    french_edition.live = False
    french_edition.save()
    title = document_title("Groupe de travail 1", french_group)
    assert "Titre non approuvé" not in title
    assert edition.title in title
