from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ruche.ideas"
    label = "ideas"
    verbose_name = _("Ideas and roadmap")

    def ready(self) -> None:
        from . import permissions, thread, verbs  # noqa: F401  (rules and events register)

        # The forum hosts each idea's comment thread: its kind says how (ruche.ideas.thread).
        thread.register()
