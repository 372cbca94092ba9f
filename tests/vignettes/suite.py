"""The open vignette suite: clinical stories written from the sources, run through the questionnaire.

Each vignette (``*.yaml`` beside this file) gives the answers a patient would choose, by their
visible labels, the gold care level from the sources, the advice topics that must appear, and one
line of rationale with its source. ``run_all`` answers every question the site asks, as a browser
would, with Django's test client, and ``score`` measures the outcome against the gold level:

* exact-level accuracy, target at least 95 %;
* safe rate: the same level or more urgent;
* under-triage: a lower level of care than the gold one, target 0;
* self-care vignettes sent above GP (today or emergency), target at most 5 %.

``make vignettes`` prints the table and writes it into docs/clinical-validation.md; ``make test``
runs the suite and fails if a target is missed or the document is out of date.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.test import Client

from triage.assessment import Level
from triage.models import AdviceArticle, Assessment
from triage.questions import QUESTIONS_BY_NAME

HERE = Path(__file__).resolve().parent
DOC = HERE.parents[1] / "docs" / "clinical-validation.md"
TABLE_START, TABLE_END = "<!-- vignette-table -->", "<!-- /vignette-table -->"

LEVELS = {"self_care": Level.SELF_CARE, "gp": Level.GP, "today": Level.TODAY, "emergency": Level.EMERGENCY}
LEVEL_NAMES = {level: name for name, level in LEVELS.items()}
CATEGORIES = ("red_flag", "look_alike", "sleep_starts", "other")

# Targets (issue 10): no one is sent to a lower level of care than the sources say.
UNDER_TRIAGE_MAX = 0
EXACT_MIN = 0.95
SELF_CARE_ABOVE_GP_MAX = 0.05

# What a typical person answers to a question a vignette leaves out. The follow-up questions
# (head_injury, character, restless_legs) have no default: a vignette that makes one of them
# asked must answer it.
DEFAULTS: dict[str, str | list[str]] = {
    "age": "25 to 44",
    "emergency": ["None of these"],
    "same_day": ["None of these"],
    "pregnancy": ["None of these"],
    "timing": ["As I'm falling asleep"],
    "muscles": ["Legs or feet"],
    "strength": "Strong enough to wake me up or stop me falling asleep",
    "frequency": "1 to 3 nights a week",
    "duration": "Between 2 weeks and 3 months ago",
    "onset": "Slowly, over weeks or months",
    "course": "It comes and goes",
    "with_it": ["A feeling of falling, a flash of light or a loud bang as I jerk"],
    "sleep": ["None of these"],
    "health": ["None of these"],
    "medication": ["None of these"],
    "family": ["None of these"],
    "triggers": ["None of these"],
}
FIELDS = {"id", "category", "story", "answers", "gold", "topics", "rationale", "source"}


class VignetteError(ValueError):
    """A vignette that cannot be run as written: a missing field, an unknown label, an unanswered question."""


@dataclass(frozen=True)
class Vignette:
    id: str
    category: str
    story: str
    answers: dict
    gold: str
    topics: tuple[str, ...]
    rationale: str
    source: str
    file: str

    def labels_for(self, question: str) -> str | list[str]:
        if question in self.answers:
            return self.answers[question]
        if question in DEFAULTS:
            return DEFAULTS[question]
        raise VignetteError(f"{self.id}: the questionnaire asks `{question}` and the vignette gives no answer")

    def codes_for(self, question: str) -> str | list[str]:
        """The codes of the options this person chooses, found by their visible labels."""
        by_label = {label: code for code, label in QUESTIONS_BY_NAME[question].choices}
        labels = self.labels_for(question)
        chosen = [labels] if isinstance(labels, str) else list(labels)
        missing = [label for label in chosen if label not in by_label]
        if missing:
            raise VignetteError(f"{self.id}: `{question}` has no option labelled {missing[0]!r}")
        codes = [str(by_label[label]) for label in chosen]
        return codes if QUESTIONS_BY_NAME[question].multiple else codes[-1]


def load(folder: Path = HERE) -> list[Vignette]:
    vignettes = []
    for path in sorted(folder.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if set(entry) != FIELDS:
                raise VignetteError(f"{path.name}: {entry.get('id')} has fields {sorted(entry)}, expected {FIELDS}")
            vignette = Vignette(**{**entry, "topics": tuple(entry["topics"] or ()), "file": path.name})
            if vignette.category not in CATEGORIES or vignette.gold not in LEVELS:
                raise VignetteError(f"{vignette.id}: unknown category or gold level")
            unknown = set(vignette.answers) - set(QUESTIONS_BY_NAME)
            if unknown:
                raise VignetteError(f"{vignette.id}: unknown questions {sorted(unknown)}")
            vignettes.append(vignette)
    ids = Counter(v.id for v in vignettes)
    if repeated := [i for i, n in ids.items() if n > 1]:
        raise VignetteError(f"vignette ids used twice: {repeated}")
    return vignettes


@dataclass(frozen=True)
class Outcome:
    vignette: Vignette
    level: Level
    topics_shown: frozenset[str]
    asked: tuple[str, ...]

    @property
    def gold(self) -> Level:
        return LEVELS[self.vignette.gold]

    @property
    def missing_topics(self) -> list[str]:
        return [topic for topic in self.vignette.topics if topic not in self.topics_shown]


QUESTION_PATH = re.compile(r"^/questions/(\w+)/([\w-]+)/$")
SECTION_ID = re.compile(r'<article class="advice-section" id="([\w-]+)"')


def run_one(vignette: Vignette, client: Client | None = None) -> Outcome:
    """Consent, answer each question the site asks in the order it asks, send, read the advice."""
    client = client or Client()
    response = client.post("/", {"consent": "on"})
    asked: list[str] = []
    path = response.url
    while (match := QUESTION_PATH.match(path)) and match.group(2) != "check":
        step = match.group(2)
        if step in asked:
            raise VignetteError(f"{vignette.id}: `{step}` was asked twice")
        asked.append(step)
        response = client.post(path, {"step": step, f"{step}-answer": vignette.codes_for(step)})
        if response.status_code != 302:
            raise VignetteError(f"{vignette.id}: the answer to `{step}` was refused")
        path = response.url
    if QUESTION_PATH.match(path):  # check answers, then send
        path = client.post(path, {"step": "check"}).url
    token = path.rstrip("/").split("/")[-1]
    page = client.get(path).content.decode()
    assessment = Assessment.objects.get(token=token)
    return Outcome(vignette, Level(assessment.level), frozenset(SECTION_ID.findall(page)), tuple(asked))


def run_all(vignettes: list[Vignette] | None = None) -> list[Outcome]:
    if not AdviceArticle.objects.exists():
        raise VignetteError("load the advice content first (manage.py load_advice_content)")
    # Each vignette is another person, on another device and network.
    people = enumerate(vignettes if vignettes is not None else load())
    return [run_one(vignette, Client(REMOTE_ADDR=f"10.0.{n // 250}.{n % 250 + 1}")) for n, vignette in people]


@dataclass
class Scores:
    outcomes: list[Outcome]
    total: int = 0
    exact: int = 0
    safe: int = 0
    under_triaged: list[Outcome] = field(default_factory=list)
    over_triaged: list[Outcome] = field(default_factory=list)
    self_care: int = 0
    self_care_above_gp: list[Outcome] = field(default_factory=list)
    missing_topics: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exact_rate(self) -> float:
        return self.exact / self.total

    @property
    def safe_rate(self) -> float:
        return self.safe / self.total

    @property
    def self_care_above_gp_rate(self) -> float:
        return len(self.self_care_above_gp) / self.self_care if self.self_care else 0.0

    @property
    def targets_met(self) -> bool:
        return (
            len(self.under_triaged) <= UNDER_TRIAGE_MAX
            and self.exact_rate >= EXACT_MIN
            and self.self_care_above_gp_rate <= SELF_CARE_ABOVE_GP_MAX
            and not self.missing_topics
        )


def score(outcomes: list[Outcome]) -> Scores:
    scores = Scores(outcomes, total=len(outcomes))
    for outcome in outcomes:
        scores.exact += outcome.level == outcome.gold
        scores.safe += outcome.level >= outcome.gold
        if outcome.level < outcome.gold:
            scores.under_triaged.append(outcome)
        elif outcome.level > outcome.gold:
            scores.over_triaged.append(outcome)
        if outcome.gold == Level.SELF_CARE:
            scores.self_care += 1
            if outcome.level > Level.GP:
                scores.self_care_above_gp.append(outcome)
        scores.missing_topics += [(outcome.vignette.id, topic) for topic in outcome.missing_topics]
    return scores


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def report(scores: Scores) -> str:
    """The results as Markdown: the headline figures, by category, by gold level, and every miss."""
    lines = [
        f"{scores.total} vignettes. Targets: under-triage {UNDER_TRIAGE_MAX}, exact ≥ {EXACT_MIN:.0%}, "
        f"self-care vignettes sent above GP ≤ {SELF_CARE_ABOVE_GP_MAX:.0%}, every required advice topic shown.",
        "",
        "| measure | result | target | met |",
        "|---|---|---|---|",
        f"| exact level | {scores.exact} of {scores.total} ({_percent(scores.exact, scores.total)}) "
        f"| ≥ {EXACT_MIN:.0%} | {'yes' if scores.exact_rate >= EXACT_MIN else 'NO'} |",
        f"| safe (same level or more urgent) | {scores.safe} of {scores.total} "
        f"({_percent(scores.safe, scores.total)}) | 100 % | {'yes' if scores.safe == scores.total else 'NO'} |",
        f"| under-triage | {len(scores.under_triaged)} | {UNDER_TRIAGE_MAX} "
        f"| {'yes' if len(scores.under_triaged) <= UNDER_TRIAGE_MAX else 'NO'} |",
        f"| self-care vignettes sent above GP | {len(scores.self_care_above_gp)} of {scores.self_care} "
        f"({_percent(len(scores.self_care_above_gp), scores.self_care)}) | ≤ {SELF_CARE_ABOVE_GP_MAX:.0%} "
        f"| {'yes' if scores.self_care_above_gp_rate <= SELF_CARE_ABOVE_GP_MAX else 'NO'} |",
        f"| required advice topics missing | {len(scores.missing_topics)} | 0 "
        f"| {'yes' if not scores.missing_topics else 'NO'} |",
        "",
        "| category | vignettes | exact | under-triaged | over-triaged |",
        "|---|---|---|---|---|",
    ]
    for category in CATEGORIES:
        group = [o for o in scores.outcomes if o.vignette.category == category]
        lines.append(
            f"| {category} | {len(group)} | {sum(o.level == o.gold for o in group)} "
            f"| {sum(o.level < o.gold for o in group)} | {sum(o.level > o.gold for o in group)} |"
        )
    lines += ["", "| file | vignettes | exact | under-triaged | over-triaged |", "|---|---|---|---|---|"]
    for file in sorted({o.vignette.file for o in scores.outcomes}):
        group = [o for o in scores.outcomes if o.vignette.file == file]
        lines.append(
            f"| {file} | {len(group)} | {sum(o.level == o.gold for o in group)} "
            f"| {sum(o.level < o.gold for o in group)} | {sum(o.level > o.gold for o in group)} |"
        )
    lines += ["", "| gold level → given | " + " | ".join(LEVELS) + " |", "|---" * (len(LEVELS) + 1) + "|"]
    for gold in LEVELS.values():
        row = [sum(o.gold == gold and o.level == given for o in scores.outcomes) for given in LEVELS.values()]
        lines.append(f"| {LEVEL_NAMES[gold]} | " + " | ".join(map(str, row)) + " |")
    misses = scores.under_triaged + scores.over_triaged
    lines += ["", "Vignettes not at the gold level:" if misses else "Every vignette is at its gold level."]
    lines += [
        f"- `{o.vignette.id}` ({o.vignette.file}): gold {o.vignette.gold}, given {LEVEL_NAMES[o.level]}"
        for o in sorted(misses, key=lambda o: o.vignette.id)
    ]
    if scores.missing_topics:
        lines += ["", "Required advice topics not shown:"]
        lines += [f"- `{vignette_id}`: {topic}" for vignette_id, topic in scores.missing_topics]
    return "\n".join(lines) + "\n"


def document_with(table: str, text: str) -> str:
    """docs/clinical-validation.md with its generated table replaced by ``table``."""
    before, _, rest = text.partition(TABLE_START)
    _, _, after = rest.partition(TABLE_END)
    return f"{before}{TABLE_START}\n{table}{TABLE_END}{after}"
