"""POSTs are limited per browser, per address (a much higher ceiling) and for staff sign-in apart,
counted in the database every server process shares."""

import io
import time
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from tests.conftest import TYPICAL, Patient
from triage.models import Assessment, RateLimitCount
from triage.runs import RUNS
from triage.security import browser_key, client_key, count_posts

# The start of a rate-limit window (a multiple of 600 seconds), so a test's POSTs share one window.
WINDOW_START = 1_800_000_000 // 600 * 600


@pytest.fixture
def low_limits(settings):
    settings.RATE_LIMIT_SESSION_POSTS = 3
    settings.RATE_LIMIT_ADDRESS_POSTS = 5
    settings.RATE_LIMIT_WINDOW = 600


def frozen(seconds_into_window: float = 0):
    return time_machine.travel(WINDOW_START + seconds_into_window, tick=False)


def browser(**defaults) -> Client:
    """A browser that has opened the start page, so it has its CSRF cookie (its identity until a session)."""
    client = Client(**defaults)
    client.get("/")
    return client


@pytest.mark.django_db
def test_the_limit_and_the_message(low_limits):
    client = browser()
    for _ in range(3):
        assert client.post("/", {}).status_code == 200  # a form error, but counted
    response = client.post("/", {"consent": "on"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "<title>Please wait a moment – TwitchGuide</title>" in html
    assert "You've sent a lot of answers in a short time." in html
    assert "Your answers so far are kept." in html
    assert "in an emergency call 999." in html
    minutes = int(response["Retry-After"]) // 60
    assert 1 <= minutes <= 10
    assert f"Wait {minutes} minute" in html
    assert RUNS not in client.session  # the refused POST did nothing


@pytest.mark.django_db
@pytest.mark.parametrize(
    "seconds_into_window, retry_after, words",
    [(130, "480", "Wait 8 minutes"), (539, "120", "Wait 2 minutes"), (590, "60", "Wait 1 minute and")],
)
def test_the_wait_is_the_rest_of_the_window_in_whole_minutes(low_limits, seconds_into_window, retry_after, words):
    client = browser()
    with frozen(seconds_into_window):
        for _ in range(3):
            client.post("/", {})
        response = client.post("/", {})
    assert response["Retry-After"] == retry_after
    assert words in response.content.decode()


@pytest.mark.django_db
def test_reaching_a_limit_is_logged_once_with_the_hashed_key_only(low_limits, caplog):
    client = browser(REMOTE_ADDR="203.0.113.8")

    def logged():
        return [r.getMessage() for r in caplog.records if r.name == "twitchguide.security"]

    with frozen():
        requests = [client.post("/", {}).wsgi_request for _ in range(4)]
        browser_over = f"Rate limit reached by client {browser_key(requests[0])[:12]} on start"
        assert logged() == [browser_over]  # at the browser's 4th POST (its limit is 3)
        client.post("/", {})
        assert logged() == [browser_over]
        client.post("/", {})  # the address's 6th (its limit is 5)
        client.post("/", {})
    assert logged() == [browser_over, f"Rate limit reached by client {client_key(requests[0])[:12]} on start"]
    assert "203.0.113.8" not in caplog.text


@pytest.mark.django_db
def test_reading_pages_is_not_limited(client, low_limits):
    for _ in range(5):
        client.post("/", {})
    assert client.get("/").status_code == 200
    assert client.get("/privacy/").status_code == 200


@pytest.mark.django_db
def test_questions_and_delete_are_limited_too(patient, low_limits):
    patient.client.get("/")
    patient.start()
    patient.post_step("age", "25_44")
    patient.post_step("emergency", ["none"])
    response = patient.post_step("timing", ["falling_asleep"])
    assert response.status_code == 429
    assert patient.client.post("/advice/whatever/delete/").status_code == 429


@pytest.mark.django_db
def test_each_browser_has_its_own_count(low_limits):
    first, second = browser(), browser()
    for _ in range(3):
        first.post("/", {})
    assert first.post("/", {}).status_code == 429
    assert second.post("/", {}).status_code == 200  # same address, another browser


def test_a_browser_is_its_csrf_cookie(rf):
    def request(csrf=None, address="192.0.2.1"):
        made = rf.post("/", REMOTE_ADDR=address)
        if csrf:
            made.META["CSRF_COOKIE"] = csrf
        return made

    assert browser_key(request("one")) == browser_key(request("one", address="192.0.2.9"))
    assert browser_key(request("one")) != browser_key(request("two"))
    # Without the cookie, every such request from one address is one browser.
    assert browser_key(request()) == browser_key(request()) != browser_key(request(address="192.0.2.9"))
    assert browser_key(request()) != client_key(request())


def test_the_csrf_cookie_ends_with_the_browser_session(client, db):
    cookie = client.get("/").cookies["csrftoken"]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")


@pytest.mark.django_db
def test_one_address_has_a_ceiling_over_all_its_browsers(low_limits):
    for _ in range(5):
        assert browser().post("/", {}).status_code == 200  # five browsers, one POST each
    assert browser().post("/", {}).status_code == 429  # a sixth browser, same address
    assert browser().post("/", {}, REMOTE_ADDR="192.0.2.2").status_code == 200


@pytest.mark.django_db
def test_the_count_starts_again_in_the_next_window(low_limits):
    client = browser()
    with frozen(0):
        for _ in range(3):
            client.post("/", {})
        assert client.post("/", {}).status_code == 429
    with frozen(600):
        assert client.post("/", {}).status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_the_last_forwarded_hop_counts(low_limits, settings):
    settings.BEHIND_PROXY = True
    for spoofed in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"]:
        browser().post("/", {}, HTTP_X_FORWARDED_FOR=f"{spoofed}, 198.51.100.7")
    # Changing the client-supplied part does not escape the ceiling.
    assert browser().post("/", {}, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7").status_code == 429
    assert browser().post("/", {}, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


@pytest.mark.django_db
def test_addresses_are_never_stored(client, low_limits):
    client.post("/", {}, REMOTE_ADDR="203.0.113.99")
    rows = list(RateLimitCount.objects.values_list())  # every column of every row
    assert len(rows) == 2  # the browser's count and the address's
    assert not any("203.0.113.99" in str(value) for row in rows for value in row)
    assert len(client_key(client.post("/", {}).wsgi_request)) == 32


def test_client_addresses_are_validated(rf, settings):
    from triage.security import client_ip

    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="")) is None
    settings.BEHIND_PROXY = True
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 2001:db8::1")) == "2001:db8::1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4,2001:db8::2")) == "2001:db8::2"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, not-an-ip")) is None
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


@pytest.mark.django_db
def test_a_malformed_forwarded_header_at_the_admin_is_not_a_server_error(client, settings):
    settings.BEHIND_PROXY = True
    response = client.post("/admin/login/", {"username": "x", "password": "y"}, HTTP_X_FORWARDED_FOR="garbage")
    assert response.status_code == 200


@pytest.mark.django_db
def test_counts_are_kept_per_client_and_window():
    a, b = "a" * 32, "b" * 32
    assert [count_posts([a], 7, 600) for _ in range(3)] == [[1], [2], [3]]
    assert count_posts([b, a], 7, 600) == [1, 4]
    assert count_posts([a, b], 8, 600) == [1, 1]  # a new window starts from zero
    assert count_posts([a], 7, 600) == [5]
    assert RateLimitCount.objects.get(client=a, window=8).expires_at.timestamp() == 9 * 600


@pytest.mark.django_db
def test_a_post_that_loses_the_race_to_create_the_row_counts_on_the_winners():
    from triage.security import _first_post

    count_posts(["b" * 32, "a" * 32], 6, 600)  # other clients' and windows' rows stay as they are
    count_posts(["b" * 32], 7, 600)
    count_posts(["a" * 32], 7, 600)  # the other request made the row first
    row = RateLimitCount.objects.get(client="a" * 32, window=7)
    assert _first_post("a" * 32, 7, row.expires_at) == 2
    assert sorted(RateLimitCount.objects.values_list("client", "window", "count")) == [
        ("a" * 32, 6, 1),
        ("a" * 32, 7, 2),
        ("b" * 32, 6, 1),
        ("b" * 32, 7, 1),
    ]


@pytest.mark.django_db
def test_counting_a_known_browser_and_address_is_one_query(django_assert_num_queries):
    count_posts(["a" * 32, "b" * 32], 7, 600)
    with django_assert_num_queries(1):
        assert count_posts(["a" * 32, "b" * 32], 7, 600) == [2, 2]


@pytest.mark.django_db
def test_the_purge_removes_counts_of_past_windows():
    window = int(time.time() // 600)
    count_posts(["a" * 32], window - 1, 600)
    count_posts(["b" * 32], window, 600)
    call_command("purge_expired_assessments", stdout=io.StringIO())
    assert list(RateLimitCount.objects.values_list("client", flat=True)) == ["b" * 32]


# --- the default numbers fit real use -----------------------------------------------------------


@pytest.mark.django_db
def test_thirty_people_behind_one_address_each_finish_in_ten_minutes(advice_content, settings):
    """A clinic's Wi-Fi: everyone shares one address, each person has their own browser."""
    assert settings.RATE_LIMIT_WINDOW == 600  # the defaults, unchanged
    people = [Patient(Client(REMOTE_ADDR="198.51.100.20")) for _ in range(30)]
    for n, person in enumerate(people):
        with frozen(seconds_into_window=n * 19):  # one after another over 9½ minutes, one window
            page = person.complete(TYPICAL)
        assert page.status_code == 200, n
    assert Assessment.objects.count() == 30


@pytest.mark.django_db
def test_one_flooding_browser_is_still_stopped(settings):
    client = browser()
    with frozen():
        statuses = [client.post("/", {}).status_code for _ in range(settings.RATE_LIMIT_SESSION_POSTS + 1)]
    assert statuses == [200] * settings.RATE_LIMIT_SESSION_POSTS + [429]


@pytest.mark.django_db
def test_a_client_flooding_with_a_fresh_cookie_each_time_meets_the_address_ceiling(settings):
    """Far too many POSTs to send one by one here: the address's count is set just below the ceiling."""
    with frozen():
        first = Client(REMOTE_ADDR="198.51.100.30")
        first.post("/", {})
        RateLimitCount.objects.filter(client=client_key(first.post("/", {}).wsgi_request)).update(
            count=settings.RATE_LIMIT_ADDRESS_POSTS - 1
        )
        assert browser(REMOTE_ADDR="198.51.100.30").post("/", {}).status_code == 200  # the last one allowed
        assert browser(REMOTE_ADDR="198.51.100.30").post("/", {}).status_code == 429
        assert browser(REMOTE_ADDR="198.51.100.31").post("/", {}).status_code == 200


# --- staff sign-in has its own limit --------------------------------------------------------------


@pytest.mark.django_db
def test_staff_sign_in_and_patients_do_not_share_a_limit(settings):
    settings.RATE_LIMIT_SIGN_IN_POSTS = 2
    settings.RATE_LIMIT_SESSION_POSTS = settings.RATE_LIMIT_ADDRESS_POSTS = 2
    staff, patient = Client(), Client()
    assert [staff.post("/admin/login/", {"username": "x", "password": "y"}).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert [patient.post("/", {}).status_code for _ in range(3)] == [200, 200, 429]
    elsewhere = Client(REMOTE_ADDR="192.0.2.50")  # each address has its own sign-in count
    assert elsewhere.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 200


def test_rate_limited_views_count_nothing_on_reads(rf):
    from triage.security import rate_limited

    view = rate_limited(lambda request: "read")
    with mock.patch("triage.security.count_posts") as counting:
        assert view(rf.get("/")) == "read"
    counting.assert_not_called()
