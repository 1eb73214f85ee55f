"""The one query object of the archive search, its query language, and its results.

The query language: words (all must match), ``"quoted phrases"``, ``OR`` between two
terms, ``-excluded`` terms, ``prefix*`` (and the last word, while one is still typing).
Accents and case are folded. The parser never raises on what a user types: unbalanced
quotes become plain words, control characters are dropped, and limits on the length and
on the number of words keep the cost of a search bounded; what it refuses, it says in
``ParsedQuery.error``.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from search import languages
from search.text import is_unsegmented, pairs, words

MAX_QUERY_LENGTH = 500
MAX_WORDS = 16
MIN_PREFIX_LENGTH = 2
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# No backend pages deeper than this many hits (Elasticsearch's max_result_window).
MAX_RESULT_WINDOW = 10_000

SORTS = ("relevance", "date")
# Facet name -> the Query attribute holding its selected values.
FACETS = {
    "edition": "editions",
    "theme": "themes",
    "addressee": "addressees",
    "level": "levels",
    "type": "types",
    "language": "languages",
}


@dataclass(frozen=True)
class Term:
    """Words that must follow each other (one word, or a phrase) in index tokens.

    ``folded`` keeps the words as typed (folded) for highlighting; ``prefix`` applies to
    the last token.
    """

    tokens: tuple
    prefix: bool = False
    folded: tuple = ()

    @property
    def is_phrase(self):
        return len(self.tokens) > 1


@dataclass(frozen=True)
class Clause:
    """Alternatives joined by OR; a negated clause excludes what it matches."""

    alternatives: tuple
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple = ()
    error: str | None = None

    @property
    def positive(self):
        return tuple(clause for clause in self.clauses if not clause.negated)

    @property
    def negative(self):
        return tuple(clause for clause in self.clauses if clause.negated)

    @property
    def is_empty(self):
        return not self.positive

    def highlight_terms(self):
        """(folded word, is_prefix) pairs of the positive terms, for snippets."""
        terms = []
        for clause in self.positive:
            for term in clause.alternatives:
                for position, word in enumerate(term.folded):
                    last = position == len(term.folded) - 1
                    terms.append((word, term.prefix and last))
        return terms


_CONTROL = {"Cc", "Cf", "Cs", "Co", "Cn"}


def _clean(text):
    return "".join(
        " " if unicodedata.category(char) in _CONTROL or char.isspace() else char for char in text
    )


def _term(chunk, prefix):
    folded = tuple(words(chunk))
    if not folded:
        return None
    tokens = []
    for word in folded:
        if is_unsegmented(word):
            # A substring search: the run's character pairs must follow each other.
            tokens.extend(pairs(word)[:-1] if len(word) > 1 else [word])
        else:
            tokens.append(word)
    if is_unsegmented(folded[-1]):
        # Substrings already match as one types; a one-character run is found at the
        # start of any pair: a prefix search.
        prefix = len(folded[-1]) == 1
    if prefix and len(tokens[-1]) < MIN_PREFIX_LENGTH and not is_unsegmented(tokens[-1]):
        prefix = False
    return Term(tokens=tuple(tokens), prefix=prefix, folded=folded)


_LEXEME = re.compile(r'(-?)"([^"]*)"|(-?)"(.*)$|(\S+)')


def parse_query(text, prefix_last=True):
    """Parse what a user typed into clauses (never raises on user input).

    Args:
        text: the raw query.
        prefix_last: treat the last bare word as a prefix (search as one types), unless
            the query ends with a space.

    Returns:
        A ``ParsedQuery``; its ``error`` says why a query was refused, in which case it
        has no clauses.
    """
    text = text or ""
    if len(text) > MAX_QUERY_LENGTH:
        return ParsedQuery(
            error=_("Your search is too long: use at most %(limit)d characters.")
            % {"limit": MAX_QUERY_LENGTH}
        )
    text = _clean(text)
    ends_open = bool(text) and not text[-1].isspace()
    items = []  # Term, or "OR"
    negations = []
    matches = list(_LEXEME.finditer(text))
    for position, match in enumerate(matches):
        last = position == len(matches) - 1
        if match.group(2) is not None:  # "a phrase"
            term, negated = _term(match.group(2), False), bool(match.group(1))
        elif match.group(4) is not None:  # an unclosed quote: plain words
            chunks = match.group(4).split()
            for number, chunk in enumerate(chunks):
                at_end = last and ends_open and number == len(chunks) - 1
                term = _term(chunk, prefix_last and at_end)
                if term:
                    items.append(term)
                    negations.append(False)
            continue
        else:
            chunk = match.group(5)
            if chunk == "OR":
                items.append("OR")
                negations.append(False)
                continue
            negated = chunk.startswith("-") and len(chunk) > 1
            chunk = chunk[1:] if negated else chunk
            explicit = chunk.endswith("*")
            bare_last = prefix_last and last and ends_open and not negated
            term = _term(chunk.rstrip("*"), explicit or bare_last)
        if term:
            items.append(term)
            negations.append(negated)

    clauses = []
    join_next = False
    word_count = 0
    for item, negated in zip(items, negations, strict=True):
        if item == "OR":
            join_next = bool(clauses) and not clauses[-1].negated
            continue
        word_count += len(item.tokens)
        if word_count > MAX_WORDS:
            return ParsedQuery(
                error=_("Your search has too many words: use at most %(limit)d.")
                % {"limit": MAX_WORDS}
            )
        if join_next and not negated:
            previous = clauses.pop()
            clauses.append(Clause(previous.alternatives + (item,)))
        else:
            clauses.append(Clause((item,), negated=negated))
        join_next = False
    parsed = ParsedQuery(tuple(clauses))
    if clauses and parsed.is_empty:
        return ParsedQuery(error=_("Add at least one word to search for, not only exclusions."))
    return parsed


# The query object --------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """Everything a search asks: text, filters, facets, page, sort and language.

    Filters of one facet are alternatives (any of them); different facets all apply.
    Facet counts for a facet ignore that facet's own selection, so that a reader sees
    what choosing another value would give. With ``recommendations_first`` (the default:
    the archive is searched for its recommendations), recommendations come before other
    material, each group in the order of ``sort``.
    """

    text: str = ""
    language: str = ""
    editions: tuple = ()
    year_from: int | None = None
    year_to: int | None = None
    themes: tuple = ()
    addressees: tuple = ()
    levels: tuple = ()
    types: tuple = ()
    languages: tuple = ()
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    with_facets: bool = True
    prefix_last: bool = True
    recommendations_first: bool = True

    def __post_init__(self):
        if not self.language:
            object.__setattr__(self, "language", languages.active_language())

    @cached_property
    def parsed(self):
        return parse_query(self.text, prefix_last=self.prefix_last)

    @property
    def has_text(self):
        return not self.parsed.is_empty

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    @property
    def fallback_language(self):
        """The language searched for content not translated into ``language``, or None."""
        default = languages.default_language()
        return None if self.language == default else default

    @property
    def searched_languages(self):
        return tuple(code for code in (self.language, self.fallback_language) if code)

    def selected(self, facet):
        return tuple(getattr(self, FACETS[facet]))

    @property
    def filter_count(self):
        """How many filters are chosen: facet values, and each bound of the year range."""
        chosen = sum(len(values) for values in self.active_filters().values())
        return chosen + (self.year_from is not None) + (self.year_to is not None)

    def active_filters(self):
        """{facet: selected values} of the facets with a selection."""
        return {name: self.selected(name) for name in FACETS if self.selected(name)}

    def with_page(self, page):
        return replace(self, page=page)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    kind: str
    kind_label: str
    title: str
    url: str
    snippet: str
    language: str
    is_fallback: bool = False
    identifier: str = ""
    text: str = ""
    edition_number: int | None = None
    edition_year: int | None = None
    edition_title: str = ""
    working_group_number: int | None = None
    working_group_title: str = ""
    level: str = ""
    level_label: str = ""
    themes: list = field(default_factory=list)
    addressees: list = field(default_factory=list)
    date: object = None
    page_id: int | None = None


@dataclass
class Results:
    """What a search found for one user: never more than that user may read."""

    query: Query
    hits: list = field(default_factory=list)
    total: int = 0
    facets: dict = field(default_factory=dict)
    error: str | None = None

    @property
    def fallback_language(self):
        """The language of fallback hits (content with no translation), or None."""
        if any(hit.is_fallback for hit in self.hits):
            return self.query.fallback_language
        counts = {value.value: value.count for value in self.facets.get("language", [])}
        fallback = self.query.fallback_language
        return fallback if fallback and counts.get(fallback) else None

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.query.page_size))

    @property
    def has_previous(self):
        return self.query.page > 1

    @property
    def has_next(self):
        return self.query.page < self.num_pages and self.query.page * self.query.page_size < (
            MAX_RESULT_WINDOW
        )

    @property
    def first_index(self):
        return self.query.offset + 1 if self.hits else 0

    @property
    def last_index(self):
        return self.query.offset + len(self.hits)


class SearchUnavailable(Exception):
    """The search backend cannot answer (an Elasticsearch outage)."""
