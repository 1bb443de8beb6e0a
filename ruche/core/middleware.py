from django.conf import settings
from django.utils import translation


class MemberLanguageMiddleware:
    """After the browser's language (LocaleMiddleware), a signed-in member's own choice wins."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        choice = getattr(user, "ui_language", "") if user and user.is_authenticated else ""
        if choice in self.available:
            translation.activate(choice)
            request.LANGUAGE_CODE = choice
        return self.get_response(request)
