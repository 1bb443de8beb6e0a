"""The forum's web pages. Thin: reads go through the selectors, writes through the services,
and what a reader may do is asked of the permission module (``can``) by action name.

A visitor gets a 404 for what they may not know exists (the selectors narrow to what they see)
and a 403 for a forbidden action on something they can see (the services raise it).
"""

from ruche.core.permissions import can

from ..models import TopicKind
from .actions import (
    answer_accept,
    answer_unaccept,
    article_vote,
    escalate,
    follow,
    reply_like,
    topic_like,
)
from .compose import similar_questions, topic_create, upload
from .lists import area_detail, tag_detail, topic_list
from .posts import (
    reply_delete,
    reply_edit,
    reply_flag_hide,
    reply_history,
    reply_restore,
    topic_delete,
    topic_edit,
    topic_flag_hide,
    topic_history,
    topic_move,
    topic_restore,
    topic_retag,
)
from .support import support_queue, support_update
from .topic import reply_create, topic_detail


def may_start_in(user, space) -> bool:
    """For the space page's "New topic" button: may this member start any topic here?"""
    return user.is_authenticated and can(user, "space.start_topic", space, kind=TopicKind.QUESTION)


__all__ = [
    "answer_accept",
    "answer_unaccept",
    "area_detail",
    "article_vote",
    "escalate",
    "follow",
    "may_start_in",
    "reply_create",
    "reply_delete",
    "reply_edit",
    "reply_flag_hide",
    "reply_history",
    "reply_like",
    "reply_restore",
    "similar_questions",
    "support_queue",
    "support_update",
    "tag_detail",
    "topic_create",
    "topic_delete",
    "topic_detail",
    "topic_edit",
    "topic_flag_hide",
    "topic_history",
    "topic_like",
    "topic_list",
    "topic_move",
    "topic_restore",
    "topic_retag",
    "upload",
]
