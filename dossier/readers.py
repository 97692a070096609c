"""Readers: one per input format, picked by file extension from a registry.

A reader turns the bytes of one file into a `Document` (decoded text plus whatever
metadata the format itself carries) and interprets nothing else.
"""
from __future__ import annotations

import codecs
import logging
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Callable

from . import parallel
from .clean import fold_line
from .errors import ConfigError
from .model import Document, Skipped

log = logging.getLogger("dossier")

MAX_FILE_BYTES = 20 * 1024 * 1024

# Magic numbers of files that are not text even when named .txt.
_BINARY_MAGIC = {
    b"%PDF": "a PDF file", b"PK\x03\x04": "a ZIP archive", b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}


class UnreadableFile(Exception):
    """The file cannot become a document; the message says why."""


# WHATWG Encoding Standard: labels that browsers decode as a superset.
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                   "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "windows-1252": "cp1252",
                   "iso-8859-9": "cp1254", "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "windows-949": "cp949",
                   "gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932", "x-sjis": "cp932",
                   "tis-620": "cp874", "iso-8859-11": "cp874"}
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w:.-]+)""", re.I)
# Languages written in Windows-1252; a single-byte guess for their text means cp1252.
_CP1252_LANGUAGES = {"en", "fr", "de", "es", "it", "pt", "nl", "ca", "da", "sv", "no", "nb", "nn", "fi", "is",
                     "ga", "eu", "gl", "af", "sq", "id", "ms", "sw", "lb", "oc", "br", "cy", "la", "fo", "wa"}
_SINGLE_BYTE_LATIN = re.compile(r"^(cp125[0-8]|windows-125[0-8]|iso8859_\d+|latin_\d|mac_\w+|cp850|cp437)$", re.I)


def declared_encoding(raw: bytes) -> str | None:
    """The charset an HTML page or XML file declares about itself, as a browser reads it."""
    match = _DECLARED.search(raw[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(raw: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding name). BOMs, UTF-8, a declared charset, then charset-normalizer."""
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            raise UnreadableFile(f"not text: looks like {what}")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096] and raw.count(b"\x00") > len(raw) // 4:
        # BOM-less UTF-16: every other byte is zero in Latin text.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                return raw.decode(enc), enc
            except UnicodeDecodeError:
                continue
    declared = declared_encoding(raw)
    if declared and declared not in ("utf-8", "utf-16"):
        try:
            return raw.decode(declared), declared
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise UnreadableFile("cannot detect the text encoding")
    text, encoding = str(best), best.encoding
    if _SINGLE_BYTE_LATIN.match(encoding) and encoding != "cp1252":
        # Detectors confuse the Windows Latin code pages on mostly-ASCII text; when the
        # text is in a Western European language and decodes cleanly as cp1252, it is that.
        try:
            western = raw.decode("cp1252")
        except UnicodeDecodeError:
            western = None
        if western is not None and _language_of(western) in _CP1252_LANGUAGES:
            return western, "cp1252"
    return text, encoding


def _language_of(text: str) -> str | None:
    from .language import identify

    return identify(text[:5000]) if text.strip() else None


# Control characters (Unicode category Cc) other than tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters that some ftfy fixer changes or removes when present: line breaks other
# than \n, C0/C1 controls and terminal escapes, surrogates, byte-order marks and the
# other invisible controls ftfy strips. '&' (HTML entities) is checked on its own.
_FTFY_TOUCHES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\u206a-\u206f"
                           "\ufeff\ufff9-\ufffc]")
_FTFY_SEGMENT = 1_000_000  # ftfy's max_decode_length: longer lines are fixed in pieces


def normalise_text(text: str) -> str:
    """Repair mojibake, drop control characters, NFC. Curly quotes stay as written."""
    if _already_normal(text):
        return text
    import ftfy

    text = restore_lost_quote_bytes(text)
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_latin_ligatures=False,
                         fix_character_width=False, normalization="NFC")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


# UTF-8 punctuation read as Windows-1252: '”' (E2 80 9D) becomes 'â€' and a byte that
# Windows-1252 does not have, which the page's software replaced by U+FFFD ('â€�'; read
# as Windows-1252 once more, 'Ã¢â‚¬ï¿½'). ftfy cannot tell what the lost byte was. Of the
# five bytes Windows-1252 lacks, only 9D makes punctuation that news text uses (the
# closing double quote), so that is what is put back.
_LOST_QUOTE_BYTE = (("â€\ufffd", "â€\x9d"), ("Ã¢â‚¬ï¿½", "Ã¢â‚¬Â\x9d"))


def restore_lost_quote_bytes(text: str) -> str:
    for lost, restored in _LOST_QUOTE_BYTE:
        if lost in text:
            text = text.replace(lost, restored)
    return text


def _already_normal(text: str) -> bool:
    """True when normalise_text would return `text` unchanged, found without running
    ftfy's fixers (most of reading's time): no character any fixer touches, no '&',
    already NFC, and no line that ftfy's own test (`is_bad`, on the line as ftfy cuts
    it, newline included) takes for mojibake. ASCII lines cannot be mojibake."""
    if len(text) > _FTFY_SEGMENT or "&" in text or _FTFY_TOUCHES.search(text) \
            or not unicodedata.is_normalized("NFC", text):
        return False
    if text.isascii():
        return True
    segments = text.split("\n")
    last = len(segments) - 1
    return not any(looks_like_mojibake(seg if k == last else seg + "\n")
                   for k, seg in enumerate(segments) if not seg.isascii())


# ftfy's mojibake test (`ftfy.badness.is_bad`, a search for BADNESS_RE) matches at most
# MOJIBAKE_WIDTH characters, at least one of them non-ASCII, and looks at nothing around
# a match (tests/test_ingest_speed.py checks all three on the installed ftfy). So it need
# only be searched near non-ASCII characters: a tenth of a typical text, not all of it.
MOJIBAKE_WIDTH = 7
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def looks_like_mojibake(segment: str) -> bool:
    """ftfy.badness.is_bad(segment), searched only where a match can be."""
    from ftfy.badness import BADNESS_RE

    reach = MOJIBAKE_WIDTH - 1
    lo = hi = -1
    for run in _NON_ASCII_RUN.finditer(segment):
        start, end = max(0, run.start() - reach), min(len(segment), run.end() + reach)
        if start <= hi:
            hi = end  # overlaps the window before: one window
            continue
        if hi >= 0 and BADNESS_RE.search(segment, lo, hi):
            return True
        lo, hi = start, end
    return hi >= 0 and BADNESS_RE.search(segment, lo, hi) is not None


def read_txt(text: str, doc: Document) -> Document:
    doc.text = text
    return doc


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def read_md(text: str, doc: Document) -> Document:
    from .yamlsafe import load_yaml_text

    match = _FRONT_MATTER.match(text)
    if match:
        try:
            data = load_yaml_text(match.group(1) or "", doc.path, line_offset=1)
            if data is not None and not isinstance(data, dict):
                raise ConfigError("front matter must be a mapping", path=doc.path, line=2)
        except ConfigError as err:
            # A slip in the front matter (a colon in a title) must not cost the article:
            # its text is read, the block's values are not, and the warning says where.
            doc.warnings.append(f"front matter ignored ({_where(err)}); the title, date and the rest "
                                "are taken from the text")
            data = None
        doc.front_matter = {str(k).lower(): v for k, v in (data or {}).items()}
        text = text[match.end():]
    opening = _MD_OPENING_HEADING.match(text)
    if opening:
        doc.heading = _strip_markdown(opening.group(1) or opening.group(2)).strip() or None
    doc.text = _strip_markdown(text)
    return doc


# The body's first non-blank line as a level-1 heading: "# Title" or "Title" over "=====".
_MD_OPENING_HEADING = re.compile(r"\A\s*(?:^ {0,3}# +(.+?)(?: +#+)? *$|^ {0,3}(\S.*?) *\n {0,3}=+ *$)", re.M)


# Inline Markdown, matched in linear time: no part of a pattern can run over the
# delimiter that ends it, so a line of 200,000 '[' or '*' costs no more than its length.
_MD_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]" + _MD_TARGET)
_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]" + _MD_TARGET)
_MD_STRONG = re.compile(r"\*\*([^*\n]+)\*\*|__([^_\n]+)__")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")


def _where(err: ConfigError) -> str:
    """"line 3: title: duplicate key 'title'": the problem, without the file's name."""
    problem = str(ConfigError(err.message, key=err.key))
    return f"line {err.line}: {problem}" if err.line else problem


_MD_RULE_LINE = re.compile(r"^ {0,3}(?:=+|-{3,}) *$")


def _strip_markdown(text: str) -> str:
    """Markdown to plain paragraphs: headings, emphasis markers and link targets go."""
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
        if _MD_RULE_LINE.match(line):
            continue  # a heading's underline ("Title" over "=====") or a horizontal rule: markup
        line = re.sub(r"^\s{0,3}>\s?", "", line)
        line = _MD_IMAGE.sub("", line)  # an image is not text
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_STRONG.sub(lambda m: m.group(1) or m.group(2), line)
        line = _MD_EMPHASIS.sub(r"\1", line)
        lines.append(line)
    return "\n".join(lines)


# Blocks of trafilatura's XML output and of HTML pages: text between these tags is one
# paragraph (line) of the document.
_XML_BLOCKS = frozenset("doc main comments p head item list quote cell row table lb code graphic".split())
_HTML_BLOCKS = frozenset("""address article aside blockquote body br button caption dd details dialog div dl dt
fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html label legend li main nav ol option p
pre section select summary table tbody td tfoot th thead tr ul""".split())
_HTML_SKIP = frozenset("head script style noscript template svg title iframe".split())
_LINK_TAGS = frozenset(("a", "ref"))
# A block whose visible text is mostly link text is a link (related story, interlink, menu).
LINK_DENSITY = 0.6


def text_blocks(root, block_tags=_HTML_BLOCKS, skip_tags=_HTML_SKIP) -> list[tuple[str, float]]:
    """Visible text blocks of an element tree, in order, each with its share of link text."""
    blocks: list[tuple[str, float]] = []
    parts: list[tuple[str, bool]] = []

    def flush():
        text = " ".join("".join(t for t, _ in parts).split())
        if text:
            total = sum(len("".join(t.split())) for t, _ in parts)
            linked = sum(len("".join(t.split())) for t, in_link in parts if in_link)
            blocks.append((text, linked / total if total else 0.0))
        parts.clear()

    def walk(el, in_link: bool):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in skip_tags or not tag:
            return
        if tag in block_tags:
            flush()
        linking = in_link or tag in _LINK_TAGS
        if el.text:
            parts.append((el.text, linking))
        previous = None  # the previous child, when nothing stands between it and this one
        for child in el:
            if previous is not None and _runs_on(previous, child):
                parts.append((" ", False))
            walk(child, linking)
            previous = child if not child.tail and isinstance(child.tag, str) else None
            if child.tail:
                parts.append((child.tail, linking))
        if tag in block_tags:
            flush()

    walk(root, False)
    flush()
    return blocks


def _runs_on(previous, child) -> bool:
    """Two sibling elements with nothing between them ('<span>Jane Roe</span><span>BBC News</span>')
    are laid out apart by the page's style (inline blocks, flex items), never as one word;
    a one-letter drop cap ('<span>T</span><span>he</span>') or a word styled in two
    parts ('<b>bo</b><i>ld</i>') is one word."""
    if not isinstance(child.tag, str):
        return False
    # A capital after a letter with no space is where one label ends and the next begins.
    # The child's first character first: it alone settles most pairs, without the text of
    # the previous element (a whole section of the page, on the outer levels).
    first = next((t for t in child.itertext() if t), "")[:1]
    if not first.isupper():
        return False
    before = "".join(previous.itertext())
    return len(before.strip()) >= 2 and before[-1:].isalnum()


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)


def _parse_page(text: str):
    import lxml.html

    try:
        return lxml.html.fromstring(_XML_DECLARATION.sub("", text, count=1) or "<html></html>")
    except (ValueError, lxml.etree.ParserError):
        return None


# Where pages declare their publication date (meta property/name/itemprop), most specific first.
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "publish_date", "publish-date", "parsely-pub-date", "sailthru.date", "dc.date.issued",
              "dcterms.issued", "dc.date", "date")


def published_date_markup(tree) -> str | None:
    """The publication date a page declares in its markup (meta, JSON-LD, <time>);
    never a date printed in its text (a site header shows today's date)."""
    import json

    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and meta.get("content"):
            found.setdefault(key, meta.get("content"))
    for key in _DATE_META:
        if key in found:
            return found[key]
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    return item["datePublished"]
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    for time in tree.iter("time"):
        if time.get("datetime") and (time.get("pubdate") is not None or time.get("itemprop") == "datePublished"):
            return time.get("datetime")
    return None



_TITLE_SEPARATORS = re.compile(r"\s+(?:\||::|–|—|-|·|»|/)\s+")


def page_title(title: str | None, blocks: list[str]) -> str | None:
    """The headline from a page's <title>: without the site name ('Site :: News :: Headline')."""
    if not title:
        return None
    segments = [s for s in _TITLE_SEPARATORS.split(title.strip()) if s.strip()]
    if len(segments) < 2:
        return title.strip()
    folded = {fold_line(b) for b in blocks}
    printed = [seg for seg in segments if fold_line(seg) in folded]  # the site name may be printed too
    if printed:
        return max(printed, key=lambda seg: (len(seg.split()), len(seg))).strip()
    if fold_line(title) in folded:
        return title.strip()
    longest = max(segments, key=lambda seg: len(seg.split()))
    if all(len(seg.split()) <= 4 for seg in segments if seg is not longest):
        return longest.strip()
    return title.strip()


def article_region(body: list[tuple[str, float]], page: list[tuple[str, float]],
                   title: str | None) -> list[tuple[str, float]]:
    """The page's blocks from the headline to the extractor's last body block.

    trafilatura finds where the article is, but may leave out a standfirst, a subheading
    or a caption inside it; taking every block of that stretch of the page lets the line
    cleaner decide about each one, as it does for pasted text."""
    if not body or not page:
        return body
    folded = [fold_line(b) for b, _ in page]
    hits, at = [], 0
    for text, _ in body:
        key = fold_line(text)
        j = next((k for k in range(at, len(folded)) if folded[k] == key), None)
        if j is not None:
            hits.append(j)
            at = j + 1
    if len(hits) < max(1, len(body) // 2):
        return body
    lo, hi = hits[0], hits[-1]
    if title:
        heads = [k for k in range(lo) if folded[k] == fold_line(title)]
        if heads and lo - heads[-1] <= 40:
            lo = heads[-1]
    return page[lo:hi + 1]


_HOST = re.compile(r"[\w.-]+\.[a-z]{2,}", re.I)
_DOMAIN_END = re.compile(r"\.(?:com|org|net|info|news|online|co\.[a-z]{2}|com\.[a-z]{2}|[a-z]{2})$", re.I)


def site_name(name: str | None, page_blocks: list[str]) -> str | None:
    """The site's name as the page states it: 'The Africa Report.com' -> 'The Africa Report'
    when the page also prints the name without its domain ending (or it is several words);
    a bare host name (trafilatura's fallback) is an address, not an outlet's name."""
    name = " ".join((name or "").split())
    if not name:
        return None
    match = _DOMAIN_END.search(name)
    if match and match.start() > 0:
        rest = name[:match.start()].strip()
        printed = re.compile(r"(?<!\w)" + re.escape(rest) + r"(?![\w.])", re.I)
        if " " in rest or any(printed.search(b) for b in page_blocks):
            return rest
    return None if _HOST.fullmatch(name) else name


# "Dabanga Sudan – 03/04/2025 KHARTOUM – The ...": a site name and date glued to the text.
_NAME_DASH = re.compile(r"^([^\W\d_][^–—|·\n]{0,60}?)\s[–—|·-]\s")
_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?!\d)")
_TIME_AFTER = re.compile(r"^(?:,?\s*(?:at\s+)?\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?"
                         r"(?:\s*(?:GMT|UTC|BST|CET|CEST|EAT|CAT|WAT|EST|EDT|PST|PDT)(?:[+-]\d{1,2})?)?)", re.I)


def split_site_date(block: str) -> list[str]:
    """A block that opens with 'Name – date' and runs on into the article's text is two
    lines: the name-and-date line (metadata, or page furniture) and the paragraph."""
    from .dates import find_dates

    match = _NAME_DASH.match(block)
    if not match or len(match.group(1).split()) > 5:
        return [block]
    at = match.end()
    # Numeric dates are found by shape: 03/04/2025 may be day- or month-first, and stays unread.
    numeric = _NUMERIC_DATE.match(block, at)
    written = next((d for d in find_dates(block[:at + 40]) if d.start == at), None)
    end = numeric.end() if numeric else written.end if written else None
    if end is None:
        return [block]
    time = _TIME_AFTER.match(block[end:])
    end += len(time.group(0)) if time else 0
    head, rest = block[:end].strip(), block[end:].strip()
    if len(rest.split()) < 8 or not rest[:1].isupper():
        return [block]
    return [head, rest]


def read_html(text: str, doc: Document) -> Document:
    """Whole saved pages: trafilatura finds the article body (as XML, so its paragraphs stay
    paragraphs) and the page metadata; every visible block of the page is kept aside for the
    metadata lines (byline, dateline, copyright) that sit outside the body."""
    import lxml.etree
    import trafilatura

    xml = trafilatura.extract(text, output_format="xml", include_comments=False, include_tables=True,
                              include_links=True, include_images=False, favor_recall=True,
                              deduplicate=False, with_metadata=False)
    body: list[tuple[str, float]] = []
    if xml:
        try:
            root = lxml.etree.fromstring(xml.encode("utf-8"))
        except lxml.etree.XMLSyntaxError:
            root = None
        if root is not None:
            main = root.find("main")
            body = text_blocks(main if main is not None else root, _XML_BLOCKS, frozenset())
    meta = trafilatura.extract_metadata(text)
    tree = _parse_page(text)
    page = text_blocks(tree) if tree is not None else []
    doc.page_blocks = [b for b, _ in page]
    if meta is not None:
        doc.html_metadata = {k: v for k, v in {
            "title": page_title(meta.title, doc.page_blocks), "author": meta.author, "url": meta.url,
            "outlet": site_name(meta.sitename, doc.page_blocks),
            "language": getattr(meta, "language", None),
        }.items() if v}
    # Nothing found by the extractor (a tiny or unusual page): every block goes to the cleaner.
    blocks = article_region(body, page, doc.html_metadata.get("title")) if body else page
    blocks = [(piece, density) for b, density in blocks for piece in split_site_date(b)]
    doc.link_blocks = [b for b, density in blocks if density >= LINK_DENSITY]
    doc.text = "\n".join(b for b, _ in blocks)
    date = published_date_markup(tree) if tree is not None else None
    if date:
        doc.html_metadata["date"] = date
    return doc


READERS: dict[str, tuple[str, Callable[[str, Document], Document]]] = {
    ".txt": ("txt", read_txt),
    ".text": ("txt", read_txt),
    ".md": ("md", read_md),
    ".markdown": ("md", read_md),
    ".html": ("html", read_html),
    ".htm": ("html", read_html),
}

# Files in the seeds folder that are not articles.
NOT_ARTICLES = {"sources.yaml", "sources.yml"}


def read_file(path: Path, root: Path) -> Document:
    """Read one file; raises UnreadableFile."""
    rel = path.relative_to(root).as_posix()
    fmt, reader = READERS[path.suffix.lower()]
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # the file may grow after stat()
    except OSError as err:
        raise UnreadableFile(f"cannot read: {err.strerror or err}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    if not raw.strip():
        raise UnreadableFile("empty file")
    text, encoding = decode(raw)
    if _control_ratio(text) > MAX_CONTROL_RATIO:
        raise UnreadableFile("not text: binary data (control characters)")
    text = normalise_text(text)
    doc = Document(id=_article_id(rel), path=rel, format=fmt, text="", encoding=encoding)
    doc = reader(text, doc)
    if not doc.text.strip():
        raise UnreadableFile("no text found")
    from .clean import navigation_only

    menu = navigation_only(doc.text, doc.link_blocks)
    if menu:
        # A cut-off or script-only page: what is left is its menu, nothing of an article.
        raise UnreadableFile(f"no article text found: only page navigation ({menu})")
    return doc


# Text has next to no control characters; binary data of any kind, decoded as some
# 8-bit encoding, has about one in ten. A few stray NULs in an article are dropped.
MAX_CONTROL_RATIO = 0.02
# C0 controls other than tab, newline, form feed and carriage return; DEL and C1.
_BINARY_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str, sample: int = 65536) -> float:
    head = text[:sample]
    if not head:
        return 0.0
    return len(_BINARY_CONTROL.findall(head)) / len(head)


def _article_id(rel: str) -> str:
    stem = rel.rsplit(".", 1)[0]
    return re.sub(r"[^\w.-]+", "-", stem).strip("-") or "article"


def _display(rel: str) -> str:
    """A path as it can be printed and written to report.json (undecodable bytes shown as \ufffd)."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def list_inputs(root: Path) -> tuple[list[Path], list[Skipped]]:
    """Every candidate file below root, sorted by name (never file-system order).

    Nothing below root is lost silently: links (to files or folders) are not
    followed, folders that cannot be listed, special files and file names that are
    not UTF-8 are all returned as skipped, with the reason."""
    files, skipped = [], []

    def skip(path: Path, reason: str) -> None:
        rel = _display(path.relative_to(root).as_posix())
        skipped.append(Skipped(_article_id(rel), rel, reason))

    def unlistable(err: OSError) -> None:
        if err.filename and Path(err.filename) != root:
            skip(Path(err.filename), f"folder cannot be read: {err.strerror or err}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames):
            if not name.startswith(".") and (here / name).is_symlink():
                skip(here / name, "symbolic link to a folder, not followed")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(filenames):
            path = here / name
            if name in NOT_ARTICLES or name.startswith(".") and path.suffix.lower() not in READERS:
                continue  # .DS_Store and the like are not inputs; a hidden article is reported
            if name.startswith("."):
                skip(path, "hidden file (its name starts with '.'), not read")
                continue
            if path.is_symlink():
                skip(path, "symbolic link, not followed")
            elif _display(name) != name:
                skip(path, "file name is not valid UTF-8; rename the file")
            elif path.suffix.lower() not in READERS:
                skip(path, f"unknown file type '{path.suffix or name}'")
            elif not _is_regular(path):
                skip(path, "not a regular file")
            else:
                files.append(path)
    files.sort(key=lambda p: p.relative_to(root).as_posix())
    skipped.sort(key=lambda s: s.path)
    return files, skipped


def _is_regular(path: Path) -> bool:
    """A FIFO or device named *.txt would block or never end; stat errors are read errors later."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True


def read_all(root: Path, progress=None) -> tuple[list[Document], list[Skipped]]:
    """Read every article file; a file that fails is skipped with its reason.
    `progress(done, total)` is called after each file.

    As in Pelican, each file is read inside its own try: one bad file never stops
    the book, and whatever went wrong is reported against that file. Large corpora
    are read on every core (dossier/parallel.py), with the same result in the same order."""
    files, skipped = list_inputs(root)
    documents: list[Document] = []
    used_ids: set[str] = set()
    results = parallel.ordered_map(_read_one, [(path, root) for path in files])
    for done, (rel, doc, reason, warning) in enumerate(results, 1):
        if warning:
            log.warning("%s: could not be read: %s", rel, warning)
        if doc is None:
            skipped.append(Skipped(_article_id(rel), rel, reason))
        else:
            doc.id = _unique_id(doc.id, rel, used_ids)
            used_ids.add(doc.id)
            documents.append(doc)
        if progress:
            progress(done, len(files))
    return documents, skipped


def _read_one(task: tuple[Path, Path]) -> tuple[str, Document | None, str | None, str | None]:
    """(path, document or None, why it was skipped, a warning for the log) for one file."""
    path, root = task
    rel = path.relative_to(root).as_posix()
    try:
        return rel, read_file(path, root), None, None
    except UnreadableFile as err:
        return rel, None, str(err), None
    except (RecursionError, MemoryError):
        return rel, None, "could not be read: too deeply nested or too large", None
    except Exception as err:  # a reader bug must not cost the other articles
        return rel, None, f"could not be read: {type(err).__name__}: {err}", f"{type(err).__name__}: {err}"


def _unique_id(wanted: str, rel: str, used: set[str]) -> str:
    """a.txt and a.md, or 'a b.txt' and 'a-b.txt': keep both, distinctly."""
    if wanted not in used:
        return wanted
    candidate = re.sub(r"[^\w.-]+", "-", rel).strip("-") or "article"
    n = 2
    while candidate in used:
        candidate = f"{wanted}-{n}"
        n += 1
    return candidate
