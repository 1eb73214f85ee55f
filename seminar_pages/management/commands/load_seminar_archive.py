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
        parser.add_argument(
            "--site",
            metavar="HOSTNAME[:PORT]",
            help=(
                "Serve the series as its own site at this address (port 80 unless given), "
                "beside the sites of the host. Without it, the series becomes the default "
                "site's root if that is still Wagtail's placeholder page."
            ),
        )

    def handle(self, *args, **options):
        hostname, port = self.site_address(options["site"])
        try:
            archive = read_archive(options["file"])
            report = load_archive(archive, hostname=hostname, port=port)
        except ArchiveError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        for outcome in ("created", "updated", "unchanged"):
            counts = getattr(report, outcome)
            if counts:
                summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
                self.stdout.write(f"{outcome.capitalize()}: {summary}.")
        if report.changed:
            self.stdout.write(self.style.SUCCESS("The archive is loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("The archive was already up to date."))

    def site_address(self, value):
        if value is None:
            return None, 80
        hostname, _colon, port = value.partition(":")
        if not hostname or (port and not (port.isdigit() and 0 < int(port) < 65536)):
            raise CommandError(
                f"Nothing was loaded. --site must be HOSTNAME or HOSTNAME:PORT, not {value!r}."
            )
        return hostname, int(port or 80)
