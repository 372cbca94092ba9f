"""Staff sign-in: a password and a second factor (authenticator code or recovery code) for every staff
account; guessing is locked out (django-axes) and logged without usernames, passwords or addresses."""

import io
import ipaddress
import logging
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import authenticator_code, sign_in
from triage.security import client_key
from twitchguide.staff import set_up_authenticator

PASSWORD = "correct horse battery staple 42"
WRONG = "Wr0ng-Guess-Password-%d"
FAILED = "Please enter the correct username, password and code for a staff account."


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)
    user.recovery_codes = set_up_authenticator(user).recovery_codes
    return user


def attempt(client, password=PASSWORD, username="editor", code=None, user=None):
    code = authenticator_code(user or User.objects.get(username="editor")) if code is None else code
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password, "code": code})


def test_password_and_authenticator_code_sign_in(client, editor):
    response = attempt(client)
    assert (response.status_code, response.url) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "next_page, lands_on",
    [
        (None, "/admin/"),
        ("", "/admin/"),
        ("https://evil.example/admin/", "/admin/"),
        ("//evil.example/", "/admin/"),
        ("/admin/password_change/", "/admin/password_change/"),  # a page of ours is kept
    ],
)
def test_sign_in_with_a_foreign_or_missing_next_lands_on_the_admin_index(client, editor, next_page, lands_on):
    """Before: Django's default, /accounts/profile/, a page that does not exist here (404)."""
    data = {"username": "editor", "password": PASSWORD, "code": authenticator_code(editor)}
    if next_page is not None:
        data["next"] = next_page
    response = client.post("/admin/login/", data)
    assert (response.status_code, response.url) == (302, lands_on)
    assert client.get(response.url).status_code == 200


def test_the_sign_in_page_asks_for_the_code(client, db):
    html = client.get("/admin/login/").content.decode()
    assert '<label for="id_code">Code from your authenticator app:</label>' in html  # empty at a first sign-in
    assert 'autocomplete="one-time-code"' in html
    assert 'aria-describedby="id_code_helptext"' in html


@pytest.mark.parametrize("code", ["", "000000", "12345", "not-a-code"])
def test_a_right_password_without_the_right_code_is_refused_like_a_wrong_password(client, editor, code):
    TOTPDevice.objects.filter(user=editor).update(key="00" * 20)  # so that "000000" is not by chance right
    response = attempt(client, code=code)
    assert response.status_code == 200
    html = response.content.decode()
    assert FAILED in html
    assert "_auth_user_id" not in client.session
    wrong_password = attempt(Client(), password=WRONG % 0, code=code)
    assert wrong_password.content.decode().count(FAILED) == html.count(FAILED)


def test_a_code_works_once(client, editor):
    code = authenticator_code(editor)
    assert attempt(client, code=code).status_code == 302
    assert attempt(Client(), code=code).status_code == 200  # replayed within its 30 seconds


def test_a_recovery_code_works_once_in_place_of_the_app(client, editor):
    code = editor.recovery_codes[0]
    assert attempt(client, code=f" {code.upper()} ").status_code == 302
    assert StaticToken.objects.filter(token=code).count() == 0
    assert attempt(Client(), code=code).status_code == 200
    assert StaticToken.objects.count() == 9


def test_another_accounts_code_does_not_work(client, editor):
    other = User.objects.create_user("other", password=PASSWORD, is_staff=True)
    set_up_authenticator(other)
    assert attempt(client, code=authenticator_code(other)).status_code == 200


def test_staff_without_an_authenticator_are_sent_to_set_one_up_and_not_into_the_admin(client, db):
    """Their first sign-in (tests/test_staff_authenticator.py): the password alone opens no admin page."""
    User.objects.create_user("newcomer", password=PASSWORD, is_staff=True)
    response = attempt(client, username="newcomer", code="123456")
    assert (response.status_code, response.url) == (302, "/admin/authenticator/")
    assert client.get("/admin/").url == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/?next=/admin/").url == "/admin/authenticator/"


def test_a_password_only_session_is_not_let_into_the_admin(client, editor):
    """Signed in some other way (here Django's test login), but not verified by a second factor."""
    assert client.login(username="editor", password=PASSWORD)
    response = client.get("/admin/")
    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/")
    sign_in(client, "editor", PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_five_wrong_passwords_lock_the_account_with_429(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for n in range(4):
        response = attempt(client, password=WRONG % n)
        assert response.status_code == 200
        assert FAILED in response.content.decode()
    response = attempt(client, password=WRONG % 4)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    # Even the right password and code are refused during the cool-off.
    assert attempt(client).status_code == 429


def test_wrong_codes_count_towards_the_lockout(client, editor):
    TOTPDevice.objects.filter(user=editor).update(key="00" * 20)
    for _ in range(5):
        attempt(client, code="999999")
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert attempt(client).status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, editor):
    for n in range(5):
        attempt(client, password=WRONG % n)
    assert attempt(client).status_code == 429
    # 16 minutes pass: move the recorded attempts back in time.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert attempt(client).status_code == 302


def test_a_lockout_does_not_spread_to_other_accounts(client, editor):
    other = User.objects.create_user("other", "o@example.org", PASSWORD, is_staff=True)
    set_up_authenticator(other)
    for n in range(5):
        attempt(client, password=WRONG % n)
    assert attempt(client, username="other", user=other).status_code == 302


def test_sign_ins_are_logged_without_usernames_passwords_or_addresses(editor, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(5):
        attempt(client, password=WRONG % n)
    AccessAttempt.objects.all().delete()
    attempt(client, username=PASSWORD)  # a password typed into the username box
    attempt(client)

    security = [r.getMessage() for r in caplog.records if r.name == "twitchguide.security"]
    label = client_key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.5"))[:12]
    assert security == [
        *[f"Staff sign-in failed (client {label})"] * 4,
        f"Staff sign-in locked out after repeated failures (client {label})",  # axes, on the fifth
        f"Staff sign-in failed (client {label})",
        f"Staff sign-in failed (client {label})",
        f"Staff sign-in succeeded for user id {editor.pk}",
    ]

    everything = caplog.text + " ".join(repr(r.args) + repr(r.__dict__) for r in caplog.records)
    for secret in [PASSWORD, "203.0.113.5", *(WRONG % n for n in range(5))]:
        assert secret not in everything


def test_a_sign_in_failure_without_a_request_is_logged_too(caplog):
    from django.contrib.auth.signals import user_login_failed

    caplog.set_level(logging.INFO, logger="twitchguide.security")
    user_login_failed.send(sender=__name__, credentials={"username": "x"})  # e.g. authenticate() in a shell
    security = [r.getMessage() for r in caplog.records if r.name == "twitchguide.security"]
    assert security == ["Staff sign-in failed (client -)"]


def test_stored_addresses_are_stable_keyed_hashes_no_client_can_have(rf):
    from triage.security import pseudonymous_address

    def pseudonym(address):
        return pseudonymous_address(rf.post("/admin/login/", REMOTE_ADDR=address))

    first, again, other = pseudonym("192.0.2.1"), pseudonym("192.0.2.1"), pseudonym("192.0.2.2")
    assert first == again != other
    assert all(ipaddress.ip_address(p) in ipaddress.ip_network("2001:db8::/32") for p in (first, other))
    assert pseudonym("not an address") is None


def test_lockout_records_hold_no_password_and_no_address(editor):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(5):
        attempt(client, password=WRONG % n)
    row = AccessAttempt.objects.get()
    stored = str(vars(row))
    for n in range(5):
        assert WRONG % n not in stored
    assert "203.0.113.5" not in stored
    assert row.ip_address.startswith("2001:db8:")  # a keyed hash, shaped as an address no client has


def test_one_address_cannot_spray_many_usernames(client, editor, settings):
    settings.RATE_LIMIT_SIGN_IN_POSTS = 10
    for n in range(10):
        assert attempt(client, username=f"guess{n}").status_code == 200
    assert attempt(client).status_code == 429


def test_the_purge_deletes_sign_in_failures_older_than_the_retention_period(editor, settings):
    settings.ANSWER_RETENTION_DAYS = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt(Client(), password=WRONG % 0)

    def purge_on(day) -> str:
        out = io.StringIO()
        with time_machine.travel(start + timedelta(days=day, minutes=1), tick=False):
            call_command("purge_expired_assessments", stdout=out)
        return out.getvalue()

    assert "and 0 old sign-in failure record(s)" in purge_on(29)
    assert AccessAttempt.objects.count() == 1
    assert "and 1 old sign-in failure record(s)" in purge_on(30)
    assert AccessAttempt.objects.count() == 0


# --- setting up the second factor from the command line ------------------------------------------


def test_make_editor_prints_what_the_authenticator_app_needs(db):
    out = io.StringIO()
    call_command("create_editor", username="ann", password=PASSWORD, interactive=False, stdout=out)
    text = out.getvalue()
    device = TOTPDevice.objects.get(user__username="ann")
    assert f"otpauth://totp/TwitchGuide%3Aann?secret={device.config_url.split('secret=')[1]}" in text
    secret = device.config_url.split("secret=")[1].split("&")[0]
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in text
    assert "█" in text  # the QR code, drawn in the terminal
    codes = list(StaticToken.objects.filter(device__user__username="ann").values_list("token", flat=True))
    assert len(codes) == 10
    assert all(f"      {code}\n" in text for code in codes)
    assert sign_in(Client(), "ann", PASSWORD)


def test_running_make_editor_again_keeps_the_authenticator_unless_asked(db):
    call_command("create_editor", username="ann", password=PASSWORD, interactive=False, stdout=io.StringIO())
    key = TOTPDevice.objects.get().key
    out = io.StringIO()
    call_command("create_editor", username="ann", interactive=False, stdout=out)
    assert TOTPDevice.objects.get().key == key
    assert "otpauth://" not in out.getvalue()
    call_command("create_editor", username="ann", interactive=False, new_authenticator=True, stdout=io.StringIO())
    assert TOTPDevice.objects.get().key != key
    assert StaticToken.objects.count() == 10


def test_make_editor_checks_a_first_code_when_run_in_a_terminal(db, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["123", "live"])

    def type_code(prompt):
        code = next(answers)
        return authenticator_code(User.objects.get(username="ann")) if code == "live" else code

    out = io.StringIO()
    with mock.patch("builtins.input", type_code):
        call_command("create_editor", username="ann", password=PASSWORD, stdout=out)
    assert "That code did not work." in out.getvalue()
    assert "That code works: the app is set up." in out.getvalue()


def test_any_staff_account_can_get_a_new_authenticator(db):
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    call_command("setup_totp", "root", interactive=False, stdout=io.StringIO())
    assert sign_in(Client(), "root", PASSWORD).get("/admin/auth/user/").status_code == 200
    with pytest.raises(CommandError, match="no staff account called 'nobody'"):
        call_command("setup_totp", "nobody", interactive=False)
