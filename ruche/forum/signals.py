"""Forum events, sent after the transaction that caused them commits.

Notifications (and later webhooks, points…) listen here, so the forum does not depend on them.
Every signal passes ``actor`` and the objects concerned as keyword arguments.
"""

from django.dispatch import Signal

topic_created = Signal()  # topic, actor, mentions: list[User]
reply_created = Signal()  # reply, actor, mentions: list[User]
post_liked = Signal()  # topic or reply, actor
answer_accepted = Signal()  # topic, reply, actor
topic_escalated = Signal()  # escalation, actor
