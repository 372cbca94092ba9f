from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms


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


class ConfirmForm(forms.Form):
    """The check-answers step: nothing to fill in, the button sends the answers."""
