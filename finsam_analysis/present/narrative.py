"""The teams' own words as HTML that is safe to open: Markdown, never HTML.

A narrative is written by a team and read by a board member in a browser, so nothing in it may
run there or fetch anything. Rendering keeps a small allow-list: headings, paragraphs, lists,
emphasis, block quotes, code, rules, tables, and links to `http(s)` or `mailto` addresses.
Raw HTML is shown as the text it is; a link to anything else (`javascript:`, `data:`, a file)
keeps its words and loses its address; an image shows its description in words, never the
picture (a report opens offline and has no images from a narrative).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

import mistune
from mistune.renderers.html import HTMLRenderer

ALLOWED_SCHEMES = ("http", "https", "mailto")


def allowed_url(url: str) -> bool:
    """True for an absolute http(s) or mailto address, nothing else."""
    url = url.strip()
    if re.search(r"[\x00-\x20\x7f]", url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return False
    return parts.scheme.lower() == "mailto" or bool(parts.netloc)


class _SafeRenderer(HTMLRenderer):
    """mistune's HTML renderer with raw HTML escaped and only allowed addresses linked."""

    def __init__(self) -> None:
        super().__init__(escape=True, allow_harmful_protocols=False)

    def link(self, text: str, url: str, title: str | None = None) -> str:
        if not allowed_url(url):
            return text
        attrs = f' href="{escape(url.strip(), quote=True)}" rel="noopener noreferrer"'
        if title:
            attrs += f' title="{escape(title, quote=True)}"'
        return f"<a{attrs}>{text}</a>"

    def image(self, text: str, url: str, title: str | None = None) -> str:
        words = re.sub(r"<[^>]*>", "", text) or "bild"
        return f'<span class="finsam-image">[{words}]</span>'

    def inline_html(self, html: str) -> str:
        return escape(html)

    def block_html(self, html: str) -> str:
        return f"<p>{escape(html)}</p>\n"

    def block_code(self, code: str, info: str | None = None) -> str:
        return f"<pre><code>{escape(code)}</code></pre>\n"


_MARKDOWN = mistune.create_markdown(renderer=_SafeRenderer(), escape=True,
                                    plugins=["table", "strikethrough"])

_ALLOWED_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong",
                 "del", "code", "pre", "blockquote", "hr", "br", "a", "span", "table", "thead",
                 "tbody", "tr", "th", "td"}
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_ALLOWED_ATTRS = re.compile(
    r'^(?:\s+(?:href|title|rel|class|start|style)="[^"<>]*")*\s*/?$')


def narrative_html(markdown_text: str) -> str:
    """A narrative's Markdown as HTML holding only the allow-listed elements."""
    html = _MARKDOWN(markdown_text)
    return _enforce_allow_list(html)


def _enforce_allow_list(html: str) -> str:
    """A last check on the renderer's output: any tag or attribute outside the allow-list is
    escaped to text (the renderer makes none; this keeps it so if mistune changes)."""

    def check(m: re.Match) -> str:
        tag, attrs = m.group(2).lower(), m.group(3)
        ok = tag in _ALLOWED_TAGS and _ALLOWED_ATTRS.match(attrs)
        if ok and "style=" in attrs and not re.fullmatch(
                r'\s+style="text-align:(?:left|right|center)"', attrs):
            ok = False
        if ok and 'href="' in attrs:
            href = re.search(r'href="([^"]*)"', attrs).group(1)
            ok = allowed_url(href.replace("&amp;", "&"))
        return m.group(0) if ok else escape(m.group(0))

    return _TAG.sub(check, html)
