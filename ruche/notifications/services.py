"""Every write of notifications: delivering to members, grouping likes, reading, choices.

Recipients are checked in batches with the one permission module (``can_see``) on members whose
roles and programmes are loaded together, so telling thousands of followers costs a few queries
per batch, never one per member. What to tell whom is decided by the listeners
(``listeners.py``), from the events of the apps below.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Prefetch, Q, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.accounts.roles import Role
from ruche.core.permissions import can, can_see, visible
from ruche.forum.models import Follow, FollowTarget, Reply, Topic
from ruche.spaces.models import ProgrammeMembership

from .models import (
    DEFAULT_CHANNELS,
    Channel,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from .permissions import HEAR_ESCALATIONS
from .texts import Notice, email, email_personal

# Followers told per task: a space may have thousands of them.
BATCH_SIZE = 500


# --- Preferences ------------------------------------------------------------------------------


def kinds_for(member: User) -> list[str]:
    """The kinds of notification a member can receive (escalations only reach support agents)."""
    kinds = [k for k in NotificationKind.values if k != NotificationKind.ESCALATION]
    if can(member, HEAR_ESCALATIONS):
        kinds.append(NotificationKind.ESCALATION)
    return kinds


def preference_channels(member: User) -> dict[str, str]:
    """The channel of every kind the member can receive, defaults filled in."""
    chosen = dict(
        NotificationPreference.objects.filter(member=member).values_list("kind", "channel")
    )
    return {kind: chosen.get(kind, DEFAULT_CHANNELS[kind]) for kind in kinds_for(member)}


def preferences_set(*, member: User, channels: dict[str, str]) -> dict[str, str]:
    """Save the member's channel for the given kinds; kinds not given keep theirs."""
    allowed = kinds_for(member)
    errors = {}
    for kind, channel in channels.items():
        if kind not in allowed:
            errors[kind] = _("Unknown kind of notification.")
        elif channel not in Channel.values:
            errors[kind] = _("Choose in the community, by e-mail, or off.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for kind, channel in channels.items():
            NotificationPreference.objects.update_or_create(
                member=member, kind=kind, defaults={"channel": channel}
            )
    return preference_channels(member)


def channels_of(member_ids: list[int], kind: str) -> dict[int, str]:
    chosen = dict(
        NotificationPreference.objects.filter(member_id__in=member_ids, kind=kind).values_list(
            "member_id", "channel"
        )
    )
    return {pk: chosen.get(pk, DEFAULT_CHANNELS[kind]) for pk in member_ids}


# --- Delivery ---------------------------------------------------------------------------------


def members_who_may_see(member_ids: Iterable[int], obj) -> list[User]:
    """The active members among ``member_ids`` allowed to see ``obj``, in a fixed 4 queries.

    The rules stay in ``can_see``; here we only load, for all members at once, what the rules
    read (roles, programmes, moderated spaces), instead of letting each member query it.
    """
    members = list(
        User.objects.filter(pk__in=list(member_ids), is_active=True).prefetch_related(
            "groups",
            Prefetch(
                "programme_memberships",
                queryset=ProgrammeMembership.objects.only("id", "member_id", "programme_id"),
            ),
            "moderated_spaces",
        )
    )
    for member in members:
        # Fill the cached properties the rules read from the prefetched rows.
        member.__dict__["programme_ids"] = frozenset(
            m.programme_id for m in member.programme_memberships.all()
        )
        member.__dict__["moderated_space_ids"] = frozenset(
            s.pk for s in member.moderated_spaces.all()
        )
    return [m for m in members if can_see(m, obj)]


def deliver(notice: Notice, recipient_ids: Iterable[int]) -> list[int]:
    """Tell ``notice`` to the recipients allowed to see it who did not turn it off.

    Never the actor, never twice for the same event (one unread row per member and event), never
    about content a recipient may not see. Returns the ids of the members told.
    """
    ids = set(recipient_ids)
    if notice.actor is not None:
        ids.discard(notice.actor.pk)
    if not ids or notice.topic.is_deleted or (notice.reply is not None and notice.reply.is_deleted):
        return []
    members = members_who_may_see(ids, notice.target)
    channels = channels_of([m.pk for m in members], notice.kind)
    members = [m for m in members if channels[m.pk] != Channel.OFF]
    already = set(
        Notification.objects.filter(
            recipient_id__in=[m.pk for m in members],
            group_key=notice.group_key,
            read_at__isnull=True,
        ).values_list("recipient_id", flat=True)
    )
    members = [m for m in members if m.pk not in already]
    if not members:
        return []
    now = timezone.now()
    with transaction.atomic():
        # A concurrent delivery of the same event loses on the unique constraint, silently.
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient=member,
                    kind=notice.kind,
                    actor=notice.actor,
                    topic=notice.topic,
                    reply=notice.reply,
                    data=notice.data,
                    group_key=notice.group_key,
                    created_at=now,
                    updated_at=now,
                )
                for member in members
            ],
            ignore_conflicts=True,
        )
        email(notice, [m for m in members if channels[m.pk] == Channel.EMAIL])
    return [m.pk for m in members]


def deliver_like(*, post: Topic | Reply, actor: User) -> Notification | None:
    """Tell the author of ``post`` it was liked, in one row per post while it is unread.

    "Anna and 4 others liked your reply": a like updates the unread row (latest liker, one more
    liker) with a single UPDATE, so simultaneous likes all count; the first like of a new group
    inserts it, and if two first likes race, the loser of the unique constraint updates instead.
    An e-mail goes only with the first like of a group, not with every like.
    """
    author = post.author
    topic = post if isinstance(post, Topic) else post.topic
    reply = None if isinstance(post, Topic) else post
    if author.pk == actor.pk or topic.is_deleted or post.is_deleted:
        return None
    if not members_who_may_see([author.pk], post):
        return None
    channel = channels_of([author.pk], NotificationKind.LIKE)[author.pk]
    if channel == Channel.OFF:
        return None
    kind_of_post = "topic" if reply is None else "reply"
    group_key = f"like:{kind_of_post}:{post.pk}"
    unread = Notification.objects.filter(recipient=author, group_key=group_key, read_at=None)

    def bump() -> int:
        return unread.update(
            actor=actor,
            # The same member liking again (after an unlike) is not one more liker.
            actor_count=Case(
                When(actor_id=actor.pk, then=F("actor_count")), default=F("actor_count") + 1
            ),
            updated_at=timezone.now(),
        )

    with transaction.atomic():
        if bump():
            return unread.first()
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=author,
                    kind=NotificationKind.LIKE,
                    actor=actor,
                    topic=topic,
                    reply=reply,
                    data={"post": kind_of_post},
                    group_key=group_key,
                )
        except IntegrityError:
            bump()
            return unread.first()
        if channel == Channel.EMAIL:
            notice = Notice(
                kind=NotificationKind.LIKE,
                group_key=group_key,
                topic=topic,
                reply=reply,
                # Likers are not shown on the post: the e-mail names them only to an author
                # who may see their profile.
                actor=actor if can_see(author, actor) else None,
                data={"post": kind_of_post},
            )
            email(notice, [author])
    return notification


def followers_page(
    *, targets: list[tuple[str, int]], after_id: int, size: int = BATCH_SIZE
) -> list[int]:
    """Ids of members following any of ``targets``, by increasing id, after ``after_id``."""
    if not targets:
        return []
    condition = Q()
    for target_type, target_id in targets:
        condition |= Q(target_type=target_type, target_id=target_id)
    return list(
        Follow.objects.filter(condition, member_id__gt=after_id)
        .order_by("member_id")
        .values_list("member_id", flat=True)
        .distinct()[:size]
    )


def topic_follow_targets(topic: Topic) -> list[tuple[str, int]]:
    """What one may follow to hear of a new topic: its space, its tags, its product area."""
    targets = [(FollowTarget.SPACE.value, topic.space_id)]
    targets += [(FollowTarget.TAG.value, pk) for pk in topic.tags.values_list("pk", flat=True)]
    if topic.product_area_id:
        targets.append((FollowTarget.PRODUCT_AREA.value, topic.product_area_id))
    return targets


def support_agent_ids() -> list[int]:
    """The active members who hear of escalations (the role ``HEAR_ESCALATIONS`` asks for)."""
    return list(
        User.objects.filter(groups__name=Role.SUPPORT_AGENT, is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )


def deliver_personal(
    *, kind: str, member_id: int, group_key: str, data: dict
) -> Notification | None:
    """Tell a member about their own recognition: a badge, a level, a challenge, the welcome.

    ``data`` carries the link (``url``). Follows the member's channel for the kind (off, in the
    community, or also by e-mail); once per group while unread.
    """
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return None
    channel = channels_of([member.pk], kind)[member.pk]
    if channel == Channel.OFF:
        return None
    now = timezone.now()
    notification, created = Notification.objects.get_or_create(
        recipient=member,
        group_key=group_key,
        read_at__isnull=True,
        defaults={"kind": kind, "data": data, "created_at": now, "updated_at": now},
    )
    if created and channel == Channel.EMAIL:
        email_personal(member, kind, data)
    return notification


# --- Reading ----------------------------------------------------------------------------------


def notification_mark_read(*, member: User, notification_id: int) -> Notification:
    """Mark one of the member's notifications read; another member's is a 404."""
    notification = visible(member, Notification.objects.filter(pk=notification_id)).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, member: User) -> int:
    return visible(member, Notification.objects.filter(read_at__isnull=True)).update(
        read_at=timezone.now()
    )
