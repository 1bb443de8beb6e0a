from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ruche.core.pagination import InvalidCursor
from ruche.core.permissions import can_see

from . import selectors, services
from .forms import PreferencesForm


def _back(request: HttpRequest, default: str = "notifications:list") -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    try:
        page = selectors.notification_page(
            member=request.user, unread_only=unread_only, cursor=request.GET.get("cursor")
        )
    except InvalidCursor as exc:
        raise Http404 from exc
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "unread_only": unread_only},
    )


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification to what it is about, marking it read on the way."""
    notification = services.notification_mark_read(
        member=request.user, notification_id=notification_id
    )
    target = notification.reply or notification.topic
    if target is not None and not can_see(request.user, target):
        messages.info(request, _("This content is no longer available."))
        return redirect("notifications:list")
    return redirect(notification.target_url)


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    services.notification_mark_read(member=request.user, notification_id=notification_id)
    return _back(request)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(member=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked read.", "%(count)d notifications marked read.", count
            )
            % {"count": count},
        )
    return _back(request)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    member = request.user
    kinds = services.kinds_for(member)
    form = PreferencesForm(initial=services.preference_channels(member), kinds=kinds)
    if request.method == "POST":
        form = PreferencesForm(request.POST, kinds=kinds)
        if form.is_valid():
            try:
                services.preferences_set(member=member, channels=form.cleaned_data)
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("Your notification settings were saved."))
                return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
