"""The French catalog is complete, consistent with its sources, and compiled.

Refresh the catalogs after changing strings (from the ``ruche`` directory)::

    ../.venv/bin/python ../manage.py makemessages -l fr -l en --no-obsolete \
        --ignore "*/tests/*" --ignore "*/demo/*"
    # translate the new entries of locale/fr/LC_MESSAGES/django.po, drop "#, fuzzy"
    ../.venv/bin/python ../manage.py compilemessages -l fr -l en
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.utils import translation

import ruche

LOCALE = Path(ruche.__file__).resolve().parent / "locale"

# %(name)s, %(count)d, %s, %%… (printf-style, as Python and makemessages write them).
PRINTF = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*\d*(?:\.\d+)?(?P<type>[diouxXeEfFgGcrsa%])")
# {{ name }} or {{ name|filter }} (should blocktranslate variables ever reach the catalog).
MUSTACHE = re.compile(r"{{\s*([\w.]+)")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _entries(language: str) -> list[polib.POEntry]:
    return [entry for entry in _catalog(language) if not entry.obsolete]


def _label(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"


def _msgstrs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """Each translation with the source text it must match (plural forms use msgid_plural)."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [
        (entry.msgid if index == 0 else entry.msgid_plural, text)
        for index, text in sorted(entry.msgstr_plural.items())
    ]


def _placeholders(text: str) -> Counter:
    found = Counter(
        (match["name"], match["type"]) for match in PRINTF.finditer(text) if match["type"] != "%"
    )
    found.update(("{{}}", name) for name in MUSTACHE.findall(text))
    return found


def test_french_catalog_header():
    metadata = _catalog("fr").metadata
    assert metadata["Language"] == "fr"
    assert metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert "charset=UTF-8" in metadata["Content-Type"]
    assert not _catalog("fr").metadata_is_fuzzy


def test_every_french_entry_is_translated():
    entries = _entries("fr")
    assert len(entries) > 100, "the French catalog looks empty: run makemessages (see above)"
    untranslated = [
        _label(entry)
        for entry in entries
        if not all(text.strip() for _source, text in _msgstrs(entry))
        or (entry.msgid_plural and len(entry.msgstr_plural) != 2)
    ]
    assert not untranslated, "Untranslated French entries:\n" + "\n".join(untranslated)


def test_no_french_entry_is_fuzzy():
    fuzzy = [_label(entry) for entry in _entries("fr") if "fuzzy" in entry.flags]
    assert not fuzzy, "Fuzzy French entries (check them, then drop the flag):\n" + "\n".join(fuzzy)


def test_french_placeholders_and_tags_match_the_source():
    problems = []
    for entry in _entries("fr"):
        for source, text in _msgstrs(entry):
            if _placeholders(source) != _placeholders(text):
                problems.append(f"{_label(entry)}: placeholders differ in {text!r}")
            if sorted(HTML_TAG.findall(source)) != sorted(HTML_TAG.findall(text)):
                problems.append(f"{_label(entry)}: HTML tags differ in {text!r}")
    assert not problems, "\n".join(problems)


def _pairs(entries) -> set[tuple]:
    pairs = set()
    for entry in entries:
        if not entry.msgid:  # the header
            continue
        if entry.msgid_plural:
            forms = tuple(text for _index, text in sorted(entry.msgstr_plural.items()))
            pairs.add((entry.msgctxt, entry.msgid, entry.msgid_plural, forms))
        else:
            pairs.add((entry.msgctxt, entry.msgid, entry.msgstr))
    return pairs


@pytest.mark.parametrize("language", ["fr", "en"])
def test_compiled_catalog_matches_the_po_file(language):
    mo_path = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"Missing {mo_path}: run compilemessages (see above)"
    po_pairs = _pairs(_catalog(language).translated_entries())
    mo_pairs = _pairs(polib.mofile(str(mo_path)))
    assert po_pairs == mo_pairs, (
        f"{mo_path} is out of date: run compilemessages. "
        f"Only in .po: {sorted(po_pairs - mo_pairs, key=str)[:5]}; "
        f"only in .mo: {sorted(mo_pairs - po_pairs, key=str)[:5]}"
    )


def test_interface_renders_in_french():
    with translation.override("fr"):
        assert translation.gettext("Spaces") == "Espaces"
        assert Template('{% load i18n %}{% translate "Sign in" %}').render(Context()) == (
            "Se connecter"
        )
        template = Template(
            "{% load i18n %}{% blocktranslate count counter=n %}"
            "{{ counter }} health professional builds {{ company_name }} with us: ask, share how "
            "you work, propose what comes next.{% plural %}{{ counter }} health professionals "
            "build {{ company_name }} with us: ask, share how you work, propose what comes next."
            "{% endblocktranslate %}"
        )
        one = template.render(Context({"n": 1, "company_name": "Acme"}))
        many = template.render(Context({"n": 2, "company_name": "Acme"}))
    assert one.startswith("1 professionnel de santé construit Acme")
    assert many.startswith("2 professionnels de santé construisent Acme")
    with translation.override("en"):
        assert translation.gettext("Spaces") == "Spaces"
