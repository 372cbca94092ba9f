"""axe-core finds no WCAG 2.2 A/AA violation on any page.

Question pages, in their empty and their error state, are checked in test_question_pages.py.
"""

import pytest

from .site import ALL_PAGES, QUESTION_PAGES, open_page
from .tools import describe_violations, run_axe

pytestmark = pytest.mark.e2e

OTHER_PAGES = [name for name in ALL_PAGES if name.removesuffix("-error") not in QUESTION_PAGES]


@pytest.mark.parametrize("name", OTHER_PAGES)
def test_no_axe_violations(axe_page, site, name):
    open_page(name, axe_page, site)
    violations = run_axe(axe_page)
    assert not violations, f"axe found violations on {name} ({axe_page.url}):\n{describe_violations(violations)}"
