"""Who may see, write and moderate topics and replies, and every named action of the forum.

A topic obeys its space everywhere; what a thread of a hosted kind allows (likes, retagging,
moving, flagging, replying) is its kind's policy (``ruche.forum.kinds``), declared by its host.
Each rule is registered under its name (``topic.retag``, ``post.edit``, ``space.start_topic``…)
with, where a list depends on it, its queryset filter beside it; pages, the API and services ask
``can`` / ``check`` / ``visible`` from ``ruche.core.permissions``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruche.accounts.roles import Role
from ruche.core.permissions import (
    Ability,
    Action,
    can,
    can_see,
    has_ability,
    queryset_filter,
    rule,
)
from ruche.spaces.models import Space
from ruche.spaces.selectors import visible_space_ids

from . import kinds
from .models import Reply, Topic, TopicKind


def _member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def moderates_space(user, space: Space) -> bool:
    """Moderators of the space, community managers and administrators (the spaces' rule)."""
    return _member(user) and can(user, Action.MODERATE, space) and can_see(user, space)


def _topic_of(post: Topic | Reply) -> Topic:
    return post if isinstance(post, Topic) else post.topic


# --- Seeing, replying, moderating ---------------------------------------------------------------


@rule(Topic, Action.SEE)
def may_see_topic(user, topic: Topic) -> bool:
    if not can_see(user, topic.space):
        return False
    return not topic.is_deleted or moderates_space(user, topic.space)


@rule(Topic, "topic.reply")
@rule(Topic, Action.WRITE)
def may_reply_to_topic(user, topic: Topic) -> bool:
    """Write on a topic = reply to it (edits are ``post.edit``)."""
    if not _member(user) or topic.is_deleted or topic.is_locked or topic.space.is_archived:
        return False
    # A read-only space (announcements, resources) still takes replies from its readers.
    if not can_see(user, topic.space):
        return False
    extra = topic.thread_kind.may_reply
    return extra is None or bool(extra(user, topic))


@rule(Topic, Action.MODERATE)
def may_moderate_topic(user, topic: Topic) -> bool:
    return moderates_space(user, topic.space)


@rule(Reply, Action.SEE)
def may_see_reply(user, reply: Reply) -> bool:
    if not may_see_topic(user, reply.topic):
        return False
    return not reply.is_deleted or moderates_space(user, reply.topic.space)


@rule(Reply, Action.MODERATE)
def may_moderate_reply(user, reply: Reply) -> bool:
    return moderates_space(user, reply.topic.space)


# --- Starting, editing, restoring -------------------------------------------------------------


@rule(Space, "space.start_topic")
def may_start_topic(user, space: Space, kind: str = TopicKind.QUESTION) -> bool:
    """Start a topic of ``kind`` in ``space`` from the forum (hosted kinds are started by their
    host app through ``ruche.forum.threads``)."""
    if not _member(user) or not can(user, Action.SEE, space):
        return False
    if not kinds.get(kind).startable_in_forum:
        return False
    if kind == TopicKind.ARTICLE:
        if not (user.is_staff_member or user.has_role(Role.EXPERT)):
            return False
        # Experts write resource-centre articles, even where only staff start topics.
        return not space.is_archived
    return can(user, Action.WRITE, space)


@rule(Topic, "post.edit")
@rule(Reply, "post.edit")
@rule(Reply, Action.WRITE)
def may_edit_post(user, post: Topic | Reply) -> bool:
    """Edit or delete a post: its author and the space's moderators. A hosted thread's opening
    post is edited through its host, which keeps its own object in step."""
    if not _member(user) or post.is_deleted:
        return False
    topic = _topic_of(post)
    if isinstance(post, Topic) and not post.thread_kind.editable_in_forum:
        return False
    if not can_see(user, topic.space):
        return False
    return post.author_id == user.pk or moderates_space(user, topic.space)


@rule(Topic, "post.restore")
@rule(Reply, "post.restore")
def may_restore_post(user, post: Topic | Reply) -> bool:
    if isinstance(post, Topic) and not post.thread_kind.editable_in_forum:
        return False  # its host restores it, with its own object
    return moderates_space(user, _topic_of(post).space)


@rule(Topic, "post.see_history")
@rule(Reply, "post.see_history")
def may_see_history(user, post: Topic | Reply) -> bool:
    # Revisions may hold what an author took back: only the author and moderators read them.
    topic = _topic_of(post)
    return _member(user) and (post.author_id == user.pk or moderates_space(user, topic.space))


# --- Questions: answers and escalation to support ---------------------------------------------


@rule(Topic, "topic.accept_answer")
def may_accept_answer(user, topic: Topic) -> bool:
    if not _member(user) or topic.kind != TopicKind.QUESTION or topic.is_deleted:
        return False
    if not can_see(user, topic.space):
        return False
    return topic.author_id == user.pk or user.is_staff_member


@rule(Topic, "topic.escalate")
def may_escalate(user, topic: Topic) -> bool:
    if not _member(user) or topic.kind != TopicKind.QUESTION or topic.is_deleted:
        return False
    if not can_see(user, topic.space):
        return False
    return topic.author_id == user.pk or moderates_space(user, topic.space)


@rule(None, "support_queue.work")
def may_work_support_queue(user) -> bool:
    return _member(user) and user.is_staff_member


# --- Abilities unlocked by level: retag, move, flag and hide ----------------------------------


@rule(Topic, "topic.retag")
def may_retag_topic(user, topic: Topic) -> bool:
    """The author, and members whose level (or role) gives the retag ability."""
    if not _member(user) or topic.is_deleted or not topic.thread_kind.retaggable:
        return False
    return may_edit_post(user, topic) or has_ability(user, Ability.RETAG)


@rule(Topic, "topic.move")
def may_move_topic(user, topic: Topic) -> bool:
    """Moderators of its space, and members whose level gives the move ability."""
    if not _member(user) or topic.is_deleted or not topic.thread_kind.movable:
        return False
    return moderates_space(user, topic.space) or has_ability(user, Ability.MOVE)


def move_destinations(user, topic: Topic, spaces) -> list[Space]:
    """Where ``user`` may move ``topic`` among ``spaces`` (those they see): spaces where they
    could start it; of the same visibility unless they moderate both ends."""
    moderates_here = moderates_space(user, topic.space)
    return [
        space
        for space in spaces
        if space.pk != topic.space_id
        and not space.is_archived
        and may_start_topic(user, space, kind=topic.kind)
        and (
            space.visibility == topic.space.visibility
            or (moderates_here and moderates_space(user, space))
        )
    ]


@rule(Topic, "post.flag_hide")
@rule(Reply, "post.flag_hide")
def may_flag_post(user, post: Topic | Reply, *, flagger: bool | None = None) -> bool:
    """Flag and hide ``post`` pending moderation. ``flagger`` is ``has_ability(user, FLAG_HIDE)``
    when the caller computed it once for a page of replies (each ask reads the member's level)."""
    if not _member(user) or post.is_deleted or post.author_id == user.pk:
        return False
    if isinstance(post, Topic) and not post.thread_kind.flaggable:
        return False
    if flagger is None:
        flagger = has_ability(user, Ability.FLAG_HIDE)
    return flagger


# --- Lists --------------------------------------------------------------------------------------


def _visible_space_condition(user, prefix: str = "") -> Q:
    return Q(**{f"{prefix}space_id__in": visible_space_ids(user)})


def _moderated_condition(user, prefix: str = "") -> Q:
    if not _member(user):
        return Q(pk__in=[])
    if user.is_moderator:
        return Q(pk__isnull=False)  # always true (an empty Q() would vanish in an OR)
    return Q(**{f"{prefix}space_id__in": list(user.moderated_space_ids)})


@queryset_filter(Topic)
def visible_topics(user, queryset: QuerySet[Topic]) -> QuerySet[Topic]:
    condition = _visible_space_condition(user)
    alive = Q(is_deleted=False)
    if _member(user):
        alive |= _moderated_condition(user)
    return queryset.filter(condition & alive)


@queryset_filter(Reply)
def visible_replies(user, queryset: QuerySet[Reply]) -> QuerySet[Reply]:
    condition = _visible_space_condition(user, "topic__")
    alive = Q(is_deleted=False, topic__is_deleted=False)
    if _member(user):
        alive |= _moderated_condition(user, "topic__")
    return queryset.filter(condition & alive)
