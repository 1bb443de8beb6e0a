"""What recognition hears.

In the transaction of the action: every ledger row (points, badges, levels: exact, and undone
with the action when they fail), and the member changes the leaderboards copy (specialty,
country, staff role). After commit: a sign-in, recorded as the day's visit.
"""

from __future__ import annotations

from django.utils import timezone

from ruche.accounts import verbs as account_verbs
from ruche.accounts.models import User
from ruche.activity.services import ledger_listener
from ruche.core.events import Event, listen

from .conf import RECORD_VISITS
from .services import on_activities_recorded, scores_relist, visit_record

ledger_listener(on_activities_recorded)


def _member_id(event: Event) -> int | None:
    """The member an accounts event is about: its target when it names one, else the actor."""
    if event.target_model == User._meta.label_lower and event.target_id:
        return event.target_id
    return event.actor_id


@listen(
    account_verbs.MemberProfileUpdated,
    account_verbs.MemberRoleGranted,
    account_verbs.MemberRoleRevoked,
)
def relist_member(event: Event) -> None:
    """A specialty, country or role changed: the member's leaderboard rows follow (staff leave
    the default boards, members who lose a staff role come back)."""
    member_id = _member_id(event)
    if member_id:
        scores_relist(member_ids=[member_id])


@listen(account_verbs.MemberLoggedIn, after_commit=True)
def visit_at_sign_in(event: account_verbs.MemberLoggedIn) -> None:
    """Signing in is a visit of that day (recorded once a day, whatever else records it)."""
    if not RECORD_VISITS.value:
        return
    member = User.objects.filter(pk=event.actor_id).first()
    if member is None:
        return
    moment = event.occurred_at or timezone.now()
    visit_record(member=member, day=timezone.localdate(moment))
