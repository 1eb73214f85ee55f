"""Continuity across editions: the recommendations of earlier editions most like one.

A recommendation is compared, through the archive index, with the recommendations of
earlier editions (a lower edition number), itself and its translations left out, in the
language of its source text (English, or the one language a report exists in). Each
backend finds and weighs the texts (``SearchBackend.similar_candidates``: trigram
similarity on PostgreSQL, FTS5 on SQLite, more-like-this on Elasticsearch); shared
themes are weighed here, alike for all. What a reader sees of the result is in their
language where a translation exists, once per recommendation.

Only public material takes part, and of that only what the reader may read
(``Comparable``): a closed or draft report neither appears nor changes a count,
whoever reads the page. Scores come from the two recommendations alone (their terms,
trigrams and themes), never from statistics of the whole index, which would count
closed rows (PITFALLS 25): so no bm25() and no inverse document frequency. Common words
are left out by the fixed list below instead.

Queries: one for the sources, one (the backend's) for the candidates and what is shown of
them, and one for their translations into the reader's language when it is not the
language compared in; a whole report's recommendations are compared in those three.
"""

import logging
import math
import uuid
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext

from search import languages
from search.text import index_tokens, is_unsegmented

logger = logging.getLogger(__name__)

SIMILAR_LIMIT = 5
# The most candidates a backend returns per recommendation ("asked before" counts them).
MAX_CANDIDATES = 100
# A recommendation's first distinct significant terms (the rest of a long text adds little).
MAX_TERMS = 48
MIN_TERM_LENGTH = 3
# The cosine of the significant terms from which an earlier recommendation counts as asked
# before (SQLite, Elasticsearch; PostgreSQL has its trigram threshold).
TERM_THRESHOLD = 0.3
TEXT_WEIGHT = 0.7
THEME_WEIGHT = 0.3

# Folded words too common in the archive to tell two recommendations apart: English and
# French function words, and the words almost every recommendation of the series uses.
STOPWORDS = frozenset(
    """
    a about above after against all also am an and any are as at be been before being
    between both but by can could did do does doing down during each either for from
    further had has have having her here hers him his how however if in into is it its
    itself more most must no nor not of off on once only or other our ours out over own
    same shall she should so some such than that the their theirs them then there these
    they this those through to too under until up upon very was we were what when where
    which while who whom why will with within without would you your
    ensure including particular particularly especially further encourage encouraged
    asem partners partner human rights right recommend recommends recommendation
    recommendations
    au aux avec ce ces dans de des du elle en et eux il ils je la le les leur leurs lui
    ma mais me meme mes moi mon ne nos notre nous ou par pas pour qu que qui sa se ses son
    sur ta te tes toi ton tu un une vos votre vous droits droit homme humains
    """.split()
)


def canonical_key(value):
    """A translation key as one string, whatever the database returns (UUID, hex)."""
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def significant_terms(text):
    """The distinct index tokens of ``text`` that tell recommendations apart, in order.

    Args:
        text: plain text.

    Returns:
        A tuple of at most ``MAX_TERMS`` folded tokens: no common word, no number, no
        word shorter than ``MIN_TERM_LENGTH`` (character pairs of Chinese, Japanese,
        Thai... are kept).
    """
    terms = {}
    for token in index_tokens(text or ""):
        if token in STOPWORDS or token.isdigit() or token in terms:
            continue
        if is_unsegmented(token):
            if len(token) < 2:
                continue
        elif len(token) < MIN_TERM_LENGTH:
            continue
        terms[token] = None
        if len(terms) >= MAX_TERMS:
            break
    return tuple(terms)


def term_similarity(source_terms, candidate_terms):
    """The cosine of two sets of terms (0 to 1), from the two texts alone."""
    left, right = set(source_terms), set(candidate_terms)
    if not left or not right:
        return 0.0
    return len(left & right) / math.sqrt(len(left) * len(right))


def theme_similarity(source_themes, candidate_themes):
    """Shared themes over all themes of the two (0 to 1; 0 when either has none)."""
    left, right = set(source_themes), set(candidate_themes)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


@dataclass(frozen=True)
class Source:
    """A recommendation as compared: its text in one language, edition and themes."""

    key: str
    language: str
    edition_number: int
    text: str
    themes: frozenset
    terms: tuple


@dataclass(frozen=True)
class Candidate:
    """An earlier recommendation found like a source, with its text similarity, and what
    is shown of it in the language it was compared in."""

    key: str
    identifier: str
    edition_number: int
    text_similarity: float
    themes: tuple = ()
    language: str = ""
    url: str = ""
    text: str = ""
    edition_year: int | None = None

    def score(self, source):
        return TEXT_WEIGHT * self.text_similarity + THEME_WEIGHT * theme_similarity(
            source.themes, self.themes
        )


def ranked(source, candidates):
    """``candidates`` of ``source``, best first; equal scores: newer edition, identifier."""
    unique = {}
    for candidate in candidates:
        if candidate.key != source.key and candidate.edition_number < source.edition_number:
            kept = unique.get(candidate.key)
            if kept is None or candidate.text_similarity > kept.text_similarity:
                unique[candidate.key] = candidate
    return sorted(
        unique.values(),
        key=lambda item: (-round(item.score(source), 9), -item.edition_number, item.identifier),
    )


@dataclass
class SimilarRecommendation:
    """One earlier recommendation as shown: in the reader's language where translated."""

    identifier: str
    url: str
    text: str
    language: str
    edition_number: int
    edition_year: int | None
    score: float
    in_reader_language: bool = True


@dataclass
class Continuity:
    """What was asked before: how often, in which editions, and the closest texts."""

    count: int = 0
    editions: list = field(default_factory=list)
    similar: list = field(default_factory=list)

    def __bool__(self):
        return self.count > 0

    @property
    def edition_list(self):
        """The editions' numbers in a sentence: "12, 17 and 21" (numbers, not English
        ordinals, so that each language words "edition" around them)."""
        names = [str(number) for number in self.editions]
        if len(names) < 2:
            return "".join(names)
        return gettext("%(items)s and %(last)s") % {
            "items": ", ".join(names[:-1]),
            "last": names[-1],
        }


# Access ------------------------------------------------------------------------------


class Comparable:
    """What may be compared for one reader: public material that ``user`` may read.

    A closed or restricted section takes no part even for its own readers: the public
    record is what was asked before, and the page says the same to everyone.
    """

    def __init__(self, user):
        from django.contrib.auth.models import AnonymousUser

        self.user = user
        self.signed_in = user is not None and user.is_authenticated
        # One visitor for the whole comparison, so that the policy's answers for visitors
        # are computed once (``access`` caches them on the user object).
        self.visitor = AnonymousUser() if self.signed_in else user

    @cached_property
    def pages(self):
        """Live pages outside every closed or restricted section (a page queryset)."""
        from seminar_pages import access

        pages = access.visible_pages(self.visitor)
        return access.visible_pages(self.user, pages) if self.signed_in else pages

    @cached_property
    def denied_paths(self):
        """The section paths outside ``pages``, for an index outside the database."""
        from seminar_pages import access

        denied = set(access.denied_section_paths(self.visitor))
        if self.signed_in:
            denied |= set(access.denied_section_paths(self.user))
        return sorted(denied)


# The three steps -----------------------------------------------------------------------


def load_sources(keys, user):
    """{translation key: Source} of the recommendations with these keys that ``user`` reads.

    The English text where the recommendation has one (the source language), else the
    text of its first language.
    """
    from search.models import ArchiveEntry
    from seminar_pages import access

    if not keys:
        return {}
    default = languages.default_language()
    rows = ArchiveEntry.objects.filter(
        kind="recommendation",
        translation_key__in=list(keys),
        page_id__in=access.visible_pages(user).values("pk"),
        edition_number__isnull=False,
    ).values_list("translation_key", "language", "edition_number", "text", "themes")
    chosen = {}
    for key, language, edition_number, text, themes in sorted(
        rows, key=lambda row: (row[1] != default, row[1])
    ):
        key = canonical_key(key)
        if key not in chosen:
            chosen[key] = Source(
                key=key,
                language=language,
                edition_number=edition_number,
                text=text,
                themes=frozenset(themes or ()),
                terms=significant_terms(text),
            )
    return {key: source for key, source in chosen.items() if source.terms}


def shown_rows(keys, comparable, reader_language):
    """{translation key: row} of these recommendations, in ``reader_language`` where the
    reader may read a translation, else in the language they were compared in."""
    from search.models import ArchiveEntry

    wanted = {key for key, _language in keys}
    if not wanted:
        return {}
    compared = dict(keys)
    rows = ArchiveEntry.objects.filter(
        kind="recommendation",
        translation_key__in=list(wanted),
        language__in={reader_language, *compared.values()},
        page_id__in=comparable.pages.values("pk"),
    ).values("translation_key", "language", "identifier", "url", "text", "edition_year")
    found = {}
    for row in rows:
        key = canonical_key(row["translation_key"])
        if row["language"] == reader_language:
            found[key] = row
        elif row["language"] == compared.get(key):
            found.setdefault(key, row)
    return found


def continuity(backend, recommendations, *, user, language=None, limit=SIMILAR_LIMIT):
    """{recommendation pk: Continuity} for each of ``recommendations`` (see the module).

    Args:
        backend: the search backend that finds the candidates.
        recommendations: ``Recommendation`` instances, in any locale.
        user: the reader.
        language: the reader's language (the active one by default).
        limit: how many earlier recommendations to show for each.
    """
    recommendations = list(recommendations)
    language = language or languages.active_language()
    sources = load_sources({canonical_key(item.translation_key) for item in recommendations}, user)
    if not sources:
        return {item.pk: Continuity() for item in recommendations}
    comparable = Comparable(user)
    found = backend.similar_candidates(list(sources.values()), comparable)
    ordered = {key: ranked(source, found.get(key, [])) for key, source in sources.items()}
    # Their translations into the reader's language, where compared in another.
    wanted = {
        (candidate.key, source.language)
        for key, source in sources.items()
        if source.language != language
        for candidate in ordered[key][:limit]
    }
    translations = shown_rows(wanted, comparable, language) if wanted else {}
    answers = {}
    for key, source in sources.items():
        similar = []
        for candidate in ordered[key][:limit]:
            row = translations.get(candidate.key) or {
                "identifier": candidate.identifier,
                "url": candidate.url,
                "text": candidate.text,
                "language": candidate.language,
                "edition_year": candidate.edition_year,
            }
            similar.append(
                SimilarRecommendation(
                    identifier=row["identifier"],
                    url=row["url"],
                    text=row["text"],
                    language=row["language"],
                    edition_number=candidate.edition_number,
                    edition_year=row["edition_year"],
                    score=candidate.score(source),
                    in_reader_language=row["language"] == language,
                )
            )
        answers[key] = Continuity(
            count=len(ordered[key]),
            editions=sorted({candidate.edition_number for candidate in ordered[key]}),
            similar=similar,
        )
    return {
        item.pk: answers.get(canonical_key(item.translation_key), Continuity())
        for item in recommendations
    }


def asked_before(request, recommendations):
    """The finder that ``outputs.continuity`` asks (registered in ``search.apps``): the
    continuity of a report's recommendations for this reader, links under the reader's
    language prefix; nothing, and a warning logged, when the search backend is down."""
    from django.urls import NoReverseMatch, reverse

    from search.backends import get_backend
    from search.query import SearchUnavailable

    try:
        answers = get_backend().similar_recommendations(
            recommendations, user=getattr(request, "user", None)
        )
    except SearchUnavailable:
        logger.warning("Similar recommendations unavailable", exc_info=True)
        return {}
    for answer in answers.values():
        for item in answer.similar:
            try:
                item.url = reverse("outputs_permalinks:recommendation", args=[item.identifier])
            except NoReverseMatch:
                pass
    return answers
