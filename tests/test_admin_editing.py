"""Editors edit advice in the admin; everyone else is refused."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.html import escape

from tests.conftest import article_data, persona
from triage.clinical.assessment import Finding
from triage.clinical.findings import FINDING_DESCRIPTIONS
from triage.models import AdviceArticle

CHANGELIST = "/admin/triage/advicearticle/"


def change_url(article):
    return f"{CHANGELIST}{article.pk}/change/"


@pytest.fixture
def article(advice_content):
    return AdviceArticle.objects.get(slug="stress")


# --- the Editors group and the create_editor command --------------------------------------


def test_editors_group_has_least_privilege(db):
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("content_type__app_label", "codename"))
    assert codenames == {
        ("triage", "add_advicearticle"),
        ("triage", "change_advicearticle"),
        ("triage", "view_advicearticle"),
        ("triage", "view_historicaladvicearticle"),
        ("triage", "view_assessment"),
        ("triage", "view_feedback"),
        ("triage", "change_feedback"),
    }


def test_create_editor_makes_a_staff_editor_who_is_not_a_superuser(editor):
    assert editor.is_staff and not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]


def test_create_editor_is_idempotent_and_reads_the_environment(db, monkeypatch):
    monkeypatch.setenv("EDITOR_USERNAME", "envy")
    monkeypatch.setenv("EDITOR_PASSWORD", "another-long-passphrase-1")
    call_command("create_editor", interactive=False, verbosity=0)
    call_command("create_editor", interactive=False, verbosity=0)
    users = get_user_model().objects.filter(username="envy")
    assert users.count() == 1
    assert users[0].check_password("another-long-passphrase-1")
    assert users[0].groups.filter(name="Editors").count() == 1


def test_create_editor_refuses_a_weak_password(db):
    with pytest.raises(CommandError):
        call_command("create_editor", username="weak", password="123", interactive=False, verbosity=0)
    assert not get_user_model().objects.filter(username="weak").exists()


def test_create_editor_needs_a_password_without_a_terminal(db):
    with pytest.raises(CommandError):
        call_command("create_editor", username="nopass", password="", interactive=False, verbosity=0)


class Typed:
    """What a person types at the command's questions, in order; the questions asked are kept."""

    def __init__(self, monkeypatch, *, usernames=(), passwords=()):
        from triage.management.commands import create_editor

        self.usernames, self.passwords, self.asked = list(usernames), list(passwords), []
        monkeypatch.setattr("builtins.input", self.answer(self.usernames))
        monkeypatch.setattr(create_editor.getpass, "getpass", self.answer(self.passwords))
        monkeypatch.delenv("EDITOR_USERNAME", raising=False)
        monkeypatch.delenv("EDITOR_PASSWORD", raising=False)

    def answer(self, answers):
        def ask(prompt=""):
            self.asked.append(prompt)
            return answers.pop(0)

        return ask


def create_editor_asking(**options):
    """``make editor``: the command with its questions, in a terminal (out and err are returned)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    call_command("create_editor", username="", password="", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_make_editor_asks_for_the_username_and_the_password_twice(db, monkeypatch):
    typed = Typed(monkeypatch, usernames=["ann"], passwords=["a-long-editor-passphrase-9"] * 2)
    out, _ = create_editor_asking()
    user = get_user_model().objects.get(username="ann")
    assert user.check_password("a-long-editor-passphrase-9") and user.groups.filter(name="Editors").exists()
    assert "Created editor 'ann'." in out
    assert len(typed.asked) == 3 and "Username" in typed.asked[0] and "again" in typed.asked[2]


def test_make_editor_takes_the_default_username_on_enter(db, monkeypatch):
    Typed(monkeypatch, usernames=[""], passwords=["a-long-editor-passphrase-9"] * 2)
    create_editor_asking()
    assert get_user_model().objects.filter(username="editor").exists()


def test_make_editor_asks_again_for_a_short_password_or_one_typed_differently(db, monkeypatch):
    typed = Typed(
        monkeypatch,
        usernames=["ann"],
        passwords=[
            "",  # nothing
            "short",
            "a-long-editor-passphrase-9",
            "a-long-editor-passphrase-8",  # not the same
            "a-long-editor-passphrase-9",
            "a-long-editor-passphrase-9",
        ],
    )
    _, err = create_editor_asking()  # no CommandError: `make editor` does not end in "make: *** Error 1"
    assert get_user_model().objects.get(username="ann").check_password("a-long-editor-passphrase-9")
    assert "A password is needed." in err
    assert "This password is too short." in err and "Try another." in err
    assert "The two passwords are not the same. Try again." in err
    assert len(typed.asked) == 1 + 6 and not typed.passwords


def test_make_editor_stopped_with_ctrl_d_creates_no_one(db, monkeypatch):
    def end_of_input(prompt=""):
        raise EOFError

    monkeypatch.setattr("builtins.input", end_of_input)
    with pytest.raises(CommandError, match="no editor was created"):
        create_editor_asking()
    assert not get_user_model().objects.exists()


def test_makefile_has_an_editor_target():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    assert "\neditor:" in makefile and "create_editor" in makefile


def test_make_run_serves_on_the_port_asked_for_and_the_readme_says_so():
    import shutil
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    dry_run = subprocess.run([make, "-n", "run", "PORT=8123"], cwd=root, capture_output=True, text=True, check=True)
    assert "runserver 127.0.0.1:8123" in dry_run.stdout
    assert "make run PORT=" in (root / "README.md").read_text()


# --- editing -------------------------------------------------------------------------------


def test_editor_sees_the_articles(editor_client, article):
    response = editor_client.get(CHANGELIST)
    assert response.status_code == 200
    assert article.title in response.content.decode()


def test_findings_are_checkboxes_with_plain_english_meanings(editor_client, article):
    page = editor_client.get(change_url(article)).content.decode()
    for finding in Finding:
        assert f'type="checkbox" name="findings" value="{finding.value}"' in page
        assert escape(FINDING_DESCRIPTIONS[finding]) in page
    assert 'value="stress"' in page and "checked" in page


def test_editor_changes_every_field_and_patients_see_it(editor_client, article, patient):
    data = article_data(
        article,
        title="Stress, worry and sleep starts",
        summary="A new summary.",
        body="### Try this\n\n- breathe slowly",
        findings=["stress", "caffeine"],
        order=5,
        sources="NHS: Stress | https://www.nhs.uk/mental-health/",
        last_reviewed="2026-11-20",
        next_review="2027-05-20",
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()
    article.refresh_from_db()
    assert article.title == "Stress, worry and sleep starts"
    assert article.findings == ["stress", "caffeine"]
    assert article.order == 5
    assert str(article.next_review) == "2027-05-20"

    page = patient.complete(persona(triggers=["stress"])).content.decode()
    assert "Stress, worry and sleep starts" in page
    assert "<h4>Try this</h4>" in page
    assert 'href="https://www.nhs.uk/mental-health/"' in page


def test_editor_adds_an_article(editor_client, db):
    response = editor_client.post(f"{CHANGELIST}add/", article_data(title="New", slug="new"))
    assert response.status_code == 302
    assert AdviceArticle.objects.get(slug="new").findings == ["sleep_starts"]


def test_editor_unpublishes_and_publishes(editor_client, article):
    editor_client.post(change_url(article), article_data(article, published=False))
    article.refresh_from_db()
    assert not article.published
    editor_client.post(change_url(article), article_data(article, published=True))
    article.refresh_from_db()
    assert article.published


def test_a_source_must_be_a_web_address(editor_client, article):
    response = editor_client.post(change_url(article), article_data(article, sources="Bad | javascript:alert(1)"))
    assert response.status_code == 200
    assert "must be a web address" in response.content.decode()
    article.refresh_from_db()
    assert "javascript" not in article.sources


def test_next_review_must_follow_the_last_review(editor_client, article):
    data = article_data(article, last_reviewed="2026-11-20", next_review="2026-01-01")
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "The next review must be after the last review." in response.content.decode()


def test_an_unknown_finding_is_refused(editor_client, article):
    response = editor_client.post(change_url(article), article_data(article, findings=["not_a_finding"]))
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.findings == ["stress"]


def test_mark_reviewed_today_action(editor_client, article):
    article.next_review = timezone.localdate() - timedelta(days=3)
    article.save()
    response = editor_client.post(CHANGELIST, {"action": "mark_reviewed_today", "_selected_action": [article.pk]})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.last_reviewed == timezone.localdate()
    assert article.next_review > timezone.localdate()


def test_editor_cannot_delete_articles(editor_client, article):
    assert editor_client.get(f"{CHANGELIST}{article.pk}/delete/").status_code == 403
    assert editor_client.post(f"{CHANGELIST}{article.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AdviceArticle.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"])
def test_editor_has_no_access_to_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_admin_index_for_editor_lists_content_not_users(editor_client):
    page = editor_client.get("/admin/").content.decode()
    assert "Advice articles" in page
    assert "/admin/auth/user/" not in page


# --- refused: staff who are not editors, and anonymous visitors --------------------------


def test_staff_who_are_not_editors_are_refused(staff_client, article):
    assert staff_client.get(CHANGELIST).status_code == 403
    assert staff_client.get(change_url(article)).status_code == 403
    response = staff_client.post(change_url(article), article_data(article, title="Hacked"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "Hacked"


def test_anonymous_visitors_are_sent_to_sign_in(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    response = client.post(change_url(article), article_data(article, title="Hacked"))
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    article.refresh_from_db()
    assert article.title != "Hacked"


# --- emergency and same-day messages can never be silenced --------------------------------

STROKE = persona(emergency=["stroke_now"])
SEIZURE = persona(same_day=["seizure_signs"])


def test_unpublishing_the_stroke_article_leaves_the_built_in_text(editor_client, advice_content, patient):
    article = AdviceArticle.objects.get(slug="stroke-signs")
    response = editor_client.post(change_url(article), article_data(article, published=False))
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.published

    page = patient.complete(STROKE).content.decode()
    assert 'id="built-in-stroke_signs"' in page
    assert "Signs of a stroke" in page
    assert 'id="stroke-signs"' not in page
    assert "Call 999 now" in page


def test_emptying_the_seizure_article_targeting_leaves_the_built_in_text(editor_client, advice_content, patient):
    article = AdviceArticle.objects.get(slug="possible-seizures")
    response = editor_client.post(change_url(article), article_data(article, findings=[]))
    assert response.status_code == 302
    page = patient.complete(SEIZURE).content.decode()
    assert 'id="built-in-possible_seizure"' in page
    assert "See a doctor today" in page


def test_the_order_and_published_boxes_in_the_list_are_named_after_their_article(editor_client, advice_content):
    from triage.models import AdviceArticle

    page = editor_client.get("/admin/triage/advicearticle/").content.decode()
    article = AdviceArticle.objects.order_by("order", "pk").first()
    assert f'aria-label="Order: {article.title}"' in page
    assert f'aria-label="Published: {article.title}"' in page
    assert page.count('aria-label="Order: ') == AdviceArticle.objects.count()
