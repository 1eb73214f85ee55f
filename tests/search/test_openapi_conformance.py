"""schemathesis holds the API to its OpenAPI document, against a live server.

Every phase (the document's examples, coverage of the bounds and of undeclared methods,
fuzzing with positive and negative data, stateful sequences) with every check, on a
fixed, derandomised budget, so that a run is repeatable and takes about a minute.
"""

from urllib.parse import urlencode, urlsplit

import pytest
import schemathesis
from django.http import QueryDict
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events

from search.forms import BEYOND_WINDOW, REVERSED_YEARS, SearchForm
from search.query import parse_query

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAX_EXAMPLES = 50
STATEFUL_EXAMPLES = 10
# schemathesis 4.32.5's checks that apply to a read-only API without authentication all
# run (the others, such as use_after_free, run too and pass vacuously).
EXPECTED_CHECKS = {
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "unsupported_method",
    "allow_header_conformance",
    "missing_required_header",
}


def _refused_by_a_rule_between_parameters(query):
    """Whether the API refuses ``query`` only for a rule the document states in words,
    which no JSON Schema of independent parameters can: a query the parser refuses (too
    many words, nothing but exclusions), a reversed year range, a page past the result
    window. Those refusals are tested in test_api.py."""
    form = SearchForm(query, allow_page_size=True, exact_languages=True)
    if form.is_valid():
        return bool(parse_query(form.cleaned_data.get("q") or "").error)
    return all(
        error.code == BEYOND_WINDOW or str(error.message) == str(REVERSED_YEARS)
        for errors in form.errors.as_data().values()
        for error in errors
    )


def _keep_hypothesis_off_parameter_rules(ctx, query):
    return not (
        query and _refused_by_a_rule_between_parameters(QueryDict(urlencode(query, doseq=True)))
    )


def _config(base_url):
    return SchemathesisConfig.from_dict(
        {
            "seed": 1997,
            "max-failures": 20,
            "base-url": base_url,
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "mode": "all",
                "database": "none",
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                # Search, then export in the language the search answered in (the link).
                "stateful": {
                    "enabled": True,
                    "max-steps": 4,
                    "generation": {"max-examples": STATEFUL_EXAMPLES},
                },
            },
            "checks": {"enabled": True},
            "suppress-health-check": ["too_slow", "filter_too_much"],
        }
    )


def test_the_api_conforms_to_its_openapi_document(live_server, archive):
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/v1/openapi.json", config=_config(live_server.url)
    )
    schema.hook("filter_query")(_keep_hypothesis_off_parameter_rules)
    failures, errors, phases, checked = [], [], set(), set()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            phases.add(event.phase.value)
            recorder = event.recorder
            for case_id, checks in recorder.checks.items():
                for check in checks:
                    checked.add(check.name)
                    if check.status != Status.FAILURE:
                        continue
                    if check.failure_info is None:
                        failures.append(f"{event.label} [{check.name}]")
                        continue
                    if check.name == "positive_data_acceptance":
                        sent = urlsplit(recorder.interactions[case_id].request.uri).query
                        if _refused_by_a_rule_between_parameters(QueryDict(sent)):
                            continue
                    failures.append(
                        f"{event.label} [{check.name}]: {check.failure_info.failure}\n"
                        f"{check.failure_info.code_sample}"
                    )
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(repr(event))
    assert not errors
    assert {"examples", "coverage", "fuzzing", "stateful"} <= phases, phases
    assert EXPECTED_CHECKS <= checked
    assert not failures, "\n\n".join(dict.fromkeys(failures))
