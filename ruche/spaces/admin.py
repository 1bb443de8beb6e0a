from django.contrib import admin

from ruche.core.admin import RuleAdmin, RuleInlineMixin, translated_form

from .models import Programme, ProgrammeMembership, Space


class ProgrammeMembershipInline(RuleInlineMixin, admin.TabularInline):
    model = ProgrammeMembership
    raw_id_fields = ["member"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(RuleAdmin):
    form = translated_form(Programme, {"names": True, "descriptions": False})
    list_display = ["__str__", "slug", "is_active", "created_at"]
    search_fields = ["slug", "names"]
    inlines = [ProgrammeMembershipInline]


@admin.register(ProgrammeMembership)
class ProgrammeMembershipAdmin(RuleAdmin):
    list_display = ["member", "programme", "joined_at"]
    list_filter = ["programme"]
    raw_id_fields = ["member"]
    list_select_related = ["member", "programme"]


@admin.register(Space)
class SpaceAdmin(RuleAdmin):
    form = translated_form(Space, {"names": True, "descriptions": False})
    list_display = [
        "__str__",
        "slug",
        "visibility",
        "programme",
        "posting",
        "product_area",
        "position",
        "is_archived",
    ]
    list_filter = ["visibility", "posting", "is_archived", "product_area"]
    list_select_related = ["programme", "product_area"]
    filter_horizontal = ["moderators"]
    search_fields = ["slug", "names"]
