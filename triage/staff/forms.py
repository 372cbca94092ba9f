"""The staff's forms: editing an advice article, and the list's inline order and published boxes."""

from __future__ import annotations

from django import forms

from triage.clinical.findings import FINDING_GROUPS
from triage.content import advice
from triage.models import AdviceArticle


class TypedLines(forms.CharField):
    """Text whose lines end as the editor typed them, in LF like the fixture and the markdown.

    A browser sends a textarea's lines ending in CRLF (HTML's form encoding). Kept as sent, saving
    an article untouched would change every line of its body and sources in the history, and make
    it look edited to ``load_advice_content``. ``to_python`` serves both cleaning and
    ``has_changed``, so a save with no change is seen to be one. Nor are spaces and line breaks
    trimmed from the ends (the shipped bodies end in a line break).
    """

    def __init__(self, **kwargs):
        super().__init__(**{**kwargs, "strip": False})

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value

    def validate(self, value):
        super().validate(value)
        if self.required and not value.strip():
            raise forms.ValidationError(self.error_messages["required"], code="required")


class AdviceArticleForm(forms.ModelForm):
    findings = forms.MultipleChoiceField(
        choices=FINDING_GROUPS,
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
        field_classes = {"summary": TypedLines, "body": TypedLines, "sources": TypedLines}
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
        }

    def clean_findings(self):
        """Ticked findings in the order the article had them (new ones after), so that the history
        shows a change of findings only when one was ticked or cleared, not when the boxes' order did."""
        ticked = self.cleaned_data["findings"]
        had = [code for code in (self.instance.findings or ()) if code in ticked]
        return had + [code for code in ticked if code not in had]

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
