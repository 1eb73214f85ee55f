import pytest
from django.db import OperationalError, connections
from django.test import Client


@pytest.fixture
def outage_client():
    """A client that returns error responses instead of raising what the view raised."""
    return Client(raise_request_exception=False)


def _driver_error(connection, message):
    """The driver's own error, wrapped by Django as it wraps every database error."""
    try:
        with connection.wrap_database_errors:
            raise connection.Database.OperationalError(message)
    except OperationalError as error:
        return error


@pytest.fixture
def database_unreachable(db):
    """Every new cursor fails as connecting fails when the server is down.

    Restored before the test database's own teardown (which needs the connection).
    """
    connection = connections["default"]

    def refuse():
        raise _driver_error(connection, "connection refused: is the server running?")

    connection.ensure_connection = refuse
    yield
    del connection.ensure_connection


@pytest.fixture
def database_locked(db):
    """Every query fails as SQLite's do while another connection holds the write lock
    (PostgreSQL's lock timeouts are OperationalErrors too)."""
    connection = connections["default"]

    def locked(execute, sql, params, many, context):
        raise _driver_error(connection, "database is locked")

    with connection.execute_wrapper(locked):
        yield
