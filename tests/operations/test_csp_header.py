"""The Content-Security-Policy header: strict on public pages (no inline code, no nonce, so
a cached page can be replayed), Wagtail's admin allowed its inline scripts and styles."""

import re

import pytest
from django.test import override_settings

from seminar_pages.factories import EditionPageFactory

PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
# A <script> that runs code in the page (not a data block), or a style attribute or element.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>"
    r"|\sstyle=\"|<style[\s>]"
)


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split("; ") if part.strip()}


@pytest.fixture
def public_paths(edition_index):
    EditionPageFactory(parent=edition_index, number=23, year=2025, slug="23-2025")
    return ["/en/", "/en/editions/", "/en/editions/23-2025/", "/en/search/?q=rights"]


@pytest.mark.django_db
def test_public_pages_send_the_strict_policy_without_a_nonce(client, public_paths):
    for path in public_paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response["Content-Security-Policy"]) == directives(PUBLIC_POLICY)
        assert "nonce-" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_public_page_sends_the_same_policy_each_time_so_it_can_be_cached(client, public_paths):
    first, second = client.get(public_paths[2]), client.get(public_paths[2])
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]


@pytest.mark.django_db
def test_public_pages_carry_no_inline_script_or_style(client, public_paths):
    for path in public_paths:
        html = client.get(path).content.decode()
        assert not INLINE_CODE.findall(html), path


@pytest.mark.django_db
def test_not_found_and_downloads_carry_the_policy_too(client, site_tree):
    assert "object-src 'none'" in client.get("/en/no-such-page/")["Content-Security-Policy"]
    assert "object-src 'none'" in client.get("/robots.txt")["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_admin_may_run_its_inline_scripts_and_styles(admin_client):
    policy = directives(admin_client.get("/admin/")["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_login_page_is_under_the_admin_policy(client):
    policy = directives(client.get("/admin/login/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]


@pytest.mark.django_db
def test_report_only_sends_both_policies_as_reports(client, admin_client, site_tree):
    from django.conf import settings

    report_only = {"DIRECTIVES": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]}
    with override_settings(
        CONTENT_SECURITY_POLICY=None, CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only
    ):
        public = client.get("/en/")
        admin = admin_client.get("/admin/")
    for response in (public, admin):
        assert "Content-Security-Policy" not in response
    assert directives(public["Content-Security-Policy-Report-Only"]) == directives(PUBLIC_POLICY)
    assert "'unsafe-inline'" in admin["Content-Security-Policy-Report-Only"]
