"""Staff second-factor secrets are shown once, to their owner, when they are made: never on an
admin page, for anyone; a new staff member sets up their app on the web at their first sign-in."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import sign_in
from tests.test_security_headers import ADMIN_CSP, inline_code
from twitchguide.staff import qr_svg, set_up_authenticator

PASSWORD = "correct horse battery staple 42"
FAILED = "Please enter the correct username, password and code for a staff account."


def secrets_of(user) -> list[str]:
    """Everything that could sign ``user`` in, in every form a page could show it."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    base32 = device.config_url.split("secret=")[1].split("&")[0]
    return [
        device.key,  # hex, as django-otp's change page shows it
        base32,
        " ".join(base32[i : i + 4] for i in range(0, len(base32), 4)),
        "otpauth://",
        *StaticToken.objects.filter(device__user=user).values_list("token", flat=True),
    ]


# --- the admin's device pages ---------------------------------------------------------------------


@pytest.fixture
def colleague(db):
    """Another staff member, with an authenticator app and recovery codes."""
    user = User.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    set_up_authenticator(user)
    return user


def test_device_pages_show_no_secret_to_anyone_not_even_a_superuser(superuser_client, colleague):
    """Before: a superuser saw the key in hex, the otpauth link and QR code and every recovery code."""
    totp = TOTPDevice.objects.get(user=colleague)
    recovery = StaticDevice.objects.get(user=colleague)
    pages = {
        "/admin/otp_totp/totpdevice/": 200,
        f"/admin/otp_totp/totpdevice/{totp.pk}/change/": 200,
        f"/admin/otp_totp/totpdevice/{totp.pk}/config/": 302,  # django-otp's otpauth link page: gone, the
        f"/admin/otp_totp/totpdevice/{totp.pk}/qrcode/": 302,  # QR code too (the admin redirects to /change/)
        "/admin/otp_totp/totpdevice/add/": 403,  # adding one would show a new key
        "/admin/otp_static/staticdevice/": 200,
        f"/admin/otp_static/staticdevice/{recovery.pk}/change/": 200,
        "/admin/otp_static/staticdevice/add/": 403,
        f"/admin/otp_totp/totpdevice/{totp.pk}/delete/": 200,
        f"/admin/otp_static/staticdevice/{recovery.pk}/delete/": 200,
        f"/admin/auth/user/{colleague.pk}/delete/": 200,  # lists everything deleted with the account
        f"/admin/auth/user/{colleague.pk}/change/": 200,
    }
    answers = {url: superuser_client.get(url) for url in pages}
    assert {url: answer.status_code for url, answer in answers.items()} == pages
    for url, answer in answers.items():
        html = answer.content.decode()
        assert [secret for secret in secrets_of(colleague) if secret in html] == [], url
        assert 'class="qr-code"' not in html, url
    # What the pages do show: whose, which, confirmed, last used; and how many recovery codes are left.
    change = answers[f"/admin/otp_totp/totpdevice/{totp.pk}/change/"].content.decode()
    for shown in ["Authenticator app", "colleague", "Confirmed", "Last used"]:
        assert shown in change
    assert ">10<" in answers["/admin/otp_static/staticdevice/"].content.decode()


def test_a_superuser_cannot_change_a_device_to_learn_or_replace_its_key(superuser_client, colleague):
    totp = TOTPDevice.objects.get(user=colleague)
    key = totp.key
    response = superuser_client.post(
        f"/admin/otp_totp/totpdevice/{totp.pk}/change/", {"key": "00" * 20, "name": "x", "user": colleague.pk}
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.get(pk=totp.pk).key == key


def test_deleting_a_lost_phone_lets_its_owner_set_up_a_new_app_at_the_next_sign_in(superuser_client, colleague):
    totp = TOTPDevice.objects.get(user=colleague)
    superuser_client.post(f"/admin/otp_totp/totpdevice/{totp.pk}/delete/", {"post": "yes"})
    response = Client().post("/admin/login/", {"username": "colleague", "password": PASSWORD, "code": ""})
    assert (response.status_code, response.url) == (302, "/admin/authenticator/")


# --- setting up the app on the web, at the first sign-in -----------------------------------------


@pytest.fixture
def newcomer(db):
    """A staff account a superuser has just made in the admin: a password, no authenticator yet."""
    return User.objects.create_user("newcomer", password=PASSWORD, is_staff=True)


def first_sign_in(client: Client, username: str = "newcomer", password: str = PASSWORD):
    return client.post("/admin/login/", {"username": username, "password": password, "code": ""})


def shown_key(page) -> str:
    return re.search(r'<p class="authenticator-key"><code>([A-Z2-7 ]+)</code></p>', page.content.decode()).group(1)


def code_now(user) -> str:
    """The code the new app shows now (the device's throttling forgotten: tests type fast)."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    device = TOTPDevice.objects.get(user=user)
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_new_staff_member_sets_up_the_app_at_the_first_sign_in(client, newcomer):
    response = first_sign_in(client)
    assert (response.status_code, response.url) == (302, "/admin/authenticator/")
    assert client.get("/admin/").status_code == 302  # no admin page before the app is set up

    page = client.get("/admin/authenticator/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=newcomer)
    assert device.confirmed is False  # a key not yet confirmed signs nobody in
    assert shown_key(page).replace(" ", "") in device.config_url
    assert f'href="{device.config_url.replace("&", "&amp;")}"' in html  # the otpauth:// link
    assert '<svg class="qr-code"' in html

    wrong = client.post("/admin/authenticator/", {"code": "12345x"})
    assert "That code did not work." in wrong.content.decode()
    assert "<title>Error: " in wrong.content.decode()
    assert shown_key(wrong) == shown_key(page)  # the same key: the person has already scanned it

    done = client.post("/admin/authenticator/", {"code": code_now(newcomer)})
    assert done.status_code == 200
    codes = list(StaticToken.objects.filter(device__user=newcomer).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(f"<code>{code}</code>" in done.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=newcomer).confirmed
    assert client.get("/admin/").status_code == 200  # signed in with the new app


def test_the_key_and_the_recovery_codes_are_never_shown_again(client, newcomer):
    first_sign_in(client)
    client.get("/admin/authenticator/")
    client.post("/admin/authenticator/", {"code": code_now(newcomer)})
    secrets = secrets_of(newcomer)
    for again in [client, sign_in(Client(), "newcomer", PASSWORD)]:
        response = again.get("/admin/authenticator/")
        assert (response.status_code, response.url) == (302, "/admin/")
        assert [s for s in secrets if s in again.get("/admin/", follow=True).content.decode()] == []
    # Signing in with only the password now fails like any wrong sign-in.
    assert FAILED in first_sign_in(Client()).content.decode()


def test_each_visit_makes_a_new_key_and_only_a_confirmed_one_signs_in(client, newcomer):
    first_sign_in(client)
    first = shown_key(client.get("/admin/authenticator/"))
    second = shown_key(client.get("/admin/authenticator/"))
    assert first != second
    assert TOTPDevice.objects.filter(user=newcomer).count() == 1
    response = Client().post(
        "/admin/login/", {"username": "newcomer", "password": PASSWORD, "code": code_now(newcomer)}
    )
    assert (response.status_code, response.url) == (302, "/admin/authenticator/")  # not into the admin


def test_only_the_owner_of_an_account_without_an_app_ever_sees_the_page(client, editor, newcomer):
    assert client.get("/admin/authenticator/").url == "/admin/"  # nobody signed in
    assert client.post("/admin/authenticator/", {"code": "123456"}).url == "/admin/"
    editor_key = TOTPDevice.objects.get(user=editor).key
    client.login(username="ed", password="a-long-editor-passphrase-7")  # a password-only session, app set up
    assert client.get("/admin/authenticator/").url == "/admin/"  # no new key: no self-service reset
    assert TOTPDevice.objects.get(user=editor).key == editor_key
    assert FAILED in first_sign_in(Client(), "ed", "a-long-editor-passphrase-7").content.decode()
    assert FAILED in first_sign_in(Client(), "newcomer", "a wrong password 1234").content.decode()
    assert TOTPDevice.objects.filter(user=newcomer).count() == 0


def test_the_page_works_under_the_admins_content_security_policy(client, newcomer):
    first_sign_in(client)
    response = client.get("/admin/authenticator/")
    match = ADMIN_CSP.fullmatch(response["Content-Security-Policy"])
    assert match
    assert inline_code(response.content.decode(), nonce=match.group(1)) == []
    assert "<img" not in response.content.decode()  # the QR code is drawn in the page, fetched from nowhere


def test_the_qr_code_draws_exactly_the_modules_of_the_link():
    import qrcode

    link = "otpauth://totp/TwitchGuide%3Aann?secret=JBSWY3DPEHPK3PXP&issuer=TwitchGuide"
    code = qrcode.QRCode(border=4)
    code.add_data(link)
    code.make(fit=True)
    expected = code.get_matrix()
    drawn = [[False] * len(expected) for _ in expected]
    for x, y, width in re.findall(r"M(\d+),(\d+)h(\d+)v1h-\d+z", qr_svg(link)):
        for dx in range(int(width)):
            drawn[int(y)][int(x) + dx] = True
    assert drawn == expected
