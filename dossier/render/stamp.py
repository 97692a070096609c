"""Page numbers written into a part's PDF after it is drawn.

A part of the book (render/parts.py) is laid out with every page number it shows as a
placeholder of zeros: cross-references ("(p. 0000)"), the contents' numbers after their
leaders, "Page 0000 of 0000" in the footers. The numbers are known only once every part
is counted, but holding every laid-out part until then holds the whole book in memory,
and drawing a part again after a change elsewhere in the book costs its whole layout.
So each part is drawn as soon as it is laid out, with the placeholders, and the numbers
are stamped into its PDF afterwards:

* `prepare` finds, in the laid-out pages, each text box that shows a placeholder (a
  *slot*) and every text box that moves when the slot's width changes: what follows it
  on its line, the whole line when it is centred or right-aligned, the number after a
  leader (which stays flush right). For a number after a leader it also lays out the
  leader dots the narrowest number would leave room for, each to be kept or dropped.
* `drawing_marks` draws each of those text boxes inside its own `q … Q` with a
  `%dossier` comment line (a PDF comment: viewers skip it), and records each slot's
  glyphs as drawn, the glyphs of the digits in its font (added to the embedded subset)
  and their widths.
* `stamp` replaces each placeholder's glyphs with the number's, turns each comment into
  the translation its box needs (the difference in width, as render/pagerefs.py moves
  the laid-out boxes when it fills in a book laid out whole) and drops the dots a
  number covers. Same text, same positions as `pagerefs.fill_in` on the laid-out book
  (tests/test_stamp.py compares them).

The comments and the `q … Q` around a box change nothing a reader sees; `stamp` removes
the comments. What moves is text (with its underline): a link's clickable area stays
where layout put it, as with `pagerefs.fill_in`, and so would an inline background.
"""
from __future__ import annotations

import contextlib
import re
import zlib
from dataclasses import dataclass, field

from . import pagerefs

# What a placeholder may become: a page number, or "?" for an anchor that is nowhere.
SHOWN_CHARACTERS = "0123456789?"
_TJ = re.compile(rb"^\[(.*)\] TJ$")
_TOKEN = re.compile(rb"<([0-9A-Fa-f]*)>|(-?[0-9.]+(?:e-?[0-9]+)?)")
_MARKERS = re.compile(rb"^%dossier ([^\n]*)\n", re.M)


class CannotStamp(Exception):
    """Numbers `stamp` cannot write (a book longer than the placeholder has digits for,
    a style that spaces the letters of a number, a font without digits): the book is
    laid out whole instead."""


@dataclass
class Slot:
    """A text box showing placeholders: what each one shows, in order, and, once drawn,
    its glyphs (`lines`: each TJ operator's tokens, a glyph as its 4-digit hex id, a
    number as bytes) with the positions of each placeholder's glyphs."""

    page: int
    shows: tuple[tuple[str, str | None], ...]  # ("anchor", name) | ("page", None) | ("pages", None)
    lines: list[list] = field(default_factory=list)
    runs: list[list[tuple[int, int]]] = field(default_factory=list)  # (line, token) per glyph
    glyphs: dict[str, tuple[str, int]] = field(default_factory=dict)  # character -> (gid, width/1000 em)
    size: float = 0.0  # font size of the TJ operators, in user space units (CSS px)


@dataclass
class Plan:
    """The slots of one part, by their number in the `%dossier` comments."""

    placeholder: str
    slots: list[Slot] = field(default_factory=list)


# --- Before drawing ---------------------------------------------------------------------

def prepare(document, placeholder: str, link_prefix: str) -> Plan:
    """Find the slots of a laid-out part and mark the text boxes `drawing_marks` wraps."""
    plan = Plan(placeholder)
    shows_placeholder = pagerefs.shows_placeholder(placeholder)

    def wanted(box) -> bool:
        return shows_placeholder(box) or (placeholder in box.text and pagerefs.shows_page_mark(box))

    for page_index, page in enumerate(document.pages):
        found: list[tuple[object, tuple]] = []
        pagerefs.collect(page._page_box, (), wanted, found)
        for box, chain in found:
            number = len(plan.slots)
            plan.slots.append(Slot(page_index, _shows(box, placeholder, link_prefix)))
            box._dossier_slot = number
            if pagerefs.has_leader(chain[-1]):
                _after_leader(box, chain, number, placeholder)
            else:
                _on_line(box, chain, number)
    return plan


def _shows(box, placeholder: str, link_prefix: str) -> tuple:
    shows = []
    start = box.text.find(placeholder)
    while start >= 0:
        mark = box.text[start - 1] if start else ""
        if mark == pagerefs.PAGE_MARK:
            shows.append(("page", None))
        elif mark == pagerefs.PAGES_MARK:
            shows.append(("pages", None))
        else:
            shows.append(("anchor", pagerefs.target(box.element, link_prefix)))
        start = box.text.find(placeholder, start + len(placeholder))
    return tuple(shows)


def _text_boxes(box):
    if getattr(box, "text", None) is not None:
        yield box
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child)


def _shift(box, slot: int, factor: float) -> None:
    """`box` moves by `factor` times the slot's change in width."""
    for text_box in _text_boxes(box):
        shifts = text_box.__dict__.setdefault("_dossier_shifts", {})
        shifts[slot] = shifts.get(slot, 0.0) + factor


def _on_line(box, chain: tuple, slot: int) -> None:
    """The boxes that move as pagerefs._replace_text moves them."""
    for moving, share in pagerefs.moving_with(box, chain):
        _shift(moving, slot, share)


def _after_leader(box, chain: tuple, slot: int, placeholder: str) -> None:
    """As pagerefs._replace_after_leader: the number and what follows the leader move
    right by the room the number gives back, and the leader's dots fill it. WeasyPrint
    laid the dots on a grid counted from the line's right edge; the dots of that grid
    any number could add are laid out now, each kept when the room reaches it."""
    from weasyprint.formatting_structure.boxes import LineBox

    leader, following = pagerefs.after_leader(chain[-1])
    for child in following:
        _shift(child, slot, -1.0)
    line = next((b for b in reversed(chain) if isinstance(b, LineBox)), None)
    if not leader.children or line is None:
        return
    old_width, _ = pagerefs.text_width(box.text, box.style, box.justification_spacing)
    narrowest = min(pagerefs.text_width(box.text.replace(placeholder, ch, 1), box.style,
                                         box.justification_spacing)[0] for ch in SHOWN_CHARACTERS)
    most_room = max(0.0, old_width - narrowest)
    added = []
    for x, need in pagerefs.leader_grid(leader, line):  # need: the room a dot there needs
        if 0 < need <= most_room + 1e-6:
            dot = pagerefs.dot_at(leader, x)
            dot._dossier_dot = (slot, need)
            added.append(dot)
    leader.children = tuple(added) + leader.children  # right to left, as laid out


# --- Drawing ----------------------------------------------------------------------------

@contextlib.contextmanager
def drawing_marks(plan: Plan):
    """While the part is written, the marked text boxes are drawn inside `q … Q` with a
    `%dossier` comment, and each slot's glyphs are recorded into `plan`."""
    import weasyprint.draw as draw

    original = draw.draw_text

    def draw_text(stream, textbox, offset_x, text_overflow, block_ellipsis="none"):
        slot = getattr(textbox, "_dossier_slot", None)
        shifts = getattr(textbox, "_dossier_shifts", None)
        dot = getattr(textbox, "_dossier_dot", None)
        if slot is None and not shifts and dot is None:
            return original(stream, textbox, offset_x, text_overflow, block_ellipsis)
        words = []
        if slot is not None:
            words.append(f"n={slot}")
        if shifts:
            words.append("s=" + ",".join(f"{k}:{v!r}" for k, v in sorted(shifts.items())))
        if dot is not None:
            words.append(f"d={dot[0]}:{dot[1]!r}")
        with stream.stacked():
            stream.stream.append(("%dossier " + " ".join(words)).encode())
            if slot is None:
                original(stream, textbox, offset_x, text_overflow, block_ellipsis)
            else:
                _draw_slot(original, plan.slots[slot], plan.placeholder, stream, textbox,
                           offset_x, text_overflow, block_ellipsis)

    draw.draw_text = draw_text
    try:
        yield
    finally:
        draw.draw_text = original


def _draw_slot(original, slot: Slot, placeholder: str, stream, textbox, *args) -> None:
    fonts = []
    add_font = stream.add_font

    def font_added(pango_font):
        font, size = add_font(pango_font)
        fonts.append((font, size, pango_font))
        return font, size

    start = len(stream.stream)
    stream.add_font = font_added
    try:
        original(stream, textbox, *args)
    finally:
        del stream.add_font
    lines = [match.group(1) for item in stream.stream[start:] if (match := _TJ.match(item))]
    if not lines and not fonts:  # not drawn (visibility: hidden): nothing to stamp
        return
    if len({id(font) for font, _, _ in fonts}) != 1 or fonts[0][0].bitmap:
        raise CannotStamp("a page number drawn in more than one font")
    font, size, pango_font = fonts[0]
    slot.size = float(size)
    slot.glyphs = _glyphs(stream, textbox, font, size, pango_font)
    slot.lines = [_tokens(line) for line in lines]
    zero = slot.glyphs["0"][0]
    glyphs = [(i, j) for i, line in enumerate(slot.lines) for j, token in enumerate(line)
              if isinstance(token, str)]
    zeros = [position for position in glyphs if slot.lines[position[0]][position[1]] == zero]
    width = len(placeholder)
    if (textbox.text.replace(placeholder, "").count("0") or len(zeros) != width * len(slot.shows)
            or not _spaced_only_by_nothing(slot, zeros, width)):
        raise CannotStamp("a page number's glyphs are not the placeholder's")
    slot.runs = [zeros[k:k + width] for k in range(0, len(zeros), width)]


def _spaced_only_by_nothing(slot: Slot, zeros: list, width: int) -> bool:
    """Each placeholder's glyphs follow one another with no spacing between them (a
    style that spaces letters would need it repeated for every digit)."""
    for k in range(0, len(zeros), width):
        run = zeros[k:k + width]
        for (line_a, token_a), (line_b, token_b) in zip(run, run[1:]):
            if line_a != line_b:
                return False
            between = slot.lines[line_a][token_a + 1:token_b]
            if any(isinstance(t, str) or float(t) != 0 for t in between):
                return False
    return True


def _glyphs(stream, textbox, font, size, pango_font) -> dict[str, tuple[str, int]]:
    """The glyph of each character a number may show, in the slot's font, added to the
    font's embedded subset with its width (as WeasyPrint adds the glyphs it draws)."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango
    from weasyprint.text.fonts import get_pango_font_key
    from weasyprint.text.line_break import create_layout

    layout = create_layout(SHOWN_CHARACTERS, textbox.style, None, None, 0)
    line, _ = layout.get_first_line()
    run = line.runs[0]
    glyph_item = run.data
    same_font = (get_pango_font_key(glyph_item.item.analysis.font)[0] == get_pango_font_key(pango_font)[0])
    if run.next != ffi.NULL or not same_font or glyph_item.glyphs.num_glyphs != len(SHOWN_CHARACTERS):
        raise CannotStamp("the font of a page number has no digits")
    glyphs = {}
    for ch, info in zip(SHOWN_CHARACTERS, glyph_item.glyphs.glyphs[0:len(SHOWN_CHARACTERS)]):
        gid = info.glyph
        if gid & pango.PANGO_GLYPH_UNKNOWN_FLAG:
            raise CannotStamp("the font of a page number has no digits")
        if gid not in font.widths:
            pango.pango_font_get_glyph_extents(pango_font, gid, stream.ink_rect, stream.logical_rect)
            font.widths[gid] = round(stream.logical_rect.width * 1000 * FROM_UNITS / size)
        font.to_unicode.setdefault(gid, ch)
        glyphs[ch] = (f"{gid:04x}", font.widths[gid])
    layout.deactivate()
    return glyphs


def _tokens(line: bytes) -> list:
    tokens: list = []
    for match in _TOKEN.finditer(line):
        if match.group(1) is not None:
            hexes = match.group(1).decode().lower()
            tokens.extend(hexes[i:i + 4] for i in range(0, len(hexes), 4))
        else:
            tokens.append(match.group(2))
    return tokens


def _serialised(tokens: list) -> bytes:
    out, glyphs = [], []
    for token in tokens + [None]:
        if isinstance(token, str):
            glyphs.append(token)
            continue
        if glyphs:
            out.append(b"<" + "".join(glyphs).encode() + b">")
            glyphs = []
        if token is not None:
            out.append(token)
    return b"[" + b"".join(out) + b"] TJ"


# --- Stamping ---------------------------------------------------------------------------

def numbers_shown(plan: Plan, anchors: dict[str, int], first_page: int, total: int) -> list[list[str]]:
    """What each slot's placeholders show in the book: "?" for an anchor found nowhere."""
    shown = []
    for slot in plan.slots:
        texts = []
        for kind, name in slot.shows:
            if kind == "page":
                texts.append(str(first_page + slot.page))
            elif kind == "pages":
                texts.append(str(total))
            else:
                number = anchors.get(name) if name else None
                texts.append("?" if number is None else str(number))
        shown.append(texts)
    return shown


def stamp(pdf, plan: Plan, shown: list[list[str]]) -> None:
    """Write the numbers (`numbers_shown`) into a part's PDF (a pikepdf.Pdf), in place."""
    import pikepdf

    width = len(plan.placeholder)
    if any(len(text) > width for texts in shown for text in texts):
        raise CannotStamp("a page number longer than its placeholder")
    deltas, new_lines = [], []
    for slot, texts in zip(plan.slots, shown):
        lines = [list(line) for line in slot.lines]
        change = 0
        for run, text in zip(reversed(slot.runs), reversed(texts)):  # right to left: positions hold
            line, token = run[0]
            lines[line][token:run[-1][1] + 1] = [slot.glyphs[ch][0] for ch in text]
            change += sum(slot.glyphs[ch][1] for ch in text) - width * slot.glyphs["0"][1]
        deltas.append(change * slot.size / 1000)
        new_lines.append([_serialised(line) for line in lines])
    for page in pdf.pages:
        for stream in _content_streams(page.obj, pikepdf):
            data = stream.read_bytes()
            if b"%dossier" in data:  # compressed at once: a book's pages, uncompressed, are hundreds of MB
                stream.write(zlib.compress(_stamped(data, deltas, new_lines)), filter=pikepdf.Name.FlateDecode)


def _content_streams(page, pikepdf):
    contents = page.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
    forms = page.get("/Resources", {}).get("/XObject", {})
    for key in forms.keys():
        form = forms[key]
        if form.get("/Subtype") == "/Form":
            streams.append(form)
    return streams


def _stamped(data: bytes, deltas: list[float], new_lines: list[list[bytes]]) -> bytes:
    """The content stream with each `%dossier` comment turned into what it asks for.
    Only the marked boxes are looked at: a page's stream is tens of kilobytes."""
    out: list[bytes] = []
    position = 0
    for match in _MARKERS.finditer(data):
        words = dict(word.split(b"=", 1) for word in match.group(1).split())
        block, end = match.end(), _block_end(data, match.end())  # `end`: where its `Q` line starts
        if b"d" in words:
            slot, need = words[b"d"].split(b":")
            room = -deltas[int(slot)]
            keep = room > 1e-9 and float(need) <= room + 1e-6
            if not keep:  # the `q` before the comment, the dot, its `Q`
                if data[match.start() - 2:match.start()] != b"q\n":
                    raise CannotStamp("a marked dot without its `q`")
                out.append(data[position:match.start() - 2])
                position = data.find(b"\n", end) + 1 or len(data)
                continue
        out.append(data[position:match.start()])
        dx = 0.0
        for pair in words.get(b"s", b"").split(b","):
            if pair:
                slot, factor = pair.split(b":")
                dx += float(factor) * deltas[int(slot)]
        if abs(dx) > 1e-9:
            out.append(b"1 0 0 1 %s 0 cm\n" % _number(dx))
        position = block
        if b"n" in words:
            replacement = iter(new_lines[int(words[b"n"])])
            lines = [next(replacement) if _TJ.match(line) else line for line in data[block:end].split(b"\n")]
            out.append(b"\n".join(lines))
            position = end
    out.append(data[position:])
    return b"".join(out)


def _block_end(data: bytes, start: int) -> int:
    """Where the line `Q` closing the `q` just before the comment ending at `start` begins."""
    depth, at = 1, start
    while at < len(data):
        stop = data.find(b"\n", at)
        stop = len(data) if stop < 0 else stop
        line = data[at:stop]
        if line == b"q":
            depth += 1
        elif line == b"Q":
            depth -= 1
            if depth == 0:
                return at
        at = stop + 1
    raise CannotStamp("a marked box without its end")


def _number(value: float) -> bytes:
    return (b"%.6f" % value).rstrip(b"0").rstrip(b".")
