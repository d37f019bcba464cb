"""Create the first system administrator of a new installation (what createsuperuser is elsewhere).

    manage.py create_system_admin --email ingrid@example.org --full-name "Ingrid Dahl"

The password is asked for twice (or read from the TRYGG_ADMIN_PASSWORD variable for scripted
installs) and must pass the password rules. The administrator enrols an authenticator app at first
login; production mode accepts no login without it. Everyone else is then added on the users page.
"""

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event


class Command(BaseCommand):
    help = "Create a system administrator (global membership). For the first account of an installation."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--full-name", required=True)

    def handle(self, *args, email, full_name, **options):
        email = User.objects.normalize_email(email.strip()).lower()
        full_name = full_name.strip()
        if not full_name:
            raise CommandError("A full name is required.")
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError("A user with this e-mail address already exists.")
        user = User(email=email, full_name=full_name)
        password = self.read_password()
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

        # Bootstrap: the accounts services need an acting administrator, and this is the first one.
        # The events have no actor; their channel says they came from a command.
        with transaction.atomic():
            user.set_password(password)
            user.save()
            membership = Membership.objects.create(user=user, role=Role.SYSTEM_ADMINISTRATOR, country=None)
            record_event(AuditEvent.Action.CREATE, obj=user, fields=["email", "full_name", "password"])
            record_event(
                AuditEvent.Action.CREATE,
                obj=membership,
                fields=["user", "role"],
                detail={"user": str(user.uuid), "role": Role.SYSTEM_ADMINISTRATOR},
            )
        self.stdout.write(
            self.style.SUCCESS("System administrator created. Log in and enrol an authenticator app.")
        )

    def read_password(self) -> str:
        password = os.environ.get("TRYGG_ADMIN_PASSWORD")
        if password:
            return password
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password (again): ") != first:
            raise CommandError("The passwords do not match.")
        return first
