"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright never downloads a browser here: it launches ``CHROMIUM`` (default
``/usr/bin/chromium``, installed by ``make browser``). The checkers come from npm
(``make browser`` runs ``npm ci``): axe-core for accessibility, vnu-jar for HTML. Screenshots
and the HTML of failed tests are kept under ``test-artifacts/``.
"""

import os
import re
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from outputs.sample import build_sample_content, build_sample_translations, ensure_sample_users
from seminar_pages.factories import EditionPageFactory, TopicFactory
from tests.utils import make_site_tree

# Playwright's sync API keeps an event loop in the test's thread; the ORM calls the tests
# make between two browser steps are synchronous all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
DEMO_PASSWORD = "sample-password"

# Every test module here marks itself with this: the live server's requests commit, so
# the database is emptied after each test, and Wagtail's root page, locales and groups
# (made by migrations) come back.
LIVE = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.skip(f"No Chromium at {CHROMIUM}: run `make browser`, or set CHROMIUM to its path.")
    # Django's connections are context-local, and once Playwright's sync API has started
    # (its event loop runs in greenlets) the tests reach a connection object without the
    # data Django serialised at set-up for ``serialized_rollback``: the next test would
    # start from an empty database. Hand the data over.
    serialized = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


@pytest.fixture
def open_browser(browser, live_server, request):
    """``open_browser(viewport=..., user=...)``: a new page at the live server, signed in as
    ``user`` when given. ``inject=True`` lets the test add its own scripts (axe-core) under
    the site's Content-Security-Policy. A failed test leaves a screenshot and the HTML of
    each page."""
    contexts = []

    def open_page(viewport=DESKTOP, user=None, locale=None, inject=False):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            locale=locale or "en-GB",
            bypass_csp=inject,
        )
        context.set_default_timeout(15_000)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
        contexts.append(context)
        return context.new_page()

    yield open_page

    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for number, context in enumerate(contexts):
            for index, page in enumerate(context.pages):
                stem = ARTIFACTS / f"{name}-{number}-{index}"
                try:
                    page.screenshot(path=f"{stem}.png", full_page=True)
                    Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
                except PlaywrightError as error:  # a crashed page has no screenshot
                    Path(f"{stem}.txt").write_text(str(error), encoding="utf-8")
    for context in contexts:
        context.close()


def build_world():
    """The public site as the demo makes it, smaller: three editions of the archive, the
    23rd with the demo's sample content (every page type, closed notes, a background paper
    PDF, participants), its sample users, and Key Messages in French and Japanese."""
    series, index = make_site_tree()
    justice = TopicFactory(name="Access to Justice")
    poverty = TopicFactory(name="Human Rights & Poverty Reduction")
    ai = TopicFactory(name="Human Rights & Artificial Intelligence")
    first = EditionPageFactory(
        parent=index,
        number=1,
        year=1997,
        month=12,
        title="1st Informal ASEM Seminar on Human Rights",
        slug="1-1997",
        city="Lund",
        country="Sweden",
        topics=[justice],
    )
    twenty_second = EditionPageFactory(
        parent=index,
        number=22,
        year=2024,
        title="22nd Informal ASEM Seminar on Human Rights",
        slug="22-2024",
        city="Bangkok",
        country="Thailand",
        topics=[poverty],
    )
    edition = EditionPageFactory(
        parent=index,
        number=23,
        year=2025,
        title="23rd Informal ASEM Seminar on Human Rights",
        slug="23-2025",
        city="Copenhagen",
        country="Denmark",
        topics=[ai],
    )
    build_sample_content([23])
    people = {entry.user.username: entry.user for entry in ensure_sample_users(DEMO_PASSWORD)}
    build_sample_translations(
        {"fr": people["sample-translator-fr"], "ja": people["sample-translator-ja"]},
        reviewer=people["sample-secretariat"],
    )
    return {
        "series": series,
        "index": index,
        "editions": [first, twenty_second, edition],
        "edition": edition,
        "people": people,
    }


@pytest.fixture
def world(live_server):
    return build_world()
