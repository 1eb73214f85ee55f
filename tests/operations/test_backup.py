"""Backup → wipe → restore, against real databases of their own.

Each step is a ``manage.py`` process with its own DATABASE_URL and MEDIA_ROOT: a scratch
SQLite file, or on PostgreSQL (when the test run's DATABASE_URL is PostgreSQL) scratch
databases named after the test database on the same server. The source site is built once
with the demo commands.
"""

import json
import os
import secrets
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    # One worker builds the source site once for the whole file (make test: loadgroup).
    pytest.mark.xdist_group("backup"),
]

# Printed by the inspection script: per-model row counts and content to compare.
INSPECT = textwrap.dedent(
    """
    import json
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.test import Client
    from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
    from wagtail.documents import get_document_model
    from wagtail.models import GroupPagePermission, Page, PageViewRestriction, Revision
    from operations.backup import row_counts
    from seminar_pages.models import ClosedDoor

    documents = {}
    for document in get_document_model().objects.order_by("pk"):
        try:
            with document.file.open("rb") as handle:
                documents[document.pk] = handle.read().hex()
        except OSError:
            documents[document.pk] = None
    client = Client()
    hits = {}
    for q in ("human rights", "women", "education", "droits"):
        response = client.get("/api/v1/recommendations/", {"q": q})
        hits[q] = [response.status_code, response.content.decode()]
    out = {
        "counts": row_counts(),
        "pages": sorted(Page.objects.values_list("pk", "url_path", "locale__language_code",
                                                  "translation_key", "live")),
        "revisions": sorted(Revision.objects.values_list("pk", "object_id", "created_at")),
        "users": sorted(get_user_model().objects.values_list("username", "password",
                                                             "is_superuser")),
        "group_page_permissions": sorted(GroupPagePermission.objects.values_list(
            "group__name", "page_id", "permission__codename")),
        "guardian": {
            model._meta.label: sorted(model.objects.values_list(
                *[field.attname for field in model._meta.concrete_fields]))
            for model in apps.get_models()
            if issubclass(model, (UserObjectPermissionBase, GroupObjectPermissionBase))
        },
        "closures": sorted(ClosedDoor.objects.values_list(
            *[field.attname for field in ClosedDoor._meta.concrete_fields])),
        "view_restrictions": sorted(PageViewRestriction.objects.values_list(
            "page_id", "restriction_type")),
        "documents": documents,
        "search": hits,
    }
    print("INSPECT" + json.dumps(out, default=str, sort_keys=True))
    """
)


def _database_url():
    return os.environ.get("DATABASE_URL", "")


def _is_postgres():
    return _database_url().startswith(("postgres://", "postgresql://"))


class Site:
    """One site: a database and a MEDIA_ROOT, driven through manage.py."""

    def __init__(self, tmp, name, settings_dir):
        self.tmp = tmp
        self.media = tmp / f"media-{name}"
        self.settings_dir = settings_dir
        if _is_postgres():
            parts = urlsplit(_database_url())
            base = parts.path.lstrip("/") or "test"
            self.db_name = f"{base}_backup_{name}_{secrets.token_hex(4)}"
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            self.url = urlunsplit(parts._replace(path="/" + self.db_name))
            self._psql(f'CREATE DATABASE "{self.db_name}"')
        else:
            self.db_name = None
            self.url = f"sqlite:///{tmp / f'{name}.sqlite3'}"

    def _psql(self, sql):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def drop(self):
        if self.db_name:
            self._psql(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    def wipe(self):
        """An empty database and MEDIA_ROOT where the site was."""
        import shutil

        shutil.rmtree(self.media, ignore_errors=True)
        if self.db_name:
            self.drop()
            self._psql(f'CREATE DATABASE "{self.db_name}"')
        else:
            Path(self.url.removeprefix("sqlite:///")).unlink(missing_ok=True)

    def manage(self, *args, check=True, env=None):
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backup_test_settings",
            "PYTHONPATH": os.pathsep.join([str(self.settings_dir), str(ROOT)]),
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "DEMO_USERS_PASSWORD": "backup-test-password",
            **(env or {}),
        }
        result = subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode != 0:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def inspect(self):
        result = self.manage("shell", "-c", INSPECT)
        line = next(line for line in result.stdout.splitlines() if line.startswith("INSPECT"))
        return json.loads(line.removeprefix("INSPECT"))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A maker of scratch sites (dropped at the end), and their temporary directory."""
    tmp = tmp_path_factory.mktemp("backup")
    settings_dir = tmp / "settings"
    settings_dir.mkdir()
    # The test settings, with MEDIA_ROOT from the environment (test.py makes a temp one).
    (settings_dir / "backup_test_settings.py").write_text(
        "import os\nfrom cms.settings.test import *  # noqa\n"
        'MEDIA_ROOT = os.environ["MEDIA_ROOT"]\n'
    )
    sites = []

    def make(name):
        site = Site(tmp, name, settings_dir)
        sites.append(site)
        return site

    yield {"tmp": tmp, "make": make}
    for site in sites:
        site.drop()


@pytest.fixture(scope="module")
def work(scratch):
    """The demo site, inspected, and its backup."""
    tmp = scratch["tmp"]
    source = scratch["make"]("source")
    source.manage("migrate", "--noinput", "-v0")
    for command in (
        "load_seminar_archive",
        "load_sample_content",
        "load_demo_users",
        "rebuild_archive_index",
    ):
        source.manage(command, "-v0")
    before = source.inspect()
    archive = Path(source.manage("backup_site", "--directory", str(tmp / "out")).stdout.strip())
    return {**scratch, "source": source, "before": before, "archive": archive}


def test_backup_is_one_archive_with_database_media_and_manifest(work):
    archive = work["archive"]
    assert archive.name.startswith("asem-")
    assert archive.name.endswith(".tar.gz")
    assert [path.name for path in archive.parent.iterdir()] == [archive.name]
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    vendor = "postgresql" if _is_postgres() else "sqlite"
    assert manifest["database_vendor"] == vendor
    assert manifest["database_file"] in names
    assert any(name.startswith("media/documents/") for name in names)
    assert ["wagtailcore", "0001_initial"] in manifest["migrations"] or [
        "wagtailcore",
        "0001_squashed_0016_change_page_url_path_to_text_field",
    ] in manifest["migrations"]
    assert manifest["versions"]["django"]
    assert manifest["versions"]["wagtail"]
    assert manifest["row_counts"] == work["before"]["counts"]


def test_restore_after_wipe_finds_everything_and_the_same_search_hits(work):
    source, before = work["source"], work["before"]
    # The demo content has what the comparison is about.
    assert before["counts"]["wagtailcore.Revision"] > 0
    assert (
        before["counts"]["wagtailcore.ModelLogEntry"] + before["counts"]["wagtailcore.PageLogEntry"]
        > 0
    )
    assert before["group_page_permissions"]
    assert any(before["guardian"].values())
    assert before["closures"]
    assert before["documents"]
    assert all(content for content in before["documents"].values())
    assert {code for _, _, code, _, _ in before["pages"]} >= {"en", "fr"}
    assert any(json.loads(body).get("count", 0) for _, body in before["search"].values())

    source.wipe()
    result = source.manage("restore_site", str(work["archive"]))
    assert "Archive search index rebuilt." in result.stdout
    assert "Caches cleared." in result.stdout
    after = source.inspect()
    assert after == before


def test_restore_into_a_database_with_content_is_refused(work):
    source = work["source"]  # restored by the test before, or still populated
    result = source.manage("restore_site", str(work["archive"]), check=False)
    assert result.returncode != 0
    assert "is not empty" in result.stderr
    assert "restore again" in result.stderr


def test_restore_of_a_newer_schema_is_refused_naming_the_migrations(work):
    tmp = work["tmp"]
    newer = tmp / "newer.tar.gz"
    with tarfile.open(work["archive"]) as old, tarfile.open(newer, "w:gz") as new:
        for member in old.getmembers():
            if member.name == "manifest.json":
                manifest = json.load(old.extractfile(member))
                manifest["migrations"].append(["seminar_pages", "9999_from_the_future"])
                data = json.dumps(manifest).encode()
                member.size = len(data)
                import io

                new.addfile(member, io.BytesIO(data))
            else:
                new.addfile(member, old.extractfile(member) if member.isfile() else None)
    target = work["make"]("newer")
    result = target.manage("restore_site", str(newer), check=False)
    assert result.returncode != 0
    assert "newer schema" in result.stderr
    assert "seminar_pages.9999_from_the_future" in result.stderr
    assert not target.media.exists() or not any(target.media.iterdir())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No backup file at"),
        (b"not a gzip file at all", "is not a readable backup archive"),
        ("truncated", "corrupt"),
    ],
)
def test_missing_or_corrupt_archive_is_a_clear_error(work, content, message):
    tmp = work["tmp"]
    path = tmp / f"bad-{secrets.token_hex(3)}.tar.gz"
    if content == "truncated":
        data = work["archive"].read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif content is not None:
        path.write_bytes(content)
    target = work["make"](f"bad{secrets.token_hex(2)}")
    result = target.manage("restore_site", str(path), check=False)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_failed_backup_exits_non_zero_and_leaves_no_archive(scratch):
    tmp = scratch["tmp"]
    target = scratch["make"](f"unreachable{secrets.token_hex(2)}")
    target.drop()
    if not target.db_name:
        target.url = f"sqlite:///{tmp / 'no-such-directory' / 'db.sqlite3'}"
    out = tmp / f"failed-{secrets.token_hex(3)}"
    result = target.manage("backup_site", "--directory", str(out), check=False)
    assert result.returncode != 0
    assert "Backup failed, no archive written" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(out.iterdir()) == []
