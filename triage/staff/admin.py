"""The admin: advice articles (editing, history, preview, warnings), read-only assessments, and
feedback and safety concerns (staff set a status and notes; the person's words are read-only).

Declarative: what each list and form shows. The admin's own pages (preview, statistics, export,
FHIR for staff) are in ``admin_views.py``, wired in by ``get_urls``; the forms in ``forms.py``.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from triage.clinical.assessment import RULES_VERSION
from triage.clinical.findings import FINDING_CHOICES, describe_finding
from triage.content import advice
from triage.handover.summary import answer_rows
from triage.models import AdviceArticle, Assessment, Feedback
from triage.questionnaire.questions import VERSION
from triage.staff import admin_views
from triage.staff.forms import AdviceArticleForm, ArticleListForm
from triage.staff.versions import compare

# --- advice articles ------------------------------------------------------------------------


def plain_findings(codes):
    """Findings in plain words, one a line: the words an editor chooses them by, never the code."""
    items = format_html_join("", "<li>{}</li>", ((describe_finding(code),) for code in codes or ()))
    return format_html('<ul class="finding-list">{}</ul>', items) if items else ""


class FindingFilter(admin.SimpleListFilter):
    title = "finding"
    parameter_name = "finding"

    def lookups(self, request, model_admin):
        return sorted(FINDING_CHOICES, key=lambda choice: choice[1].casefold())

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # Findings are a short JSON list; matching in Python works on every database.
        ids = [pk for pk, findings in queryset.values_list("pk", "findings") if self.value() in (findings or ())]
        return queryset.filter(pk__in=ids)


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue for review"), ("soon", "Due in the next 30 days"), ("none", "No review date")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review__lt=today)
        if self.value() == "soon":
            return queryset.filter(next_review__gte=today, next_review__lte=today + timedelta(days=30))
        if self.value() == "none":
            return queryset.filter(next_review__isnull=True)
        return queryset


@admin.register(AdviceArticle)
class AdviceArticleAdmin(SimpleHistoryAdmin):
    form = AdviceArticleForm
    list_display = ["title", "order", "published", "finding_list", "last_reviewed", "next_review", "review_status"]
    list_editable = ["order", "published"]
    list_filter = ["published", ReviewFilter, FindingFilter]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Who sees it", {"fields": ["findings", "order", "published"]}),
        ("Sources and review", {"fields": ["sources", "last_reviewed", "next_review"]}),
    ]
    actions = ["mark_reviewed_today"]
    save_on_top = True  # Save first, then Preview: the top of the edit page (Enter in a box still saves)
    change_list_template = "admin/triage/advicearticle/change_list.html"
    change_form_template = "admin/triage/advicearticle/change_form.html"
    object_history_template = "admin/triage/advicearticle/object_history.html"
    object_history_list_template = "admin/triage/advicearticle/object_history_list.html"

    @admin.display(description="Findings")
    def finding_list(self, obj):
        return plain_findings(obj.findings) or "— none: no patient sees it —"

    @admin.display(description="Review")
    def review_status(self, obj):
        today = timezone.localdate()
        if not obj.next_review:
            return "No date set"
        if obj.next_review < today:
            return "Overdue"
        return "Due within 30 days" if obj.next_review <= today + timedelta(days=30) else "Up to date"

    @admin.action(description="Mark selected articles as reviewed today", permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        today = timezone.localdate()
        for article in queryset:  # save one by one so that each change is in the history
            article.last_reviewed = today
            if article.next_review and article.next_review <= today:
                article.next_review = today + timedelta(days=365)
            article._history_user = request.user
            article._change_reason = "Marked as reviewed"
            article.save()
        self.message_user(request, f"{queryset.count()} article(s) marked as reviewed today.")

    # warnings on the list ---------------------------------------------------------------

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, **{"form": ArticleListForm, **kwargs})

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "content_warnings": advice.content_warnings(),
            "readability_limit": settings.READABILITY_MAX_ARTICLE,
        }
        return super().changelist_view(request, extra_context)

    # plain English: on the edit page and in the preview ------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The edit page shows how readable the article is: as saved, or as typed if saving failed."""
        form = context["adminform"].form
        article = admin_views.article_from_post(request.POST, obj) if form.is_bound else obj
        if article is not None:
            context.update(admin_views.readability_context(article))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # preview -----------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        preview = self.admin_site.admin_view(partial(admin_views.preview, model_admin=self))
        urls = [
            path("preview/", preview, name="{}_{}_preview_new".format(*info)),
            path("<path:object_id>/preview/", preview, name="{}_{}_preview".format(*info)),
        ]
        return urls + super().get_urls()

    # history -------------------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        if not request.user.has_perm("auth.view_user"):
            # Editors cannot open user accounts: show who made a change as plain text, not a dead link.
            extra_context = {**(extra_context or {}), "admin_user_view": "admin:no-user-links"}
        return super().history_view(request, object_id, extra_context)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # Articles have no foreign keys to prefetch: only who made each change.
        return history_manager.filter(**{pk_name: object_id}).select_related("history_user")

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each version gets ``side_by_side``: what changed from the version before it."""
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(current, foreign_keys_are_objs=False)
                previous.side_by_side = compare(self.model, delta.changes)
            previous = current

    def save_model(self, request, obj, form, change):
        match = request.resolver_match
        if match and match.url_name and match.url_name.endswith("_simple_history"):
            obj._change_reason = "Reverted to an earlier version"
        elif change and not form.has_changed():
            # Saved without a change: no new version, so the history shows only real changes.
            request.nothing_changed = True
            return
        super().save_model(request, obj, form, change)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "nothing_changed", False) and level == messages.SUCCESS:
            message, level = "Nothing was changed, so no new version was saved.", messages.INFO
        super().message_user(request, message, level, *args, **kwargs)


# --- assessments: read-only, nothing that identifies a person --------------------------------


class CappedCountPaginator(Paginator):
    """Counts no further than ``CAP`` rows: at a million assessments, the admin's COUNT(*) of the whole
    table took 0.6 s on every page. The list pages through the newest ``CAP``; the statistics page has
    the totals."""

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.CAP].count()


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Stored assessments, read-only for everyone. Never shows the token: it opens a person's result."""

    list_display = ["id", "level", "finding_list", "created_date"]
    list_display_links = ["id"]
    view_on_site = False  # the site URL of an assessment is its secret token
    list_filter = ["level"]
    fields = ["id", "level", "finding_meanings", "created_date", "rules", "answer_list", "fhir_link"]
    readonly_fields = fields
    actions = ["export_selected"]
    change_list_template = "admin/triage/assessment/change_list.html"
    show_full_result_count = False
    paginator = CappedCountPaginator

    def get_queryset(self, request):
        # Past its retention date an assessment counts as deleted, even before the purge runs.
        return super().get_queryset(request).current().defer("token", "submission_key", "consent_given_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def lookup_allowed(self, lookup, value, request):
        # Only the level filter: no probing for a token, a key or an exact time through the URL.
        return lookup in {"level", "level__exact"}

    @admin.display(description="Findings")
    def finding_list(self, obj):
        return plain_findings(obj.findings) or "—"

    @admin.display(description="Findings")
    def finding_meanings(self, obj):
        items = format_html_join("", "<li>{}</li>", ((describe_finding(code),) for code in obj.findings or ()))
        return format_html("<ul>{}</ul>", items) if items else "—"

    @admin.display(description="Rules")
    def rules(self, obj):
        """Which rules gave the stored outcome: the same level the person was shown, never worked out again."""
        if not obj.rules_version:
            return f"Questionnaire {obj.questionnaire_version}, before the rules version was stored"
        current = " (today's rules)" if obj.rules_version == RULES_VERSION else " (rules have changed since)"
        return f"{obj.rules_version}{current}"

    @admin.display(description="Created", ordering="created_at")
    def created_date(self, obj):
        return obj.created_at.date()

    @admin.display(description="Answers")
    def answer_list(self, obj):
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "",
                "<dt>{}</dt><dd>{}</dd>",
                ((row.question.short, "; ".join(row.labels)) for row in answer_rows(obj.answers(), obj.questions)),
            ),
        )

    @admin.display(description="FHIR")
    def fhir_link(self, obj):
        if obj.questionnaire_version != VERSION:
            return f"— (only questionnaire {VERSION} has a FHIR form)"
        url = reverse("admin:triage_assessment_fhir", args=[obj.pk])
        return format_html('<a href="{}">The answers as a FHIR QuestionnaireResponse</a>', url)

    @admin.action(description="Export selected as anonymised CSV", permissions=["view"])
    def export_selected(self, request, queryset):
        return admin_views.csv_response(queryset)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name

        def view(function):
            return self.admin_site.admin_view(partial(function, model_admin=self))

        urls = [
            path("export/", view(admin_views.export), name="{}_{}_export".format(*info)),
            path("statistics/", view(admin_views.statistics), name=f"{info[0]}_statistics"),
            path("<path:object_id>/fhir/", view(admin_views.fhir_response), name="{}_{}_fhir".format(*info)),
        ]
        return urls + super().get_urls()


# --- feedback and safety concerns: staff set a status and notes, never change the words ------


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", "Open (new or being looked at)"), *Feedback.Status.choices]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.exclude(status=Feedback.Status.CLOSED)
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Post-release monitoring: safety concerns first. Staff cannot add reports or change what was sent."""

    list_display = ["kind", "status", "created_date", "first_line"]
    list_filter = ["kind", StatusFilter]
    # What the person sent is never changed: only the status and the notes are staff's.
    readonly_fields = [
        "kind",
        "created_at",
        "expires_at",
        "useful",
        "text",
        "advice_outcome",
        "reporter",
        "contact_email",
    ]
    view_on_site = False

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.kind == Feedback.Kind.FEEDBACK:
            sent = ["useful", "text"]
        else:
            sent = ["text", "advice_outcome", "reporter", "contact_email"]
        return [
            ("What was sent", {"fields": ["kind", "created_at", *sent, "expires_at"]}),
            ("For staff", {"fields": ["status", "staff_notes"]}),
        ]

    def get_ordering(self, request):
        concerns_first = Case(When(kind=Feedback.Kind.SAFETY_CONCERN, then=Value(0)), default=Value(1))
        return [concerns_first.asc(), "-created_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Sent", ordering="created_at")
    def created_date(self, obj):
        return obj.created_at.date()

    @admin.display(description="First line of what they wrote")
    def first_line(self, obj):
        return obj.first_line() or "—"
