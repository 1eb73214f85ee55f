import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the demo superuser 'admin' if it does not exist. The password comes from "
        "DEMO_ADMIN_PASSWORD or is generated and printed. An existing user is left unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options):
        User = get_user_model()
        username = options["username"]
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"User {username!r} exists; its password is unchanged.")
            return
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        if os.environ.get("DEMO_ADMIN_PASSWORD"):
            self.stdout.write(self.style.SUCCESS(f"Created {username!r} with DEMO_ADMIN_PASSWORD."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Created {username!r} with the password: {password}")
            )
