"""Every write of the forum, with its rules. Views, API handlers and tasks all call these."""

from __future__ import annotations

import io
import logging
import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from ruche.accounts.models import User
from ruche.accounts.roles import Role
from ruche.activity.models import Activity
from ruche.activity.services import activity_record
from ruche.core.markdown import Rendered, plain_text, render_markdown
from ruche.core.permissions import (
    Ability,
    can_see,
    can_write,
    check_ability,
    check_see,
    has_ability,
)
from ruche.products.models import ProductArea
from ruche.spaces.models import Space

from . import signals, verbs
from .models import (
    AnsweredBy,
    Escalation,
    EscalationReason,
    EscalationState,
    Follow,
    FollowTarget,
    HelpfulVote,
    Like,
    Reply,
    Revision,
    Tag,
    Topic,
    TopicKind,
    Upload,
)
from .permissions import (
    may_accept_answer,
    may_edit_post,
    may_escalate,
    may_moderate_space,
    may_start_topic,
    may_work_support_queue,
)

logger = logging.getLogger(__name__)

TITLE_MIN, TITLE_MAX = 8, 200
BODY_MIN, BODY_MAX = 10, 50_000
MAX_TAGS = 5
WORDS_PER_MINUTE = 200
# Roles worth showing on a post (a staff answer says who answered).
SHOWN_ROLES = {
    Role.ADMINISTRATOR,
    Role.COMMUNITY_MANAGER,
    Role.MODERATOR,
    Role.PRODUCT_MANAGER,
    Role.SUPPORT_AGENT,
    Role.AMBASSADOR,
    Role.EXPERT,
}


def _on_commit(signal, **kwargs) -> None:
    """Send ``signal`` once the write is committed; a failing listener never undoes the write."""

    def send() -> None:
        for receiver, result in signal.send_robust(sender=Topic, **kwargs):
            if isinstance(result, Exception):
                logger.error("Forum signal receiver %r failed", receiver, exc_info=result)

    transaction.on_commit(send)


def _author_role(user: User) -> str:
    role = user.primary_role
    return role if role in SHOWN_ROLES else ""


def is_newcomer(user: User) -> bool:
    """Held to the newcomer limits: the level that lifts them is decided by recognition."""
    if user.is_staff_member:
        return False
    return not has_ability(user, Ability.POST_FREELY)


def _check_newcomer_limits(user: User, rendered: Rendered) -> None:
    """Newcomers post at most N times an hour, with at most M links (spam protection)."""
    if not is_newcomer(user):
        return
    limits = settings.RUCHE
    if rendered.links > limits["NEWCOMER_MAX_LINKS"]:
        raise ValidationError(
            {
                "body": _(
                    "New members may include at most %(count)d links in a post. "
                    "The limit goes away after your first contributions."
                )
                % {"count": limits["NEWCOMER_MAX_LINKS"]}
            }
        )
    recent = Activity.objects.filter(
        actor=user,
        verb__in=[verbs.TOPIC_CREATED.name, verbs.REPLY_CREATED.name],
        occurred_at__gte=timezone.now() - timedelta(hours=1),
    ).count()
    if recent >= limits["NEWCOMER_POSTS_PER_HOUR"]:
        raise ValidationError(
            {
                "body": _(
                    "New members may post %(count)d times an hour. Please wait a little: "
                    "the limit goes away after your first contributions."
                )
                % {"count": limits["NEWCOMER_POSTS_PER_HOUR"]}
            }
        )


def _clean_text(*, title: str | None = None, body: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if title is not None:
        title = title.strip()
        if not (TITLE_MIN <= len(title) <= TITLE_MAX):
            errors["title"] = _("The title must be %(min)d to %(max)d characters.") % {
                "min": TITLE_MIN,
                "max": TITLE_MAX,
            }
    body = (body or "").strip()
    if not (BODY_MIN <= len(body) <= BODY_MAX):
        errors["body"] = _("The text must be %(min)d to %(max)d characters.") % {
            "min": BODY_MIN,
            "max": BODY_MAX,
        }
    return errors


def _mentioned_members(handles: list[str], topic_space: Space, author: User) -> list[User]:
    """Members named with @handle who may see where they were named (no leak of private spaces)."""
    if not handles:
        return []
    members = User.objects.filter(handle__in=handles[:20], is_active=True).exclude(pk=author.pk)
    return [m for m in members.prefetch_related("groups") if can_see(m, topic_space)]


def tags_from_names(names: list[str]) -> list[Tag]:
    tags = []
    for name in names[:MAX_TAGS]:
        name = name.strip()[:50]
        slug = slugify(name)[:50]
        if not slug:
            continue
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags.append(tag)
    return tags


def _reading_minutes(body: str) -> int:
    return max(1, math.ceil(len(plain_text(body).split()) / WORDS_PER_MINUTE))


def topic_create(
    *,
    author: User,
    space: Space,
    kind: str,
    title: str,
    body: str,
    product_area: ProductArea | None = None,
    tags: list[str] | None = None,
    summary: str = "",
    language: str | None = None,
) -> Topic:
    check_see(author, space)
    if kind not in TopicKind.values:
        raise ValidationError({"kind": _("Unknown kind of topic.")})
    if not may_start_topic(author, space, kind):
        raise PermissionDenied
    errors = _clean_text(title=title, body=body)
    if kind == TopicKind.ARTICLE and not summary.strip():
        errors["summary"] = _("An article needs a short summary.")
    if len(summary) > 300:
        errors["summary"] = _("At most 300 characters.")
    if tags and len(tags) > MAX_TAGS:
        errors["tags"] = _("At most %(count)d tags.") % {"count": MAX_TAGS}
    if errors:
        raise ValidationError(errors)
    rendered = render_markdown(body)
    _check_newcomer_limits(author, rendered)
    now = timezone.now()
    with transaction.atomic():
        topic = Topic.objects.create(
            space=space,
            kind=kind,
            title=title.strip(),
            author=author,
            author_role=_author_role(author),
            product_area=product_area or space.product_area,
            body=body.strip(),
            body_html=rendered.html,
            summary=summary.strip(),
            language=language or author.language,
            reading_minutes=_reading_minutes(body),
            toc=rendered.toc,
            created_at=now,
            last_activity_at=now,
        )
        if tags:
            topic.tags.set(tags_from_names(tags))
        Follow.objects.get_or_create(
            member=author, target_type=FollowTarget.TOPIC, target_id=topic.pk
        )
        activity_record(
            actor=author,
            verb=verbs.TOPIC_CREATED.name,
            target=topic,
            space=space,
            payload={"kind": kind},
            occurred_at=now,
        )
        mentions = _mentioned_members(rendered.mentions, space, author)
        _on_commit(signals.topic_created, topic=topic, actor=author, mentions=mentions)
    return topic


def _save_revision(post: Topic | Reply, editor: User, reason: str) -> None:
    Revision.objects.create(
        topic=post if isinstance(post, Topic) else None,
        reply=post if isinstance(post, Reply) else None,
        editor=editor,
        title=getattr(post, "title", ""),
        body=post.body,
        reason=reason[:200],
    )


def topic_edit(
    *,
    topic: Topic,
    editor: User,
    title: str | None = None,
    body: str | None = None,
    summary: str | None = None,
    tags: list[str] | None = None,
    reason: str = "",
) -> Topic:
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        check_see(editor, topic)
        if not may_edit_post(editor, topic):
            raise PermissionDenied
        new_title = topic.title if title is None else title
        new_body = topic.body if body is None else body
        errors = _clean_text(title=new_title, body=new_body)
        # Same limits as at creation: silently dropping tags or text would lose what was written.
        if tags is not None and len(tags) > MAX_TAGS:
            errors["tags"] = _("At most %(count)d tags.") % {"count": MAX_TAGS}
        if summary is not None and len(summary.strip()) > 300:
            errors["summary"] = _("At most 300 characters.")
        if errors:
            raise ValidationError(errors)
        changed = new_title.strip() != topic.title or new_body.strip() != topic.body
        if changed:
            _save_revision(topic, editor, reason)
            rendered = render_markdown(new_body)
            topic.title = new_title.strip()
            topic.body = new_body.strip()
            topic.body_html = rendered.html
            topic.toc = rendered.toc
            topic.reading_minutes = _reading_minutes(new_body)
        if summary is not None:
            topic.summary = summary.strip()[:300]
        topic.edited_at = timezone.now()
        topic.save()
        if tags is not None:
            topic.tags.set(tags_from_names(tags))
        activity_record(actor=editor, verb=verbs.TOPIC_EDITED.name, target=topic, space=topic.space)
    return topic


def topic_delete(*, topic: Topic, actor: User) -> Topic:
    """Soft deletion: hidden from everyone but moderators, who may restore it."""
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        check_see(actor, topic)
        if not may_edit_post(actor, topic):
            raise PermissionDenied
        topic.is_deleted = True
        topic.deleted_at = timezone.now()
        topic.deleted_by = actor
        topic.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
        activity_record(actor=actor, verb=verbs.TOPIC_DELETED.name, target=topic, space=topic.space)
    return topic


def topic_restore(*, topic: Topic, actor: User) -> Topic:
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        if not may_moderate_space(actor, topic.space):
            raise PermissionDenied
        topic.is_deleted = False
        topic.deleted_at = None
        topic.deleted_by = None
        topic.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
        activity_record(
            actor=actor, verb=verbs.TOPIC_RESTORED.name, target=topic, space=topic.space
        )
    return topic


def reply_create(*, author: User, topic: Topic, body: str, parent: Reply | None = None) -> Reply:
    topic = Topic.objects.select_related("space").get(pk=topic.pk)
    check_see(author, topic)
    if not can_write(author, topic):
        raise PermissionDenied
    errors = _clean_text(body=body)
    if parent is not None and (parent.topic_id != topic.pk or parent.is_deleted):
        errors["parent"] = _("You can only reply to a reply of this topic.")
    if errors:
        raise ValidationError(errors)
    rendered = render_markdown(body)
    _check_newcomer_limits(author, rendered)
    now = timezone.now()
    is_staff = author.is_staff_member
    with transaction.atomic():
        reply = Reply.objects.create(
            topic=topic,
            parent=parent,
            author=author,
            author_role=_author_role(author),
            is_staff_reply=is_staff,
            body=body.strip(),
            body_html=rendered.html,
            language=author.language,
            created_at=now,
        )
        Topic.objects.filter(pk=topic.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=now
        )
        if is_staff and author.pk != topic.author_id:
            Topic.objects.filter(pk=topic.pk, first_staff_reply_at__isnull=True).update(
                first_staff_reply_at=now
            )
            Escalation.objects.filter(topic=topic, first_staff_reply_at__isnull=True).update(
                first_staff_reply_at=now
            )
            Escalation.objects.filter(topic=topic, state=EscalationState.OPEN).update(
                state=EscalationState.ANSWERED
            )
        activity_record(
            actor=author,
            verb=verbs.REPLY_CREATED.name,
            target=reply,
            space=topic.space,
            payload={"topic": topic.pk},
            occurred_at=now,
        )
        mentions = _mentioned_members(rendered.mentions, topic.space, author)
        _on_commit(signals.reply_created, reply=reply, actor=author, mentions=mentions)
    return reply


def reply_edit(*, reply: Reply, editor: User, body: str, reason: str = "") -> Reply:
    with transaction.atomic():
        reply = Reply.objects.select_for_update().select_related("topic__space").get(pk=reply.pk)
        check_see(editor, reply)
        if not may_edit_post(editor, reply):
            raise PermissionDenied
        errors = _clean_text(body=body)
        if errors:
            raise ValidationError(errors)
        if body.strip() != reply.body:
            _save_revision(reply, editor, reason)
            reply.body = body.strip()
            reply.body_html = render_markdown(body).html
            reply.edited_at = timezone.now()
            reply.save(update_fields=["body", "body_html", "edited_at"])
            activity_record(
                actor=editor, verb=verbs.REPLY_EDITED.name, target=reply, space=reply.topic.space
            )
    return reply


def reply_delete(*, reply: Reply, actor: User) -> Reply:
    with transaction.atomic():
        reply = Reply.objects.select_for_update().select_related("topic__space").get(pk=reply.pk)
        check_see(actor, reply)
        if not may_edit_post(actor, reply):
            raise PermissionDenied
        reply.is_deleted = True
        reply.deleted_at = timezone.now()
        reply.deleted_by = actor
        reply.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
        Topic.objects.filter(pk=reply.topic_id, reply_count__gt=0).update(
            reply_count=F("reply_count") - 1
        )
        # A deleted reply cannot stay the accepted answer.
        Topic.objects.filter(pk=reply.topic_id, accepted_reply=reply).update(
            accepted_reply=None, answered_by=AnsweredBy.NONE
        )
        activity_record(
            actor=actor, verb=verbs.REPLY_DELETED.name, target=reply, space=reply.topic.space
        )
    return reply


def reply_restore(*, reply: Reply, actor: User) -> Reply:
    with transaction.atomic():
        reply = Reply.objects.select_for_update().select_related("topic__space").get(pk=reply.pk)
        if not may_moderate_space(actor, reply.topic.space):
            raise PermissionDenied
        if reply.is_deleted:
            reply.is_deleted = False
            reply.deleted_at = None
            reply.deleted_by = None
            reply.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
            Topic.objects.filter(pk=reply.topic_id).update(reply_count=F("reply_count") + 1)
            activity_record(
                actor=actor, verb=verbs.REPLY_RESTORED.name, target=reply, space=reply.topic.space
            )
    return reply


def _post_model(post: Topic | Reply):
    return Topic if isinstance(post, Topic) else Reply


def _post_space(post: Topic | Reply) -> Space:
    return post.space if isinstance(post, Topic) else post.topic.space


def like_add(*, member: User, post: Topic | Reply) -> bool:
    """Like a topic or a reply. True if a like was added, False if it already existed.

    The unique constraint decides: two simultaneous clicks insert once, and the counter moves
    only for the insert that won, so parallel likes of different members all count.
    """
    check_see(member, post)
    if not member.is_authenticated or post.is_deleted:
        raise PermissionDenied
    if post.author_id == member.pk:
        raise ValidationError({"post": _("You cannot like your own post.")})
    if isinstance(post, Topic) and post.kind == TopicKind.IDEA:
        # An idea's likes count toward its threshold: they go through ruche.ideas.
        raise ValidationError({"post": _("Like the idea on its own page.")})
    target = {"topic": post} if isinstance(post, Topic) else {"reply": post}
    with transaction.atomic():
        try:
            with transaction.atomic():
                Like.objects.create(member=member, **target)
        except IntegrityError:
            return False
        _post_model(post).objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
        activity_record(
            actor=member,
            verb=verbs.LIKE_GIVEN.name,
            target=post,
            space=_post_space(post),
            payload={"author": post.author_id},
        )
        _on_commit(signals.post_liked, post=post, actor=member)
    return True


def like_remove(*, member: User, post: Topic | Reply) -> bool:
    check_see(member, post)
    target = {"topic": post} if isinstance(post, Topic) else {"reply": post}
    with transaction.atomic():
        deleted, _detail = Like.objects.filter(member=member, **target).delete()
        if not deleted:
            return False
        _post_model(post).objects.filter(pk=post.pk, like_count__gt=0).update(
            like_count=F("like_count") - 1
        )
        activity_record(
            actor=member, verb=verbs.LIKE_REMOVED.name, target=post, space=_post_space(post)
        )
    return True


def answer_accept(*, topic: Topic, reply: Reply, actor: User) -> Topic:
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        check_see(actor, topic)
        if not may_accept_answer(actor, topic):
            raise PermissionDenied
        if reply.topic_id != topic.pk or reply.is_deleted:
            raise ValidationError({"reply": _("This reply does not belong to the question.")})
        if reply.author_id == topic.author_id:
            raise ValidationError({"reply": _("The asker's own reply cannot be the answer.")})
        topic.accepted_reply = reply
        topic.answered_by = AnsweredBy.STAFF if reply.is_staff_reply else AnsweredBy.PEER
        topic.save(update_fields=["accepted_reply", "answered_by"])
        Escalation.objects.filter(topic=topic).exclude(state=EscalationState.RESOLVED).update(
            state=EscalationState.RESOLVED, resolved_at=timezone.now()
        )
        activity_record(
            actor=actor,
            verb=verbs.ANSWER_ACCEPTED.name,
            target=reply,
            space=topic.space,
            payload={"topic": topic.pk, "answerer": reply.author_id, "by": topic.answered_by},
        )
        _on_commit(signals.answer_accepted, topic=topic, reply=reply, actor=actor)
    return topic


def answer_unaccept(*, topic: Topic, actor: User) -> Topic:
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        check_see(actor, topic)
        if not may_accept_answer(actor, topic):
            raise PermissionDenied
        if topic.accepted_reply_id:
            topic.accepted_reply = None
            topic.answered_by = AnsweredBy.NONE
            topic.save(update_fields=["accepted_reply", "answered_by"])
            activity_record(
                actor=actor, verb=verbs.ANSWER_UNACCEPTED.name, target=topic, space=topic.space
            )
    return topic


def _follow_target(target_type: str, target_id: int, member: User):
    from ruche.core.permissions import visible

    models = {
        FollowTarget.TOPIC: Topic,
        FollowTarget.SPACE: Space,
        FollowTarget.TAG: Tag,
        FollowTarget.PRODUCT_AREA: ProductArea,
    }
    if target_type not in models:
        raise ValidationError({"target_type": _("Unknown kind of thing to follow.")})
    model = models[target_type]
    queryset = model.objects.all() if model is Tag else visible(member, model.objects.all())
    target = queryset.filter(pk=target_id).first()
    if target is None:
        from django.http import Http404

        raise Http404
    return target


def follow_add(*, member: User, target_type: str, target_id: int) -> bool:
    if not member.is_authenticated:
        raise PermissionDenied
    target = _follow_target(target_type, target_id, member)
    with transaction.atomic():
        _follow, created = Follow.objects.get_or_create(
            member=member, target_type=target_type, target_id=target.pk
        )
        if created:
            activity_record(
                actor=member,
                verb=verbs.FOLLOWED.name,
                payload={"type": target_type, "id": target.pk},
            )
    return created


def follow_remove(*, member: User, target_type: str, target_id: int) -> bool:
    if target_type not in FollowTarget.values:
        raise ValidationError({"target_type": _("Unknown kind of thing to follow.")})
    with transaction.atomic():
        deleted, _detail = Follow.objects.filter(
            member=member, target_type=target_type, target_id=target_id
        ).delete()
        if deleted:
            activity_record(
                actor=member,
                verb=verbs.UNFOLLOWED.name,
                payload={"type": target_type, "id": target_id},
            )
    return bool(deleted)


def product_managers_follow_their_areas(*, area: ProductArea) -> int:
    """Product managers follow their product areas by default (called when they are named)."""
    created = 0
    for manager in area.product_managers.all():
        _follow, was_created = Follow.objects.get_or_create(
            member=manager, target_type=FollowTarget.PRODUCT_AREA, target_id=area.pk
        )
        created += int(was_created)
    return created


# --- Escalation -------------------------------------------------------------------------------


def escalation_raise(*, topic: Topic, actor: User | None, reason: str) -> Escalation:
    """Hand a question to the support team; raising it twice keeps the first escalation."""
    if reason not in EscalationReason.values:
        raise ValidationError({"reason": _("Unknown reason.")})
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        if actor is not None:
            check_see(actor, topic)
            if not may_escalate(actor, topic):
                raise PermissionDenied
        if topic.kind != TopicKind.QUESTION:
            raise ValidationError({"topic": _("Only questions go to the support team.")})
        escalation, created = Escalation.objects.get_or_create(
            topic=topic,
            defaults={
                "reason": reason,
                "escalated_by": actor,
                "asked_at": topic.created_at,
                "first_staff_reply_at": topic.first_staff_reply_at,
            },
        )
        if created:
            activity_record(
                actor=actor or topic.author,
                verb=verbs.ESCALATED.name,
                target=topic,
                space=topic.space,
                payload={"reason": reason},
            )
            _on_commit(signals.topic_escalated, escalation=escalation, actor=actor)
    return escalation


def escalation_assign(*, escalation: Escalation, agent: User | None, actor: User) -> Escalation:
    if not may_work_support_queue(actor):
        raise PermissionDenied
    if agent is not None and not agent.is_staff_member:
        raise ValidationError({"agent": _("Only staff can take a support request.")})
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        escalation.assigned_to = agent
        escalation.save(update_fields=["assigned_to"])
        activity_record(
            actor=actor,
            verb=verbs.ESCALATION_ASSIGNED.name,
            target=escalation.topic,
            payload={"agent": agent.pk if agent else None},
        )
    return escalation


def escalation_set_state(*, escalation: Escalation, state: str, actor: User) -> Escalation:
    if not may_work_support_queue(actor):
        raise PermissionDenied
    if state not in EscalationState.values:
        raise ValidationError({"state": _("Unknown state.")})
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        escalation.state = state
        escalation.resolved_at = timezone.now() if state == EscalationState.RESOLVED else None
        escalation.save(update_fields=["state", "resolved_at"])
        if state == EscalationState.RESOLVED:
            activity_record(
                actor=actor, verb=verbs.ESCALATION_RESOLVED.name, target=escalation.topic
            )
    return escalation


def escalate_unanswered(*, now=None) -> int:
    """Escalate questions left without any reply for longer than the configured delay."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.RUCHE["ESCALATION_DELAY_HOURS"])
    waiting = Topic.objects.filter(
        kind=TopicKind.QUESTION,
        is_deleted=False,
        reply_count=0,
        answered_by=AnsweredBy.NONE,
        created_at__lte=cutoff,
        escalation__isnull=True,
    ).values_list("pk", flat=True)[:500]
    count = 0
    for topic_id in list(waiting):
        topic = Topic.objects.get(pk=topic_id)
        escalation_raise(topic=topic, actor=None, reason=EscalationReason.AUTOMATIC)
        count += 1
    return count


# --- Articles and uploads ---------------------------------------------------------------------


def article_vote(*, topic: Topic, member: User, helpful: bool) -> Topic:
    """'Was this helpful?': one vote per member, which they may change."""
    check_see(member, topic)
    if not member.is_authenticated:
        raise PermissionDenied
    if topic.kind != TopicKind.ARTICLE:
        raise ValidationError({"topic": _("Only articles take this vote.")})
    with transaction.atomic():
        Topic.objects.select_for_update().filter(pk=topic.pk).first()
        vote = HelpfulVote.objects.filter(topic=topic, member=member).first()
        if vote is not None and vote.helpful == helpful:
            return topic
        if vote is None:
            HelpfulVote.objects.create(topic=topic, member=member, helpful=helpful)
        else:
            vote.helpful = helpful
            vote.save(update_fields=["helpful"])
            field = "helpful_no" if helpful else "helpful_yes"
            Topic.objects.filter(pk=topic.pk).update(**{field: F(field) - 1})
        field = "helpful_yes" if helpful else "helpful_no"
        Topic.objects.filter(pk=topic.pk).update(**{field: F(field) + 1})
        activity_record(
            actor=member,
            verb=verbs.ARTICLE_VOTED.name,
            target=topic,
            space=topic.space,
            payload={"helpful": helpful},
        )
    topic.refresh_from_db()
    return topic


ALLOWED_UPLOAD_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def upload_image(*, uploader: User, upload) -> Upload:
    """Store a picture for a post after checking it really is a picture of a sensible size."""
    if not uploader.is_authenticated:
        raise PermissionDenied
    limit = settings.RUCHE["UPLOAD_MAX_BYTES"]
    if upload.size > limit:
        raise ValidationError({"file": _("The picture is too large.")})
    try:
        upload.seek(0)
        image = Image.open(upload)
        image_format = image.format
        if image_format not in ALLOWED_UPLOAD_FORMATS:
            raise ValidationError({"file": _("Use a JPEG, PNG, WebP or GIF picture.")})
        if image.width * image.height > 40_000_000:
            raise ValidationError({"file": _("The picture has too many pixels.")})
        image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError({"file": _("This file is not a picture we can read.")}) from exc
    upload.seek(0)
    # Re-encode, which drops metadata (location…) and anything appended to the file.
    image = Image.open(upload)
    out = io.BytesIO()
    if image_format == "GIF":
        upload.seek(0)
        out.write(upload.read())
    else:
        if image_format == "JPEG":
            image = image.convert("RGB")
        image.save(out, format=image_format)
    with transaction.atomic():
        stored = Upload(uploader=uploader, width=image.width, height=image.height)
        stored.file.save(
            f"picture.{ALLOWED_UPLOAD_FORMATS[image_format]}",
            ContentFile(out.getvalue()),
            save=False,
        )
        stored.save()
        activity_record(actor=uploader, verb=verbs.IMAGE_UPLOADED.name, target=stored)
    return stored


# --- Abilities unlocked by level -------------------------------------------------------------------


def topic_retag(*, topic: Topic, actor: User, tags: list[str]) -> Topic:
    """Change a topic's tags: its author, moderators, and members whose level allows it."""
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        check_see(actor, topic)
        if not may_edit_post(actor, topic):
            check_ability(actor, Ability.RETAG)
        if topic.is_deleted:
            raise PermissionDenied
        if len(tags) > MAX_TAGS:
            raise ValidationError({"tags": _("At most %(count)d tags.") % {"count": MAX_TAGS}})
        blank = [name for name in tags if not slugify(name.strip()[:50])]
        if blank:
            raise ValidationError({"tags": _("“%(name)s” is not a tag.") % {"name": blank[0]}})
        if not (may_edit_post(actor, topic) or may_moderate_space(actor, topic.space)):
            # A member retagging someone else's topic sorts it with the existing tags: creating
            # tags stays with authors and moderators, so the tag list does not fill with noise.
            slugs = {slugify(name.strip()[:50])[:50]: name for name in tags}
            known = set(Tag.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            unknown = [name for slug, name in slugs.items() if slug not in known]
            if unknown:
                raise ValidationError(
                    {
                        "tags": _("Unknown tag: %(name)s. Choose among the existing tags.")
                        % {"name": ", ".join(unknown)}
                    }
                )
        before = sorted(topic.tags.values_list("slug", flat=True))
        topic.tags.set(tags_from_names(tags))
        after = sorted(topic.tags.values_list("slug", flat=True))
        if before != after:
            activity_record(
                actor=actor,
                verb=verbs.TOPIC_RETAGGED.name,
                target=topic,
                space=topic.space,
                payload={"before": before, "after": after},
            )
    return topic


def topic_move(*, topic: Topic, actor: User, space: Space) -> Topic:
    """Move a topic to another space: moderators anywhere they moderate; members whose level
    allows it only between spaces of the same visibility (a move never hides or exposes it)."""
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        check_see(actor, topic)
        check_see(actor, space)
        if topic.is_deleted:
            raise PermissionDenied
        if space.is_archived or not may_start_topic(actor, space, topic.kind):
            # A topic only goes where its mover could have started it.
            raise ValidationError({"space": _("You may not post in this space.")})
        moderates = may_moderate_space(actor, topic.space) and may_moderate_space(actor, space)
        if not moderates:
            check_ability(actor, Ability.MOVE)
            if space.visibility != topic.space.visibility:
                raise ValidationError(
                    {"space": _("Only moderators move a topic to a space of another visibility.")}
                )
        if space.pk == topic.space_id:
            return topic
        before = topic.space_id
        topic.space = space
        topic.save(update_fields=["space"])
        activity_record(
            actor=actor,
            verb=verbs.TOPIC_MOVED.name,
            target=topic,
            space=space,
            payload={"from": before, "to": space.pk},
        )
    return topic


def post_flag_hide(*, post: Topic | Reply, actor: User, reason: str) -> Topic | Reply:
    """Hide a post at once on the flag of a trusted member, pending a moderator's review.

    The post is hidden like a deleted one (moderators still see it and may restore it); the
    ledger says it was hidden on a flag, which withdraws its points but is no sanction until a
    moderator confirms by deleting it.
    """
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise ValidationError({"reason": _("Say in at most 200 characters why it is hidden.")})
    model = _post_model(post)
    with transaction.atomic():
        related = "space" if model is Topic else "topic__space"
        post = model.objects.select_for_update().select_related(related).get(pk=post.pk)
        check_see(actor, post)
        check_ability(actor, Ability.FLAG_HIDE)
        if post.author_id == actor.pk:
            raise ValidationError({"post": _("Delete your own post instead of flagging it.")})
        if post.is_deleted:
            return post
        post.is_deleted = True
        post.deleted_at = timezone.now()
        post.deleted_by = actor
        post.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
        if model is Reply:
            Topic.objects.filter(pk=post.topic_id, reply_count__gt=0).update(
                reply_count=F("reply_count") - 1
            )
        activity_record(
            actor=actor,
            verb=verbs.POST_HIDDEN.name,
            target=post,
            space=_post_space(post),
            payload={"reason": reason, "author": post.author_id},
        )
    return post
