"""Whatever an editor types, no script, event handler, javascript:/data: link, inline style or
frame reaches a patient page: through the real result page and through the preview."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests.conftest import article_data, persona
from triage.content import advice
from triage.models import AdviceArticle
from triage.services import store_assessment

CHANGELIST = "/admin/triage/advicearticle/"

PAYLOADS = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="https://ok.example" onclick="alert(1)" onmouseover="alert(2)">hover</a>',
    '<p onclick="alert(1)">click</p>',
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    "[click me](  javascript:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">cover</p>',
    '<span style="color:red">red</span>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<form action="https://evil.example"><input name="q"><button>Go</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<div><a href="vbscript:msgbox(1)">vb</a></div>',
    '"><script>alert(1)</script>',
]

FORBIDDEN_TAGS = {"script", "iframe", "frame", "object", "embed", "style", "form", "input", "meta", "base", "svg"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")


class Unsafe(HTMLParser):
    """Collects everything dangerous in a page's actual markup (escaped text is harmless)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name == "style":
                self.problems.append(f"{tag}[style]")
            if name in {"href", "src", "action", "formaction", "data", "xlink:href"} and value.startswith(
                DANGEROUS_SCHEMES
            ):
                self.problems.append(f"{tag}[{name}={value[:20]}]")


def problems(html: str) -> Counter:
    parser = Unsafe()
    parser.feed(html)
    return Counter(parser.problems)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_markdown_removes_it(payload):
    assert not problems(advice.render_markdown(payload))
    assert not problems(advice.render_markdown(f"Some text\n\n{payload}\n\n- a list {payload}"))


@pytest.mark.parametrize(
    "payload", ["javascript:alert(1)", "data:text/html,x", " JAVASCRIPT:alert(1)", "vbscript:x", "//evil"]
)
def test_a_source_that_is_not_a_web_address_is_never_a_link(db, payload):
    article = AdviceArticle(slug="s", title="t", summary="", body="", sources=f"Evil | {payload}")
    assert advice.section_for(article).sources == (("Evil", ""),)


def editor_writes(editor_client, article, payload):
    """The editor saves the payload in every field a patient sees (sources go in unchecked, as if
    they had slipped past the form)."""
    data = article_data(
        article,
        title=f"Title {payload}",
        summary=f"Summary {payload}",
        body=f"Intro\n\n{payload}\n\n### Heading {payload}\n\n- item {payload}",
    )
    response = editor_client.post(f"{CHANGELIST}{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()
    AdviceArticle.objects.filter(pk=article.pk).update(sources=f"Evil | javascript:alert(1)\nData | {payload}")
    return data


@pytest.fixture
def result_url(db):
    assessment = store_assessment(persona(), consent_given_at=timezone.now(), submission_key="safety")
    return assessment.get_absolute_url()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_dangerous_reaches_the_result_page(editor_client, advice_content, client, result_url, payload):
    # The page's own markup (meta tags, the delete form) is ours: compare with the page before the edit.
    baseline = problems(client.get(result_url).content.decode())
    article = AdviceArticle.objects.get(slug="about-sleep-starts")
    editor_writes(editor_client, article, payload)
    page = client.get(result_url).content.decode()
    assert 'id="about-sleep-starts"' in page
    assert problems(page) == baseline


def test_all_of_it_at_once_through_the_whole_patient_journey(editor_client, advice_content, patient):
    for slug in ("about-sleep-starts", "stroke-signs", "what-the-doctor-will-do"):
        article = AdviceArticle.objects.get(slug=slug)
        data = article_data(article, body="\n\n".join(PAYLOADS), summary=PAYLOADS[-1])
        assert editor_client.post(f"{CHANGELIST}{article.pk}/change/", data).status_code == 302
    baseline_page = patient.complete(persona(emergency=["stroke_now"])).content.decode()
    assert 'id="stroke-signs"' in baseline_page
    found = problems(baseline_page)
    # Only the page's own meta tags, CSRF inputs and its two forms ("I ticked this by mistake", delete):
    # nothing from the content.
    assert set(found) <= {"<meta>", "<input>", "<form>"}
    assert found["<form>"] == 2


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_dangerous_reaches_the_preview(editor_client, advice_content, payload):
    article = AdviceArticle.objects.get(slug="about-sleep-starts")
    baseline = problems(editor_client.get(f"{CHANGELIST}{article.pk}/preview/").content.decode())
    data = article_data(article, title=f"T {payload}", summary=f"S {payload}", body=payload)
    data["sources"] = f"Evil | javascript:alert(1)\nData | data:text/html,{payload}"
    page = editor_client.post(f"{CHANGELIST}{article.pk}/preview/", data).content.decode()
    assert problems(page) == baseline
    editor_writes(editor_client, article, payload)
    page = editor_client.get(f"{CHANGELIST}{article.pk}/preview/").content.decode()
    assert problems(page) == baseline


def test_safe_markdown_still_works():
    html = advice.render_markdown(
        "### Heading\n\nSome **bold**, *em* and a [link](https://www.nhs.uk).\n\n- one\n- two\n\n> quote"
    )
    assert "<h3>Heading</h3>" in html
    assert '<a href="https://www.nhs.uk" rel="noopener noreferrer">link</a>' in html
    assert "<li>one</li>" in html and "<blockquote>" in html
