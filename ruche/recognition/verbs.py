"""Recognition's events: what members do on its pages, and what it derives from the ledger.

The derived ones (a badge awarded, a challenge completed, a level changed) are emitted by the
incremental update, in the transaction of the action that caused them; notifications hear them
after commit. No default point rule names them: the engine credits nothing for its own
conclusions unless an administrator writes such a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from ruche.core.events import Event, target_of, verb


@verb("recognition.visited", _("visited the community"), public=False)
@dataclass(frozen=True, kw_only=True)
class Visited(Event):
    day: str = ""  # ISO date, local


@verb("recognition.topic_read", _("read a topic"), public=False)
@dataclass(frozen=True, kw_only=True)
class TopicRead(Event):
    pass


@verb("recognition.guidelines_read", _("read the community guidelines"))
@dataclass(frozen=True, kw_only=True)
class GuidelinesRead(Event):
    pass


# The actor welcomed the newcomer named in ``member``.
@verb("recognition.newcomer_welcomed", _("welcomed a newcomer"), beneficiaries=("member",))
@dataclass(frozen=True, kw_only=True)
class NewcomerWelcomed(Event):
    member: int | None = None


# The actor granted the badge (its slug) by hand to ``member``.
@verb("recognition.badge_granted", _("granted a badge"), public=False, beneficiaries=("member",))
@dataclass(frozen=True, kw_only=True)
class BadgeGranted(Event):
    badge: str = ""
    member: int | None = None


# Derived: the actor earned the badge (the target) through a rule or a challenge.
@verb("recognition.badge_awarded", _("earned a badge"), public=False)
@dataclass(frozen=True, kw_only=True)
class BadgeAwarded(Event):
    badge: str = ""


# Derived: the actor completed the challenge (the target).
@verb("recognition.challenge_completed", _("completed a challenge"), public=False)
@dataclass(frozen=True, kw_only=True)
class ChallengeCompleted(Event):
    pass


# Derived: the actor's level moved (up, or down when a windowed level is lost).
@verb("recognition.level_changed", _("changed level"), public=False)
@dataclass(frozen=True, kw_only=True)
class LevelChanged(Event):
    old: int = 0
    new: int = 0


# --- Builders -----------------------------------------------------------------------------------


def visited(*, member: Any, day: date) -> Visited:
    return Visited(actor_id=member.pk, day=day.isoformat())


def topic_read(*, member: Any, topic: Any) -> TopicRead:
    return TopicRead(actor_id=member.pk, **target_of(topic))


def guidelines_read(*, member: Any) -> GuidelinesRead:
    return GuidelinesRead(actor_id=member.pk)


def newcomer_welcomed(*, welcomer: Any, newcomer: Any) -> NewcomerWelcomed:
    return NewcomerWelcomed(actor_id=welcomer.pk, **target_of(newcomer), member=newcomer.pk)


def badge_granted(*, badge: Any, member: Any, granted_by: Any) -> BadgeGranted:
    return BadgeGranted(
        actor_id=granted_by.pk, **target_of(member), badge=badge.slug, member=member.pk
    )


def badge_awarded(
    *, member_id: int, badge_id: int, slug: str, occurred_at: Any = None
) -> BadgeAwarded:
    return BadgeAwarded(
        actor_id=member_id,
        target_model="recognition.badge",
        target_id=badge_id,
        occurred_at=occurred_at,
        badge=slug,
    )


def challenge_completed(
    *, member_id: int, challenge_id: int, occurred_at: Any = None
) -> ChallengeCompleted:
    return ChallengeCompleted(
        actor_id=member_id,
        target_model="recognition.challenge",
        target_id=challenge_id,
        occurred_at=occurred_at,
    )


def level_changed(*, member_id: int, old: int, new: int) -> LevelChanged:
    return LevelChanged(actor_id=member_id, old=old, new=new)
