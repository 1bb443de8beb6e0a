from django.urls import path

from . import views

# A space's own page lists its topics: the site composes it (``ruche.site.urls``).
app_name = "spaces"
urlpatterns = [
    path("", views.space_index, name="list"),
]
