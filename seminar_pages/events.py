"""Signals the seminar apps send for a site to act on (a page cache, a CDN).

Apart from ``signals.py`` (the apps' own receivers), so that the policy that sends them
imports nothing that imports it.
"""

from django.dispatch import Signal

# Sent by ``access.close_page`` (``instance``, ``created``) and ``access.open_page``
# (``instance``, only when a marking was removed): whatever shows the page to readers
# learns that the page and everything below it changed hands.
page_closed = Signal()
page_opened = Signal()
