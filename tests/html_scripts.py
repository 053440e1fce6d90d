"""The <script> elements of a page as an HTML parser splits them (a '</script' anywhere inside one
ends it, as in a browser), for the tests that no data or vendored code can break out of them."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

HOSTILE = "</script><script>alert(1)</script><!--<script>"  # closes the element, opens one, and a comment


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data):
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def scripts(html: str) -> list[tuple[dict[str, str | None], str]]:
    """(attributes, text) of every <script> element, in page order."""
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return parser.scripts


def template_scripts(template: Path) -> int:
    """How many <script> elements the page's template writes (a page with more was broken into)."""
    return template.read_text(encoding="utf-8").count("<script")
