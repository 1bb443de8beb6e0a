"""Small helpers for the forum templates."""

from __future__ import annotations

import functools

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from ruche.accounts.roles import Role
from ruche.forum.models import Topic

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


@functools.cache
def _like_url(prefix: str, topic: bool) -> str:
    # reverse() once per kind of post, not once per button.
    url = reverse("forum:topic_like" if topic else "forum:reply_like", args=[1_000_000_007])
    return url.replace("{", "{{").replace("}", "}}").replace("1000000007", "{}")


@register.simple_tag(takes_context=True)
def like_button(context, post) -> str:
    """The like button of a topic or reply, for the reader in ``context``.

    Written in Python rather than as an included template: a topic page shows up to a hundred
    of them, and this is a tenth of the cost.
    """
    user = context.get("user")
    url = _like_url(get_script_prefix(), isinstance(post, Topic)).format(post.pk)
    label = ngettext("%(counter)s like", "%(counter)s likes", post.like_count) % {
        "counter": post.like_count
    }
    signed_in = user is not None and user.is_authenticated
    if not signed_in or post.author_id == user.pk:
        title = (
            gettext("You cannot like your own post.")
            if signed_in
            else gettext("Sign in to like posts.")
        )
        inner = format_html(
            '<button type="button" class="like" disabled title="{}">'
            '<span aria-hidden="true">♥</span> {}</button>',
            title,
            label,
        )
    elif getattr(post, "liked", False):
        inner = format_html(
            '<input type="hidden" name="action" value="unlike">'
            '<button type="submit" class="like liked" aria-pressed="true">'
            '<span aria-hidden="true">♥</span> {}<span class="visually-hidden"> · {}</span>'
            "</button>",
            label,
            gettext("You like this. Press to take your like back."),
        )
    else:
        inner = format_html(
            '<input type="hidden" name="action" value="like">'
            '<button type="submit" class="like" aria-pressed="false">'
            '<span aria-hidden="true">♡</span> {}<span class="visually-hidden"> · {}</span>'
            "</button>",
            label,
            gettext("Press to like."),
        )
    token = context.get("csrf_token")
    csrf = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        if signed_in and token
        else ""
    )
    return format_html(
        '<form method="post" action="{}" class="inline like-form" hx-post="{}" '
        'hx-swap="outerHTML">{}{}</form>',
        url,
        url,
        csrf,
        inner,
    )
