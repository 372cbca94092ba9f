"""The questionnaire: every question, its choices, the step order and the branching.

This is the one place that says what a patient is asked and in which words. The wizard,
the check-answers page, the doctor summary, the admin and exports all read it from here.
The codes come from ``assessment.py``; the words belong here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .assessment import (
    AgeBand,
    DaytimeImpact,
    Duration,
    Frequency,
    MagnesiumFactor,
    MedicineChange,
    Muscle,
    Pregnancy,
    Sensation,
    Sex,
    SleepImpact,
    Timing,
    Trigger,
    WarningSign,
)

# Answers so far, as ``{question name: code or list of codes}``.
AnswersSoFar = Mapping[str, object]


@dataclass(frozen=True)
class Question:
    name: str
    text: str
    """The question, shown as the page heading."""
    hint: str
    short: str
    """A few words naming the answer on check-answers and the doctor summary."""
    choices: tuple[tuple[str, str], ...]
    multiple: bool = False
    exclusive: frozenset[str] = frozenset()
    """Options that cannot be ticked together with any other ("None of these")."""
    required_message: str = ""
    summary_heading: str = "Symptoms"
    asked_if: Callable[[AnswersSoFar], bool] | None = None

    def label(self, code: str) -> str:
        return dict(self.choices)[code]

    def is_asked(self, answers: AnswersSoFar) -> bool:
        return self.asked_if is None or self.asked_if(answers)


def _not_emergency(answers: AnswersSoFar) -> bool:
    """After someone reports stroke signs right now, ask nothing more: send them for help."""
    return WarningSign.STROKE_NOW not in (answers.get("warning_signs") or ())


def _pregnancy_can_apply(answers: AnswersSoFar) -> bool:
    """Asked unless the person is male or 65 or over (counted as possible until we know)."""
    age = answers.get("age")
    return (
        _not_emergency(answers)
        and answers.get("sex") != Sex.MALE
        and (age is None or age in {AgeBand.AGE_16_24, AgeBand.AGE_25_44, AgeBand.AGE_45_64})
    )


QUESTIONS: tuple[Question, ...] = (
    Question(
        name="age",
        text="How old are you?",
        hint="Some advice depends on age. If you are asking for a child, choose their age.",
        short="Age",
        summary_heading="About the person",
        choices=(
            (AgeBand.UNDER_16, "Under 16"),
            (AgeBand.AGE_16_24, "16 to 24"),
            (AgeBand.AGE_25_44, "25 to 44"),
            (AgeBand.AGE_45_64, "45 to 64"),
            (AgeBand.AGE_65_PLUS, "65 or over"),
        ),
        required_message="Select your age",
    ),
    Question(
        name="sex",
        text="What sex were you registered at birth?",
        hint="We only use this to know if questions about pregnancy apply to you.",
        short="Sex registered at birth",
        summary_heading="About the person",
        choices=(
            (Sex.FEMALE, "Female"),
            (Sex.MALE, "Male"),
            (Sex.PREFER_NOT_TO_SAY, "I'd prefer not to say"),
        ),
        required_message="Select your sex registered at birth, or 'I'd prefer not to say'",
    ),
    Question(
        name="timing",
        text="When do the twitches or jerks happen?",
        hint="Select all that apply.",
        short="When it happens",
        multiple=True,
        exclusive=frozenset({Timing.NOT_SURE}),
        choices=(
            (Timing.FALLING_ASLEEP, "While I'm falling asleep"),
            (Timing.DURING_SLEEP, "Later, while I'm asleep (for example, someone sees it or it wakes me)"),
            (Timing.AWAKE, "While I'm awake during the day"),
            (Timing.NOT_SURE, "I'm not sure"),
        ),
        required_message="Select when the twitches happen, or 'I'm not sure'",
    ),
    Question(
        name="muscles",
        text="Which parts of your body twitch or jerk?",
        hint="Select all that apply.",
        short="Muscles affected",
        multiple=True,
        exclusive=frozenset({Muscle.NOT_SURE}),
        choices=(
            (Muscle.LEGS, "Legs or feet"),
            (Muscle.ARMS, "Arms or hands"),
            (Muscle.WHOLE_BODY, "My whole body"),
            (Muscle.FACE_EYELID, "Face or eyelid"),
            (Muscle.TRUNK, "Chest, tummy or back"),
            (Muscle.NOT_SURE, "I'm not sure"),
        ),
        required_message="Select which parts of your body twitch, or 'I'm not sure'",
    ),
    Question(
        name="frequency",
        text="How often does it happen?",
        hint="Think about the last month.",
        short="How often",
        choices=(
            (Frequency.LESS_THAN_WEEKLY, "Less than once a week"),
            (Frequency.SOME_NIGHTS, "1 to 3 nights a week"),
            (Frequency.MOST_NIGHTS, "4 or more nights a week"),
            (Frequency.NOT_SURE, "I'm not sure"),
        ),
        required_message="Select how often it happens, or 'I'm not sure'",
    ),
    Question(
        name="duration",
        text="When did it start?",
        hint="If it comes and goes, think about when it first started.",
        short="Started",
        choices=(
            (Duration.UNDER_2_WEEKS, "Less than 2 weeks ago"),
            (Duration.UNDER_3_MONTHS, "Between 2 weeks and 3 months ago"),
            (Duration.OVER_3_MONTHS, "More than 3 months ago"),
            (Duration.NOT_SURE, "I'm not sure"),
        ),
        required_message="Select when it started, or 'I'm not sure'",
    ),
    Question(
        name="sleep_impact",
        text="How much does it disturb your sleep?",
        hint="Choose the answer that is closest.",
        short="Effect on sleep",
        summary_heading="Effect on sleep and daytime",
        choices=(
            (SleepImpact.NONE, "Not much: I fall asleep again quickly"),
            (SleepImpact.SOMETIMES, "Sometimes it keeps me awake for a while"),
            (SleepImpact.MOST_NIGHTS, "It badly disturbs my sleep on most nights"),
        ),
        required_message="Select how much it disturbs your sleep",
    ),
    Question(
        name="daytime_impact",
        text="How do you feel during the day?",
        hint="Think about the last few weeks.",
        short="Effect on daytime",
        summary_heading="Effect on sleep and daytime",
        choices=(
            (DaytimeImpact.NONE, "Fine, I'm not more tired than usual"),
            (DaytimeImpact.TIRED, "Tired, but I can manage my day"),
            (DaytimeImpact.AFFECTS_DAILY_LIFE, "So sleepy that it affects work, driving or daily life"),
        ),
        required_message="Select how you feel during the day",
    ),
    Question(
        name="sensations",
        text="Do you notice anything else at the moment of a jerk?",
        hint="Select all that apply.",
        short="Felt with it",
        multiple=True,
        exclusive=frozenset({Sensation.NONE}),
        choices=(
            (Sensation.FALLING, "A feeling of falling"),
            (Sensation.FLASH, "A flash of light"),
            (Sensation.SOUND, "A loud bang or sound"),
            (Sensation.NONE, "None of these"),
        ),
        required_message="Select what you notice, or 'None of these'",
    ),
    Question(
        name="warning_signs",
        text="Do you have any of these?",
        hint="Select all that apply. These can point to something other than sleep starts.",
        short="Warning signs",
        summary_heading="Warning signs",
        multiple=True,
        exclusive=frozenset({WarningSign.NONE}),
        choices=(
            (
                WarningSign.STROKE_NOW,
                "Right now: my face is drooping, one side of my body is weak, or my speech is slurred",
            ),
            (
                WarningSign.SEIZURE_SIGNS,
                "Episodes where I lose awareness, bite my tongue, wet myself, or am confused afterwards",
            ),
            (WarningSign.HEAD_INJURY, "It started after a head injury"),
            (WarningSign.WEAKNESS, "Weakness in my arms or legs"),
            (WarningSign.WASTING, "Muscles that are getting thinner"),
            (WarningSign.SPREADING, "Twitching that is spreading to other parts of my body"),
            (WarningSign.NUMBNESS, "Numbness, tingling or pain"),
            (WarningSign.MORNING_JERKS, "Jerks soon after waking up in the morning, for example dropping things"),
            (WarningSign.RESTLESS_LEGS, "An urge to move my legs in the evening that gets better when I move them"),
            (WarningSign.PARTNER_SEES_KICKS, "Someone has seen me kick again and again while I'm asleep"),
            (WarningSign.BREATHING_PAUSES, "Someone has seen me stop breathing or gasp while I'm asleep"),
            (WarningSign.NONE, "None of these"),
        ),
        required_message="Select any that apply, or 'None of these'",
    ),
    Question(
        name="triggers",
        text="Do any of these apply to you at the moment?",
        hint="Select all that apply. These can make sleep starts happen more often.",
        short="Possible triggers",
        summary_heading="Possible triggers",
        multiple=True,
        exclusive=frozenset({Trigger.NONE, Trigger.NOT_SURE}),
        choices=(
            (Trigger.STRESS, "Stress, worry or emotional strain"),
            (Trigger.CAFFEINE, "Coffee, tea, cola or energy drinks after mid-afternoon"),
            (Trigger.NICOTINE, "Smoking, vaping or other nicotine"),
            (Trigger.ALCOHOL, "Alcohol in the evening"),
            (Trigger.EVENING_EXERCISE, "Hard exercise in the evening"),
            (Trigger.SHORT_SLEEP, "Too little sleep, or going to bed at very different times"),
            (Trigger.SHIFT_WORK, "Shift work or night work"),
            (Trigger.NONE, "None of these"),
            (Trigger.NOT_SURE, "I'm not sure"),
        ),
        required_message="Select any that apply, 'None of these' or 'I'm not sure'",
        asked_if=_not_emergency,
    ),
    Question(
        name="pregnancy",
        text="Are you pregnant or breastfeeding?",
        hint="Your body needs more magnesium at these times, and some advice is different.",
        short="Pregnant or breastfeeding",
        summary_heading="About the person",
        choices=(
            (Pregnancy.PREGNANT, "I'm pregnant"),
            (Pregnancy.BREASTFEEDING, "I'm breastfeeding"),
            (Pregnancy.NEITHER, "Neither"),
            (Pregnancy.PREFER_NOT_TO_SAY, "I'd prefer not to say"),
        ),
        required_message="Select an answer, or 'I'd prefer not to say'",
        asked_if=_pregnancy_can_apply,
    ),
    Question(
        name="magnesium",
        text="Do any of these apply to you?",
        hint="Select all that apply. They can change how much magnesium your body needs.",
        short="Magnesium need",
        summary_heading="Magnesium and medicines",
        multiple=True,
        exclusive=frozenset({MagnesiumFactor.NONE}),
        choices=(
            (MagnesiumFactor.CRAMPS, "Cramps in my calves at night"),
            (MagnesiumFactor.HARD_TRAINING, "I do hard physical training or sport most days"),
            (
                MagnesiumFactor.LOW_MAGNESIUM_DIET,
                "I rarely eat beans, lentils, nuts, seeds, whole grains or green vegetables",
            ),
            (
                MagnesiumFactor.LONG_TERM_MEDICINES,
                "I take water tablets (diuretics) or acid-reducing tablets (such as omeprazole) long term",
            ),
            (MagnesiumFactor.KIDNEY_DISEASE, "I have kidney disease"),
            (MagnesiumFactor.NONE, "None of these"),
        ),
        required_message="Select any that apply, or 'None of these'",
        asked_if=_not_emergency,
    ),
    Question(
        name="medicines",
        text="In the last 3 months, have you started, changed or stopped a medicine?",
        hint="Include medicines from a pharmacy or shop, and stopping alcohol, cannabis or sleeping tablets.",
        short="Medicine changed recently",
        summary_heading="Magnesium and medicines",
        choices=(
            (MedicineChange.YES, "Yes"),
            (MedicineChange.NO, "No"),
            (MedicineChange.NOT_SURE, "I'm not sure"),
        ),
        required_message="Select yes, no or 'I'm not sure'",
        asked_if=_not_emergency,
    ),
)

QUESTIONS_BY_NAME: dict[str, Question] = {q.name: q for q in QUESTIONS}


class QuestionForm(forms.Form):
    """One question on one page. The field is always called ``answer``."""

    question: Question

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        q = self.question
        field_class = forms.MultipleChoiceField if q.multiple else forms.ChoiceField
        widget = forms.CheckboxSelectMultiple if q.multiple else forms.RadioSelect
        self.fields["answer"] = field_class(
            label=q.text,
            help_text=q.hint,
            choices=q.choices,
            widget=widget,
            error_messages={"required": q.required_message, "invalid_choice": q.required_message},
        )

    def clean_answer(self):
        answer = self.cleaned_data["answer"]
        if self.question.multiple:
            answer = list(dict.fromkeys(answer))  # a repeated option counts once
            chosen_exclusive = [code for code in answer if code in self.question.exclusive]
            if chosen_exclusive and len(answer) > 1:
                label = self.question.label(chosen_exclusive[0])
                raise forms.ValidationError(f"Select '{label}' on its own, or untick it", code="exclusive")
        return answer


def form_for(question: Question) -> type[QuestionForm]:
    return type(f"{question.name.title().replace('_', '')}Form", (QuestionForm,), {"question": question})


FORMS: dict[str, type[QuestionForm]] = {q.name: form_for(q) for q in QUESTIONS}


@dataclass(frozen=True)
class QuestionField:
    """One question as its page shows it: what is ticked and what is wrong (question.html).

    A page that is only opened is drawn straight from the question and the stored answer; only
    an answer that failed checking needs its form, for the errors (``from_form``). Each
    option's markup depends only on the question, so it is built once per process and each
    page only marks which options are ticked: drawing the options through the form's widget
    took a quarter of a question page's time (docs/performance.md).
    """

    question: Question
    prefix: str
    ticked: frozenset[str] = frozenset()
    errors: tuple[str, ...] = ()

    @classmethod
    def from_answer(cls, question: Question, answer: object | None) -> QuestionField:
        codes = answer if isinstance(answer, list | tuple) else () if answer is None else (answer,)
        return cls(question, question.name, frozenset(str(code) for code in codes))

    @classmethod
    def from_form(cls, form: QuestionForm) -> QuestionField:
        field = form["answer"]
        ticked = frozenset(field.field.widget.format_value(field.value()))
        return cls(form.question, form.prefix, ticked, tuple(field.errors))

    @property
    def html_name(self) -> str:
        return f"{self.prefix}-answer"

    @property
    def auto_id(self) -> str:
        return f"id_{self.html_name}"

    def options(self) -> SafeString:
        """The radio buttons or checkboxes, with this person's answer ticked."""
        parts = _option_markup(self.question, self.prefix, bool(self.errors))
        markup = "".join(f"{head}{' checked' if code in self.ticked else ''}{tail}" for code, head, tail in parts)
        return mark_safe(markup)  # noqa: S308 - every part was escaped by format_html in _option_markup


# An option is _OPTION_INPUT, then " checked" if it is ticked, then _OPTION_LABEL.
_OPTION_INPUT = (
    '<div class="form-check option mb-2">\n'
    '<input type="{}" class="form-check-input{}" name="{}-answer" value="{}" id="id_{}-answer_{}"'
)
_OPTION_LABEL = '>\n<label for="id_{}-answer_{}" class="form-check-label">{}</label>\n</div>\n'
# Before the first option that stands alone ("None of these").
_OPTION_DIVIDER = '<p class="option-divider mb-2" aria-hidden="true">or</p>\n'


@lru_cache(maxsize=256)
def _option_markup(question: Question, prefix: str, invalid: bool) -> tuple[tuple[str, str, str], ...]:
    """(code, markup before "checked", markup after it) for each option of ``question``."""
    input_type = "checkbox" if question.multiple else "radio"
    invalid_class = " is-invalid" if invalid else ""
    parts, divided = [], False
    for index, (code, label) in enumerate(question.choices):
        head = format_html(_OPTION_INPUT, input_type, invalid_class, prefix, code, prefix, index)
        if code in question.exclusive and not divided:
            head, divided = _OPTION_DIVIDER + head, True
        parts.append((str(code), head, format_html(_OPTION_LABEL, prefix, index, label)))
    return tuple(parts)


def clean_answer(question: Question, data: Mapping | None, prefix: str) -> object | None:
    """The cleaned answer to one question from stored form data, or None if not valid."""
    if not data:
        return None
    key = f"{prefix}-answer"
    values = data.getlist(key) if hasattr(data, "getlist") else data.get(key)
    values = tuple(values) if isinstance(values, list | tuple) else () if values is None else (values,)
    answer = _clean_answer(question.name, prefix, values)
    return list(answer) if isinstance(answer, tuple) else answer


@lru_cache(maxsize=4096)
def _clean_answer(name: str, prefix: str, values: tuple[str, ...]) -> object | None:
    # Every page of the questionnaire re-reads all stored answers (the branching depends on
    # them), so validating the same few answers through a Form each time adds up. The result
    # only depends on the arguments, so it is remembered.
    form = FORMS[name](data=MultiValueDict({f"{prefix}-answer": list(values)}), prefix=prefix)
    if not form.is_valid():
        return None
    answer = form.cleaned_data["answer"]
    return tuple(answer) if isinstance(answer, list) else answer


def asked_questions(answers: AnswersSoFar) -> list[Question]:
    """The questions this person is asked, given the answers they have given so far."""
    return [q for q in QUESTIONS if q.is_asked(answers)]


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    codes: tuple[str, ...]

    @property
    def labels(self) -> list[str]:
        return [self.question.label(code) for code in self.codes]


def answer_rows(answers: AnswersSoFar) -> list[AnswerRow]:
    """The answers in questionnaire order, for check-answers and the doctor summary."""
    rows = []
    for q in QUESTIONS:
        value = answers.get(q.name)
        if value:
            codes = tuple(value) if q.multiple else (value,)
            rows.append(AnswerRow(q, codes))
    return rows


def describe(question_name: str, code: str) -> str:
    """The words the person chose, for "because you said …"."""
    question = QUESTIONS_BY_NAME[question_name]
    return question.label(code)
