"""Print the mutation score of the mutants ``make mutate`` ran: ``python tests/mutation_score.py GLOB...``.

Reads mutmut's results (``mutants/**/*.meta``). A mutant is caught when a test failed (killed)
or it ran too long (timeout: an endless loop is caught too). The score is caught / checked.
"""

import fnmatch
import json
import sys
from collections import Counter
from pathlib import Path

CAUGHT = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout"}
OTHER = {0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", None: "not checked"}


def outcomes(patterns: list[str]) -> dict[str, Counter]:
    by_module: dict[str, Counter] = {}
    for meta in sorted(Path("mutants").rglob("*.meta")):
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns):
                module = name.split(".x", 1)[0]
                by_module.setdefault(module, Counter())[CAUGHT.get(code) or OTHER.get(code, "suspicious")] += 1
    return by_module


def main(patterns: list[str]) -> None:
    print(f"{'module':24} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} {'no tests':>8}  score")
    total: Counter = Counter()
    for module, counts in outcomes(patterns).items():
        total.update(counts)
        print(line(module, counts))
    print(line("all", total))


def line(name: str, counts: Counter) -> str:
    caught = counts["killed"] + counts["timeout"]
    checked = caught + counts["survived"] + counts["no tests"] + counts["suspicious"]
    score = f"{100 * caught / checked:.1f} %" if checked else "-"
    return (
        f"{name:24} {sum(counts.values()):7} {counts['killed']:6} {counts['timeout']:7} {counts['survived']:8} "
        f"{counts['no tests']:8}  {score}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
