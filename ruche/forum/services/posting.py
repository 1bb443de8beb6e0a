"""What every post goes through: text limits, the newcomer limits, roles shown, mentions, tags."""

from __future__ import annotations

import math
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.accounts.roles import Role
from ruche.activity.models import Activity
from ruche.core.cache import anonymous_cache_invalidate
from ruche.core.markdown import Rendered, plain_text
from ruche.core.permissions import Ability, can_see, has_ability
from ruche.spaces.models import Space

from .. import verbs
from ..conf import NEWCOMER_MAX_LINKS, NEWCOMER_POSTS_PER_HOUR
from ..models import Reply, Revision, Tag, Topic

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


def author_role(user: User) -> str:
    role = user.primary_role
    return role if role in SHOWN_ROLES else ""


def is_newcomer(user: User) -> bool:
    """Held to the newcomer limits: the level that lifts them is decided by recognition."""
    if user.is_staff_member:
        return False
    return not has_ability(user, Ability.POST_FREELY)


def check_newcomer_limits(user: User, rendered: Rendered) -> None:
    """Newcomers post at most N times an hour, with at most M links (spam protection)."""
    if not is_newcomer(user):
        return
    max_links = NEWCOMER_MAX_LINKS.value
    if rendered.links > max_links:
        raise ValidationError(
            {
                "body": _(
                    "New members may include at most %(count)d links in a post. "
                    "The limit goes away after your first contributions."
                )
                % {"count": max_links}
            }
        )
    per_hour = NEWCOMER_POSTS_PER_HOUR.value
    recent = Activity.objects.filter(
        actor=user,
        verb__in=[verbs.TopicCreated.name, verbs.ReplyCreated.name],
        occurred_at__gte=timezone.now() - timedelta(hours=1),
    ).count()
    if recent >= per_hour:
        raise ValidationError(
            {
                "body": _(
                    "New members may post %(count)d times an hour. Please wait a little: "
                    "the limit goes away after your first contributions."
                )
                % {"count": per_hour}
            }
        )


def clean_text(*, title: str | None = None, body: str) -> dict[str, str]:
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


def mentioned_members(handles: list[str], topic_space: Space, author: User) -> list[User]:
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


def reading_minutes(body: str) -> int:
    return max(1, math.ceil(len(plain_text(body).split()) / WORDS_PER_MINUTE))


def save_revision(post: Topic | Reply, editor: User, reason: str) -> None:
    """Keep the text of a post before an edit: nothing a member wrote is lost."""
    Revision.objects.create(
        topic=post if isinstance(post, Topic) else None,
        reply=post if isinstance(post, Reply) else None,
        editor=editor,
        title=getattr(post, "title", ""),
        body=post.body,
        reason=reason[:200],
    )


def forget_anonymous_pages() -> None:
    """Once the write commits, visitors' cached pages are dropped: what it hid (a deleted post,
    a topic moved to a private space, an edited text) must not stay visible from the cache."""
    transaction.on_commit(anonymous_cache_invalidate)


def post_model(post: Topic | Reply) -> type[Topic] | type[Reply]:
    return Topic if isinstance(post, Topic) else Reply


def post_space_id(post: Topic | Reply) -> int:
    return post.space_id if isinstance(post, Topic) else post.topic.space_id
