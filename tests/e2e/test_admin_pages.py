"""The editor's admin in a real browser at a laptop's 1280 px: Save with no change makes no version, the
article list fits the window, and the admin home's links do not break mid-word."""

import os

import pytest
from playwright.sync_api import expect

from triage.models import AdviceArticle

from .site import submit_by

pytestmark = pytest.mark.e2e

LAPTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def admin(new_context, site):
    page = new_context(**LAPTOP).new_page()
    site.staff_login(page)
    return page


def shot(page, name):
    """Screenshots to look at while working on these pages (ADMIN_SCREENSHOTS=folder)."""
    if folder := os.environ.get("ADMIN_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_saving_an_article_without_a_change_makes_no_version(admin):
    article = AdviceArticle.objects.get(slug="sleep-routine")
    versions = article.history.count()
    admin.goto(f"/admin/triage/advicearticle/{article.pk}/change/")
    shot(admin, "admin-article-edit")
    submit_by(admin, admin.get_by_role("button", name="Save", exact=True).first.click)
    expect(admin.get_by_text("Nothing was changed, so no new version was saved.")).to_be_visible()
    assert article.history.count() == versions
    article.refresh_from_db()
    assert "\r" not in article.body + article.sources  # the browser sent CRLF

    admin.goto(f"/admin/triage/advicearticle/{article.pk}/change/")
    admin.fill("#id_title", "A regular sleep routine helps")
    submit_by(admin, admin.get_by_role("button", name="Save", exact=True).first.click)
    assert article.history.count() == versions + 1
    admin.goto(f"/admin/triage/advicearticle/{article.pk}/history/")
    shot(admin, "admin-article-history")
    changed = admin.locator("table.side-by-side").evaluate_all("tables => tables.map(t => t.dataset.field)")
    assert changed == ["title"]  # not body and sources as well, as when line endings changed


def test_preview_is_in_the_first_screen_of_the_edit_page(admin):
    article = AdviceArticle.objects.get(slug="sleep-routine")
    admin.goto(f"/admin/triage/advicearticle/{article.pk}/change/")
    preview = admin.get_by_role("button", name="Preview as patients see it").first
    expect(preview).to_be_in_viewport()


def test_the_article_list_fits_a_1280_px_window(admin):
    admin.goto("/admin/triage/advicearticle/")
    shot(admin, "admin-article-list")
    overflow = admin.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
    hidden = admin.evaluate("(e => e.scrollWidth - e.clientWidth)(document.querySelector('#changelist .results'))")
    assert hidden <= 0, f"the list hides {hidden} px of its columns to the right"
    for column in ("Title", "Findings", "Next review", "Review"):
        expect(admin.locator("#result_list thead").get_by_text(column, exact=True)).to_be_in_viewport()
    row = admin.locator("#result_list tr", has=admin.get_by_role("link", name="A regular sleep routine"))
    expect(row.locator("td.field-finding_list")).to_contain_text("Too little sleep, or going to bed")


def test_the_admin_home_breaks_no_link_mid_word(admin):
    shot(admin, "admin-home")
    for name in ("Statistics", "Export anonymised answers (CSV)"):
        link = admin.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        # Every word of the link on one line: its words' widths add up to no more than its line.
        broken = link.evaluate(
            """a => {
                const range = document.createRange();
                const words = [];
                const text = a.firstChild;
                let start = 0;
                for (const word of text.data.split(' ')) {
                    range.setStart(text, start); range.setEnd(text, start + word.length);
                    if (range.getClientRects().length > 1) words.push(word);
                    start += word.length + 1;
                }
                return words;
            }"""
        )
        assert not broken, f"{name}: broken mid-word: {broken}"


def test_the_sign_in_page_says_sign_in(new_context):
    page = new_context(**LAPTOP).new_page()
    page.goto("/admin/login/")
    assert page.title().startswith("Sign in")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Log in")).to_have_count(0)
