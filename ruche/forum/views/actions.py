"""Reactions on posts: likes, accepted answers, escalation to support, the helpful vote of
articles, and follows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.core.http import is_htmx

from .. import selectors, services
from ..models import EscalationReason, FollowTarget, Reply, Topic
from .common import back, visible_reply


def _like(request: HttpRequest, post: Topic | Reply) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if request.POST.get("action") == "unlike":
        services.like_remove(member=request.user, post=post)
    else:
        try:
            services.like_add(member=request.user, post=post)
        except ValidationError as exc:  # one's own post
            raise PermissionDenied(" ".join(exc.messages)) from exc
    post.like_count = type(post).objects.values_list("like_count", flat=True).get(pk=post.pk)
    post.liked = request.POST.get("action") != "unlike"
    if is_htmx(request):
        return render(request, "forum/_like_button.html", {"post": post})
    return back(request, post.get_absolute_url())


@require_POST
def topic_like(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    return _like(request, topic)


@require_POST
def reply_like(request: HttpRequest, reply_id: int) -> HttpResponse:
    return _like(request, visible_reply(request, reply_id))


@login_required
@require_POST
def answer_accept(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = visible_reply(request, reply_id)
    try:
        services.answer_accept(topic=reply.topic, reply=reply, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The answer was accepted. Thank you!"))
    return redirect(reply.topic.get_absolute_url())


@login_required
@require_POST
def answer_unaccept(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    services.answer_unaccept(topic=topic, actor=request.user)
    return redirect(topic.get_absolute_url())


@login_required
@require_POST
def escalate(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    reason = (
        EscalationReason.MEMBER
        if topic.author_id == request.user.pk
        else EscalationReason.MODERATOR
    )
    try:
        services.escalation_raise(topic=topic, actor=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The support team was asked to help."))
    return redirect(topic.get_absolute_url())


@login_required
@require_POST
def article_vote(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    helpful = request.POST.get("helpful") == "yes"
    try:
        topic = services.article_vote(topic=topic, member=request.user, helpful=helpful)
    except ValidationError as exc:
        raise PermissionDenied(" ".join(exc.messages)) from exc
    if is_htmx(request):
        return render(
            request, "forum/_helpful.html", {"topic": topic, "helpful_vote": helpful, "voted": True}
        )
    messages.success(request, _("Thank you for your feedback."))
    return redirect(topic.get_absolute_url())


@require_POST
def follow(request: HttpRequest, target_type: str, target_id: int) -> HttpResponse:
    """Follow or stop following a topic, space, tag or product area."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    if target_type not in FollowTarget.values:
        raise Http404
    if request.POST.get("action") == "unfollow":
        services.follow_remove(member=request.user, target_type=target_type, target_id=target_id)
        following = False
    else:
        services.follow_add(member=request.user, target_type=target_type, target_id=target_id)
        following = True
    if is_htmx(request):
        return render(
            request,
            "forum/_follow_button.html",
            {"follow_type": target_type, "follow_id": target_id, "following": following},
        )
    return back(request, reverse("forum:list"))
