"""The README's phone screenshots: each page before and after issue 22, with the heights measured when they
were taken (docs/screenshots/<set>/heights.json), so the note says what the images show."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTE = ROOT / "docs" / "screenshots" / "README.md"


def test_every_screenshot_is_shown_with_its_measured_heights_before_and_after():
    note = NOTE.read_text(encoding="utf-8")
    before, after = (json.loads((NOTE.parent / s / "heights.json").read_text()) for s in ("before", "after"))
    assert set(before) == set(after)
    for page in after:
        for folder in ("before", "after"):
            assert (NOTE.parent / folder / f"{page}.png").is_file()
            assert f"({folder}/{page}.png)" in note, page
        row = next(line for line in note.splitlines() if f"(after/{page}.png)" in line)
        assert re.search(rf"{before[page]:,} → {after[page]:,} \|$", row), row


def test_the_readme_points_to_the_screenshots_it_shows():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/screenshots/README.md)" in readme
    for image in re.findall(r'<img src="([^"]+)"', readme):
        assert (ROOT / image).is_file(), image
