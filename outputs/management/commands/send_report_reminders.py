from django.core.management.base import BaseCommand, CommandError

from outputs import reporting


class Command(BaseCommand):
    help = (
        "Email each rapporteur of the current edition whose working group's first draft is "
        "due within two days or overdue and not yet submitted, in their language, at most "
        "once a day (for cron). Exits with 1 when a reminder could not be sent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the reminders that would be sent; send and record nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        edition = reporting.current_edition()
        if edition is None:
            self.stdout.write("No edition is being reported on: no reminders to send.")
            return
        reminders = reporting.reminders_due()
        if not reminders:
            self.stdout.write(f"{edition.title}: no reminders due today.")
            return
        sent, would, failed = 0, 0, []
        for reminder in reminders:
            who = f"{reminder.user.get_username()} <{reminder.user.email}> [{reminder.language}]"
            if not reminder.user.email:
                self.stderr.write(
                    f"Skipped {reminder.user.get_username()}: no email address "
                    f"({reminder.row.working_group.title})."
                )
                continue
            if dry_run:
                self.stdout.write(f"Would send to {who}: {reminder.subject}")
                would += 1
                continue
            try:
                if reporting.send_reminder(reminder):
                    sent += 1
                    self.stdout.write(f"Sent to {who}: {reminder.subject}")
            except Exception as error:  # reported, and the run fails
                failed.append(f"{reminder.user.get_username()}: {error}")
        if dry_run:
            self.stdout.write(f"Dry run: {would} reminder(s) not sent.")
            return
        self.stdout.write(self.style.SUCCESS(f"{sent} reminder(s) sent."))
        if failed:
            raise CommandError(
                f"{len(failed)} reminder(s) could not be sent (tried again on the next run): "
                + "; ".join(failed)
            )
