"""The vendor-specific full-text index of ``ArchiveEntry``.

PostgreSQL: a ``search_vector`` column computed by a trigger from ``search_text`` with the
row's own text-search configuration (one per language), and a GIN index on it.
SQLite: an external-content FTS5 table over ``search_text``, kept in step by triggers.
Nothing on other databases (the database backend then refuses text searches).

A later migration that makes SQLite rebuild the entry table drops these triggers: such a
migration must run this one's SQL again.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE archive_search_archiveentry ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION archive_search_entry_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector(NEW.search_config::regconfig, NEW.search_text);
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER archive_search_entry_vector
    BEFORE INSERT OR UPDATE OF search_text, search_config ON archive_search_archiveentry
    FOR EACH ROW EXECUTE FUNCTION archive_search_entry_vector()
    """,
    "CREATE INDEX archive_entry_search_vector ON archive_search_archiveentry "
    "USING GIN (search_vector)",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS archive_search_entry_vector ON archive_search_archiveentry",
    "DROP FUNCTION IF EXISTS archive_search_entry_vector()",
    "DROP INDEX IF EXISTS archive_entry_search_vector",
    "ALTER TABLE archive_search_archiveentry DROP COLUMN IF EXISTS search_vector",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE archive_search_fts USING fts5(
        search_text,
        content='archive_search_archiveentry',
        content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
    )
    """,
    """
    CREATE TRIGGER archive_search_fts_insert AFTER INSERT ON archive_search_archiveentry BEGIN
        INSERT INTO archive_search_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END
    """,
    """
    CREATE TRIGGER archive_search_fts_delete AFTER DELETE ON archive_search_archiveentry BEGIN
        INSERT INTO archive_search_fts(archive_search_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END
    """,
    """
    CREATE TRIGGER archive_search_fts_update AFTER UPDATE ON archive_search_archiveentry BEGIN
        INSERT INTO archive_search_fts(archive_search_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO archive_search_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS archive_search_fts_insert",
    "DROP TRIGGER IF EXISTS archive_search_fts_delete",
    "DROP TRIGGER IF EXISTS archive_search_fts_update",
    "DROP TABLE IF EXISTS archive_search_fts",
]

STATEMENTS = {
    "postgresql": (POSTGRES_FORWARD, POSTGRES_REVERSE),
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
}


def forward(apps, schema_editor):
    for statement in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(statement)


def reverse(apps, schema_editor):
    for statement in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("archive_search", "0001_archive_index")]

    operations = [migrations.RunPython(forward, reverse)]
