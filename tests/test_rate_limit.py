"""Public POSTs are limited per client, counted in the database every server process shares."""

import io
import time

import pytest
from django.core.cache import caches
from django.core.management import call_command

from triage.models import RateLimitCount
from triage.security import client_key, count_post


@pytest.fixture
def low_limit(settings):
    settings.RATE_LIMIT_POSTS = 3
    settings.RATE_LIMIT_WINDOW = 600


@pytest.mark.django_db
def test_the_limit_and_the_message(client, low_limit):
    for _ in range(3):
        assert client.post("/", {}).status_code == 200  # a form error, but counted
    response = client.post("/", {"consent": "on"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "You've sent a lot of answers in a short time." in html
    assert "Your answers so far are kept." in html
    minutes = int(response["Retry-After"]) // 60
    assert 1 <= minutes <= 10
    assert f"Wait {minutes} minute" in html
    assert "triage_runs" not in client.session  # the refused POST did nothing


@pytest.mark.django_db
def test_reading_pages_is_not_limited(client, low_limit):
    for _ in range(5):
        client.post("/", {})
    assert client.get("/").status_code == 200
    assert client.get("/privacy/").status_code == 200


@pytest.mark.django_db
def test_questions_and_delete_are_limited_too(patient, low_limit):
    patient.start()
    patient.post_step("age", "25_44")
    patient.post_step("sex", "male")
    response = patient.post_step("timing", ["falling_asleep"])
    assert response.status_code == 429
    assert patient.client.post("/advice/whatever/delete/").status_code == 429


@pytest.mark.django_db
def test_each_client_has_its_own_count(client, low_limit):
    for _ in range(4):
        client.post("/", {}, REMOTE_ADDR="192.0.2.1")
    assert client.post("/", {}, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post("/", {}, REMOTE_ADDR="192.0.2.2").status_code == 200


@pytest.mark.django_db
def test_the_count_starts_again_in_the_next_window(client, low_limit):
    from unittest import mock

    with mock.patch("triage.security.time.time", return_value=1_800_000_000.0):
        for _ in range(4):
            client.post("/", {})
        assert client.post("/", {}).status_code == 429
    with mock.patch("triage.security.time.time", return_value=1_800_000_000.0 + 600):
        assert client.post("/", {}).status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_the_last_forwarded_hop_counts(client, low_limit, settings):
    settings.BEHIND_PROXY = True
    for spoofed in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"]:
        client.post("/", {}, HTTP_X_FORWARDED_FOR=f"{spoofed}, 198.51.100.7")
    # Changing the client-supplied part does not escape the limit.
    assert client.post("/", {}, HTTP_X_FORWARDED_FOR="5.5.5.5, 198.51.100.7").status_code == 429
    assert client.post("/", {}, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


@pytest.mark.django_db
def test_addresses_are_never_stored(client, low_limit):
    client.post("/", {}, REMOTE_ADDR="203.0.113.99")
    rows = list(RateLimitCount.objects.values_list())  # every column of every row
    assert rows
    assert not any("203.0.113.99" in str(value) for row in rows for value in row)
    assert len(client_key(client.post("/", {}).wsgi_request)) == 32


def test_the_cache_is_shared_between_processes(settings):
    """Django's default cache (locmem) lives in each process: anything cached must be shared."""
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches["default"].__class__.__name__ == "DatabaseCache"


def test_client_addresses_are_validated(rf, settings):
    from triage.security import client_ip

    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="")) is None
    settings.BEHIND_PROXY = True
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 2001:db8::1")) == "2001:db8::1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, not-an-ip")) is None
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


@pytest.mark.django_db
def test_a_malformed_forwarded_header_at_the_admin_is_not_a_server_error(client, settings):
    settings.BEHIND_PROXY = True
    response = client.post("/admin/login/", {"username": "x", "password": "y"}, HTTP_X_FORWARDED_FOR="garbage")
    assert response.status_code == 200


@pytest.mark.django_db
def test_counts_are_kept_per_client_and_window_and_old_windows_go():
    assert [count_post("a" * 32, 7, 600) for _ in range(3)] == [1, 2, 3]
    assert count_post("b" * 32, 7, 600) == 1
    assert count_post("a" * 32, 8, 600) == 1  # a new window starts from zero ...
    assert list(RateLimitCount.objects.filter(client="a" * 32).values_list("window", flat=True)) == [8]  # ... alone
    assert RateLimitCount.objects.get(client="a" * 32).expires_at.timestamp() == 9 * 600


@pytest.mark.django_db
def test_the_purge_removes_counts_of_past_windows():
    now = time.time()
    window = int(now // 600)
    count_post("a" * 32, window - 1, 600)
    count_post("b" * 32, window, 600)
    call_command("purge_expired_assessments", stdout=io.StringIO())
    assert list(RateLimitCount.objects.values_list("client", flat=True)) == ["b" * 32]
