"""The topic page: the topic, its replies (a page at a time), the reply form and what the
reader may do (accept, escalate, retag, move, flag), and replying."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ruche.core.cache import anonymous_page_cache
from ruche.core.fragments import attach_fragments
from ruche.core.http import is_htmx
from ruche.core.pagination import InvalidCursor
from ruche.core.permissions import (
    Ability,
    Action,
    abilities_asked_together,
    can,
    has_ability,
    visible,
)
from ruche.spaces.selectors import space_list

from .. import selectors, services
from ..conf import REPLIES_PER_PAGE
from ..forms import ReplyForm, TopicMoveForm, TopicRetagForm, apply_service_errors
from ..models import Escalation, FollowTarget, HelpfulVote, Reply, Topic, TopicKind
from ..permissions import move_destinations
from .common import is_following


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines()) + "\n\n"


REPLY_HEAD_SECONDS = 600


def _reply_heads(replies: list[Reply], topic: Topic) -> None:
    """Each reply's author line, badges and text: the same for every reader, so cached. An
    author's new name or picture shows within ``REPLY_HEAD_SECONDS``."""
    attach_fragments(
        replies,
        attr="head_html",
        template="forum/_reply_head.html",
        key=lambda reply: (
            reply.pk,
            reply.edited_at.timestamp() if reply.edited_at else "",
            reply.is_deleted,
            reply.pk == topic.accepted_reply_id,
            reply.author_role,
            reply.parent_id or "",
        ),
        context=lambda reply: {"reply": reply, "topic": topic},
        seconds=REPLY_HEAD_SECONDS,
    )


def _ability_forms(
    request: HttpRequest,
    topic: Topic,
    retag_form: TopicRetagForm | None = None,
    move_form: TopicMoveForm | None = None,
) -> dict:
    """The retag and move forms, for those allowed only (bound ones keep what was typed)."""
    user = request.user
    if retag_form is None and can(user, "topic.retag", topic):
        retag_form = TopicRetagForm(
            initial={"tags": ", ".join(tag.name for tag in topic.tags.all())}
        )
    if move_form is None and can(user, "topic.move", topic):
        destinations = move_destinations(user, topic, space_list(user=user))
        if destinations:
            move_form = TopicMoveForm(user=user, destinations=destinations)
    return {"retag_form": retag_form, "move_form": move_form}


def topic_context(
    request: HttpRequest, topic: Topic, reply_form: ReplyForm | None, **ability_forms
) -> dict:
    user = request.user
    try:
        page = selectors.reply_page(
            viewer=user,
            topic=topic,
            cursor=request.GET.get("cursor"),
            size=REPLIES_PER_PAGE.value,
            with_source=False,
        )
    except InvalidCursor as exc:
        raise Http404 from exc
    may_accept = can(user, "topic.accept_answer", topic)
    may_moderate = can(user, Action.MODERATE, topic)
    _reply_heads(page.items, topic)
    # Asked once per page: each ask reads the member's level.
    flagger = has_ability(user, Ability.FLAG_HIDE)
    for reply in page.items:
        reply.topic = topic  # the rules below read reply.topic: no query per reply
        reply.may_flag = can(user, "post.flag_hide", reply, flagger=flagger)
        reply.may_edit = can(user, "post.edit", reply)
        reply.may_see_history = can(user, "post.see_history", reply)
        reply.may_accept = (
            may_accept
            and not reply.is_deleted
            and reply.author_id != topic.author_id
            and reply.pk != topic.accepted_reply_id
        )
    may_reply = can(user, Action.WRITE, topic)
    if reply_form is None and may_reply:
        initial = {}
        quote_id = request.GET.get("quote", "")
        if quote_id.isdigit():
            quoted = (
                visible(user, Reply.objects.filter(topic=topic, pk=int(quote_id)))
                .select_related("author")
                .first()
            )
            if quoted is not None:
                initial = {"body": _quoted(quoted.body), "parent": quoted.pk}
        elif request.GET.get("quote") == "topic":
            initial = {"body": _quoted(topic.body)}
        reply_to = request.GET.get("reply_to", "")
        if reply_to.isdigit():
            initial["parent"] = int(reply_to)
        reply_form = ReplyForm(initial=initial)
    escalation = Escalation.objects.filter(topic=topic).first() if topic.is_question else None
    helpful_vote = None
    if topic.kind == TopicKind.ARTICLE and user.is_authenticated:
        helpful_vote = (
            HelpfulVote.objects.filter(topic=topic, member=user)
            .values_list("helpful", flat=True)
            .first()
        )
    parent_id = (reply_form.initial.get("parent") if reply_form else None) or (
        reply_form.data.get("parent") if reply_form is not None and reply_form.is_bound else None
    )
    return {
        "topic": topic,
        "page": page,
        "reply_form": reply_form,
        "replying_to": next((r for r in page.items if str(r.pk) == str(parent_id)), None),
        "may_reply": may_reply,
        "may_edit": can(user, "post.edit", topic),
        "may_moderate": may_moderate,
        "may_see_history": can(user, "post.see_history", topic),
        "may_accept": may_accept,
        "may_escalate": can(user, "topic.escalate", topic) and escalation is None,
        "is_asker": user.is_authenticated and user.pk == topic.author_id,
        "escalation": escalation,
        "following": is_following(user, FollowTarget.TOPIC, topic.pk),
        "helpful_vote": helpful_vote,
        "may_flag": can(user, "post.flag_hide", topic, flagger=flagger),
        # What the thread's kind adds to the page (a hosted kind that keeps the forum's page).
        "kind_template": topic.thread_kind.page_template,
        **_ability_forms(request, topic, **ability_forms),
    }


@anonymous_page_cache
def topic_detail(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    if topic.thread_kind.redirect_to_host:
        return redirect(topic.get_absolute_url())  # its host's page shows the thread
    with abilities_asked_together():  # retag, move, flag: the reader's level read once
        context = topic_context(request, topic, None)
    if is_htmx(request) and request.GET.get("cursor"):
        return render(request, "forum/_reply_rows.html", context)
    return render(request, "forum/topic_detail.html", context)


@login_required
@require_POST
def reply_create(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_object_or_404(
                visible(request.user, Reply.objects.filter(topic=topic)),
                pk=form.cleaned_data["parent"],
            )
        try:
            reply = services.reply_create(
                author=request.user, topic=topic, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect(reply.get_absolute_url())
    context = topic_context(request, topic, form)
    return render(request, "forum/topic_detail.html", context, status=422)


def topic_page_with_errors(request: HttpRequest, topic: Topic, **forms) -> HttpResponse:
    """The topic page again, the refused form bound (what was typed stays) with its errors."""
    with abilities_asked_together():  # after the write failed: nothing changed the level
        context = topic_context(request, topic, None, **forms)
    return render(request, "forum/topic_detail.html", context, status=422)
