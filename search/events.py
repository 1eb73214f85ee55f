"""Signals the archive search sends for a site to act on (a page cache, a CDN).

Apart from ``signals.py`` (the app's own receivers), so that the indexing that sends them
imports nothing that imports it.
"""

from django.dispatch import Signal

# Sent once the archive index holds a change (``page_ids``: the pages whose documents were
# written or dropped; empty after a rebuild, which replaces every document): what shows
# search answers learns that they may have changed. On the database backend it follows
# the commit of the write; on Elasticsearch, the write and its refresh.
archive_index_changed = Signal()
