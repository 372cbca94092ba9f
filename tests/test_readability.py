"""The readability measure: textstat's formulas, our sentences, unexplained medical words, offline use."""

import subprocess
import sys
import textwrap
from io import StringIO

import textstat
from django.core.management import call_command

from triage.content import glossary, readability
from triage.content.advice import article_text, render_markdown
from triage.content.readability import Text, html_blocks, measure, sentences_of, template_blocks
from triage.management.commands.load_advice_content import shipped_articles
from triage.models import AdviceArticle


def sentences_of_markdown(markdown: str) -> tuple[str, ...]:
    return sentences_of(html_blocks(render_markdown(markdown)))


def test_it_reports_a_uk_reading_age_as_the_flesch_kincaid_grade_plus_5():
    text = "Sleep starts are common. They happen as you fall asleep, and most people have them at some time."
    result = measure(Text("sample", (text,)))
    assert result.grade == round(textstat.flesch_kincaid_grade(text), 1)
    assert result.reading_age == round(result.grade + 5, 1)
    assert result.reading_ease == round(textstat.flesch_reading_ease(text), 1)
    assert result.smog == round(textstat.smog_index(text), 1)


def test_list_items_count_as_sentences_with_or_without_full_stops():
    items = ["Beans, chickpeas and lentils", "Seeds such as pumpkin and chia seeds", "Nuts such as almonds"]
    plain = "Good sources:\n\n" + "\n".join(f"- {item}" for item in items)
    stopped = "Good sources:\n\n" + "\n".join(f"- {item}." for item in items)
    assert sentences_of_markdown(plain) == ("Good sources:", *items)
    assert measure(Text("plain", html_blocks(render_markdown(plain)))).reading_age == (
        measure(Text("stopped", html_blocks(render_markdown(stopped)))).reading_age
    )


def test_a_list_read_as_one_sentence_would_score_years_harder():
    items = [f"Food number {n} such as beans or lentils has some magnesium" for n in range(8)]
    as_list = measure(Text("list", tuple(items)))
    as_one_sentence = measure(Text("run-on", (" ".join(items) + ".",)))
    assert as_one_sentence.reading_age > as_list.reading_age + 10


def test_headings_and_paragraphs_end_sentences():
    markdown = "### What to do\nSee your GP. Take a list of your medicines\n\nNote when it happens"
    assert sentences_of_markdown(markdown) == (
        "What to do",
        "See your GP.",
        "Take a list of your medicines",
        "Note when it happens",
    )


def test_table_rows_count_as_sentences():
    html = "<table><tr><th>Age</th><th>Need</th></tr><tr><td>Men 19 to 30</td><td>400 mg</td></tr></table>"
    assert sentences_of(html_blocks(html)) == ("Age Need", "Men 19 to 30 400 mg")


def test_rows_of_a_markdown_table_count_as_sentences():
    markdown = "| who | how much |\n|---|---|\n| Men aged 19 to 30 | 400 mg |\n| Women aged 19 to 30 | 310 mg |"
    assert sentences_of_markdown(markdown) == (
        "who | how much",
        "Men aged 19 to 30 | 400 mg",
        "Women aged 19 to 30 | 310 mg",
    )


def test_the_longest_sentences_come_longest_first():
    text = Text("t", ("One two three.", "One two three four five six.", "One.", "One two three four five."))
    result = measure(text)
    assert result.longest() == ["One two three four five six.", "One two three four five.", "One two three."]
    assert result.longest_sentence == "One two three four five six."


def test_a_template_is_measured_by_its_own_words_with_the_numbers_it_shows():
    source = (
        "{% extends 'base.html' %}{% block title %}Not this – TwitchGuide{% endblock %}"
        "{# a note for developers #}{% block content %}<h1>Delete</h1>"
        "<p>We keep answers for {{ retention_days }} days. Call {{ emergency_number }}.</p>"
        "<ul>{% for line in lines %}<li>{{ line }}</li>{% endfor %}</ul>{% endblock %}"
    )
    assert template_blocks(source) == ("Delete", "We keep answers for 30 days. Call 999.")


NOT_PATIENT_WORDS = {
    "triage/preview.html": "for editors",
    "admin_locked_out.html": "for staff signing in to the admin",
    "triage/_doctor_summary.html": "written for the doctor, in the words of a clinical history",
    "triage/_action_icon.html": "an icon, no words",
    # The NHS.UK pack draws each form's own words (labels, hints, options, errors): measured with the
    # questions, the consent box and the feedback forms. Its "There is a problem" is measured below.
    **{
        f"nhsuk/{name}.html": "the NHS.UK pack: it draws the forms' own words"
        for name in ("whole_uni_form", "display_form", "uni_form", "inputs", "field")
    },
    **{
        f"nhsuk/layout/{name}.html": "the NHS.UK pack: it draws the forms' own words"
        for name in ("baseinput", "checkbox", "checkboxes", "details", "error_message", "fieldset", "hint", "input")
    },
    **{f"nhsuk/layout/{name}.html": "the NHS.UK pack" for name in ("legend", "radios")},
}


def test_every_template_with_words_for_patients_is_measured():
    found = {
        path.relative_to(readability.TEMPLATES_DIR).as_posix()
        for path in readability.TEMPLATES_DIR.rglob("*.html")
        if path.relative_to(readability.TEMPLATES_DIR).parts[0] != "admin"
    }
    assert found - set(NOT_PATIENT_WORDS) == set(readability.PATIENT_TEMPLATES)
    names = {text.name for text in readability.template_texts()}
    assert "Template triage/start.html" in names and "Template triage/glossary.html" in names


def test_the_consent_box_is_measured_with_its_hint_and_error():
    blocks = readability.consent_text().blocks
    assert blocks[0].startswith("I agree to TwitchGuide storing my answers")
    assert "We keep them for 30 days" in blocks[1]
    assert blocks[2].startswith("Tick the box")


# --- medical words without a plain explanation ---------------------------------------------------


def unexplained(*sentences: str) -> list[str]:
    return [term.word for term in readability.unexplained_terms(sentences)]


def test_a_medical_word_on_its_own_is_flagged():
    assert unexplained("Doctors may say you have myoclonus.", "It is common.") == ["Myoclonus"]
    assert unexplained("You may need polysomnography.") == ["Polysomnography"]
    assert unexplained("Fasciculations are common in athletes who train hard") == ["Fasciculation"]


def test_a_medical_word_with_plain_words_next_to_it_is_not_flagged():
    assert unexplained("Doctors call a jerk like this myoclonus (a sudden, brief muscle jerk).") == []
    assert unexplained("A fit (seizure) needs help.") == []
    assert unexplained("It can be low blood sugar (a hypo).") == []
    assert unexplained("Lithium, or an antihistamine, for allergies or to help with sleep") == []
    assert unexplained("Triptans, such as sumatriptan, which treat migraine, can do this.") == []
    assert unexplained("A nerve conduction study checks how well signals travel along your nerves.") == []
    assert unexplained("It can be a type of epilepsy called juvenile myoclonic epilepsy.") == []
    assert unexplained("Stopping breathing in your sleep can be sleep apnoea.") == []
    assert unexplained("You may have an EEG.", "This test records your brain waves.") == []
    assert (
        unexplained("A sleep start is a sudden jerk as you fall asleep.", "Doctors also call it a hypnic jerk.") == []
    )


def test_one_explained_use_is_enough():
    assert unexplained("A fit (seizure) is a burst of activity.", "Most seizures stop by themselves.") == []


def test_a_following_sentence_that_only_says_what_may_happen_does_not_explain():
    assert unexplained("You may have an EEG.", "It can take an hour.") == ["EEG"]


def test_short_capital_letter_terms_do_not_match_ordinary_words():
    assert glossary.terms_in("Tia took her emg results") == []
    assert [t.word for t in glossary.terms_in("a TIA and an EEG")] == ["EEG", "TIA"]


# --- offline ------------------------------------------------------------------------------------------

OFFLINE = textwrap.dedent(
    """
    import socket, sys

    def refuse(*args, **kwargs):
        raise OSError("network blocked by the test")

    socket.socket.connect = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    sys.modules["nltk"] = None  # importing NLTK (and so downloading through it) fails

    import textstat

    # The CMU dictionary says "idea area" has 6 syllables; the hyphenation fallback says 2.
    print(textstat.syllable_count("idea area"), textstat.flesch_kincaid_grade("An idea. An area of the body."))
    """
)


def test_it_measures_without_a_network_and_without_nltk_using_the_shipped_cmu_dictionary(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "NLTK_DATA": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", OFFLINE], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    syllables, grade = done.stdout.split()
    assert int(syllables) == 6
    assert float(grade) == textstat.flesch_kincaid_grade("An idea. An area of the body.")


# --- manage.py readability ------------------------------------------------------------------------


def run_readability(*args) -> list[str]:
    out = StringIO()
    call_command("readability", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_command_prints_every_builtin_text_and_shipped_article(db):
    lines = run_readability()
    assert lines[0].startswith("| text | kind | reading age | limit |")
    assert len(lines) == 2 + len(readability.builtin_texts()) + len(shipped_articles())
    row = next(line for line in lines if line.startswith("| Magnesium from food | article |"))
    article = next(fields for fields in shipped_articles() if fields["slug"] == "magnesium-from-food")
    result = measure(article_text(AdviceArticle(**article)))
    assert row.startswith(f"| Magnesium from food | article | {result.reading_age} | 12 |")
    assert "**over**" not in "\n".join(lines)


def test_with_database_it_measures_the_sites_published_articles_and_marks_those_over_the_limit(db):
    AdviceArticle.objects.create(
        slug="hard",
        title="Hard",
        body="Pharmacological comorbidities necessitate individualised consideration.",
        published=True,
    )
    AdviceArticle.objects.create(slug="hidden", title="Hidden", body="Not shown.", published=False)
    lines = run_readability("--database")
    articles = [line for line in lines if "| article |" in line]
    assert len(articles) == 1
    assert articles[0].startswith("| Hard | article |") and "**over** | 12 |" in articles[0]
