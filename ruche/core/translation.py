"""Names that administrators configure in every interface language (segments, product areas…).

They are stored as one JSON object per field (``{"en": "Nurse", "fr": "Infirmier·e"}``) so that
adding a language needs no migration; reading falls back to English, then to any language given.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def pick(values: dict | None, language: str | None = None) -> str:
    if not values:
        return ""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    for code in (language, settings.LANGUAGE_CODE, "en"):
        if values.get(code):
            return values[code]
    return next((v for v in values.values() if v), "")


def validate_translations(value: dict) -> None:
    """At least the default language, only known languages, only strings."""
    if not isinstance(value, dict):
        raise ValidationError(_("Expected one text per language."))
    known = {code for code, _label in settings.LANGUAGES}
    unknown = set(value) - known
    if unknown:
        raise ValidationError(
            _("Unknown language: %(codes)s."), params={"codes": ", ".join(sorted(unknown))}
        )
    if not all(isinstance(text, str) for text in value.values()):
        raise ValidationError(_("Each translation must be text."))
    if not str(value.get(settings.LANGUAGE_CODE, "")).strip():
        raise ValidationError(
            _("The %(language)s text is required."), params={"language": settings.LANGUAGE_CODE}
        )
