"""Every write of recognition, by capability: the incremental update and the full recompute
(same engine), what time changes, rules, badges, challenges, members' own choices."""

from .badges import badge_grant, badge_save
from .challenges import challenge_create
from .incremental import DbState, engagement_paused, engagement_process, on_activities_recorded
from .members import (
    ambassador_invite,
    guidelines_read,
    member_feature,
    newcomer_welcome,
    privacy_set,
    topic_read_record,
    visit_record,
)
from .recompute import RecomputeResult, engagement_recompute
from .refresh import anniversaries_award, engagement_refresh, levels_refresh
from .rules import current_rules, point_rule_set, rules_changed
from .scores import member_listings, scores_relist

__all__ = [
    "DbState",
    "RecomputeResult",
    "ambassador_invite",
    "anniversaries_award",
    "badge_grant",
    "badge_save",
    "challenge_create",
    "current_rules",
    "engagement_paused",
    "engagement_process",
    "engagement_recompute",
    "engagement_refresh",
    "guidelines_read",
    "levels_refresh",
    "member_feature",
    "member_listings",
    "newcomer_welcome",
    "on_activities_recorded",
    "point_rule_set",
    "privacy_set",
    "rules_changed",
    "scores_relist",
    "topic_read_record",
    "visit_record",
]
