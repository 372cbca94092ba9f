"""Staff sign-in: a password and a second factor, for every staff account (ASVS 6.3.3).

The second factor is a code from an authenticator app (TOTP, RFC 6238) or, when the phone is
lost, one of ten single-use recovery codes. django-otp keeps the devices, checks the codes (each
TOTP code once, with throttling after failures) and remembers in the session that the sign-in
was verified; the admin lets in only verified staff. Accounts get their authenticator from the
command line (``manage.py create_editor``, ``manage.py setup_totp``): no web page ever shows
a secret.

The sign-in form asks for all three on one page and answers every failure with the same
message, so a guesser never learns that a password was right.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
AUTHENTICATOR = "Authenticator app"
RECOVERY = "Recovery codes"


class SignInForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "Please enter the correct username, password and code for a staff account. "
        "Note that the username and password may be case-sensitive.",
    }

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="6 digits, or one of your recovery codes.",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean(self):
        super().clean()  # the password (and axes' lockout); raises on failure
        user = self.get_user()
        if user is not None:
            device = verified_device(user, self.cleaned_data.get("code", ""))
            if device is None:
                # A wrong code is a failed sign-in like a wrong password: axes counts it too.
                user_login_failed.send(
                    sender=__name__, credentials={"username": user.get_username()}, request=self.request
                )
                raise self.get_invalid_login_error()
            user.otp_device = device  # django-otp records the verification at login()
        return self.cleaned_data


def verified_device(user, code: str):
    """The device that accepts ``code`` for ``user`` (using the code up), or None.

    Six digits are an authenticator code; anything else is tried as a recovery code. Only the
    matching kind is tried, so a typo does not count as a failure against the other kind.
    """
    code = "".join(code.split()).lower()
    if code.isdigit() and len(code) == 6:
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    else:
        devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
    with transaction.atomic():  # throttling counts and used codes are saved together
        for device in devices.select_for_update():
            if device.verify_token(code):
                return device
    return None


class AdminSite(admin.AdminSite):
    """The admin, open only to staff who signed in with their second factor."""

    login_form = SignInForm

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()


# --- setting up an account's second factor ----------------------------------------------------


@dataclass(frozen=True)
class Authenticator:
    device: TOTPDevice
    recovery_codes: list[str]

    @property
    def uri(self) -> str:
        """``otpauth://totp/…``: what an authenticator app reads from the QR code."""
        return self.device.config_url

    @property
    def secret(self) -> str:
        """The same key in base32, for typing into an app by hand."""
        return parse_qs(urlsplit(self.uri).query)["secret"][0]


@transaction.atomic
def set_up_authenticator(user) -> Authenticator:
    """Give ``user`` a new authenticator key and ten new recovery codes; the old ones stop working."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return Authenticator(device, codes)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
