"""The vignette suites: clinical stories written from the sources, run through the questionnaire.

Two sets, reported apart (``docs/clinical-validation.md``):

* ``regression/``: 176 stories whose answers were written with the option labels in view, and the
  first 131 of which were used to tune the rules. They hold today's behaviour in place; they prove
  nothing about stories the rules were not tuned on.
* ``validation/``: stories written in free text from the sources alone, by writers who read neither the
  rules nor the questionnaire (``stories.yaml``: the story, the gold level and its source), then mapped
  to answers in a separate step by a reader who saw only the questions as a patient sees them, never the
  rules or the gold level (``answers.yaml``; where two readings were plausible, each is run). The rules
  are never changed to fit a validation story: a story that shows a rule wrong moves to the regression
  set when the rule is fixed, and the validation figures say so.

``run_all`` answers every question the site asks, as a browser would, with Django's test client, and
``score`` compares the outcome with the gold level. A validation story counts as under-triaged if any of
its readings is below the gold level, exact only if every reading is at it.

``make vignettes`` prints both tables and writes them into docs/clinical-validation.md; ``make test``
runs both and fails if a target is missed or the document is out of date.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.test import Client

from triage.clinical.assessment import Level
from triage.models import AdviceArticle, Assessment
from triage.questionnaire.questions import QUESTIONS_BY_NAME

HERE = Path(__file__).resolve().parent
REGRESSION, VALIDATION = "regression", "validation"
DOC = HERE.parents[1] / "docs" / "clinical-validation.md"

LEVELS = {"self_care": Level.SELF_CARE, "gp": Level.GP, "today": Level.TODAY, "emergency": Level.EMERGENCY}
LEVEL_NAMES = {level: name for name, level in LEVELS.items()}
CATEGORIES = ("red_flag", "look_alike", "sleep_starts", "other")

# Targets: no one is sent to a lower level of care than the sources say (issues 10 and 18).
UNDER_TRIAGE_MAX = 0
EXACT_MIN = {REGRESSION: 0.95, VALIDATION: 0.90}
SELF_CARE_ABOVE_GP_MAX = 0.05
URGENT_STORIES_MIN = {REGRESSION: 0, VALIDATION: 60}

# What a typical person answers to a question a vignette leaves out. The follow-up questions
# (head_injury, character, restless_legs) have no default: a vignette that makes one of them
# asked must answer it.
DEFAULTS: dict[str, str | list[str]] = {
    "age": "25 to 44",
    "emergency": ["None of these"],
    "same_day": ["None of these"],
    "pregnancy": ["None of these"],
    "pregnancy_signs": ["None of these"],
    "medicine_signs": ["None of these"],
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
STORY_FIELDS = {"id", "category", "story", "gold", "rationale", "source"}


class VignetteError(ValueError):
    """A vignette that cannot be run as written: a missing field, an unknown label, an unanswered question."""


@dataclass(frozen=True)
class Vignette:
    id: str
    category: str
    story: str
    readings: tuple[dict, ...]
    """The answers, by their visible labels: one set, or one for each plausible reading of the story."""
    gold: str
    topics: tuple[str, ...]
    rationale: str
    source: str
    file: str
    set: str = REGRESSION

    def labels_for(self, question: str, reading: int = 0) -> str | list[str]:
        answers = self.readings[reading]
        if question in answers:
            return answers[question]
        if self.set == REGRESSION and question in DEFAULTS:
            return DEFAULTS[question]
        raise VignetteError(f"{self.id}: the questionnaire asks `{question}` and the vignette gives no answer")

    def codes_for(self, question: str, reading: int = 0) -> str | list[str]:
        """The codes of the options this person chooses, found by their visible labels."""
        by_label = {label: code for code, label in QUESTIONS_BY_NAME[question].choices}
        labels = self.labels_for(question, reading)
        chosen = [labels] if isinstance(labels, str) else list(labels)
        missing = [label for label in chosen if label not in by_label]
        if missing:
            raise VignetteError(f"{self.id}: `{question}` has no option labelled {missing[0]!r}")
        codes = [str(by_label[label]) for label in chosen]
        return codes if QUESTIONS_BY_NAME[question].multiple else codes[-1]


def _checked(vignette: Vignette) -> Vignette:
    if vignette.category not in CATEGORIES or vignette.gold not in LEVELS:
        raise VignetteError(f"{vignette.id}: unknown category or gold level")
    for answers in vignette.readings:
        unknown = set(answers) - set(QUESTIONS_BY_NAME)
        if unknown:
            raise VignetteError(f"{vignette.id}: unknown questions {sorted(unknown)}")
    return vignette


def load_regression(folder: Path = HERE / REGRESSION) -> list[Vignette]:
    vignettes = []
    for path in sorted(folder.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if set(entry) != FIELDS:
                raise VignetteError(f"{path.name}: {entry.get('id')} has fields {sorted(entry)}, expected {FIELDS}")
            readings = (entry.pop("answers"),)
            topics = tuple(entry.pop("topics") or ())
            vignettes.append(_checked(Vignette(**entry, readings=readings, topics=topics, file=path.name)))
    return _unique(vignettes)


def load_validation(folder: Path = HERE / VALIDATION) -> list[Vignette]:
    """The stories (written blind from the sources) joined with their lay readings (mapped separately)."""
    stories = yaml.safe_load((folder / "stories.yaml").read_text(encoding="utf-8"))
    readings = {e["id"]: e["readings"] for e in yaml.safe_load((folder / "answers.yaml").read_text(encoding="utf-8"))}
    vignettes = []
    for entry in stories:
        if set(entry) != STORY_FIELDS:
            raise VignetteError(f"{entry.get('id')} has fields {sorted(entry)}, expected {STORY_FIELDS}")
        if entry["id"] not in readings:
            raise VignetteError(f"{entry['id']}: no answers mapped")
        answers = tuple(reading["answers"] for reading in readings[entry["id"]])
        vignette = Vignette(**entry, readings=answers, topics=(), file="stories.yaml", set=VALIDATION)
        vignettes.append(_checked(vignette))
    return _unique(vignettes)


def load() -> list[Vignette]:
    return load_regression() + load_validation()


def _unique(vignettes: list[Vignette]) -> list[Vignette]:
    ids = Counter(v.id for v in vignettes)
    if repeated := [i for i, n in ids.items() if n > 1]:
        raise VignetteError(f"vignette ids used twice: {repeated}")
    return vignettes


@dataclass(frozen=True)
class Outcome:
    vignette: Vignette
    levels: tuple[Level | None, ...]
    """The level each reading was given; None: under 16, sent to the page for parents (no level)."""
    topics_shown: frozenset[str]
    asked: tuple[str, ...]

    @property
    def gold(self) -> Level:
        return LEVELS[self.vignette.gold]

    @property
    def out_of_scope(self) -> bool:
        return None in self.levels

    @property
    def level(self) -> Level:
        """The least urgent level any reading was given: the one that counts for under-triage."""
        return min(self.levels)

    @property
    def under(self) -> bool:
        return any(level < self.gold for level in self.levels)

    @property
    def exact(self) -> bool:
        return all(level == self.gold for level in self.levels)

    @property
    def over(self) -> bool:
        return not self.under and any(level > self.gold for level in self.levels)

    @property
    def missing_topics(self) -> list[str]:
        return [topic for topic in self.vignette.topics if topic not in self.topics_shown]


QUESTION_PATH = re.compile(r"^/questions/(\w+)/([\w-]+)/$")
SECTION_ID = re.compile(r'<article class="advice-section" id="([\w-]+)"')


def run_reading(vignette: Vignette, reading: int, client: Client) -> tuple[Level | None, frozenset[str], tuple]:
    """Consent, answer each question the site asks in the order it asks, send, read the advice."""
    response = client.post("/", {"consent": "on"})
    asked: list[str] = []
    path = response.url
    while (match := QUESTION_PATH.match(path)) and match.group(2) != "check":
        step = match.group(2)
        if step in asked:
            raise VignetteError(f"{vignette.id}: `{step}` was asked twice")
        asked.append(step)
        response = client.post(path, {"step": step, f"{step}-answer": vignette.codes_for(step, reading)})
        if response.status_code != 302:
            raise VignetteError(f"{vignette.id}: the answer to `{step}` was refused")
        path = response.url
    if path.startswith("/under-16/"):
        return None, frozenset(), tuple(asked)
    if QUESTION_PATH.match(path):  # check answers, then send
        path = client.post(path, {"step": "check"}).url
    token = path.rstrip("/").split("/")[-1]
    page = client.get(path).content.decode()
    assessment = Assessment.objects.get(token=token)
    return Level(assessment.level), frozenset(SECTION_ID.findall(page)), tuple(asked)


def run_one(vignette: Vignette, client: Client | None = None) -> Outcome:
    runs = [run_reading(vignette, n, client or Client()) for n in range(len(vignette.readings))]
    topics = frozenset.intersection(*(topics for _, topics, _ in runs))
    return Outcome(vignette, tuple(level for level, _, _ in runs), topics, runs[0][2])


def run_all(vignettes: list[Vignette] | None = None) -> list[Outcome]:
    if not AdviceArticle.objects.exists():
        raise VignetteError("load the advice content first (manage.py load_advice_content)")
    # Each vignette is another person, on another device and network.
    people = enumerate(vignettes if vignettes is not None else load())
    return [run_one(vignette, Client(REMOTE_ADDR=f"10.0.{n // 250}.{n % 250 + 1}")) for n, vignette in people]


def upper_bound(events: int, trials: int, confidence: float = 0.95) -> float:
    """The one-sided upper confidence bound of a proportion (Clopper-Pearson): with 0 of 60, about 4.9 %."""
    if trials == 0:
        return 1.0
    if events >= trials:
        return 1.0

    def at_most(p: float) -> float:  # P(X <= events) for X ~ Binomial(trials, p)
        return sum(math.comb(trials, k) * p**k * (1 - p) ** (trials - k) for k in range(events + 1))

    low, high = events / trials, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if at_most(middle) > 1 - confidence else (low, middle)
    return high


@dataclass
class Scores:
    name: str
    outcomes: list[Outcome]
    out_of_scope: list[Outcome] = field(default_factory=list)

    def __post_init__(self):
        self.out_of_scope = [o for o in self.outcomes if o.out_of_scope]
        self.outcomes = [o for o in self.outcomes if not o.out_of_scope]

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def readings(self) -> int:
        return sum(len(o.levels) for o in self.outcomes)

    @property
    def exact(self) -> int:
        return sum(o.exact for o in self.outcomes)

    @property
    def under_triaged(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.under]

    @property
    def over_triaged(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.over]

    @property
    def urgent(self) -> list[Outcome]:
        """Stories whose gold level is a doctor today or sooner."""
        return [o for o in self.outcomes if o.gold >= Level.TODAY]

    @property
    def self_care(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.gold == Level.SELF_CARE]

    @property
    def self_care_above_gp(self) -> list[Outcome]:
        return [o for o in self.self_care if max(o.levels) > Level.GP]

    @property
    def missing_topics(self) -> list[tuple[str, str]]:
        return [(o.vignette.id, topic) for o in self.outcomes for topic in o.missing_topics]

    @property
    def exact_rate(self) -> float:
        return self.exact / self.total

    @property
    def self_care_above_gp_rate(self) -> float:
        return len(self.self_care_above_gp) / len(self.self_care) if self.self_care else 0.0

    @property
    def under_triage_bound(self) -> float:
        """The 95 % upper bound of the under-triage rate among the stories that need a doctor today or sooner."""
        return upper_bound(sum(o.under for o in self.urgent), len(self.urgent))

    @property
    def targets_met(self) -> bool:
        return (
            len(self.under_triaged) <= UNDER_TRIAGE_MAX
            and self.exact_rate >= EXACT_MIN[self.name]
            and self.self_care_above_gp_rate <= SELF_CARE_ABOVE_GP_MAX
            and len(self.urgent) >= URGENT_STORIES_MIN[self.name]
            and not self.missing_topics
        )


def score(outcomes: list[Outcome], name: str = REGRESSION) -> Scores:
    return Scores(name, outcomes)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def report(scores: Scores) -> str:
    """One set's results as Markdown: the headline figures, by category, by gold level, and every miss."""
    exact_min = EXACT_MIN[scores.name]
    urgent, under = len(scores.urgent), len(scores.under_triaged)
    lines = [
        f"{scores.total} stories ({scores.readings} readings run), {urgent} of them needing a doctor today or sooner.",
        "",
        "| measure | result | target | met |",
        "|---|---|---|---|",
        f"| exact level (every reading) | {scores.exact} of {scores.total} ({_percent(scores.exact, scores.total)}) "
        f"| ≥ {exact_min:.0%} | {_met(scores.exact_rate >= exact_min)} |",
        f"| under-triage (any reading) | {under} of {scores.total} | {UNDER_TRIAGE_MAX} "
        f"| {_met(under <= UNDER_TRIAGE_MAX)} |",
        f"| under-triage of stories needing a doctor today or sooner, 95 % upper bound "
        f"| {sum(o.under for o in scores.urgent)} of {urgent}: ≤ {100 * scores.under_triage_bound:.1f} % | – | – |",
        f"| over-triage | {len(scores.over_triaged)} of {scores.total} "
        f"({_percent(len(scores.over_triaged), scores.total)}) | – | – |",
        f"| self-care stories sent above GP | {len(scores.self_care_above_gp)} of {len(scores.self_care)} "
        f"({_percent(len(scores.self_care_above_gp), len(scores.self_care))}) | ≤ {SELF_CARE_ABOVE_GP_MAX:.0%} "
        f"| {_met(scores.self_care_above_gp_rate <= SELF_CARE_ABOVE_GP_MAX)} |",
    ]
    if URGENT_STORIES_MIN[scores.name]:
        lines.append(
            f"| stories needing a doctor today or sooner | {urgent} | ≥ {URGENT_STORIES_MIN[scores.name]} "
            f"| {_met(urgent >= URGENT_STORIES_MIN[scores.name])} |"
        )
    if any(o.vignette.topics for o in scores.outcomes):
        lines.append(
            f"| required advice topics missing | {len(scores.missing_topics)} | 0 | {_met(not scores.missing_topics)} |"
        )
    lines += ["", "| category | stories | exact | under-triaged | over-triaged |", "|---|---|---|---|---|"]
    for category in CATEGORIES:
        group = [o for o in scores.outcomes if o.vignette.category == category]
        lines.append(
            f"| {category} | {len(group)} | {sum(o.exact for o in group)} "
            f"| {sum(o.under for o in group)} | {sum(o.over for o in group)} |"
        )
    lines += ["", "| gold level → given (least urgent reading) | " + " | ".join(LEVELS) + " |"]
    lines.append("|---" * (len(LEVELS) + 1) + "|")
    for gold in LEVELS.values():
        row = [sum(o.gold == gold and o.level == given for o in scores.outcomes) for given in LEVELS.values()]
        lines.append(f"| {LEVEL_NAMES[gold]} | " + " | ".join(map(str, row)) + " |")
    misses = [o for o in scores.outcomes if not o.exact]
    lines += ["", "Stories not at the gold level:" if misses else "Every story is at its gold level."]
    lines += [
        f"- `{o.vignette.id}`: gold {o.vignette.gold}, given " + ", ".join(LEVEL_NAMES[level] for level in o.levels)
        for o in sorted(misses, key=lambda o: o.vignette.id)
    ]
    if scores.out_of_scope:
        lines += ["", "Out of scope (under 16: sent to the page for parents, no level given):"]
        lines += [f"- `{o.vignette.id}`: gold {o.vignette.gold}" for o in scores.out_of_scope]
    if scores.missing_topics:
        lines += ["", "Required advice topics not shown:"]
        lines += [f"- `{vignette_id}`: {topic}" for vignette_id, topic in scores.missing_topics]
    return "\n".join(lines) + "\n"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}-table -->", f"<!-- /{name}-table -->"


def document_with(table: str, text: str, name: str = REGRESSION) -> str:
    """docs/clinical-validation.md with one set's generated table replaced by ``table``."""
    start, end = markers(name)
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    return f"{before}{start}\n{table}{end}{after}"
