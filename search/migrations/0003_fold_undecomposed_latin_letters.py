"""Fold ø, æ, œ, đ, ł, þ... in the database index as ``search.text.fold`` now does.

Index tokens were folded by NFKD, which leaves these letters whole: "Tromso" did not find
"Tromsø". Stored tokens are already case-folded and stripped of marks, so applying the
new letter table to them gives what a rebuild would, without reading the page tree.
The table is copied here, as it was when this migration was written. An Elasticsearch
index is outside the database: rebuild it with ``manage.py rebuild_archive_index``.
"""

from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

LETTER_FOLDS = {
    "æ": "ae",
    "ð": "d",
    "ø": "o",
    "þ": "th",
    "đ": "d",
    "ħ": "h",
    "ı": "i",
    "ĸ": "q",
    "ł": "l",
    "ŋ": "n",
    "œ": "oe",
    "ŧ": "t",
}


def fold_stored_tokens(apps, schema_editor):
    entry_model = apps.get_model("archive_search", "ArchiveEntry")
    table = str.maketrans(LETTER_FOLDS)
    affected = entry_model.objects.filter(
        reduce(or_, (Q(search_text__contains=letter) for letter in LETTER_FOLDS))
    ).only("pk", "search_text")
    batch = []
    for entry in affected.iterator(chunk_size=500):
        entry.search_text = entry.search_text.translate(table)
        batch.append(entry)
        if len(batch) >= 500:
            entry_model.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        entry_model.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("archive_search", "0002_full_text_index")]

    # Unfolding cannot be undone, and need not be: the old folding found less.
    operations = [migrations.RunPython(fold_stored_tokens, migrations.RunPython.noop)]
