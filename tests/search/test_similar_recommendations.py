"""Continuity across editions: each recommendation shows what earlier editions asked.

The archive: editions 12, 17, 21, 22, 23 and 24. The 23rd edition's first recommendation
(on the protection of migrant workers in regional labour agreements) was asked before
in the 17th (the same words), the 12th (nearly) and the 21st (in other words); the 21st
also has recommendations on the same theme in unrelated words (or with two words in
common), and unrelated ones on other themes. The 24th (later) asks it again, and so do a
draft and a closed report of the 22nd.
"""

import os
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from wagtail.models import Locale

from outputs.factories import RecommendationFactory, WorkingGroupReportPageFactory
from search.backends import get_backend
from search.backends.elasticsearch import ElasticsearchBackend, similar_body
from search.similarity import Comparable, load_sources, significant_terms
from seminar_pages import access
from seminar_pages.factories import EditionPageFactory, TopicFactory, WorkingGroupPageFactory
from tests.utils import make_user

pytestmark = pytest.mark.django_db

ASKED = "Protect migrant workers in regional labour agreements and fair recruitment."


def report(edition, texts, *, number=1, publish=True):
    """A working group of ``edition`` and its report: ``texts`` is [(text, themes)]."""
    group = WorkingGroupPageFactory(parent=edition, number=number, slug=f"wg-{number}")
    page = WorkingGroupReportPageFactory(
        parent=group,
        slug="report",
        publish=publish,
        recommendations=[
            RecommendationFactory.build(text=text, themes=themes) for text, themes in texts
        ],
    )
    return group, page


@pytest.fixture
def editions(edition_index, edition, django_user_model):
    migration = TopicFactory(name="Migration", slug="migration")
    business = TopicFactory(name="Business and Human Rights", slug="business")
    institutions = TopicFactory(name="National Human Rights Institutions", slug="nhri")
    made = {23: edition}
    for number in (12, 17, 21, 22, 24):
        made[number] = EditionPageFactory(
            parent=edition_index, number=number, slug=f"{number}-{1996 + number}"
        )
    report(
        made[12],
        [
            ("Protect migrant workers in regional labour agreements.", [migration]),
            ("Strengthen the independence of national institutions.", [institutions]),
        ],
    )
    report(made[17], [(ASKED, [migration])])
    report(
        made[21],
        [
            (
                "Regional labour agreements ought to protect migrant domestic workers "
                "and their families from abusive recruitment.",
                [migration],
            ),
            ("Collect statistics on displacement caused by climate change.", [migration]),
            ("Adopt national action plans on business conduct.", [business]),
            (
                "Promote the rights of women workers in the informal economy and protect "
                "them in national law.",
                [migration],
            ),
        ],
    )
    draft_group, _draft = report(made[22], [(ASKED, [migration])], publish=False)
    closed_group, closed = report(made[22], [(ASKED, [migration])], number=2)
    access.close_page(closed, working_group=closed_group)
    current_group, current = report(
        made[23],
        [(ASKED, [migration]), ("Ratify the conventions on statelessness.", [migration])],
    )
    report(made[24], [(ASKED, [migration])])

    secretary = make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    member = make_user(django_user_model, "member")
    access.grant_role(secretary, member, closed_group, "member")
    access.grant_role(secretary, member, draft_group, "rapporteur")
    return {
        "editions": made,
        "report": current,
        "recommendations": list(current.recommendations.order_by("sort_order")),
        "secretary": secretary,
        "member": member,
    }


def elasticsearch_url():
    return os.environ.get("ELASTICSEARCH_URL", "")


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, editions, settings):
    """Each backend, holding the archive; Elasticsearch only against a real cluster."""
    from search.indexing import rebuild

    if request.param == "elasticsearch":
        if not elasticsearch_url():
            pytest.skip("set ELASTICSEARCH_URL to run against a cluster")
        settings.ARCHIVE_SEARCH = {
            **settings.ARCHIVE_SEARCH,
            "BACKEND": "elasticsearch",
            "ELASTICSEARCH_URL": elasticsearch_url(),
            "ELASTICSEARCH_INDEX": f"test-similar-{uuid.uuid4().hex[:12]}",
        }
        backend = get_backend("elasticsearch")
        rebuild([backend])
        yield backend
        backend.client.indices.delete(index=backend.index, ignore_unavailable=True)
        return
    settings.ARCHIVE_SEARCH = {**settings.ARCHIVE_SEARCH, "BACKEND": "database"}
    yield get_backend("database")


def similar(engine, recommendation, user=None, language="en"):
    answers = engine.similar_recommendations(
        [recommendation], user=user or AnonymousUser(), language=language
    )
    return answers[recommendation.pk]


def identifiers(continuity):
    return [item.identifier for item in continuity.similar]


def test_similar_earlier_recommendations_come_closest_first(engine, editions):
    asked = similar(engine, editions["recommendations"][0])
    assert identifiers(asked) == ["HR17-WG1-R01", "HR12-WG1-R01", "HR21-WG1-R01"]
    assert asked.count == 3 and asked.editions == [12, 17, 21]
    assert asked.edition_list == "12, 17 and 21"
    first = asked.similar[0]
    assert (first.text, first.edition_number, first.edition_year) == (ASKED, 17, 2013)
    assert first.url == "/recommendations/HR17-WG1-R01/"


def test_shared_themes_without_similar_text_do_not_count(engine, editions):
    asked = similar(engine, editions["recommendations"][0])
    # Same theme (migration), unrelated words or two words in common; another theme.
    assert "HR21-WG1-R02" not in identifiers(asked)
    assert "HR21-WG1-R04" not in identifiers(asked)
    assert "HR12-WG1-R02" not in identifiers(asked)
    assert not similar(engine, editions["recommendations"][1])


def test_later_editions_and_the_recommendation_itself_are_left_out(engine, editions):
    shown = identifiers(similar(engine, editions["recommendations"][0]))
    assert "HR23-WG1-R01" not in shown and "HR24-WG1-R01" not in shown
    later = RecommendationFactory._meta.model.objects.get(identifier="HR24-WG1-R01")
    assert identifiers(similar(engine, later))[:2] == ["HR23-WG1-R01", "HR17-WG1-R01"]
    # The oldest edition has nothing before it.
    oldest = RecommendationFactory._meta.model.objects.get(identifier="HR12-WG1-R01")
    assert similar(engine, oldest).count == 0


def test_closed_and_draft_reports_never_appear_nor_count(engine, editions):
    later = RecommendationFactory._meta.model.objects.get(identifier="HR24-WG1-R01")
    # Visitors, a member of the closed group and rapporteur of the draft, the Secretariat.
    for user in (AnonymousUser(), editions["member"], editions["secretary"]):
        asked = similar(engine, editions["recommendations"][0], user=user)
        assert 22 not in asked.editions and asked.count == 3, user
        assert not any(item.identifier.startswith("HR22") for item in asked.similar)
        assert 22 not in similar(engine, later, user=user).editions


def test_a_recommendation_the_reader_cannot_read_gets_no_answer(engine, editions):
    closed = RecommendationFactory._meta.model.objects.get(identifier="HR22-WG2-R01")
    assert similar(engine, closed).count == 0
    # Its readers see what was asked before it, from public material.
    assert similar(engine, closed, user=editions["member"]).editions == [12, 17, 21]


def test_similarity_does_not_move_with_closed_material(engine, editions):
    before = similar(engine, editions["recommendations"][0])
    closed_group = WorkingGroupPageFactory(parent=editions["editions"][21], number=5, slug="wg-5")
    hidden = WorkingGroupReportPageFactory(
        parent=closed_group,
        slug="report",
        recommendations=[
            RecommendationFactory.build(text=f"{ASKED} Migrant workers, agreements, recruitment.")
            for _ in range(5)
        ],
    )
    access.close_page(hidden, working_group=closed_group)
    if engine.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild([engine])
    after = similar(engine, editions["recommendations"][0])
    assert identifiers(after) == identifiers(before)
    assert [item.score for item in after.similar] == [item.score for item in before.similar]
    assert after.count == before.count


def test_a_whole_report_is_compared_in_a_fixed_number_of_queries(
    engine, editions, django_assert_num_queries
):
    recommendations = editions["recommendations"]
    visitor = AnonymousUser()
    # Warm what serving the page has already asked (access rules, content types).
    engine.similar_recommendations(recommendations, user=visitor)
    # The sources; the similar ones (Elasticsearch: the check of their pages).
    with django_assert_num_queries(2):
        answers = engine.similar_recommendations(recommendations, user=visitor)
    assert [bool(answers[item.pk]) for item in recommendations] == [True, False]
    # A French reader: and their French translations.
    with django_assert_num_queries(3):
        engine.similar_recommendations(recommendations, user=visitor, language="fr")


# The page ------------------------------------------------------------------------------


def test_the_report_page_says_what_was_asked_before(client, editions):
    html = client.get(editions["report"].url).content.decode()
    assert "Asked before: 3 times, in editions 12, 17 and 21" in html
    section = html[html.index('<details class="asked-before">') :]
    section = section[: section.index("</details>")]
    assert section.index("HR17-WG1-R01") < section.index("HR12-WG1-R01")
    assert '<a href="/en/recommendations/HR17-WG1-R01/">HR17-WG1-R01</a>, edition 17 (2013)' in (
        section
    )
    assert "HR22" not in html and "HR24" not in html
    # The second recommendation was not asked before: nothing is said about it.
    assert html.count('<details class="asked-before">') == 1


def test_a_french_page_shows_earlier_recommendations_in_french_where_translated(
    client, editions, django_capture_on_commit_callbacks
):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    earlier = RecommendationFactory._meta.model.objects.get(identifier="HR17-WG1-R01").page
    translated = earlier.copy_for_translation(french, copy_parents=True, alias=False)
    first = translated.recommendations.get()
    first.text = "Protéger les travailleurs migrants dans les accords régionaux."
    first.save()
    translated.save_revision().publish()
    current = editions["report"].copy_for_translation(french, copy_parents=True, alias=False)
    current.save_revision().publish()

    html = client.get(current.get_url()).content.decode()
    assert html.count('<details class="asked-before">') == 1
    section = html[html.index('<details class="asked-before">') :]
    section = section[: section.index("</details>")]
    assert '<a href="/fr/recommendations/HR17-WG1-R01/">' in section
    assert "<p>Protéger les travailleurs migrants dans les accords régionaux.</p>" in section
    # Untranslated: the English text, marked as English; each recommendation once.
    assert '<p lang="en">Protect migrant workers in regional labour agreements.</p>' in section
    assert section.count("HR17-WG1-R01</a>") == 1 and ASKED not in section


def test_recommendations_are_compared_in_their_source_language(editions):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    current = editions["report"].copy_for_translation(french, copy_parents=True, alias=False)
    translated = current.recommendations.order_by("sort_order").first()
    translated.text = "Un texte français sans rapport."
    translated.save()
    current.save_revision().publish()
    sources = load_sources({str(translated.translation_key)}, AnonymousUser())
    (source,) = sources.values()
    assert (source.language, source.text) == ("en", ASKED)
    answer = get_backend("database").similar_recommendations(
        [translated], user=AnonymousUser(), language="fr"
    )[translated.pk]
    assert answer.editions == [12, 17, 21]


def test_significant_terms_leave_out_common_words():
    assert significant_terms("The rights of all migrant workers, in 2025, should be ensured.") == (
        "migrant",
        "workers",
        "ensured",
    )


def test_elasticsearch_asks_for_every_term_of_earlier_public_recommendations(editions):
    (source,) = load_sources(
        {str(editions["recommendations"][0].translation_key)}, AnonymousUser()
    ).values()
    comparable = Comparable(editions["member"])
    body = similar_body(source, comparable.denied_paths)
    like = body["query"]["bool"]["must"][0]["more_like_this"]
    assert like["fields"] == ["search_en"] and like["like"] == " ".join(source.terms)
    assert like["max_query_terms"] >= len(source.terms)
    filters = body["query"]["bool"]["filter"]
    assert {"range": {"edition_number": {"lt": 23}}} in filters
    assert {"term": {"kind": "recommendation"}} in filters
    denied = [clause["prefix"]["path"] for clause in filters[-1]["bool"]["must_not"]]
    # Closed to visitors, so left out for the member who may read it.
    closed = RecommendationFactory._meta.model.objects.get(identifier="HR22-WG2-R01").page
    assert any(closed.path.startswith(path) for path in denied)
    assert body["query"]["bool"]["must_not"] == [{"term": {"translation_key": source.key}}]


def test_elasticsearch_outage_leaves_the_page_without_continuity(client, editions, settings):
    settings.ARCHIVE_SEARCH = {
        **settings.ARCHIVE_SEARCH,
        "BACKEND": "elasticsearch",
        "ELASTICSEARCH_URL": "http://127.0.0.1:9",
        "ELASTICSEARCH_TIMEOUT": 0.2,
    }
    assert isinstance(get_backend(), ElasticsearchBackend)
    response = client.get(editions["report"].url)
    assert response.status_code == 200
    assert "asked-before" not in response.content.decode()
