"""The typical answers for the benchmark's simulated patients: the tests' own (tests/personas.py).

The tests never import bench/; the benchmark reads the tests' persona, so both walk the same answers.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, for tests/personas.py

from tests.personas import TYPICAL  # noqa: E402

__all__ = ["TYPICAL"]
