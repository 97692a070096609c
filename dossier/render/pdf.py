"""PDF output: WeasyPrint lays out the same HTML that `--format html` writes."""
from __future__ import annotations

import logging
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .html import DEFAULT_STYLES_DIR, PACKAGE_DIR

log = logging.getLogger("dossier")


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
        log.warning("warning: refused to fetch %s: rendering never fetches outside resources", url[:80])
        raise ValueError(f"refused to fetch {url[:80]}: rendering never fetches outside resources")


def write_pdf(html: str, target: Path) -> int:
    """Lay out `html` and write the PDF to `target`. Returns the number of pages.

    Title, author, subject, keywords and dates come from the HTML's <meta> tags,
    so the PDF and the HTML preview say the same thing."""
    fetcher = LocalOnlyFetcher()
    document = HTML(string=html, base_url=str(PACKAGE_DIR), url_fetcher=fetcher).render()
    document.metadata.attachments = []  # <link rel="attachment"> in an article embeds nothing
    document.metadata.modified = document.metadata.created
    document.write_pdf(target)
    return len(document.pages)
