"""Recognition on other apps' pages: the profile block, the newcomer mark on first posts."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from ruche.core.permissions import can

from ..permissions import MANAGE, WELCOME
from ..selectors import member_summary, newcomer_ids

register = template.Library()


@register.inclusion_tag("recognition/_profile.html", takes_context=True)
def recognition_profile(context, member) -> dict:
    viewer = context.get("user")
    summary = member_summary(member=member, viewer=viewer)
    return {
        "summary": summary,
        "user": viewer,
        "csrf_token": context.get("csrf_token"),
        "newcomer": member.pk in newcomer_ids([member.pk]),
        "may_feature": can(viewer, MANAGE),
    }


def _page_newcomers(context, author_id: int) -> bool:
    """Whether the author is a newcomer; the authors of the whole page are looked up on the
    first call of the request (two queries), any other author on demand."""
    request = context.get("request")
    known: dict[int, bool] | None = getattr(request, "_recognition_newcomers", None)
    if known is None:
        known = {}
        ids = set()
        topic = context.get("topic")
        if topic is not None:
            ids.add(topic.author_id)
        page = context.get("page")
        for item in getattr(page, "items", None) or []:
            if getattr(item, "author_id", None):
                ids.add(item.author_id)
        found = newcomer_ids(sorted(ids))
        known.update({pk: pk in found for pk in ids})
        if request is not None:
            request._recognition_newcomers = known
    if author_id not in known:
        known[author_id] = author_id in newcomer_ids([author_id])
    return known[author_id]


@register.simple_tag(takes_context=True)
def newcomer_mark(context, post) -> str:
    """ "New member" on a newcomer's post, with a button for others to welcome them.

    Written in Python and empty for the other posts: a topic page asks for up to a hundred."""
    author_id = post.author_id
    if not (author_id and _page_newcomers(context, author_id)):
        return ""
    mark = format_html('<span class="badge newcomer">{}</span>', gettext("New member"))
    if not can(context.get("user"), WELCOME, newcomer_id=author_id):
        return mark
    request = context.get("request")
    return format_html(
        '{} <form method="post" action="{}" class="inline-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">'
        '<button type="submit" class="link">{}</button></form>',
        mark,
        reverse("recognition:welcome_member", args=[author_id]),
        context.get("csrf_token") or "",
        request.get_full_path() if request is not None else "",
        gettext("Say welcome"),
    )
