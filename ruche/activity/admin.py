from django.contrib import admin

from ruche.core.admin import READ_ONLY_HELP, RuleAdmin

from .models import Activity


@admin.register(Activity)
class ActivityAdmin(RuleAdmin):
    """Read-only: the ledger is append-only."""

    list_display = ["occurred_at", "actor", "verb", "source", "space", "target_type", "target_id"]
    list_filter = ["source", "verb"]
    search_fields = ["actor__email", "actor__display_name", "verb", "idempotency_key"]
    list_select_related = ["actor", "space", "target_type"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False
    raw_id_fields = ["actor"]
    description = READ_ONLY_HELP

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
