from ninja import Router, Schema

from ruche.api import ANYONE
from ruche.core.schemas import MemberRef, member_ref

from .selectors import product_area_list

router = Router(tags=["taxonomy"])


class ProductAreaOut(Schema):
    id: int
    slug: str
    name: str
    names: dict[str, str]
    description: str
    is_active: bool
    product_managers: list[MemberRef]


@router.get("/product-areas", response=list[ProductAreaOut], auth=ANYONE)
def product_areas(request):
    return [
        {
            "id": area.pk,
            "slug": area.slug,
            "name": area.name,
            "names": area.names,
            "description": area.description,
            "is_active": area.is_active,
            "product_managers": [member_ref(m) for m in area.product_managers.all()],
        }
        for area in product_area_list(user=request.user)
    ]
