"""Anonymous visitors' cached forum pages are forgotten when something may have become hidden."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from ruche.core.cache import anonymous_cache_invalidate
from ruche.spaces.models import Space

from .models import Reply, Topic


def _later() -> None:
    transaction.on_commit(anonymous_cache_invalidate)


@receiver(post_save, sender=Space, dispatch_uid="forum_anon_cache_space")
def _space_saved(sender, instance: Space, **kwargs) -> None:
    _later()


@receiver(post_save, sender=Topic, dispatch_uid="forum_anon_cache_topic")
def _topic_saved(sender, instance: Topic, **kwargs) -> None:
    # New, edited, moved, deleted or restored: rare next to reads, and any may change what shows.
    _later()


@receiver(post_save, sender=Reply, dispatch_uid="forum_anon_cache_reply")
def _reply_saved(sender, instance: Reply, created: bool, **kwargs) -> None:
    if instance.is_deleted:
        _later()
