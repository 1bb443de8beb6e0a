"""The URL namespaces whose pages live in several apps: each app's own URLs, with the pages the
site composes added under the same names (``spaces:detail``, ``accounts:member_detail``)."""

from django.urls import path

from ruche.accounts import urls as accounts_urls
from ruche.spaces import urls as spaces_urls

from . import views

spaces_urlpatterns = [
    *spaces_urls.urlpatterns,
    path("<slug:slug>/", views.space_detail, name="detail"),
]

accounts_urlpatterns = [
    path("members/<int:member_id>/", views.member_detail, name="member_detail"),
    *accounts_urls.urlpatterns,
]
