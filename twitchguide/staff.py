"""Staff sign-in: a password and a second factor, for every staff account (ASVS 6.3.3).

The second factor is a code from an authenticator app (TOTP, RFC 6238) or, when the phone is
lost, one of ten single-use recovery codes. django-otp keeps the devices, checks the codes (each
TOTP code once, with throttling after failures) and remembers in the session that the sign-in
was verified; the admin lets in only verified staff.

The sign-in form asks for all three on one page and answers every failure with the same
message, so a guesser never learns that a password was right.

A secret (the key, its otpauth:// link and QR code, the recovery codes) is shown once, to its
owner, when it is made, and never again: on the command line (``manage.py create_editor``,
``manage.py setup_totp``), or on the web at a new staff member's first sign-in, where the right
password of an account with no authenticator yet leads to ``/admin/authenticator/`` and nowhere
else. The admin's device pages show who, which, whether confirmed and when last used; nothing
that could sign anyone in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import qrcode
from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger("twitchguide.security")

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
        help_text="6 digits, or one of your recovery codes. Signing in for the first time? Leave it empty.",
        max_length=32,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean(self):
        super().clean()  # the password (and axes' lockout); raises on failure
        user = self.get_user()
        if user is not None and not has_authenticator(user):
            # A new staff member: signed in with the password only, which the admin does not let
            # in; AdminSite.login sends them to set up their app.
            return self.cleaned_data
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
    # No sidebar of every model beside each page: the article list needs the width (1280 px laptops),
    # and the home page and the breadcrumbs lead everywhere it did.
    enable_nav_sidebar = False

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request, extra_context=None):
        if request.method == "GET" and needs_authenticator(request.user):
            return redirect("admin:authenticator")
        # "Sign in" on the page's title and heading as on its button (Django says "Log in").
        response = super().login(request, {"title": "Sign in", **(extra_context or {})})
        if request.method == "POST" and needs_authenticator(request.user):
            return redirect("admin:authenticator")  # the right password, and no app yet
        return response

    def get_urls(self):
        from triage.security import rate_limited, sign_in_limits

        view = rate_limited(self.authenticator, limits=sign_in_limits)
        return [path("authenticator/", view, name="authenticator"), *super().get_urls()]

    @method_decorator(never_cache)
    def authenticator(self, request):
        """A new staff member's first sign-in: set up the authenticator app, before any admin page.

        Each visit makes a new key and shows it (QR code, key, link) with a box for the first code;
        a wrong code shows the same key again. The first right code confirms it, signs the person in
        with it and shows their recovery codes, once. After that this page only redirects.
        """
        user = request.user
        if not needs_authenticator(user):
            return redirect("admin:index")  # which asks anyone not signed in with a second factor to sign in
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        error = ""
        if request.method == "POST" and device is not None:
            if first_code_works(device, request.POST.get("code", "")):
                authenticator = finish_enrolment(device)
                otp_login(request, authenticator.device)
                context = {**self.each_context(request), "title": "Your recovery codes", "authenticator": authenticator}
                return TemplateResponse(request, "admin/authenticator_done.html", context)
            error = "That code did not work. Check that the app shows TwitchGuide and try the code it shows now."
        else:
            device = start_enrolment(user)
        authenticator = Authenticator(device, [])
        context = {
            **self.each_context(request),
            "title": "Set up your authenticator app",
            "authenticator": authenticator,
            "qr_code": qr_svg(authenticator.uri),
            "error": error,
        }
        return TemplateResponse(request, "admin/authenticator.html", context)


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

    @property
    def secret_in_groups(self) -> str:
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


@transaction.atomic
def set_up_authenticator(user) -> Authenticator:
    """Give ``user`` a new authenticator key and ten new recovery codes; the old ones stop working."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=True)
    return Authenticator(device, _new_recovery_codes(user))


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def needs_authenticator(user) -> bool:
    """Signed in with the password of a staff account that has no authenticator app yet."""
    return user.is_authenticated and user.is_active and user.is_staff and not has_authenticator(user)


def start_enrolment(user) -> TOTPDevice:
    """A new key for ``user``, not yet confirmed (it signs nobody in); an earlier unconfirmed one goes."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def first_code_works(device: TOTPDevice, code: str) -> bool:
    """Whether ``code`` is the one the app shows now for the unconfirmed ``device`` (throttled as sign-in is)."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return device.verify_token(code)


@transaction.atomic
def finish_enrolment(device: TOTPDevice) -> Authenticator:
    """Confirm ``device`` (its app works) and give its owner ten new recovery codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    logger.info("Staff authenticator set up on the web for user id %s", device.user_id)
    return Authenticator(device, _new_recovery_codes(device.user))


def qr_svg(text: str) -> str:
    """``text`` as a QR code, drawn as inline SVG: no image file, no image service, no inline style."""
    code = qrcode.QRCode(border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    dark = "".join(
        f"M{x},{y}h{len(run)}v1h-{len(run)}z"  # one rectangle for each run of dark modules in a row
        for y, row in enumerate(matrix)
        for x, run in _runs(row)
    )
    return format_html(
        '<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" aria-label="QR code for your authenticator app" shape-rendering="crispEdges">'
        '<rect width="{}" height="{}" fill="#fff"/><path d="{}" fill="#000"/></svg>',
        size,
        size,
        size * 5,
        size * 5,
        size,
        size,
        dark,
    )


def _runs(row: list[bool]):
    """(start, modules) of each run of dark modules in a row of a QR code."""
    x = 0
    while x < len(row):
        if row[x]:
            end = x
            while end < len(row) and row[end]:
                end += 1
            yield x, row[x:end]
            x = end
        else:
            x += 1


# --- the admin's pages for the devices: never a secret -----------------------------------------


class DeviceAdmin(admin.ModelAdmin):
    """A staff member's authenticator or recovery codes: who, which, confirmed, last used.

    Read-only, and never the key, the otpauth:// link, the QR code or a recovery code, for anyone
    (django-otp's own pages show them all to a superuser). Deleting a lost phone's device lets its
    owner set up a new app at their next sign-in with their password.
    """

    list_display = ["name", "user", "confirmed", "last_used_at"]
    fields = list_display
    list_select_related = ["user"]
    search_fields = ["user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RecoveryCodesAdmin(DeviceAdmin):
    list_display = [*DeviceAdmin.list_display, "codes_left"]
    fields = list_display

    @admin.display(description="recovery codes left")
    def codes_left(self, device):
        return device.token_set.count()


def register_device_admins(site: admin.AdminSite) -> None:
    """Put our device pages in place of django-otp's (registered by the admin's autodiscovery)."""
    for model, model_admin in [(TOTPDevice, DeviceAdmin), (StaticDevice, RecoveryCodesAdmin)]:
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)
