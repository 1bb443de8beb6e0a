"""Likes of topics and replies (a hosted thread's opening post takes them only if its kind says
so: an idea's likes are the idea's own, with their threshold)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.permissions import check_see

from .. import verbs
from ..models import Like, Reply, Topic
from .posting import post_model, post_space_id


def _target(post: Topic | Reply) -> dict:
    return {"topic": post} if isinstance(post, Topic) else {"reply": post}


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
    if isinstance(post, Topic) and not post.thread_kind.topic_likes:
        refusal = post.thread_kind.likes_refused or _("This post takes no likes.")
        raise ValidationError({"post": str(refusal)})
    with transaction.atomic():
        try:
            with transaction.atomic():
                Like.objects.create(member=member, **_target(post))
        except IntegrityError:
            return False
        post_model(post).objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
        emit(verbs.like_given(member=member, post=post, space_id=post_space_id(post)))
    return True


def like_remove(*, member: User, post: Topic | Reply) -> bool:
    check_see(member, post)
    with transaction.atomic():
        deleted, _detail = Like.objects.filter(member=member, **_target(post)).delete()
        if not deleted:
            return False
        post_model(post).objects.filter(pk=post.pk, like_count__gt=0).update(
            like_count=F("like_count") - 1
        )
        emit(verbs.like_removed(member=member, post=post, space_id=post_space_id(post)))
    return True
