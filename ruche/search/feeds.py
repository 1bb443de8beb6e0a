"""RSS and Atom feeds of the newest topics of a public space or of a tag.

Feed readers are anonymous: a feed holds exactly what an anonymous visitor may read, so a space
that is not public has no feed (404) and a tag feed leaves out topics of non-public spaces.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ruche.core.conf import COMPANY_NAME
from ruche.core.permissions import visible
from ruche.forum.models import Tag, Topic
from ruche.spaces.models import Space, Visibility

FEED_SIZE = 30


def _public_topics() -> QuerySet[Topic]:
    return (
        visible(AnonymousUser(), Topic.objects.filter(is_deleted=False))
        .filter(space__visibility=Visibility.PUBLIC)
        .select_related("author", "space")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("slug")))
        .order_by("-created_at", "-id")
    )


class _TopicFeed(Feed):
    def items(self, obj) -> list[Topic]:
        return list(self.topics(obj)[:FEED_SIZE])

    def topics(self, obj) -> QuerySet[Topic]:
        raise NotImplementedError

    def item_title(self, item: Topic) -> str:
        return item.title

    def item_description(self, item: Topic) -> str:
        # Rendered from Markdown and sanitized by nh3 when the topic was written.
        return item.body_html

    def item_link(self, item: Topic) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Topic) -> str:
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    def item_guid_is_permalink(self, item: Topic) -> bool:
        return True

    def item_pubdate(self, item: Topic):
        return item.created_at

    def item_updateddate(self, item: Topic):
        return item.edited_at or item.created_at

    def item_author_name(self, item: Topic) -> str:
        return item.author.public_name

    def item_categories(self, item: Topic) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class SpaceRssFeed(_TopicFeed):
    def get_object(self, request, slug: str) -> Space:
        space = get_object_or_404(Space, slug=slug)
        if space.visibility != Visibility.PUBLIC:
            raise Http404
        return space

    def title(self, obj: Space) -> str:
        return _("%(space)s · %(company)s community") % {
            "space": obj.name,
            "company": COMPANY_NAME.value,
        }

    def link(self, obj: Space) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Space) -> str:
        return obj.description or _("The newest topics of %(space)s.") % {"space": obj.name}

    def topics(self, obj: Space) -> QuerySet[Topic]:
        return _public_topics().filter(space=obj)


class SpaceAtomFeed(SpaceRssFeed):
    feed_type = Atom1Feed
    subtitle = SpaceRssFeed.description


class TagRssFeed(_TopicFeed):
    def get_object(self, request, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj: Tag) -> str:
        return _("#%(tag)s · %(company)s community") % {
            "tag": obj.name,
            "company": COMPANY_NAME.value,
        }

    def link(self, obj: Tag) -> str:
        return f"{reverse('search:results')}?{urlencode({'tag': obj.slug})}"

    def description(self, obj: Tag) -> str:
        return _("The newest public topics tagged %(tag)s.") % {"tag": obj.name}

    def topics(self, obj: Tag) -> QuerySet[Topic]:
        return _public_topics().filter(tags=obj)


class TagAtomFeed(TagRssFeed):
    feed_type = Atom1Feed
    subtitle = TagRssFeed.description
