import hashlib

from django import template
from django.utils.html import format_html

register = template.Library()

# Background colours with at least 4.5:1 contrast against white initials.
_PALETTE = ["#1f5f8b", "#7a3e9d", "#2e7d32", "#a23b2a", "#5d4037", "#00695c", "#4527a0", "#8a4b08"]


@register.simple_tag
def avatar(member, size: int = 40):
    """The member's picture, or a generated initials badge (no extra request or query)."""
    name = member.public_name
    if member.avatar:
        return format_html(
            '<img class="avatar" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            member.avatar.url,
            size,
            size,
        )
    digest = hashlib.sha256(str(member.pk).encode()).digest()
    colour = _PALETTE[digest[0] % len(_PALETTE)]
    return format_html(
        '<svg class="avatar" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 40 40">'
        '<circle cx="20" cy="20" r="20" fill="{}"/>'
        '<text x="20" y="25" text-anchor="middle" font-size="15" font-family="sans-serif" '
        'fill="#fff">{}</text></svg>',
        name,
        size,
        size,
        colour,
        member.initials,
    )


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for filters and pagination)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
