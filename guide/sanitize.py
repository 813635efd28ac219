"""HTML cleaning for content bodies.

nh3 (Ammonia) does the parsing and cleaning; this module only states our allow-list,
which is deliberately small: what a patient guide needs and a screen reader handles well.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    # Headings inside a body sit under the section's h2 (a subsection's h3);
    # guide.accessibility_analysis.editor_checks warns when a level is skipped.
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "abbr",
    "dfn",
    "span",
    "blockquote",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "dfn": {"title"},
    "span": {"lang", "dir"},
    "p": {"lang", "dir"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Return `html` with scripts, event handlers, styles and unknown tags removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def html_to_text(html: str) -> str:
    """Plain text of a body, paragraphs separated by blank lines."""
    import html as html_lib
    import re

    blocks = re.split(r"</p\s*>|<br\s*/?>|</li\s*>", html)
    parts = []
    for block in blocks:
        text = html_lib.unescape(nh3.clean(block, tags=set())).strip()
        if text:
            parts.append(re.sub(r"\s+", " ", text))
    return "\n\n".join(parts)
