from django.http import Http404
from django.urls import path


def _pending(request, **kwargs):
    raise Http404


app_name = "forum"
urlpatterns = [
    path("t/<int:topic_id>/", _pending, name="topic"),
]
