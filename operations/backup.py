"""Backups of the whole site in one archive, and their restore into an empty database.

The archive is a gzipped tar holding ``manifest.json``, the database (``database.dump``,
``pg_dump``'s custom format, on PostgreSQL; ``database.sqlite3``, a copy made with SQLite's
online backup, on SQLite) and ``media/`` (MEDIA_ROOT: documents, images, generated PDFs).

A restore goes only into an empty database: it never merges into, or overwrites, a site.
It refuses an archive whose schema is newer than the code (a migration the code does not
know) and an archive of another database vendor.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"
MEDIA = "media"
VENDORS = ("postgresql", "sqlite")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what state remains."""


def _connection(alias="default"):
    connection = connections[alias]
    if connection.vendor not in VENDORS:
        raise BackupError(
            f"Backups support PostgreSQL and SQLite, not {connection.vendor} (database {alias!r})."
        )
    return connection


# Manifest ---------------------------------------------------------------------------


def _version(distribution):
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _code_version():
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def applied_migrations(connection):
    """Every (app, name) recorded in django_migrations, sorted."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(recorder.migration_qs.values_list("app", "name"))


def row_counts():
    """Rows per concrete model, by label (``app_label.ModelName``)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.label] = model._base_manager.count()
    return counts


def build_manifest(connection):
    return {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database_vendor": connection.vendor,
        "versions": {
            "django": _version("django"),
            "wagtail": _version("wagtail"),
            "code": _code_version(),
        },
        "migrations": [list(pair) for pair in applied_migrations(connection)],
        "row_counts": row_counts(),
    }


# Backup -----------------------------------------------------------------------------


def _pg_tool(name, connection):
    """The PostgreSQL client tool of the server's major version, else the newest one."""
    server_major = connection.pg_version // 10000
    found = {}
    for path in Path("/usr/lib/postgresql").glob(f"*/bin/{name}"):
        try:
            found[int(path.parent.parent.name)] = str(path)
        except ValueError:
            continue
    if server_major in found:
        return found[server_major]
    newer = [major for major in found if major >= server_major]
    if newer:
        return found[min(newer)]
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise BackupError(
        f"{name} was not found: install Debian's postgresql-client "
        f"(version {server_major} or later), or run `make backup`/`make restore`, "
        "which install it."
    )


def _pg_environment(connection):
    """libpq's connection variables, so that no password appears on a command line."""
    params = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("NAME", "PGDATABASE"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        value = params.get(key)
        if value:
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    sslmode = params.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command, connection, what):
    result = subprocess.run(  # noqa: S603
        command, env=_pg_environment(connection), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupError(f"{what} failed (exit {result.returncode}): {detail}")
    return result


def _dump_database(connection, target):
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        tool = _pg_tool("pg_dump", connection)
        _run(
            [tool, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
            connection,
            "pg_dump",
        )
        return PG_DUMP
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite's online backup failed: {error}") from None
    finally:
        destination.close()
    return SQLITE_DUMP


def create_backup(directory, alias="default"):
    """Write one archive into ``directory`` and return its path.

    The archive is written under a temporary name and renamed when complete, so a failure
    leaves nothing behind but the error.
    """
    connection = _connection(alias)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    final = directory / f"asem-{stamp}.tar.gz"
    counter = 1
    while final.exists():
        final = directory / f"asem-{stamp}-{counter}.tar.gz"
        counter += 1
    partial = directory / f".{final.name}.partial"
    media_root = Path(settings.MEDIA_ROOT)
    try:
        with tempfile.TemporaryDirectory(prefix="asem-backup-") as work:
            dump_path = Path(work) / "database"
            manifest = build_manifest(connection)
            member = _dump_database(connection, dump_path)
            manifest["database_file"] = member
            manifest["media_files"] = (
                sum(1 for path in media_root.rglob("*") if path.is_file())
                if media_root.is_dir()
                else 0
            )
            with tarfile.open(partial, "w:gz") as archive:
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
                info.mode = 0o644
                archive.addfile(info, io.BytesIO(data))
                archive.add(dump_path, arcname=member)
                if media_root.is_dir():
                    archive.add(media_root, arcname=MEDIA)
            os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return final


# Restore ----------------------------------------------------------------------------


def read_manifest(archive):
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        raise BackupError(f"The archive has no {MANIFEST}: it is not a site backup.") from None
    try:
        manifest = json.load(member)
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"The archive's {MANIFEST} is not valid JSON: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"The archive's {MANIFEST} is not of backup format {FORMAT}: "
            "it was written by another version of the site."
        )
    return manifest


def migration_difference(manifest, connection):
    """(migrations in the backup the code lacks, migrations of the code the backup lacks)."""
    try:
        recorded = {(app, name) for app, name in manifest["migrations"]}
    except (KeyError, TypeError, ValueError):
        raise BackupError(f"The archive's {MANIFEST} lists no migrations.") from None
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    unknown = sorted(recorded - known)
    # A squashed migration stands for the ones it replaces: applied when they all are.
    missing = sorted(
        key
        for key, migration in loader.graph.nodes.items()
        if key not in recorded
        and not (migration.replaces and all(old in recorded for old in migration.replaces))
    )
    return unknown, missing


def check_compatible(manifest, connection):
    """Refuse a backup of another vendor or of a newer schema; return what to migrate."""
    vendor = manifest.get("database_vendor")
    if vendor != connection.vendor:
        raise BackupError(
            f"This backup is of a {vendor} database and the site runs on "
            f"{connection.vendor}: a backup restores only into the same kind of database."
        )
    unknown, missing = migration_difference(manifest, connection)
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown)
        raise BackupError(
            "This backup has a newer schema than this version of the code: it records "
            f"migrations the code does not have ({names}). Restore it with the code "
            "version that made it (or a later one)."
        )
    return missing


def _database_tables(connection):
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def check_empty(connection, media_root):
    tables = _database_tables(connection)
    if tables:
        raise BackupError(
            f"The target database {connection.settings_dict['NAME']!r} is not empty "
            f"({len(tables)} tables, e.g. {', '.join(sorted(tables)[:3])}). A restore "
            "goes only into an empty database: create a new one (or drop and recreate "
            "this one) and restore again."
        )
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(
            f"MEDIA_ROOT ({media_root}) is not empty. A restore goes only into an empty "
            "media directory: move its files away and restore again."
        )


def _member(archive, name):
    try:
        return archive.getmember(name)
    except KeyError:
        raise BackupError(f"The archive has no {name}: it is incomplete.") from None


def _restore_database(archive, manifest, connection, work):
    name = manifest.get("database_file")
    expected = PG_DUMP if connection.vendor == "postgresql" else SQLITE_DUMP
    if name != expected:
        raise BackupError(f"The archive's database file is {name!r}, expected {expected!r}.")
    member = _member(archive, name)
    archive.extract(member, work, filter="data")
    dump = Path(work) / name
    if connection.vendor == "postgresql":
        tool = _pg_tool("pg_restore", connection)
        # One transaction: a failing restore leaves the database as empty as it was.
        _run(
            [
                tool,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                str(dump),
            ],
            connection,
            "pg_restore",
        )
        return
    try:
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        try:
            source.execute("PRAGMA schema_version").fetchone()
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The archive's SQLite database cannot be read: {error}") from None


def _restore_media(archive, media_root, work):
    members = [
        member
        for member in archive.getmembers()
        if member.name == MEDIA or member.name.startswith(MEDIA + "/")
    ]
    staging = Path(work) / "staging"
    staging.mkdir()
    archive.extractall(staging, members=members, filter="data")
    extracted = staging / MEDIA
    media_root.mkdir(parents=True, exist_ok=True)
    if extracted.is_dir():
        for entry in extracted.iterdir():
            shutil.move(str(entry), media_root / entry.name)
    return sum(1 for path in media_root.rglob("*") if path.is_file())


def _verify(archive):
    """Read every member through, so that a truncated or damaged archive is refused
    before anything is written."""
    for member in archive.getmembers():
        if member.isfile():
            handle = archive.extractfile(member)
            while handle.read(1024 * 1024):
                pass


def open_archive(path):
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    try:
        return tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is not a readable backup archive: {error}") from None


def restore_backup(path, alias="default", report=print):
    """Restore an archive into the empty database and MEDIA_ROOT.

    ``report`` receives one line per step. Returns the manifest and the code's migrations
    that the backup lacks (to run after the restore).
    """
    connection = _connection(alias)
    media_root = Path(settings.MEDIA_ROOT)
    with open_archive(path) as archive:
        try:
            manifest = read_manifest(archive)
            _verify(archive)
            to_migrate = check_compatible(manifest, connection)
            check_empty(connection, media_root)
            with tempfile.TemporaryDirectory(prefix="asem-restore-") as work:
                _member(archive, manifest.get("database_file") or "")
                _restore_database(archive, manifest, connection, work)
                report(f"Database restored ({connection.vendor}, {manifest['created_at']}).")
                try:
                    files = _restore_media(archive, media_root, work)
                except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
                    raise BackupError(
                        f"The database was restored but the media files were not ({error}). "
                        f"The database now holds the backup's content; MEDIA_ROOT "
                        f"({media_root}) may hold part of the files. Empty both and restore "
                        "again."
                    ) from None
                report(f"Media restored ({files} files in {media_root}).")
        except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
            raise BackupError(f"The archive is corrupt: {error}") from None
    return manifest, to_migrate


def clear_caches():
    for alias in settings.CACHES:
        caches[alias].clear()


def describe(pairs):
    return ", ".join(f"{app}.{name}" for app, name in pairs)
