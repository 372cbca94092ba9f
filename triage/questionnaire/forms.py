"""The forms: consent, one form per question (its field and its checks), feedback and safety concerns.

Every patient form is drawn by django-crispy-forms with the NHS.UK pack (``triage/nhsuk/``): each
form's ``helper`` says what its page shows (the question as the heading, "Why we ask this", the
button), and a template has only ``{% error_summary form %}`` and ``{% crispy form %}``.
"""

from __future__ import annotations

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from triage.clinical import outcome
from triage.models import Feedback
from triage.nhsuk.layout import Details, Field, Hidden, Submit
from triage.nhsuk.widgets import Checkboxes
from triage.questionnaire.questions import QUESTIONS, Question


def page_helper(*layout, hidden: Iterable[tuple[str, str]] = (), action: str = "") -> FormHelper:
    """A form checked on the server only (``novalidate``), in this layout, after its hidden inputs.

    It posts to its own page unless ``action`` says where.
    """
    helper = FormHelper()
    helper.attrs = {"novalidate": True}
    helper.form_action = action
    helper.layout = Layout(*(Hidden(name, value) for name, value in hidden), *layout)
    return helper


class ButtonForm(forms.Form):
    """A form that is only a button: send the answers, delete them, try again. What it sends is hidden.

    ``kind``: ``"warning"`` (red: deleting) or ``"secondary"`` (a second, quieter choice).
    """

    def __init__(self, label: str, *, hidden: Iterable[tuple[str, str]] = (), action: str = "", kind: str = ""):
        super().__init__()
        button = Submit("send", label, css_class=f"nhsuk-button--{kind}" if kind else None)
        self.helper = page_helper(button, hidden=hidden, action=action)


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label="I agree to TwitchGuide storing my answers to give me advice",
        help_text="Your answers are about your health. We keep them for {days} days, then delete them. "
        "You can delete them sooner from your advice page.",
        error_messages={
            "required": "Tick the box to agree to us storing your answers. We need them to work out your "
            "advice. If you would rather not, you can read our general advice instead."
        },
    )

    def __init__(self, *args, retention_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["consent"]
        field.help_text = field.help_text.format(days=retention_days)
        self.helper = page_helper(Field("consent"), Submit("start", "Start now"))


class QuestionForm(forms.Form):
    """One question on one page. The field is always called ``answer``, prefixed by the question's name.

    ``hidden``: what the page sends besides the answer (which step it answers; that it came from
    check answers).
    """

    question: Question

    def __init__(self, *args, hidden: Iterable[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, prefix=self.question.name, **kwargs)
        q = self.question
        if q.multiple:
            field = forms.MultipleChoiceField(widget=Checkboxes(exclusive=q.exclusive))
        else:
            field = forms.ChoiceField(widget=forms.RadioSelect)
        field.label, field.help_text, field.choices = q.text, q.hint, q.choices
        field.error_messages.update(required=q.required_message, invalid_choice=q.required_message)
        self.fields["answer"] = field
        self.helper = page_helper(
            Field("answer", heading=True, size="l"),
            Details("Why we ask this", q.why),
            Submit("continue", "Continue"),
            hidden=hidden,
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


FORMS: dict[str, type[QuestionForm]] = {
    q.name: type(f"{q.name.title().replace('_', '')}Form", (QuestionForm,), {"question": q}) for q in QUESTIONS
}


# --- feedback and safety concerns (the pages: feedback.html, safety_concern.html) ------------


class LongTextField(forms.CharField):
    """Free text of up to ``limit`` characters. Longer is an error, and the text is kept: nothing is cut off."""

    widget = forms.Textarea(attrs={"rows": 8})
    too_long_message = "Your answer is too long. Make it {limit:,} characters or fewer (it has {length:,})."

    def __init__(self, *, limit: int, **kwargs):
        super().__init__(**kwargs)
        self.limit = limit

    def to_python(self, value):
        # A browser sends each line break as two characters; the person sees one.
        return super().to_python(value).replace("\r\n", "\n")

    def validate(self, value):
        super().validate(value)
        if len(value) > self.limit:
            raise forms.ValidationError(
                self.too_long_message.format(limit=self.limit, length=len(value)), code="too_long"
            )


def _radios(label: str, choices, wrong: str, help_text: str = "") -> forms.ChoiceField:
    """An optional question with radio buttons; ``wrong`` is the message for a choice we did not offer."""
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": wrong},
    )


class FeedbackForm(forms.Form):
    """Was this useful, and what could we do better: each optional, but not both empty."""

    messages = {"empty": "Choose an answer, or tell us what we could do better"}

    useful = _radios("Was this useful? (optional)", Feedback.Useful.choices, "Choose Yes, Partly or No")
    text = LongTextField(
        limit=2000,
        required=False,
        label="What could we do better? (optional)",
        help_text="Do not write your name or anything else that shows who you are. "
        "You can write up to 2,000 characters.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = page_helper(Field("useful"), Field("text"), Submit("send", "Send feedback"))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("useful") and not cleaned.get("text"):
            self.add_error("useful", self.messages["empty"])
        return cleaned


class SafetyConcernForm(forms.Form):
    """What happened (required), which advice, who is reporting, and an email address only to reply."""

    text = LongTextField(
        limit=4000,
        label="What happened?",
        help_text="Tell us what the advice said, and why you think it was wrong or unsafe. "
        "Do not write anyone's name. You can write up to 4,000 characters.",
        error_messages={"required": "Tell us what happened"},
    )
    advice_outcome = _radios(
        "Which advice was it about? (optional)",
        [],  # filled in with the emergency number when the form is made
        "Choose the advice it was about, or “I don't know”",
        help_text="It is in the coloured box at the top of the advice page.",
    )
    reporter = _radios("Who is reporting this? (optional)", Feedback.Reporter.choices, "Choose who is reporting this")
    contact_email = forms.EmailField(
        label="Your email address (optional)",
        help_text="Only give it if you want a reply. We will only use it to reply to you about this report.",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address like name@example.com, or leave it empty",
            "max_length": "Your email address is too long. It can be up to 254 characters.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advice_outcome"].choices = [
            (Feedback.Outcome.EMERGENCY, outcome.fill("Call {emergency_number} or go to A&E now")),
            (Feedback.Outcome.TODAY, "See a doctor today"),
            (Feedback.Outcome.GP, "See a GP"),
            (Feedback.Outcome.SELF_CARE, "Look after it yourself"),
            (Feedback.Outcome.NOT_SURE, "I don't know"),
        ]
        fields = (Field(name) for name in ("text", "advice_outcome", "reporter", "contact_email"))
        self.helper = page_helper(*fields, Submit("send", "Send report"))


# --- the admin's article forms ------------------------------------------------------------
