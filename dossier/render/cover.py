"""The EPUB's cover image: a 1600×2400 PNG with title and subtitle large enough to
read as a thumbnail in an e-reader's library view.

Drawn with Pillow. The font is one shipped under dossier/assets/fonts/ for Latin
text, else the system's sans-serif that has every character of the text (fontconfig,
so Korean or Chinese titles draw), else Pillow's own scalable default, so a build
never fails for want of a font.
"""
from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .html import PACKAGE_DIR

SIZE = (1600, 2400)
MARGIN = 130
INK = (255, 255, 255)
MUTED = (196, 208, 222)
BACKGROUND = (24, 42, 64)  # dark blue: the title reads in white at any size
ACCENT = (214, 160, 62)
FONTS_DIR = PACKAGE_DIR / "assets" / "fonts"


def font_path(bold: bool, text: str) -> str | None:
    """A TrueType/OpenType file that can draw `text`, or None for Pillow's default."""
    shipped = sorted(FONTS_DIR.glob("*Bold*.[ot]tf" if bold else "*Regular*.[ot]tf")) if FONTS_DIR.is_dir() else []
    if shipped and all(ord(c) < 0x250 for c in text):  # the shipped fonts cover Latin
        return str(shipped[0])
    # Ask fontconfig for a sans-serif face that has every character of the text.
    return _fontconfig(bold, " ".join(sorted({f"{ord(c):x}" for c in text if not c.isspace()})[:200]))


@lru_cache(maxsize=32)
def _fontconfig(bold: bool, charset: str) -> str | None:
    if not shutil.which("fc-match"):
        return None
    pattern = "sans-serif" + (":weight=bold" if bold else "") + (f":charset={charset}" if charset else "")
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True,
                               text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if found and Path(found).is_file() and Path(found).suffix.lower() in (".ttf", ".otf", ".ttc"):
        return found
    return None


def _font(size: int, bold: bool, text: str) -> ImageFont.FreeTypeFont:
    path = font_path(bold, text)
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size)


def _wrap(text: str, font, width: int) -> list[str]:
    """Greedy line breaking by measured width. A word wider than a line (a long
    compound, or a script written without spaces) is broken between characters."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
            continue
        lines.append("")
        for char in word:
            if lines[-1] and font.getlength(lines[-1] + char) > width:
                lines.append("")
            lines[-1] += char
    return lines


def _fit(text: str, bold: bool, sizes: range, width: int, max_lines: int):
    """The largest font size at which `text` fits in `max_lines` lines."""
    for size in sizes:
        font = _font(size, bold, text)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return font, lines
    font = _font(sizes[-1], bold, text)
    return font, _wrap(text, font, width)[:max_lines]


def cover_png(title: str, subtitle: str = "", organisation: str = "", marking: str = "",
              date_text: str = "") -> bytes:
    """The cover as PNG bytes; the same inputs give the same bytes (on one machine:
    the font comes from its fontconfig)."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    y = MARGIN

    if marking:
        font = _font(46, True, marking)
        draw.text((MARGIN, y), marking.upper(), font=font, fill=ACCENT)
        y += 90
    draw.rectangle((MARGIN, y, MARGIN + 260, y + 14), fill=ACCENT)
    y += 120

    font, lines = _fit(title, True, range(190, 79, -10), width, 6)
    line_height = int(font.size * 1.18)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += line_height
    y += 60

    if subtitle:
        font, lines = _fit(subtitle, False, range(84, 43, -4), width, 6)
        for line in lines:
            draw.text((MARGIN, y), line, font=font, fill=MUTED)
            y += int(font.size * 1.3)

    footer = [text for text in (organisation, date_text) if text]
    y = SIZE[1] - MARGIN - len(footer) * 80
    for text in footer:
        font = _font(58, False, text)
        for line in _wrap(text, font, width)[:1]:
            draw.text((MARGIN, y), line, font=font, fill=INK)
        y += 80

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
