"""``{% open_safety_concerns as count %}``: how many safety concerns staff have not closed yet (the admin index)."""

from django import template

from triage.models import Feedback

register = template.Library()


@register.simple_tag
def open_safety_concerns() -> int:
    return Feedback.objects.open_safety_concerns().count()
