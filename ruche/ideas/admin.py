"""Administrators define statuses, thresholds and delays, templates; ideas are read here and
changed through the pages (so that every change keeps its history and ledger entry)."""

from django.contrib import admin

from ruche.core.admin import translated_form

from .models import (
    AreaIdeaSettings,
    Idea,
    IdeaMerge,
    IdeaSettings,
    IdeaStatus,
    OfficialResponse,
    Release,
    ResponseTemplate,
)


@admin.register(IdeaStatus)
class IdeaStatusAdmin(admin.ModelAdmin):
    form = translated_form(IdeaStatus, {"names": True})
    list_display = ["__str__", "kind", "slug", "colour", "on_roadmap", "position"]
    list_editable = ["colour", "on_roadmap", "position"]


@admin.register(IdeaSettings)
class IdeaSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "threshold", "response_days", "organisation_cap"]

    def has_add_permission(self, request) -> bool:
        return not IdeaSettings.objects.exists()


@admin.register(AreaIdeaSettings)
class AreaIdeaSettingsAdmin(admin.ModelAdmin):
    list_display = ["product_area", "threshold", "response_days"]


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "decision", "reason_category"]


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "product_area", "like_count", "threshold_reached_at"]
    list_filter = ["status", "product_area", "space"]
    search_fields = ["title"]
    list_select_related = ["status", "product_area"]
    readonly_fields = [
        f.name for f in Idea._meta.fields if f.name not in {"title", "problem", "solution"}
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(OfficialResponse)
class OfficialResponseAdmin(admin.ModelAdmin):
    list_display = ["idea", "decision", "version", "published_at"]
    raw_id_fields = ["idea", "author", "release"]
    readonly_fields = ["rationale_html", "version", "published_at"]


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["title", "released_on", "published_at"]
    raw_id_fields = ["ideas"]
    readonly_fields = ["notes_html", "published_at", "published_by"]


@admin.register(IdeaMerge)
class IdeaMergeAdmin(admin.ModelAdmin):
    list_display = ["duplicate", "original", "merged_at", "undone_at"]
    raw_id_fields = ["duplicate", "original", "merged_by", "undone_by"]
