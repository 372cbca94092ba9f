"""One ``forms.Form`` per question, from ``triage.questionnaire.questions.QUESTIONS``, with a crispy helper.

Written as the django-crispy-forms documentation shows for a form inside a formtools wizard: a
``FormHelper`` on the form with ``form_tag = False`` and ``disable_csrf = True``, because the
wizard's template owns the ``<form>`` tag, the CSRF token and the management form.
"""

from crispy_forms.helper import FormHelper
from django import forms

from triage.questionnaire.questions import QUESTIONS


class QuestionForm(forms.Form):
    """One question; the subclasses made by ``form_for`` add the ``answer`` field."""

    question = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the wizard's template has the {% csrf_token %}

    def clean(self):
        cleaned_data = super().clean()
        answer = cleaned_data.get("answer")
        if self.question.multiple and answer:
            exclusive = [code for code in answer if code in self.question.exclusive]
            if exclusive and len(answer) > 1:
                label = dict(self.question.choices)[exclusive[0]]
                self.add_error("answer", f"Select '{label}' on its own, or untick it")
        return cleaned_data


def form_for(question) -> type[QuestionForm]:
    if question.multiple:
        field = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=question.choices)
    else:
        field = forms.ChoiceField(widget=forms.RadioSelect, choices=question.choices)
    field.label, field.help_text = question.text, question.hint
    name = question.name.title().replace("_", "") + "Form"
    return type(name, (QuestionForm,), {"question": question, "answer": field})


FORMS = [(question.name, form_for(question)) for question in QUESTIONS]
