"""Words as search sees them: accents folded, stemmed per language, stop words set aside.

PostgreSQL does this with its text search configurations (see the migration); the SQLite demo and
the highlighter of its excerpts do it here, with the same Snowball stemmers PostgreSQL uses.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ruche.core.markdown import plain_text

# Languages a post may be written in, with their Snowball stemmer (and PostgreSQL dictionary).
STEMMERS = {
    "fr": "french",
    "en": "english",
    "de": "german",
    "it": "italian",
    "es": "spanish",
    "nl": "dutch",
    "pt": "portuguese",
}
DEFAULT_LANGUAGE = "fr"
MAX_TERMS = 12
EXCERPT_WORDS = 30
EXCERPT_SOURCE_CHARS = 20_000

# Highlight markers: PostgreSQL's ts_headline writes them around matches; they become <mark> only
# after everything else has been escaped. Private-use characters nobody types.
MARK_START, MARK_STOP = "\ue000", "\ue001"

_WORD_RE = re.compile(r"[^\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ß": "ss"})

_STOP_WORDS_TEXT = """
    a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur lui ma
    mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta
    te tes toi ton tu un une vos votre vous c d j l m n s t y est sont ete etre avoir ai as avez
    comment quoi quel quelle quels quelles faire fait peut puis plus tres
    an and are as at be but by can could do does for from had has have how i if in into is it its
    me my no not of on or our so such than that the their them then there these they this to was
    we were what when where which who why will with would you your
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def fold(text: str) -> str:
    """Lower case without accents: "Télésecrétariat" -> "telesecretariat"."""
    text = text.casefold().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD_RE.findall(fold(text))


@lru_cache(maxsize=50_000)
def stem(word: str, language: str) -> str:
    algorithm = STEMMERS.get(language, STEMMERS[DEFAULT_LANGUAGE])
    return _stemmer(algorithm).stemWord(word)


@lru_cache(maxsize=16)
def _stemmer(algorithm: str):
    return snowballstemmer.stemmer(algorithm)


def word_forms(word: str, language: str) -> tuple[str, str]:
    """The word as written (folded) and its stem in the post's language."""
    return word, stem(word, language)


def query_terms(query: str) -> list[list[str]]:
    """Each significant word of a query with every form it may take in a post.

    A word matches a post when any of its forms does: its folded spelling (short words and product
    names: "SMS", "CPS", "API") or its stem in one of the languages (we do not know the language
    of the query). Stop words are set aside unless the query has nothing else.
    """
    found = list(dict.fromkeys(words(query)))
    significant = [w for w in found if w not in STOP_WORDS]
    chosen = (significant or found)[:MAX_TERMS]
    return [sorted({w, *(stem(w, lang) for lang in STEMMERS)}) for w in chosen]


def significant_words(text: str) -> list[str]:
    """Words worth comparing between titles: no stop words, no single letters."""
    found = dict.fromkeys(w for w in words(text) if w not in STOP_WORDS and len(w) > 1)
    return list(found)[:MAX_TERMS]


@lru_cache(maxsize=2048)
def document_forms(text: str, language: str) -> dict[str, int]:
    """How many times each form (spelling and stem) occurs in a text."""
    counts: dict[str, int] = {}
    for word in words(text or ""):
        for form in set(word_forms(word, language)):
            counts[form] = counts.get(form, 0) + 1
    return counts


def excerpt_source(body: str) -> str:
    """The plain text of a post (Markdown rendered then stripped), never its HTML."""
    return html.unescape(plain_text(body or ""))[:EXCERPT_SOURCE_CHARS]


def _iter_words(text: str) -> Iterator[re.Match]:
    return _WORD_RE.finditer(text)


def highlight(text: str, terms: list[list[str]], language: str) -> SafeString:
    """About ``EXCERPT_WORDS`` words around the densest matches, matches in <mark>, all escaped."""
    text = unicodedata.normalize("NFC", text)
    tokens = list(_iter_words(text))
    if not tokens:
        return mark_safe("")
    wanted = {form for forms in terms for form in forms}
    hits = [bool(wanted & set(word_forms(fold(t.group()), language))) for t in tokens]
    size = min(EXCERPT_WORDS, len(tokens))
    best_start, best_count, count = 0, sum(hits[:size]), sum(hits[:size])
    for start in range(1, len(tokens) - size + 1):
        count += hits[start + size - 1] - hits[start - 1]
        if count > best_count:
            best_start, best_count = start, count
    if best_count and best_start > 0:
        # Start a few words before the first match of the window, for context.
        first = next(i for i in range(best_start, best_start + size) if hits[i])
        best_start = max(0, min(best_start, first - 3))
    end = min(len(tokens), best_start + size)
    parts = ["… " if best_start > 0 else ""]
    position = tokens[best_start].start()
    for index in range(best_start, end):
        token = tokens[index]
        parts.append(escape(text[position : token.start()]))
        word = escape(token.group())
        parts.append(f"<mark>{word}</mark>" if hits[index] else word)
        position = token.end()
    parts.append(" …" if end < len(tokens) else escape(text[position:]))
    return mark_safe(_squash("".join(parts)))  # noqa: S308 (every piece of text was escaped)


def marked_to_html(marked: str) -> SafeString:
    """Text with ``MARK_START``/``MARK_STOP`` around matches to safe HTML where only <mark> is a tag."""
    parts: list[str] = []
    open_mark = False
    for piece in re.split(f"([{MARK_START}{MARK_STOP}])", marked or ""):
        if piece == MARK_START:
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif piece == MARK_STOP:
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        else:
            parts.append(escape(piece))
    if open_mark:
        parts.append("</mark>")
    return mark_safe(_squash("".join(parts)))  # noqa: S308 (every piece of text was escaped)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
