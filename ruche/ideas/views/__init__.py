"""Pages of ideas: list, proposal with similar ideas, idea page, staff inbox, responses, merges,
roadmap, releases, accountability. Thin: every write goes through ``services``, what a visitor
may do is asked of the permission module by action name (``idea.respond``…)."""

from .ideas import (
    idea_comment,
    idea_create,
    idea_delete,
    idea_detail,
    idea_edit,
    idea_follow,
    idea_like,
    idea_list,
    idea_restore,
    similar,
)
from .roadmap import (
    accountability,
    release_detail,
    release_edit,
    release_list,
    release_publish,
    roadmap,
)
from .staff import export_csv, inbox, merge, respond, response_publish, set_status, unmerge

__all__ = [
    "accountability",
    "export_csv",
    "idea_comment",
    "idea_create",
    "idea_delete",
    "idea_detail",
    "idea_edit",
    "idea_follow",
    "idea_like",
    "idea_list",
    "idea_restore",
    "inbox",
    "merge",
    "release_detail",
    "release_edit",
    "release_list",
    "release_publish",
    "respond",
    "response_publish",
    "roadmap",
    "set_status",
    "similar",
    "unmerge",
]
