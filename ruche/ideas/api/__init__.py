"""The ideas API: ideas, likes, follows, statuses, official responses, merges, releases, the
roadmap, the inbox, accountability and the prioritised CSV export.

Handlers stay thin: they find what the visitor may see (404 otherwise), turn ids and slugs into
objects and call the services, which hold every rule (422 for bad input, 403 for a forbidden
action on something visible). Each module registers its handlers on the one ``router``.
"""

from . import ideas, merges, releases, responses, staff  # noqa: F401  (handlers)
from .common import router

__all__ = ["router"]
