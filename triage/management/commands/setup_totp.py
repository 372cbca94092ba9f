"""Give a staff account its second factor: a new authenticator key and ten recovery codes."""

import io
import sys

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from twitchguide.staff import Authenticator, set_up_authenticator, verified_device


def explain(command: BaseCommand, username: str, authenticator: Authenticator, *, check: bool) -> None:
    """Print what the person needs to set up their app, and ask for a first code if ``check``."""
    out = command.stdout
    qr = qrcode.QRCode(border=2)
    qr.add_data(authenticator.uri)
    drawn = io.StringIO()
    qr.print_ascii(out=drawn, invert=True)  # drawn here, in the terminal: no image service involved
    out.write(
        f"\nSigning in to the admin needs a code from an authenticator app as well as the password.\n"
        f"1. In an authenticator app (for example FreeOTP, Aegis, Google Authenticator or 1Password), "
        f"add an account for {username!r} by scanning this QR code:\n\n{drawn.getvalue()}\n"
        f"   or type this key by hand (time-based, 6 digits, every 30 seconds):\n\n"
        f"      {authenticator.secret_in_groups}\n\n"
        f"   Apps that take a link can use: {authenticator.uri}\n\n"
        f"2. Keep these recovery codes somewhere safe, away from the phone. Each works once, in place of a code,\n"
        f"   if the phone is lost:\n\n"
        + "".join(f"      {code}\n" for code in authenticator.recovery_codes)
        + "\n3. Sign in at /admin/ with the username, the password and the 6-digit code the app shows.\n"
    )
    if check:
        for _ in range(3):
            code = input("\nType the code your app shows now, to check it works (Enter to skip): ").strip()
            if not code:
                return
            if verified_device(authenticator.device.user, code) == authenticator.device:
                out.write(command.style.SUCCESS("That code works: the app is set up."))
                return
            out.write(command.style.WARNING("That code did not work. Check the app's clock and the key."))
        out.write("Run `manage.py setup_totp` again to start over with a new key.")


class Command(BaseCommand):
    help = (
        "Set up the second factor of a staff account: a new authenticator-app key (shown as a QR code, "
        "a key to type and an otpauth:// link) and ten new recovery codes. The old key and codes stop working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, username, interactive=True, **options):
        user = get_user_model().objects.filter(username=username, is_staff=True).first()
        if user is None:
            raise CommandError(f"There is no staff account called {username!r}.")
        explain(self, username, set_up_authenticator(user), check=interactive and sys.stdin.isatty())
