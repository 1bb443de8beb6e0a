"""Forum rows for tests. They skip the services (no ledger, no limits): use them for data that
a test reads, and the services for the behaviour under test."""

from __future__ import annotations

import factory

from ruche.accounts.tests.factories import SpaceFactory, UserFactory
from ruche.core.markdown import render_markdown
from ruche.forum.models import Reply, Tag, Topic, TopicKind


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"tag-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.title())


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    space = factory.SubFactory(SpaceFactory)
    kind = TopicKind.QUESTION
    title = factory.Sequence(lambda n: f"How do I configure the agenda {n}?")
    author = factory.SubFactory(UserFactory)
    body = "The agenda shows the wrong week after the update."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body).html)
    toc = factory.LazyAttribute(lambda o: render_markdown(o.body).toc)


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    body = "Open the settings and choose the first day of the week."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body).html)
