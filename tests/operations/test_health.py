import pytest
from django.core.cache import caches
from django.db import OperationalError, connections
from django.test import Client

from search.backends.database import DatabaseBackend
from search.models import ArchiveEntry
from tests.operations.conftest import _driver_error


@pytest.fixture
def health(db):
    def get(**headers):
        return Client(raise_request_exception=False).get("/health/?format=json", **headers)

    return get


def test_healthy_site_answers_200_with_every_check(health):
    response = health()

    assert response.status_code == 200
    body = response.json()
    assert set(body.values()) == {"OK"}
    names = " ".join(body)
    for check in ("Database", "Cache", "ArchiveSearch"):
        assert check in names
    assert "no-store" in response["Cache-Control"]


def test_plain_text_for_monitors(db):
    response = Client().get("/health/", HTTP_ACCEPT="text/plain")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Database" in response.content.decode()


def test_database_down_answers_503(database_unreachable, health):
    response = health()

    assert response.status_code == 503
    failed = {name for name, status in response.json().items() if status != "OK"}
    assert any("Database" in name for name in failed)


def test_database_down_names_no_server(health):
    connection = connections["default"]
    message = 'connection to server at "10.20.30.40", port 5432 failed: Connection refused'

    def refuse():
        raise _driver_error(connection, message)

    connection.ensure_connection = refuse
    try:
        response = health()
    finally:
        del connection.ensure_connection

    assert response.status_code == 503
    assert "10.20.30.40" not in response.content.decode()
    assert "5432" not in response.content.decode()


def test_cache_down_answers_503(health, monkeypatch):
    async def refuse(*args, **kwargs):
        raise ConnectionError("cache server refused the connection")

    monkeypatch.setattr(type(caches["default"]), "aset", refuse)

    response = health()

    assert response.status_code == 503
    failed = [name for name, status in response.json().items() if status != "OK"]
    assert len(failed) == 1 and "Cache" in failed[0]


def test_database_search_backend_unreadable_answers_503(health, monkeypatch):

    def unreadable():
        raise OperationalError("no such table: search_archiveentry")

    monkeypatch.setattr(ArchiveEntry.objects, "exists", unreadable)

    response = health()

    assert response.status_code == 503
    failed = [name for name, status in response.json().items() if status != "OK"]
    assert len(failed) == 1 and "ArchiveSearch" in failed[0]


def test_elasticsearch_unreachable_answers_503_naming_no_host(health, settings):
    settings.ARCHIVE_SEARCH = {
        **settings.ARCHIVE_SEARCH,
        "BACKEND": "elasticsearch",
        "ELASTICSEARCH_URL": "http://operator:s3cret@127.0.0.1:9",
        "ELASTICSEARCH_TIMEOUT": 1,
    }

    response = health()

    assert response.status_code == 503
    body = response.content.decode()
    assert "ArchiveSearch" in body
    for secret in ("127.0.0.1", "s3cret", "operator", ":9"):
        assert secret not in body


def test_database_backend_check_passes_on_a_readable_index(db):
    DatabaseBackend().check()
