"""Member-written Markdown to safe HTML: markdown-it-py renders, nh3 sanitizes.

Raw HTML in the source is escaped by markdown-it (``html=False``) and the result is sanitized again
by nh3 with an allow-list, so no script, event handler or ``javascript:`` URL survives even if a
renderer rule had a bug. Links get ``rel="nofollow ugc noopener"``. ``@handle`` mentions become
links and are collected so the caller can notify the members mentioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

HANDLE_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,29}", re.IGNORECASE)

ALLOWED_TAGS = {
    "a", "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}


def _mention(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if state.src[pos] != "@":
        return False
    if pos > 0 and (state.src[pos - 1].isalnum() or state.src[pos - 1] in "._-@/"):
        return False  # an e-mail address or a path, not a mention
    match = HANDLE_RE.match(state.src, pos + 1)
    if not match:
        return False
    handle = match.group(0).rstrip("._-").lower()
    if not handle:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.meta = {"handle": handle}
    state.pos = pos + 1 + len(handle)
    return True


def _render_mention(self, tokens, idx, options, env) -> str:
    handle = tokens[idx].meta["handle"]
    env.setdefault("mentions", [])
    if handle not in env["mentions"]:
        env["mentions"].append(handle)
    return f'<a class="mention" href="/members/@{handle}/">@{handle}</a>'


def _heading_ids(md: MarkdownIt) -> None:
    """Give h2/h3 headings stable ids so articles can show a table of contents."""

    def rule(state) -> None:
        used: dict[str, int] = {}
        tokens = state.tokens
        for index, token in enumerate(tokens):
            if token.type != "heading_open" or token.tag not in {"h2", "h3"}:
                continue
            text = tokens[index + 1].content if index + 1 < len(tokens) else ""
            slug = re.sub(r"[^\w]+", "-", text.lower()).strip("-")[:60] or "section"
            used[slug] = used.get(slug, 0) + 1
            if used[slug] > 1:
                slug = f"{slug}-{used[slug]}"
            token.attrSet("id", f"h-{slug}")
            state.env.setdefault("toc", []).append(
                {"level": int(token.tag[1]), "id": f"h-{slug}", "text": text}
            )

    md.core.ruler.push("heading_ids", rule)


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("emphasis", "mention", _mention)
    md.add_render_rule("mention", _render_mention)
    _heading_ids(md)
    return md


_md = _build()


@dataclass
class Rendered:
    html: str
    mentions: list[str] = field(default_factory=list)
    toc: list[dict] = field(default_factory=list)
    links: int = 0


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # Pictures only from our own uploads: an outside image would let its host track readers.
    if tag == "img" and attribute == "src" and not value.startswith("/media/"):
        return None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
        filter_style_properties={"text-align"},
        attribute_filter=_attribute_filter,
    )


def render_markdown(source: str) -> Rendered:
    """Render member Markdown to sanitized HTML, with mentions, headings and a link count."""
    env: dict = {}
    html = _md.render(source or "", env)
    return Rendered(
        html=sanitize(html),
        mentions=env.get("mentions", []),
        toc=env.get("toc", []),
        links=count_links(source or ""),
    )


def count_links(source: str) -> int:
    """Links a post carries (Markdown links and bare URLs), for newcomers' link limits."""
    return len(re.findall(r"https?://", source, re.IGNORECASE))


def plain_text(source: str) -> str:
    """Text without Markup, for excerpts, search and reading time."""
    html = _md.render(source or "")
    text = nh3.clean(html, tags=set())
    return re.sub(r"\s+", " ", text).strip()
