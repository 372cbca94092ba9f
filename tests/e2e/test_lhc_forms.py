"""The generated Questionnaire in a real FHIR renderer: LHC-Forms (npm lforms), served from node_modules.

The page that hosts LHC-Forms is made up inside the browser at a name that does not exist
(https://lhc-forms.test); every request to it is answered from node_modules, and any other
request is refused, so nothing reaches the network. LHC-Forms is a test tool: patients never get it.
"""

from __future__ import annotations

import json
import mimetypes

import pytest
from playwright.sync_api import expect

from tests.conftest import TYPICAL, asked_only, persona
from triage.clinical.assessment import Answers, Level, assess
from triage.handover import fhir
from triage.questionnaire.questions import QUESTIONS, QUESTIONS_BY_NAME, asked_questions

from .site import EVERY_QUESTION
from .tools import NODE_MODULES, missing

pytestmark = pytest.mark.e2e

LFORMS = NODE_MODULES / "lforms" / "dist" / "lforms"
HOST = "https://lhc-forms.test"
PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="stylesheet" href="{HOST}/webcomponent/styles.css"></head><body><div id="form"></div>
<script src="{HOST}/webcomponent/assets/lib/zone.min.js"></script>
<script src="{HOST}/webcomponent/lhc-forms.js"></script>
<script src="{HOST}/fhir/R4/lformsFHIR.min.js"></script></body></html>"""

PERSONAS = {
    "typical": asked_only(TYPICAL),
    "every question": asked_only(EVERY_QUESTION),
    "restless legs": asked_only(
        persona(
            timing=["after_waking"], with_it=["urge_to_move"], restless_legs=["eased_by_moving", "worse_in_evening"]
        )
    ),
    "lost awareness": asked_only(persona(same_day=["seizure_signs"], pregnancy=["breastfeeding"])),
    "stroke signs": {"age": "45_64", "emergency": ["stroke_now"]},
    "head injury at 65": {
        "age": "65_plus",
        "emergency": ["none"],
        "same_day": ["head_injury"],
        "head_injury": ["none"],
    },
    "a fit in pregnancy": {
        "age": "25_44",
        "emergency": ["none"],
        "same_day": ["seizure_signs"],
        "pregnancy": ["pregnant_20_plus"],
    },
}
RENDERED: dict[str, tuple[int, int]] = {}
"""persona -> (questions LHC-Forms showed, follow-ups among them): printed for the closing note."""


def _serve_from_node_modules(route):
    path = route.request.url.removeprefix(HOST).split("?")[0]
    if path == "/":
        return route.fulfill(body=PAGE, content_type="text/html")
    file = (LFORMS / path.lstrip("/")).resolve()
    if LFORMS.resolve() in file.parents and file.is_file():
        return route.fulfill(body=file.read_bytes(), content_type=mimetypes.guess_type(file.name)[0] or "text/plain")
    return route.fulfill(status=404, body="")


@pytest.fixture
def lhc_form(page, site):
    """LHC-Forms showing the Questionnaire the live site serves."""
    if not (LFORMS / "webcomponent" / "lhc-forms.js").exists():
        missing("node_modules/lforms is missing: run `npm ci --ignore-scripts` (make test does)")
    questionnaire = json.loads(page.request.get(f"{site.url}{fhir.QUESTIONNAIRE_PATH}").body())
    page.route(f"{HOST}/**", _serve_from_node_modules)
    page.route(lambda url: not url.startswith(HOST), lambda route: route.abort())
    page.goto(f"{HOST}/")
    page.wait_for_function("typeof window.LForms?.Util?.getFormFHIRData === 'function'")
    page.evaluate("q => LForms.Util.addFormToPage(q, 'form', {})", questionnaire)
    expect(page.locator('lhc-item[id="item-age/1"]')).to_be_visible()
    return page, questionnaire["item"][0]["answerOption"][0]["valueCoding"]["system"]


def shown_questions(page) -> list[str]:
    ids = page.locator("lhc-item").evaluate_all("items => items.map(item => item.id)")
    names = [item_id.removeprefix("item-").removesuffix("/1") for item_id in ids]
    return [name for name in names if name in QUESTIONS_BY_NAME]


def answer(page, system: str, name: str, value) -> None:
    for code in value if isinstance(value, list) else [value]:
        page.locator(f'[id="{name}/1|{system}|{name}.{code}"]').click()


@pytest.mark.parametrize("name", PERSONAS)
def test_lhc_forms_asks_what_the_app_asks_and_its_answers_triage_the_same(lhc_form, name):
    page, system = lhc_form
    answers = PERSONAS[name]
    asked = [q.name for q in asked_questions(answers)]
    for index, question in enumerate(asked):
        expect(page.locator(f'lhc-item[id="item-{question}/1"]')).to_be_visible()
        answer(page, system, question, answers[question])
        # Each answer reveals the app's next question, and never one the app would not ask.
        if index + 1 < len(asked):
            expect(page.locator(f'lhc-item[id="item-{asked[index + 1]}/1"]')).to_be_visible()
        assert set(shown_questions(page)) <= set(asked)
    shown = shown_questions(page)
    assert shown == asked
    RENDERED[name] = (len(shown), sum(QUESTIONS_BY_NAME[n].follow_up for n in shown))

    response = page.evaluate("() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4')")
    imported = fhir.import_fhir_response(response)
    assert imported == answers
    assert assess(Answers.from_mapping(imported)).level == assess(Answers.from_mapping(answers)).level
    if name == "stroke signs":
        assert assess(Answers.from_mapping(imported)).level == Level.EMERGENCY


def test_lhc_forms_renders_every_question_with_its_options_and_why_we_ask(lhc_form):
    page, system = lhc_form
    answers = PERSONAS["every question"]
    for question in QUESTIONS:
        answer(page, system, question.name, answers[question.name])
    assert shown_questions(page) == [q.name for q in QUESTIONS]
    for question in QUESTIONS:
        item = page.locator(f'lhc-item[id="item-{question.name}/1"]')
        expect(item.locator(f'[id="label-{question.name}/1"]')).to_contain_text(question.text)
        expect(item.locator(f'[id^="{question.name}/1|{system}|"]')).to_have_count(len(question.choices))
        expect(item.locator(f'[id="help-button-{question.name}/1"]')).to_be_visible()
    RENDERED["all questions"] = (len(QUESTIONS), sum(q.follow_up for q in QUESTIONS))
