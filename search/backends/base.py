"""What every archive search backend does, and the result building they share.

A backend turns a ``Query`` and a user into ``Results`` computed only from what that user
may read (``seminar_pages.access``), and keeps its index in step with the documents that
``search.indexing`` builds. Labels, snippets and facet ordering are built here, once, so
that both backends answer alike.
"""

from functools import lru_cache

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from search import languages, similarity
from search.query import FACETS, FacetValue, Hit, Results
from search.text import highlight

# Relevance from the document alone. A reader's hits must come in the same order whether
# or not closed material matching the query exists, so no backend may weigh a match by
# statistics of the whole index (row count, average length, rows per term), which count
# rows the reader may not see. SQLite (``database.sqlite_rank``) and Elasticsearch (the
# ``SIMILARITY`` of its index) score a BM25-like saturation of the document's own number
# of matches: each further match adds less (K1) and a longer document scores less for as
# many (B), against this fixed length in tokens instead of the corpus average.
RELEVANCE_K1 = 1.2
RELEVANCE_B = 0.75
REFERENCE_LENGTH = 100


class SearchBackend:
    name = ""

    def search(self, query, user):
        """Results of ``query`` for ``user``: hits, total and facet counts.

        Raises:
            SearchUnavailable: the backend cannot be reached.
        """
        raise NotImplementedError

    def similar_recommendations(
        self, recommendations, *, user, language=None, limit=similarity.SIMILAR_LIMIT
    ):
        """The most similar recommendations of earlier editions, for each of these.

        Args:
            recommendations: ``Recommendation`` instances (any locale; a report's whole
                list is answered in a fixed number of queries).
            user: the reader; only public material they may read takes part.
            language: the language to show results in where translated (default: active).
            limit: how many earlier recommendations to show for each.

        Returns:
            {recommendation pk: ``similarity.Continuity``}: how many earlier
            recommendations are similar, in which editions, and the ``limit`` closest.
        """
        return similarity.continuity(
            self, recommendations, user=user, language=language, limit=limit
        )

    def similar_candidates(self, sources, comparable):
        """{source key: [``similarity.Candidate``]}: recommendations of editions before each
        source's, in its language, on pages of ``comparable.pages``, whose text is similar
        enough to count, at most ``similarity.MAX_CANDIDATES`` each. One round trip."""
        raise NotImplementedError

    def replace_pages(self, page_ids, documents):
        """Drop every document of these pages (and their recommendations), add ``documents``."""
        raise NotImplementedError

    def add(self, documents):
        raise NotImplementedError

    def clear(self):
        raise NotImplementedError

    def check(self):
        """Raise ``SearchUnavailable`` when the backend cannot be reached."""

    def count(self):
        raise NotImplementedError


# Labels ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _kind_models():
    from wagtail.models import get_page_models

    from outputs.models import Recommendation

    return {model._meta.model_name: model for model in [Recommendation, *get_page_models()]}


@lru_cache(maxsize=64)
def _labels(language):
    """Every fixed label of hits and facets, as text in ``language`` (read once each).

    Kinds, levels and addressees are code constants translated by the catalogues: their
    text depends on the language alone.
    """
    from django.utils import translation
    from django.utils.text import capfirst

    from outputs.models import Addressee, Level

    with translation.override(language):
        return {
            "kind": {
                kind: str(capfirst(model._meta.verbose_name))
                for kind, model in _kind_models().items()
            },
            "level": {value: str(label) for value, label in Level.choices},
            "addressee": {value: str(label) for value, label in Addressee.Code.choices},
        }


def _active_labels():
    from django.utils import translation

    return _labels(translation.get_language())


def kind_label(kind):
    return _active_labels()["kind"].get(kind, kind)


def level_label(level):
    return _active_labels()["level"].get(level, level)


def addressee_labels():
    """{addressee code: label} in the active language (in the order of ``Addressee.Code``)."""
    return _active_labels()["addressee"]


def theme_labels(slugs):
    """Topic names by slug, in the active language where a translation exists."""
    from seminar_pages.models import Topic

    if not slugs:
        return {}
    active = languages.active_language()
    labels = {}
    for slug, name, language in Topic.objects.filter(slug__in=list(slugs)).values_list(
        "slug", "name", "locale__language_code"
    ):
        if slug not in labels or language == active:
            labels[slug] = name
    return labels


def edition_label(number, year):
    """An edition as a facet value: "23rd (2025)" in English, where the site's code writes
    ordinals; elsewhere the catalogue's "%(number)s (%(year)s)" ("第23回（2025年）")."""
    from seminar_pages.models.pages import ordinal

    number = int(number)
    if (get_language() or "en").split("-")[0] == "en":
        return f"{ordinal(number)} ({year})" if year else ordinal(number)
    if year:
        return gettext("%(number)s (%(year)s)") % {"number": number, "year": year}
    return gettext("edition %(number)s") % {"number": number}


# Results ---------------------------------------------------------------------------


def build_facets(query, counts, edition_years, theme_names):
    """Facet values in a stable order, the selected ones kept even at zero.

    Args:
        query: the ``Query``.
        counts: {facet: {value (str): count}}.
        edition_years: {edition number (str): year}.
        theme_names: {slug: label}.
    """
    from outputs.models import Level

    addressees = addressee_labels()
    facets = {}
    for name in FACETS:
        values = dict(counts.get(name, {}))
        selected = {str(value) for value in query.selected(name)}
        for value in selected:
            values.setdefault(value, 0)
        if name == "edition":
            labels = {value: edition_label(value, edition_years.get(value)) for value in values}
            order = sorted(values, key=lambda value: -int(value))
        elif name == "level":
            labels = {value: level_label(value) for value in values}
            known = [value for value, _label in Level.choices]
            order = sorted(values, key=lambda value: known.index(value) if value in known else 99)
        elif name == "addressee":
            labels = {value: addressees.get(value, value) for value in values}
            known = list(addressees)
            order = sorted(values, key=lambda value: known.index(value) if value in known else 99)
        elif name == "type":
            labels = {value: kind_label(value) for value in values}
            order = sorted(values, key=lambda value: (value != "recommendation", labels[value]))
        elif name == "language":
            labels = {value: str(languages.language_name(value)) for value in values}
            codes = languages.language_codes()
            order = sorted(values, key=lambda value: codes.index(value) if value in codes else 99)
        else:
            labels = {value: theme_names.get(value, value) for value in values}
            order = sorted(values, key=lambda value: (-values[value], labels[value].casefold()))
        facets[name] = [
            FacetValue(value, str(labels[value]), values[value], value in selected)
            for value in order
        ]
    return facets


def build_hit(query, record, themes, addressees, theme_names):
    """A ``Hit`` from a stored document (``record``: a mapping of the index fields)."""
    language = record["language"]
    addressee_names = addressee_labels()
    snippet = highlight(record.get("text") or "", query.parsed.highlight_terms())
    return Hit(
        kind=record["kind"],
        kind_label=kind_label(record["kind"]),
        title=record["title"],
        url=record["url"],
        snippet=snippet,
        language=language,
        is_fallback=language != query.language,
        identifier=record.get("identifier") or "",
        text=record.get("text") or "",
        edition_number=record.get("edition_number"),
        edition_year=record.get("edition_year"),
        edition_title=record.get("edition_title") or "",
        working_group_number=record.get("working_group_number"),
        working_group_title=record.get("working_group_title") or "",
        level=record.get("level") or "",
        level_label=level_label(record["level"]) if record.get("level") else "",
        themes=[(slug, theme_names.get(slug, slug)) for slug in themes],
        addressees=[(code, addressee_names.get(code, code)) for code in addressees],
        date=record.get("date"),
        page_id=record.get("page_id"),
    )


def refused(query, message):
    return Results(query=query, error=message)


TEXT_SEARCH_UNSUPPORTED = _("Text search needs PostgreSQL or SQLite.")
