"""Every write of the forum, with its rules. Views, API handlers, tasks and
``ruche.forum.threads`` (the interface other apps use) all call these.

Each module is one capability: ``topics`` (start, edit, delete, restore, retag, move, flag),
``replies``, ``likes``, ``answers``, ``follows``, ``escalations`` (to the support team),
``articles`` (the helpful vote, uploads); ``posting`` holds what every post goes through.
Every write emits its typed event (``ruche.forum.verbs``) in its transaction.
"""

from .answers import answer_accept, answer_unaccept
from .articles import ALLOWED_UPLOAD_FORMATS, article_vote, upload_image
from .escalations import (
    escalate_unanswered,
    escalation_assign,
    escalation_raise,
    escalation_set_state,
)
from .follows import follow_add, follow_implied, follow_remove, product_managers_follow_their_areas
from .likes import like_add, like_remove
from .posting import (
    BODY_MAX,
    BODY_MIN,
    MAX_TAGS,
    SHOWN_ROLES,
    TITLE_MAX,
    TITLE_MIN,
    is_newcomer,
    tags_from_names,
)
from .replies import reply_create, reply_delete, reply_edit, reply_restore
from .topics import (
    post_flag_hide,
    topic_create,
    topic_delete,
    topic_edit,
    topic_move,
    topic_restore,
    topic_retag,
)

__all__ = [
    "ALLOWED_UPLOAD_FORMATS",
    "BODY_MAX",
    "BODY_MIN",
    "MAX_TAGS",
    "SHOWN_ROLES",
    "TITLE_MAX",
    "TITLE_MIN",
    "answer_accept",
    "answer_unaccept",
    "article_vote",
    "escalate_unanswered",
    "escalation_assign",
    "escalation_raise",
    "escalation_set_state",
    "follow_add",
    "follow_implied",
    "follow_remove",
    "is_newcomer",
    "like_add",
    "like_remove",
    "post_flag_hide",
    "product_managers_follow_their_areas",
    "reply_create",
    "reply_delete",
    "reply_edit",
    "reply_restore",
    "tags_from_names",
    "topic_create",
    "topic_delete",
    "topic_edit",
    "topic_move",
    "topic_restore",
    "topic_retag",
    "upload_image",
]
