from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ruche.core.admin import translated_form

from .models import ApiToken, Invitation, Segment, User


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    form = translated_form(Segment, {"names": True})
    list_display = ["__str__", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["slug", "names"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-date_joined"]
    list_display = [
        "email",
        "display_name",
        "segment",
        "organisation",
        "country",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_active", "is_staff", "groups", "segment", "country", "profile_visibility"]
    search_fields = ["email", "display_name", "organisation"]
    list_select_related = ["segment"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "display_name",
                    "segment",
                    "organisation",
                    "country",
                    "language",
                    "ui_language",
                    "bio",
                    "avatar",
                    "profile_visibility",
                ]
            },
        ),
        (_("Roles and access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["date_joined", "last_login"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "role",
        "segment",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role", "segment"]
    search_fields = ["email", "display_name", "organisation"]
    list_select_related = ["segment", "invited_by"]
    readonly_fields = ["token_hash", "invited_by", "accepted_by", "accepted_at", "created_at"]

    def has_add_permission(self, request) -> bool:
        # Invitations are sent from the invitation page so that the e-mail goes out.
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__email", "key_prefix"]
    list_select_related = ["user"]
    readonly_fields = ["user", "key_prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False
