"""Small helpers for the forum templates."""

from __future__ import annotations

from django import template

from ruche.accounts.roles import Role

register = template.Library()


@register.filter
def role_label(value: str) -> str:
    """The readable name of a role slug kept on a post (``author_role``)."""
    try:
        return str(Role(value).label)
    except ValueError:
        return ""


@register.filter
def toc_indent(level: int) -> str:
    """A class for a table-of-contents entry (h3 entries sit under their h2)."""
    return "toc-sub" if int(level or 2) > 2 else ""
