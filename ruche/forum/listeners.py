"""What the forum does when other apps act (in their transaction, so it rolls back with them)."""

from __future__ import annotations

from ruche.core.events import listen
from ruche.products.verbs import ProductManagersChanged

from .models import FollowTarget
from .services import follow_implied


@listen(ProductManagersChanged)
def product_managers_follow_their_area(event: ProductManagersChanged) -> None:
    """Newly named product managers follow their product area by default, to hear of new topics
    there (they may stop following it like anything else)."""
    if event.area is None:
        return
    for member_id in event.added:
        follow_implied(
            member_id=member_id, target_type=FollowTarget.PRODUCT_AREA, target_id=event.area
        )
