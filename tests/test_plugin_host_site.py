"""The three apps in a site of someone else's: a fresh ``wagtail start`` project, changed
exactly as the README's "Adding the apps to an existing Wagtail 8 site" says.

The blocks of that README section are read from the file and applied as they stand (the
shell block's lines are run, the settings block is appended to the project's settings, the
urls block becomes its ``urls.py``), so the README and this test cannot drift apart.

The host site always runs on its own SQLite database in a temporary directory, whichever
database the rest of the suite uses: what is tested is the host site's configuration, not
the database. Nothing goes to the network (``wagtail start`` copies a template that ships
with Wagtail). The host's processes get a clean environment: no settings module, database
URL or search server of the suite leaks into them.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Adding the apps to an existing Wagtail 8 site"
PROJECT = "hostsite"

# Run inside the host site (``manage.py shell -c``): requests through Django's test client
# to the series' own site, and the facts to look for in the answers, as JSON.
PROBE = """
import json
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.test import Client
from outputs.models import Recommendation
from seminar_pages.models import EditionPage, SessionNotesPage
from wagtail.models import Site

site = Site.objects.get(hostname=HOSTNAME, port=PORT)
client = Client(HTTP_HOST=HOSTNAME if PORT == 80 else f"{HOSTNAME}:{PORT}")
edition = EditionPage.objects.live().filter(number=24).get()
recommendation = (
    Recommendation.objects.filter(page__live=True, locale__language_code="en")
    .exclude(identifier="")
    .select_related("page")
    .first()
)
report = recommendation.page
closed_notes = SessionNotesPage.objects.live().filter(locale__language_code="en").first()
urls = {
    "home": "/en/",
    "edition": edition.get_url(),
    "report": report.get_url(),
    "api": "/api/v1/recommendations/?q=" + recommendation.identifier,
    "search": "/en/search/?q=" + recommendation.identifier,
    "permalink": f"/recommendations/{recommendation.identifier}/",
    "sitemap": "/sitemap.xml",
    "closed_notes": closed_notes.get_url(),
    "host_home": None,
}
secretariat = Client(HTTP_HOST=client.defaults["HTTP_HOST"])
secretariat.force_login(
    get_user_model().objects.create_superuser("secretariat", "secretariat@example.org")
)
answers = {}
for name, url in [*urls.items(), ("closed_notes_secretariat", closed_notes.get_url())]:
    if name == "host_home":
        response = Client().get("/en/")
    elif name == "closed_notes_secretariat":
        response = secretariat.get(url)
    else:
        response = client.get(url)
    answers[name] = {
        "url": url,
        "status": response.status_code,
        "type": response.get("Content-Type", ""),
        "location": response.get("Location", ""),
        "body": response.content.decode(),
    }
print(json.dumps({
    "site_root": site.root_page.specific_class.__name__,
    "edition_title": edition.title,
    "edition_url": edition.get_url(),
    "report_path": urlsplit(report.get_url()).path,
    "report_title": report.title,
    "identifier": recommendation.identifier,
    "answers": answers,
}))
"""


def readme_section():
    text = (ROOT / "README.md").read_text()
    start = text.index(SECTION) + len(SECTION)
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else None]


def fenced_blocks(section, language):
    return re.findall(rf"^```{language}\n(.*?)^```$", section, flags=re.DOTALL | re.MULTILINE)


def block_starting_with(blocks, first_line):
    found = [block for block in blocks if block.startswith(first_line)]
    assert len(found) == 1, f"the README section has no single block starting {first_line!r}"
    return found[0]


def shell_commands(section):
    for block in fenced_blocks(section, "shell"):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                yield shlex.split(line)


def clean_environment():
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    environment = {name: os.environ[name] for name in keep if name in os.environ}
    # The apps of this checkout, not an installed copy of them.
    environment["PYTHONPATH"] = str(ROOT)
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    return environment


def run(command, cwd, environment):
    result = subprocess.run(  # noqa: S603 (fixed commands from this repository's README)
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, (
        f"{shlex.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    )
    return result.stdout


def apply_command(arguments, site, environment):
    """Run one line of the README's shell blocks inside the host site."""
    if arguments[:2] == ["rm", "-r"]:
        for name in arguments[2:]:
            target = (site / name).resolve()
            assert target.parent == site.resolve(), f"{name} is outside the host site"
            shutil.rmtree(target)
        return ""
    assert arguments[:2] == ["python", "manage.py"], f"unexpected command {arguments}"
    return run([sys.executable, *arguments[1:]], site, environment)


@pytest.fixture(scope="module")
def host_site():
    """A ``wagtail start`` project with the apps added as the README says, migrated and
    loaded: its directory, the series' site address and what the probe found there."""
    section = readme_section()
    python_blocks = fenced_blocks(section, "python")
    settings_block = block_starting_with(python_blocks, "# settings.py")
    urls_block = block_starting_with(python_blocks, "# urls.py")
    commands = list(shell_commands(section))
    sites = [arguments for arguments in commands if "--site" in arguments]
    assert len(sites) == 1, "the README loads the archive with --site exactly once"
    hostname, _colon, port = sites[0][sites[0].index("--site") + 1].partition(":")
    port = int(port or 80)

    environment = clean_environment()
    with tempfile.TemporaryDirectory(prefix="asem-host-site-") as directory:
        site = Path(directory) / "site"
        site.mkdir()
        run(
            [sys.executable, "-m", "wagtail.bin.wagtail", "start", PROJECT, str(site)],
            directory,
            environment,
        )
        settings_file = site / PROJECT / "settings" / "base.py"
        settings_file.write_text(f"{settings_file.read_text()}\n\n{settings_block}")
        (site / PROJECT / "urls.py").write_text(urls_block)
        for arguments in commands:
            apply_command(arguments, site, environment)
        probe = f"HOSTNAME = {hostname!r}\nPORT = {port}\n{PROBE}"
        output = run([sys.executable, "manage.py", "shell", "-c", probe], site, environment)
        yield json.loads(output.strip().splitlines()[-1])


def test_readme_section_replaces_the_starter_search_app_it_would_shadow():
    commands = list(shell_commands(readme_section()))
    assert ["rm", "-r", "search"] in commands


def test_series_is_served_as_its_own_site_beside_the_host_home_page(host_site):
    assert host_site["site_root"] == "SeminarSeriesPage"
    assert host_site["answers"]["home"]["status"] == 200
    home = host_site["answers"]["host_home"]
    assert home["status"] == 200
    assert host_site["edition_title"] not in home["body"]


def test_host_site_serves_an_edition_page(host_site):
    answer = host_site["answers"]["edition"]
    assert answer["status"] == 200
    assert answer["type"].startswith("text/html")
    assert f"<h1>{host_site['edition_title']}" in answer["body"]
    # The apps' own layout: its style sheet, not the host's.
    assert "/static/seminar_pages/site.css" in answer["body"]


def test_host_site_serves_a_report_with_its_recommendations(host_site):
    answer = host_site["answers"]["report"]
    assert answer["status"] == 200
    assert host_site["report_title"] in answer["body"]
    assert host_site["identifier"] in answer["body"]


def test_host_site_answers_the_search_api_with_hits(host_site):
    answer = host_site["answers"]["api"]
    assert answer["status"] == 200
    assert answer["type"] == "application/json"
    found = json.loads(answer["body"])
    assert found["count"] >= 1
    assert host_site["identifier"] in {hit["identifier"] for hit in found["results"]}


def test_host_site_serves_the_search_page(host_site):
    answer = host_site["answers"]["search"]
    assert answer["status"] == 200
    assert host_site["identifier"] in answer["body"]


def test_host_site_leads_a_recommendation_permalink_to_its_report(host_site):
    answer = host_site["answers"]["permalink"]
    assert answer["status"] == 302
    assert answer["location"] == f"{host_site['report_path']}#{host_site['identifier']}"


def test_host_site_lists_the_series_in_its_sitemap(host_site):
    answer = host_site["answers"]["sitemap"]
    assert answer["status"] == 200
    assert f"<loc>{host_site['edition_url']}</loc>" in answer["body"]


def test_host_site_refuses_closed_notes_to_a_visitor_as_not_found(host_site):
    assert host_site["answers"]["closed_notes"]["status"] == 404
    # The same URL serves the notes to the Secretariat: the refusal is the policy's.
    assert host_site["answers"]["closed_notes_secretariat"]["status"] == 200
