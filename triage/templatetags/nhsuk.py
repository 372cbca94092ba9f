"""``{% error_summary form %}``: NHS.UK's error summary, at the top of the page, above the heading.

Each error links to its field (a group of radios or checkboxes: its first option). Focus starts on
the summary without a script (``autofocus``), so a screen reader reads it first.

``{{ option.attrs|html_attrs }}``: an option's attributes (``id``, ``checked``) as Django's own
widgets write them, in one call (an ``{% include %}`` per option was most of a question page's time).
"""

from django import template
from django.forms.utils import flatatt

register = template.Library()


@register.inclusion_tag("nhsuk/error_summary.html")
def error_summary(form):
    return {"form": form}


@register.filter
def html_attrs(attrs: dict) -> str:
    return flatatt(attrs)
