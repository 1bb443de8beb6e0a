"""Authentication backends accounts provides to the rest of Ruche."""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from .models import User
from .services import api_token_authenticate


class ApiTokenBackend(BaseBackend):
    """``authenticate(request, api_token=…)``: the member owning an active personal token.

    The API's token authentication (``ruche.core.api.TokenAuth``) asks Django, not accounts,
    so the kernel does not depend on the member model. It never opens a session.
    """

    def authenticate(
        self, request: HttpRequest | None, api_token: str | None = None
    ) -> User | None:
        if not api_token:
            return None
        return api_token_authenticate(raw=api_token)
