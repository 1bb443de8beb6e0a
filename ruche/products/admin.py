from django.contrib import admin

from ruche.core.admin import translated_form

from .models import ProductArea


@admin.register(ProductArea)
class ProductAreaAdmin(admin.ModelAdmin):
    form = translated_form(ProductArea, {"names": True, "descriptions": False})
    list_display = ["__str__", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    filter_horizontal = ["product_managers"]
    search_fields = ["slug", "names"]
