"""Writes about product areas."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.permissions import can

from . import verbs
from .models import ProductArea


def product_area_set_managers(
    *, area: ProductArea, managers: Iterable[User], actor: User
) -> ProductArea:
    """Name the product managers of ``area`` (the admin's form and the API).

    Records ``ProductManagersChanged`` with who was added and removed: the forum makes new product
    managers follow their area.
    """
    if not can(actor, "product_area.set_managers", area):
        raise PermissionDenied
    wanted = {manager.pk for manager in managers}
    with transaction.atomic():
        area = ProductArea.objects.select_for_update().get(pk=area.pk)
        before = set(area.product_managers.values_list("pk", flat=True))
        added, removed = wanted - before, before - wanted
        if added or removed:
            area.product_managers.set(wanted)
            emit(
                verbs.managers_changed(
                    area=area, actor=actor, added=list(added), removed=list(removed)
                )
            )
    return area
