"""Rebuild the archive search index from the page tree (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.backends import get_backend, write_backends
from search.query import SearchUnavailable


class Command(BaseCommand):
    help = "Rebuild the archive search index: every recommendation and live page, per language."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            choices=["database", "elasticsearch"],
            help="Rebuild only this backend (default: every configured one).",
        )

    def _progress(self, done, total):
        if self.verbosity < 1:
            return
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done >= total else ""
        self.stdout.write(f"\r[{bar}] {done}/{total}", ending=end)
        if hasattr(self.stdout, "flush"):
            self.stdout.flush()

    def handle(self, *args, backend=None, verbosity=1, **options):
        self.verbosity = verbosity
        backends = [get_backend(backend)] if backend else write_backends()
        names = ", ".join(item.name for item in backends)
        try:
            count = indexing.rebuild(backends, progress=self._progress)
        except SearchUnavailable as error:
            raise CommandError(
                f"The archive index could not be rebuilt: {error}. Nothing was changed "
                "in that backend; check that it is reachable and run the command again."
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents ({names})."))
