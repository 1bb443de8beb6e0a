"""The JSON API under /api/v1/: session or personal-token authentication, JSON errors."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from ruche.core.pagination import InvalidCursor


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ruche_…`` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str):
        from ruche.accounts.services import api_token_authenticate

        user = api_token_authenticate(raw=token)
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


api = NinjaAPI(
    title="Ruche API",
    version="1",
    description=(
        "The Ruche community API. Authenticate with the browser session or with a personal "
        "token: `Authorization: Bearer ruche_…`. Errors are JSON: `detail`, and `errors` listing "
        "each wrong field with the reason."
    ),
    auth=MEMBER,
    urls_namespace="api",
)

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


@api.exception_handler(NinjaValidationError)
def on_schema_error(request, exc: NinjaValidationError):
    errors = [
        {"field": _field_name(error.get("loc", [])), "reason": error.get("msg", "")}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=422)


@api.exception_handler(DjangoValidationError)
def on_rule_error(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": name, "reason": " ".join(str(m) for m in messages)}
            for name, messages in exc.message_dict.items()
        ]
    else:
        errors = [{"field": "__all__", "reason": " ".join(exc.messages)}]
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=422)


@api.exception_handler(InvalidCursor)
def on_bad_cursor(request, exc: InvalidCursor):
    return api.create_response(
        request,
        {"detail": "Invalid input.", "errors": [{"field": "cursor", "reason": "Invalid cursor."}]},
        status=400,
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "Not found.", "errors": []}, status=404)


@api.exception_handler(PermissionDenied)
def on_denied(request, exc):
    return api.create_response(
        request, {"detail": "You may not do this.", "errors": []}, status=403
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "Authentication required.", "errors": []}, status=401
    )


def _register_routers() -> None:
    from ruche.accounts.api import router as accounts_router
    from ruche.activity.api import router as activity_router
    from ruche.forum.api import router as forum_router
    from ruche.ideas.api import router as ideas_router
    from ruche.notifications.api import router as notifications_router
    from ruche.products.api import router as products_router
    from ruche.recognition.api import router as recognition_router
    from ruche.search.api import router as search_router
    from ruche.spaces.api import router as spaces_router

    api.add_router("", accounts_router)
    api.add_router("", products_router)
    api.add_router("", spaces_router)
    api.add_router("", activity_router)
    api.add_router("", search_router)
    api.add_router("", notifications_router)
    api.add_router("", forum_router)
    api.add_router("", ideas_router)
    api.add_router("", recognition_router)


_register_routers()
