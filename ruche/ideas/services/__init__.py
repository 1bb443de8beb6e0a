"""Every write of ideas, with its rules. Views, API handlers, listeners and the demo call these.

One module per capability: ``proposals`` (propose, edit, delete, restore, follow, comment),
``likes`` (likes and the threshold), ``responses`` (statuses set by hand, official responses,
templates), ``merges`` (duplicates), ``releases``, ``rules`` (the administrators' settings);
``statuses`` holds the statuses, each area's rules and the row lock every write starts with.
Every write emits its typed event (``ruche.ideas.verbs``) in its transaction; comments,
followers and the edit history live on the idea's forum thread (``ruche.forum.threads``).
"""

from ..models import IdeaSettings
from .likes import counted_likes, idea_like, idea_unlike
from .merges import idea_merge, idea_unmerge
from .proposals import (
    MAX_SEGMENTS,
    MAX_TAGS,
    PROBLEM_MIN,
    TEXT_MAX,
    TITLE_MAX,
    TITLE_MIN,
    idea_comment,
    idea_create,
    idea_delete,
    idea_edit,
    idea_follow,
    idea_restore,
    idea_unfollow,
)
from .releases import release_publish, release_save
from .responses import idea_set_status, response_publish, response_save, response_template_create
from .rules import settings_update
from .statuses import DEFAULT_STATUSES, rules_for, status_of_kind, statuses_ensure_defaults

__all__ = [
    "DEFAULT_STATUSES",
    "MAX_SEGMENTS",
    "MAX_TAGS",
    "PROBLEM_MIN",
    "TEXT_MAX",
    "TITLE_MAX",
    "TITLE_MIN",
    "IdeaSettings",
    "counted_likes",
    "idea_comment",
    "idea_create",
    "idea_delete",
    "idea_edit",
    "idea_follow",
    "idea_like",
    "idea_merge",
    "idea_restore",
    "idea_set_status",
    "idea_unfollow",
    "idea_unlike",
    "idea_unmerge",
    "release_publish",
    "release_save",
    "response_publish",
    "response_save",
    "response_template_create",
    "rules_for",
    "settings_update",
    "status_of_kind",
    "statuses_ensure_defaults",
]
