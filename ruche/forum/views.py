"""The forum's web pages. Thin: reads go through the selectors, writes through the services.

A visitor gets a 404 for what they may not know exists (the selectors narrow to what they see)
and a 403 for a forbidden action on something they can see (the services raise it).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ruche.accounts.models import User
from ruche.accounts.roles import STAFF_ROLES
from ruche.core.cache import anonymous_page_cache
from ruche.core.fragments import attach_fragments
from ruche.core.http import is_htmx
from ruche.core.pagination import InvalidCursor
from ruche.core.permissions import (
    Ability,
    abilities_asked_together,
    can_write,
    has_ability,
    visible,
)
from ruche.products.models import ProductArea
from ruche.spaces.selectors import space_get, space_list

from . import selectors, services
from .forms import (
    FlagHideForm,
    ReplyEditForm,
    ReplyForm,
    TopicEditForm,
    TopicForm,
    TopicMoveForm,
    TopicRetagForm,
    apply_service_errors,
)
from .models import (
    Escalation,
    EscalationReason,
    EscalationState,
    Follow,
    FollowTarget,
    HelpfulVote,
    Reply,
    Revision,
    Tag,
    Topic,
    TopicKind,
)
from .permissions import (
    may_accept_answer,
    may_edit_post,
    may_escalate,
    may_flag_post,
    may_moderate_space,
    may_move_topic,
    may_retag_topic,
    may_see_history,
    may_start_topic,
    may_work_support_queue,
    move_destinations,
)
from .rendering import attach_topic_rows


def _is_following(user, target_type: str, target_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(member=user, target_type=target_type, target_id=target_id).exists()


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to the page the form came from when it is ours, else to ``fallback``."""
    target = request.POST.get("next") or request.headers.get("Referer") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


# --- Lists ------------------------------------------------------------------------------------


def _topic_list(
    request: HttpRequest,
    *,
    template: str,
    context: dict,
    space=None,
    tag: Tag | None = None,
    product_area: ProductArea | None = None,
) -> HttpResponse:
    order = request.GET.get("order", "latest")
    if order not in selectors.ORDERS:
        order = "latest"
    period = request.GET.get("period", "all")
    if period not in selectors.TOP_PERIODS:
        period = "all"
    kind = request.GET.get("kind", "")
    if kind not in TopicKind.values:
        kind = ""
    try:
        page = selectors.topic_list_page(
            viewer=request.user,
            order=order,
            period=period,
            space=space,
            tag=tag,
            product_area=product_area,
            kind=kind or None,
            cursor=request.GET.get("cursor"),
            size=settings.RUCHE["TOPICS_PER_PAGE"],
        )
    except InvalidCursor as exc:
        raise Http404 from exc
    attach_topic_rows(page.items)
    if is_htmx(request) and request.GET.get("cursor"):
        return render(request, "forum/_topic_rows.html", {"page": page})
    return render(
        request,
        template,
        {
            **context,
            "page": page,
            "order": order,
            "period": period,
            "kind": kind,
            "orders": [
                ("latest", _("Latest")),
                ("unanswered", _("Unanswered")),
                ("top", _("Top")),
            ],
            "periods": [
                ("week", _("Week")),
                ("month", _("Month")),
                ("year", _("Year")),
                ("all", _("All time")),
            ],
            "kinds": [c for c in TopicKind.choices if c[0] != TopicKind.IDEA],
        },
    )


@anonymous_page_cache
def topic_list(request: HttpRequest) -> HttpResponse:
    space = None
    if request.GET.get("space"):
        space = space_get(user=request.user, slug=request.GET["space"])
    return _topic_list(
        request,
        template="forum/topic_list.html",
        context={"space": space, "may_post": request.user.is_authenticated},
        space=space,
    )


@anonymous_page_cache
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return _topic_list(
        request,
        template="forum/tag_detail.html",
        context={
            "tag": tag,
            "follow_type": FollowTarget.TAG,
            "follow_id": tag.pk,
            "following": _is_following(request.user, FollowTarget.TAG, tag.pk),
        },
        tag=tag,
    )


@anonymous_page_cache
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(visible(request.user, ProductArea.objects.all()), slug=slug)
    return _topic_list(
        request,
        template="forum/area_detail.html",
        context={
            "area": area,
            "follow_type": FollowTarget.PRODUCT_AREA,
            "follow_id": area.pk,
            "following": _is_following(request.user, FollowTarget.PRODUCT_AREA, area.pk),
        },
        product_area=area,
    )


# --- Topic page -------------------------------------------------------------------------------


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
    if retag_form is None and may_retag_topic(user, topic):
        retag_form = TopicRetagForm(
            initial={"tags": ", ".join(tag.name for tag in topic.tags.all())}
        )
    if move_form is None and may_move_topic(user, topic):
        destinations = move_destinations(user, topic, space_list(user=user))
        if destinations:
            move_form = TopicMoveForm(user=user, destinations=destinations)
    return {"retag_form": retag_form, "move_form": move_form}


def _topic_context(
    request: HttpRequest, topic: Topic, reply_form: ReplyForm | None, **ability_forms
) -> dict:
    user = request.user
    try:
        page = selectors.reply_page(
            viewer=user,
            topic=topic,
            cursor=request.GET.get("cursor"),
            size=settings.RUCHE["REPLIES_PER_PAGE"],
            with_source=False,
        )
    except InvalidCursor as exc:
        raise Http404 from exc
    may_accept = may_accept_answer(user, topic)
    may_moderate = may_moderate_space(user, topic.space)
    _reply_heads(page.items, topic)
    # Asked once per page: each ask reads the member's level.
    flagger = has_ability(user, Ability.FLAG_HIDE)
    for reply in page.items:
        reply.may_flag = may_flag_post(user, reply, flagger=flagger)
        reply.topic = topic  # the rules below read reply.topic: no query per reply
        reply.may_edit = may_edit_post(user, reply)
        reply.may_see_history = may_see_history(user, reply)
        reply.may_accept = (
            may_accept
            and not reply.is_deleted
            and reply.author_id != topic.author_id
            and reply.pk != topic.accepted_reply_id
        )
    if reply_form is None and can_write(user, topic):
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
        "may_reply": can_write(user, topic),
        "may_edit": may_edit_post(user, topic),
        "may_moderate": may_moderate,
        "may_see_history": may_see_history(user, topic),
        "may_accept": may_accept,
        "may_escalate": may_escalate(user, topic) and escalation is None,
        "is_asker": user.is_authenticated and user.pk == topic.author_id,
        "escalation": escalation,
        "following": _is_following(user, FollowTarget.TOPIC, topic.pk),
        "helpful_vote": helpful_vote,
        "may_flag": may_flag_post(user, topic, flagger=flagger),
        **_ability_forms(request, topic, **ability_forms),
    }


@anonymous_page_cache
def topic_detail(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    if topic.kind == TopicKind.IDEA:
        return redirect(topic.get_absolute_url())  # an idea's comments live on its page
    with abilities_asked_together():  # retag, move, flag: the reader's level read once
        context = _topic_context(request, topic, None)
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
    context = _topic_context(request, topic, form)
    return render(request, "forum/topic_detail.html", context, status=422)


# --- New topic, similar questions, uploads ---------------------------------------------------


@login_required
def topic_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    data = request.POST if request.method == "POST" else None
    kind = (data or request.GET).get("kind", TopicKind.QUESTION)
    initial = {"kind": kind}
    if request.GET.get("space"):
        space = space_get(user=user, slug=request.GET["space"])
        initial["space"] = space.pk
        initial["product_area"] = space.product_area_id
    form = TopicForm(data, user=user, kind=kind, initial=initial)
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        try:
            topic = services.topic_create(
                author=user,
                space=cleaned["space"],
                kind=cleaned["kind"],
                title=cleaned["title"],
                body=cleaned["body"],
                product_area=cleaned["product_area"],
                tags=cleaned["tags"],
                summary=cleaned["summary"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied:
            form.add_error("space", _("You may not start this kind of topic in this space."))
        else:
            messages.success(request, _("Your topic was published."))
            return redirect(topic.get_absolute_url())
    return render(
        request,
        "forum/topic_form.html",
        {"form": form, "has_spaces": form.fields["space"].queryset.exists()},
        status=422 if data is not None else 200,
    )


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    title = request.GET.get("title", "").strip()[:200]
    topics = []
    if len(title) >= 4:
        try:
            # Written by the search engineer; the page must keep working until it lands.
            from ruche.search.selectors import similar_topics
        except ImportError:
            similar_topics = None
        if similar_topics is not None:
            topics = similar_topics(viewer=request.user, title=title, limit=5)
    return render(request, "forum/_similar.html", {"topics": topics, "title": title})


@require_POST
def upload(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("Sign in to upload pictures.")}, status=403)
    file = request.FILES.get("file")
    if file is None:
        return JsonResponse(
            {"detail": _("Choose a picture."), "errors": [{"field": "file", "reason": "required"}]},
            status=422,
        )
    try:
        stored = services.upload_image(uploader=request.user, upload=file)
    except ValidationError as exc:
        return JsonResponse(
            {
                "detail": " ".join(exc.messages),
                "errors": [
                    {"field": name, "reason": " ".join(errors)}
                    for name, errors in exc.message_dict.items()
                ],
            },
            status=422,
        )
    url = stored.file.url
    return JsonResponse({"url": url, "markdown": f"![]({url})"})


# --- Editing, deleting, history ---------------------------------------------------------------


def _visible_reply(request: HttpRequest, reply_id: int) -> Reply:
    return get_object_or_404(
        visible(request.user, Reply.objects.select_related("topic__space", "author")),
        pk=reply_id,
    )


@login_required
def topic_edit(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    if not may_edit_post(request.user, topic):
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
    reply = _visible_reply(request, reply_id)
    if not may_edit_post(request.user, reply):
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
    if may_moderate_space(request.user, topic.space):
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
    reply = _visible_reply(request, reply_id)
    services.reply_delete(reply=reply, actor=request.user)
    messages.success(request, _("The reply was deleted."))
    return redirect(reply.topic.get_absolute_url())


@login_required
@require_POST
def reply_restore(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = _visible_reply(request, reply_id)
    services.reply_restore(reply=reply, actor=request.user)
    messages.success(request, _("The reply was restored."))
    return redirect(reply.get_absolute_url())


# --- Abilities unlocked by level: retag, move, flag and hide --------------------------------------


def _topic_page_with_errors(request: HttpRequest, topic: Topic, **forms) -> HttpResponse:
    """The topic page again, the refused form bound (what was typed stays) with its errors."""
    with abilities_asked_together():  # after the write failed: nothing changed the level
        context = _topic_context(request, topic, None, **forms)
    return render(request, "forum/topic_detail.html", context, status=422)


@login_required
@require_POST
def topic_retag(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    if not may_retag_topic(request.user, topic):
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
    return _topic_page_with_errors(request, topic, retag_form=form)


@login_required
@require_POST
def topic_move(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    if not may_move_topic(request.user, topic):
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
    return _topic_page_with_errors(request, topic, move_form=form)


def _flag_hide(request: HttpRequest, post: Topic | Reply, topic: Topic) -> HttpResponse:
    if not may_flag_post(request.user, post, flagger=has_ability(request.user, Ability.FLAG_HIDE)):
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
            if isinstance(post, Reply) or may_moderate_space(request.user, topic.space):
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
    reply = _visible_reply(request, reply_id)
    return _flag_hide(request, reply, reply.topic)


def _history(request: HttpRequest, post: Topic | Reply, topic: Topic) -> HttpResponse:
    # Revisions may hold what an author took back: only the author and moderators read them.
    if not may_see_history(request.user, post):
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
    reply = _visible_reply(request, reply_id)
    return _history(request, reply, reply.topic)


# --- Likes, answers, follows, escalation, votes -----------------------------------------------


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
    return _back(request, post.get_absolute_url())


@require_POST
def topic_like(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = selectors.topic_get(viewer=request.user, topic_id=topic_id)
    return _like(request, topic)


@require_POST
def reply_like(request: HttpRequest, reply_id: int) -> HttpResponse:
    return _like(request, _visible_reply(request, reply_id))


@login_required
@require_POST
def answer_accept(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = _visible_reply(request, reply_id)
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
    return _back(request, reverse("forum:list"))


# --- Support queue ----------------------------------------------------------------------------


def _staff_agents():
    return (
        User.objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
        .distinct()
        .order_by("display_name", "id")
    )


def support_queue(request: HttpRequest) -> HttpResponse:
    if not may_work_support_queue(request.user):
        raise Http404
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # The embedded default runs no scheduler (no celery beat): escalate questions left
        # unanswered here, so the demo queue shows automatic escalations as production would.
        services.escalate_unanswered()
    state = request.GET.get("state", EscalationState.OPEN)
    if state not in EscalationState.values:
        state = EscalationState.OPEN
    mine = request.GET.get("mine") == "1"
    assigned_to = request.user if mine else None
    queue = selectors.escalation_queue(state=state, assigned_to=assigned_to)[:200]
    return render(
        request,
        "forum/support_queue.html",
        {
            "escalations": queue,
            "state": state,
            "states": EscalationState.choices,
            "mine": mine,
            "agents": list(_staff_agents()),
        },
    )


@require_POST
def support_update(request: HttpRequest, escalation_id: int) -> HttpResponse:
    if not may_work_support_queue(request.user):
        raise Http404
    escalation = get_object_or_404(Escalation, pk=escalation_id)
    try:
        if "take" in request.POST:
            services.escalation_assign(
                escalation=escalation, agent=request.user, actor=request.user
            )
        elif "agent" in request.POST:
            agent_id = request.POST.get("agent", "")
            agent = get_object_or_404(_staff_agents(), pk=agent_id) if agent_id else None
            services.escalation_assign(escalation=escalation, agent=agent, actor=request.user)
        if request.POST.get("state"):
            services.escalation_set_state(
                escalation=escalation, state=request.POST["state"], actor=request.user
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The support request was updated."))
    return _back(request, reverse("forum:support"))


def may_start_in(user, space) -> bool:
    """For the space page's "New topic" button: may this member start any topic here?"""
    return user.is_authenticated and may_start_topic(user, space, TopicKind.QUESTION)
