"""Every write of notifications: delivering events to members, grouping likes, reading, choices.

Recipients are checked in batches with the one permission module (``can_see``) on members whose
roles and programmes are loaded together, so telling thousands of followers costs a few queries
per batch, never one per member.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Prefetch, Q, When
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ruche.accounts.models import User
from ruche.accounts.roles import Role
from ruche.core.markdown import plain_text
from ruche.core.permissions import can_see
from ruche.core.tasks import send_email
from ruche.forum.models import Follow, FollowTarget, Reply, Topic
from ruche.spaces.models import ProgrammeMembership

from .models import (
    DEFAULT_CHANNELS,
    PERSONAL_KINDS,
    Channel,
    Notification,
    NotificationKind,
    NotificationPreference,
)

BATCH_SIZE = 500
EXCERPT_CHARS = 400


@dataclass
class Event:
    """Something that happened, to be told to some members."""

    kind: str
    group_key: str
    topic: Topic
    reply: Reply | None = None
    actor: User | None = None
    data: dict = field(default_factory=dict)

    @property
    def target(self) -> Topic | Reply:
        return self.reply or self.topic


# --- Preferences ------------------------------------------------------------------------------


def kinds_for(member: User) -> list[str]:
    """The kinds of notification a member can receive (escalations only reach support agents)."""
    kinds = [k for k in NotificationKind.values if k != NotificationKind.ESCALATION]
    if member.has_role(Role.SUPPORT_AGENT):
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


def _channels_of(member_ids: list[int], kind: str) -> dict[int, str]:
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


def deliver(event: Event, recipient_ids: Iterable[int]) -> list[int]:
    """Tell ``event`` to the recipients allowed to see it who did not turn it off.

    Never the actor, never twice for the same event (one unread row per member and event), never
    about content a recipient may not see. Returns the ids of the members told.
    """
    ids = set(recipient_ids)
    if event.actor is not None:
        ids.discard(event.actor.pk)
    if not ids or event.topic.is_deleted or (event.reply is not None and event.reply.is_deleted):
        return []
    members = members_who_may_see(ids, event.target)
    channels = _channels_of([m.pk for m in members], event.kind)
    members = [m for m in members if channels[m.pk] != Channel.OFF]
    already = set(
        Notification.objects.filter(
            recipient_id__in=[m.pk for m in members],
            group_key=event.group_key,
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
                    kind=event.kind,
                    actor=event.actor,
                    topic=event.topic,
                    reply=event.reply,
                    data=event.data,
                    group_key=event.group_key,
                    created_at=now,
                    updated_at=now,
                )
                for member in members
            ],
            ignore_conflicts=True,
        )
        _email(event, [m for m in members if channels[m.pk] == Channel.EMAIL])
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
    channel = _channels_of([author.pk], NotificationKind.LIKE)[author.pk]
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
            event = Event(
                kind=NotificationKind.LIKE,
                group_key=group_key,
                topic=topic,
                reply=reply,
                actor=actor,
                data={"post": kind_of_post},
            )
            _email(event, [author])
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
    return list(
        User.objects.filter(groups__name=Role.SUPPORT_AGENT, is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )


# --- Texts and e-mails ------------------------------------------------------------------------


def describe(
    *,
    kind: str,
    topic: Topic,
    actor: User | None,
    actor_count: int = 1,
    reply: Reply | None = None,
) -> str:
    """The one-line text of a notification, in the active language (page, API and e-mail)."""
    values = {
        "actor": actor.public_name if actor else _("Someone"),
        "topic": topic.title,
        "space": topic.space.name,
    }
    if kind == NotificationKind.REPLY:
        return _("%(actor)s replied in “%(topic)s”") % values
    if kind == NotificationKind.MENTION:
        return _("%(actor)s mentioned you in “%(topic)s”") % values
    if kind == NotificationKind.ACCEPTED:
        return _("%(actor)s accepted your reply as the answer to “%(topic)s”") % values
    if kind == NotificationKind.NEW_TOPIC:
        return _("%(actor)s started “%(topic)s” in %(space)s") % values
    if kind == NotificationKind.ESCALATION:
        return _("“%(topic)s” was escalated to the support team") % values
    if kind == NotificationKind.IDEA_THRESHOLD:
        return (
            _("The idea “%(topic)s” reached its threshold: the product team will answer") % values
        )
    if kind == NotificationKind.IDEA_RESPONSE:
        return _("The product team answered the idea “%(topic)s”") % values
    if kind == NotificationKind.IDEA_SHIPPED:
        return _("You asked, it shipped: “%(topic)s”") % values
    if kind == NotificationKind.IDEA_MERGED:
        return _("Your idea “%(topic)s” was merged into a similar idea") % values
    others = actor_count - 1
    values["count"] = others
    if reply is None:
        if others == 0:
            return _("%(actor)s liked your topic “%(topic)s”") % values
        return (
            ngettext(
                "%(actor)s and %(count)d other liked your topic “%(topic)s”",
                "%(actor)s and %(count)d others liked your topic “%(topic)s”",
                others,
            )
            % values
        )
    if others == 0:
        return _("%(actor)s liked your reply in “%(topic)s”") % values
    return (
        ngettext(
            "%(actor)s and %(count)d other liked your reply in “%(topic)s”",
            "%(actor)s and %(count)d others liked your reply in “%(topic)s”",
            others,
        )
        % values
    )


def personal_text(kind: str, data: dict) -> str:
    """The text of a personal notification, in the active language."""
    from ruche.core.translation import pick

    if kind == NotificationKind.BADGE:
        if data.get("challenge"):
            return _("You completed the challenge “%(title)s”") % {"title": data.get("title", "")}
        return _("You earned the badge “%(badge)s”") % {"badge": pick(data.get("names"))}
    if kind == NotificationKind.LEVEL:
        from ruche.recognition.levels import level_name

        values = {"level": level_name(int(data.get("new", 0)))}
        if int(data.get("new", 0)) > int(data.get("old", 0)):
            return _("You reached the level “%(level)s”: new abilities are open to you") % values
        return _("Your level is now “%(level)s”") % values
    return _("Welcome to the community! Here are a few first steps.")


def notification_text(notification: Notification) -> str:
    if notification.kind in PERSONAL_KINDS:
        return personal_text(notification.kind, notification.data)
    return describe(
        kind=notification.kind,
        topic=notification.topic,
        actor=notification.actor,
        actor_count=notification.actor_count,
        reply=notification.reply,
    )


def member_email_language(member: User) -> str:
    language = member.ui_language or member.language
    return language if language in dict(settings.LANGUAGES) else "en"


def _email(event: Event, members: list[User]) -> None:
    """Queue one e-mail per member (no shared recipient list), written in their language."""
    if not members:
        return
    rendered: dict[str, tuple[str, str]] = {}
    messages = []
    for member in members:
        if not member.email:
            continue
        language = member_email_language(member)
        if language not in rendered:
            rendered[language] = _render_email(event, language)
        subject, body = rendered[language]
        messages.append((subject, body, member.email))
    for subject, body, address in messages:
        transaction.on_commit(
            lambda s=subject, b=body, a=address: send_email.delay(subject=s, body=b, to=[a])
        )


def _render_email(event: Event, language: str) -> tuple[str, str]:
    with translation.override(language):
        text = describe(kind=event.kind, topic=event.topic, actor=event.actor, reply=event.reply)
        excerpt = ""
        if event.kind != NotificationKind.LIKE:
            # An event may bring its own text (an idea's official response); else the post's.
            excerpt = plain_text(event.data.get("excerpt") or event.target.body)
            if len(excerpt) > EXCERPT_CHARS:
                excerpt = excerpt[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"
        context = {
            "text": text,
            "excerpt": excerpt,
            "url": f"{settings.SITE_URL}{event.target.get_absolute_url()}",
            "preferences_url": f"{settings.SITE_URL}/notifications/preferences/",
            "company": settings.RUCHE["COMPANY_NAME"],
        }
        subject = render_to_string("notifications/email/subject.txt", context).strip()
        body = render_to_string("notifications/email/body.txt", context)
    return " ".join(subject.split()), body


def deliver_recognition(*, kind: str, member_id: int, data: dict) -> Notification | None:
    """Tell a member about their own recognition: a badge, a level, a challenge, the welcome.

    Follows the member's channel for the kind (off, in the community, or also by e-mail).
    """
    from django.urls import reverse

    from ruche.recognition.models import Badge, Challenge

    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return None
    data = dict(data)
    if kind == "badge":
        badge = Badge.objects.filter(pk=data.get("badge")).first()
        if badge is None:
            return None
        data.update(names=badge.names, url=badge.get_absolute_url())
        group_key = f"badge:{badge.pk}"
        notification_kind = NotificationKind.BADGE
    elif kind == "challenge":
        challenge = Challenge.objects.filter(pk=data.get("challenge")).first()
        if challenge is None:
            return None
        data.update(title=challenge.title, url=challenge.get_absolute_url())
        group_key = f"challenge:{challenge.pk}"
        notification_kind = NotificationKind.BADGE
    elif kind == "level":
        data["url"] = reverse("recognition:me")
        group_key = f"level:{data.get('new')}"
        notification_kind = NotificationKind.LEVEL
        if int(data.get("new", 0)) < int(data.get("old", 0)):
            # Demotions are shown on the member's page, not pushed.
            return None
    else:
        data["url"] = reverse("recognition:welcome")
        group_key = "welcome"
        notification_kind = NotificationKind.WELCOME
    channel = _channels_of([member.pk], notification_kind)[member.pk]
    if channel == Channel.OFF:
        return None
    now = timezone.now()
    notification, created = Notification.objects.get_or_create(
        recipient=member,
        group_key=group_key,
        read_at__isnull=True,
        defaults={"kind": notification_kind, "data": data, "created_at": now, "updated_at": now},
    )
    if created and channel == Channel.EMAIL and member.email:
        with translation.override(member_email_language(member)):
            text = personal_text(notification_kind, data)
            context = {
                "text": text,
                "excerpt": "",
                "url": f"{settings.SITE_URL}{data['url']}",
                "preferences_url": f"{settings.SITE_URL}/notifications/preferences/",
                "company": settings.RUCHE["COMPANY_NAME"],
            }
            subject = render_to_string("notifications/email/subject.txt", context).strip()
            body = render_to_string("notifications/email/body.txt", context)
        transaction.on_commit(
            lambda: send_email.delay(
                subject=" ".join(subject.split()), body=body, to=[member.email]
            )
        )
    return notification


# --- Reading ----------------------------------------------------------------------------------


def notification_mark_read(*, member: User, notification_id: int) -> Notification:
    """Mark one of the member's notifications read; another member's is a 404."""
    notification = Notification.objects.filter(recipient=member, pk=notification_id).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, member: User) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )
