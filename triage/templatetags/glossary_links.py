"""``{{ text|glossary_links }}``: plain text, escaped, with its medical words linked to the glossary page."""

from django import template
from django.utils.html import conditional_escape

from triage.content.glossary import link_terms
from triage.context_processors import site_links

register = template.Library()


@register.filter
def glossary_links(text: str):
    return link_terms(conditional_escape(text), site_links()["glossary"])
