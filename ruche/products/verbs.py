"""Product areas' events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ruche.core.events import Event, target_of, verb


# The actor is whoever changed the list; the forum makes new product managers follow the area.
@verb(
    "products.managers_changed", _("changed the product managers of a product area"), public=False
)
@dataclass(frozen=True, kw_only=True)
class ProductManagersChanged(Event):
    area: int | None = None
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)


def managers_changed(
    *, area: Any, actor: Any, added: list[int], removed: list[int]
) -> ProductManagersChanged:
    return ProductManagersChanged(
        actor_id=actor.pk if actor is not None else None,
        **target_of(area),
        area=area.pk,
        added=sorted(added),
        removed=sorted(removed),
    )
