"""Listen to the forum (its signals are sent after commit) and hand the work to Celery tasks."""

from __future__ import annotations

import logging

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from ruche.forum import signals
from ruche.forum.models import Topic
from ruche.forum.services import product_managers_follow_their_areas
from ruche.products.models import ProductArea

from . import tasks

logger = logging.getLogger(__name__)


def _pk(user) -> int | None:
    return user.pk if user is not None else None


def _enqueue(task, **kwargs) -> None:
    """Queue a task; the post is already saved, so a failure to notify must not fail the page."""
    try:
        task.delay(**kwargs)
    except Exception:
        logger.exception("Could not notify about %s %s", task.name, kwargs)


@receiver(signals.topic_created, dispatch_uid="notifications_topic_created")
def on_topic_created(sender, topic, actor, mentions=(), **kwargs) -> None:
    _enqueue(
        tasks.notify_topic_created,
        topic_id=topic.pk,
        actor_id=_pk(actor),
        mention_ids=[m.pk for m in mentions],
    )


@receiver(signals.reply_created, dispatch_uid="notifications_reply_created")
def on_reply_created(sender, reply, actor, mentions=(), **kwargs) -> None:
    _enqueue(
        tasks.notify_reply_created,
        reply_id=reply.pk,
        actor_id=_pk(actor),
        mention_ids=[m.pk for m in mentions],
    )


@receiver(signals.post_liked, dispatch_uid="notifications_post_liked")
def on_post_liked(sender, post, actor, **kwargs) -> None:
    is_topic = isinstance(post, Topic)
    _enqueue(
        tasks.notify_post_liked,
        topic_id=post.pk if is_topic else None,
        reply_id=None if is_topic else post.pk,
        actor_id=_pk(actor),
    )


@receiver(signals.answer_accepted, dispatch_uid="notifications_answer_accepted")
def on_answer_accepted(sender, topic, reply, actor, **kwargs) -> None:
    _enqueue(tasks.notify_answer_accepted, reply_id=reply.pk, actor_id=_pk(actor))


@receiver(signals.topic_escalated, dispatch_uid="notifications_topic_escalated")
def on_topic_escalated(sender, escalation, actor=None, **kwargs) -> None:
    _enqueue(tasks.notify_topic_escalated, escalation_id=escalation.pk, actor_id=_pk(actor))


@receiver(
    m2m_changed,
    sender=ProductArea.product_managers.through,
    dispatch_uid="notifications_product_managers_follow",
)
def on_product_managers_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Product managers follow their product areas by default, to hear of new topics there."""
    if action != "post_add":
        return
    areas = ProductArea.objects.filter(pk__in=pk_set or []) if reverse else [instance]
    for area in areas:
        product_managers_follow_their_areas(area=area)
