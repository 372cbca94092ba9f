"""The forms: consent, and one form per question (its field and its checks).

A question page is drawn from ``question.html`` and the option markup in ``_options.html``;
the form is only built to check an answer that is sent.
"""

from __future__ import annotations

from functools import lru_cache

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from . import advice
from .findings import FINDING_CHOICES
from .models import AdviceArticle
from .questions import QUESTIONS, Question


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
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("consent", template="triage/checkbox_field.html"))


class QuestionForm(forms.Form):
    """One question on one page. The field is always called ``answer``, prefixed by the question's name."""

    question: Question

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=self.question.name, **kwargs)
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

    def ticked(self) -> frozenset[str]:
        """The options this person ticked, as sent, to draw them ticked again beside the error."""
        value = self["answer"].value()
        return frozenset(value if isinstance(value, list) else [] if value is None else [value])


FORMS: dict[str, type[QuestionForm]] = {
    q.name: type(f"{q.name.title().replace('_', '')}Form", (QuestionForm,), {"question": q}) for q in QUESTIONS
}


@lru_cache(maxsize=1024)
def options(question: Question, ticked: frozenset[str] = frozenset(), invalid: bool = False) -> SafeString:
    """The question's radio buttons or checkboxes (``_options.html``), with the person's answer ticked.

    Remembered: the markup depends only on these three, and most pages are drawn with nothing or
    the same few answers ticked; drawing it each time was a fifth of a question page
    (docs/performance.md).
    """
    choices = []
    divided = False
    for index, (code, label) in enumerate(question.choices):
        divider = code in question.exclusive and not divided
        divided = divided or divider
        choices.append({"index": index, "code": str(code), "label": label, "divider": divider})
    context = {
        "name": f"{question.name}-answer",
        "type": "checkbox" if question.multiple else "radio",
        "choices": choices,
        "ticked": ticked,
        "invalid": invalid,
    }
    return render_to_string("triage/_options.html", context)


# --- the admin's article forms ------------------------------------------------------------


class AdviceArticleForm(forms.ModelForm):
    findings = forms.MultipleChoiceField(
        choices=FINDING_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The article is shown to a patient whose answers lead to any of these findings.",
    )

    class Meta:
        model = AdviceArticle
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "findings",
            "order",
            "published",
            "sources",
            "last_reviewed",
            "next_review",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
        }

    def clean_sources(self):
        sources = self.cleaned_data["sources"]
        for number, line in enumerate(sources.splitlines(), start=1):
            title, bar, url = line.partition("|")
            if bar and url.strip() and not advice.safe_source_url(url):
                raise forms.ValidationError(
                    f"Line {number}: a link must be a web address starting with https:// (or http://)."
                )
        return sources

    def clean(self):
        cleaned = super().clean()
        last, nxt = cleaned.get("last_reviewed"), cleaned.get("next_review")
        if last and nxt and nxt < last:
            self.add_error("next_review", "The next review must be after the last review.")
        return cleaned


class ArticleListForm(forms.ModelForm):
    """A row of the article list: its order and published boxes are named after the article, for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label}: {self.instance.title}"
