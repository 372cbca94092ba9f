from django import forms
from django.contrib import admin

from .models import FINDING_CHOICES, AdviceArticle


class AdviceArticleForm(forms.ModelForm):
    findings = forms.MultipleChoiceField(
        choices=FINDING_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The article is shown to a patient whose answers lead to any of these findings.",
    )

    class Meta:
        model = AdviceArticle
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "findings",
            "order",
            "published",
            "sources",
            "last_reviewed",
            "next_review",
        ]


class FindingFilter(admin.SimpleListFilter):
    title = "finding"
    parameter_name = "finding"

    def lookups(self, request, model_admin):
        return FINDING_CHOICES

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # Findings are a short JSON list; matching in Python works on every database.
        ids = [pk for pk, findings in queryset.values_list("pk", "findings") if self.value() in (findings or ())]
        return queryset.filter(pk__in=ids)


@admin.register(AdviceArticle)
class AdviceArticleAdmin(admin.ModelAdmin):
    form = AdviceArticleForm
    list_display = ["title", "order", "published", "finding_list", "last_reviewed", "next_review"]
    list_editable = ["order", "published"]
    list_filter = ["published", FindingFilter]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Who sees it", {"fields": ["findings", "order", "published"]}),
        ("Sources and review", {"fields": ["sources", "last_reviewed", "next_review"]}),
    ]

    @admin.display(description="Findings")
    def finding_list(self, obj):
        return ", ".join(obj.findings or ()) or "—"
