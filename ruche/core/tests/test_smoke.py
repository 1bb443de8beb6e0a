import pytest

pytestmark = pytest.mark.django_db


def test_home_lists_only_public_spaces_to_visitors(client, spaces):
    response = client.get("/")
    assert response.status_code == 200
    slugs = [space.slug for space in response.context["spaces"]]
    assert slugs == ["public-space"]
