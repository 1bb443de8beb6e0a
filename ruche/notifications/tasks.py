"""Background work of notifications: followers told in batches (a space may have thousands of
them), each batch a Celery task that queues the next, so an action never waits for its fan-out."""

from __future__ import annotations

from celery import shared_task

from ruche.accounts.models import User
from ruche.forum.models import FollowTarget, Reply, Topic
from ruche.ideas.models import Idea

from . import services
from .models import NotificationKind
from .texts import Notice


def user(pk: int | None) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


def topic(pk: int | None) -> Topic | None:
    if not pk:
        return None
    return Topic.objects.select_related("space", "author").filter(pk=pk).first()


def reply(pk: int | None) -> Reply | None:
    if not pk:
        return None
    return Reply.objects.select_related("topic__space", "author", "parent").filter(pk=pk).first()


def idea(pk: int | None) -> Idea | None:
    if not pk:
        return None
    return (
        Idea.objects.select_related("topic", "topic__space", "topic__author", "product_area")
        .filter(pk=pk)
        .first()
    )


@shared_task(acks_late=True)
def fan_out_followers(
    *,
    kind: str,
    topic_id: int,
    reply_id: int | None,
    actor_id: int | None,
    exclude_ids: list[int],
    after_id: int = 0,
) -> int:
    """Tell one batch of followers, then queue the next batch. Returns how many were told.

    Replies go to the followers of their topic (its author follows it from the start); new topics
    to the followers of its space, tags and product area.
    """
    told_of = topic(topic_id)
    answer = reply(reply_id) if reply_id else None
    if told_of is None or (reply_id and answer is None):
        return 0
    if kind == NotificationKind.REPLY:
        targets = [(FollowTarget.TOPIC.value, told_of.pk)]
        key = f"reply:{reply_id}"
    else:
        targets = services.topic_follow_targets(told_of)
        key = f"topic:{told_of.pk}"
    size = services.BATCH_SIZE
    batch = services.followers_page(targets=targets, after_id=after_id, size=size)
    if not batch:
        return 0
    excluded = set(exclude_ids)
    notice = Notice(kind=kind, group_key=key, topic=told_of, reply=answer, actor=user(actor_id))
    told = services.deliver(notice, [pk for pk in batch if pk not in excluded])
    if len(batch) == size:
        fan_out_followers.delay(
            kind=kind,
            topic_id=topic_id,
            reply_id=reply_id,
            actor_id=actor_id,
            exclude_ids=exclude_ids,
            after_id=batch[-1],
        )
    return len(told)


@shared_task(acks_late=True)
def fan_out_idea_followers(
    *,
    idea_id: int,
    kind: str,
    group_key: str,
    actor_id: int | None = None,
    extra_ids: list[int] | None = None,
    data: dict | None = None,
    after_id: int = 0,
) -> int:
    """Tell one batch of the idea's followers (everyone who liked it, unless they unfollowed;
    and, in the first batch, ``extra_ids``), then queue the next batch.

    Each notice points at the idea's topic: the page, the e-mail and the permission check (a
    member hears only of what they may see) are the forum's.
    """
    about = idea(idea_id)
    if about is None:
        return 0
    notice = Notice(
        kind=kind, group_key=group_key, topic=about.topic, actor=user(actor_id), data=data or {}
    )
    size = services.BATCH_SIZE
    batch = services.followers_page(
        targets=[(FollowTarget.TOPIC.value, about.pk)], after_id=after_id, size=size
    )
    recipients = list(batch)
    if after_id == 0 and extra_ids:
        recipients += extra_ids
    told = services.deliver(notice, recipients)
    if len(batch) == size:
        fan_out_idea_followers.delay(
            idea_id=idea_id,
            kind=kind,
            group_key=group_key,
            actor_id=actor_id,
            data=data,
            after_id=batch[-1],
        )
    return len(told)
