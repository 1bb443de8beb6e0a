from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "ruche.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from ruche.forum import similar

        from .selectors import similar_topics
        from .sqlite import register_functions

        # The embedded demo's SQLite has no full-text search in our languages: give each
        # connection the Python matching functions the search queries call.
        connection_created.connect(register_functions, dispatch_uid="ruche.search.sqlite")
        # The forum offers similar questions while a title is typed: the search finds them.
        similar.provide(similar_topics)
