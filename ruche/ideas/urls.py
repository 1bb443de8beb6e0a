from django.urls import path

from . import views

app_name = "ideas"
urlpatterns = [
    path("", views.idea_list, name="list"),
    path("new/", views.idea_create, name="create"),
    path("similar/", views.similar, name="similar"),
    path("inbox/", views.inbox, name="inbox"),
    path("export.csv", views.export_csv, name="export"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("accountability/", views.accountability, name="accountability"),
    path("releases/", views.release_list, name="releases"),
    path("releases/new/", views.release_edit, name="release_create"),
    path("releases/<int:release_id>/", views.release_detail, name="release"),
    path("releases/<int:release_id>/edit/", views.release_edit, name="release_edit"),
    path("releases/<int:release_id>/publish/", views.release_publish, name="release_publish"),
    path("<int:idea_id>/", views.idea_detail, name="detail"),
    path("<int:idea_id>/edit/", views.idea_edit, name="edit"),
    path("<int:idea_id>/like/", views.idea_like, name="like"),
    path("<int:idea_id>/delete/", views.idea_delete, name="delete"),
    path("<int:idea_id>/restore/", views.idea_restore, name="restore"),
    path("<int:idea_id>/follow/", views.idea_follow, name="follow"),
    path("<int:idea_id>/comment/", views.idea_comment, name="comment"),
    path("<int:idea_id>/respond/", views.respond, name="respond"),
    path("<int:idea_id>/status/", views.set_status, name="status"),
    path("<int:idea_id>/merge/", views.merge, name="merge"),
    path("merges/<int:merge_id>/undo/", views.unmerge, name="unmerge"),
    path("responses/<int:response_id>/publish/", views.response_publish, name="response_publish"),
]
