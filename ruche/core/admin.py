"""Admin helpers: edit per-language JSON texts as one plain field per language."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


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
