import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

BASE_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "base.html"


def test_every_static_file_of_the_layout_is_found():
    names = re.findall(r"{% static '([^']+)' %}", BASE_TEMPLATE.read_text())
    assert "ruche/css/ruche.css" in names
    for name in names:
        assert finders.find(name), name


@pytest.mark.django_db
def test_the_stylesheet_is_served_to_the_browser(client):
    response = client.get("/static/ruche/css/ruche.css")
    assert response.status_code == 200
    assert b"--brand" in b"".join(response.streaming_content)
