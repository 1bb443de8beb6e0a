"""Changing posts: editing, deleting, restoring and their history; retagging, moving and
flagging (abilities unlocked by level)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.core.permissions import Action, can
from ruche.spaces.selectors import space_list

from .. import selectors, services
from ..forms import (
    FlagHideForm,
    ReplyEditForm,
    TopicEditForm,
    TopicMoveForm,
    TopicRetagForm,
    apply_service_errors,
)
from ..models import Reply, Revision, Topic, TopicKind
from ..permissions import move_destinations
from .common import visible_reply
from .topic import topic_page_with_errors


@login_required
def topic_edit(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    if not can(request.user, "post.edit", topic):
        raise PermissionDenied
    is_article = topic.kind == TopicKind.ARTICLE
    initial = {
        "title": topic.title,
        "body": topic.body,
        "summary": topic.summary,
        "tags": ", ".join(t.name for t in topic.tags.all()),
    }
    form = TopicEditForm(
        request.POST if request.method == "POST" else None, initial=initial, is_article=is_article
    )
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            services.topic_edit(
                topic=topic,
                editor=request.user,
                title=cleaned["title"],
                body=cleaned["body"],
                summary=cleaned.get("summary") if is_article else None,
                tags=cleaned["tags"],
                reason=cleaned["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(topic.get_absolute_url())
    return render(
        request,
        "forum/post_edit.html",
        {"form": form, "topic": topic, "post": topic},
        status=422 if form.errors else 200,
    )


@login_required
def reply_edit(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = visible_reply(request, reply_id)
    if not can(request.user, "post.edit", reply):
        raise PermissionDenied
    form = ReplyEditForm(
        request.POST if request.method == "POST" else None, initial={"body": reply.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_edit(
                reply=reply,
                editor=request.user,
                body=form.cleaned_data["body"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(reply.get_absolute_url())
    return render(
        request,
        "forum/post_edit.html",
        {"form": form, "topic": reply.topic, "post": reply},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def topic_delete(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    services.topic_delete(topic=topic, actor=request.user)
    messages.success(request, _("The topic was deleted."))
    if can(request.user, Action.MODERATE, topic):
        return redirect(topic.get_absolute_url())
    return redirect("forum:list")


@login_required
@require_POST
def topic_restore(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    services.topic_restore(topic=topic, actor=request.user)
    messages.success(request, _("The topic was restored."))
    return redirect(topic.get_absolute_url())


@login_required
@require_POST
def reply_delete(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = visible_reply(request, reply_id)
    services.reply_delete(reply=reply, actor=request.user)
    messages.success(request, _("The reply was deleted."))
    return redirect(reply.topic.get_absolute_url())


@login_required
@require_POST
def reply_restore(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = visible_reply(request, reply_id)
    services.reply_restore(reply=reply, actor=request.user)
    messages.success(request, _("The reply was restored."))
    return redirect(reply.get_absolute_url())


# --- Abilities unlocked by level: retag, move, flag and hide --------------------------------------


@login_required
@require_POST
def topic_retag(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    if not can(request.user, "topic.retag", topic):
        raise PermissionDenied
    form = TopicRetagForm(request.POST)
    if form.is_valid():
        try:
            services.topic_retag(topic=topic, actor=request.user, tags=form.cleaned_data["tags"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The tags were changed."))
            return redirect(topic.get_absolute_url())
    return topic_page_with_errors(request, topic, retag_form=form)


@login_required
@require_POST
def topic_move(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    if not can(request.user, "topic.move", topic):
        raise PermissionDenied
    destinations = move_destinations(request.user, topic, space_list(user=request.user))
    form = TopicMoveForm(request.POST, user=request.user, destinations=destinations)
    if form.is_valid():
        try:
            services.topic_move(topic=topic, actor=request.user, space=form.cleaned_data["space"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The topic was moved."))
            return redirect(topic.get_absolute_url())
    return topic_page_with_errors(request, topic, move_form=form)


def _flag_hide(request: HttpRequest, post: Topic | Reply, topic: Topic) -> HttpResponse:
    if not can(request.user, "post.flag_hide", post):
        raise PermissionDenied
    form = FlagHideForm(request.POST)
    if form.is_valid():
        try:
            services.post_flag_hide(
                post=post, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("It is hidden until a moderator reviews it. Thank you."))
            if isinstance(post, Reply) or can(request.user, Action.MODERATE, topic):
                return redirect(topic.get_absolute_url())
            return redirect("spaces:detail", topic.space.slug)
    return render(
        request, "forum/post_flag.html", {"form": form, "post": post, "topic": topic}, status=422
    )


@login_required
@require_POST
def topic_flag_hide(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    return _flag_hide(request, topic, topic)


@login_required
@require_POST
def reply_flag_hide(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = visible_reply(request, reply_id)
    return _flag_hide(request, reply, reply.topic)


def _history(request: HttpRequest, post: Topic | Reply, topic: Topic) -> HttpResponse:
    # Revisions may hold what an author took back: only the author and moderators read them.
    if not can(request.user, "post.see_history", post):
        raise Http404
    field = "topic" if isinstance(post, Topic) else "reply"
    revisions = Revision.objects.filter(**{field: post}).select_related("editor")
    return render(
        request,
        "forum/history.html",
        {"post": post, "topic": topic, "revisions": revisions},
    )


@login_required
def topic_history(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    return _history(request, topic, topic)


@login_required
def reply_history(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = visible_reply(request, reply_id)
    return _history(request, reply, reply.topic)
