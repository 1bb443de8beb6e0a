from django.urls import path

from . import views

app_name = "spaces"
urlpatterns = [
    path("", views.space_index, name="list"),
    path("<slug:slug>/", views.space_detail, name="detail"),
]
