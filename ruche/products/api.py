from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from ruche.accounts.models import User
from ruche.core.api import ANYONE, ERRORS
from ruche.core.schemas import MemberRef, member_ref

from .selectors import product_area_list
from .services import product_area_set_managers

router = Router(tags=["taxonomy"])


class ProductAreaOut(Schema):
    id: int
    slug: str
    name: str
    names: dict[str, str]
    description: str
    is_active: bool
    product_managers: list[MemberRef]


class ProductManagersIn(Schema):
    member_ids: list[int] = Field(max_length=200, description="Every product manager of the area.")


def product_area_out(area) -> dict:
    return {
        "id": area.pk,
        "slug": area.slug,
        "name": area.name,
        "names": area.names,
        "description": area.description,
        "is_active": area.is_active,
        "product_managers": [member_ref(m) for m in area.product_managers.all()],
    }


@router.get("/product-areas", response=list[ProductAreaOut], auth=ANYONE)
def product_areas(request):
    return [product_area_out(area) for area in product_area_list(user=request.user)]


@router.put(
    "/product-areas/{slug}/product-managers",
    response={200: ProductAreaOut, **ERRORS},
    summary="Name the product managers of a product area (the whole list)",
)
def product_area_managers(request, slug: str, payload: ProductManagersIn):
    area = get_object_or_404(product_area_list(user=request.user), slug=slug)
    wanted = set(payload.member_ids)
    managers = list(User.objects.filter(pk__in=wanted, is_active=True))
    if len(managers) != len(wanted):
        raise ValidationError({"member_ids": _("Unknown or inactive member.")})
    area = product_area_set_managers(area=area, managers=managers, actor=request.user)
    return product_area_out(product_area_list(user=request.user).get(pk=area.pk))
