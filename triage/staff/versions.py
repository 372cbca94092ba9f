"""Side-by-side comparison of two versions of an advice article, for the history page."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from triage.clinical.findings import describe_finding

CONTEXT = 2
"""Unchanged lines kept around a change; longer unchanged runs are folded."""


@dataclass(frozen=True)
class Row:
    old: str | None
    new: str | None
    changed: bool
    folded: bool = False


@dataclass(frozen=True)
class FieldDiff:
    field: str
    label: str
    rows: list[Row]


def as_lines(field: str, value) -> list[str]:
    if value is None or value == "":
        return []
    if field == "findings":
        return [describe_finding(code) for code in value or ()]
    if isinstance(value, bool):
        return ["Yes" if value else "No"]
    if isinstance(value, date):
        return [value.isoformat()]
    return str(value).splitlines() or [""]


def side_by_side(field: str, label: str, old, new) -> FieldDiff:
    before, after = as_lines(field, old), as_lines(field, new)
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = before[i1:i2]
            keep_start = CONTEXT if index > 0 else 0
            keep_end = CONTEXT if index < len(opcodes) - 1 else 0
            if len(same) > keep_start + keep_end + 1:
                rows += [Row(line, line, False) for line in same[:keep_start]]
                rows.append(Row(None, None, False, folded=True))
                rows += [Row(line, line, False) for line in same[len(same) - keep_end :]] if keep_end else []
            else:
                rows += [Row(line, line, False) for line in same]
            continue
        old_part, new_part = before[i1:i2], after[j1:j2]
        for k in range(max(len(old_part), len(new_part))):
            rows.append(
                Row(old_part[k] if k < len(old_part) else None, new_part[k] if k < len(new_part) else None, True)
            )
    return FieldDiff(field=field, label=label, rows=rows)


def compare(model, changes) -> list[FieldDiff]:
    """``changes`` from django-simple-history's ``diff_against``: old and new value per field."""
    diffs = []
    for change in changes:
        label = str(model._meta.get_field(change.field).verbose_name).capitalize()
        diffs.append(side_by_side(change.field, label, change.old, change.new))
    return diffs
