"""What members are told, in words: one-line texts (page, API, e-mail) and e-mails in each
recipient's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ruche.accounts.models import User
from ruche.core.conf import COMPANY_NAME
from ruche.core.markdown import plain_text
from ruche.core.tasks import send_email
from ruche.core.translation import pick
from ruche.forum.models import Reply, Topic
from ruche.recognition.levels import level_name

from .models import PERSONAL_KINDS, Notification, NotificationKind

EXCERPT_CHARS = 400
_UNSET: object = object()


@dataclass
class Notice:
    """Something that happened, to be told to some members (one notification row each)."""

    kind: str
    group_key: str
    topic: Topic
    reply: Reply | None = None
    actor: User | None = None
    data: dict = field(default_factory=dict)

    @property
    def target(self) -> Topic | Reply:
        return self.reply or self.topic


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
    if kind == NotificationKind.BADGE:
        if data.get("challenge"):
            return _("You completed the challenge “%(title)s”") % {"title": data.get("title", "")}
        return _("You earned the badge “%(badge)s”") % {"badge": pick(data.get("names"))}
    if kind == NotificationKind.LEVEL:
        values = {"level": level_name(int(data.get("new", 0)))}
        if int(data.get("new", 0)) > int(data.get("old", 0)):
            return _("You reached the level “%(level)s”: new abilities are open to you") % values
        return _("Your level is now “%(level)s”") % values
    return _("Welcome to the community! Here are a few first steps.")


def notification_text(notification: Notification, *, actor: User | None = _UNSET) -> str:
    """The notification's text; ``actor`` overrides the member it names (None: "Someone")."""
    if notification.kind in PERSONAL_KINDS:
        return personal_text(notification.kind, notification.data)
    return describe(
        kind=notification.kind,
        topic=notification.topic,
        actor=notification.actor if actor is _UNSET else actor,
        actor_count=notification.actor_count,
        reply=notification.reply,
    )


def member_email_language(member: User) -> str:
    language = member.ui_language or member.language
    return language if language in dict(settings.LANGUAGES) else "en"


def email(notice: Notice, members: list[User]) -> None:
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
            rendered[language] = _render_email(notice, language)
        subject, body = rendered[language]
        messages.append((subject, body, member.email))
    for subject, body, address in messages:
        transaction.on_commit(
            lambda s=subject, b=body, a=address: send_email.delay(subject=s, body=b, to=[a])
        )


def _render_email(notice: Notice, language: str) -> tuple[str, str]:
    with translation.override(language):
        text = describe(
            kind=notice.kind, topic=notice.topic, actor=notice.actor, reply=notice.reply
        )
        excerpt = ""
        if notice.kind != NotificationKind.LIKE:
            # A notice may bring its own text (an idea's official response); else the post's.
            excerpt = plain_text(notice.data.get("excerpt") or notice.target.body)
            if len(excerpt) > EXCERPT_CHARS:
                excerpt = excerpt[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"
        return _render(text, excerpt, notice.target.get_absolute_url())


def _render(text: str, excerpt: str, path: str) -> tuple[str, str]:
    context = {
        "text": text,
        "excerpt": excerpt,
        "url": f"{settings.SITE_URL}{path}",
        "preferences_url": f"{settings.SITE_URL}/notifications/preferences/",
        "company": COMPANY_NAME.value,
    }
    subject = render_to_string("notifications/email/subject.txt", context).strip()
    body = render_to_string("notifications/email/body.txt", context)
    return " ".join(subject.split()), body


def email_personal(member: User, kind: str, data: dict) -> None:
    """Queue the e-mail of a personal notification (badge, level, welcome), in the member's
    language, once the delivery commits."""
    if not member.email:
        return
    with translation.override(member_email_language(member)):
        subject, body = _render(personal_text(kind, data), "", data["url"])
    address = member.email
    transaction.on_commit(lambda: send_email.delay(subject=subject, body=body, to=[address]))
