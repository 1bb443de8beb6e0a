"""Ruche's settings: each app declares its own; every ``RUCHE_*`` environment variable is collected
as text, and ``ruche check`` names an unknown or malformed one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from ruche.accounts.conf import INVITATION_VALID_DAYS
from ruche.core.conf import COMPANY_NAME
from ruche.settings import ruche_environment

PROJECT = Path(__file__).resolve().parents[3]


def test_every_ruche_variable_is_collected_as_text_but_the_two_that_are_not_settings(
    monkeypatch,
):
    monkeypatch.setenv("RUCHE_TOPICS_PER_PAGE", "abc")
    monkeypatch.setenv("RUCHE_COMPANY_NAME", "Acme")
    monkeypatch.setenv("RUCHE_ENV", "demo")
    monkeypatch.setenv("RUCHE_REQUIRE_BROWSER", "1")
    collected = ruche_environment()
    assert collected["TOPICS_PER_PAGE"] == "abc"
    assert collected["COMPANY_NAME"] == "Acme"
    assert "ENV" not in collected
    assert "REQUIRE_BROWSER" not in collected


def test_declared_settings_read_text_and_fall_back_to_their_default(settings):
    settings.RUCHE = {**settings.RUCHE, "INVITATION_VALID_DAYS": "21", "COMPANY_NAME": "Acme"}
    assert INVITATION_VALID_DAYS.value == 21
    assert COMPANY_NAME.value == "Acme"
    settings.RUCHE = {k: v for k, v in settings.RUCHE.items() if k != "INVITATION_VALID_DAYS"}
    assert INVITATION_VALID_DAYS.value == 14


def test_check_names_an_unknown_setting(settings):
    settings.RUCHE = {**settings.RUCHE, "TOPICS_PER_PAEG": "5"}
    with pytest.raises(SystemCheckError, match="RUCHE_TOPICS_PER_PAEG is not a Ruche setting"):
        call_command("check")


def test_check_names_a_malformed_setting(settings):
    settings.RUCHE = {**settings.RUCHE, "INVITATION_VALID_DAYS": "abc"}
    with pytest.raises(
        SystemCheckError, match=r"RUCHE_INVITATION_VALID_DAYS is malformed \('abc'\)"
    ):
        call_command("check")


def test_check_names_a_setting_below_its_minimum(settings):
    settings.RUCHE = {**settings.RUCHE, "AVATAR_SIZE": "2"}
    with pytest.raises(SystemCheckError, match="RUCHE_AVATAR_SIZE is malformed"):
        call_command("check")


def _ruche_check(**variables: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if not name.startswith("RUCHE_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "ruche", "check"],
        cwd=PROJECT,
        env={**env, **variables},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ruche_check_fails_on_a_misspelt_or_malformed_environment_variable():
    clean = _ruche_check()
    assert clean.returncode == 0, clean.stderr
    wrong = _ruche_check(RUCHE_TOPICS_PER_PAEG="5", RUCHE_INVITATION_VALID_DAYS="abc")
    assert wrong.returncode != 0
    assert "RUCHE_TOPICS_PER_PAEG is not a Ruche setting" in wrong.stderr
    assert "RUCHE_INVITATION_VALID_DAYS is malformed ('abc')" in wrong.stderr
