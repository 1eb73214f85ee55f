"""The public page types of the browser world, by name: what the accessibility and HTML
checks visit, in each language."""

EDITION = "editions/23-2025/"
PAGE_TYPES = {
    "home": "",
    "editions archive": "editions/",
    "edition": EDITION,
    "concept note": f"{EDITION}concept-note/",
    "background paper": f"{EDITION}background-paper/",
    "programme": f"{EDITION}programme/",
    "working group": f"{EDITION}working-group-1/",
    "working group report": f"{EDITION}working-group-1/report/",
    "Key Messages": f"{EDITION}key-messages/",
    "Seminar Report": f"{EDITION}seminar-report/",
    "search": "search/?q=legislation",
    "404": "no-such-page/",
}
# Not under a language: a recommendation's permalink redirects to its report.
PERMALINK = "/recommendations/HR23-WG1-R01/"
LANGUAGES = ("en", "ja")


def public_urls():
    """(language, page type, URL) of every public page type in every checked language."""
    for language in LANGUAGES:
        for name, path in PAGE_TYPES.items():
            yield language, name, f"/{language}/{path}"
