"""The checkers the browser tests use: axe-core (npm) run in the page, and the Nu Html Checker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing(reason: str):
    """Skip on a developer's machine; fail in CI, where these tests must run."""
    if in_ci():
        pytest.fail(f"{reason}, and CI=true: browser and validator tests must run in CI", pytrace=False)
    pytest.skip(reason)


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page) -> list[dict]:
    """The WCAG 2.2 A/AA violations axe-core finds in the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
    return results["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.extend(f"      {line}" for line in node.get("failureSummary", "").splitlines())
    return "\n".join(lines)


def vnu_missing_reason() -> str | None:
    if not VNU_JAR.exists():
        return f"{VNU_JAR.relative_to(ROOT)} is missing (run `npm ci --ignore-scripts`)"
    if not shutil.which("java"):
        return "java is not installed (the Nu Html Checker needs Java 11 or newer)"
    return None


def validate_html(files: list[Path]) -> list[dict]:
    """Errors the Nu Html Checker reports for these files (warnings and info are left out)."""
    completed = subprocess.run(  # noqa: S603 - fixed command, our own files
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only", *map(str, files)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(completed.stdout)["messages"]
