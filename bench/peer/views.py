"""TwitchGuide's questions as a stock ``NamedUrlSessionWizardView``: the benchmark's peer.

Built the way the django-formtools and django-crispy-forms documentation show, and on purpose
not tuned, so that ``make bench`` can say how TwitchGuide's question page compares with what a
Django developer would build first. Same questions (words, choices, hints, "None of these",
branching), same layout (``base.html``), same middleware, database and session engine.

How it differs from TwitchGuide:

- No consent page and no run id in the URL: one questionnaire per session, under formtools'
  default prefix. No check-answers page, error summary, ``never_cache``, rate limit or
  completion funnel.
- Every request goes through formtools: a GET of a question builds and validates the form, and
  formtools' ``SessionStorage`` marks the session modified whenever it is read, so every page
  view writes the session row (TwitchGuide: one SELECT). The whole POST, CSRF token included,
  is stored as the step's data (formtools' ``get_form_step_data``).
- Branching: each condition gathers the earlier answers with ``get_cleaned_data_for_step``,
  which builds and validates the step's form from storage, and asks the question's own
  the questionnaire's ``ENABLED_WHEN``. formtools remembers the step list and each valid step's cleaned data for the
  rest of the request, but not a step without an answer, so those are built again for every
  later condition. An answer left over from a question no longer asked still counts
  (TwitchGuide's ``asked_questions`` ignores it); for the benchmark's answers the steps are the
  same, and ``bench/run.py`` checks that.
- The options are drawn by crispy's template pack (TwitchGuide's NHS.UK pack, templates/nhsuk/)
  through Django's widgets, as TwitchGuide's own question page is since issue 22.
- ``done()`` renders a thank-you page: nothing is stored or assessed, so an emergency answer
  does not end the questionnaire and a child is not sent to the under-16 page.
"""

from django.shortcuts import render
from formtools.wizard.views import NamedUrlSessionWizardView

from triage.questionnaire.questions import ENABLED_WHEN, QUESTIONS, is_asked

from .forms import FORMS


def asked_if(index: int):
    """The ``condition_dict`` entry of ``QUESTIONS[index]``: when it is asked, on the earlier answers."""
    question = QUESTIONS[index]

    def condition(wizard) -> bool:
        earlier = {}
        for previous in QUESTIONS[:index]:
            cleaned_data = wizard.get_cleaned_data_for_step(previous.name)
            if cleaned_data:
                earlier[previous.name] = cleaned_data["answer"]
        return is_asked(question, earlier)

    return condition


class PeerQuestionnaire(NamedUrlSessionWizardView):
    form_list = FORMS
    condition_dict = {question.name: asked_if(i) for i, question in enumerate(QUESTIONS) if ENABLED_WHEN[question.name]}
    template_name = "peer/question.html"

    def done(self, form_list, **kwargs):
        return render(self.request, "peer/done.html", {"answered": len(form_list)})
