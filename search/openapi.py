"""The OpenAPI 3.1 description of the recommendations API, written by hand.

Hand-written rather than generated: the API is three read-only views over one form, and a
test (tests/search/test_api.py) checks that every parameter the form accepts is
documented and that real responses match the schemas below.
"""

from django.urls import reverse

from search import languages
from search.query import MAX_PAGE_SIZE, MAX_QUERY_LENGTH, PAGE_SIZE


def _list_parameter(name, description, example=None):
    parameter = {
        "name": name,
        "in": "query",
        "required": False,
        "description": description + " Repeat the parameter or separate values with commas.",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    }
    if example:
        parameter["example"] = example
    return parameter


def _parameters():
    return [
        {
            "name": "q",
            "in": "query",
            "required": False,
            "description": (
                'Words (all must match), "quoted phrases", OR between two terms, -excluded, '
                "prefix* (the last word is also matched as a prefix). Accents and case are "
                f"ignored. At most {MAX_QUERY_LENGTH} characters."
            ),
            "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH},
            "example": '"business and human rights" -trade',
        },
        _list_parameter("edition", "Edition numbers.", "23"),
        {
            "name": "year_from",
            "in": "query",
            "required": False,
            "description": "First edition year.",
            "schema": {"type": "integer"},
        },
        {
            "name": "year_to",
            "in": "query",
            "required": False,
            "description": "Last edition year.",
            "schema": {"type": "integer"},
        },
        _list_parameter("theme", "Theme slugs (see the `theme` facet)."),
        _list_parameter("addressee", "Addressee codes (see the `addressee` facet).", "nhris"),
        _list_parameter("level", "national, regional or international.", "regional"),
        _list_parameter("type", "Content types; the API returns recommendations only."),
        _list_parameter("language", "Only hits in these languages."),
        {
            "name": "lang",
            "in": "query",
            "required": False,
            "description": (
                "The language searched. Recommendations without a translation in it are "
                "searched in the source language and flagged `is_fallback`."
            ),
            "schema": {"type": "string", "enum": languages.language_codes()},
        },
        {
            "name": "sort",
            "in": "query",
            "required": False,
            "description": (
                "The order within each group: recommendations come first, then the other "
                "material, each by relevance or by date (newest first)."
            ),
            "schema": {"type": "string", "enum": ["relevance", "date"], "default": "relevance"},
        },
        {
            "name": "page",
            "in": "query",
            "required": False,
            "description": "Page number; only the first 10 000 results can be paged through.",
            "schema": {"type": "integer", "minimum": 1, "default": 1},
        },
        {
            "name": "page_size",
            "in": "query",
            "required": False,
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PAGE_SIZE,
                "default": PAGE_SIZE,
            },
        },
    ]


SCHEMAS = {
    "Recommendation": {
        "type": "object",
        "required": [
            "identifier",
            "text",
            "edition",
            "working_group",
            "addressees",
            "level",
            "themes",
            "language",
            "is_fallback",
            "url",
            "highlight",
            "citation",
            "csl",
        ],
        "properties": {
            "identifier": {"type": "string", "example": "HR23-WG2-R03"},
            "text": {"type": "string"},
            "edition": {
                "type": ["object", "null"],
                "properties": {
                    "number": {"type": "integer"},
                    "year": {"type": "integer"},
                    "title": {"type": "string"},
                },
            },
            "working_group": {
                "type": ["object", "null"],
                "properties": {"number": {"type": "integer"}, "title": {"type": "string"}},
            },
            "addressees": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
                },
            },
            "level": {"type": "string", "enum": ["national", "regional", "international"]},
            "themes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"slug": {"type": "string"}, "label": {"type": "string"}},
                },
            },
            "language": {"type": "string"},
            "is_fallback": {"type": "boolean"},
            "url": {"type": "string", "format": "uri", "description": "The permalink."},
            "highlight": {
                "type": "string",
                "description": "An HTML excerpt: the text escaped, matches in <mark>.",
            },
            "citation": {
                "type": ["string", "null"],
                "description": "The suggested citation, in the recommendation's language.",
                "example": (
                    "Asia-Europe Foundation (ASEF). Recommendation HR23-WG2-R03. In: <report>. "
                    "23rd Informal ASEM Seminar on Human Rights, <city>, 2025. <permalink>"
                ),
            },
            "csl": {
                "oneOf": [{"$ref": "#/components/schemas/CSLItem"}, {"type": "null"}],
                "description": "The same citation as a CSL-JSON item, for reference managers.",
            },
        },
    },
    "CSLItem": {
        "type": "object",
        "description": (
            "A CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)."
        ),
        "required": [
            "id",
            "type",
            "title",
            "author",
            "publisher",
            "container-title",
            "issued",
            "URL",
            "language",
        ],
        "properties": {
            "id": {"type": "string", "example": "HR23-WG2-R03"},
            "type": {"type": "string", "enum": ["report"]},
            "title": {"type": "string"},
            "genre": {"type": "string"},
            "author": {
                "type": "array",
                "items": {"type": "object", "properties": {"literal": {"type": "string"}}},
            },
            "publisher": {"type": "string"},
            "container-title": {"type": "string", "description": "The report."},
            "event-title": {"type": "string", "description": "The edition of the seminar."},
            "event-place": {"type": "string"},
            "event-date": {"$ref": "#/components/schemas/CSLDate"},
            "issued": {"$ref": "#/components/schemas/CSLDate"},
            "URL": {"type": "string", "format": "uri"},
            "language": {"type": "string", "description": "BCP 47."},
            "number": {"type": "string", "description": "The recommendation's identifier."},
            "abstract": {"type": "string", "description": "The recommendation's text."},
            "keyword": {"type": "string", "description": "Its themes, separated by commas."},
        },
    },
    "CSLDate": {
        "type": "object",
        "required": ["date-parts"],
        "properties": {
            "date-parts": {
                "type": "array",
                "items": {"type": "array", "items": {"type": "integer"}},
            }
        },
    },
    "FacetValue": {
        "type": "object",
        "required": ["value", "label", "count", "selected"],
        "properties": {
            "value": {"type": "string"},
            "label": {"type": "string"},
            "count": {"type": "integer"},
            "selected": {"type": "boolean"},
        },
    },
    "SearchResults": {
        "type": "object",
        "required": [
            "count",
            "page",
            "page_size",
            "num_pages",
            "next",
            "previous",
            "language",
            "fallback_language",
            "results",
            "facets",
        ],
        "properties": {
            "count": {"type": "integer", "description": "Total matching recommendations."},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "num_pages": {"type": "integer"},
            "next": {"type": ["string", "null"]},
            "previous": {"type": ["string", "null"]},
            "language": {"type": "string"},
            "fallback_language": {
                "type": ["string", "null"],
                "description": "Set when some results are shown untranslated.",
            },
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Recommendation"}},
            "facets": {
                "type": "object",
                "description": "Counts per value; each facet ignores its own selection.",
                "properties": {
                    name: {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}}
                    for name in ("edition", "theme", "addressee", "level", "language")
                },
            },
        },
    },
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string"},
            "reasons": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
}


def openapi_document(request=None):
    """The OpenAPI document; server URL from ``request`` when given."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    responses_common = {
        "400": {"description": "Invalid parameters, with the reasons.", "content": error},
        "503": {"description": "The search backend is unavailable.", "content": error},
    }
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "Informal ASEM Seminar on Human Rights: recommendations",
            "version": "1",
            "description": (
                "Search every recommendation of the seminar since 1997. Results are limited "
                "to what the caller may read; anonymous callers see published material only."
            ),
        },
        "paths": {
            reverse("search_api:recommendations"): {
                "get": {
                    "operationId": "searchRecommendations",
                    "summary": "Search recommendations",
                    "parameters": _parameters(),
                    "responses": {
                        "200": {
                            "description": "A page of results with facet counts.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/SearchResults"}
                                }
                            },
                        },
                        **responses_common,
                    },
                }
            },
            reverse("search_api:recommendations_csv"): {
                "get": {
                    "operationId": "exportRecommendations",
                    "summary": "The same search as CSV, for bulk export",
                    "description": "Every matching recommendation, up to 10 000 rows.",
                    "parameters": [
                        p for p in _parameters() if p["name"] not in ("page", "page_size")
                    ],
                    "responses": {
                        "200": {
                            "description": (
                                "CSV with a header row; the last columns carry the suggested "
                                "citation, its publisher, container title and year of issue."
                            ),
                            "content": {"text/csv": {"schema": {"type": "string"}}},
                        },
                        **responses_common,
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
    if request is not None:
        document["servers"] = [{"url": request.build_absolute_uri("/").rstrip("/")}]
    return document
