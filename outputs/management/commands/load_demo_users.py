import os
import secrets

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from outputs.sample import (
    DEMO_EDITION,
    INVITEES_EDITION,
    build_sample_translations,
    ensure_sample_invitees,
    ensure_sample_users,
)


class Command(BaseCommand):
    help = (
        "Create one sample user for each role (Secretariat, Steering Committee, the member, "
        "note-taker, rapporteur and moderator of a sample working group, translators into "
        "French and Japanese, an ASEM partner) and let the translators translate the sample "
        "Key Messages. New users get the password DEMO_USERS_PASSWORD or one generated and "
        "printed; existing users are left unchanged. Run load_sample_content first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--edition",
            type=int,
            default=DEMO_EDITION,
            help="Edition whose sample Working Group 1 the roles are in (default: %(default)s).",
        )

    def handle(self, *args, **options):
        number = options["edition"]
        given = os.environ.get("DEMO_USERS_PASSWORD")
        password = given or secrets.token_urlsafe(12)
        try:
            users = ensure_sample_users(password, number)
        except ValueError as error:
            raise CommandError(f"{error} Run load_sample_content first.") from error
        width = max(len(entry.user.username) for entry in users)
        self.stdout.write("Sample users (sample content, not real people):")
        for entry in users:
            self.stdout.write(f"  {entry.user.username:<{width}}  {entry.description}")
        if any(entry.created for entry in users):
            if given:
                self.stdout.write(self.style.SUCCESS("New sample users: DEMO_USERS_PASSWORD."))
            else:
                self.stdout.write(
                    self.style.SUCCESS(f"Password of the new sample users: {password}")
                )
        else:
            self.stdout.write("The sample users exist; their passwords are unchanged.")
        by_name = {entry.user.username: entry.user for entry in users}
        invitees = ensure_sample_invitees(by_name["sample-secretariat"])
        if invitees:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{invitees} sample invitees for edition {INVITEES_EDITION} (two thirds "
                    "registered): Participants in the admin menu."
                )
            )
        # The review notifies the sample users by email; on the demo's console those
        # messages would bury the list above.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            done = build_sample_translations(
                {
                    "fr": by_name["sample-translator-fr"],
                    "ja": by_name["sample-translator-ja"],
                },
                reviewer=by_name["sample-secretariat"],
                number=number,
            )
        if done:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Sample Key Messages translated into {', '.join(done)} and approved."
                )
            )
