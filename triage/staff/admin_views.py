"""The admin's own pages, wired into the ModelAdmins by ``get_urls`` (admin.py stays declarative).

The preview of an article as a patient sees it, the statistics page, the anonymised CSV export,
an assessment's answers as FHIR for staff, and the "view on site" redirect that refuses
assessments. Each takes the ModelAdmin it belongs to, for its permissions.
"""

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from triage.clinical.assessment import Finding
from triage.clinical.findings import describe_finding
from triage.content import advice, readability
from triage.handover import fhir_views
from triage.models import AdviceArticle, Assessment
from triage.staff import charts, stats


def readability_context(article: AdviceArticle) -> dict:
    """What the edit page and the preview say about how plain an article is."""
    return {
        "readability": readability.measure(advice.article_text(article)),
        "readability_limit": settings.READABILITY_MAX_ARTICLE,
    }


def article_from_post(data, instance: AdviceArticle | None) -> AdviceArticle:
    """An unsaved article from the change form's fields, for a preview. Nothing is validated or stored."""
    known = {f.value for f in Finding}
    return AdviceArticle(
        pk=instance.pk if instance else None,
        slug=data.get("slug", "") or (instance.slug if instance else ""),
        title=data.get("title", ""),
        summary=data.get("summary", ""),
        body=data.get("body", ""),
        findings=[code for code in data.getlist("findings") if code in known],
        published=bool(data.get("published")),
        sources=data.get("sources", ""),
    )


def preview(request, model_admin, object_id=None):
    """The article, saved (GET) or as typed in the form (POST), exactly as a patient sees it."""
    instance = None
    if object_id is not None:
        instance = model_admin.get_object(request, unquote(object_id))
        if instance is None:
            raise Http404("No such article")
    if request.method == "POST":
        if instance:
            allowed = model_admin.has_change_permission(request, instance)
        else:
            allowed = model_admin.has_add_permission(request)
        if not allowed:
            raise PermissionDenied
        article, saved = article_from_post(request.POST, instance), False
    elif request.method == "GET" and instance is not None:
        if not model_admin.has_view_permission(request, instance):
            raise PermissionDenied
        article, saved = instance, True
    else:
        raise Http404("Nothing to preview")
    because = tuple(describe_finding(code) for code in article.findings) or ("(no finding chosen)",)
    context = {
        **readability_context(article),
        "section": advice.section_for(article, because=because),
        "article": article,
        "instance": instance,
        "saved": saved,
        "page_title": f"Preview: {article.title}",
    }
    response = render(request, "triage/preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def fhir_response(request, model_admin, object_id):
    """The answers as FHIR for staff, by the assessment's number: never through the person's link."""
    assessment = model_admin.get_object(request, unquote(object_id))
    if assessment is not None and not model_admin.has_view_permission(request, assessment):
        raise PermissionDenied
    response = fhir_views.response_for(request, assessment)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def export(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    return csv_response(Assessment.objects.current())


@require_safe
def statistics(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    statistics = stats.compute_statistics()
    charts_ = {
        "per_week": charts.bar_chart(statistics.per_week, "Assessments per week"),
        "levels": charts.bar_chart(statistics.levels, "Outcome levels"),
        "findings": charts.bar_chart(statistics.findings, "Most common findings"),
        "triggers": charts.bar_chart(statistics.triggers, "Most common triggers"),
        "funnel": charts.bar_chart([step.reached for step in statistics.funnel], "Completion funnel"),
    }
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Statistics",
        "opts": model_admin.opts,
        "stats": statistics,
        "charts": charts_,
        "min_count": stats.MIN_COUNT,
    }
    return TemplateResponse(request, "admin/triage/statistics.html", context)


@require_safe
def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, refused for assessments.

    Django's redirect needs only a staff login, and an assessment's page on the site is the
    secret link to a person's result: it must never be reachable from an id.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except (ContentType.DoesNotExist, ValueError):
        raise Http404("No such content type") from None
    if model is None or issubclass(model, Assessment):
        raise Http404("Not available")
    return contenttype_views.shortcut(request, content_type_id, object_id)


def csv_response(queryset):
    response = StreamingHttpResponse(stats.csv_lines(stats.anonymised_rows(queryset)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="twitchguide-answers-{timezone.localdate()}.csv"'
    response["Cache-Control"] = "no-store"
    return response
