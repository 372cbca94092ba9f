"""Loading the advice content never overwrites editors' changes, unless asked to with --force."""

from pathlib import Path

from django.core.management import call_command

from tests.conftest import article_data
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
