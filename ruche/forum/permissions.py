"""Who may see, write and moderate topics and replies. A topic obeys its space everywhere."""

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

from .models import Reply, Topic, TopicKind


def _member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_moderate_space(user, space: Space) -> bool:
    return _member(user) and can(user, Action.MODERATE, space) and can_see(user, space)


@rule(Topic, Action.SEE)
def may_see_topic(user, topic: Topic) -> bool:
    if not can_see(user, topic.space):
        return False
    return not topic.is_deleted or may_moderate_space(user, topic.space)


@rule(Topic, Action.WRITE)
def may_reply_to_topic(user, topic: Topic) -> bool:
    """Write on a topic = reply to it (edits are ``may_edit_post``)."""
    if not _member(user) or topic.is_deleted or topic.space.is_archived:
        return False
    # A read-only space (announcements, resources) still takes replies from its readers.
    return can_see(user, topic.space)


@rule(Topic, Action.MODERATE)
def may_moderate_topic(user, topic: Topic) -> bool:
    return may_moderate_space(user, topic.space)


@rule(Reply, Action.SEE)
def may_see_reply(user, reply: Reply) -> bool:
    if not may_see_topic(user, reply.topic):
        return False
    return not reply.is_deleted or may_moderate_space(user, reply.topic.space)


@rule(Reply, Action.WRITE)
def may_write_reply(user, reply: Reply) -> bool:
    return may_edit_post(user, reply)


@rule(Reply, Action.MODERATE)
def may_moderate_reply(user, reply: Reply) -> bool:
    return may_moderate_space(user, reply.topic.space)


def may_start_topic(user, space: Space, kind: str) -> bool:
    if not _member(user) or not can(user, Action.SEE, space):
        return False
    if kind == TopicKind.IDEA:
        return False  # ideas are proposed through ruche.ideas, which creates their topic
    if kind == TopicKind.ARTICLE:
        if not (user.is_staff_member or user.has_role(Role.EXPERT)):
            return False
        # Experts write resource-centre articles, even where only staff start topics.
        return not space.is_archived
    return can(user, Action.WRITE, space)


def may_edit_post(user, post: Topic | Reply) -> bool:
    if not _member(user) or post.is_deleted:
        return False
    topic = post if isinstance(post, Topic) else post.topic
    if isinstance(post, Topic) and post.kind == TopicKind.IDEA:
        return False  # an idea is edited through ruche.ideas, which keeps its topic in step
    if not can_see(user, topic.space):
        return False
    return post.author_id == user.pk or may_moderate_space(user, topic.space)


def may_accept_answer(user, topic: Topic) -> bool:
    if not _member(user) or topic.kind != TopicKind.QUESTION or topic.is_deleted:
        return False
    if not can_see(user, topic.space):
        return False
    return topic.author_id == user.pk or user.is_staff_member


def may_see_history(user, post: Topic | Reply) -> bool:
    topic = post if isinstance(post, Topic) else post.topic
    return _member(user) and (post.author_id == user.pk or may_moderate_space(user, topic.space))


def may_escalate(user, topic: Topic) -> bool:
    if not _member(user) or topic.kind != TopicKind.QUESTION or topic.is_deleted:
        return False
    if not can_see(user, topic.space):
        return False
    return topic.author_id == user.pk or may_moderate_space(user, topic.space)


def may_retag_topic(user, topic: Topic) -> bool:
    """The author, and members whose level (or role) gives the retag ability."""
    if not _member(user) or topic.is_deleted or topic.kind == TopicKind.IDEA:
        return False
    return may_edit_post(user, topic) or has_ability(user, Ability.RETAG)


def may_move_topic(user, topic: Topic) -> bool:
    """Moderators of its space, and members whose level gives the move ability."""
    if not _member(user) or topic.is_deleted or topic.kind == TopicKind.IDEA:
        return False
    return may_moderate_space(user, topic.space) or has_ability(user, Ability.MOVE)


def move_destinations(user, topic: Topic, spaces) -> list[Space]:
    """Where ``user`` may move ``topic`` among ``spaces`` (those they see): spaces where they
    could start it; of the same visibility unless they moderate both ends."""
    moderates_here = may_moderate_space(user, topic.space)
    return [
        space
        for space in spaces
        if space.pk != topic.space_id
        and not space.is_archived
        and may_start_topic(user, space, topic.kind)
        and (
            space.visibility == topic.space.visibility
            or (moderates_here and may_moderate_space(user, space))
        )
    ]


def may_flag_post(user, post: Topic | Reply, *, flagger: bool) -> bool:
    """Show "Flag and hide" on ``post``: ``flagger`` is ``has_ability(user, FLAG_HIDE)``,
    computed once per page by the caller, so a page of replies asks it once."""
    return flagger and not post.is_deleted and post.author_id != user.pk


def may_work_support_queue(user) -> bool:
    return _member(user) and user.is_staff_member


def _visible_space_condition(user, prefix: str = "") -> Q:
    from ruche.spaces.selectors import visible_space_ids

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
