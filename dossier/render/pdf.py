"""PDF output: WeasyPrint lays out the same HTML that `--format html` writes."""
from __future__ import annotations

from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .html import DEFAULT_STYLES_DIR, PACKAGE_DIR


class LocalOnlyFetcher(URLFetcher):
    """Refuses every URL except files inside the package's own assets and styles.

    Articles come from anywhere: an <img src>, a CSS url() or a <link
    rel="attachment"> in one must never make the build fetch, read or embed anything.
    """

    def __init__(self, allowed_dirs: tuple[Path, ...] = (PACKAGE_DIR / "assets", DEFAULT_STYLES_DIR)):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)
        self.allowed_dirs = tuple(d.resolve() for d in allowed_dirs)

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            from urllib.request import url2pathname

            path = Path(url2pathname(url.split("?", 1)[0].split("#", 1)[0].removeprefix("file:"))).resolve()
            if any(path.is_relative_to(d) for d in self.allowed_dirs) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        raise ValueError(f"refused to fetch {url[:80]}: rendering never fetches outside resources")


def write_pdf(html: str, target: Path, before_layout=None, on_render=None) -> int:
    """Lay out `html` and write the PDF to `target`. Returns the number of pages.

    Title, author, subject, keywords and dates come from the HTML's <meta> tags,
    so the PDF and the HTML preview say the same thing. `before_layout(root)` may add
    ids to the parsed tree and `on_render(document)` sees the laid-out pages: the EPUB
    takes its page positions from them (render/pagemap.py)."""
    fetcher = LocalOnlyFetcher()
    source = HTML(string=html, base_url=str(PACKAGE_DIR), url_fetcher=fetcher)
    if before_layout:
        before_layout(source.etree_element)
    document = source.render()
    document.metadata.attachments = []  # <link rel="attachment"> in an article embeds nothing
    document.metadata.modified = document.metadata.created
    if on_render:
        on_render(document)
    document.write_pdf(target)
    return len(document.pages)
