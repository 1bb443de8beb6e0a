"""What every app's API router shares: who may call (``ANYONE``, ``MEMBER``), the JSON error
shape (``ErrorOut``, ``FieldError``) and the handlers that turn exceptions into it.

The kernel knows no member model: a personal token is checked by whichever Django authentication
backend accepts an ``api_token`` credential (``ruche.accounts.backends.ApiTokenBackend``), through
``django.contrib.auth.authenticate``. The API root (``ruche/api.py``) builds the ``NinjaAPI`` and
installs the handlers with :func:`install_error_handlers`.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from .pagination import InvalidCursor


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ruche_…`` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str):
        user = authenticate(request, api_token=token)
        if user is not None:
            request.user = user
            return user
        return None


class MemberSession(SessionAuth):
    """The browser session (CSRF-checked on writes)."""

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


def anonymous(request: HttpRequest):
    """Lets visitors read what is public; handlers then see an anonymous ``request.user``."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        request.user = AnonymousUser()
    return request.user


token_auth = TokenAuth()
session_auth = MemberSession()
MEMBER = [token_auth, session_auth]
ANYONE = [token_auth, session_auth, anonymous]


class FieldError(Schema):
    field: str
    reason: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


# The error responses most endpoints declare.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

_LOCATIONS = {"body", "query", "path", "form", "file", "header", "cookie"}
_WRAPPERS = {"payload", "filters", "data"}


def _field_name(loc: list) -> str:
    # Drop the location, then the handler's schema parameter, once each: a field may itself be
    # called "body" or "file" (loc ("body", "payload", "body") is the field "body").
    parts = [str(part) for part in loc]
    if parts and parts[0] in _LOCATIONS:
        parts.pop(0)
    if parts and parts[0] in _WRAPPERS:
        parts.pop(0)
    return ".".join(parts) or "__all__"


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every error as ``{"detail": …, "errors": [{"field": …, "reason": …}]}``."""

    def on_schema_error(request, exc: NinjaValidationError):
        errors = [
            {"field": _field_name(error.get("loc", [])), "reason": error.get("msg", "")}
            for error in exc.errors
        ]
        return api.create_response(
            request, {"detail": "Invalid input.", "errors": errors}, status=422
        )

    def on_rule_error(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": name, "reason": " ".join(str(m) for m in messages)}
                for name, messages in exc.message_dict.items()
            ]
        else:
            errors = [{"field": "__all__", "reason": " ".join(exc.messages)}]
        return api.create_response(
            request, {"detail": "Invalid input.", "errors": errors}, status=422
        )

    def on_bad_cursor(request, exc: InvalidCursor):
        return api.create_response(
            request,
            {
                "detail": "Invalid input.",
                "errors": [{"field": "cursor", "reason": "Invalid cursor."}],
            },
            status=400,
        )

    def on_not_found(request, exc):
        return api.create_response(request, {"detail": "Not found.", "errors": []}, status=404)

    def on_denied(request, exc):
        return api.create_response(
            request, {"detail": "You may not do this.", "errors": []}, status=403
        )

    def on_unauthenticated(request, exc):
        return api.create_response(
            request, {"detail": "Authentication required.", "errors": []}, status=401
        )

    api.add_exception_handler(NinjaValidationError, on_schema_error)
    api.add_exception_handler(DjangoValidationError, on_rule_error)
    api.add_exception_handler(InvalidCursor, on_bad_cursor)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
