"""Helpers shared by the forum's pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme

from ruche.core.permissions import visible

from ..models import Follow, Reply


def is_following(user, target_type: str, target_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(member=user, target_type=target_type, target_id=target_id).exists()


def back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to the page the form came from when it is ours, else to ``fallback``."""
    target = request.POST.get("next") or request.headers.get("Referer") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def visible_reply(request: HttpRequest, reply_id: int) -> Reply:
    return get_object_or_404(
        visible(request.user, Reply.objects.select_related("topic__space", "author")),
        pk=reply_id,
    )
