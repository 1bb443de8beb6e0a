"""The JSON API under /api/v1/: every app's router, session or personal-token authentication,
JSON errors (the shared pieces live in ``ruche.core.api``)."""

from __future__ import annotations

from ninja import NinjaAPI

from ruche.accounts.api import router as accounts_router
from ruche.activity.api import router as activity_router
from ruche.core.api import MEMBER, install_error_handlers
from ruche.forum.api import router as forum_router
from ruche.ideas.api import router as ideas_router
from ruche.notifications.api import router as notifications_router
from ruche.products.api import router as products_router
from ruche.recognition.api import router as recognition_router
from ruche.search.api import router as search_router
from ruche.spaces.api import router as spaces_router

api = NinjaAPI(
    title="Ruche API",
    version="1",
    description=(
        "The Ruche community API. Authenticate with the browser session or with a personal "
        "token: `Authorization: Bearer ruche_…`. Errors are JSON: `detail`, and `errors` listing "
        "each wrong field with the reason."
    ),
    auth=MEMBER,
    urls_namespace="api",
)
install_error_handlers(api)

api.add_router("", accounts_router)
api.add_router("", products_router)
api.add_router("", spaces_router)
api.add_router("", activity_router)
api.add_router("", search_router)
api.add_router("", notifications_router)
api.add_router("", forum_router)
api.add_router("", ideas_router)
api.add_router("", recognition_router)
