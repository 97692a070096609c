"""Editor-written Markdown (a chapter's `intro`) to safe XHTML, with markdown-it-py.

CommonMark with raw HTML turned off, so `<script>` or `<img onerror=…>` in config.yaml
is printed as text; markdown-it also refuses `javascript:` and similar links. Images
become their alt text (a dossier never fetches anything while it builds). Headings
move one level down, so an intro's `#` sits below the chapter title (`h1`) and beside
the article titles (`h2`). The output is well-formed XHTML (`<br />`), as EPUB needs.
"""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup


def _image_as_text(self, tokens, idx, options, env) -> str:
    return escapeHtml(self.renderInlineAsText(tokens[idx].children or [], options, env))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": True})
    md.add_render_rule("image", _image_as_text)
    return md


def markdown_block(text: str) -> Markup:
    """Markdown source -> block-level XHTML, safe to insert into a template."""
    if not text or not text.strip():
        return Markup("")
    md = _parser()
    tokens = md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 1)}"
    return Markup(md.renderer.render(tokens, md.options, {}))
