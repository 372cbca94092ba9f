"""Create (or update) a content editor: a staff account in the "Editors" group, nothing more,
with its second factor (an authenticator app and recovery codes)."""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from triage.management.commands.setup_totp import explain
from twitchguide.staff import has_authenticator, set_up_authenticator

EDITORS = "Editors"
DEFAULT_USERNAME = "editor"


class Command(BaseCommand):
    help = (
        "Create a content editor for local use, or update one: staff, member of the Editors group, "
        "never a superuser. Username and password come from --username/--password or the "
        "EDITOR_USERNAME/EDITOR_PASSWORD environment variables; without them you are asked for the "
        "username and for a password (twice, and again until it is long and uncommon enough). "
        "A new editor gets an authenticator key and recovery codes, printed once. Running it again is safe: "
        "it keeps the authenticator unless you pass --new-authenticator."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("EDITOR_USERNAME", ""))
        parser.add_argument("--password", default=os.environ.get("EDITOR_PASSWORD", ""))
        parser.add_argument("--email", default=os.environ.get("EDITOR_EMAIL", ""))
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument(
            "--new-authenticator",
            action="store_true",
            help="Replace the authenticator key and recovery codes (the old ones stop working).",
        )

    def handle(self, *args, username, password, email, interactive=True, new_authenticator=False, **options):
        try:
            group = Group.objects.get(name=EDITORS)
        except Group.DoesNotExist:
            raise CommandError("The Editors group does not exist: run `manage.py migrate` first.") from None
        User = get_user_model()
        try:
            username = username.strip() or (self.ask_username() if interactive else DEFAULT_USERNAME)
            user = User.objects.filter(username=username).first()
            candidate = user or User(username=username, email=email)
            if not password and user is None:
                if not interactive:
                    raise CommandError("Give a password with --password or EDITOR_PASSWORD.")
                password = self.ask_password(candidate)
        except (EOFError, KeyboardInterrupt):
            raise CommandError("Stopped: no editor was created or changed.") from None
        if password:
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            created = user is None
            user = candidate
            user.is_staff = True
            user.is_superuser = False
            if email:
                user.email = email
            if password:
                user.set_password(password)
            user.save()
            user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} editor {username!r}."))
        if new_authenticator or not has_authenticator(user):
            explain(self, username, set_up_authenticator(user), check=interactive and sys.stdin.isatty())
        else:
            self.stdout.write("Their authenticator app is unchanged (--new-authenticator replaces it).")

    def ask_username(self) -> str:
        """The new editor's username; pressing Enter takes the default."""
        while True:
            answer = input(f"Username for the editor (press Enter for {DEFAULT_USERNAME!r}): ").strip()
            username = answer or DEFAULT_USERNAME
            try:
                get_user_model().username_validator(username)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return username

    def ask_password(self, user) -> str:
        """A password, typed twice; asked again until both match and it passes the password rules."""
        while True:
            password = getpass.getpass(f"Password for editor {user.username}: ")
            if not password:
                self.stderr.write("A password is needed.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages) + " Try another.")
                continue
            if getpass.getpass("The same password again: ") != password:
                self.stderr.write("The two passwords are not the same. Try again.")
                continue
            return password
