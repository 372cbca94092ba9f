"""A run through the questionnaire: the one owner of what the questionnaire keeps in the session.

A browser may have a few runs going at once, one a tab. Each run has an id in its URLs, the time
consent was given, a submission key (so that it is stored once, whatever is replayed), the answers
given so far, and the steps already
counted for the completion funnel. Once the answers are sent, the run is forgotten and only a
link from its id to the result stays, so that Back lands on the advice; deleting the result
removes that too. Views ask a ``Run``: nothing else reads or writes these session keys.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

from triage.clinical.assessment import TriageResult
from triage.questionnaire.questions import CHECK, Question, asked_questions, outcome_so_far
from triage.staff import stats

RUNS = "triage_runs"
RESULTS = "triage_results"
MAX_RUNS = 5
"""Runs kept per browser; starting another forgets the oldest."""
STEP_FIELD = "step"
"""The hidden field that says which step a form answers: a form sent to another step's URL is not taken."""


@dataclass
class Run:
    session: SessionBase
    id: str

    # --- starting, finding, ending -----------------------------------------------------

    @classmethod
    def begin(cls, session: SessionBase) -> Run:
        """A fresh run with consent recorded now; the oldest run goes if there are too many."""
        run = cls._new(session, timezone.now().isoformat(), answers={})
        run.count(stats.START_STEP)
        return run

    @classmethod
    def resume(cls, session: SessionBase, answers: dict[str, object], consent_at: str) -> Run:
        """A new run from answers already sent ("I ticked this by mistake"), with the consent they were
        sent with. Its own submission key: a changed answer is stored as a new assessment, beside the first.
        Nothing is counted again for the funnel."""
        run = cls._new(session, consent_at, answers=dict(answers))
        run._state["counted"] = [stats.START_STEP, *answers]
        return run

    @classmethod
    def _new(cls, session: SessionBase, consent_at: str, answers: dict[str, object]) -> Run:
        runs = session.get(RUNS, {})
        for old in list(runs)[: max(0, len(runs) - MAX_RUNS + 1)]:
            del runs[old]
        run_id = secrets.token_hex(6)
        runs[run_id] = {
            "consent_at": consent_at,
            "submission_key": secrets.token_urlsafe(24),
            "answers": answers,
            "counted": [],
        }
        session[RUNS] = runs
        return cls(session, run_id)

    @classmethod
    def find(cls, session: SessionBase, run_id: str) -> Run | None:
        """The run with this id in this browser, or None (ended, sent, or never started here)."""
        return cls(session, run_id) if run_id in session.get(RUNS, {}) else None

    @classmethod
    def latest_unfinished(cls, session: SessionBase) -> Run | None:
        """The run this browser started last, if it has answers and was not sent: "continue where you left off"."""
        started = [run_id for run_id, state in session.get(RUNS, {}).items() if state["answers"]]
        return cls(session, started[-1]) if started else None

    def clear(self, counting: Question) -> None:
        """Drop every answer but keep the run: a child's (under 16), for whom nothing is kept.

        ``counting`` is still counted for the completion funnel, as answered.
        """
        self._state["answers"] = {}
        self.session.modified = True
        self.count(counting.name)

    def forget(self) -> None:
        """Drop this run and every answer in it."""
        runs = self.session.get(RUNS, {})
        if runs.pop(self.id, None) is not None:
            self.session[RUNS] = runs
        if not runs:
            self.session.pop(RUNS, None)

    def finish(self, token: str) -> None:
        """The answers are stored: keep only a link from this run to its result."""
        self.count(stats.SUBMITTED_STEP)
        self.session[RESULTS] = {**self.session.get(RESULTS, {}), self.id: token}
        self.forget()

    # --- what the person said ------------------------------------------------------------

    @property
    def _state(self) -> dict:
        return self.session[RUNS][self.id]

    @property
    def consent_at(self) -> str:
        return self._state["consent_at"]

    @property
    def submission_key(self) -> str:
        return self._state["submission_key"]

    @property
    def answers(self) -> dict[str, object]:
        """Every answer given in this run, ``{question: code or list of codes}``, already checked."""
        return self._state["answers"]

    def save(self, question: Question, answer: object) -> None:
        self.answers[question.name] = answer
        self.session.modified = True
        self.count(question.name)

    # --- where the person is ---------------------------------------------------------------

    def asked(self) -> list[Question]:
        """The questions this person is asked, given their answers (branching: questions.py)."""
        return asked_questions(self.answers)

    def steps(self) -> list[str]:
        return [q.name for q in self.asked()] + [CHECK]

    def asked_answers(self) -> dict[str, object]:
        """The answers to the questions still asked: a changed answer can make others not apply."""
        return {q.name: self.answers[q.name] for q in self.asked() if q.name in self.answers}

    def next_step(self) -> str:
        """The first question not answered yet, or check answers when all are."""
        return next((q.name for q in self.asked() if q.name not in self.answers), CHECK)

    def can_open(self, step: str) -> bool:
        """A step that is asked and not beyond the first one still unanswered."""
        steps = self.steps()
        return step in steps and steps.index(step) <= steps.index(self.next_step())

    def step_after(self, step: str) -> str:
        steps = self.steps()
        return steps[steps.index(step) + 1]

    def outcome(self) -> TriageResult:
        return outcome_so_far(self.asked_answers())

    # --- the completion funnel -------------------------------------------------------------

    def count(self, step: str) -> None:
        """Count a step once for this run: going back to change an answer does not count it twice."""
        counted = self._state["counted"]
        if step not in counted:
            counted.append(step)
            self.session.modified = True
            stats.increment(step)


def result_of(session: SessionBase, run_id: str) -> str | None:
    """The result token of a run this browser has sent, if any."""
    return session.get(RESULTS, {}).get(run_id)


def forget_result(session: SessionBase, token: str) -> None:
    """Remove every trace of a deleted result from the session; an empty session is deleted, cookie and all."""
    results = {run: t for run, t in session.get(RESULTS, {}).items() if t != token}
    session[RESULTS] = results
    for key in (RESULTS, RUNS):
        if not session.get(key):
            session.pop(key, None)
    if not session.keys():
        session.flush()
