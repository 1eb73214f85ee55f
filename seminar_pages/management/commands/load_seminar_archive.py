from django.core.management.base import BaseCommand, CommandError

from seminar_pages.archive import DEFAULT_ARCHIVE, ArchiveError, load_archive, read_archive


class Command(BaseCommand):
    help = (
        "Create or update the series, its 24 editions, their topics and the 53 ASEM partners "
        "from the archive data file. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(DEFAULT_ARCHIVE), help="Data file (default: %(default)s)."
        )

    def handle(self, *args, **options):
        try:
            archive = read_archive(options["file"])
        except ArchiveError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        report = load_archive(archive)
        for outcome in ("created", "updated", "unchanged"):
            counts = getattr(report, outcome)
            if counts:
                summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
                self.stdout.write(f"{outcome.capitalize()}: {summary}.")
        if report.changed:
            self.stdout.write(self.style.SUCCESS("The archive is loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("The archive was already up to date."))
