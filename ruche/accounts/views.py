from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from ruche.core.http import is_htmx
from ruche.core.pagination import InvalidCursor
from ruche.core.permissions import can, visible

from . import selectors, services
from .forms import AvatarForm, InvitationCsvForm, InvitationForm, ProfileForm, TokenForm
from .models import Invitation, User
from .roles import Role
from .signals import INVITATION_SESSION_KEY


def member_list(request: HttpRequest) -> HttpResponse:
    try:
        page = selectors.member_list_page(
            viewer=request.user,
            query=request.GET.get("q", "").strip()[:100],
            segment=request.GET.get("segment", ""),
            country=request.GET.get("country", ""),
            role=request.GET.get("role", ""),
            cursor=request.GET.get("cursor"),
        )
    except InvalidCursor as exc:
        raise Http404 from exc
    template = "accounts/_member_rows.html" if is_htmx(request) else "accounts/member_list.html"
    return render(
        request,
        template,
        {
            "page": page,
            "segments": selectors.segment_list(),
            "roles": Role.choices,
        },
    )


def member_by_handle(request: HttpRequest, handle: str) -> HttpResponse:
    """Where an @mention links: the member's page, or 404 for an unknown or hidden member."""
    member = visible(request.user, User.objects.filter(handle__iexact=handle)).first()
    if member is None:
        raise Http404
    return redirect("accounts:member_detail", member_id=member.pk)


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    member = request.user
    form = ProfileForm(instance=User.objects.get(pk=member.pk))
    avatar_form = AvatarForm()
    if request.method == "POST" and "avatar" in request.FILES:
        avatar_form = AvatarForm(request.POST, request.FILES)
        if avatar_form.is_valid():
            try:
                services.member_set_avatar(
                    member=member, actor=member, upload=avatar_form.cleaned_data["avatar"]
                )
            except ValidationError as exc:
                avatar_form.add_error("avatar", exc.message_dict.get("avatar", exc.messages))
            else:
                messages.success(request, _("Your picture was updated."))
                return redirect("accounts:profile_edit")
    elif request.method == "POST" and request.POST.get("remove_avatar"):
        services.member_remove_avatar(member=member, actor=member)
        messages.success(request, _("Your picture was removed."))
        return redirect("accounts:profile_edit")
    elif request.method == "POST":
        form = ProfileForm(request.POST, instance=User.objects.get(pk=member.pk))
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                services.member_update_profile(member=member, actor=member, **changes)
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("Your profile was saved."))
                return redirect("accounts:profile_edit")
    return render(request, "accounts/profile_edit.html", {"form": form, "avatar_form": avatar_form})


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm()
    new_token = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, new_token = services.api_token_create(
                    member=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as exc:
                form.add_error("name", exc.message_dict.get("name", exc.messages))
            else:
                form = TokenForm()
    tokens = request.user.api_tokens.all()
    return render(
        request,
        "accounts/token_list.html",
        {"form": form, "tokens": tokens, "new_token": new_token},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.api_token_revoke(member=request.user, token_id=token_id)
    except services.ApiToken.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "member.invite"):
        raise Http404
    form = InvitationForm(inviter=request.user)
    csv_form = InvitationCsvForm()
    csv_errors = []
    if request.method == "POST" and request.POST.get("kind") == "csv":
        csv_form = InvitationCsvForm(request.POST, request.FILES)
        if csv_form.is_valid():
            result = services.invitation_create_from_csv(
                inviter=request.user, content=csv_form.cleaned_data["file"]
            )
            if result.errors:
                csv_errors = result.errors
            else:
                count = len(result.invitations)
                messages.success(
                    request,
                    ngettext(
                        "%(count)d invitation was sent.", "%(count)d invitations were sent.", count
                    )
                    % {"count": count},
                )
                return redirect("accounts:invitations")
    elif request.method == "POST":
        form = InvitationForm(request.POST, inviter=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.invitation_create(
                    inviter=request.user,
                    request=services.InvitationRequest(
                        email=data["email"],
                        role=data["role"],
                        segment=data["segment"],
                        display_name=data["display_name"],
                        organisation=data["organisation"],
                        country=data["country"] or "",
                        language=data["language"],
                    ),
                )
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("The invitation was sent to %(email)s.") % data)
                return redirect("accounts:invitations")
    invitations = selectors.invitation_list(viewer=request.user)[:200]
    return render(
        request,
        "accounts/invitation_list.html",
        {"form": form, "csv_form": csv_form, "csv_errors": csv_errors, "invitations": invitations},
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(
        visible(request.user, Invitation.objects.all()), pk=invitation_id
    )
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect("accounts:invitations")


def invitation_landing(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation e-mail: sign up (address already verified) or accept."""
    invitation = services.invitation_find(raw_token=token)
    if invitation is None or invitation.status != "pending":
        return render(
            request,
            "accounts/invitation_landing.html",
            {"invitation": invitation},
            status=404 if invitation is None else 410,
        )
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(raw_token=token, member=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Welcome! Your invitation was accepted."))
                return redirect("home")
        return render(request, "accounts/invitation_landing.html", {"invitation": invitation})
    request.session[INVITATION_SESSION_KEY] = token
    if User.objects.filter(email__iexact=invitation.email).exists():
        return redirect(f"{reverse('account_login')}?next={request.path}")
    # The person followed a link sent to this address: it needs no second verification.
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect(f"{reverse('account_signup')}?{urlencode({'email': invitation.email})}")


def _no_response(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@csrf_exempt
@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Set the interface language: a cookie for everyone, the profile for a signed-in member.

    Visitors who are not signed in may be served a cached page whose form holds no token of
    theirs: for them the switch needs none (it only sets their language cookie). A member's
    switch writes the profile, so it passes the usual CSRF check.
    """
    if request.user.is_authenticated:
        # A plain callback: this view itself is marked exempt, which the check would honour.
        rejected = CsrfViewMiddleware(_no_response).process_view(request, _no_response, (), {})
        if rejected is not None:
            return rejected

    language = request.POST.get("language", "")
    response = set_language(request)
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.member_update_profile(
            member=request.user, actor=request.user, ui_language=language
        )
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        response["Location"] = "/"
    return response
