"""The forum's events: one class per verb, and the functions its services build them with.

Listeners in other apps name these classes (``@listen(ReplyCreated, after_commit=True)``); what a
verb means for derived data (it creates content, removes it, undoes a like…) is declared here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ruche.core.events import Effect, Event, UndoMatch, target_of, verb


def _about(post: Any, space_id: int | None) -> dict[str, Any]:
    return {**target_of(post), "space_id": space_id}


@verb("forum.topic_created", _("started a topic"), effect=Effect.CREATES)
@dataclass(frozen=True, kw_only=True)
class TopicCreated(Event):
    kind: str = ""
    # Member ids mentioned in the text (told after commit).
    mentions: list[int] = field(default_factory=list)


@verb("forum.topic_edited", _("edited a topic"), public=False)
@dataclass(frozen=True, kw_only=True)
class TopicEdited(Event):
    pass


@verb(
    "forum.topic_deleted",
    _("deleted a topic"),
    public=False,
    effect=Effect.REMOVES,
    beneficiaries=("author",),
)
@dataclass(frozen=True, kw_only=True)
class TopicDeleted(Event):
    author: int | None = None


@verb("forum.topic_restored", _("restored a topic"), public=False, effect=Effect.RESTORES)
@dataclass(frozen=True, kw_only=True)
class TopicRestored(Event):
    pass


@verb("forum.reply_created", _("replied"), effect=Effect.CREATES)
@dataclass(frozen=True, kw_only=True)
class ReplyCreated(Event):
    topic: int | None = None
    mentions: list[int] = field(default_factory=list)


@verb("forum.reply_edited", _("edited a reply"), public=False)
@dataclass(frozen=True, kw_only=True)
class ReplyEdited(Event):
    pass


@verb(
    "forum.reply_deleted",
    _("deleted a reply"),
    public=False,
    effect=Effect.REMOVES,
    beneficiaries=("author",),
)
@dataclass(frozen=True, kw_only=True)
class ReplyDeleted(Event):
    author: int | None = None


@verb("forum.reply_restored", _("restored a reply"), public=False, effect=Effect.RESTORES)
@dataclass(frozen=True, kw_only=True)
class ReplyRestored(Event):
    pass


@verb("forum.like_given", _("liked a post"), beneficiaries=("author",))
@dataclass(frozen=True, kw_only=True)
class LikeGiven(Event):
    author: int | None = None  # the liked post's author, credited by recognition


@verb("forum.like_removed", _("removed a like"), public=False, undoes=LikeGiven)
@dataclass(frozen=True, kw_only=True)
class LikeRemoved(Event):
    author: int | None = None


@verb(
    "forum.answer_accepted",
    _("accepted an answer"),
    lost_with_content=True,
    beneficiaries=("answerer",),
    context_key="topic",
)
@dataclass(frozen=True, kw_only=True)
class AnswerAccepted(Event):
    topic: int | None = None
    answerer: int | None = None
    by: str = ""  # "peer" or "staff"


@verb(
    "forum.answer_unaccepted",
    _("withdrew an accepted answer"),
    public=False,
    undoes=AnswerAccepted,
    undo_match=UndoMatch.CONTEXT,
    context_key="topic",
)
@dataclass(frozen=True, kw_only=True)
class AnswerUnaccepted(Event):
    topic: int | None = None


@verb("forum.followed", _("followed"), public=False)
@dataclass(frozen=True, kw_only=True)
class Followed(Event):
    type: str = ""
    id: int | None = None


@verb("forum.unfollowed", _("stopped following"), public=False)
@dataclass(frozen=True, kw_only=True)
class Unfollowed(Event):
    type: str = ""
    id: int | None = None


@verb("forum.escalated", _("asked the support team for help"), public=False)
@dataclass(frozen=True, kw_only=True)
class Escalated(Event):
    reason: str = ""
    escalation: int | None = None


@verb("forum.escalation_assigned", _("took a support request"), public=False)
@dataclass(frozen=True, kw_only=True)
class EscalationAssigned(Event):
    agent: int | None = None


@verb("forum.escalation_resolved", _("resolved a support request"), public=False)
@dataclass(frozen=True, kw_only=True)
class EscalationResolved(Event):
    pass


@verb("forum.article_voted", _("rated an article"), public=False)
@dataclass(frozen=True, kw_only=True)
class ArticleVoted(Event):
    helpful: bool = False


@verb("forum.image_uploaded", _("uploaded a picture"), public=False)
@dataclass(frozen=True, kw_only=True)
class ImageUploaded(Event):
    pass


@verb("forum.topic_retagged", _("retagged a topic"), public=False)
@dataclass(frozen=True, kw_only=True)
class TopicRetagged(Event):
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


@verb(
    "forum.post_hidden",
    _("hid a post pending moderation"),
    public=False,
    effect=Effect.REMOVES,
    sanction=False,
    beneficiaries=("author",),
)
@dataclass(frozen=True, kw_only=True)
class PostHidden(Event):
    reason: str = ""
    author: int | None = None


@verb("forum.topic_moved", _("moved a topic"), public=False)
@dataclass(frozen=True, kw_only=True)
class TopicMoved(Event):
    from_space: int | None = None
    to_space: int | None = None

    # The ledger's payload has always said "from" and "to" (Python keywords, not field names).
    _KEYS = {"from_space": "from", "to_space": "to"}

    def payload(self) -> dict[str, Any]:
        return {self._KEYS.get(k, k): v for k, v in super().payload().items()}

    @classmethod
    def from_record(cls, *, payload: dict[str, Any], **recorded: Any) -> Event:
        fields = {field: payload[key] for field, key in cls._KEYS.items() if key in payload}
        return super().from_record(payload={**payload, **fields}, **recorded)


# --- Builders: the forum's services emit what these return ---------------------------------


def topic_created(*, topic: Any, mentions: list[int]) -> TopicCreated:
    return TopicCreated(
        actor_id=topic.author_id,
        **_about(topic, topic.space_id),
        occurred_at=topic.created_at,
        kind=topic.kind,
        mentions=list(mentions),
    )


def topic_edited(*, topic: Any, editor: Any) -> TopicEdited:
    return TopicEdited(actor_id=editor.pk, **_about(topic, topic.space_id))


def topic_deleted(*, topic: Any, actor: Any) -> TopicDeleted:
    return TopicDeleted(actor_id=actor.pk, **_about(topic, topic.space_id), author=topic.author_id)


def topic_restored(*, topic: Any, actor: Any) -> TopicRestored:
    return TopicRestored(actor_id=actor.pk, **_about(topic, topic.space_id))


def reply_created(*, reply: Any, space_id: int, mentions: list[int]) -> ReplyCreated:
    return ReplyCreated(
        actor_id=reply.author_id,
        **_about(reply, space_id),
        occurred_at=reply.created_at,
        topic=reply.topic_id,
        mentions=list(mentions),
    )


def reply_edited(*, reply: Any, editor: Any, space_id: int) -> ReplyEdited:
    return ReplyEdited(actor_id=editor.pk, **_about(reply, space_id))


def reply_deleted(*, reply: Any, actor: Any, space_id: int) -> ReplyDeleted:
    return ReplyDeleted(actor_id=actor.pk, **_about(reply, space_id), author=reply.author_id)


def reply_restored(*, reply: Any, actor: Any, space_id: int) -> ReplyRestored:
    return ReplyRestored(actor_id=actor.pk, **_about(reply, space_id))


def like_given(*, member: Any, post: Any, space_id: int) -> LikeGiven:
    return LikeGiven(actor_id=member.pk, **_about(post, space_id), author=post.author_id)


def like_removed(*, member: Any, post: Any, space_id: int) -> LikeRemoved:
    return LikeRemoved(actor_id=member.pk, **_about(post, space_id), author=post.author_id)


def answer_accepted(*, topic: Any, reply: Any, actor: Any) -> AnswerAccepted:
    return AnswerAccepted(
        actor_id=actor.pk,
        **_about(reply, topic.space_id),
        topic=topic.pk,
        answerer=reply.author_id,
        by=topic.answered_by,
    )


def answer_unaccepted(*, topic: Any, actor: Any) -> AnswerUnaccepted:
    return AnswerUnaccepted(actor_id=actor.pk, **_about(topic, topic.space_id), topic=topic.pk)


def followed(*, member: Any, target_type: str, target_id: int) -> Followed:
    return Followed(actor_id=member.pk, type=target_type, id=target_id)


def unfollowed(*, member: Any, target_type: str, target_id: int) -> Unfollowed:
    return Unfollowed(actor_id=member.pk, type=target_type, id=target_id)


def escalated(*, escalation: Any, topic: Any, actor_id: int) -> Escalated:
    return Escalated(
        actor_id=actor_id,
        **_about(topic, topic.space_id),
        reason=escalation.reason,
        escalation=escalation.pk,
    )


def escalation_assigned(*, topic: Any, actor: Any, agent: Any | None) -> EscalationAssigned:
    return EscalationAssigned(
        actor_id=actor.pk, **target_of(topic), agent=agent.pk if agent else None
    )


def escalation_resolved(*, topic: Any, actor: Any) -> EscalationResolved:
    return EscalationResolved(actor_id=actor.pk, **target_of(topic))


def article_voted(*, topic: Any, member: Any, helpful: bool) -> ArticleVoted:
    return ArticleVoted(actor_id=member.pk, **_about(topic, topic.space_id), helpful=helpful)


def image_uploaded(*, upload: Any) -> ImageUploaded:
    return ImageUploaded(actor_id=upload.uploader_id, **target_of(upload))


def topic_retagged(*, topic: Any, actor: Any, before: list[str], after: list[str]) -> TopicRetagged:
    return TopicRetagged(
        actor_id=actor.pk, **_about(topic, topic.space_id), before=before, after=after
    )


def post_hidden(*, post: Any, actor: Any, space_id: int, reason: str) -> PostHidden:
    return PostHidden(
        actor_id=actor.pk, **_about(post, space_id), reason=reason, author=post.author_id
    )


def topic_moved(*, topic: Any, actor: Any, from_space: int, to_space: int) -> TopicMoved:
    return TopicMoved(
        actor_id=actor.pk,
        **_about(topic, to_space),
        from_space=from_space,
        to_space=to_space,
    )


# A former name, still used by the demo's forum seed (ruche/demo/forum_seed.py).
LIKE_GIVEN = LikeGiven
