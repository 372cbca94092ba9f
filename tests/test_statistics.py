"""The statistics page: per week, outcomes, findings, triggers and the funnel, in SVG, with small counts hidden."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import Patient, make_assessments, persona
from triage.models import StepCount
from triage.staff import charts, stats

STATISTICS = "/admin/triage/assessment/statistics/"


def funnel() -> dict[str, int]:
    return dict(StepCount.objects.values_list("step", "count"))


# --- the funnel is recorded without any answers ------------------------------------------


def test_a_finished_questionnaire_counts_every_step_once(patient, advice_content):
    patient.complete(persona())
    counts = funnel()
    assert counts["start"] == 1 and counts["submitted"] == 1 and counts["check"] == 1
    assert counts["age"] == counts["medication"] == 1
    assert "head_injury" not in counts  # not asked of this person
    assert set(counts) <= set(stats.FUNNEL_STEPS)


def test_changing_an_answer_does_not_count_a_step_twice(patient, advice_content):
    patient.start()
    patient.answer_all(persona())
    response = patient.client.get(patient.url("frequency") + "?change=1")
    assert response.status_code == 200
    patient.post_step("frequency", "most_nights")
    patient.submit()
    assert funnel()["frequency"] == 1


def test_someone_who_stops_early_counts_as_started_not_finished(patient, db):
    patient.start()
    patient.post_step("age", "25_44")
    patient.post_step("emergency", ["none"])
    assert funnel() == {"start": 1, "age": 1, "emergency": 1}


def test_a_second_run_counts_again(patient, advice_content):
    patient.complete(persona())
    patient.complete(persona())
    assert funnel()["start"] == 2 and funnel()["submitted"] == 2


def test_an_invalid_answer_is_not_a_completed_step(patient, db):
    patient.start()
    patient.post_step("age", None)
    assert "age" not in funnel()


def test_the_funnel_stores_nothing_but_dates_steps_and_counts():
    assert [f.name for f in StepCount._meta.get_fields()] == ["id", "day", "step", "count"]


# --- the page -------------------------------------------------------------------------------


def test_editor_opens_statistics_from_the_admin_index(editor_client):
    assert STATISTICS in editor_client.get("/admin/").content.decode()


def test_statistics_page_shows_server_rendered_charts(editor_client, db):
    make_assessments(12, level=1, findings=["sleep_starts", "stress"], triggers=["stress", "caffeine"])
    make_assessments(6, level=2, findings=["sleep_starts", "restless_legs", "needs_doctor"], triggers=["alcohol"])
    for step in ["start"] * 30 + ["age"] * 25 + ["submitted"] * 18:
        stats.increment(step)
    response = editor_client.get(STATISTICS)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="chart"') == 5
    assert "<script" not in page.split('id="content-main"')[1]
    assert "Assessments per week" in page
    assert "Self-care" in page and "67%" in page  # 12 of 18
    assert "Twitches or jerks while falling asleep (sleep starts)" in page
    assert "Stress, worry or emotional strain" in page
    assert "Alcohol in the evening" in page
    assert "Agreed to store answers and started" in page and "Sent answers (finished)" in page
    started = re.search(r'<tr data-step="start">.*?</tr>', page, re.S).group(0)
    assert "<td>30</td>" in started
    age = re.search(r'<tr data-step="age">.*?</tr>', page, re.S).group(0)
    assert "<td>25</td>" in age and "83%" in age and "<td>5</td>" in age  # 5 stopped at the age question


def test_counts_below_five_are_hidden_everywhere(editor_client, db):
    make_assessments(3, level=4, findings=["stroke_signs"], triggers=[])
    for step in ["start"] * 3:
        stats.increment(step)
    page = editor_client.get(STATISTICS).content.decode()
    main = page.split('id="content-main"')[1]
    assert "fewer than 5" in main
    assert not re.search(r">\s*[1-4]\s*<", main), "a count below 5 is shown"
    assert not re.search(r"(?<![\d.])[1-4]\s*(assessments|%)", main)
    # A hidden count draws no bar, so the chart does not give it away either.
    levels_chart = str(charts.bar_chart(stats.compute_statistics().levels, "levels"))
    assert "<rect" not in levels_chart


def test_a_hidden_count_cannot_be_worked_out_from_the_total():
    tallies = [stats.Tally("a", 50), stats.Tally("b", 20), stats.Tally("c", 3), stats.Tally("d", 0, hidden=False)]
    # Two hidden already (3 and 0): nothing more to hide.
    assert [t.shown for t in stats.protect_partition(tallies)] == ["50", "20", "fewer than 5", "fewer than 5"]
    one_hidden = [stats.Tally("a", 50), stats.Tally("b", 20), stats.Tally("c", 3)]
    assert [t.shown for t in stats.protect_partition(one_hidden)] == ["50", "fewer than 5", "fewer than 5"]


def test_shares_are_hidden_with_their_counts():
    assert stats.Tally("x", 4, share_of=100).percent == ""
    assert stats.Tally("x", 40, share_of=100).percent == "40%"
    assert stats.Tally("x", 4, share_of=4).percent == ""


def test_charts_escape_labels():
    svg = str(charts.bar_chart([stats.Tally("<script>alert(1)</script>", 10)], "t<"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


# --- a fixed number of queries, whatever the data size -------------------------------------


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def test_statistics_take_the_same_queries_for_10_and_1000_assessments(db, django_assert_num_queries):
    make_assessments(10, level=1)
    for step in stats.FUNNEL_STEPS:
        stats.increment(step)
    with django_assert_num_queries(5):  # the roll-up; today's expiring: levels and weeks, triggers, findings; funnel
        small = stats.compute_statistics()
    assert small.total.value == 10

    make_assessments(990, level=2, findings=["restless_legs", "needs_doctor"], triggers=["stress", "alcohol"])
    with django_assert_num_queries(5):
        big = stats.compute_statistics()
    assert big.total.value == 1000
    assert {t.label: t.value for t in big.levels}["See your GP"] == 990


def test_the_statistics_page_takes_the_same_queries_for_10_and_1000(editor_client, db):
    make_assessments(10)
    editor_client.get(STATISTICS)  # warm up: session, content types
    small = count_queries(lambda: editor_client.get(STATISTICS))
    make_assessments(990, level=3, findings=["possible_seizure", "needs_doctor"])
    big = count_queries(lambda: editor_client.get(STATISTICS))
    assert small == big
    assert big < 15


def test_the_export_reads_in_keyset_chunks_every_row_once_in_order(db, monkeypatch):
    """Two queries a chunk (assessments after the last one read, then their answers): memory stays flat."""
    from triage.models import Assessment

    monkeypatch.setattr(stats, "EXPORT_CHUNK", 3)
    made = make_assessments(8, level=2, triggers=["stress", "alcohol"])
    with CaptureQueriesContext(connection) as queries:
        rows = list(stats.anonymised_rows(Assessment.objects.all()))
    assert len(rows) == 8
    assert [row[0] for row in rows] == [
        f"{a.created_at.isocalendar()[0]}-W{a.created_at.isocalendar()[1]:02d}" for a in made
    ]
    assert all(row[stats.EXPORT_HEADER.index("triggers")] == "stress;alcohol" for row in rows)
    assert len(queries) == 2 * 3 + 1  # three chunks of 3, 3 and 2, then an empty one
    assert all("OFFSET" not in q["sql"].upper() for q in queries.captured_queries)


def test_export_takes_the_same_queries_for_10_and_1000(editor_client, db):
    make_assessments(10)
    small = count_queries(lambda: b"".join(editor_client.get("/admin/triage/assessment/export/").streaming_content))
    make_assessments(990, level=2)
    big = count_queries(lambda: b"".join(editor_client.get("/admin/triage/assessment/export/").streaming_content))
    assert small == big


# --- the roll-up is what a count of the stored assessments says ---------------------------------


def rolled_up() -> dict:
    from triage.models import AssessmentCount

    return {(r.expires_on, r.kind, r.code): r.count for r in AssessmentCount.objects.all() if r.count}


def test_the_roll_up_kept_as_people_store_and_delete_equals_a_recount(client, advice_content):
    people = [
        persona(),
        persona(triggers=["stress", "caffeine"]),
        persona(age="65_plus", sleep=["kicks"]),
        persona(emergency=["stroke_now"]),
        persona(triggers=["alcohol"]),
    ]
    urls = []
    for answers in people:
        patient = Patient(Client())
        urls.append((patient, patient.complete(answers).wsgi_request.path))
    patient, url = urls[1]
    assert patient.client.post(f"{url}delete/").status_code == 302  # taken away again
    kept = rolled_up()
    assert sum(n for (_, kind, _), n in kept.items() if kind == "level") == 4
    stats.recount()
    assert rolled_up() == kept


def test_todays_expiring_assessments_count_until_their_moment(db):
    """The roll-up's days after today, and today's expiring counted from the table: exact at the boundary."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from triage.models import Assessment

    make_assessments(6, level=2)
    soon = timezone.now() + timedelta(hours=1)
    Assessment.objects.filter(pk__in=list(Assessment.objects.values_list("pk", flat=True)[:2])).update(expires_at=soon)
    stats.recount()
    assert stats.compute_statistics().total.value == 6
    with time_machine.travel(soon + timedelta(minutes=1), tick=False):
        if timezone.localdate() == timezone.localdate(soon):
            assert stats.compute_statistics().total.value == 4


# --- refused -----------------------------------------------------------------------------------


def test_staff_who_are_not_editors_cannot_see_statistics(staff_client):
    assert staff_client.get(STATISTICS).status_code == 403
    assert STATISTICS not in staff_client.get("/admin/").content.decode()


def test_anonymous_visitors_cannot_see_statistics(client):
    response = client.get(STATISTICS)
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


@pytest.mark.parametrize("step", ["unknown", "done", "pregnancy", "check"])
def test_steps_not_reached_are_not_counted(patient, db, step):
    patient.start()
    patient.post_step(step, "25_44")
    patient.client.get(patient.url(step))
    assert funnel() == {"start": 1}


def test_the_funnel_shows_drop_off_for_questions_everyone_is_asked_but_not_for_follow_ups():
    counts = {"start": 100, "age": 100, "emergency": 90, "same_day": 88, "character": 10}
    rows = {row.step: row for row in stats._funnel(counts)}
    assert rows["same_day"].dropped.value == 2 and not rows["same_day"].conditional
    assert rows["character"].conditional and rows["character"].dropped is None
    assert rows["pregnancy"].conditional and rows["head_injury"].conditional
