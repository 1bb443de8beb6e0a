from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True for a request htmx sent to swap part of a page."""
    return request.headers.get("HX-Request") == "true"
