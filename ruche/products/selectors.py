from django.db.models import QuerySet

from ruche.core.permissions import visible

from .models import ProductArea


def product_area_list(*, user) -> QuerySet[ProductArea]:
    return visible(user, ProductArea.objects.prefetch_related("product_managers")).order_by(
        "position", "slug"
    )
