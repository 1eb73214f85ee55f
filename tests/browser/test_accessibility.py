"""axe-core finds no critical, serious or moderate violation on any public page type, in
English and in Japanese."""

import pytest

from tests.browser.conftest import AXE, LIVE
from tests.browser.pages import LANGUAGES, PERMALINK, public_urls

pytestmark = LIVE

BLOCKING = {"critical", "serious", "moderate"}


def violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"  {violation['id']} ({violation['impact']}): "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_every_public_page_type_passes_axe_in_english_and_japanese(open_browser, world):
    if not AXE.exists():
        pytest.skip(f"No axe-core at {AXE}: run `make browser` (npm ci).")
    # axe-core is injected as an inline script, which the site's policy refuses.
    page = open_browser(inject=True)
    found = []
    visits = [(language, name, url) for language, name, url in public_urls()]
    visits += [(language, "permalink target", PERMALINK) for language in LANGUAGES]
    for language, name, url in visits:
        if name == "permalink target":
            # The permalink keeps the reader's language: reach it from a page in it.
            page.goto(f"/{language}/")
        response = page.goto(url)
        assert response is not None
        expected = 404 if name == "404" else 200
        assert response.status == expected, f"{url}: {response.status}"
        if name == "permalink target":
            assert "#HR23-WG1-R01" in page.url, page.url
        problems = violations(page)
        if problems:
            found.append(f"{name} ({language}) {page.url}:\n" + "\n".join(problems))
    assert not found, "axe-core violations:\n" + "\n".join(found)
