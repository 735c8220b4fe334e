"""Lesson Markdown to HTML that is safe to put into a page.

Lessons may use a little inline HTML (`<details>` for self-checks, `<kbd>` for keys), so
markdown-it keeps raw HTML and nh3 then removes everything outside a short allowlist:
scripts with their content, event handler attributes, `style` (the CSP forbids inline
styles anyway) and links with schemes other than http, https and mailto.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "dl", "dt",
        "em", "h2", "h3", "h4", "hr", "i", "img", "kbd", "li", "mark", "ol", "p", "pre",
        "s", "small", "strong", "sub", "summary", "sup", "table", "tbody", "td", "th",
        "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# CommonMark plus GFM tables and ~~strikethrough~~; no typographer, the texts are typed
# with proper Russian quotes and dashes already.
_markdown = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def render_markdown(text: str) -> Markup:
    """Sanitized HTML for a lesson body; safe to output without escaping."""
    html = _markdown.render(text)
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # Nh3 has just sanitized it to the allowlist (bandit B704).
    return Markup(cleaned)  # nosec B704
