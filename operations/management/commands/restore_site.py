"""Restore a backup archive into an empty database, then rebuild the search index."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, clear_caches, describe, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by backup_site into an empty database and MEDIA_ROOT, "
        "apply the code's newer migrations, rebuild the archive search index and clear "
        "the caches. Refuses a non-empty target, another database vendor and a backup of "
        "a newer schema than the code."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive (asem-....tar.gz).")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, path, database="default", **options):
        try:
            manifest, to_migrate = restore_backup(
                path, alias=database, report=lambda line: self.stdout.write(line)
            )
        except BackupError as error:
            raise CommandError(f"Restore refused or failed: {error}") from None
        try:
            if to_migrate:
                self.stdout.write(
                    f"The backup predates {len(to_migrate)} migrations of this code "
                    f"({describe(to_migrate)}): migrating."
                )
                call_command("migrate", database=database, interactive=False, verbosity=0)
            call_command("rebuild_archive_index", verbosity=0)
            self.stdout.write("Archive search index rebuilt.")
            clear_caches()
            self.stdout.write("Caches cleared.")
        except Exception as error:
            raise CommandError(
                f"The database and media were restored, but the steps after failed: {error}. "
                "Run `manage.py migrate`, `manage.py rebuild_archive_index` and clear the "
                "cache by hand."
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {path}."))
