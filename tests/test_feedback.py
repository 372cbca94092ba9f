"""Feedback and safety concerns: what a patient, a carer or a clinician sends, and what staff see of it."""

import html
import logging
import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tests.conftest import TYPICAL, Patient, sign_in
from triage.models import Feedback
from triage.services import store_assessment, store_feedback, without_advice_links

pytestmark = pytest.mark.django_db

FEEDBACK = "/feedback/"
SAFETY = "/report-a-safety-concern/"
CHANGELIST = "/admin/triage/feedback/"
DAY_0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

CONCERN = {
    "text": "It told my dad to look after it himself, but he had a seizure that night.",
    "advice_outcome": "self_care",
    "reporter": "carer",
    "contact_email": "ann@example.org",
}


def errors(response) -> list[str]:
    return [html.unescape(error) for error in Patient.errors(response)]


def concern(**fields) -> Feedback:
    return store_feedback(kind=Feedback.Kind.SAFETY_CONCERN, **{"text": "Something went wrong.", **fields})


# --- sending feedback and safety concerns -------------------------------------------------


def test_feedback_is_stored_and_thanked_for(client, settings):
    settings.FEEDBACK_RETENTION_DAYS = 365
    with time_machine.travel(DAY_0, tick=False):
        response = client.post(FEEDBACK, {"useful": "partly", "text": "Bigger buttons, please."})
    assert (response.status_code, response.url) == (302, "/feedback/thank-you/")
    stored = Feedback.objects.get()
    assert (stored.kind, stored.useful, stored.text, stored.status) == (
        "feedback",
        "partly",
        "Bigger buttons, please.",
        "new",
    )
    assert (stored.created_at, stored.expires_at) == (DAY_0, DAY_0 + timedelta(days=365))
    page = client.get(response.url).content.decode()
    assert '<h1 class="nhsuk-heading-l">Thank you for your feedback</h1>' in page


@pytest.mark.parametrize("data", [{"useful": "yes"}, {"text": "Nothing to add, it was fine."}])
def test_either_feedback_question_alone_is_enough(client, data):
    assert client.post(FEEDBACK, data).status_code == 302
    assert Feedback.objects.get().kind == "feedback"


def test_empty_feedback_is_not_stored_and_says_what_to_do(client):
    response = client.post(FEEDBACK, {"useful": "", "text": "   "})
    assert response.status_code == 200
    assert errors(response) == ["Choose an answer, or tell us what we could do better"]
    assert not Feedback.objects.exists()


def test_a_safety_concern_is_stored_and_thanked_for(client, settings):
    settings.FEEDBACK_RETENTION_DAYS = 400
    with time_machine.travel(DAY_0, tick=False):
        response = client.post(SAFETY, CONCERN)
    assert (response.status_code, response.url) == (302, "/report-a-safety-concern/thank-you/")
    stored = Feedback.objects.get()
    assert stored.kind == "safety_concern"
    assert {name: getattr(stored, name) for name in CONCERN} == CONCERN
    assert (stored.status, stored.staff_notes) == ("new", "")
    assert stored.expires_at == DAY_0 + timedelta(days=400)
    page = client.get(response.url).content.decode()
    assert "Thank you for your report" in page
    assert (
        'If you or someone else needs help now, call <a href="tel:999">999</a> or NHS <a href="tel:111">111</a>.'
        in page
    )


def test_only_what_happened_is_needed_for_a_safety_concern(client):
    assert client.post(SAFETY, {"text": "The advice missed my numbness."}).status_code == 302
    stored = Feedback.objects.get()
    assert (stored.advice_outcome, stored.reporter, stored.contact_email) == ("", "", "")


def test_the_safety_page_puts_the_emergency_inset_before_the_form(client, settings):
    settings.EMERGENCY_NUMBER = "112"
    page = client.get(SAFETY).content.decode()
    inset = (
        '<p><strong>If you or someone else needs help now, call <a href="tel:112">112</a> or NHS '
        '<a href="tel:111">111</a>. Do not wait for us to reply.</strong></p>'
    )
    assert inset in page
    assert page.index(inset) < page.index("<form")
    assert "Call 112 or go to A&amp;E now" in page  # the emergency choice names the same number


def test_the_email_address_is_said_to_be_optional_and_only_for_a_reply(client):
    page = client.get(SAFETY).content.decode()
    assert "Your email address (optional)" in page
    assert "We will only use it to reply to you about this report." in page


# --- bad input: a clear message next to the field, what was typed kept, nothing stored ----


@pytest.mark.parametrize(
    "url, data, message, kept",
    [
        (
            FEEDBACK,
            {"useful": "yes", "text": "x" * 2001},
            "Your answer is too long. Make it 2,000 characters or fewer (it has 2,001).",
            "x" * 2001,
        ),
        (
            SAFETY,
            {**CONCERN, "text": "y" * 4001},
            "Your answer is too long. Make it 4,000 characters or fewer (it has 4,001).",
            "y" * 4001,
        ),
        (SAFETY, {**CONCERN, "text": ""}, "Tell us what happened", CONCERN["contact_email"]),
        (SAFETY, {**CONCERN, "text": " \r\n "}, "Tell us what happened", CONCERN["contact_email"]),
        (FEEDBACK, {"useful": "maybe", "text": "Kept words"}, "Choose Yes, Partly or No", "Kept words"),
        (
            SAFETY,
            {**CONCERN, "advice_outcome": "ignore"},
            "Choose the advice it was about, or “I don't know”",
            CONCERN["text"],
        ),
        (SAFETY, {**CONCERN, "reporter": "robot"}, "Choose who is reporting this", CONCERN["text"]),
        (
            SAFETY,
            {**CONCERN, "contact_email": "ann at example"},
            "Enter an email address like name@example.com, or leave it empty",
            CONCERN["text"],
        ),
    ],
    ids=[
        "feedback-too-long",
        "concern-too-long",
        "no-text",
        "blank-text",
        "forged-useful",
        "forged-outcome",
        "forged-reporter",
        "bad-email",
    ],
)
def test_bad_input_gets_a_message_by_its_field_and_keeps_what_was_typed(client, url, data, message, kept):
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert errors(response) == [message]
    assert page.count(html.escape(message)) == 2  # in the summary at the top and next to the field
    assert "<title>Error: " in page
    assert html.escape(kept) in page
    assert not Feedback.objects.exists()


def test_a_forged_choice_is_not_ticked_and_the_real_choices_stay(client):
    page = client.post(SAFETY, {**CONCERN, "reporter": "robot"}).content.decode()
    assert 'value="robot"' not in page
    assert re.search(r'value="self_care" id="id_advice_outcome_3" checked', page)  # the other answer is kept


def test_2000_characters_fit_with_line_breaks_counted_once(client):
    text = ("a" * 99 + "\r\n") * 20  # 2,000 characters as a person sees them; 2,020 as the browser sends them
    assert client.post(FEEDBACK, {"text": text}).status_code == 302
    assert len(Feedback.objects.get().text) == 1999  # the final line break is trimmed


# --- never a way back to anyone's answers, never a trace of who sent it -------------------


def test_a_pasted_advice_link_loses_its_token(client):
    assessment = store_assessment(TYPICAL, consent_given_at=DAY_0, submission_key="k")
    token = assessment.token
    text = f"My advice https://twitchguide.example/advice/{token}/ said rest, and /advice/{token}/delete/ failed."
    client.post(SAFETY, {"text": text})
    stored = Feedback.objects.get().text
    assert token not in stored
    assert stored == (
        "My advice https://twitchguide.example/advice/<removed>/ said rest, and /advice/<removed>/delete/ failed."
    )


@pytest.mark.parametrize(
    "pasted, stored",
    [
        ("see /advice/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE", "see /advice/<removed>/"),
        ("/advice/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE/fhir/", "/advice/<removed>/fhir/"),
        ("HTTPS://X/ADVICE/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE/.", "HTTPS://X/advice/<removed>/."),
        ("next=%2Fadvice%2FAbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE%2F", "next=/advice/<removed>/"),
        ("the code AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE on its own", "the code <removed> on its own"),
        # Not tokens: an advice page without one, and a slug of a token's length (43) with no capitals.
        ("the /advice/ page", "the /advice/ page"),
        (
            "nhs.uk/conditions/restless-legs-syndrome-what-it-is-and-mores",
            "nhs.uk/conditions/restless-legs-syndrome-what-it-is-and-mores",
        ),
    ],
)
def test_advice_links_are_removed_however_they_were_pasted(pasted, stored):
    assert without_advice_links(pasted) == stored


def test_nothing_about_the_sender_is_stored():
    """No IP address, session, assessment, result token or browser details: only what the person chose to send."""
    fields = {field.name: field for field in Feedback._meta.get_fields()}
    assert set(fields) == {
        "id",
        "kind",
        "useful",
        "text",
        "advice_outcome",
        "reporter",
        "contact_email",
        "status",
        "staff_notes",
        "created_at",
        "expires_at",
    }
    assert not any(field.is_relation for field in fields.values())


def test_sending_needs_no_session_and_keeps_none(client, settings):
    from django.contrib.sessions.models import Session

    client.get(SAFETY)
    client.post(SAFETY, CONCERN)
    client.get("/report-a-safety-concern/thank-you/")
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert not Session.objects.exists()


def test_the_text_is_never_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    connection.force_debug_cursor = True  # SQL logging switched on, as DEBUG=True would
    try:
        client.post(SAFETY, {**CONCERN, "text": "Distinctive words 7f3a about a fit"})
        client.post(FEEDBACK, {"text": "Other distinctive words 9c1b"})
        client.post(SAFETY, {"text": "Too long 5e2d " * 400})
    finally:
        connection.force_debug_cursor = False
    assert Feedback.objects.count() == 2
    logged = caplog.text + "\n".join(f"{record.msg!r} {record.args!r}" for record in caplog.records)
    for trace in ("7f3a", "9c1b", "5e2d", "ann@example.org"):
        assert trace not in logged


def test_the_forms_hide_their_posts_from_error_reports_and_are_not_cached(client):
    for url in (FEEDBACK, SAFETY):
        assert "no-store" in client.get(url)["Cache-Control"]
        response = client.post(url, {"text": "x"})
        assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_a_post_without_its_csrf_token_is_refused(db):
    browser = Client(enforce_csrf_checks=True)
    browser.get(SAFETY)
    assert browser.post(SAFETY, CONCERN).status_code == 403
    assert browser.post(FEEDBACK, {"useful": "yes"}).status_code == 403
    assert not Feedback.objects.exists()


def test_posts_are_rate_limited(client, settings):
    settings.RATE_LIMIT_SESSION_POSTS = 3
    client.get(FEEDBACK)  # the CSRF cookie that names this browser
    assert [client.post(SAFETY, CONCERN).status_code for _ in range(3)] == [302, 302, 302]
    assert client.post(FEEDBACK, {"useful": "yes"}).status_code == 429
    assert client.post(SAFETY, CONCERN).status_code == 429
    assert Feedback.objects.count() == 3
    assert client.get(SAFETY).status_code == 200  # reading is never limited


@pytest.mark.parametrize("url", [FEEDBACK, SAFETY])
@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "PUT", "DELETE"])
def test_the_forms_take_only_get_and_post(client, url, method):
    response = client.generic(method, url)
    assert response.status_code == 405
    assert response["Allow"] in ("GET, POST", "GET, HEAD, POST")


@pytest.mark.parametrize("url", ["/feedback/thank-you/", "/report-a-safety-concern/thank-you/"])
def test_the_thank_you_pages_only_show(client, url):
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")


# --- links to the forms -------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/privacy/", FEEDBACK, SAFETY])
def test_every_page_links_to_feedback_and_the_safety_report_in_its_footer(client, url):
    footer = client.get(url).content.decode().split('<footer class="nhsuk-footer"')[1]
    links = dict(re.findall(r'<a class="nhsuk-footer__list-item-link" href="([^"]+)">([^<]+)</a>', footer))
    assert {
        "/accessibility/": "Accessibility statement",
        "/privacy/": "Privacy",
        "/feedback/": "Give feedback",
        "/report-a-safety-concern/": "Report a safety concern",
    }.items() <= links.items()


def test_the_advice_page_ends_with_a_link_to_report_a_safety_concern(patient, advice_content):
    page = patient.complete(TYPICAL).content.decode()
    main = page.split('id="maincontent">')[1].split("</main>")[0]
    line = 'Was this advice wrong or unsafe? <a href="/report-a-safety-concern/">Report a safety concern</a>.'
    assert line in main
    assert main.rstrip().endswith(f'<p class="no-print">{line}</p>')


def test_the_privacy_page_says_what_feedback_keeps_and_for_how_long(client, settings):
    settings.FEEDBACK_RETENTION_DAYS = 200
    page = client.get("/privacy/").content.decode()
    assert "If you give feedback or report a safety concern, we keep what you wrote and chose, and the date." in page
    assert "we remove its secret code before we store it" in page
    assert "We delete feedback and reports automatically after 200 days." in page


# --- staff: the list, the read-only words, the count on the admin home page -----------------


def test_staff_see_safety_concerns_first_with_their_first_line(superuser_client):
    with time_machine.travel(DAY_0, tick=False):
        concern(text="\nThe stroke advice was too slow.\nSecond line, not in the list.")
    with time_machine.travel(DAY_0 + timedelta(days=1), tick=False):
        store_feedback(kind=Feedback.Kind.FEEDBACK, useful="yes", text="Newer, but only feedback.")
    page = superuser_client.get(CHANGELIST).content.decode()
    assert page.index("The stroke advice was too slow.") < page.index("Newer, but only feedback.")
    assert "Second line" not in page
    row = page.split("The stroke advice was too slow.")[0].rsplit("<tr", 1)[1]
    assert ">Safety concern</a></th>" in row and 'field-status">New<' in row and "1 Mar 2026" in row
    for heading in ("Kind", "Status", "Sent", "First line of what they wrote"):
        assert f">{heading}<" in page


def test_staff_filter_by_kind_and_open_status(superuser_client):
    concern(text="Open concern")
    concern(text="Closed concern", status=Feedback.Status.CLOSED)
    store_feedback(kind=Feedback.Kind.FEEDBACK, text="Some feedback")
    page = superuser_client.get(f"{CHANGELIST}?kind__exact=safety_concern&status=open").content.decode()
    assert "Open concern" in page
    assert "Closed concern" not in page and "Some feedback" not in page
    page = superuser_client.get(f"{CHANGELIST}?kind__exact=feedback").content.decode()
    assert "Some feedback" in page and "Open concern" not in page


def test_staff_change_status_and_notes_but_never_the_words(superuser_client):
    report = concern(**CONCERN)
    url = f"{CHANGELIST}{report.pk}/change/"
    form = superuser_client.get(url).content.decode()
    assert html.escape(CONCERN["text"]) in form
    assert 'name="text"' not in form and 'name="contact_email"' not in form
    assert 'name="status"' in form and 'name="staff_notes"' in form
    response = superuser_client.post(
        url,
        {"status": "looking", "staff_notes": "Clinical lead reviewing.", "text": "Changed", "contact_email": "x@y.z"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.staff_notes) == ("looking", "Clinical lead reviewing.")
    assert (report.text, report.contact_email) == (CONCERN["text"], CONCERN["contact_email"])


def test_staff_cannot_add_a_report_and_the_history_never_holds_the_words(superuser_client):
    from django.contrib.admin.models import LogEntry

    assert superuser_client.get(f"{CHANGELIST}add/").status_code == 403
    report = concern(text="Private words")
    superuser_client.post(f"{CHANGELIST}{report.pk}/change/", {"status": "closed", "staff_notes": "Done"})
    entry = LogEntry.objects.get()
    assert "Private words" not in entry.object_repr + entry.change_message


def test_editors_may_read_and_triage_reports(editor_client):
    report = concern()
    assert editor_client.get(CHANGELIST).status_code == 200
    url = f"{CHANGELIST}{report.pk}/change/"
    assert editor_client.post(url, {"status": "closed", "staff_notes": "Fixed the article."}).status_code == 302
    report.refresh_from_db()
    assert report.status == "closed"
    assert editor_client.post(f"{CHANGELIST}{report.pk}/delete/", {"post": "yes"}).status_code == 403


def test_the_admin_home_page_counts_open_safety_concerns(superuser_client):
    assert "No open safety concerns" in superuser_client.get("/admin/").content.decode()
    concern()
    concern(status=Feedback.Status.LOOKING)
    concern(status=Feedback.Status.CLOSED)
    store_feedback(kind=Feedback.Kind.FEEDBACK, useful="no")
    page = superuser_client.get("/admin/").content.decode()
    assert "Needs your attention" in page
    assert (
        '<a href="/admin/triage/feedback/?kind__exact=safety_concern&amp;status=open">2 open safety concerns</a>'
    ) in page
    assert page.index("2 open safety concerns") < page.index("Recent actions")


def test_staff_without_the_permission_see_no_count(db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("other", password="a-long-editor-passphrase-7", is_staff=True)
    staff = sign_in(Client(), "other")
    concern()
    assert "safety concern" not in staff.get("/admin/").content.decode()
    assert staff.get(CHANGELIST).status_code == 403


# --- retention ----------------------------------------------------------------------------


def test_purge_deletes_feedback_past_its_retention_only(settings):
    settings.FEEDBACK_RETENTION_DAYS = 365
    with time_machine.travel(DAY_0, tick=False):
        old = concern(text="An old report 4b8e")
        store_feedback(kind=Feedback.Kind.FEEDBACK, useful="yes")
    with time_machine.travel(DAY_0 + timedelta(days=100), tick=False):
        recent = concern(text="recent")

    def purge() -> str:
        out = StringIO()
        call_command("purge_expired_assessments", stdout=out)
        return out.getvalue()

    with time_machine.travel(DAY_0 + timedelta(days=364, hours=23), tick=False):
        assert "Deleted 0 expired feedback or safety concern report(s)." in purge()
    assert Feedback.objects.count() == 3
    with time_machine.travel(DAY_0 + timedelta(days=365, minutes=1), tick=False):
        output = purge()
    assert "Deleted 2 expired feedback or safety concern report(s)." in output
    assert list(Feedback.objects.all()) == [recent]
    assert old.text not in output  # counts, never contents
