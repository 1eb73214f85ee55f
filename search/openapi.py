"""The OpenAPI 3.1 description of the recommendations API, written by hand.

Hand-written rather than generated: the API is three read-only views over one form. Its
bounds and patterns come from the form's own constants (search/forms.py, search/query.py);
tests/search/test_api.py checks that every parameter the form accepts is documented, and
tests/search/test_openapi_conformance.py runs schemathesis against a live server to hold
the views to every schema, status and header below. What JSON Schema cannot state (rules
between parameters: a reversed year range, a page past the result window, a query the
parser refuses) is said in the descriptions.
"""

import re

from django.urls import reverse

from search import languages
from search.forms import (
    CODE_PATTERN,
    EDITION_PATTERN,
    MAX_VALUES,
    MAX_YEAR,
    THEME_PATTERN,
    list_pattern,
)
from search.query import (
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MAX_RESULT_WINDOW,
    MAX_WORDS,
    PAGE_SIZE,
    SORTS,
)


def _list_parameter(name, description, item, example=None):
    """A list parameter: repeated, each occurrence one item or several separated by commas
    (``item`` is the pattern of one); an empty occurrence chooses nothing."""
    parameter = {
        "name": name,
        "in": "query",
        "required": False,
        "description": (
            f"{description} Repeat the parameter (at most {MAX_VALUES} times) or separate "
            f"values with commas (no spaces; at most {MAX_VALUES} in each)."
        ),
        "schema": {
            "type": "array",
            "maxItems": MAX_VALUES,
            "items": {"type": "string", "pattern": f"^{list_pattern(item)}$"},
        },
        "style": "form",
        "explode": True,
    }
    if example:
        parameter["example"] = [example]
    return parameter


def _number_parameter(name, description, minimum, maximum, default=None):
    """A whole number in ASCII digits; empty, like any parameter, means not given."""
    schema = {
        "anyOf": [
            {"type": "integer", "minimum": minimum, "maximum": maximum},
            {"type": "string", "const": ""},
        ]
    }
    if default is not None:
        schema["default"] = default
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description + " Digits only; empty means not given.",
        "schema": schema,
    }


def _language_codes():
    return "|".join(re.escape(code) for code in languages.language_codes())


def _parameters():
    codes = languages.language_codes()
    return [
        {
            "name": "q",
            "in": "query",
            "required": False,
            "description": (
                'Words (all must match), "quoted phrases", OR between two terms, -excluded, '
                "prefix* (the last word is also matched as a prefix). Accents and case are "
                f"ignored. At most {MAX_QUERY_LENGTH} characters and {MAX_WORDS} words, and "
                "not only exclusions: otherwise a 400 says why."
            ),
            "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH},
            "example": '"business and human rights" -trade',
        },
        _list_parameter("edition", "Edition numbers.", EDITION_PATTERN, "23"),
        _number_parameter("year_from", "First edition year.", 1, MAX_YEAR),
        _number_parameter(
            "year_to", "Last edition year, not before `year_from` (else a 400).", 1, MAX_YEAR
        ),
        _list_parameter("theme", "Theme slugs (see the `theme` facet).", THEME_PATTERN),
        _list_parameter(
            "addressee", "Addressee codes (see the `addressee` facet).", CODE_PATTERN, "nhris"
        ),
        _list_parameter("level", "national, regional or international.", CODE_PATTERN, "regional"),
        _list_parameter(
            "type", "Content types; the API returns recommendations only.", CODE_PATTERN
        ),
        _list_parameter(
            "language", "Only hits in these languages.", f"(?:{_language_codes()})", codes[0]
        ),
        {
            "name": "lang",
            "in": "query",
            "required": False,
            "description": (
                "The language searched (empty: the default). Recommendations without a "
                "translation in it are searched in the source language and flagged "
                "`is_fallback`."
            ),
            "schema": {"type": "string", "enum": ["", *codes]},
        },
        {
            "name": "sort",
            "in": "query",
            "required": False,
            "description": (
                "The order within each group: recommendations come first, then the other "
                "material, each by relevance or by date (newest first)."
            ),
            "schema": {"type": "string", "enum": ["", *SORTS], "default": "relevance"},
        },
        _number_parameter(
            "page",
            f"Page number. Only the first {MAX_RESULT_WINDOW} results can be paged through: "
            "a page past them is a 404.",
            1,
            MAX_RESULT_WINDOW,
            default=1,
        ),
        _number_parameter("page_size", "Results per page.", 1, MAX_PAGE_SIZE, default=PAGE_SIZE),
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


ALLOW = {
    "description": "The methods of every API URL.",
    "required": True,
    "schema": {"type": "string", "const": "GET, HEAD, OPTIONS"},
}
RETRY_AFTER = {
    "description": "Seconds to wait before asking again.",
    "required": True,
    "schema": {"type": "integer", "minimum": 0},
}
VARY = {
    "description": "Results depend on who asks (the session cookie).",
    "required": True,
    "schema": {"type": "string", "pattern": "[Cc]ookie"},
}


def _json(schema):
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _refusals(vary=True):
    """The answers every operation may give besides its own 200."""
    error = _json("Error")
    headers = {"Vary": VARY} if vary else {}
    return {
        "400": {
            "description": "Invalid parameters, with the reasons.",
            "headers": headers,
            "content": error,
        },
        "405": {
            "description": "Any method but GET, HEAD and OPTIONS.",
            "headers": {"Allow": ALLOW},
            "content": error,
        },
        "414": {
            "description": (
                "The request line is longer than the server takes (gunicorn's "
                "`limit_request_line`); answered by the server, before the API."
            ),
        },
        "503": {
            "description": (
                "The search backend or the database is unavailable; try again after "
                "`Retry-After` seconds."
            ),
            "headers": {"Retry-After": RETRY_AFTER},
            "content": error,
        },
    }


def _options(summary):
    return {
        "operationId": summary,
        "summary": "The methods this URL answers; runs no search.",
        "responses": {"204": {"description": "No content.", "headers": {"Allow": ALLOW}}},
    }


def openapi_document(request=None):
    """The OpenAPI document; server URL from ``request`` when given."""
    refusals = _refusals()
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "Informal ASEM Seminar on Human Rights: recommendations",
            "version": "1",
            "description": (
                "Search every recommendation of the seminar since 1997. Results are limited "
                "to what the caller may read; anonymous callers see published material only. "
                "Every URL answers GET and HEAD (the same headers, no body); OPTIONS lists "
                "the methods; other methods are a 405."
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
                            "headers": {"Vary": VARY},
                            "content": _json("SearchResults"),
                            "links": {
                                "ExportInTheLanguageSearched": {
                                    "operationId": "exportRecommendations",
                                    "description": "All the results, as CSV.",
                                    "parameters": {"lang": "$response.body#/language"},
                                }
                            },
                        },
                        **refusals,
                        "404": {
                            "description": (
                                f"A page past the first {MAX_RESULT_WINDOW} results "
                                "(`page` × `page_size`)."
                            ),
                            "headers": {"Vary": VARY},
                            "content": _json("Error"),
                        },
                    },
                },
                "options": _options("searchRecommendationsOptions"),
            },
            reverse("search_api:recommendations_csv"): {
                "get": {
                    "operationId": "exportRecommendations",
                    "summary": "The same search as CSV, for bulk export",
                    "description": (
                        "Every matching recommendation, up to 10 000 rows. A cell that a "
                        "spreadsheet would read as a formula (its first visible character, "
                        "after NFKC folding, is =, +, -, − or @, or it starts with a tab or "
                        "a carriage return) is prefixed with a single quote."
                    ),
                    "parameters": [
                        p for p in _parameters() if p["name"] not in ("page", "page_size")
                    ],
                    "responses": {
                        "200": {
                            "description": (
                                "CSV with a header row; the last columns carry the suggested "
                                "citation, its publisher, container title and year of issue."
                            ),
                            "headers": {
                                "Vary": VARY,
                                "Content-Disposition": {
                                    "required": True,
                                    "schema": {
                                        "type": "string",
                                        "const": 'attachment; filename="recommendations.csv"',
                                    },
                                },
                            },
                            "content": {"text/csv": {"schema": {"type": "string"}}},
                        },
                        **refusals,
                    },
                },
                "options": _options("exportRecommendationsOptions"),
            },
            reverse("search_api:openapi"): {
                "get": {
                    "operationId": "openapiDocument",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI 3.1 document.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        **{
                            status: response
                            for status, response in _refusals(vary=False).items()
                            if status != "400"
                        },
                    },
                },
                "options": _options("openapiDocumentOptions"),
            },
        },
        "components": {"schemas": SCHEMAS},
    }
    if request is not None:
        document["servers"] = [{"url": request.build_absolute_uri("/").rstrip("/")}]
    return document
