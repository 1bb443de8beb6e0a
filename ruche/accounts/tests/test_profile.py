"""Editing one's profile and picture; the generated initials avatar."""

from __future__ import annotations

import io
import random

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ruche.accounts.models import User
from ruche.accounts.services import (
    member_remove_avatar,
    member_set_avatar,
    member_update_profile,
)
from ruche.accounts.tests.factories import UserFactory
from ruche.activity.models import Activity

pytestmark = pytest.mark.django_db

PROFILE_URL = "/settings/profile/"


def _png(width: int = 640, height: int = 480, *, noise: bool = False, name: str = "me.png"):
    """A real PNG; with ``noise`` it barely compresses, so its size is predictable."""
    if noise:
        image = Image.frombytes(
            "RGB", (width, height), random.Random(7).randbytes(width * height * 3)
        )
    else:
        image = Image.new("RGB", (width, height), (200, 30, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _stored_picture(member: User) -> Image.Image:
    member.refresh_from_db()
    with member.avatar.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def _upload(client, upload):
    return client.post(PROFILE_URL, {"avatar": upload})


# --- Avatar ---------------------------------------------------------------------------------


def test_png_is_stored_as_a_square_webp(member, client_for):
    response = _upload(client_for(member), _png(640, 480))
    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL

    picture = _stored_picture(member)
    assert picture.format == "WEBP"
    assert picture.size == (256, 256)
    assert member.avatar.name.endswith(".webp")
    assert member.avatar.name.startswith(f"avatars/{member.pk}/")
    assert Activity.objects.filter(actor=member, verb="member.avatar_changed").count() == 1


def test_avatar_size_follows_the_setting(member, client_for, settings):
    settings.RUCHE = {**settings.RUCHE, "AVATAR_SIZE": 64}
    _upload(client_for(member), _png(300, 900))
    assert _stored_picture(member).size == (64, 64)


def test_new_picture_replaces_the_old_file(member, client_for):
    client = client_for(member)
    _upload(client, _png())
    member.refresh_from_db()
    old_name = member.avatar.name
    storage = member.avatar.storage
    assert storage.exists(old_name)

    _upload(client, _png(100, 100))
    member.refresh_from_db()
    assert member.avatar.name != old_name
    assert storage.exists(member.avatar.name)
    assert not storage.exists(old_name)


@pytest.fixture
def member_with_picture(member, client_for):
    client = client_for(member)
    _upload(client, _png())
    member.refresh_from_db()
    return member, client, member.avatar.name


def _assert_refused(response, member, old_name):
    assert response.status_code == 200
    assert response.context["avatar_form"].errors["avatar"]
    member.refresh_from_db()
    assert member.avatar.name == old_name
    assert member.avatar.storage.exists(old_name)
    assert Activity.objects.filter(actor=member, verb="member.avatar_changed").count() == 1


def test_text_file_renamed_png_is_refused(member_with_picture):
    member, client, old_name = member_with_picture
    fake = SimpleUploadedFile(
        "holiday.png", b"this is not a picture at all\n" * 20, content_type="image/png"
    )
    response = _upload(client, fake)
    _assert_refused(response, member, old_name)
    assert "not a picture" in str(response.context["avatar_form"].errors["avatar"])


def test_truncated_png_is_refused(member_with_picture):
    member, client, old_name = member_with_picture
    data = _png(200, 200, noise=True).read()
    broken = SimpleUploadedFile("cut.png", data[: len(data) // 2], content_type="image/png")
    _assert_refused(_upload(client, broken), member, old_name)


def test_svg_is_refused(member_with_picture):
    member, client, old_name = member_with_picture
    svg = SimpleUploadedFile(
        "me.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    )
    _assert_refused(_upload(client, svg), member, old_name)


def test_unsupported_image_format_is_refused(member_with_picture):
    member, client, old_name = member_with_picture
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, format="BMP")
    bmp = SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")
    response = _upload(client, bmp)
    _assert_refused(response, member, old_name)


def test_too_large_file_is_refused(member_with_picture, settings):
    member, client, old_name = member_with_picture
    settings.RUCHE = {**settings.RUCHE, "AVATAR_MAX_BYTES": 10_000}
    big = _png(200, 200, noise=True)
    assert big.size > 10_000
    response = _upload(client, big)
    _assert_refused(response, member, old_name)
    assert "too large" in str(response.context["avatar_form"].errors["avatar"])


def test_remove_picture(member_with_picture):
    member, client, old_name = member_with_picture
    response = client.post(PROFILE_URL, {"remove_avatar": "1"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.avatar
    assert not member.avatar.storage.exists(old_name)


def test_avatar_upload_through_the_api(member, client_for):
    response = client_for(member).post("/api/v1/me/avatar", {"file": _png(320, 200)})
    assert response.status_code == 200
    assert response.json()["avatar_url"].endswith(".webp")
    assert _stored_picture(member).size == (256, 256)


def test_bad_avatar_through_the_api_is_a_422(member, client_for):
    fake = SimpleUploadedFile("x.png", b"nope" * 50, content_type="image/png")
    response = client_for(member).post("/api/v1/me/avatar", {"file": fake})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["avatar"]
    member.refresh_from_db()
    assert not member.avatar


# --- Editing rights -------------------------------------------------------------------------


def test_member_cannot_edit_another_member(member, other_member):
    with pytest.raises(PermissionDenied):
        member_update_profile(member=other_member, actor=member, display_name="Hacked")
    with pytest.raises(PermissionDenied):
        member_set_avatar(member=other_member, actor=member, upload=_png())
    with pytest.raises(PermissionDenied):
        member_remove_avatar(member=other_member, actor=member)
    other_member.refresh_from_db()
    assert other_member.display_name == "Olivier Other"
    assert not other_member.avatar


@pytest.mark.parametrize("role", ["moderator", "support_agent", "product_manager"])
def test_staff_without_member_management_cannot_edit_another_member(role, request, member):
    staff = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        member_update_profile(member=member, actor=staff, display_name="Renamed")


def test_community_manager_may_edit_a_member(member, community_manager):
    member_update_profile(member=member, actor=community_manager, display_name="Renamed")
    member.refresh_from_db()
    assert member.display_name == "Renamed"


def test_anonymous_cannot_edit(member, client):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        member_update_profile(member=member, actor=AnonymousUser(), display_name="Nobody")
    response = client.post(PROFILE_URL, {"display_name": "Nobody"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    member.refresh_from_db()
    assert member.display_name == "Marie Member"


def test_profile_form_saves_own_profile(member, client_for):
    response = client_for(member).post(
        PROFILE_URL,
        {
            "display_name": "Marie M.",
            "organisation": "Maison de santé",
            "country": "FR",
            "language": "fr",
            "ui_language": "",
            "bio": "Bonjour",
            "profile_visibility": "private",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Marie M."
    assert member.organisation == "Maison de santé"
    assert member.profile_visibility == "private"
    assert Activity.objects.filter(actor=member, verb="member.profile_updated").exists()


# --- Initials avatar ------------------------------------------------------------------------


def test_profile_page_shows_initials_without_picture(member, other_member, client_for):
    html = client_for(other_member).get(f"/members/{member.pk}/").content.decode()
    start = html.index('<svg class="avatar"', html.index('class="profile"'))
    svg = html[start : html.index("</svg>", start)]
    assert 'aria-label="Marie Member"' in svg
    assert ">MM</text>" in svg


def test_initials_of_a_single_word_or_missing_name(client_for):
    single = UserFactory(display_name="cher")
    nameless = UserFactory(display_name="", email="jean.dupont@example.org")
    viewer = client_for(single)
    assert ">C</text>" in viewer.get(f"/members/{single.pk}/").content.decode()
    assert ">JD</text>" in viewer.get(f"/members/{nameless.pk}/").content.decode()


def test_profile_page_shows_the_picture_once_uploaded(member, client_for):
    client = client_for(member)
    _upload(client, _png())
    member.refresh_from_db()
    html = client.get(f"/members/{member.pk}/").content.decode()
    profile = html[html.index('class="profile"') : html.index("</section>")]
    assert f'<img class="avatar" src="{member.avatar.url}"' in profile
    assert "<svg" not in profile


def test_removing_the_picture_is_written_to_the_ledger(member, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from ruche.accounts.services import member_remove_avatar, member_set_avatar
    from ruche.activity.models import Activity

    buffer = io.BytesIO()
    Image.new("RGB", (50, 50), "red").save(buffer, format="PNG")
    upload = SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")
    member_set_avatar(member=member, actor=member, upload=upload)
    member_remove_avatar(member=member, actor=member)
    member.refresh_from_db()
    assert not member.avatar
    rows = Activity.objects.filter(actor=member, verb="member.avatar_changed")
    # The typed event stores its field either way (rows of earlier versions hold {}).
    assert [row.payload for row in rows.order_by("id")] == [{"removed": False}, {"removed": True}]
