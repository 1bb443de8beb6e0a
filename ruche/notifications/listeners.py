"""Who is told of what: after-commit listeners of the events of the apps below.

Each listener runs once per ledger row (the ledger's deliveries keep track) in a background task,
after the action committed; a failure is recorded and retried, and the action stays done.
``services.deliver`` applies the rules every notice obeys: never to the actor, never about content
the recipient may not see, never twice while unread, as each recipient chose (in the community,
by e-mail in their language, or off). Followers are told in batches by ``tasks``.
"""

from __future__ import annotations

from django.urls import reverse

from ruche.accounts import verbs as account_verbs
from ruche.core.events import listen
from ruche.forum import verbs as forum_verbs
from ruche.forum.models import Escalation, Reply, Topic
from ruche.ideas import verbs as idea_verbs
from ruche.ideas.models import IdeaMerge, OfficialResponse
from ruche.recognition import verbs as recognition_verbs
from ruche.recognition.models import Badge, Challenge

from . import services, tasks
from .models import NotificationKind
from .texts import Notice

# --- The forum ------------------------------------------------------------------------------


@listen(forum_verbs.TopicCreated, after_commit=True)
def on_topic_created(event: forum_verbs.TopicCreated) -> None:
    """The members mentioned, then the followers of its space, tags and product area."""
    topic = tasks.topic(event.target_id)
    if topic is None:
        return
    told = services.deliver(
        Notice(
            kind=NotificationKind.MENTION,
            group_key=f"topic:{topic.pk}",
            topic=topic,
            actor=tasks.user(event.actor_id),
        ),
        event.mentions or [],
    )
    tasks.fan_out_followers.delay(
        kind=NotificationKind.NEW_TOPIC,
        topic_id=topic.pk,
        reply_id=None,
        actor_id=event.actor_id,
        exclude_ids=told,
    )


@listen(forum_verbs.ReplyCreated, after_commit=True)
def on_reply_created(event: forum_verbs.ReplyCreated) -> None:
    """The members mentioned, the author of the reply answered, then the topic's followers."""
    reply = tasks.reply(event.target_id)
    if reply is None:
        return
    actor = tasks.user(event.actor_id)
    key = f"reply:{reply.pk}"
    told = services.deliver(
        Notice(
            kind=NotificationKind.MENTION,
            group_key=key,
            topic=reply.topic,
            reply=reply,
            actor=actor,
        ),
        event.mentions or [],
    )
    if reply.parent_id and reply.parent.author_id not in told:
        # Whoever wrote the reply being answered hears of it, following the topic or not.
        told += services.deliver(
            Notice(
                kind=NotificationKind.REPLY,
                group_key=key,
                topic=reply.topic,
                reply=reply,
                actor=actor,
            ),
            [reply.parent.author_id],
        )
    tasks.fan_out_followers.delay(
        kind=NotificationKind.REPLY,
        topic_id=reply.topic_id,
        reply_id=reply.pk,
        actor_id=event.actor_id,
        exclude_ids=told,
    )


@listen(forum_verbs.LikeGiven, after_commit=True)
def on_like_given(event: forum_verbs.LikeGiven) -> None:
    """The post's author, in one notification per post while unread ("Anna and 4 others")."""
    if event.target_model == Topic._meta.label_lower:
        post = tasks.topic(event.target_id)
    elif event.target_model == Reply._meta.label_lower:
        post = tasks.reply(event.target_id)
    else:
        return
    actor = tasks.user(event.actor_id)
    if post is None or actor is None:
        return
    services.deliver_like(post=post, actor=actor)


@listen(forum_verbs.AnswerAccepted, after_commit=True)
def on_answer_accepted(event: forum_verbs.AnswerAccepted) -> None:
    """The author of the accepted reply."""
    reply = tasks.reply(event.target_id)
    if reply is None:
        return
    notice = Notice(
        kind=NotificationKind.ACCEPTED,
        group_key=f"accepted:{reply.pk}",
        topic=reply.topic,
        reply=reply,
        actor=tasks.user(event.actor_id),
    )
    services.deliver(notice, [reply.author_id])


@listen(forum_verbs.Escalated, after_commit=True)
def on_escalated(event: forum_verbs.Escalated) -> None:
    """The support agents. The escalation names who raised it (nobody when the delay did)."""
    escalations = Escalation.objects.select_related("topic__space", "escalated_by")
    if event.escalation:
        escalation = escalations.filter(pk=event.escalation).first()
    else:  # a row recorded before the event carried the escalation: one per topic
        escalation = escalations.filter(topic_id=event.target_id).first()
    if escalation is None:
        return
    notice = Notice(
        kind=NotificationKind.ESCALATION,
        group_key=f"escalation:{escalation.pk}",
        topic=escalation.topic,
        actor=escalation.escalated_by,
        data={"reason": escalation.reason},
    )
    services.deliver(notice, services.support_agent_ids())


# --- Ideas ----------------------------------------------------------------------------------


@listen(idea_verbs.IdeaProposed, after_commit=True)
def on_idea_proposed(event: idea_verbs.IdeaProposed) -> None:
    """The followers of the idea's space, tags and product area, as of any new topic."""
    idea = tasks.idea(event.target_id)
    if idea is None:
        return
    tasks.fan_out_followers.delay(
        kind=NotificationKind.NEW_TOPIC,
        topic_id=idea.pk,
        reply_id=None,
        actor_id=event.actor_id,
        exclude_ids=[],
    )


@listen(idea_verbs.ThresholdReached, after_commit=True)
def on_threshold_reached(event: idea_verbs.ThresholdReached) -> None:
    """The idea's followers (its author and likers among them) and its area's product managers.

    No actor: the author is told too (the event's actor is the author, for recognition)."""
    idea = tasks.idea(event.target_id)
    if idea is None:
        return
    managers = (
        list(idea.product_area.product_managers.values_list("pk", flat=True))
        if idea.product_area_id
        else []
    )
    tasks.fan_out_idea_followers(
        idea_id=idea.pk,
        kind=NotificationKind.IDEA_THRESHOLD,
        group_key=f"idea-threshold:{idea.pk}",
        extra_ids=managers,
    )


@listen(idea_verbs.ResponsePublished, after_commit=True)
def on_response_published(event: idea_verbs.ResponsePublished) -> None:
    """The idea's followers, with the response's rationale as the e-mail's excerpt."""
    response = OfficialResponse.objects.filter(pk=event.response).first()
    if response is None:
        return
    tasks.fan_out_idea_followers(
        idea_id=response.idea_id,
        kind=NotificationKind.IDEA_RESPONSE,
        group_key=f"idea-response:{response.pk}",
        actor_id=response.author_id,
        data={"version": response.version, "excerpt": response.rationale[:2000]},
    )


@listen(idea_verbs.IdeaReleased, after_commit=True)
def on_idea_released(event: idea_verbs.IdeaReleased) -> None:
    """The idea's followers: you asked, it shipped."""
    tasks.fan_out_idea_followers(
        idea_id=event.target_id,
        kind=NotificationKind.IDEA_SHIPPED,
        group_key=f"idea-shipped:{event.target_id}:{event.release}",
        data={"release": event.release},
    )


@listen(idea_verbs.IdeaMerged, after_commit=True)
def on_idea_merged(event: idea_verbs.IdeaMerged) -> None:
    """The author of the duplicate, told where their idea went."""
    merge = (
        IdeaMerge.objects.select_related("duplicate", "merged_by").filter(pk=event.merge).first()
    )
    if merge is None:
        return
    idea = tasks.idea(merge.duplicate_id)
    if idea is None:
        return
    notice = Notice(
        kind=NotificationKind.IDEA_MERGED,
        group_key=f"idea-merged:{merge.pk}",
        topic=idea.topic,
        actor=merge.merged_by,
        data={"original": merge.original_id},
    )
    services.deliver(notice, [merge.duplicate.author_id])


# --- Members and their recognition ----------------------------------------------------------


@listen(account_verbs.MemberJoined, after_commit=True)
def on_member_joined(event: account_verbs.MemberJoined) -> None:
    """The welcome message, pointing to the first steps."""
    services.deliver_personal(
        kind=NotificationKind.WELCOME,
        member_id=event.actor_id,
        group_key="welcome",
        data={"url": reverse("recognition:welcome")},
    )


def _badge(member_id: int | None, badge: Badge | None) -> None:
    if member_id is None or badge is None:
        return
    services.deliver_personal(
        kind=NotificationKind.BADGE,
        member_id=member_id,
        group_key=f"badge:{badge.pk}",
        data={"badge": badge.pk, "names": badge.names, "url": badge.get_absolute_url()},
    )


@listen(recognition_verbs.BadgeAwarded, after_commit=True)
def on_badge_awarded(event: recognition_verbs.BadgeAwarded) -> None:
    _badge(event.actor_id, Badge.objects.filter(pk=event.target_id).first())


@listen(recognition_verbs.BadgeGranted, after_commit=True)
def on_badge_granted(event: recognition_verbs.BadgeGranted) -> None:
    _badge(event.member, Badge.objects.filter(slug=event.badge).first())


@listen(recognition_verbs.ChallengeCompleted, after_commit=True)
def on_challenge_completed(event: recognition_verbs.ChallengeCompleted) -> None:
    challenge = Challenge.objects.filter(pk=event.target_id).first()
    if challenge is None:
        return
    services.deliver_personal(
        kind=NotificationKind.BADGE,
        member_id=event.actor_id,
        group_key=f"challenge:{challenge.pk}",
        data={
            "challenge": challenge.pk,
            "title": challenge.title,
            "url": challenge.get_absolute_url(),
        },
    )


@listen(recognition_verbs.LevelChanged, after_commit=True)
def on_level_changed(event: recognition_verbs.LevelChanged) -> None:
    """Promotions are pushed; demotions are shown on the member's page only."""
    if event.new < event.old:
        return
    services.deliver_personal(
        kind=NotificationKind.LEVEL,
        member_id=event.actor_id,
        group_key=f"level:{event.new}",
        data={"old": event.old, "new": event.new, "url": reverse("recognition:me")},
    )
