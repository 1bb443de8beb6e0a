"""Admin helpers: the admin asks the permission module; per-language JSON texts are edited as one
plain field per language.

The Django admin is another door to the data, so it asks the same rules as the pages and the API:
a model admin built on :class:`RuleAdmin` lets a staff member view, add, change or delete rows of
``app.model`` only when the named action ``admin.<view|add|change|delete>.<app>.<model>`` allows
it (for the model, and for each row). Apps register those rules beside their other ones
(``ruche.accounts.permissions.admin_rules_from_roles`` derives them from the roles table).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from .permissions import can, rule

ADMIN_PERMS = ("view", "add", "change", "delete")
AdminRule = Callable[[Any, Any], bool]


def admin_action(model: type[Model], perm: str) -> str:
    """The named action of an admin permission: ``admin.change.accounts.user``."""
    return f"admin.{perm}.{model._meta.label_lower}"


def admin_rule(model: type[Model], perm: str) -> Callable[[AdminRule], AdminRule]:
    """Register ``func(user, obj=None)`` deciding ``perm`` in the admin, for the model (``obj``
    None: may they open the list, the add form…) and for each of its rows."""

    def register(func: AdminRule) -> AdminRule:
        name = admin_action(model, perm)
        rule(None, name)(func)
        rule(model, name)(func)
        return func

    return register


def admin_can(user, model: type[Model], perm: str, obj: Model | None = None) -> bool:
    return can(user, admin_action(model, perm), obj)


class RuleAdmin(admin.ModelAdmin):
    """A model admin that asks the named actions ``admin.<perm>.<app>.<model>`` instead of
    Django's model permissions (no registered rule: nobody, not even a superuser)."""

    def has_view_permission(self, request, obj=None) -> bool:
        return admin_can(request.user, self.model, "view", obj)

    def has_add_permission(self, request) -> bool:
        return admin_can(request.user, self.model, "add")

    def has_change_permission(self, request, obj=None) -> bool:
        return admin_can(request.user, self.model, "change", obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return admin_can(request.user, self.model, "delete", obj)

    def has_module_permission(self, request) -> bool:
        return any(admin_can(request.user, self.model, perm) for perm in ADMIN_PERMS)


class RuleInlineMixin:
    """The same for an inline: the rows' own model rules, asked for the model."""

    model: type[Model]

    def has_view_permission(self, request, obj=None) -> bool:
        return admin_can(request.user, self.model, "view")

    def has_add_permission(self, request, obj=None) -> bool:
        return admin_can(request.user, self.model, "add")

    def has_change_permission(self, request, obj=None) -> bool:
        return admin_can(request.user, self.model, "change")

    def has_delete_permission(self, request, obj=None) -> bool:
        return admin_can(request.user, self.model, "delete")


def translated_form(model, json_fields: dict[str, bool]):
    """A ModelForm with ``<field>_<lang>`` inputs for each JSON text field.

    ``json_fields`` maps a field to whether its default-language text is required.
    """

    class TranslatedForm(forms.ModelForm):
        class Meta:
            exclude = list(json_fields)  # noqa: DJ006 (every other field is edited)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, required in json_fields.items():
                values = getattr(self.instance, name, None) or {}
                for code, label in settings.LANGUAGES:
                    key = f"{name}_{code}"
                    widget = forms.Textarea(attrs={"rows": 2}) if name.startswith("desc") else None
                    self.fields[key] = forms.CharField(
                        label=f"{model._meta.get_field(name).verbose_name} ({label})",
                        required=required and code == settings.LANGUAGE_CODE,
                        initial=values.get(code, ""),
                        widget=widget,
                    )

        def save(self, commit=True):
            for name in json_fields:
                values = {}
                for code, _label in settings.LANGUAGES:
                    text = (self.cleaned_data.get(f"{name}_{code}") or "").strip()
                    if text:
                        values[code] = text
                setattr(self.instance, name, values)
            return super().save(commit=commit)

    TranslatedForm.Meta.model = model
    TranslatedForm.__name__ = f"{model.__name__}TranslatedForm"
    return TranslatedForm


READ_ONLY_HELP = _("The activity ledger is append-only: entries cannot be changed or deleted.")
