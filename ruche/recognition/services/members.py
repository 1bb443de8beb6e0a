"""What members do on recognition's pages: welcome newcomers, read the guidelines, visit, read
topics, choose what their profile shows; the team features members and invites ambassadors."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.accounts.roles import Role
from ruche.accounts.services import member_grant_role
from ruche.activity.models import Activity
from ruche.core.events import emit
from ruche.core.permissions import can
from ruche.forum.models import Topic

from .. import verbs
from ..models import MemberEngagement
from ..permissions import AMBASSADOR_INVITE, MANAGE, WELCOME
from ..selectors import is_newcomer_member
from .scores import scores_relist


def newcomer_welcome(*, welcomer: User, newcomer: User) -> bool:
    """Welcome a newcomer (once per welcomer and newcomer): a ledger verb that earns a badge.

    Returns False when the welcomer had already welcomed them."""
    if not can(welcomer, WELCOME, newcomer_id=newcomer.pk):
        raise PermissionDenied
    if not is_newcomer_member(newcomer):
        raise ValidationError({"member": _("This member is no longer a newcomer.")})
    key = f"welcome:{welcomer.pk}:{newcomer.pk}"
    before = Activity.objects.filter(source="ruche", idempotency_key=key).exists()
    emit(verbs.newcomer_welcomed(welcomer=welcomer, newcomer=newcomer), idempotency_key=key)
    return not before


def guidelines_read(*, member: User) -> None:
    if not member.is_authenticated:
        raise PermissionDenied
    emit(verbs.guidelines_read(member=member), idempotency_key=f"guidelines:{member.pk}")


def visit_record(*, member: User, day: date) -> None:
    """A day visited, at most once a day per member (the idempotency key decides)."""
    emit(
        verbs.visited(member=member, day=day),
        idempotency_key=f"visit:{member.pk}:{day.isoformat()}",
    )


def topic_read_record(*, member: User, topic_id: int) -> None:
    topic = Topic.objects.filter(pk=topic_id).only("pk", "space_id").first()
    if topic is None:
        return
    emit(
        verbs.topic_read(member=member, topic=topic),
        idempotency_key=f"read:{member.pk}:{topic_id}",
    )


# --- Profiles and featured members ---------------------------------------------------------------


def privacy_set(
    *, member: User, show_points: bool, show_badges: bool, show_activity: bool
) -> MemberEngagement:
    engagement, _created = MemberEngagement.objects.get_or_create(member=member)
    engagement.show_points = show_points
    engagement.show_badges = show_badges
    engagement.show_activity = show_activity
    engagement.save(update_fields=["show_points", "show_badges", "show_activity"])
    scores_relist(member_ids=[member.pk])
    return engagement


def member_feature(
    *, actor: User, member: User, featured: bool, note: str = ""
) -> MemberEngagement:
    if not can(actor, MANAGE):
        raise PermissionDenied
    if len(note) > 200:
        raise ValidationError({"note": _("At most 200 characters.")})
    engagement, _created = MemberEngagement.objects.get_or_create(member=member)
    engagement.featured = featured
    engagement.featured_note = note.strip() if featured else ""
    engagement.save(update_fields=["featured", "featured_note"])
    return engagement


# --- Ambassador candidates ---------------------------------------------------------------------


def ambassador_invite(*, actor: User, member: User) -> None:
    """Invite a candidate to the ambassador programme: until the programmes exist, the
    invitation grants the ambassador role (through the accounts service that records it)."""
    if not can(actor, AMBASSADOR_INVITE):
        raise PermissionDenied
    if member.has_role(Role.AMBASSADOR):
        raise ValidationError({"member": _("This member is already an ambassador.")})
    if member.is_staff_member:
        raise ValidationError({"member": _("Staff cannot be ambassadors.")})
    member_grant_role(member=member, role=Role.AMBASSADOR, actor=actor)
