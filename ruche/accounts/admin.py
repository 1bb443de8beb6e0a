"""The members' admin asks the permission module (``RuleAdmin``): a staff role sees and changes
only what its named actions allow, and only administrators touch what opens the rest (superuser
and staff status, groups, other accounts' passwords, administrators' accounts)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from ruche.core.admin import RuleAdmin, translated_form
from ruche.core.permissions import can

from .models import ApiToken, Invitation, Segment, User
from .roles import Role
from .services import member_changed_by_staff, member_set_groups

# What only "member.change_access" (administrators) may edit.
ACCESS_FIELDS = ("is_staff", "is_superuser", "groups")


@admin.register(Segment)
class SegmentAdmin(RuleAdmin):
    form = translated_form(Segment, {"names": True})
    list_display = ["__str__", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["slug", "names"]


@admin.register(User)
class UserAdmin(RuleAdmin, DjangoUserAdmin):
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
        (_("Roles and access"), {"fields": ["is_active", *ACCESS_FIELDS]}),
        (_("Dates"), {"fields": ["date_joined", "last_login"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or can(request.user, "member.set_password", obj):
            return fieldsets
        # Another account's password is not theirs to set: no link to the password form.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "password"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not can(request.user, "member.change_access", obj):
            # Shown, never taken from the form: a POST naming them changes nothing.
            fields += [name for name in ACCESS_FIELDS if name not in fields]
        return fields

    def user_change_password(self, request, id, form_url=""):
        member = self.get_object(request, unquote(id))
        if member is not None and not can(request.user, "member.set_password", member):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change:
            changed = [name for name in form.changed_data if name not in ACCESS_FIELDS]
            member_changed_by_staff(member=obj, actor=request.user, fields=changed)

    def save_related(self, request, form, formsets, change) -> None:
        # Groups are roles: given and taken through the service, which records them.
        groups = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if groups is not None:
            member_set_groups(member=form.instance, groups=groups, actor=request.user)


@admin.register(Invitation)
class InvitationAdmin(RuleAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can(request.user, "role.grant", role=Role.ADMINISTRATOR):
            # The role an invitation offers is the inviter's to choose, within what they may give.
            fields.append("role")
        return fields


@admin.register(ApiToken)
class ApiTokenAdmin(RuleAdmin):
    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__email", "key_prefix"]
    list_select_related = ["user"]
    readonly_fields = ["user", "key_prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False
