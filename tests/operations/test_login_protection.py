"""Password guessing: django-axes locks out a username from one address after
AXES_FAILURE_LIMIT failed logins, on every login form of the site."""

import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from tests.utils import make_site_tree

PASSWORD = "the-right-password"
ADDRESS = "198.51.100.7"
OTHER_ADDRESS = "198.51.100.8"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", email="editor@example.org", password=PASSWORD, is_superuser=True
    )


def admin_login(client, username, password, address=ADDRESS, **extra):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def fail(client, username, times, address=ADDRESS, **extra):
    return [admin_login(client, username, "wrong", address, **extra) for _ in range(times)]


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_failures_up_to_the_limit_lock_the_username_out_from_that_address(client, editor):
    first, second, third = fail(client, "editor", 3)
    assert first.status_code == second.status_code == 200  # the form, with its error
    assert third.status_code == 429
    locked = admin_login(client, "editor", PASSWORD)
    assert locked.status_code == 429
    assert not signed_in(client)


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_another_address_is_not_locked_out(client, editor):
    fail(client, "editor", 3)
    response = admin_login(client, "editor", PASSWORD, address=OTHER_ADDRESS)
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_another_username_from_the_same_address_is_not_locked_out(
    client, editor, django_user_model
):
    django_user_model.objects.create_user("translator", password=PASSWORD, is_superuser=True)
    fail(client, "editor", 3)
    assert admin_login(client, "translator", PASSWORD).status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=None)
def test_lockout_page_is_the_same_for_an_unknown_username(client, editor):
    known = fail(client, "editor", 3)[-1]
    unknown = fail(client, "nobody-of-that-name", 3)[-1]
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content
    assert b"nobody-of-that-name" not in unknown.content


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_page_says_how_long_and_asks_to_retry_after_the_cool_off(client, editor):
    locked = fail(client, "editor", 3)[-1]
    assert locked["Retry-After"] == "3600"
    assert "paused for 60 minutes" in locked.content.decode()
    assert 'href="/admin/password_reset/"' in locked.content.decode()


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_page_privacy_login_is_covered_and_answers_in_the_readers_language(client, editor):
    make_site_tree()
    for _ in range(3):
        response = client.post(
            "/fr/_util/login/",
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR=ADDRESS,
        )
    assert response.status_code == 429
    assert '<html lang="fr"' in response.content.decode()
    # One count for every form: the admin's login is locked too.
    assert admin_login(client, "editor", PASSWORD).status_code == 429


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_successful_login_resets_the_failures(client, editor):
    fail(client, "editor", 2)
    assert admin_login(client, "editor", PASSWORD).status_code == 302
    client.logout()
    second_round = fail(client, "editor", 2)
    assert {response.status_code for response in second_round} == {200}
    assert admin_login(client, "editor", PASSWORD).status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_axes_reset_username_lifts_the_lockout(client, editor):
    fail(client, "editor", 3)
    call_command("axes_reset_username", "editor", verbosity=0)
    assert admin_login(client, "editor", PASSWORD).status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_locked_out_user_can_still_ask_for_a_password_reset(client, editor):
    fail(client, "editor", 3)
    response = client.post(
        "/admin/password_reset/", {"email": "editor@example.org"}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_lockout_is_logged(client, editor, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail(client, "editor", 3)
    assert any(
        record.name.startswith("axes.") and "Locking out" in record.getMessage()
        for record in caplog.records
    )


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3, TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_address_the_proxy_saw_counts_not_what_the_client_sent(client, editor):
    proxy = "10.0.0.1"
    fail(client, "editor", 3, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5")
    forged = admin_login(
        client, "editor", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.5"
    )
    assert forged.status_code == 429
    other_reader = admin_login(
        client, "editor", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6"
    )
    assert other_reader.status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_admin_lockout_page_is_in_the_browsers_language(client, editor):
    locked = fail(client, "editor", 3, HTTP_ACCEPT_LANGUAGE="ja")[-1]
    assert locked.status_code == 429
    assert '<html lang="ja"' in locked.content.decode()
