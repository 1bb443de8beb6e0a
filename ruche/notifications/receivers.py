"""Hear the forum's and ideas' events after they commit and tell members.

BRIDGE written by the "threads" helper so that its branch keeps working once the forum's signals
and the ideas' direct task calls are gone: the "listeners" helper owns this app and replaces this
module (take theirs at the merge). Each listener runs after commit, by the ledger's delivery task.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from ruche.core.events import listen
from ruche.forum import verbs as forum_verbs
from ruche.forum.services import product_managers_follow_their_areas
from ruche.ideas import tasks as idea_tasks
from ruche.ideas import verbs as idea_verbs
from ruche.products.models import ProductArea

from . import tasks


@listen(forum_verbs.TopicCreated, after_commit=True)
def on_topic_created(event: forum_verbs.TopicCreated) -> None:
    tasks.notify_topic_created(
        topic_id=event.target_id, actor_id=event.actor_id, mention_ids=list(event.mentions)
    )


@listen(idea_verbs.IdeaProposed, after_commit=True)
def on_idea_proposed(event: idea_verbs.IdeaProposed) -> None:
    # A new idea is told like a new topic (its thread shares its id) to the followers of its
    # space, tags and product area.
    tasks.notify_topic_created(topic_id=event.target_id, actor_id=event.actor_id, mention_ids=[])


@listen(forum_verbs.ReplyCreated, after_commit=True)
def on_reply_created(event: forum_verbs.ReplyCreated) -> None:
    tasks.notify_reply_created(
        reply_id=event.target_id, actor_id=event.actor_id, mention_ids=list(event.mentions)
    )


@listen(forum_verbs.LikeGiven, after_commit=True)
def on_post_liked(event: forum_verbs.LikeGiven) -> None:
    is_topic = event.target_model == "forum.topic"
    tasks.notify_post_liked(
        topic_id=event.target_id if is_topic else None,
        reply_id=None if is_topic else event.target_id,
        actor_id=event.actor_id,
    )


@listen(forum_verbs.AnswerAccepted, after_commit=True)
def on_answer_accepted(event: forum_verbs.AnswerAccepted) -> None:
    tasks.notify_answer_accepted(reply_id=event.target_id, actor_id=event.actor_id)


@listen(forum_verbs.Escalated, after_commit=True)
def on_topic_escalated(event: forum_verbs.Escalated) -> None:
    # An automatic escalation has no actor (the event names the asker, for the ledger).
    actor_id = None if event.reason == "automatic" else event.actor_id
    tasks.notify_topic_escalated(escalation_id=event.escalation, actor_id=actor_id)


@listen(idea_verbs.ThresholdReached, after_commit=True)
def on_threshold_reached(event: idea_verbs.ThresholdReached) -> None:
    idea_tasks.notify_threshold_reached(idea_id=event.target_id)


@listen(idea_verbs.ResponsePublished, after_commit=True)
def on_response_published(event: idea_verbs.ResponsePublished) -> None:
    idea_tasks.notify_response_published(response_id=event.response)


@listen(idea_verbs.IdeaReleased, after_commit=True)
def on_idea_released(event: idea_verbs.IdeaReleased) -> None:
    idea_tasks.notify_shipped(idea_id=event.target_id, release_id=event.release)


@listen(idea_verbs.IdeaMerged, after_commit=True)
def on_idea_merged(event: idea_verbs.IdeaMerged) -> None:
    idea_tasks.notify_merged(merge_id=event.merge)


@receiver(
    m2m_changed,
    sender=ProductArea.product_managers.through,
    dispatch_uid="notifications_product_managers_follow",
)
def on_product_managers_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Product managers follow their product areas by default, to hear of new topics there.
    (Until products emits ``ProductManagersChanged``, heard by ``ruche.forum.listeners``.)"""
    if action != "post_add":
        return
    areas = ProductArea.objects.filter(pk__in=pk_set or []) if reverse else [instance]
    for area in areas:
        product_managers_follow_their_areas(area=area)
