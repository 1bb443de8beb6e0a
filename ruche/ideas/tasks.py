"""Telling members about ideas, in Celery tasks queued after the write commits.

Deliveries reuse the notifications app: each event points at the idea's topic, so the page,
the e-mail and the permission check (a member hears only of what they may see) are the forum's.
Followers of the idea (everyone who liked it, unless they unfollowed) are told in batches.
"""

from __future__ import annotations

from celery import shared_task

from ruche.forum.models import FollowTarget
from ruche.notifications import services as notify
from ruche.notifications.models import NotificationKind
from ruche.notifications.services import Event

from .models import Idea, IdeaMerge, OfficialResponse


def _idea(pk: int) -> Idea | None:
    return (
        Idea.objects.select_related("topic", "topic__space", "topic__author", "product_area")
        .filter(pk=pk)
        .first()
    )


@shared_task(acks_late=True)
def tell_followers(
    *,
    idea_id: int,
    kind: str,
    group_key: str,
    actor_id: int | None = None,
    extra_ids: list[int] | None = None,
    data: dict | None = None,
    after_id: int = 0,
) -> int:
    """Tell one batch of the idea's followers (and, in the first batch, ``extra_ids``)."""
    idea = _idea(idea_id)
    if idea is None:
        return 0
    from ruche.accounts.models import User

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    event = Event(kind=kind, group_key=group_key, topic=idea.topic, actor=actor, data=data or {})
    size = notify.BATCH_SIZE
    batch = notify.followers_page(
        targets=[(FollowTarget.TOPIC.value, idea.pk)], after_id=after_id, size=size
    )
    recipients = list(batch)
    if after_id == 0 and extra_ids:
        recipients += extra_ids
    told = notify.deliver(event, recipients)
    if len(batch) == size:
        tell_followers.delay(
            idea_id=idea_id,
            kind=kind,
            group_key=group_key,
            actor_id=actor_id,
            data=data,
            after_id=batch[-1],
        )
    return len(told)


@shared_task(acks_late=True)
def notify_threshold_reached(*, idea_id: int) -> int:
    idea = _idea(idea_id)
    if idea is None:
        return 0
    managers = (
        list(idea.product_area.product_managers.values_list("pk", flat=True))
        if idea.product_area_id
        else []
    )
    return tell_followers(
        idea_id=idea_id,
        kind=NotificationKind.IDEA_THRESHOLD,
        group_key=f"idea-threshold:{idea_id}",
        extra_ids=managers,
    )


@shared_task(acks_late=True)
def notify_response_published(*, response_id: int) -> int:
    response = OfficialResponse.objects.filter(pk=response_id).first()
    if response is None:
        return 0
    return tell_followers(
        idea_id=response.idea_id,
        kind=NotificationKind.IDEA_RESPONSE,
        group_key=f"idea-response:{response.pk}",
        actor_id=response.author_id,
        data={"version": response.version, "excerpt": response.rationale[:2000]},
    )


@shared_task(acks_late=True)
def notify_shipped(*, idea_id: int, release_id: int) -> int:
    return tell_followers(
        idea_id=idea_id,
        kind=NotificationKind.IDEA_SHIPPED,
        group_key=f"idea-shipped:{idea_id}:{release_id}",
        data={"release": release_id},
    )


@shared_task(acks_late=True)
def notify_merged(*, merge_id: int) -> int:
    merge = IdeaMerge.objects.select_related("duplicate").filter(pk=merge_id).first()
    if merge is None:
        return 0
    idea = _idea(merge.duplicate_id)
    if idea is None:
        return 0
    event = Event(
        kind=NotificationKind.IDEA_MERGED,
        group_key=f"idea-merged:{merge.pk}",
        topic=idea.topic,
        actor=merge.merged_by,
        data={"original": merge.original_id},
    )
    return len(notify.deliver(event, [merge.duplicate.author_id]))
