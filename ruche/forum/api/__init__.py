"""The forum's JSON API: topics, replies, likes, accepted answers, follows, support, uploads.

Handlers stay thin: they find what the visitor may see (404 otherwise), turn ids and slugs into
objects and call the services, which hold every rule (422 for bad input, 403 for a forbidden
action on something visible). Each module registers its handlers on the one ``router``, in the
order they were always matched.
"""

from . import articles, follows, reactions, replies, support, topics  # noqa: F401  (handlers)
from .common import router

__all__ = ["router"]
