"""Forget cached rules when an administrator edits them."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Badge, Challenge, PointRule


@receiver(post_save, sender=PointRule, dispatch_uid="recognition_rule_saved")
@receiver(post_delete, sender=PointRule, dispatch_uid="recognition_rule_deleted")
@receiver(post_save, sender=Badge, dispatch_uid="recognition_badge_saved")
@receiver(post_delete, sender=Badge, dispatch_uid="recognition_badge_deleted")
@receiver(post_save, sender=Challenge, dispatch_uid="recognition_challenge_saved")
@receiver(post_delete, sender=Challenge, dispatch_uid="recognition_challenge_deleted")
def on_rules_changed(sender, **kwargs) -> None:
    from .services import rules_changed

    rules_changed()
