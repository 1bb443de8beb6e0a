from django.urls import path

from . import views

app_name = "recognition"
urlpatterns = [
    path("", views.hub, name="hub"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("badges/", views.badge_list, name="badges"),
    path("badges/<slug:slug>/", views.badge_detail, name="badge"),
    path("badges/<slug:slug>/grant/", views.badge_grant, name="badge_grant"),
    path("challenges/", views.challenge_list, name="challenges"),
    path("challenges/new/", views.challenge_create, name="challenge_create"),
    path("challenges/<int:challenge_id>/", views.challenge_detail, name="challenge"),
    path("me/", views.me, name="me"),
    path("me/privacy/", views.privacy, name="privacy"),
    path("welcome/", views.welcome, name="welcome"),
    path("guidelines/", views.guidelines, name="guidelines"),
    path("welcome/<int:member_id>/", views.welcome_member, name="welcome_member"),
    path("candidates/", views.candidates, name="candidates"),
    path("candidates/<int:member_id>/invite/", views.candidate_invite, name="candidate_invite"),
    path("members/<int:member_id>/feature/", views.feature, name="feature"),
]
