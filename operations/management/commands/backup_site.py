"""Write one backup archive of the site: database, media and a manifest."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one archive (database, MEDIA_ROOT, manifest) into BACKUP_DIR or --directory. "
        "Prints the archive's path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=None,
            help="Where to write the archive (default: the BACKUP_DIR setting).",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, directory=None, database="default", **options):
        directory = directory or settings.BACKUP_DIR
        try:
            path = create_backup(directory, alias=database)
        except BackupError as error:
            raise CommandError(f"Backup failed, no archive written: {error}") from None
        except (OSError, DatabaseError) as error:
            raise CommandError(f"Backup failed, no archive written: {error}") from None
        self.stdout.write(str(path))
