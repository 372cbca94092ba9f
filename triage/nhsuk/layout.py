"""Layout objects of the NHS.UK pack: a field with its question as the page heading, "why we ask",
the NHS.UK button, and hidden inputs."""

from __future__ import annotations

from crispy_forms import layout
from django.template.loader import render_to_string
from django.utils.html import format_html


class Field(layout.Field):
    """A field, its label or legend drawn at an NHS.UK size (``s``, ``m``, ``l``, ``xl``).

    ``heading=True`` makes the label or legend the page's ``<h1>``: the question page pattern,
    where the question is the heading.
    """

    def __init__(self, *fields, heading: bool = False, size: str = "m", **kwargs):
        super().__init__(*fields, **kwargs)
        self.context = {"heading": heading, "size": size}

    def render(self, form, context, template_pack=layout.TEMPLATE_PACK, extra_context=None, **kwargs):
        extra_context = {**self.context, **(extra_context or {})}
        return super().render(form, context, template_pack, extra_context=extra_context, **kwargs)


class Details(layout.TemplateNameMixin):
    """NHS.UK details: a short line that opens to more text ("Why we ask this"), with no script."""

    template = "%s/layout/details.html"

    def __init__(self, summary: str, text: str):
        self.summary = summary
        self.text = text

    def render(self, form, context, template_pack=layout.TEMPLATE_PACK, **kwargs):
        return render_to_string(self.get_template_name(template_pack), {"summary": self.summary, "text": self.text})


class Submit(layout.Submit):
    """The NHS.UK button (a ``<button>``, green, full width on a phone)."""

    field_classes = "nhsuk-button"


class Hidden:
    """A hidden input: what the page sends besides what the person chooses.

    Not crispy's ``Hidden``, which reads its value as a template: a value sent again after a fault
    is what a person typed, and must only ever be escaped.
    """

    def __init__(self, name: str, value: str):
        self.name = name
        self.value = value

    def render(self, form, context, template_pack=layout.TEMPLATE_PACK, **kwargs):
        return format_html('<input type="hidden" name="{}" value="{}">', self.name, self.value)
