"""Admin sign-in: guessing is locked out (django-axes), and every sign-in is logged without passwords."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db.models import F

PASSWORD = "correct horse battery staple 42"
WRONG = "Wr0ng-Guess-Password-%d"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)


def sign_in(client, password, username="editor"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_a_correct_password_signs_in(client, editor):
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_five_wrong_passwords_lock_the_account_with_429(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for attempt in range(4):
        response = sign_in(client, WRONG % attempt)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = sign_in(client, WRONG % 4)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    # Even the right password is refused during the cool-off.
    assert sign_in(client, PASSWORD).status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, editor):
    for attempt in range(5):
        sign_in(client, WRONG % attempt)
    assert sign_in(client, PASSWORD).status_code == 429
    # 16 minutes pass: move the recorded attempts back in time.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert sign_in(client, PASSWORD).status_code == 302


def test_a_lockout_does_not_spread_to_other_accounts(client, editor):
    User.objects.create_user("other", "o@example.org", PASSWORD, is_staff=True)
    for attempt in range(5):
        sign_in(client, WRONG % attempt)
    assert sign_in(client, PASSWORD, username="other").status_code == 302


def test_sign_ins_are_logged_without_passwords(client, editor, caplog):
    caplog.set_level(logging.DEBUG)
    for attempt in range(5):
        sign_in(client, WRONG % attempt)
    client.logout()
    AccessAttempt.objects.all().delete()
    sign_in(client, PASSWORD)

    security = [r for r in caplog.records if r.name == "twitchguide.security"]
    failed = [r.getMessage() for r in security if "failed" in r.getMessage()]
    succeeded = [r.getMessage() for r in security if "succeeded" in r.getMessage()]
    assert failed == ["Staff sign-in failed for username='editor'"] * 5
    assert succeeded == ["Staff sign-in succeeded for username='editor'"]

    everything = caplog.text + " ".join(repr(r.args) + repr(r.__dict__) for r in caplog.records)
    assert PASSWORD not in everything
    for attempt in range(5):
        assert WRONG % attempt not in everything


def test_lockout_records_hold_no_password(client, editor):
    for attempt in range(5):
        sign_in(client, WRONG % attempt)
    stored = " ".join(str(vars(row)) for row in AccessAttempt.objects.all())
    assert stored
    for attempt in range(5):
        assert WRONG % attempt not in stored


def test_one_address_cannot_spray_many_usernames(client, editor, settings):
    settings.RATE_LIMIT_POSTS = 10
    for attempt in range(10):
        assert sign_in(client, PASSWORD, username=f"guess{attempt}").status_code == 200
    response = sign_in(client, PASSWORD, username="editor")
    assert response.status_code == 429
