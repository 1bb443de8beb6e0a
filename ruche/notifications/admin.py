from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "actor", "actor_count", "topic", "updated_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "actor", "topic", "reply"]
    search_fields = ["recipient__email", "group_key"]
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "channel"]
    list_filter = ["kind", "channel"]
    raw_id_fields = ["member"]
