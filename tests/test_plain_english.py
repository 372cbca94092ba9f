"""CI holds the line: every built-in text and every shipped article stays plain.

The limits are settings (READABILITY_MAX_BUILTIN, READABILITY_MAX_ARTICLE, with their reasons);
a failure names each text that is too hard and its longest sentence, the first thing to shorten.
docs/content-style.md says how.
"""

from django.conf import settings

from triage.content import readability
from triage.content.advice import article_text
from triage.content.readability import Text
from triage.management.commands.load_advice_content import shipped_articles
from triage.models import AdviceArticle


def fixture_articles() -> list[Text]:
    return [article_text(AdviceArticle(**fields)) for fields in shipped_articles()]


def report(too_hard: list[readability.Readability], limit: float) -> str:
    return f"{len(too_hard)} text(s) above reading age {limit}:\n" + "\n".join(r.describe() for r in too_hard)


def test_question_pages_are_at_most_the_builtin_limit():
    too_hard = readability.too_hard(readability.question_texts(), settings.READABILITY_MAX_BUILTIN)
    assert not too_hard, report(too_hard, settings.READABILITY_MAX_BUILTIN)


def test_care_cards_and_the_other_builtin_outcome_words_are_at_most_the_builtin_limit():
    too_hard = readability.too_hard(readability.outcome_texts(), settings.READABILITY_MAX_BUILTIN)
    assert not too_hard, report(too_hard, settings.READABILITY_MAX_BUILTIN)


def test_page_templates_and_the_glossary_are_at_most_the_builtin_limit():
    texts = [
        *readability.template_texts(),
        readability.consent_text(),
        *readability.feedback_texts(),
        readability.glossary_text(),
    ]
    too_hard = readability.too_hard(texts, settings.READABILITY_MAX_BUILTIN)
    assert not too_hard, report(too_hard, settings.READABILITY_MAX_BUILTIN)


def test_every_fixture_article_is_at_most_the_article_limit():
    articles = fixture_articles()
    assert len(articles) == 46
    too_hard = readability.too_hard(articles, settings.READABILITY_MAX_ARTICLE)
    assert not too_hard, report(too_hard, settings.READABILITY_MAX_ARTICLE)


def test_the_limits_are_the_ones_the_issue_sets():
    assert (settings.READABILITY_MAX_BUILTIN, settings.READABILITY_MAX_ARTICLE) == (11, 12)


def test_a_text_that_is_too_hard_is_reported_with_its_longest_sentence():
    hard = Text(
        "Question “Hard”",
        (
            "Polysomnography characteristically demonstrates periodic limb movements.",
            "Pharmacological management necessitates individualised consideration of comorbidities, "
            "contraindications and interactions.",
            "Fine.",
        ),
    )
    too_hard = readability.too_hard([hard, Text("Easy", ("See your GP.",))], settings.READABILITY_MAX_BUILTIN)
    assert [r.name for r in too_hard] == ["Question “Hard”"]
    message = report(too_hard, settings.READABILITY_MAX_BUILTIN)
    assert "Question “Hard”: reading age" in message
    assert "Longest sentence: “Pharmacological management necessitates individualised consideration" in message


def test_no_shipped_or_builtin_text_leaves_a_medical_word_unexplained():
    texts = [*readability.question_texts(), *readability.outcome_texts(), *readability.template_texts()]
    texts.append(readability.consent_text())
    texts += readability.feedback_texts()
    texts += fixture_articles()
    unexplained = {
        text.name: [term.word for term in result.unexplained]
        for text in texts
        if (result := readability.measure(text)).unexplained
    }
    assert unexplained == {}
