"""The forum's settings, with their defaults (``ruche.core.conf``): read them with ``.value``."""

from __future__ import annotations

from ruche.core.conf import declare

NEWCOMER_UNTIL_POSTS = declare(
    "NEWCOMER_UNTIL_POSTS",
    3,
    help="A member with fewer posts than this is a newcomer, held to the limits below.",
    minimum=0,
)
NEWCOMER_POSTS_PER_HOUR = declare(
    "NEWCOMER_POSTS_PER_HOUR", 3, help="Posts a newcomer may write in an hour.", minimum=1
)
NEWCOMER_MAX_LINKS = declare(
    "NEWCOMER_MAX_LINKS", 2, help="Links a newcomer may put in one post.", minimum=0
)
ESCALATION_DELAY_HOURS = declare(
    "ESCALATION_DELAY_HOURS",
    24,
    help="A question without any reply for this many hours goes to the support team.",
    minimum=1,
)
UPLOAD_MAX_BYTES = declare(
    "UPLOAD_MAX_BYTES", 5 * 1024 * 1024, help="Largest picture a member may upload.", minimum=1
)
TOPICS_PER_PAGE = declare("TOPICS_PER_PAGE", 30, help="Topics on a page of a list.", minimum=1)
REPLIES_PER_PAGE = declare("REPLIES_PER_PAGE", 100, help="Replies on a page of a topic.", minimum=1)
