"""Bar charts as inline SVG, drawn on the server: no JavaScript, nothing from a CDN.

A hidden (suppressed) count draws no bar and says "fewer than 5", so that neither the bar
nor the scale gives the number away.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_GAP = 10
BAR_AREA = 480
MAX_LABEL = 90


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def bar_chart(tallies: Sequence, title: str) -> SafeString:
    """Horizontal bars, one per tally (anything with ``label``, ``value``, ``shown``, ``suppressed``)."""
    row = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    height = max(row * len(tallies), row)
    scale = max((t.value for t in tallies if not t.suppressed), default=0)
    rows = []
    for i, tally in enumerate(tallies):
        y = i * row
        bar_y = y + LABEL_HEIGHT
        if tally.suppressed or not scale:
            bar = format_html(
                '<text x="0" y="{}" class="chart-value chart-suppressed">{}</text>',
                bar_y + BAR_HEIGHT - 3,
                tally.shown,
            )
        else:
            width = max(round(BAR_AREA * tally.value / scale), 1)
            bar = format_html(
                '<rect x="0" y="{}" width="{}" height="{}" class="chart-bar" fill="#1d70b8"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                bar_y,
                width,
                BAR_HEIGHT,
                width + 6,
                bar_y + BAR_HEIGHT - 3,
                tally.shown,
            )
        rows.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>{}', y + LABEL_HEIGHT - 5, _short(tally.label), bar
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" width="100%" '
        'role="img" aria-label="{}" font-size="13" font-family="sans-serif">{}</svg>',
        WIDTH,
        height,
        title,
        format_html_join("", "{}", ((r,) for r in rows)),
    )
