from django.core.management.base import BaseCommand, CommandError

from outputs.sample import SAMPLE_EDITIONS, build_sample_content
from seminar_pages.models import EditionPage


class Command(BaseCommand):
    help = (
        "Add sample working groups, reports with recommendations and Key Messages to a few "
        "editions, for the demo. Every sample page says that it is sample content. Editions "
        "that already have pages below them are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--editions",
            type=int,
            nargs="+",
            default=list(SAMPLE_EDITIONS),
            help="Edition numbers (default: %(default)s).",
        )

    def handle(self, *args, **options):
        numbers = options["editions"]
        missing = set(numbers) - set(
            EditionPage.objects.filter(number__in=numbers).values_list("number", flat=True)
        )
        if missing:
            raise CommandError(
                f"No edition {', '.join(map(str, sorted(missing)))} in the archive: "
                "run load_seminar_archive first."
            )
        built = build_sample_content(numbers)
        if built:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Sample content added to editions {', '.join(map(str, built))}."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("Sample content was already there."))
