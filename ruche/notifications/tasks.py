"""Background work of notifications: each forum event is told in a Celery task, followers in
batches (a space may have thousands of them), so posting never waits for the fan-out."""

from __future__ import annotations

from celery import shared_task

from ruche.accounts.models import User
from ruche.forum.models import Escalation, FollowTarget, Reply, Topic

from . import services
from .models import NotificationKind
from .services import Event


def _user(pk: int | None) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


def _topic(pk: int) -> Topic | None:
    return Topic.objects.select_related("space", "author").filter(pk=pk).first()


def _reply(pk: int) -> Reply | None:
    return Reply.objects.select_related("topic__space", "author", "parent").filter(pk=pk).first()


@shared_task(acks_late=True)
def notify_topic_created(*, topic_id: int, actor_id: int, mention_ids: list[int]) -> None:
    topic = _topic(topic_id)
    if topic is None:
        return
    actor = _user(actor_id)
    key = f"topic:{topic.pk}"
    told = services.deliver(
        Event(kind=NotificationKind.MENTION, group_key=key, topic=topic, actor=actor), mention_ids
    )
    fan_out_followers.delay(
        kind=NotificationKind.NEW_TOPIC,
        topic_id=topic.pk,
        reply_id=None,
        actor_id=actor_id,
        exclude_ids=told,
    )


@shared_task(acks_late=True)
def notify_reply_created(*, reply_id: int, actor_id: int, mention_ids: list[int]) -> None:
    reply = _reply(reply_id)
    if reply is None:
        return
    actor = _user(actor_id)
    key = f"reply:{reply.pk}"
    told = services.deliver(
        Event(
            kind=NotificationKind.MENTION,
            group_key=key,
            topic=reply.topic,
            reply=reply,
            actor=actor,
        ),
        mention_ids,
    )
    if reply.parent_id and reply.parent.author_id not in told:
        # Whoever wrote the reply being answered hears of it, following the topic or not.
        told += services.deliver(
            Event(
                kind=NotificationKind.REPLY,
                group_key=key,
                topic=reply.topic,
                reply=reply,
                actor=actor,
            ),
            [reply.parent.author_id],
        )
    fan_out_followers.delay(
        kind=NotificationKind.REPLY,
        topic_id=reply.topic_id,
        reply_id=reply.pk,
        actor_id=actor_id,
        exclude_ids=told,
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
    topic = _topic(topic_id)
    reply = _reply(reply_id) if reply_id else None
    if topic is None or (reply_id and reply is None):
        return 0
    if kind == NotificationKind.REPLY:
        targets = [(FollowTarget.TOPIC.value, topic.pk)]
        key = f"reply:{reply_id}"
    else:
        targets = services.topic_follow_targets(topic)
        key = f"topic:{topic.pk}"
    size = services.BATCH_SIZE
    batch = services.followers_page(targets=targets, after_id=after_id, size=size)
    if not batch:
        return 0
    excluded = set(exclude_ids)
    event = Event(kind=kind, group_key=key, topic=topic, reply=reply, actor=_user(actor_id))
    told = services.deliver(event, [pk for pk in batch if pk not in excluded])
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
def notify_post_liked(*, topic_id: int | None, reply_id: int | None, actor_id: int) -> None:
    post = _topic(topic_id) if topic_id else _reply(reply_id)
    actor = _user(actor_id)
    if post is None or actor is None:
        return
    services.deliver_like(post=post, actor=actor)


@shared_task(acks_late=True)
def notify_answer_accepted(*, reply_id: int, actor_id: int) -> None:
    reply = _reply(reply_id)
    if reply is None:
        return
    event = Event(
        kind=NotificationKind.ACCEPTED,
        group_key=f"accepted:{reply.pk}",
        topic=reply.topic,
        reply=reply,
        actor=_user(actor_id),
    )
    services.deliver(event, [reply.author_id])


@shared_task(acks_late=True)
def notify_topic_escalated(*, escalation_id: int, actor_id: int | None) -> None:
    escalation = Escalation.objects.select_related("topic__space").filter(pk=escalation_id).first()
    if escalation is None:
        return
    event = Event(
        kind=NotificationKind.ESCALATION,
        group_key=f"escalation:{escalation.pk}",
        topic=escalation.topic,
        actor=_user(actor_id),
        data={"reason": escalation.reason},
    )
    services.deliver(event, services.support_agent_ids())
