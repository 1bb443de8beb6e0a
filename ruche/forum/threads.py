"""The forum's public interface for discussion threads hosted by other apps.

An app that wants members to discuss one of its objects (an idea, and later an event, a beta
test, a survey, a support case) attaches a forum thread to it: the thread carries the comments
(Markdown, likes, mentions, edit history, moderation), its followers, and makes the object
findable in the community search. This module, with ``ruche.forum.verbs``, is all such an app
imports from the forum: never its models, services or private helpers, never a query of its
tables. The host's own database relation to its thread (``OneToOneField("forum.Topic")``) is
fine: a thread passed to these functions is that related object.

1. The host declares its **kind** of thread once, from its ``AppConfig.ready``::

       threads.register_kind(threads.ThreadKind(
           name="idea", label=_("Idea"), url=lambda topic: reverse("ideas:detail", ...),
           listed_in_forum=False, searchable=True, topic_likes=False, redirect_to_host=True))

   The kind is the thread's policy (see ``ruche.forum.kinds.ThreadKind``): where it is listed,
   whether search finds it, whether its opening post takes likes, may be retagged, moved or
   flagged, who may reply besides the forum's rules, which page shows it.
2. The host **creates, edits, moves, locks, hides and restores** its thread with the functions
   below, in its own transaction, after checking its own rules (these functions trust it and
   record no event of their own: the host emits its own, e.g. ``ideas.proposed``).
3. Members' **comments** go through ``comment`` (the forum's rules and its ``ReplyCreated``
   event), their follows through ``follow``; the host's page shows them with ``comments``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone

from ruche.core.markdown import plain_text, render_markdown
from ruche.core.permissions import Ability, Action, can, has_ability, visible

from . import kinds, selectors, services
from .conf import REPLIES_PER_PAGE
from .forms import MARKDOWN_HELP, ReplyForm, apply_service_errors, markdown_area, split_tags
from .kinds import ThreadKind
from .models import Follow, FollowTarget, Reply, Tag, Topic
from .services.posting import author_role, forget_anonymous_pages, reading_minutes, save_revision

__all__ = [
    "MARKDOWN_HELP",
    "CommentForm",
    "ThreadCounts",
    "ThreadKind",
    "ThreadMerge",
    "alive",
    "apply_service_errors",
    "comment",
    "comment_get",
    "comments",
    "counts",
    "create",
    "edit",
    "follow",
    "follower_ids",
    "hide",
    "is_following",
    "is_hidden",
    "kind_of",
    "lock",
    "markdown_area",
    "merge",
    "move",
    "register_kind",
    "restore",
    "split_tags",
    "tags_by_slug",
    "tags_from_names",
    "unfollow",
    "unlock",
    "unmerge",
    "unregister_kind",
    "url",
]


class CommentForm(ReplyForm):
    """A comment on a hosted thread is a forum reply: same form, same rules."""


# --- Kinds ----------------------------------------------------------------------------------


def register_kind(kind: ThreadKind) -> ThreadKind:
    """Declare the host's kind of thread (from its ``AppConfig.ready``)."""
    return kinds.register(kind)


def unregister_kind(name: str) -> None:
    kinds.unregister(name)


def kind_of(thread: Any) -> ThreadKind:
    return kinds.get(thread.kind)


def _require_hosted(kind: str) -> None:
    if not kinds.is_known(kind) or kinds.get(kind).startable_in_forum:
        raise ValueError(f"{kind!r} is not a registered hosted thread kind.")


# --- Creating and changing a thread -----------------------------------------------------------


def create(
    *,
    kind: str,
    space: Any,
    author: Any,
    title: str,
    body: str,
    summary: str | None = None,
    product_area: Any = None,
    tags: list[str] | None = None,
    language: str | None = None,
    created_at: datetime | None = None,
) -> Topic:
    """Open the thread of a host object. The author follows it (they hear of its comments).

    ``body`` is what search finds and feeds show (the host's text, in Markdown); ``summary``
    defaults to its first 300 characters of plain text. The host checked its own rules.
    """
    _require_hosted(kind)
    rendered = render_markdown(body)
    now = created_at or timezone.now()
    with transaction.atomic():
        thread = Topic.objects.create(
            space=space,
            kind=kind,
            title=title.strip(),
            author=author,
            author_role=author_role(author),
            product_area=product_area,
            body=body.strip(),
            body_html=rendered.html,
            summary=(plain_text(body)[:300] if summary is None else summary.strip()[:300]),
            language=language or author.language,
            reading_minutes=reading_minutes(body),
            toc=rendered.toc,
            created_at=now,
            last_activity_at=now,
        )
        if tags:
            thread.tags.set(tags_from_names(tags))
        services.follow_implied(
            member_id=author.pk, target_type=FollowTarget.TOPIC, target_id=thread.pk
        )
    return thread


_KEEP: Any = object()


def edit(
    *,
    thread: Topic,
    editor: Any,
    title: str | None = None,
    body: str | None = None,
    summary: str | None = None,
    product_area: Any = _KEEP,
    tags: list[str] | None = None,
    reason: str = "",
    edited_at: datetime | None = None,
) -> Topic:
    """Change the thread with its host object. A changed title or text keeps the previous one
    as a revision (the forum's edit history, which the thread's author and moderators read)."""
    with transaction.atomic():
        thread = Topic.objects.select_for_update().get(pk=thread.pk)
        new_title = thread.title if title is None else title.strip()
        new_body = thread.body if body is None else body.strip()
        if (new_title, new_body) != (thread.title, thread.body):
            save_revision(thread, editor, reason)
            rendered = render_markdown(new_body)
            thread.title = new_title
            thread.body = new_body
            thread.body_html = rendered.html
            thread.toc = rendered.toc
            thread.reading_minutes = reading_minutes(new_body)
            if summary is None:
                thread.summary = plain_text(new_body)[:300]
        if summary is not None:
            thread.summary = summary.strip()[:300]
        if product_area is not _KEEP:
            thread.product_area = product_area
        thread.edited_at = edited_at or timezone.now()
        thread.save()
        if tags is not None:
            thread.tags.set(tags_from_names(tags))
        forget_anonymous_pages()
    return thread


def move(*, thread: Topic, space: Any) -> Topic:
    """Move the thread (and so who may see it) to another space, with its host object."""
    with transaction.atomic():
        thread = Topic.objects.select_for_update().get(pk=thread.pk)
        if thread.space_id != space.pk:
            thread.space = space
            thread.save(update_fields=["space"])
            forget_anonymous_pages()
    return thread


def _set_locked(thread: Topic, locked: bool) -> Topic:
    Topic.objects.filter(pk=thread.pk).update(is_locked=locked)
    thread.is_locked = locked
    return thread


def lock(*, thread: Topic) -> Topic:
    """Make the thread read-only: replies are refused, saying the thread is locked."""
    return _set_locked(thread, True)


def unlock(*, thread: Topic) -> Topic:
    return _set_locked(thread, False)


def hide(*, thread: Topic, actor: Any) -> bool:
    """Soft-delete the thread with its host object: it leaves every list, search and count;
    moderators of its space still see it and the host may ``restore`` it. True if it was
    visible until now."""
    hidden = Topic.objects.filter(pk=thread.pk, is_deleted=False).update(
        is_deleted=True, deleted_at=timezone.now(), deleted_by=actor
    )
    thread.is_deleted = thread.is_deleted or bool(hidden)
    if hidden:
        forget_anonymous_pages()
    return bool(hidden)


def restore(*, thread: Topic, actor: Any) -> bool:
    """Bring a hidden thread back, with its comments. True if it was hidden until now."""
    restored = Topic.objects.filter(pk=thread.pk, is_deleted=True).update(
        is_deleted=False, deleted_at=None, deleted_by=None
    )
    if restored:
        thread.is_deleted = False
        forget_anonymous_pages()
    return bool(restored)


def is_hidden(thread: Topic) -> bool:
    return thread.is_deleted


def alive(relation: str) -> Q:
    """A filter of the host's rows whose thread (reached through ``relation``) is not hidden:
    ``Idea.objects.filter(threads.alive("topic"))``."""
    return Q(**{f"{relation}__is_deleted": False})


def url(thread: Topic) -> str:
    """The page that shows the thread (its host object's page, for a hosted kind)."""
    return thread.get_absolute_url()


# --- Tags -------------------------------------------------------------------------------------


def tags_from_names(names: list[str]) -> list[Tag]:
    """The forum's tags of these names (created when new), for the host's own tag relation."""
    return services.tags_from_names(names)


def tags_by_slug() -> QuerySet[Tag]:
    """Tags in the order pages show them (for a host's ``Prefetch``)."""
    return Tag.objects.order_by("slug")


# --- Counts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadCounts:
    replies: int  # visible replies
    likes: int  # likes of the opening post and of its visible replies
    followers: int


def counts(thread: Topic) -> ThreadCounts:
    row = Topic.objects.values("reply_count", "like_count").get(pk=thread.pk)
    reply_likes = Reply.objects.filter(topic_id=thread.pk, is_deleted=False).aggregate(
        total=Sum("like_count")
    )["total"]
    return ThreadCounts(
        replies=row["reply_count"],
        likes=row["like_count"] + (reply_likes or 0),
        followers=Follow.objects.filter(
            target_type=FollowTarget.TOPIC, target_id=thread.pk
        ).count(),
    )


# --- Followers --------------------------------------------------------------------------------


def follow(*, thread: Topic, member: Any, implied: bool = False) -> bool:
    """The member follows the thread (hears of its comments and of the host's news).

    ``implied``: the follow comes with another action of the member (liking an idea), not as a
    choice of its own: it is not recorded in the ledger. True if the member did not follow it.
    """
    if implied:
        return services.follow_implied(
            member_id=member.pk, target_type=FollowTarget.TOPIC, target_id=thread.pk
        )
    return services.follow_add(member=member, target_type=FollowTarget.TOPIC, target_id=thread.pk)


def unfollow(*, thread: Topic, member: Any) -> bool:
    return services.follow_remove(
        member=member, target_type=FollowTarget.TOPIC, target_id=thread.pk
    )


def is_following(member: Any, thread: Topic) -> bool:
    if not member.is_authenticated:
        return False
    return Follow.objects.filter(
        member=member, target_type=FollowTarget.TOPIC, target_id=thread.pk
    ).exists()


def follower_ids(thread: Topic) -> list[int]:
    return list(
        Follow.objects.filter(target_type=FollowTarget.TOPIC, target_id=thread.pk)
        .order_by("member_id")
        .values_list("member_id", flat=True)
    )


# --- Merging two threads (duplicates) ---------------------------------------------------------


@dataclass(frozen=True)
class ThreadMerge:
    """What ``merge`` moved, for ``unmerge`` (hosts keep it with their own merge record)."""

    moved_reply_ids: list[int] = field(default_factory=list)
    added_follow_ids: list[int] = field(default_factory=list)


def _move_replies(reply_ids: list[int], *, from_thread: int, to_thread: int) -> None:
    if not reply_ids:
        return
    moved = Reply.objects.filter(pk__in=reply_ids, topic_id=from_thread)
    alive_count = moved.filter(is_deleted=False).count()
    moved.update(topic_id=to_thread)
    Topic.objects.filter(pk=from_thread).update(reply_count=F("reply_count") - alive_count)
    Topic.objects.filter(pk=to_thread).update(reply_count=F("reply_count") + alive_count)


def merge(*, source: Topic, into: Topic) -> ThreadMerge:
    """Move ``source``'s comments into ``into``, whose followers gain ``source``'s (a member
    follows once). Call it in the host's transaction; ``unmerge`` undoes it exactly."""
    following = set(
        Follow.objects.filter(target_type=FollowTarget.TOPIC, target_id=into.pk).values_list(
            "member_id", flat=True
        )
    )
    new_follows = [
        Follow(member_id=member_id, target_type=FollowTarget.TOPIC, target_id=into.pk)
        for member_id in Follow.objects.filter(
            target_type=FollowTarget.TOPIC, target_id=source.pk
        ).values_list("member_id", flat=True)
        if member_id not in following
    ]
    Follow.objects.bulk_create(new_follows)
    added_follow_ids = list(
        Follow.objects.filter(
            target_type=FollowTarget.TOPIC,
            target_id=into.pk,
            member_id__in=[f.member_id for f in new_follows],
        ).values_list("pk", flat=True)
    )
    reply_ids = list(Reply.objects.filter(topic_id=source.pk).values_list("pk", flat=True))
    _move_replies(reply_ids, from_thread=source.pk, to_thread=into.pk)
    forget_anonymous_pages()
    return ThreadMerge(moved_reply_ids=reply_ids, added_follow_ids=added_follow_ids)


def unmerge(*, source: Topic, into: Topic, merged: ThreadMerge) -> None:
    """Undo ``merge``: the follows it added go, the comments return to ``source``."""
    Follow.objects.filter(pk__in=merged.added_follow_ids).delete()
    _move_replies(merged.moved_reply_ids, from_thread=into.pk, to_thread=source.pk)
    forget_anonymous_pages()


# --- Comments ---------------------------------------------------------------------------------


def comment(*, thread: Topic, author: Any, body: str, parent: Reply | None = None) -> Reply:
    """A member's comment: a forum reply, with the forum's rules (its kind's ``may_reply``,
    a locked thread refused), mentions and ``ReplyCreated`` event."""
    return services.reply_create(author=author, topic=thread, body=body, parent=parent)


def comment_get(*, viewer: Any, thread: Topic, comment_id: int) -> Reply | None:
    """A comment of this thread the viewer may see (the one they answer), or None."""
    return (
        visible(viewer, Reply.objects.filter(topic_id=thread.pk, pk=comment_id))
        .select_related("author")
        .first()
    )


def comments(
    *, viewer: Any, thread: Topic, cursor: str | None = None, size: int | None = None
) -> dict[str, Any]:
    """What the forum's comment list (``forum/_reply_rows.html``) needs on the host's page: the
    page of comments with what the viewer may do on each, whether they may reply and moderate.

    Raises ``ruche.core.pagination.InvalidCursor`` for a cursor that is not one.
    """
    page = selectors.reply_page(
        viewer=viewer,
        topic=thread,
        cursor=cursor,
        size=size or REPLIES_PER_PAGE.value,
        with_source=False,
    )
    flagger = has_ability(viewer, Ability.FLAG_HIDE)  # once per page: each ask reads the level
    for reply in page.items:
        reply.topic = thread  # the rules below read reply.topic: no query per reply
        reply.may_edit = can(viewer, "post.edit", reply)
        reply.may_see_history = can(viewer, "post.see_history", reply)
        reply.may_flag = can(viewer, "post.flag_hide", reply, flagger=flagger)
        reply.may_accept = False
    return {
        "page": page,
        "may_reply": can(viewer, Action.WRITE, thread),
        "may_moderate": can(viewer, Action.MODERATE, thread),
    }
