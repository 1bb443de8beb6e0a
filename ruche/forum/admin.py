from django.contrib import admin

from .models import Escalation, Follow, HelpfulVote, Like, Reply, Revision, Tag, Topic, Upload


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "space",
        "author",
        "reply_count",
        "like_count",
        "answered_by",
        "is_deleted",
        "created_at",
    ]
    list_filter = ["kind", "space", "answered_by", "is_deleted", "product_area"]
    search_fields = ["title", "author__email", "author__display_name"]
    list_select_related = ["space", "author"]
    raw_id_fields = ["author", "accepted_reply", "deleted_by"]
    readonly_fields = ["reply_count", "like_count", "helpful_yes", "helpful_no", "body_html"]
    filter_horizontal = ["tags"]
    show_full_result_count = False


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "topic",
        "author",
        "is_staff_reply",
        "like_count",
        "is_deleted",
        "created_at",
    ]
    list_filter = ["is_staff_reply", "is_deleted"]
    search_fields = ["author__email", "topic__title"]
    list_select_related = ["topic", "author"]
    raw_id_fields = ["topic", "parent", "author", "deleted_by"]
    readonly_fields = ["like_count", "body_html"]
    show_full_result_count = False


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "topic", "reply", "editor", "created_at"]
    raw_id_fields = ["topic", "reply", "editor"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = [
        "topic",
        "reason",
        "state",
        "assigned_to",
        "escalated_at",
        "first_staff_reply_at",
        "resolved_at",
    ]
    list_filter = ["state", "reason"]
    raw_id_fields = ["topic", "escalated_by", "assigned_to"]
    list_select_related = ["topic", "assigned_to"]


for model in (Like, HelpfulVote, Follow, Upload):
    admin.site.register(model)
