from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from ruche.accounts import views as accounts_views
from ruche.api import api
from ruche.core import views as core_views
from ruche.search.urls import feed_urlpatterns
from ruche.site import urls as site_urls
from ruche.site import views as site_views

admin.site.site_header = "Ruche"
admin.site.site_title = "Ruche"

urlpatterns = [
    path("", site_views.home, name="home"),
    path("language/", accounts_views.language_switch, name="language_switch"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("spaces/", include((site_urls.spaces_urlpatterns, "spaces"))),
    path("forum/", include("ruche.forum.urls")),
    path("search/", include("ruche.search.urls")),
    path("feeds/", include(feed_urlpatterns)),
    path("notifications/", include("ruche.notifications.urls")),
    path("ideas/", include("ruche.ideas.urls")),
    path("community/", include("ruche.recognition.urls")),
    path("", include((site_urls.accounts_urlpatterns, "accounts"))),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

if settings.DEBUG or not settings.PRODUCTION:
    # The demo serves uploaded pictures itself; production lets the web server do it.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
