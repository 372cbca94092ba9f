"""The vignette suite runs inside ``make test``: its targets are met and its published table is current."""

import pytest

from tests.vignettes import suite

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def scores(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.core.management import call_command
        from django.db import transaction

        with transaction.atomic():
            call_command("load_advice_content", verbosity=0)
            result = suite.score(suite.run_all())
            transaction.set_rollback(True)
    return result


def test_the_suite_is_large_and_broad_enough():
    vignettes = suite.load()
    counts = {category: sum(v.category == category for v in vignettes) for category in suite.CATEGORIES}
    assert len(vignettes) >= 100
    assert counts["red_flag"] + counts["look_alike"] >= 40
    assert counts["sleep_starts"] >= 30


def test_every_vignette_names_its_source_and_rationale():
    for vignette in suite.load():
        assert vignette.rationale.strip() and vignette.source.strip(), vignette.id


def test_no_vignette_is_under_triaged(scores):
    assert [o.vignette.id for o in scores.under_triaged] == []


def test_exact_level_accuracy_is_at_least_95_percent(scores):
    assert scores.exact_rate >= suite.EXACT_MIN, suite.report(scores)


def test_few_self_care_vignettes_are_sent_above_gp(scores):
    assert scores.self_care_above_gp_rate <= suite.SELF_CARE_ABOVE_GP_MAX, suite.report(scores)


def test_every_required_advice_topic_is_shown(scores):
    assert scores.missing_topics == []


def test_the_published_table_is_current(scores):
    text = suite.DOC.read_text(encoding="utf-8")
    assert suite.document_with(suite.report(scores), text) == text, (
        "docs/clinical-validation.md is out of date: run `make vignettes` and commit it"
    )


def test_an_unknown_label_is_reported_not_guessed(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "- id: x\n  category: other\n  story: s\n  answers: {age: 'Thirty'}\n  gold: gp\n  topics: []\n"
        "  rationale: r\n  source: s\n"
    )
    (vignette,) = suite.load(tmp_path)
    with pytest.raises(suite.VignetteError, match="no option labelled 'Thirty'"):
        vignette.codes_for("age")


def test_under_triage_is_counted_as_unsafe():
    from triage.assessment import Level

    (vignette,) = [v for v in suite.load() if v.gold == "emergency"][:1]
    outcome = suite.Outcome(vignette, Level.TODAY, frozenset(), ())
    scores = suite.score([outcome])
    assert scores.under_triaged == [outcome] and scores.safe == 0 and not scores.targets_met
