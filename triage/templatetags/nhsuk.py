"""``{% error_summary form %}``: NHS.UK's error summary, at the top of the page, above the heading.

Each error links to its field (a group of radios or checkboxes: its first option). Focus starts on
the summary without a script (``autofocus``), so a screen reader reads it first.
"""

from django import template

register = template.Library()


@register.inclusion_tag("nhsuk/error_summary.html")
def error_summary(form):
    return {"form": form}
