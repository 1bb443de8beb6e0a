from ninja import Schema


class MemberRef(Schema):
    id: int
    display_name: str


class TranslatedRef(Schema):
    id: int
    slug: str
    name: str


def member_ref(member) -> dict:
    return {"id": member.pk, "display_name": member.public_name}


def translated_ref(obj) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "slug": obj.slug, "name": obj.name}
