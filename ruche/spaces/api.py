from ninja import Router, Schema

from ruche.core.api import ANYONE, ErrorOut
from ruche.core.permissions import can_moderate, can_write
from ruche.core.schemas import TranslatedRef, translated_ref

from .selectors import space_get, space_list

router = Router(tags=["spaces"])


class SpaceOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    visibility: str
    programme: TranslatedRef | None
    product_area: TranslatedRef | None
    posting: str
    is_archived: bool
    may_write: bool
    may_moderate: bool


def space_out(space, user) -> dict:
    return {
        "id": space.pk,
        "slug": space.slug,
        "name": space.name,
        "description": space.description,
        "visibility": space.visibility,
        "programme": translated_ref(space.programme),
        "product_area": translated_ref(space.product_area),
        "posting": space.posting,
        "is_archived": space.is_archived,
        "may_write": can_write(user, space),
        "may_moderate": can_moderate(user, space) if user.is_authenticated else False,
    }


@router.get("/spaces", response=list[SpaceOut], auth=ANYONE, summary="Spaces you may see")
def spaces(request):
    return [space_out(space, request.user) for space in space_list(user=request.user)]


@router.get("/spaces/{slug}", response={200: SpaceOut, 404: ErrorOut}, auth=ANYONE)
def space_detail(request, slug: str):
    return space_out(space_get(user=request.user, slug=slug), request.user)
