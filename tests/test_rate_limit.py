"""POSTs are limited, counted in the database every server process shares: starting a questionnaire
per browser and per address, its answers per questionnaire (the screening questions and the send
never), staff sign-in apart. No client can lock out a clinic or keep anyone from an emergency card."""

import io
import re
import time
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils.crypto import get_random_string

from tests.conftest import TYPICAL, Patient, card_heading, persona
from triage.models import Assessment, RateLimitCount
from triage.questionnaire.runs import RUNS
from triage.security import browser_key, client_key, count_posts

# The start of a rate-limit window (a multiple of 600 seconds), so a test's POSTs share one window.
WINDOW_START = 1_800_000_000 // 600 * 600


@pytest.fixture
def low_limits(settings):
    settings.RATE_LIMIT_SESSION_POSTS = 3
    settings.RATE_LIMIT_ADDRESS_STARTS = 5
    settings.RATE_LIMIT_QUESTIONNAIRE_POSTS = 2
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
    assert 'in an emergency call <a href="tel:999">999</a>.' in html
    minutes = int(response["Retry-After"]) // 60
    assert 1 <= minutes <= 10
    assert f"Wait {minutes} minute" in html
    assert RUNS not in client.session  # the refused POST did nothing


@pytest.mark.django_db
@pytest.mark.parametrize(
    "seconds_into_window, retry_after, words",
    [(130, "480", "Wait 8 minutes,"), (539, "120", "Wait 2 minutes,"), (590, "60", "Wait 1 minute,")],
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
def test_answers_are_limited_per_questionnaire_and_delete_per_browser(patient, low_limits):
    patient.client.get("/")
    patient.start()
    for step in ["age", "emergency", "same_day", "pregnancy"]:  # the screening questions: never counted
        assert patient.post_step(step, TYPICAL[step]).status_code == 302
    assert patient.post_step("timing", TYPICAL["timing"]).status_code == 302
    assert patient.post_step("muscles", TYPICAL["muscles"]).status_code == 302
    assert patient.post_step("strength", TYPICAL["strength"]).status_code == 429  # this questionnaire's third
    assert patient.client.post("/advice/whatever/delete/").status_code == 404  # the browser's second POST
    assert patient.client.post("/advice/whatever/delete/").status_code == 404
    assert patient.client.post("/advice/whatever/delete/").status_code == 429


@pytest.mark.django_db
def test_each_questionnaire_has_its_own_count(low_limits):
    """Two questionnaires in one browser (two tabs, or a kiosk in a waiting room): neither spends the other's."""
    client = browser()
    first, second = Patient(client), Patient(client)
    first.start()
    second.start()
    for person in (first, second):
        for step in ["age", "emergency", "same_day", "pregnancy"]:
            person.post_step(step, TYPICAL[step])
        assert person.post_step("timing", TYPICAL["timing"]).status_code == 302
        assert person.post_step("muscles", TYPICAL["muscles"]).status_code == 302


@pytest.mark.django_db
def test_answers_to_a_questionnaire_this_browser_does_not_have_write_nothing(low_limits):
    """A client that drops its cookies gets "session ended" and adds no row: it must start again to answer."""
    for _ in range(20):
        response = Client().post("/questions/0a1b2c3d4e5f/timing/", {"step": "timing", "timing-answer": ["awake"]})
        assert response.status_code == 200
        assert "Sorry, your session has ended" in response.content.decode()
    assert RateLimitCount.objects.count() == 0


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
def test_addresses_are_never_stored(client, low_limits, in_the_database):
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


@pytest.fixture(params=["database", "redis"])
def counted_in(request, settings):
    """Each counting test runs on both stores: the database (no REDIS_URL) and Redis."""
    settings.RATE_LIMIT_IN_CACHE = request.param == "redis"
    if request.param == "redis":
        redis = request.getfixturevalue("redis_url")
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis}}
        cache.clear()
    return request.param


@pytest.fixture
def in_the_database(settings):
    settings.RATE_LIMIT_IN_CACHE = False


@pytest.mark.django_db
def test_counts_are_kept_per_client_and_window(counted_in):
    a, b = "a" * 32, "b" * 32
    with frozen():
        assert [count_posts([a], 7, 600) for _ in range(3)] == [[1], [2], [3]]
        assert count_posts([b, a], 7, 600) == [1, 4]
        assert count_posts([a, b], 8, 600) == [1, 1]  # a new window starts from zero
        assert count_posts([a], 7, 600) == [5]
    if counted_in == "database":
        assert RateLimitCount.objects.get(client=a, window=8).expires_at.timestamp() == 9 * 600
    else:
        assert RateLimitCount.objects.count() == 0  # nothing in the database


@pytest.mark.django_db
def test_a_count_in_redis_ends_with_its_window(settings, redis_url):
    settings.RATE_LIMIT_IN_CACHE = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    window = int(time.time() // 600)
    count_posts(["a" * 32], window, 600)
    ttl = cache._cache.get_client().ttl(cache.make_and_validate_key(f"rate-limit:{window}:{'a' * 32}"))
    assert 0 < ttl <= 600 - int(time.time()) % 600 + 1


@pytest.mark.django_db(transaction=True)
def test_counts_are_exact_when_many_threads_count_at_once(counted_in):
    """An upsert in the database, INCR in Redis: no count is lost, whoever made the row or key first."""
    if counted_in == "database" and connection.vendor == "sqlite":
        pytest.skip("SQLite's test database is in memory; tests/test_concurrency.py counts on a SQLite file")
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def count(_):
        try:
            return count_posts(["a" * 32, "b" * 32], 9, 600)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(count, range(80)))
    assert sorted(a for a, _ in results) == list(range(1, 81))
    assert count_posts(["b" * 32], 9, 600) == [81]


@pytest.mark.django_db
def test_counting_a_browser_and_an_address_is_one_query_each(django_assert_num_queries, in_the_database):
    count_posts(["a" * 32, "b" * 32], 7, 600)
    with django_assert_num_queries(2):
        assert count_posts(["a" * 32, "b" * 32], 7, 600) == [2, 2]


@pytest.mark.django_db
def test_counting_in_redis_takes_no_query(django_assert_num_queries, counted_in):
    with django_assert_num_queries(0 if counted_in == "redis" else 1):
        assert count_posts(["a" * 32], 7, 600) == [1]


@pytest.mark.django_db
def test_the_purge_removes_counts_of_past_windows(in_the_database):
    window = int(time.time() // 600)
    count_posts(["a" * 32], window - 1, 600)
    count_posts(["b" * 32], window, 600)
    call_command("purge_expired_assessments", stdout=io.StringIO())
    assert list(RateLimitCount.objects.values_list("client", flat=True)) == ["b" * 32]


# --- the default numbers fit real use -----------------------------------------------------------

CLINIC = "198.51.100.20"


def flood(address: str, *, most: int = 5000) -> int:
    """One client behind ``address`` starting questionnaires with a new cookie each time, as fast as it
    can, until it is refused; how many it started."""
    for started in range(most):
        flooder = Client(REMOTE_ADDR=address)
        flooder.cookies["csrftoken"] = get_random_string(32)  # a made-up cookie: a "new browser" each time
        if flooder.post("/", {"consent": "on"}).status_code == 429:
            return started
    return most


def finish(person: Patient, answers: dict):
    """Answer each question the site asks and send them; the advice page, or the refusal that stopped it."""
    response = person.client.get(person.url("age"), follow=True)
    while (step := person.step_of(response.wsgi_request.path)) not in (None, "check"):
        response = person.post_step(step, answers[step])
        if response.status_code != 302:
            return response
        response = person.client.get(response.url, follow=True)
    if step == "check":
        response = person.submit()
        if response.status_code != 302:
            return response
        response = person.client.get(response.url)
    return response


@pytest.mark.django_db
def test_fifty_patients_behind_one_address_all_finish_while_one_client_floods_it(advice_content, settings):
    """A clinic's Wi-Fi: 50 people start the check, then a client on the same Wi-Fi floods the site
    with a new cookie on every POST; everyone already answering finishes within the 10 minutes, and
    the one who answers the emergency screen gets the emergency card.

    Before: the flood used up the address's 2,000 POSTs, and every one of the 50 (the emergency
    too) got "Please wait" on their next answer, for up to 10 minutes.
    """
    assert (settings.RATE_LIMIT_WINDOW, settings.RATE_LIMIT_ADDRESS_STARTS) == (600, 300)  # the defaults
    people = [Patient(Client(REMOTE_ADDR=CLINIC)) for _ in range(50)]
    with frozen(seconds_into_window=0):
        for person in people:
            person.client.get("/")
            assert person.start().status_code == 302
        flooded = flood(CLINIC)
    assert flooded == settings.RATE_LIMIT_ADDRESS_STARTS - 50  # the flood was stopped by the address ceiling
    emergency = 25
    pages = []
    for n, person in enumerate(people):
        with frozen(seconds_into_window=30 + n * 11):  # one after another, all within the window
            answers = persona(age="45_64", emergency=["fit_now"]) if n == emergency else TYPICAL
            pages.append(finish(person, answers))
    finished = [n for n, page in enumerate(pages) if page.status_code == 200 and "/advice/" in page.wsgi_request.path]
    print(f"\n{len(finished)} of 50 patients behind one address finished within 10 minutes (flood: {flooded} starts)")
    assert finished == list(range(50))
    assert card_heading(pages[emergency].content.decode()) == "Call 999 now"
    assert Assessment.objects.count() == 50
    # Someone arriving now, behind the same address, is told what to do instead of starting.
    with frozen(seconds_into_window=590):
        late = browser(REMOTE_ADDR=CLINIC).post("/", {"consent": "on"})
    assert late.status_code == 429
    assert "use your phone's mobile data" in late.content.decode()


@pytest.mark.django_db
def test_screening_answers_are_never_refused_and_an_emergency_always_gets_its_card(low_limits, settings):
    settings.RATE_LIMIT_QUESTIONNAIRE_POSTS = 0  # every other answer is refused
    person = Patient(browser())
    person.start()
    assert person.post_step("age", "45_64").status_code == 302
    assert person.post_step("emergency", ["none"]).status_code == 302
    assert person.post_step("emergency", ["none"]).status_code == 302  # changed, and again: still no limit
    response = person.post_step("emergency", ["fit_now"])
    assert response.status_code == 302 and response.url.startswith("/advice/")
    assert card_heading(person.client.get(response.url).content.decode()) == "Call 999 now"


@pytest.mark.django_db
def test_a_same_day_answer_is_shown_even_when_the_next_answer_is_refused(low_limits, settings):
    """The refused page shows the outcome so far when it already means seeing a doctor today."""
    settings.RATE_LIMIT_QUESTIONNAIRE_POSTS = 0
    person = Patient(browser())
    person.start()
    for step, answer in [("age", "25_44"), ("emergency", ["none"]), ("same_day", ["first_fit_over"])]:
        assert person.post_step(step, answer).status_code == 302  # screening answers: never refused
    assert person.post_step("pregnancy", ["neither"]).status_code == 302
    refused = person.post_step("timing", ["falling_asleep"])
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Your answers so far already say what to do." in html
    assert "care-card--today" in html


@pytest.mark.django_db
def test_someone_already_answering_finishes_when_the_address_is_at_its_ceiling(advice_content, settings):
    settings.RATE_LIMIT_ADDRESS_STARTS = 1
    person = Patient(browser(REMOTE_ADDR=CLINIC))
    person.start()
    assert browser(REMOTE_ADDR=CLINIC).post("/", {"consent": "on"}).status_code == 429  # no one else starts
    page = finish(person, TYPICAL)
    assert page.status_code == 200 and page.wsgi_request.path.startswith("/advice/")


@pytest.mark.django_db
def test_the_refused_page_says_what_to_do_now_and_try_again_sends_the_same_answer(low_limits):
    person = Patient(browser())
    with frozen(0):
        person.start()
        for step in ["age", "emergency", "same_day", "pregnancy", "medicine_signs", "timing", "muscles"]:
            person.post_step(step, TYPICAL[step])
        refused = person.post_step("strength", "wakes")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "What to do now" in html
    assert (
        'If you have symptoms that worry you now, do not wait: in an emergency call <a href="tel:999">999</a>.' in html
    )
    assert "Wait 10 minutes, then press “Try again”." in html
    assert 'href="/about-sleep-starts/"' in html
    assert '<input type="hidden" name="strength-answer" value="wakes">' in html
    assert "no-store" in refused["Cache-Control"]  # the answer in the form is kept by no cache
    assert "mobile data" not in html  # this browser sent too much; its network did nothing wrong
    with frozen(600):  # the next window
        again = person.client.post(
            re.search(r'<form[^>]*\saction="([^"]+)"', html).group(1),
            dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)),
        )
    assert (again.status_code, again.url) == (302, person.url("frequency"))


@pytest.mark.django_db
def test_one_flooding_browser_is_still_stopped(settings):
    client = browser()
    with frozen():
        statuses = [client.post("/", {}).status_code for _ in range(settings.RATE_LIMIT_SESSION_POSTS + 1)]
    assert statuses == [200] * settings.RATE_LIMIT_SESSION_POSTS + [429]


@pytest.mark.django_db
def test_a_client_flooding_with_a_fresh_cookie_each_time_meets_the_address_ceiling(settings, in_the_database):
    """Far too many POSTs to send one by one here: the address's count is set just below the ceiling."""
    with frozen():
        first = Client(REMOTE_ADDR="198.51.100.30")
        first.post("/", {})
        RateLimitCount.objects.filter(client=client_key(first.post("/", {}).wsgi_request)).update(
            count=settings.RATE_LIMIT_ADDRESS_STARTS - 1
        )
        assert browser(REMOTE_ADDR="198.51.100.30").post("/", {}).status_code == 200  # the last one allowed
        assert browser(REMOTE_ADDR="198.51.100.30").post("/", {}).status_code == 429
        assert browser(REMOTE_ADDR="198.51.100.31").post("/", {}).status_code == 200


# --- staff sign-in has its own limit --------------------------------------------------------------


@pytest.mark.django_db
def test_staff_sign_in_and_patients_do_not_share_a_limit(settings):
    settings.RATE_LIMIT_SIGN_IN_POSTS = 2
    settings.RATE_LIMIT_SESSION_POSTS = settings.RATE_LIMIT_ADDRESS_STARTS = 2
    staff, patient = Client(), Client()
    assert [staff.post("/admin/login/", {"username": "x", "password": "y"}).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert [patient.post("/", {}).status_code for _ in range(3)] == [200, 200, 429]
    refused = staff.post("/admin/login/", {"username": "x", "password": "y", "code": "123456"})
    assert "Try again" not in refused.content.decode()  # staff sign in again from the start: nothing re-sent
    assert 'value="123456"' not in refused.content.decode()
    elsewhere = Client(REMOTE_ADDR="192.0.2.50")  # each address has its own sign-in count
    assert elsewhere.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 200


def test_rate_limited_views_count_nothing_on_reads(rf):
    from triage.security import rate_limited

    view = rate_limited(lambda request: "read")
    with mock.patch("triage.security.count_posts") as counting:
        assert view(rf.get("/")) == "read"
    counting.assert_not_called()
