from __future__ import annotations

from django.db.models import QuerySet

from ruche.accounts.permissions import admin_rules_from_roles
from ruche.accounts.roles import admin_grants
from ruche.core.permissions import Action, queryset_filter, rule

from .models import ProductArea


@rule(ProductArea, Action.SEE)
def may_see_product_area(user, area: ProductArea) -> bool:
    # Product areas are part of the public vocabulary of the community; retired ones are staff's.
    if area.is_active:
        return True
    return bool(user and user.is_authenticated and user.is_staff_member)


@rule(ProductArea, Action.WRITE)
def may_edit_product_area(user, area: ProductArea) -> bool:
    return bool(user and user.is_authenticated and user.may_manage_members)


@queryset_filter(ProductArea)
def visible_product_areas(user, queryset: QuerySet[ProductArea]) -> QuerySet[ProductArea]:
    if user and user.is_authenticated and user.is_staff_member:
        return queryset
    return queryset.filter(is_active=True)


@rule(ProductArea, "product_area.set_managers")
def may_set_product_managers(user, area: ProductArea) -> bool:
    """Name an area's product managers: whoever changes product areas in the admin (community
    managers, product managers, administrators, as the roles table says)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and admin_grants(user.role_slugs, "products", "productarea", "change")
    )


admin_rules_from_roles(ProductArea)
