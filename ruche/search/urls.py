from django.urls import path

from . import feeds, views

app_name = "search"
urlpatterns = [
    path("", views.results, name="results"),
]

feed_urlpatterns = (
    [
        path("spaces/<slug:slug>/rss/", feeds.SpaceRssFeed(), name="space_rss"),
        path("spaces/<slug:slug>/atom/", feeds.SpaceAtomFeed(), name="space_atom"),
        path("tags/<slug:slug>/rss/", feeds.TagRssFeed(), name="tag_rss"),
        path("tags/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag_atom"),
    ],
    "feeds",
)
