"""What may reach the outputs: addresses safe to link, CSS that fetches nothing, and a
last check that the rendered pages carry no active content.

Article text is data and Jinja escapes it, so markup in an article never becomes
markup in a dossier. What escaping cannot catch is a *value* put in an attribute or a
stylesheet: an article address `javascript:…` or `file:///etc/…`, or a project
stylesheet with `url(http://…)` or `</style><script>`. Those are handled here, and
`active_content` checks the finished pages so that a template bug fails the build
instead of shipping a PDF or EPUB that runs or fetches something.
"""
from __future__ import annotations

import dataclasses
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from ..model import Article, Field

# An article's address is printed and linked; only a web address may be.
LINK_SCHEMES = frozenset({"http", "https"})
# Links in the finished pages: web addresses, mail, and links inside the book.
PAGE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def safe_address(value) -> str | None:
    """The address if it is an absolute http(s) URL with a host, else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.hostname:
        return None
    return text


def safe_addresses(articles: list[Article]) -> list[Article]:
    """Articles whose address is unsafe to link get an unknown address and a warning.

    The refused value is named in the warning (and so in report.json); it is never
    replaced by a guess."""
    out = []
    for article in articles:
        if article.url.known and safe_address(article.url.value) is None:
            shown = str(article.url.value)[:80].encode("unicode_escape").decode("ascii")
            warning = f"address refused, not an http(s) address: '{shown}' (from {article.url.source})"
            article = dataclasses.replace(article, url=Field(), warnings=[*article.warnings, warning])
        out.append(article)
    return out


_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)""", re.I)
_IMPORT = re.compile(r"""@import\s+(?:"[^"]*"|'[^']*')[^;{}]*;?""", re.I)
_SCHEME = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//|\\\\)", re.I)


def _is_external(target: str) -> bool:
    """Anything with a scheme (http:, file:, …) or a network path; data: URIs are inline,
    and file: URIs of the package's own styles and assets are what the PDF fetcher allows."""
    target = re.sub(r"\\([0-9a-fA-F]{1,6}\s?|.)", lambda m: _unescape_css(m.group(1)), target).strip()
    if target.lower().startswith("data:") or package_file(target) is not None:
        return False
    return bool(_SCHEME.match(target))


def package_file(url: str) -> Path | None:
    """The file a file: URL names, if it is one of the package's own styles or assets."""
    if not url.lower().startswith("file:"):
        return None
    from urllib.request import url2pathname

    from .html import DEFAULT_STYLES_DIR, PACKAGE_DIR

    path = Path(url2pathname(url.split("?", 1)[0].split("#", 1)[0][len("file:"):])).resolve()
    allowed = ((PACKAGE_DIR / "assets").resolve(), DEFAULT_STYLES_DIR.resolve())
    return path if any(path.is_relative_to(d) for d in allowed) and path.is_file() else None


def _unescape_css(escape: str) -> str:
    hexdigits = escape.strip()
    if re.fullmatch(r"[0-9a-fA-F]{1,6}", hexdigits):
        code = int(hexdigits, 16)
        return chr(code) if 0 < code < 0x110000 else "\ufffd"
    return escape


def safe_css(css: str) -> str:
    """CSS that references nothing outside the book and cannot close its <style> element."""
    css = _IMPORT.sub(lambda m: "" if _is_external(_import_target(m.group(0))) else m.group(0), css)
    css = _URL.sub(lambda m: "none" if _is_external(next(g for g in m.groups() if g is not None)) else m.group(0), css)
    return re.sub(r"<(?=/|!)", r"\\3c ", css)  # '</style>' or '<!--' inside <style>


def _import_target(rule: str) -> str:
    m = re.search(r"""["']([^"']*)["']""", rule)
    return m.group(1) if m else ""


# Elements that run, embed or fetch something, or send something away.
ACTIVE_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
                             "base", "portal", "noscript", "audio", "video", "source", "track", "input",
                             "button", "textarea", "select"})
LINK_ATTRIBUTES = frozenset({"href", "xlink:href"})
FETCH_ATTRIBUTES = frozenset({"src", "srcset", "data", "poster", "background", "action", "formaction",
                              "ping", "codebase", "archive", "lowsrc", "dynsrc", "longdesc", "manifest"})


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self._check_css(data, "<style>")

    def _check(self, tag, attrs):
        where = f"<{tag}>"
        if tag in ACTIVE_ELEMENTS:
            self.problems.append(f"{where} element")
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "link":
            rel = values.get("rel", "").lower().split()
            if rel != ["stylesheet"] or _is_external(values.get("href", "")):
                self.problems.append(f"<link rel={' '.join(rel) or '?'} href={values.get('href', '')[:60]!r}>")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"{where} event handler {name}")
            elif name in LINK_ATTRIBUTES and tag != "link":
                scheme = _scheme(value)
                if scheme is not None and scheme not in PAGE_LINK_SCHEMES:
                    self.problems.append(f"{where} {name}={value[:60]!r}")
                if tag in ("image", "use", "feimage") and _is_external(value):
                    self.problems.append(f"{where} {name} fetches {value[:60]!r}")
            elif name in FETCH_ATTRIBUTES and _is_external(value):
                self.problems.append(f"{where} {name} fetches {value[:60]!r}")
            elif name == "style":
                self._check_css(value, f"{where} style")

    def _check_css(self, css: str, where: str):
        for m in _URL.finditer(css):
            target = next(g for g in m.groups() if g is not None)
            if _is_external(target):
                self.problems.append(f"{where} url({target[:60]})")
        if "expression(" in css.lower():
            self.problems.append(f"{where} expression()")


def _scheme(url: str) -> str | None:
    """The scheme of a link, None for a link inside the book (relative or '#…')."""
    text = re.sub(r"[\x00-\x20\x7f]", "", url)  # browsers ignore these inside 'java\tscript:'
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", text)
    if m:
        return m.group(1).lower()
    return "network-path" if text.startswith(("//", "\\\\")) else None


def active_content(html: str) -> list[str]:
    """Everything in a page that could run, fetch, embed or submit: [] for a clean page."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def epub_active_content(path: Path) -> list[str]:
    """active_content for every (X)HTML and CSS file in an EPUB, each problem prefixed with its file."""
    problems = []
    with zipfile.ZipFile(path) as zf:
        for name in sorted(zf.namelist()):
            lower = name.lower()
            if lower.endswith((".xhtml", ".html", ".htm", ".css", ".svg")):
                text = zf.read(name).decode("utf-8", "replace")
                found = active_content(f"<style>{text}</style>" if lower.endswith(".css") else text)
                problems.extend(f"{name}: {p}" for p in found)
    return problems
