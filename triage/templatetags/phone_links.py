"""``{{ text|phone_links }}``: the emergency number and 111 in built-in words become links a phone can call."""

import re
from functools import cache

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@cache
def _numbers(emergency_number: str) -> re.Pattern:
    return re.compile(rf"(?<![\w/]){'|'.join(map(re.escape, sorted({emergency_number, '111'})))}(?!\w)")


@register.filter
def phone_links(text: str) -> str:
    escaped = str(conditional_escape(text))
    linked = _numbers(settings.EMERGENCY_NUMBER).sub(
        lambda number: format_html('<a href="tel:{0}">{0}</a>', number[0]), escaped
    )
    return mark_safe(linked)  # noqa: S308 - escaped just above; only our own links added
