"""The removal check: each hazard control, taken out of the code in turn, must make a test named for it fail.

``docs/clinical-safety/hazard-log.md`` names, for each control, the tests that verify it. ``REMOVALS``
says how to take each control out: one exact edit of one file (the text must be there exactly once, so
the registry cannot drift from the code unseen). ``make hazards`` copies the working tree, makes each edit
in turn, runs the control's tests there and reports which fail; every control must make at least one
fail (pytest's exit code 1: a failed test, not a crash). It writes the table into
``docs/clinical-safety/removal-check.md``. ``tests/test_clinical_safety.py`` checks, in every ``make test``,
that each control in the log has a removal and that each removal's text is still in its file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HAZARD_LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"
REPORT = ROOT / "docs" / "clinical-safety" / "removal-check.md"
HAZARD = re.compile(r"^## (H\d\d)\. (.+)$", re.M)
CONTROL = re.compile(r"^  (\d+)\. \((\w+)\)(.*?)(?=^  \d+\. \(|^- \*\*Residual|\Z)", re.M | re.S)
TEST_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


@dataclass(frozen=True)
class Removal:
    file: str
    old: str
    new: str
    what: str
    """The control taken out, in words."""


RULES_FILE, WORDS, QUESTIONS_FILE, VIEWS, ADVICE = (
    "triage/clinical/assessment.py",
    "triage/clinical/outcome.py",
    "triage/questionnaire/questions.py",
    "triage/questionnaire/views.py",
    "triage/content/advice.py",
)
NOWHERE = '"removed"'

REMOVALS: dict[str, Removal] = {
    # H01 stroke signs now
    "H01.1": Removal(
        RULES_FILE, 'said("emergency", Emergency.STROKE_NOW),', f'said("emergency", {NOWHERE}),', "the stroke rule"
    ),
    "H01.2": Removal(
        RULES_FILE,
        "    {\n        Finding.STROKE_SIGNS,\n        Finding.SEIZURE_EMERGENCY,",
        "    {\n        Finding.SEIZURE_EMERGENCY,",
        "stroke signs from the findings that need an ambulance",
    ),
    "H01.3": Removal(WORDS, 'Every minute "\n            "counts', '"\n            "', "the built-in stroke text"),
    # H02 a fit that needs an ambulance
    "H02.1": Removal(
        RULES_FILE,
        'said("emergency", Emergency.FIT_NOW, Emergency.FIRST_FIT_NOW, Emergency.NOT_RECOVERED),',
        'said("emergency", Emergency.FIT_NOW),',
        "a first fit just now and not recovering from the seizure rule",
    ),
    "H02.2": Removal(WORDS, "    Finding.SEIZURE_EMERGENCY: _FIT_FIRST_AID,\n", "", "the first-aid step"),
    # H03 a fit in pregnancy or after a birth
    "H03.1": Removal(
        RULES_FILE,
        "all_of(SEIZURE_SIGNS, PREGNANT_OR_JUST_GAVE_BIRTH),",
        f'all_of(SEIZURE_SIGNS, said("pregnancy", {NOWHERE})),',
        "the eclampsia rule",
    ),
    "H03.2": Removal(
        QUESTIONS_FILE,
        'asked_if=said("age", AgeBand.AGE_16_24, AgeBand.AGE_25_44, AgeBand.AGE_45_64),',
        'asked_if=said("age", AgeBand.AGE_25_44),',
        "pregnancy asked of everyone aged 16 to 64",
    ),
    # H04 a head injury with danger signs
    "H04.1": Removal(
        QUESTIONS_FILE,
        'asked_if=said("same_day", SameDay.HEAD_INJURY),',
        f'asked_if=said("same_day", {NOWHERE}),',
        "the head-injury questions",
    ),
    "H04.2": Removal(RULES_FILE, "                HeadInjury.BLOOD_THINNERS,\n", "", "blood thinners as an A&E sign"),
    "H04.3": Removal(
        RULES_FILE,
        'answered("head_injury"), said("age", AgeBand.AGE_65_PLUS)),',
        'answered("head_injury"), said("age", AgeBand.UNDER_16)),',
        "age 65 or over as an A&E sign",
    ),
    "H04.4": Removal(
        RULES_FILE,
        'said("head_injury", HeadInjury.FIT_SINCE, HeadInjury.NEW_NERVE_SIGNS)),',
        'said("head_injury", HeadInjury.NEW_NERVE_SIGNS)),',
        "a fit since the injury as a 999 sign",
    ),
    "H04.5": Removal(
        WORDS,
        '    Finding.HEAD_INJURY_A_AND_E: "Take a list of your medicines with you, especially any blood thinner.",\n',
        "",
        "the A&E step",
    ),
    # H05 TIA
    "H05.1": Removal(
        RULES_FILE, 'said("same_day", SameDay.STROKE_GONE),', f'said("same_day", {NOWHERE}),', "the TIA rule"
    ),
    "H05.2": Removal(
        WORDS,
        'Sooner("the signs of a stroke come back, even for a few minutes: call {emergency_number} at once", E)',
        "None",
        "the call-999-if-it-comes-back safety net",
    ),
    # H06 first fit
    "H06.1": Removal(
        RULES_FILE, 'said("same_day", SameDay.FIRST_FIT_OVER),', f'said("same_day", {NOWHERE}),', "the first-fit rule"
    ),
    "H06.2": Removal(
        WORDS,
        '    "Do not drive until a doctor has checked you. If a doctor finds you had a fit (seizure), you must '
        'tell the DVLA."',
        '    ""',
        "the driving advice",
    ),
    # H07, H08
    "H07.1": Removal(
        RULES_FILE,
        'said("same_day", SameDay.SEIZURE_SIGNS),',
        f'said("same_day", {NOWHERE}),',
        "the possible-seizure rule",
    ),
    "H08.1": Removal(
        RULES_FILE,
        'said("same_day", SameDay.OLD_HEAD_INJURY),',
        f'said("same_day", {NOWHERE}),',
        "the old-head-injury rule",
    ),
    # H09 serotonin syndrome
    "H09.1": Removal(
        RULES_FILE,
        'said("medicine_signs", MedicineSigns.SEROTONIN),',
        f'said("medicine_signs", {NOWHERE}),',
        "the rule",
    ),
    "H09.2": Removal(
        WORDS,
        '    Finding.SEROTONIN_SYNDROME: "Call 111 now or go to A&E. Do not wait for a GP appointment",\n',
        "",
        "the 111-or-A&E instruction",
    ),
    # H10 withdrawal
    "H10.1": Removal(
        RULES_FILE,
        'said("medicine_signs", MedicineSigns.WITHDRAWAL),',
        f'said("medicine_signs", {NOWHERE}),',
        "the rule",
    ),
    "H10.2": Removal(WORDS, '"Do not stop suddenly on your own: a doctor', '"A doctor', "do not stop suddenly"),
    # H11 the emergency card when the system fails
    "H11.1": Removal(
        "triage/faults.py",
        "    if emergency is not None and emergency.level == Level.EMERGENCY:",
        "    if False:",
        "the emergency card when storing fails",
    ),
    "H11.2": Removal(
        "twitchguide/redis_waits.py",
        "        if timeout is SENTINEL and waits.limit(None) is not None:",
        "        if False:",
        "Redis's waits within the emergency bound",
    ),
    # H12 an editor hides urgent advice
    "H12.1": Removal(ADVICE, "if finding in found and finding not in covered", "if False", "the built-in texts"),
    "H12.2": Removal(
        ADVICE, "fallback_only=[f for f in uncovered if f in FALLBACK_TEXT],", "fallback_only=[],", "warning"
    ),
    # H13 something else called sleep starts
    "H13.1": Removal(
        RULES_FILE,
        "fits_sleep_starts=level == Level.SELF_CARE and timing == {Timing.FALLING_ASLEEP},",
        "fits_sleep_starts=level == Level.SELF_CARE,",
        "'fits sleep starts' only at sleep onset",
    ),
    "H13.2": Removal(
        RULES_FILE,
        'all_of(AWAKE, said("character", Character.JERK, Character.NOT_SURE)),',
        f'all_of(AWAKE, said("character", {NOWHERE})),',
        "the jerks-while-awake rule",
    ),
    # H14 progressive nerve or muscle disease
    "H14.1": Removal(
        RULES_FILE,
        'said("with_it", WithIt.WEAKNESS, WithIt.WASTING),',
        f'said("with_it", {NOWHERE}),',
        "weakness or wasting",
    ),
    # H15 a child
    "H15.1": Removal(
        VIEWS, 'if question.name == "age" and answer == AgeBand.UNDER_16:', "if False:", "under 16 leaves"
    ),
    # H16 get help sooner
    "H16.1": Removal(WORDS, "if line is not None and line.level > level)", "if line is not None)", "only sooner help"),
    "H16.2": Removal(WORDS, "                return instead\n", "                pass\n", "what to say instead"),
    # H17 answers mixed up or stale
    "H17.1": Removal(
        "triage/questionnaire/runs.py",
        "return {q.name: self.answers[q.name] for q in self.asked() if q.name in self.answers}",
        "return dict(self.answers)",
        "only the questions still asked are sent",
    ),
    # H18 advice content wrong
    "H18.1": Removal(
        "triage/management/commands/load_advice_content.py",
        "elif force or fingerprint(_content(article)) in shipped:",
        "elif force:",
        "corrections reach articles no editor changed",
    ),
    # H19 a rule changed unnoticed
    "H19.1": Removal(
        RULES_FILE,
        "        Finding.TIA,\n        Level.TODAY,",
        "        Finding.TIA,\n        Level.GP,",
        "a rule set one level lower",
    ),
    # H20 words too hard
    "H20.1": Removal(
        "twitchguide/settings.py", "READABILITY_MAX_BUILTIN = 11", "READABILITY_MAX_BUILTIN = 14", "limit"
    ),
    # H21 sudden confusion
    "H21.1": Removal(
        RULES_FILE, 'said("emergency", Emergency.SUDDEN_CONFUSION),', f'said("emergency", {NOWHERE}),', "the rule"
    ),
    "H21.2": Removal(
        RULES_FILE,
        "        Finding.SEIZURE_EMERGENCY,\n        Finding.SUDDEN_CONFUSION,\n        Finding.MENINGITIS_SIGNS,",
        "        Finding.SEIZURE_EMERGENCY,\n        Finding.MENINGITIS_SIGNS,",
        "sudden confusion from the findings that need an ambulance",
    ),
    # H22 meningitis, encephalitis
    "H22.1": Removal(
        RULES_FILE, 'said("emergency", Emergency.FEVER_SIGNS),', f'said("emergency", {NOWHERE}),', "the rule"
    ),
    "H22.2": Removal(
        RULES_FILE,
        "        Finding.SUDDEN_CONFUSION,\n        Finding.MENINGITIS_SIGNS,\n        Finding.RAPID_WEAKNESS,",
        "        Finding.SUDDEN_CONFUSION,\n        Finding.RAPID_WEAKNESS,",
        "fever signs from the findings that need an ambulance",
    ),
    # H23 spreading weakness
    "H23.1": Removal(
        RULES_FILE,
        'said("same_day", SameDay.SPREADING_WEAKNESS),\n    ),',
        f'said("same_day", {NOWHERE}),\n    ),',
        "the same-day rule",
    ),
    "H23.2": Removal(
        RULES_FILE,
        'said("spreading", Spreading.BREATHING, Spreading.SWALLOWING_OR_SPEECH, Spreading.FAST),',
        f'said("spreading", {NOWHERE}),',
        "the 999 rule",
    ),
    "H23.3": Removal(
        RULES_FILE,
        'any_of(said("duration", Duration.UNDER_2_WEEKS), said("onset", Onset.SUDDEN)),',
        f'said("onset", {NOWHERE}),',
        "onset and course changing the level",
    ),
    # H24 pre-eclampsia
    "H24.1": Removal(RULES_FILE, "            PregnancySigns.SEVERE_HEADACHE,\n", "", "a severe headache as a sign"),
    "H24.2": Removal(
        QUESTIONS_FILE,
        'asked_if=said("pregnancy", Pregnancy.PREGNANT_20_WEEKS_PLUS, Pregnancy.GAVE_BIRTH),',
        f'asked_if=said("pregnancy", {NOWHERE}),',
        "the pre-eclampsia questions",
    ),
    "H24.3": Removal(
        WORDS,
        '    Finding.PRE_ECLAMPSIA: "Call your maternity unit or midwife now. If you cannot reach them, call 111",\n',
        "",
        "the maternity-unit instruction",
    ),
    # H25 lithium
    "H25.1": Removal(
        RULES_FILE,
        '            all_of(said("medication", Medication.LITHIUM), NEW_OR_WORSE),\n',
        "",
        "lithium with new or worse jerks",
    ),
    "H25.2": Removal(
        RULES_FILE,
        'said("medicine_signs", MedicineSigns.LITHIUM),',
        f'said("medicine_signs", {NOWHERE}),',
        "the screen",
    ),
    "H25.3": Removal(
        RULES_FILE,
        "        Finding.LITHIUM_JERKS,\n        Level.GP,",
        "        Finding.LITHIUM_JERKS,\n        Level.SELF_CARE,",
        "lithium never self-care",
    ),
    # H26 neuroleptic malignant syndrome
    "H26.1": Removal(
        RULES_FILE, 'said("medicine_signs", MedicineSigns.NMS),', f'said("medicine_signs", {NOWHERE}),', "rule"
    ),
    # H27 night hypos
    "H27.1": Removal(
        RULES_FILE, 'said("medicine_signs", MedicineSigns.HYPO),', f'said("medicine_signs", {NOWHERE}),', "rule"
    ),
    "H27.2": Removal(
        RULES_FILE,
        'all_of(said("medication", Medication.DIABETES_MEDICINE), said("sleep", Sleep.NIGHT_SWEATS)),',
        f'all_of(said("medication", Medication.DIABETES_MEDICINE), said("sleep", {NOWHERE})),',
        "hypos that keep happening",
    ),
    # H28 a medicine building up
    "H28.1": Removal(
        RULES_FILE,
        'said("medication", Medication.NERVE_MEDICINE, Medication.STRONG_PAINKILLER),',
        f'said("medication", {NOWHERE}),',
        "the rule",
    ),
    "H28.2": Removal(
        RULES_FILE,
        'all_of(said("health", Health.KIDNEY_DISEASE, Health.LIVER_DISEASE), NEW_OR_WORSE),',
        f'all_of(said("health", {NOWHERE}), NEW_OR_WORSE),',
        "new jerks with kidney or liver disease",
    ),
    # H29 advice that does not fit the person
    "H29.1": Removal(
        ADVICE,
        "if not matched or not article.published or unsuitable & set(article.findings or ()):",
        "if not matched or not article.published:",
        "the guard that keeps unsafe advice from a risk group",
    ),
    "H29.2": Removal(RULES_FILE, "            not_(KIDNEY_DISEASE),\n", "", "no magnesium advice with kidney disease"),
    "H29.3": Removal(
        RULES_FILE,
        'all_of(said("triggers", Trigger.ALCOHOL), not_(PREGNANT)),',
        'said("triggers", Trigger.ALCOHOL),',
        "no units advice in pregnancy",
    ),
    "H29.4": Removal(WORDS, '"Do not drive if you feel sleepy. ', '"', "do not drive while sleepy"),
    # H30 one outcome, one instruction
    "H30.1": Removal(
        WORDS,
        "    return next((f for f in INSTRUCTIONS if f in top), top[0])",
        "    return top[0]",
        "the card gives the most urgent instruction",
    ),
    "H30.2": Removal(
        ADVICE, "if _plain(words) not in text and (article, words) not in missing:", "if False:", "the content warning"
    ),
    # H31 what a person was told changes after the fact
    "H31.1": Removal("triage/models.py", "        if self.outcome:\n", "        if False:\n", "the stored outcome"),
    "H31.2": Removal(
        VIEWS, "if today is not None and today.level > given.level:", "if False:", "the more-urgent warning"
    ),
    # H32 over-triage
    "H32.1": Removal(
        RULES_FILE,
        'all_of(said("health", Health.KIDNEY_DISEASE, Health.LIVER_DISEASE), NEW_OR_WORSE),',
        'said("health", Health.KIDNEY_DISEASE, Health.LIVER_DISEASE),',
        "only new or worse jerks with kidney or liver disease",
    ),
    "H32.2": Removal(
        RULES_FILE,
        'all_of(said("medication", Medication.CHANGED), NEW_OR_WORSE),',
        'said("medication", Medication.CHANGED),',
        "a medicine change counts only for jerks since",
    ),
    # H33 use outside the UK
    "H33.1": Removal(
        WORDS,
        'return text.replace("{emergency_number}", settings.EMERGENCY_NUMBER)',
        'return text.replace("{emergency_number}", "999")',
        "the emergency number from the settings",
    ),
    # H34 a wrong rule for everyone
    "H34.1": Removal(
        RULES_FILE,
        "        Finding.STROKE_SIGNS,\n        Level.EMERGENCY,",
        "        Finding.STROKE_SIGNS,\n        Level.TODAY,",
        "a rule at the wrong level for everyone",
    ),
    # H35 the service down
    "H35.1": Removal(
        "triage/faults.py",
        '    if request.method == "POST" and _is_patient_page(request):\n        return not_saved(request)',
        "    if False:\n        return not_saved(request)",
        "the not-saved page that keeps the answers",
    ),
    "H35.2": Removal(
        "triage/faults.py", "FAULTS = (DatabaseError, RedisError)", "FAULTS = (DatabaseError,)", "Redis faults as 503s"
    ),
    # H36 look-alikes NICE NG127 names
    "H36.1": Removal(
        RULES_FILE,
        'said("night_movements", NightMovements.ATTACKS),',
        f'said("night_movements", {NOWHERE}),',
        "the rule",
    ),
    "H36.2": Removal(
        RULES_FILE,
        'said("night_movements", NightMovements.ACTING_OUT_DREAMS),',
        f'said("night_movements", {NOWHERE}),',
        "acting out dreams",
    ),
    "H36.3": Removal(
        RULES_FILE, '            said("muscles", Muscle.TRUNK),\n', f'            said("muscles", {NOWHERE}),\n', "rule"
    ),
    # H37 an emergency page that distracts
    "H37.1": Removal(ADVICE, "    if level >= Level.TODAY:\n", "    if False:\n", "only urgent advice on urgent pages"),
    # H38 a changed answer read from an older copy in Redis
    "H38.1": Removal(
        "twitchguide/cached_sessions.py",
        "            self._cache.delete(self.cache_key)",
        "            pass",
        "the copy removed first",
    ),
    "H38.2": Removal(
        "twitchguide/cached_sessions.py", "self._cache.add(", "self._cache.set(", "a copy never over a newer"
    ),
}


@dataclass(frozen=True)
class Control:
    id: str
    kind: str
    text: str
    tests: tuple[str, ...]


def controls() -> list[Control]:
    """Every control in the hazard log, with the tests it names."""
    text = HAZARD_LOG.read_text(encoding="utf-8")
    starts = list(HAZARD.finditer(text))
    found = []
    for i, match in enumerate(starts):
        section = text[match.start() : starts[i + 1].start() if i + 1 < len(starts) else len(text)]
        for control in CONTROL.finditer(section):
            tests = tuple(f"{path}::{name}" for path, name in TEST_REFERENCE.findall(control.group(3)))
            found.append(Control(f"{match.group(1)}.{control.group(1)}", control.group(2), control.group(3), tests))
    return found


def apply(removal: Removal, root: Path) -> None:
    path = root / removal.file
    source = path.read_text(encoding="utf-8")
    if source.count(removal.old) != 1:
        raise ValueError(f"{removal.file}: the text to remove is there {source.count(removal.old)} times")
    path.write_text(source.replace(removal.old, removal.new), encoding="utf-8")


def run(control: Control, removal: Removal, root: Path) -> tuple[int, list[str]]:
    """Take the control out in ``root``, run its tests, put it back: pytest's exit code and the failed tests."""
    path = root / removal.file
    original = path.read_text(encoding="utf-8")
    apply(removal, root)
    try:
        completed = subprocess.run(  # noqa: S603 - our own tests, our own interpreter
            [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", *control.tests],
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    finally:
        path.write_text(original, encoding="utf-8")
    failed = re.findall(r"^FAILED (\S+)", completed.stdout, re.M)
    crashed = re.findall(r"^ERROR (\S+)", completed.stdout, re.M)
    return (completed.returncode if not crashed else -1), failed


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "tree"
        files = subprocess.run(  # noqa: S603
            ["git", "ls-files", "-co", "--exclude-standard"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for name in files:
            if (ROOT / name).is_file():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, root / name)
        for link in ("node_modules",):
            if (ROOT / link).exists():
                (root / link).symlink_to(ROOT / link)
        rows, survivors = [], []
        for control in controls():
            removal = REMOVALS[control.id]
            code, failed = run(control, removal, root)
            killed = code == 1 and bool(failed)
            if not killed:
                survivors.append(control.id)
            names = ", ".join(f"`{name.split('::')[-1]}`" for name in failed) or f"none (exit code {code})"
            rows.append(f"| {control.id} | {removal.what} | `{removal.file}` | {len(control.tests)} | {names} |")
            print(f"{control.id}: {'killed' if killed else 'SURVIVED'} ({len(failed)} of {len(control.tests)} failed)")
    table = "\n".join(
        [
            "| control | taken out | file | tests named | tests that failed |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )
    summary = f"{len(rows)} controls; {len(rows) - len(survivors)} made a named test fail"
    summary += f"; survived: {', '.join(survivors)}." if survivors else "; none survived."
    REPORT.write_text(
        "# Removal check: every hazard control, taken out, makes a test fail\n\n"
        "Generated by `make hazards` (tests/hazards.py). Each control of the hazard log is taken out of a copy "
        "of the code by one edit, and the tests the log names for it are run there. A control that no test "
        "notices is not a control. Do not edit by hand.\n\n"
        f"{summary}\n\n{table}\n",
        encoding="utf-8",
    )
    print(summary)
    return 1 if survivors else 0


if __name__ == "__main__":
    raise SystemExit(main())
