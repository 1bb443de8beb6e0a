from django.urls import path

from . import views

# A member's profile shows their activity: the site composes it (``ruche.site.urls``).
app_name = "accounts"
urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("members/@<str:handle>/", views.member_by_handle, name="member_by_handle"),
    path("settings/profile/", views.profile_edit, name="profile_edit"),
    path("settings/tokens/", views.token_list, name="tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("staff/invitations/", views.invitation_list, name="invitations"),
    path(
        "staff/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation_landing, name="invitation_landing"),
]
