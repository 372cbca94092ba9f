"""Choosing and rendering the advice a person sees for their findings.

Code owns safety, content owns words: the care card and the urgent messages are built in
(``outcome.py``), so an editor who unpublishes or empties an article can never hide them.
Everything else comes from the editable AdviceArticle content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from triage.clinical.assessment import FINDING_LEVEL, Evidence, Finding, Level
from triage.clinical.findings import FINDING_DESCRIPTIONS
from triage.clinical.outcome import FALLBACK_TEXT, fill, instruction
from triage.content import readability
from triage.content.glossary import link_terms, linked_terms
from triage.context_processors import site_links
from triage.models import AdviceArticle
from triage.questionnaire.questions import QUESTIONS_BY_NAME

ALLOWED_TAGS = {"p", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a", "br", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"https", "http", "mailto", "tel"}
SOURCE_URL_SCHEMES = {"https", "http"}


@lru_cache(maxsize=1024)
def render_markdown(text: str, heading_shift: int = 0) -> SafeString:
    """Markdown to HTML, then sanitised against an allow-list whatever the editor typed.

    Editors write ``###`` for headings inside an article; ``heading_shift`` moves them down
    where the page already puts the article title at that level.

    Remembered per text: the advice page shows the same few articles to everyone, and
    rendering them was most of its time. An edited article is new text, so it is rendered anew.
    """
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    if heading_shift:
        html = re.sub(
            r"<(/?)h([1-6])\b",
            lambda m: f"<{m[1]}h{min(int(m[2]) + heading_shift, 6)}",
            html,
        )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def advice_body(text: str, heading_shift: int = 0, skip: frozenset[str] = frozenset()) -> SafeString:
    """An article body for patients: its Markdown rendered, and the first use of each medical word
    (unless its slug is in ``skip``: linked in the summary) linked to its meaning on the glossary page."""
    return link_terms(render_markdown(text, heading_shift), site_links()["glossary"], skip)


def content_version() -> int:
    """The newest version of any advice article (its history id): a cached page is drawn again after any edit."""
    return AdviceArticle.history.aggregate(newest=Max("history_id"))["newest"] or 0


def article_text(article: AdviceArticle) -> readability.Text:
    """An article's words as a patient reads them: title, summary, then the rendered body."""
    body = readability.html_blocks(render_markdown(article.body))
    return readability.Text(article.title, (article.title, article.summary, *body), "article")


def safe_source_url(url: str) -> str:
    """A source link only if it is a web address; anything else (javascript:, data:, ...) is dropped."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() in SOURCE_URL_SCHEMES and parts.netloc:
        return url
    return ""


@dataclass(frozen=True)
class Section:
    """One piece of advice on the result page, and why it is there."""

    slug: str
    title: str
    summary: str
    """Safe HTML: the summary, escaped, with its medical words linked (a built-in section has none)."""
    body: SafeString
    because: tuple[str, ...]
    sources: tuple[tuple[str, str], ...] = ()
    expanded: bool = True
    """Shown in full; otherwise the body is folded under "Read the advice" (no JavaScript)."""
    _rank: tuple[bool, bool] = (False, False)
    """Where it goes on the page: needs a doctor first, then the person's own advice, then general advice."""


def section_for(article: AdviceArticle, because: tuple[str, ...] = (), heading_shift: int = 1) -> Section:
    """One article as the result page shows it; the admin preview uses the same path."""
    summary = link_terms(conditional_escape(article.summary), site_links()["glossary"])
    return Section(
        slug=article.slug or "preview",
        title=article.title,
        summary=summary,
        body=advice_body(article.body, heading_shift, skip=linked_terms(summary)),
        because=because,
        sources=tuple((title, safe_source_url(url)) for title, url in article.source_links()),
    )


def because_you_said(evidence: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    seen: list[str] = []
    for question, code in evidence:
        words = QUESTIONS_BY_NAME[question].label(code)
        if words not in seen:
            seen.append(words)
    return tuple(seen)


GENERAL_ADVICE = frozenset({Finding.SLEEP_STARTS, Finding.DAYTIME_TWITCHING, Finding.NEEDS_DOCTOR})
"""Findings whose advice is for everyone with the complaint; the rest is about this person (their triggers, health)."""

UNSUITABLE: dict[Finding, frozenset[Finding]] = {
    Finding.KIDNEY_DISEASE: frozenset({Finding.MAGNESIUM_NEED}),
    Finding.PREGNANT: frozenset({Finding.ALCOHOL}),
}
"""Advice that must never reach a risk group: an article targeted at any of these findings is not shown to a
person with the key finding, even if another of its findings matched. Magnesium builds up with kidney disease
and many magnesium-rich foods are high in potassium and phosphate (Kidney Care UK); in pregnancy the advice on
alcohol is not to drink at all (UK Chief Medical Officers). The rules keep those findings apart too
(``assessment.py``); this holds whatever an editor targets."""


def _unsuitable_for(found) -> frozenset[str]:
    return frozenset(f.value for key, kept_from in UNSUITABLE.items() if key in found for f in kept_from)


def select_sections(
    findings: Mapping[Finding | str, Evidence],
    articles: Iterable[AdviceArticle] | None = None,
    heading_shift: int = 1,
    level: Level = Level.SELF_CARE,
) -> list[Section]:
    """The published articles for these findings, in editor order, plus built-in urgent text.

    What is shown serves the outcome: for a doctor today or sooner, only the advice about what needs
    one (no lifestyle advice on a page that says call 999); for a GP, what needs the GP first; for
    self-care, the person's own advice (their triggers, their health) open first, general advice folded.
    """
    if articles is None:
        articles = AdviceArticle.objects.filter(published=True)
    found = {Finding(code): evidence for code, evidence in findings.items()}
    if level >= Level.TODAY:
        found = {f: e for f, e in found.items() if FINDING_LEVEL.get(f, Level.SELF_CARE) >= Level.TODAY}
    unsuitable = _unsuitable_for(found)
    sections = []
    covered: set[Finding] = set()
    for article in articles:
        matched = [f for f in found if f.value in (article.findings or ())]
        if not matched or not article.published or unsuitable & set(article.findings or ()):
            continue
        covered.update(matched)
        because = because_you_said(e for f in matched for e in found[f])
        needs_a_doctor = any(FINDING_LEVEL.get(f, Level.SELF_CARE) >= Level.GP for f in matched)
        own = needs_a_doctor or any(f not in GENERAL_ADVICE for f in matched)
        section = section_for(article, because, heading_shift)
        sections.append(replace(section, expanded=own, _rank=(not needs_a_doctor, not own)))
    fallbacks = [
        Section(
            slug=f"built-in-{finding.value}",
            title=title,
            summary="",
            body=advice_body(fill(text), heading_shift),
            because=because_you_said(found[finding]),
        )
        for finding, (title, text) in FALLBACK_TEXT.items()
        if finding in found and finding not in covered
    ]
    # Advice about what needs a doctor first, then the person's own, open; general advice last, folded,
    # even when it is all there is: the card and "what is most likely going on" already say it, and a
    # page that fits in a glance is read (issue 22).
    sections.sort(key=lambda section: section._rank)
    return fallbacks + sections


def reason_lines(reasons) -> list[str]:
    """The person's own answers that set the level, most urgent first, without repeats.

    A reason stored without its answers (an assessment from before outcomes were stored) is named by
    its finding, in plain words.
    """
    lines = []
    for reason in reasons:
        lines.extend(because_you_said(reason.evidence) or (FINDING_DESCRIPTIONS[reason.finding],))
    return list(dict.fromkeys(lines))


@dataclass(frozen=True)
class ContentWarnings:
    """What editors should look at: stale, hidden or untargeted articles, and uncovered findings."""

    overdue: list[AdviceArticle] = field(default_factory=list)
    unpublished: list[AdviceArticle] = field(default_factory=list)
    untargeted: list[AdviceArticle] = field(default_factory=list)
    uncovered: list[Finding] = field(default_factory=list)
    """Findings a patient can reach that would show no advice at all."""
    fallback_only: list[Finding] = field(default_factory=list)
    """Urgent findings with no published article: patients see only the built-in text."""
    hard_to_read: list[tuple[AdviceArticle, readability.Readability]] = field(default_factory=list)
    """Published articles above the reading age for articles (settings.READABILITY_MAX_ARTICLE), hardest first."""
    other_instruction: list[tuple[AdviceArticle, str]] = field(default_factory=list)
    """Published articles for a finding that needs a doctor that do not give the care card's instruction for it."""

    def described(self, findings: list[Finding]) -> list[tuple[str, str]]:
        return [(f.value, FINDING_DESCRIPTIONS[f]) for f in findings]

    @property
    def uncovered_described(self) -> list[tuple[str, str]]:
        return self.described(self.uncovered)

    @property
    def fallback_only_described(self) -> list[tuple[str, str]]:
        return self.described(self.fallback_only)

    def __bool__(self):
        return any(
            (
                self.overdue,
                self.unpublished,
                self.untargeted,
                self.uncovered,
                self.fallback_only,
                self.hard_to_read,
                self.other_instruction,
            )
        )


def content_warnings(articles: Iterable[AdviceArticle] | None = None, today: date | None = None) -> ContentWarnings:
    """Check all articles in one pass (one query when ``articles`` is not given)."""
    today = today or timezone.localdate()
    articles = list(AdviceArticle.objects.all() if articles is None else articles)
    known = {f.value for f in Finding}
    published_findings = {code for a in articles if a.published for code in (a.findings or ())}
    uncovered = [f for f in Finding if f.value not in published_findings]
    return ContentWarnings(
        overdue=[a for a in articles if a.next_review and a.next_review < today],
        unpublished=[a for a in articles if not a.published],
        untargeted=[a for a in articles if not set(a.findings or ()) & known],
        uncovered=[f for f in uncovered if f not in FALLBACK_TEXT],
        fallback_only=[f for f in uncovered if f in FALLBACK_TEXT],
        hard_to_read=hard_to_read([a for a in articles if a.published]),
        other_instruction=missing_instructions([a for a in articles if a.published]),
    )


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("*", "").split())


def missing_instructions(articles: Iterable[AdviceArticle]) -> list[tuple[AdviceArticle, str]]:
    """Each article, and each instruction it should give and does not: one outcome gives one instruction.

    An article chosen by a finding that needs a doctor must say, in the care card's words, where to go
    (``outcome.instruction``); otherwise the card and the article could send a person to two places.
    """
    missing = []
    for article in articles:
        text = _plain(f"{article.summary} {article.body}")
        for code in article.findings or ():
            level = FINDING_LEVEL.get(Finding(code), Level.SELF_CARE) if code in Finding else Level.SELF_CARE
            if level >= Level.GP:
                words = fill(instruction(Finding(code), level))
                if _plain(words) not in text and (article, words) not in missing:
                    missing.append((article, words))
    return missing


def hard_to_read(articles: Iterable[AdviceArticle]) -> list[tuple[AdviceArticle, readability.Readability]]:
    """The articles above the reading age for articles, hardest first."""
    measured = [(article, readability.measure(article_text(article))) for article in articles]
    over = [(article, result) for article, result in measured if result.above(settings.READABILITY_MAX_ARTICLE)]
    return sorted(over, key=lambda pair: -pair[1].reading_age)
