"""The Nu Html Checker (vnu-jar) finds no error in the HTML of any public page type, in
English and in Japanese. It runs once, on every page together."""

import json
import shutil
import subprocess

import pytest

from tests.browser.conftest import VNU, build_world
from tests.browser.pages import PERMALINK, public_urls

# The pages are read with Django's test client: the HTML as served, no browser needed.
pytestmark = pytest.mark.django_db


def test_every_public_page_type_is_valid_html(client, tmp_path):
    java = shutil.which("java")
    if not VNU.exists() or java is None:
        pytest.skip(f"No vnu.jar at {VNU} or no java: run `make browser`.")
    build_world()
    files = {}
    pages = [(language, name, url) for language, name, url in public_urls()]
    pages.append(("en", "permalink target", PERMALINK))
    for language, name, url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == (404 if name == "404" else 200), url
        path = tmp_path / f"{language}-{name.replace(' ', '-')}.html"
        path.write_bytes(response.content)
        files[str(path)] = f"{name} ({language}) {url}"
    checked = subprocess.run(  # noqa: S603 (a fixed command on files written here)
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(checked.stdout)["messages"]
    errors = [
        f"  {files.get(message.get('url', '').removeprefix('file:'), message.get('url'))}"
        f" line {message.get('lastLine')}: {message['message']}"
        f" [{message.get('extract', '').strip()}]"
        for message in messages
        if message["type"] in {"error", "non-document-error"}
    ]
    assert not errors, "vnu errors:\n" + "\n".join(errors)
