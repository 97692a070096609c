#!/usr/bin/env python3
"""Self-consistency check for the ingestion evaluation set.

Usage:  /tmp/venv0/bin/python check_truth.py [truth.yaml]

What it verifies for every case in truth.yaml:
  * the file exists in cases/, its extension matches `format`;
  * the bytes decode strictly with the declared `encoding`; BOM present for
    utf-8-sig / utf-16, absent for plain utf-8; legacy encodings (windows-1252,
    euc-kr, cp949) really contain non-ASCII bytes that are NOT valid UTF-8;
  * `mojibake: true` cases: the decoded text really contains mojibake and the
    truth is checked against the text repaired with ftfy.fix_encoding;
  * metadata: title/outlet/author names/url occur in the (repaired, entity-
    unescaped) file text; date is ISO YYYY-MM-DD or null; language is ISO 639-1;
    for .md files with front matter, front-matter values agree with the truth;
  * labelling: the file is cut into visible units -- for txt/md every non-empty
    line of the body (md front matter excluded; list bullets, heading/quote
    markers, link/emphasis markup rendered to visible text; lines with no
    letter or digit, such as '----', are decoration and ignored); for html the
    visible text blocks (text between block-level tags, <head>/<script>/<style>
    excluded, whitespace collapsed).  Walking the units in document order,
    each unit must be the next `content` entry, the next `boilerplate` entry,
    or equal to `title`.  Every truth entry must be consumed, so the lists are
    complete, exact and in document order;
  * no string is listed both as content and as boilerplate, and the title is
    in neither list;
  * every content/boilerplate string occurs in the decoded text (txt/md; md
    after rendering inline markup), or among the html blocks.
"""
import datetime
import html
import os
import re
import sys
from collections import Counter
from html.parser import HTMLParser

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- html ----
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "button", "caption",
    "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html",
    "label", "legend", "li", "main", "nav", "ol", "option", "p", "pre", "section",
    "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
SKIP_TAGS = {"head", "script", "style", "noscript", "template", "svg", "title"}


class _BlockParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self._cur = []
        self._skip = 0

    def _flush(self):
        text = " ".join("".join(self._cur).split())
        if text:
            self.blocks.append(text)
        self._cur = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self._skip += 1
        elif tag in BLOCK_TAGS and not self._skip:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS and not self._skip:
            self._flush()

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in BLOCK_TAGS and not self._skip:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._cur.append(data)

    def close(self):
        super().close()
        self._flush()


def html_blocks(text):
    """Visible text blocks of an HTML document (or fragment), in order."""
    p = _BlockParser()
    p.feed(text)
    p.close()
    return p.blocks


# ------------------------------------------------------------- txt / md ---
TXT_BULLET = re.compile(r"^(?:[•·▪▶►■○◆*]|-)\s+")
HAS_ALNUM = re.compile(r"\w")


def render_txt(line):
    s = line.strip()
    s = TXT_BULLET.sub("", s)
    return s.strip()


def render_md(line):
    s = line.strip()
    s = re.sub(r"^#{1,6}\s+", "", s)          # heading marker
    s = re.sub(r"^>\s?", "", s)               # block quote
    s = re.sub(r"^(?:[-*+])\s+", "", s)       # list bullet
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", s)  # images are not visible text
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)  # links -> link text
    s = re.sub(r"(\*\*|__)(.+?)\1", r"\2", s)  # strong
    s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", s)  # *em*
    s = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", r"\1", s)  # _em_
    return s.strip()


def split_front_matter(text):
    """Return (front_matter_dict_or_None, body_text)."""
    if text.startswith("---\n") or text.startswith("---\r\n"):
        lines = text.splitlines(keepends=True)
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                fm = yaml.safe_load("".join(lines[1:i])) or {}
                return fm, "".join(lines[i + 1:])
        raise ValueError("unterminated front matter")
    return None, text


def text_units(text, fmt):
    render = render_md if fmt == "md" else render_txt
    units = []
    for line in text.splitlines():
        if not line.strip():
            continue
        r = render(line)
        if not HAS_ALNUM.search(r):
            continue  # decoration ('----', '* * *') or an image-only md line
        units.append(r)
    return units


# -------------------------------------------------------------- helpers ---
LEGACY = {"windows-1252", "cp1252", "euc-kr", "cp949", "iso-8859-1", "latin-1"}


def decode_case(raw, enc):
    return raw.decode(enc)  # strict


def repair(text):
    import ftfy  # only needed for mojibake cases

    try:  # the quote bytes the reader puts back before ftfy (dossier/readers.py)
        from dossier.readers import restore_lost_quote_bytes
    except ImportError:
        restore_lost_quote_bytes = str
    return ftfy.fix_encoding(restore_lost_quote_bytes(text))


def file_units(text, fmt):
    if fmt == "html":
        return html_blocks(text)
    if fmt == "md":
        _, body = split_front_matter(text)
        return text_units(body, "md")
    return text_units(text, "txt")


def check_case(name, t, errors):
    def err(msg):
        errors.append(f"{name}: {msg}")

    path = os.path.join(HERE, "cases", name)
    if not os.path.isfile(path):
        err("file missing")
        return
    ext = os.path.splitext(name)[1].lower().lstrip(".")
    fmt = t.get("format")
    if {"txt": "txt", "md": "md", "html": "html", "htm": "html"}.get(ext) != fmt:
        err(f"format {fmt!r} does not match extension .{ext}")
    for key in ("format", "encoding", "title", "outlet", "author", "date", "url",
                "language", "content", "boilerplate"):
        if key not in t:
            err(f"missing key {key}")
    raw = open(path, "rb").read()
    enc = t["encoding"]

    # --- encoding facts
    if enc == "utf-8-sig" and not raw.startswith(b"\xef\xbb\xbf"):
        err("utf-8-sig file without BOM")
    if enc == "utf-8" and raw.startswith(b"\xef\xbb\xbf"):
        err("plain utf-8 file starts with a BOM")
    if enc == "utf-16" and raw[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        err("utf-16 file without BOM")
    if enc.lower() in LEGACY:
        if raw.isascii():
            err("legacy-encoded file is pure ASCII (encoding untestable)")
        try:
            raw.decode("utf-8")
            err("legacy-encoded file is also valid UTF-8")
        except UnicodeDecodeError:
            pass
    try:
        text = decode_case(raw, enc)
    except (UnicodeDecodeError, LookupError) as e:
        err(f"does not decode as {enc}: {e}")
        return
    if enc == "utf-16":
        text = text.lstrip("\ufeff")
    if t.get("mojibake"):
        fixed = repair(text)
        if fixed == text:
            err("marked mojibake but ftfy changes nothing")
        text = fixed

    # --- metadata
    search_text = html.unescape(text) if fmt == "html" else text
    for key in ("title", "outlet", "url"):
        v = t.get(key)
        if v is not None and v not in search_text:
            err(f"{key} {v!r} not found in file text")
    if t.get("author") is not None:
        for a in t["author"].split("; "):
            if a not in search_text:
                err(f"author {a!r} not found in file text")
    d = t.get("date")
    if d is not None:
        try:
            datetime.date.fromisoformat(d)
        except (TypeError, ValueError):
            err(f"date {d!r} is not ISO YYYY-MM-DD")
        if str(d)[:4] not in search_text:
            err(f"year of date {d!r} does not occur in the file")
    if not re.fullmatch(r"[a-z]{2}", str(t.get("language"))):
        err("language is not an ISO 639-1 code")

    if fmt == "md":
        fm, _ = split_front_matter(text)
        if fm:
            for key in ("title", "outlet", "url", "language"):
                if key in fm and str(fm[key]) != str(t.get(key)):
                    err(f"front matter {key}={fm[key]!r} but truth says {t.get(key)!r}")
            if "date" in fm and not str(fm["date"]).startswith(str(t.get("date"))):
                err(f"front matter date {fm['date']!r} vs truth {t.get('date')!r}")
            if "author" in fm:
                fa = fm["author"]
                fa = "; ".join(fa) if isinstance(fa, list) else str(fa)
                if fa != t.get("author"):
                    err(f"front matter author {fa!r} vs truth {t.get('author')!r}")

    # --- labelling
    content = list(t.get("content") or [])
    boiler = list(t.get("boilerplate") or [])
    title = t.get("title")
    for lst, lname in ((content, "content"), (boiler, "boilerplate")):
        for s in lst:
            if not isinstance(s, str) or s != s.strip() or not s:
                err(f"{lname} entry not a trimmed non-empty string: {s!r}")
            if title is not None and s == title:
                err(f"{lname} entry equals the title: {s!r}")
    both = set(content) & set(boiler)
    if both:
        err(f"strings labelled both content and boilerplate: {sorted(both)}")
    if not content:
        err("no content")

    units = file_units(text, fmt)
    if fmt in ("txt", "md"):
        body = split_front_matter(text)[1] if fmt == "md" else text
        rendered = "\n".join(render_md(l) for l in body.splitlines()) if fmt == "md" else body
        for s in content + boiler:
            if s not in rendered:
                err(f"truth string not in decoded text: {s!r}")
    ci = bi = 0
    for u in units:
        if ci < len(content) and u == content[ci]:
            ci += 1
        elif bi < len(boiler) and u == boiler[bi]:
            bi += 1
        elif title is not None and u == title:
            pass
        else:
            exp_c = content[ci] if ci < len(content) else None
            exp_b = boiler[bi] if bi < len(boiler) else None
            err(f"unlabelled or out-of-order unit {u!r}\n      next content: {exp_c!r}\n"
                f"      next boilerplate: {exp_b!r}")
            return
    if ci < len(content):
        err(f"content entries not found (in order) in file: {content[ci:ci + 3]!r}...")
    if bi < len(boiler):
        err(f"boilerplate entries not found (in order) in file: {boiler[bi:bi + 3]!r}...")


def main():
    truth_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "truth.yaml")
    with open(truth_path, encoding="utf-8") as f:
        truth = yaml.safe_load(f)
    cases = truth["cases"]
    errors = []
    for name, t in cases.items():
        check_case(name, t, errors)
    on_disk = set(os.listdir(os.path.join(HERE, "cases")))
    for extra in sorted(on_disk - set(cases)):
        errors.append(f"{extra}: file in cases/ but not in truth.yaml")
    for e in errors:
        print("FAIL", e)
    bad = {e.split(":", 1)[0] for e in errors}
    print(f"{len(cases) - len(bad & set(cases))} passed, {len(bad)} failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
