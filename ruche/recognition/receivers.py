"""Forget cached rules when an administrator edits them."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_save
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


@receiver(user_logged_in, dispatch_uid="recognition_visit_on_login")
def on_logged_in(sender, request, user, **kwargs) -> None:
    """Signing in is a visit: recorded now, so that the pages after it add no query."""
    import logging

    from django.conf import settings
    from django.utils import timezone

    from .middleware import SESSION_DAY
    from .services import visit_record

    if not settings.RUCHE.get("RECOGNITION_RECORD_VISITS", True):
        return
    if request is None or not hasattr(request, "session"):
        return
    try:
        visit_record(member=user, day=timezone.localdate())
        request.session[SESSION_DAY] = timezone.localdate().isoformat()
    except Exception:
        logging.getLogger(__name__).exception("Could not record a visit")


def _relist(member_ids) -> None:
    from .services import scores_relist

    scores_relist(member_ids=member_ids)


@receiver(post_save, sender="accounts.User", dispatch_uid="recognition_member_saved")
def on_member_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    """A member's specialty, country or activity changed: their leaderboard rows follow."""
    if created or (update_fields is not None and set(update_fields) <= {"last_login", "password"}):
        return
    _relist([instance.pk])


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A role granted or revoked: staff leave the default leaderboards, others come back."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        members = list(pk_set or []) if action != "post_clear" else None
        if members is None:
            return
        _relist(members)
    else:
        _relist([instance.pk])


def connect_groups() -> None:
    from ruche.accounts.models import User

    m2m_changed.connect(
        _groups_changed, sender=User.groups.through, dispatch_uid="recognition_groups_changed"
    )
