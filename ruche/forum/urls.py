from django.urls import path

from . import views

app_name = "forum"
urlpatterns = [
    path("", views.topic_list, name="list"),
    path("new/", views.topic_create, name="topic_create"),
    path("similar/", views.similar_questions, name="similar"),
    path("uploads/", views.upload, name="upload"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
    path("follow/<str:target_type>/<int:target_id>/", views.follow, name="follow"),
    path("support/", views.support_queue, name="support"),
    path("support/<int:escalation_id>/", views.support_update, name="support_update"),
    path("t/<int:topic_id>/", views.topic_detail, name="topic"),
    path("t/<int:topic_id>/reply/", views.reply_create, name="reply_create"),
    path("t/<int:topic_id>/edit/", views.topic_edit, name="topic_edit"),
    path("t/<int:topic_id>/delete/", views.topic_delete, name="topic_delete"),
    path("t/<int:topic_id>/restore/", views.topic_restore, name="topic_restore"),
    path("t/<int:topic_id>/retag/", views.topic_retag, name="topic_retag"),
    path("t/<int:topic_id>/move/", views.topic_move, name="topic_move"),
    path("t/<int:topic_id>/hide/", views.topic_flag_hide, name="topic_flag_hide"),
    path("t/<int:topic_id>/history/", views.topic_history, name="topic_history"),
    path("t/<int:topic_id>/like/", views.topic_like, name="topic_like"),
    path("t/<int:topic_id>/unaccept/", views.answer_unaccept, name="answer_unaccept"),
    path("t/<int:topic_id>/escalate/", views.escalate, name="escalate"),
    path("t/<int:topic_id>/helpful/", views.article_vote, name="article_vote"),
    path("r/<int:reply_id>/edit/", views.reply_edit, name="reply_edit"),
    path("r/<int:reply_id>/delete/", views.reply_delete, name="reply_delete"),
    path("r/<int:reply_id>/restore/", views.reply_restore, name="reply_restore"),
    path("r/<int:reply_id>/hide/", views.reply_flag_hide, name="reply_flag_hide"),
    path("r/<int:reply_id>/history/", views.reply_history, name="reply_history"),
    path("r/<int:reply_id>/like/", views.reply_like, name="reply_like"),
    path("r/<int:reply_id>/accept/", views.answer_accept, name="answer_accept"),
]
