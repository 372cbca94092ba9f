"""The session store (twitchguide/sessions.py): Django's database sessions and their two safety behaviours."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from twitchguide.sessions import SessionStore


def test_it_is_the_session_engine():
    """Read through a copy in Redis with REDIS_URL (tests/test_redis_sessions.py)."""
    expected = "twitchguide.cached_sessions" if settings.REDIS_URL else "twitchguide.sessions"
    assert expected == settings.SESSION_ENGINE


@pytest.mark.django_db
def test_a_saved_session_reads_back():
    session = SessionStore()
    session["example"] = {"abc": {"consent_at": "2026-11-25T10:00:00"}}
    session.save()
    again = SessionStore(session.session_key)
    assert again["example"] == {"abc": {"consent_at": "2026-11-25T10:00:00"}}
    assert again.session_key == session.session_key


@pytest.mark.django_db
def test_an_expired_session_reads_as_empty_and_is_given_a_new_key():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        session = SessionStore()
        session["x"] = 1
        session.set_expiry(60)
        session.save()
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        expired = SessionStore(session.session_key)
        assert "x" not in expired
        assert expired.session_key is None  # the old key is never reused
    assert Session.objects.filter(session_key=session.session_key).exists()  # left for the purge


@pytest.mark.django_db
def test_an_unknown_or_tampered_session_reads_as_empty():
    assert dict(SessionStore("x" * 32)) == {}
    session = SessionStore()
    session["x"] = 1
    session.save()
    Session.objects.filter(session_key=session.session_key).update(session_data="tampered")
    assert dict(SessionStore(session.session_key)) == {}


@pytest.mark.django_db
def test_a_session_deleted_while_in_use_is_still_djangos_interrupted_session():
    from django.contrib.sessions.backends.base import UpdateError

    session = SessionStore()
    session["x"] = 1
    session.save()
    in_use = SessionStore(session.session_key)
    in_use["x"] = 2
    Session.objects.all().delete()  # another request deleted it meanwhile
    with pytest.raises(UpdateError):
        in_use.save()


@pytest.mark.django_db
def test_the_session_cookie_ends_with_the_browser(patient):
    cookie = patient.start().cookies[settings.SESSION_COOKIE_NAME]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")  # no date: the browser drops it on closing
    assert patient.client.session.get_expire_at_browser_close()
