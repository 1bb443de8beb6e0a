from django.http import HttpRequest

from .selectors import UNREAD_SHOWN_MAX, unread_count


def notifications(request: HttpRequest) -> dict:
    """The unread count for the bell in the header of every page of a signed-in member."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    count = unread_count(user)
    return {
        "notifications_unread": count,
        "notifications_unread_shown": f"{UNREAD_SHOWN_MAX}+" if count > UNREAD_SHOWN_MAX else count,
    }
