import logging

import pytest

OUTAGES = ["database_unreachable", "database_locked"]


def outage_records(caplog):
    return [record for record in caplog.records if record.levelno >= logging.ERROR]


@pytest.fixture(params=OUTAGES)
def outage(request, site_tree):
    """The site's pages exist; then the database goes down (or stays locked)."""
    request.getfixturevalue(request.param)
    return request.param


def test_page_answers_503_with_retry_after_in_the_url_language(outage, outage_client, caplog):
    response = outage_client.get("/fr/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Language"] == "fr"
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert "Séminaire informel ASEM sur les droits humains" in body
    assert "no-store" in response["Cache-Control"]


def test_page_without_prefix_answers_in_the_browser_language(outage, outage_client):
    response = outage_client.get("/editions/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert response.status_code == 503
    assert response["Content-Language"] == "fr"


def test_failure_in_a_middleware_answers_503_too(outage, outage_client):
    # The session store reads the database in the middleware, before any view.
    outage_client.cookies["sessionid"] = "x" * 32

    response = outage_client.get("/en/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/api/v1/recommendations/?q=water", "/api/v1/recommendations.csv?q=water"]
)
def test_api_and_csv_answer_json_503(outage, outage_client, path):
    response = outage_client.get(path)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert set(response.json()) == {"error"}
    assert response.json()["error"]


@pytest.mark.parametrize("cookie", [False, True], ids=["view", "middleware"])
def test_outage_is_logged_once_with_its_cause(outage, outage_client, caplog, cookie):
    if cookie:
        outage_client.cookies["sessionid"] = "x" * 32

    with caplog.at_level(logging.INFO):
        outage_client.get("/en/")

    [record] = outage_records(caplog)
    assert record.name == "operations.outage"
    assert record.exc_info is not None
    cause = record.exc_info[1]
    assert "database is locked" in str(cause) or "connection refused" in str(cause)
    assert str(cause) in record.getMessage()


def test_other_errors_still_answer_500(outage_client, site_tree, monkeypatch):
    from search import api

    def broken(*args, **kwargs):
        raise RuntimeError("not an outage")

    monkeypatch.setattr(api, "get_backend", broken)

    response = outage_client.get("/api/v1/recommendations/?q=water")

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_retry_after_follows_the_setting(database_locked, outage_client, settings):
    settings.OUTAGE_RETRY_AFTER = 120

    response = outage_client.get("/en/")

    assert response["Retry-After"] == "120"


def test_outage_middleware_comes_first(settings):
    assert settings.MIDDLEWARE[0] == "operations.outage.DatabaseOutageMiddleware"
