from django.contrib import admin

from ruche.core.admin import RuleAdmin, translated_form

from .models import ProductArea
from .services import product_area_set_managers


@admin.register(ProductArea)
class ProductAreaAdmin(RuleAdmin):
    form = translated_form(ProductArea, {"names": True, "descriptions": False})
    list_display = ["__str__", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    filter_horizontal = ["product_managers"]
    search_fields = ["slug", "names"]

    def save_related(self, request, form, formsets, change) -> None:
        # The product managers go through the service, which records the change.
        managers = form.cleaned_data.pop("product_managers", None)
        super().save_related(request, form, formsets, change)
        if managers is not None:
            product_area_set_managers(area=form.instance, managers=managers, actor=request.user)
