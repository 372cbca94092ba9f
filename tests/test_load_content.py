"""Loading the advice content never overwrites editors' changes, unless asked to with --force."""

import json
from pathlib import Path

from django.core.management import call_command

from tests.conftest import article_data
from triage.management.commands.load_advice_content import CONTENT_FIELDS
from triage.models import AdviceArticle


def test_loading_again_leaves_editors_changes_alone(editor_client, advice_content):
    article = AdviceArticle.objects.get(slug="stress")
    response = editor_client.post(
        f"/admin/triage/advicearticle/{article.pk}/change/",
        article_data(article, title="Edited by an editor", published=False),
    )
    assert response.status_code == 302
    versions = article.history.count()

    call_command("load_advice_content", verbosity=0)  # what `make run` does on every start

    article.refresh_from_db()
    assert article.title == "Edited by an editor" and not article.published
    assert article.history.count() == versions


def test_a_new_article_survives_loading_again(editor_client, advice_content):
    editor_client.post("/admin/triage/advicearticle/add/", article_data(title="Extra", slug="extra"))
    call_command("load_advice_content", verbosity=0)
    assert AdviceArticle.objects.filter(slug="extra").exists()


def test_force_reloads_the_fixture_versions(advice_content):
    AdviceArticle.objects.filter(slug="stress").update(title="Edited")
    call_command("load_advice_content", force=True, verbosity=0)
    assert AdviceArticle.objects.get(slug="stress").title == "Stress and sleep starts"


def test_the_readme_documents_force_for_editors():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert "load_advice_content --force" in readme
    assert "## For editors" in readme


OLD_STRESS = {  # the first shipped version of the stress article (before the corrections of issue 10)
    "title": "Stress and sleep starts",
    "summary": "old summary",
    "body": "old body",
    "findings": ["stress"],
    "sources": "",
}


def test_an_article_no_editor_changed_is_brought_up_to_the_corrected_version(advice_content, monkeypatch):
    from triage.management.commands import load_advice_content as command

    monkeypatch.setitem(command.SUPERSEDED, "magnesium-supplements", {command.fingerprint(OLD_STRESS)})
    AdviceArticle.objects.filter(slug="magnesium-supplements").update(**OLD_STRESS)
    call_command("load_advice_content", verbosity=0)
    article = AdviceArticle.objects.get(slug="magnesium-supplements")
    assert article.body != "old body" and "midwife" in article.body
    assert article.history.first().history_change_reason.endswith("(a newer shipped version)")


def test_an_article_an_editor_changed_is_kept_and_named(advice_content, capsys):
    AdviceArticle.objects.filter(slug="stress").update(body="An editor's own words.")
    call_command("load_advice_content")
    assert AdviceArticle.objects.get(slug="stress").body == "An editor's own words."
    out = capsys.readouterr().out
    assert "left as they are" in out and ": stress" in out


def test_a_new_shipped_article_is_added_to_a_site_that_already_has_content(advice_content):
    AdviceArticle.objects.filter(slug="tia").delete()
    AdviceArticle.history.filter(slug="tia").delete()  # as on a site that never had it
    call_command("load_advice_content", verbosity=0)
    article = AdviceArticle.objects.get(slug="tia")
    assert article.findings == ["tia"] and article.history.count() == 1


def test_the_first_shipped_versions_are_known_by_their_fingerprints():
    from triage.management.commands.load_advice_content import SUPERSEDED, shipped_articles

    assert set(SUPERSEDED) <= {fields["slug"] for fields in shipped_articles()}


LAST_RELEASE = Path(__file__).resolve().parent / "fixtures" / "advice_articles_2026-12-02.json"


def test_sites_still_showing_the_last_release_get_the_articles_fitted_to_risk_groups(advice_content):
    """A site whose articles are still exactly as shipped on 2 December 2026 (no editor touched them) gets
    today's: the magnesium advice that kept kidney disease out, the one instruction per outcome, UK figures."""
    from triage.management.commands.load_advice_content import fingerprint, shipped_articles

    release = {e["fields"]["slug"]: e["fields"] for e in json.loads(LAST_RELEASE.read_text(encoding="utf-8"))}
    for slug, fields in release.items():
        AdviceArticle.objects.filter(slug=slug).update(**{name: fields[name] for name in CONTENT_FIELDS})

    call_command("load_advice_content", verbosity=0)

    for fields in shipped_articles():
        article = AdviceArticle.objects.get(slug=fields["slug"])
        assert fingerprint({name: getattr(article, name) for name in CONTENT_FIELDS}) == fingerprint(fields)
    assert "kidney_disease" not in AdviceArticle.objects.get(slug="magnesium-supplements").findings
