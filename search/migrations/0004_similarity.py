"""pg_trgm, for the similarity of recommendations across editions (``search.similarity``).

``TrigramExtension`` does nothing on databases other than PostgreSQL: SQLite compares
recommendations through its FTS5 index (migration 0002). pg_trgm is a trusted extension
since PostgreSQL 13, so the database's owner may create it without being a superuser.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive_search", "0003_fold_undecomposed_latin_letters")]

    operations = [TrigramExtension()]
