"""The vignette suites run inside ``make test``: both meet their targets, and the published tables are current."""

import pytest

from tests.vignettes import suite

pytestmark = pytest.mark.django_db

SETS = {suite.REGRESSION: suite.load_regression, suite.VALIDATION: suite.load_validation}


@pytest.fixture(scope="module")
def scores(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.core.management import call_command
        from django.db import transaction

        with transaction.atomic():
            call_command("load_advice_content", verbosity=0)
            result = {name: suite.score(suite.run_all(load()), name) for name, load in SETS.items()}
            transaction.set_rollback(True)
    return result


def test_the_validation_set_is_large_urgent_and_apart_from_the_regression_set():
    validation, regression = suite.load_validation(), suite.load_regression()
    assert len(validation) >= 120
    assert sum(suite.LEVELS[v.gold] >= suite.Level.TODAY for v in validation) >= 60
    assert not {v.id for v in validation} & {v.id for v in regression}
    assert all(v.topics == () for v in validation), "the writers never saw the article names"
    assert len(regression) >= 176


def test_every_story_names_its_source_and_rationale():
    for vignette in suite.load():
        assert vignette.rationale.strip() and vignette.source.strip(), vignette.id


@pytest.mark.parametrize("name", SETS)
def test_no_story_is_under_triaged(scores, name):
    assert [o.vignette.id for o in scores[name].under_triaged] == []


@pytest.mark.parametrize("name", SETS)
def test_exact_level_accuracy_meets_its_target(scores, name):
    assert scores[name].exact_rate >= suite.EXACT_MIN[name], suite.report(scores[name])


@pytest.mark.parametrize("name", SETS)
def test_few_self_care_stories_are_sent_above_gp(scores, name):
    assert scores[name].self_care_above_gp_rate <= suite.SELF_CARE_ABOVE_GP_MAX, suite.report(scores[name])


def test_every_required_advice_topic_is_shown(scores):
    assert scores[suite.REGRESSION].missing_topics == []


def test_the_published_tables_are_current(scores):
    text = suite.DOC.read_text(encoding="utf-8")
    for name, result in scores.items():
        assert suite.document_with(suite.report(result), text, name) == text, (
            "docs/clinical-validation.md is out of date: run `make vignettes` and commit it"
        )


def test_an_unknown_label_is_reported_not_guessed(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "- id: x\n  category: other\n  story: s\n  answers: {age: 'Thirty'}\n  gold: gp\n  topics: []\n"
        "  rationale: r\n  source: s\n"
    )
    (vignette,) = suite.load_regression(tmp_path)
    with pytest.raises(suite.VignetteError, match="no option labelled 'Thirty'"):
        vignette.codes_for("age")


def test_a_validation_question_left_unanswered_is_an_error_not_a_default():
    vignette = suite.load_validation()[0]
    empty = suite.Vignette(**{**vignette.__dict__, "readings": ({},)})
    with pytest.raises(suite.VignetteError, match="gives no answer"):
        empty.codes_for("age")


def test_under_triage_in_any_reading_counts_as_unsafe():
    from triage.clinical.assessment import Level

    (vignette,) = [v for v in suite.load_regression() if v.gold == "emergency"][:1]
    outcome = suite.Outcome(vignette, (Level.EMERGENCY, Level.TODAY), frozenset(), ())
    scores = suite.score([outcome])
    assert scores.under_triaged == [outcome] and not outcome.exact and not scores.targets_met


def test_the_upper_bound_of_no_events_in_60_is_about_5_percent():
    assert suite.upper_bound(0, 60) == pytest.approx(0.0487, abs=0.0005)
    assert suite.upper_bound(1, 100) == pytest.approx(0.0466, abs=0.001)
