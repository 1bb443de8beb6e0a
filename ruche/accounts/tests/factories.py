from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from ruche.accounts.models import Segment, User
from ruche.accounts.roles import STAFF_ROLES, Role
from ruche.products.models import ProductArea
from ruche.spaces.models import Programme, Space, Visibility


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"segment-{n}")
    names = factory.LazyAttribute(lambda o: {"en": o.slug.title(), "fr": o.slug.title()})


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Faker("name")
    country = "FR"
    language = "fr"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 (factory_boy passes the object)
        if create:
            obj.save()


def member_with_role(role: str, **fields) -> User:
    user = UserFactory(**fields)
    if role != Role.MEMBER:
        group, _created = Group.objects.get_or_create(name=role)
        user.groups.add(group)
        if role in STAFF_ROLES:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    user.__dict__.pop("role_slugs", None)
    return user


class ProductAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductArea
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"area-{n}")
    names = factory.LazyAttribute(lambda o: {"en": o.slug.title(), "fr": o.slug.title()})


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"programme-{n}")
    names = factory.LazyAttribute(lambda o: {"en": o.slug.title(), "fr": o.slug.title()})


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"space-{n}")
    names = factory.LazyAttribute(lambda o: {"en": o.slug.title(), "fr": o.slug.title()})
    visibility = Visibility.MEMBERS
