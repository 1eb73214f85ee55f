"""What crawlers and browsers ask every site for: sitemap, robots.txt, favicon."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from wagtail.models import Site

pytestmark = pytest.mark.django_db

HOST = "seminar.example.org"


@pytest.fixture
def served_elsewhere(settings):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]


def test_sitemap_lists_pages_on_the_host_and_scheme_it_was_asked_on(
    client, edition, served_elsewhere
):
    site = Site.objects.get(is_default_site=True)
    assert site.hostname == "localhost"
    xml = client.get("/sitemap.xml", HTTP_HOST=HOST, secure=True).content.decode()
    assert f"<loc>https://{HOST}/en/editions/23-2025/</loc>" in xml
    assert "localhost" not in xml


def test_robots_txt_allows_the_site_keeps_out_of_the_admin_and_names_the_sitemap(
    client, served_elsewhere
):
    response = client.get("/robots.txt", HTTP_HOST=HOST, secure=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        f"Sitemap: https://{HOST}/sitemap.xml",
    ]


def test_favicon_ico_leads_to_the_svg_icon_that_pages_link(client, edition):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("seminar_pages/favicon.svg")
    assert finders.find("seminar_pages/favicon.svg")
    html = client.get(edition.url).content.decode()
    assert (
        f'<link rel="icon" href="{static("seminar_pages/favicon.svg")}" type="image/svg+xml">'
        in html
    )
