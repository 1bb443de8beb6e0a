"""Member Markdown never yields active content: classic XSS payloads, checked with an HTML parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from ruche.core.markdown import ALLOWED_TAGS, render_markdown, sanitize

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    '<img src="/media/a.png" onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<p onclick="alert(1)" onmouseover="alert(2)">hover</p>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<body onload="alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript&#58;alert(1))",
    "[click](  javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[click](https://example.org "onmouseover=alert(1)")',
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x](/media/a.png" onerror="alert(1))',
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[a]: javascript:alert(1)\n\n[click][a]",
    "[![img](/media/a.png)](javascript:alert(1))",
    "**<img src=x onerror=alert(1)>**",
    "`<script>alert(1)</script>`",
    "> <iframe src=javascript:alert(1)>",
    "| a |\n|---|\n| <svg onload=alert(1)> |",
    '<a href="javas\ncript:alert(1)">click</a>',
    "<<script>script>alert(1)<</script>/script>",
]
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "background",
    "srcdoc",
    "xlink:href",
}
FORBIDDEN_TAGS = {"script", "iframe", "style", "svg", "object", "embed", "form", "math", "meta"}


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser would read them (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def assert_inert(html: str) -> None:
    assert "<script" not in html.lower()
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, tag
        assert tag not in FORBIDDEN_TAGS
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in URL_ATTRIBUTES:
                # Browsers ignore whitespace and control characters inside a scheme.
                squashed = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not squashed.startswith(BAD_SCHEMES), (tag, name, value)
        if tag == "a" and "href" in attrs:
            assert attrs.get("rel") == "nofollow ugc noopener"
        if tag == "img":
            assert attrs.get("src", "/media/").startswith("/media/")


def test_there_are_enough_payloads():
    assert len(PAYLOADS) >= 25


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_payload_is_inert(payload):
    assert_inert(render_markdown(payload).html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitizer_alone_makes_raw_html_inert(payload):
    # Markdown escapes raw HTML; the sanitizer must hold even if a renderer rule let HTML through.
    assert_inert(sanitize(payload))


def test_safe_links_keep_working_with_rel():
    html = render_markdown("[docs](https://example.org/docs) and <https://medora.example>").html
    links = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert [a["href"] for a in links] == ["https://example.org/docs", "https://medora.example"]
    assert {a["rel"] for a in links} == {"nofollow ugc noopener"}


def test_pictures_only_from_our_uploads():
    html = render_markdown(
        "![ours](/media/uploads/2025/01/a.png) ![theirs](https://tracker.example/pixel.gif)"
    ).html
    sources = [attrs.get("src") for tag, attrs in elements(html) if tag == "img"]
    assert sources == ["/media/uploads/2025/01/a.png", None]
    assert "tracker.example" not in html


def test_mentions_become_links():
    rendered = render_markdown("Thanks @marie.member and @Olivier! Write to me@example.org.")
    links = [attrs for tag, attrs in elements(rendered.html) if tag == "a"]
    assert [a["href"] for a in links] == ["/members/@marie.member/", "/members/@olivier/"]
    assert all(a["class"] == "mention" for a in links)
    assert rendered.mentions == ["marie.member", "olivier"]


def test_code_keeps_angle_brackets_escaped():
    source = "```html\n<script>alert('x')</script>\n```\n\nInline `<b>bold</b>` too."
    html = render_markdown(source).html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "<code>&lt;b&gt;bold&lt;/b&gt;</code>" in html
    assert [tag for tag, _attrs in elements(html)] == ["pre", "code", "p", "code"]


def test_raw_html_is_shown_as_text():
    html = render_markdown('Hello <b onclick="x()">world</b>').html
    assert [tag for tag, _attrs in elements(html)] == ["p"]
    assert "&lt;b onclick" in html
