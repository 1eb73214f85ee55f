"""Forget every page the page cache holds, whatever its path."""

from django.core.management.base import BaseCommand, CommandError

from operations import page_cache


class Command(BaseCommand):
    help = (
        "Forget every page stored in this site's page cache (every worker sees it at once). "
        "A CDN in WAGTAILFRONTENDCACHE is not purged: purge it with its own tools."
    )

    def handle(self, *args, **options):
        try:
            page_cache.clear()
        except Exception as error:  # each cache backend raises its own errors
            raise CommandError(f"The page cache could not be cleared: {error}") from None
        self.stdout.write("Page cache cleared.")
