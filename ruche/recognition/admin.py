"""Administrators edit the weights, badges and challenges without code, and grant badges."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Badge, BadgeAward, Challenge, MemberEngagement, PointRule
from .services import rules_changed


class RulesChangedMixin:
    """Saving or deleting a rule forgets the rules cached by this process (others reload theirs
    within a minute)."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        rules_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        rules_changed()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        rules_changed()


@admin.register(PointRule)
class PointRuleAdmin(RulesChangedMixin, admin.ModelAdmin):
    list_display = ["verb", "beneficiary", "points", "daily_cap", "is_active"]
    list_editable = ["points", "daily_cap", "is_active"]
    list_filter = ["is_active", "beneficiary"]
    search_fields = ["verb"]


@admin.register(Badge)
class BadgeAdmin(RulesChangedMixin, admin.ModelAdmin):
    list_display = ["slug", "name", "tier", "kind", "verb", "beneficiary", "count", "period"]
    list_filter = ["tier", "kind", "is_active"]
    search_fields = ["slug", "verb"]


class BadgeAwardForm(forms.ModelForm):
    class Meta:
        model = BadgeAward
        fields = ["badge", "member", "reason"]

    def clean_reason(self) -> str:
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(_("Say why this member receives the badge."))
        return reason


@admin.register(BadgeAward)
class BadgeAwardAdmin(admin.ModelAdmin):
    """Hand grants with a reason; awards earned by rules are shown, not edited."""

    form = BadgeAwardForm
    list_display = ["badge", "member", "awarded_at", "granted_by", "reason"]
    list_filter = ["badge"]
    list_select_related = ["badge", "member", "granted_by"]
    raw_id_fields = ["member"]
    search_fields = ["member__email", "member__display_name", "badge__slug"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Challenge)
class ChallengeAdmin(RulesChangedMixin, admin.ModelAdmin):
    list_display = ["title", "verb", "goal", "starts_at", "ends_at", "segment", "reward_badge"]
    raw_id_fields = ["created_by"]


@admin.register(MemberEngagement)
class MemberEngagementAdmin(admin.ModelAdmin):
    list_display = ["member", "level", "level_since", "featured"]
    list_filter = ["level", "featured"]
    list_editable = ["featured"]
    raw_id_fields = ["member"]
    readonly_fields = ["level", "level_since"]
    search_fields = ["member__email", "member__display_name"]
