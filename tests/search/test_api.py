"""The recommendations API: JSON shape, CSV export, OpenAPI document, refusals."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.forms import MAX_VALUES, SearchForm, list_pattern
from search.openapi import openapi_document
from search.query import SearchUnavailable

pytestmark = pytest.mark.django_db

API = "/api/v1/recommendations/"
CSV = "/api/v1/recommendations.csv"


def test_json_has_count_results_and_facets(client, archive):
    response = client.get(API, {"q": "migrant", "lang": "en"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["language"] == "en" and data["fallback_language"] is None
    (result,) = data["results"]
    assert result == {
        "identifier": "HR23-WG2-R02",
        "text": "Protect migrant workers' rights in regional agreements.",
        "edition": {"number": 23, "year": 2025, "title": archive["edition"].title},
        "working_group": {"number": 2, "title": "Working Group 2: Group B"},
        "addressees": [{"code": "governments", "label": "ASEM governments"}],
        "level": "regional",
        "themes": [{"slug": "migration", "label": "Migration"}],
        "language": "en",
        "is_fallback": False,
        "url": "http://testserver/recommendations/HR23-WG2-R02/",
        "highlight": "Protect <mark>migrant</mark> workers&#x27; rights in regional agreements.",
        "citation": (
            "Asia-Europe Foundation (ASEF). Recommendation HR23-WG2-R02. "
            "In: Report of group B. "
            "23rd Informal ASEM Seminar on Human Rights, Copenhagen, 2025. "
            "http://testserver/recommendations/HR23-WG2-R02/"
        ),
        "csl": {
            "id": "HR23-WG2-R02",
            "type": "report",
            "title": "Recommendation HR23-WG2-R02",
            "genre": "Recommendation",
            "author": [{"literal": "Asia-Europe Foundation (ASEF)"}],
            "publisher": "Asia-Europe Foundation (ASEF)",
            "container-title": "Report of group B",
            "event-title": "23rd Informal ASEM Seminar on Human Rights",
            "event-place": "Copenhagen",
            "issued": {"date-parts": [[2025]]},
            "URL": "http://testserver/recommendations/HR23-WG2-R02/",
            "language": "en",
            "number": "HR23-WG2-R02",
            "abstract": "Protect migrant workers' rights in regional agreements.",
            "keyword": "Migration",
        },
    }
    assert set(data["facets"]) == {"edition", "theme", "addressee", "level", "language"}
    assert data["facets"]["level"] == [
        {"value": "regional", "label": "Regional", "count": 1, "selected": False}
    ]


def test_filters_and_paging_parameters(client, archive):
    data = client.get(API, {"level": "national,international", "page_size": 1, "page": 2}).json()
    assert data["count"] == 3 and len(data["results"]) == 1
    assert data["next"].endswith("page=3") and data["previous"].endswith("page=1")
    by_theme = client.get(API, {"theme": ["business", "migration"]}).json()
    assert sorted(item["identifier"] for item in by_theme["results"]) == [
        "HR23-WG2-R01",
        "HR23-WG2-R02",
    ]
    assert client.get(API, {"edition": "23", "addressee": "nhris"}).json()["count"] == 1
    assert client.get(API, {"year_from": 2026}).json()["count"] == 0


def test_the_permalink_in_results_leads_to_the_recommendation(client, archive):
    url = client.get(API, {"q": "migrant"}).json()["results"][0]["url"]
    response = client.get(url.replace("http://testserver", ""))
    assert response.status_code == 302
    assert response["Location"].endswith("#HR23-WG2-R02")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 10**9}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": 1000}, "page_size"),
        ({"edition": "x"}, "edition"),
        ({"level": "NATIONAL;DROP"}, "level"),
        ({"lang": "xx"}, "lang"),
        ({"year_from": 2020, "year_to": 2000}, "year_to"),
        ({"sort": "random"}, "sort"),
        ({"q": "rights " * 2000}, "q"),
    ],
)
def test_bad_parameters_are_a_400_with_a_reason(client, archive, params, field):
    response = client.get(API, params)
    assert response.status_code == 400
    data = response.json()
    assert data["error"] and data["reasons"][field]
    assert client.get(CSV, params).status_code == 400


def test_control_characters_and_unbalanced_quotes_are_answered(client, archive):
    for q in ('"migrant', "migr\x00ant", "\x1b[31m", '"" OR -'):
        assert client.get(API, {"q": q}).status_code == 200, q


def test_csv_exports_every_match_with_a_header(client, archive):
    response = client.get(CSV, {"level": "national,regional"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "identifier" and len(rows) == 3
    assert {row[0] for row in rows[1:]} == {"HR23-WG2-R01", "HR23-WG2-R02"}


def test_csv_carries_the_citation_fields_of_the_api(client, archive):
    response = client.get(CSV, {"q": "migrant"})
    header, row = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert header[-4:] == ["citation", "publisher", "container_title", "issued"]
    record = dict(zip(header, row, strict=True))
    api = client.get(API, {"q": "migrant"}).json()["results"][0]
    assert record["citation"] == api["citation"]
    assert record["publisher"] == api["csl"]["publisher"] == "Asia-Europe Foundation (ASEF)"
    assert record["container_title"] == api["csl"]["container-title"] == "Report of group B"
    assert record["issued"] == "2025"


def test_csv_export_is_bounded(client, archive, settings):
    settings.ARCHIVE_SEARCH = {**settings.ARCHIVE_SEARCH, "CSV_MAX_ROWS": 2}
    rows = list(csv.reader(io.StringIO(b"".join(client.get(CSV).streaming_content).decode())))
    assert len(rows) == 3


def test_csv_cells_are_not_spreadsheet_formulas(archive):
    from search.api import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("Plain") == "Plain"


def test_an_outage_is_a_503_with_a_reason(client, archive, monkeypatch):
    from search.backends.database import DatabaseBackend

    def fail(self, query, user):
        raise SearchUnavailable("down")

    monkeypatch.setattr(DatabaseBackend, "search", fail)
    for url in (API, CSV):
        response = client.get(url, {"q": "rights"})
        assert response.status_code == 503
        assert "unavailable" in response.json()["error"]
        assert int(response["Retry-After"]) > 0
    page = client.get("/en/search/", {"q": "rights"})
    assert page.status_code == 503
    assert "unavailable" in page.content.decode()


# Pinned: access rules (5, and the pages under embargo: 1), the form's choices (2), the
# search (2), theme names (1) and the citations of the hits (their recommendations, themes
# and reports: 3).
API_QUERIES = 14


def test_query_count_does_not_grow_with_hits(client, archive):
    client.get(API)  # warm the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as one:
        assert client.get(API, {"page_size": 1}).json()["count"] == 4
    with CaptureQueriesContext(connection) as every:
        assert len(client.get(API, {"page_size": 100}).json()["results"]) == 4
    assert len(one.captured_queries) == len(every.captured_queries)
    assert len(every.captured_queries) <= API_QUERIES


def test_openapi_document_is_served_and_describes_every_parameter(client, archive):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    operation = document["paths"][API]["get"]
    documented = {parameter["name"] for parameter in operation["parameters"]}
    assert documented == set(SearchForm(allow_page_size=True).fields)
    assert CSV in document["paths"]


def _check(value, schema, components):
    """A small JSON-schema check: types, required keys, and $refs of the document."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if "oneOf" in schema:
        failures = 0
        for alternative in schema["oneOf"]:
            try:
                _check(value, alternative, components)
            except AssertionError:
                failures += 1
        assert failures == len(schema["oneOf"]) - 1, (value, schema["oneOf"])
        return
    types = schema.get("type")
    types = [types] if isinstance(types, str) else (types or [])
    python = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "boolean": bool,
        "null": type(None),
    }
    if types:
        assert any(isinstance(value, python[name]) for name in types), (value, types)
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, key
        for key, item in value.items():
            if key in schema.get("properties", {}):
                _check(item, schema["properties"][key], components)
    if isinstance(value, list) and "items" in schema:
        for item in value:
            _check(item, schema["items"], components)
    if "enum" in schema:
        assert value in schema["enum"]


def test_responses_match_the_openapi_schemas(client, archive):
    components = openapi_document()["components"]["schemas"]
    data = client.get(API, {"q": "rights OR migrant"}).json()
    assert data["results"]
    _check(data, {"$ref": "#/components/schemas/SearchResults"}, components)
    error = client.get(API, {"page": 0}).json()
    _check(error, {"$ref": "#/components/schemas/Error"}, components)


URLS = (API, CSV, "/api/v1/openapi.json")


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "trace"])
def test_other_methods_are_a_405_that_names_the_allowed_ones(client, archive, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Content-Type"] == "application/json"
    assert method.upper() in response.json()["error"]


@pytest.mark.parametrize("url", URLS)
def test_options_lists_the_methods_without_searching(client, archive, url, monkeypatch):
    from search.backends.database import DatabaseBackend

    def fail(self, query, user):
        raise AssertionError("OPTIONS ran a search")

    monkeypatch.setattr(DatabaseBackend, "search", fail)
    with CaptureQueriesContext(connection) as queries:
        response = client.options(url, {"q": "rights"})
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert not queries.captured_queries


@pytest.mark.parametrize("url", URLS)
def test_head_answers_as_get_does(client, archive, url):
    get, head = client.get(url, {"q": "migrant"}), client.head(url, {"q": "migrant"})
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]


def test_a_page_past_the_result_window_is_a_404_with_the_reason(client, archive):
    response = client.get(API, {"page": 501, "page_size": 20})
    assert response.status_code == 404
    assert response.json()["reasons"]["page"]
    assert client.get(API, {"page": 500, "page_size": 20}).status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": " 2"}, "page"),
        ({"page": "2.0"}, "page"),
        ({"page": "1_0"}, "page"),
        ({"page": "9" * 5000}, "page"),
        ({"page": "\u0663"}, "page"),  # an Arabic-Indic digit, which int() reads
        ({"year_from": "+2000"}, "year_from"),
        ({"edition": "23, 24"}, "edition"),
        ({"edition": "23,,24"}, "edition"),
        ({"edition": "\u0662\u0663"}, "edition"),
        ({"theme": "x" * 101}, "theme"),
        ({"lang": "EN"}, "lang"),
        ({"lang": " en"}, "lang"),
        ({"language": "en-GB"}, "language"),
        ({"level": ",".join(["national"] * 51)}, "level"),
        ({"level": ["national"] * 51}, "level"),
    ],
)
def test_the_api_takes_its_parameters_exactly_as_documented(client, archive, params, field):
    response = client.get(API, params)
    assert response.status_code == 400
    assert response.json()["reasons"][field]


def test_documented_forms_of_list_parameters_are_accepted(client, archive):
    params = {"edition": ["23,24", ""], "level": ",".join(["national"] * 50), "lang": ""}
    assert client.get(API, params).status_code == 200


def test_the_document_states_the_bounds_and_patterns_of_the_form(archive):
    import re

    from search import languages

    form = SearchForm(allow_page_size=True, exact_languages=True)
    parameters = {
        item["name"]: item["schema"]
        for item in openapi_document()["paths"][API]["get"]["parameters"]
    }
    for name in ("year_from", "year_to", "page", "page_size"):
        field = form.fields[name]
        number, empty = parameters[name]["anyOf"]
        assert number["minimum"] == field.min_value, name
        assert number["maximum"] == field.max_value, name
        assert empty == {"type": "string", "const": ""}
    for name in ("edition", "theme", "addressee", "level", "type"):
        assert parameters[name]["items"]["pattern"] == f"^{form.fields[name].pattern.pattern}$"
        assert parameters[name]["maxItems"] == MAX_VALUES
    codes = "|".join(re.escape(code) for code in languages.language_codes())
    assert parameters["language"]["items"]["pattern"] == f"^{list_pattern(f'(?:{codes})')}$"
    assert parameters["lang"]["enum"] == ["", *languages.language_codes()]
    assert parameters["q"]["maxLength"] == 500
