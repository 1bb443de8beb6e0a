"""Topics: starting, editing, deleting and restoring them; retagging and moving (abilities
unlocked by level), and hiding a post on a trusted member's flag."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.markdown import render_markdown
from ruche.core.permissions import Ability, can, check_ability, check_see
from ruche.products.models import ProductArea
from ruche.spaces.models import Space

from .. import kinds, verbs
from ..models import Follow, FollowTarget, Reply, Tag, Topic, TopicKind
from ..permissions import moderates_space
from .posting import (
    MAX_TAGS,
    author_role,
    check_newcomer_limits,
    clean_text,
    forget_anonymous_pages,
    mentioned_members,
    post_model,
    post_space_id,
    reading_minutes,
    save_revision,
    tags_from_names,
)


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
    if not kinds.get(kind).startable_in_forum:
        raise ValidationError({"kind": _("Unknown kind of topic.")})
    if not can(author, "space.start_topic", space, kind=kind):
        raise PermissionDenied
    errors = clean_text(title=title, body=body)
    if kind == TopicKind.ARTICLE and not summary.strip():
        errors["summary"] = _("An article needs a short summary.")
    if len(summary) > 300:
        errors["summary"] = _("At most 300 characters.")
    if tags and len(tags) > MAX_TAGS:
        errors["tags"] = _("At most %(count)d tags.") % {"count": MAX_TAGS}
    if errors:
        raise ValidationError(errors)
    rendered = render_markdown(body)
    check_newcomer_limits(author, rendered)
    now = timezone.now()
    with transaction.atomic():
        topic = Topic.objects.create(
            space=space,
            kind=kind,
            title=title.strip(),
            author=author,
            author_role=author_role(author),
            product_area=product_area or space.product_area,
            body=body.strip(),
            body_html=rendered.html,
            summary=summary.strip(),
            language=language or author.language,
            reading_minutes=reading_minutes(body),
            toc=rendered.toc,
            created_at=now,
            last_activity_at=now,
        )
        if tags:
            topic.tags.set(tags_from_names(tags))
        Follow.objects.get_or_create(
            member=author, target_type=FollowTarget.TOPIC, target_id=topic.pk
        )
        mentions = mentioned_members(rendered.mentions, space, author)
        emit(verbs.topic_created(topic=topic, mentions=[m.pk for m in mentions]))
    return topic


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
        if not can(editor, "post.edit", topic):
            raise PermissionDenied
        new_title = topic.title if title is None else title
        new_body = topic.body if body is None else body
        errors = clean_text(title=new_title, body=new_body)
        # Same limits as at creation: silently dropping tags or text would lose what was written.
        if tags is not None and len(tags) > MAX_TAGS:
            errors["tags"] = _("At most %(count)d tags.") % {"count": MAX_TAGS}
        if summary is not None and len(summary.strip()) > 300:
            errors["summary"] = _("At most 300 characters.")
        if errors:
            raise ValidationError(errors)
        changed = new_title.strip() != topic.title or new_body.strip() != topic.body
        if changed:
            save_revision(topic, editor, reason)
            rendered = render_markdown(new_body)
            topic.title = new_title.strip()
            topic.body = new_body.strip()
            topic.body_html = rendered.html
            topic.toc = rendered.toc
            topic.reading_minutes = reading_minutes(new_body)
        if summary is not None:
            topic.summary = summary.strip()[:300]
        topic.edited_at = timezone.now()
        topic.save()
        if tags is not None:
            topic.tags.set(tags_from_names(tags))
        emit(verbs.topic_edited(topic=topic, editor=editor))
        forget_anonymous_pages()  # an edit may take back what was written
    return topic


def topic_delete(*, topic: Topic, actor: User) -> Topic:
    """Soft deletion: hidden from everyone but moderators, who may restore it."""
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        check_see(actor, topic)
        if not can(actor, "post.edit", topic):
            raise PermissionDenied
        topic.is_deleted = True
        topic.deleted_at = timezone.now()
        topic.deleted_by = actor
        topic.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
        emit(verbs.topic_deleted(topic=topic, actor=actor))
        forget_anonymous_pages()
    return topic


def topic_restore(*, topic: Topic, actor: User) -> Topic:
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        if not can(actor, "post.restore", topic):
            raise PermissionDenied
        topic.is_deleted = False
        topic.deleted_at = None
        topic.deleted_by = None
        topic.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
        emit(verbs.topic_restored(topic=topic, actor=actor))
        forget_anonymous_pages()
    return topic


# --- Abilities unlocked by level ---------------------------------------------------------------


def topic_retag(*, topic: Topic, actor: User, tags: list[str]) -> Topic:
    """Change a topic's tags: its author, moderators, and members whose level allows it."""
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        check_see(actor, topic)
        if not topic.thread_kind.retaggable:
            raise PermissionDenied  # a hosted thread's tags are its host's
        may_edit = can(actor, "post.edit", topic)
        if not may_edit:
            check_ability(actor, Ability.RETAG)
        if topic.is_deleted:
            raise PermissionDenied
        if len(tags) > MAX_TAGS:
            raise ValidationError({"tags": _("At most %(count)d tags.") % {"count": MAX_TAGS}})
        blank = [name for name in tags if not slugify(name.strip()[:50])]
        if blank:
            raise ValidationError({"tags": _("“%(name)s” is not a tag.") % {"name": blank[0]}})
        if not (may_edit or moderates_space(actor, topic.space)):
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
            emit(verbs.topic_retagged(topic=topic, actor=actor, before=before, after=after))
    return topic


def topic_move(*, topic: Topic, actor: User, space: Space) -> Topic:
    """Move a topic to another space: moderators anywhere they moderate; members whose level
    allows it only between spaces of the same visibility (a move never hides or exposes it)."""
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        check_see(actor, topic)
        check_see(actor, space)
        if topic.is_deleted or not topic.thread_kind.movable:
            raise PermissionDenied
        if space.is_archived or not can(actor, "space.start_topic", space, kind=topic.kind):
            # A topic only goes where its mover could have started it.
            raise ValidationError({"space": _("You may not post in this space.")})
        moderates = moderates_space(actor, topic.space) and moderates_space(actor, space)
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
        emit(verbs.topic_moved(topic=topic, actor=actor, from_space=before, to_space=space.pk))
        forget_anonymous_pages()
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
    model = post_model(post)
    with transaction.atomic():
        related = "space" if model is Topic else "topic__space"
        post = model.objects.select_for_update().select_related(related).get(pk=post.pk)
        check_see(actor, post)
        check_ability(actor, Ability.FLAG_HIDE)
        if post.author_id == actor.pk:
            raise ValidationError({"post": _("Delete your own post instead of flagging it.")})
        if isinstance(post, Topic) and not post.thread_kind.flaggable:
            raise PermissionDenied  # hidden through its host, which keeps its object in step
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
        emit(verbs.post_hidden(post=post, actor=actor, space_id=post_space_id(post), reason=reason))
        forget_anonymous_pages()
    return post
