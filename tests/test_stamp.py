"""Page numbers stamped into a part's PDF after it is drawn (render/stamp.py), and the
parts kept for the next build (dossier/cache.py): a part is drawn once, whatever the
numbers it shows, and the stamped page is the page WeasyPrint lays out with them."""
from __future__ import annotations

import re
import shutil

import pikepdf
import pytest
import yaml
from pypdf import PdfReader

from dossier.render import pagerefs, parts, pdf, stamp
from test_pagerefs import TINY_CSS, tiny_book
from test_parts import CSS, book, page_texts


def text_positions(path) -> list[list[tuple[str, float, float]]]:
    """Each page's text operations: (text, x, y) where each begins, in points."""
    pages = []
    for page in PdfReader(str(path)).pages:
        items: list[tuple[str, float, float]] = []

        def visit(text, cm, tm, font, size):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                items.append((text, x, y))

        page.extract_text(visitor_text=visit)
        pages.append(items)
    return pages


def assert_same_positions(got, expected, tolerance=0.02):
    assert [len(p) for p in got] == [len(p) for p in expected]
    for page_got, page_expected in zip(got, expected):
        for (text, x, y), (text_e, x_e, y_e) in zip(page_got, page_expected):
            assert text == text_e
            assert x == pytest.approx(x_e, abs=tolerance) and y == pytest.approx(y_e, abs=tolerance), text


def content(path) -> bytes:
    with pikepdf.open(path) as document:
        return b"".join(page.obj.Contents.read_bytes() for page in document.pages)


def test_footers_are_stamped_with_the_books_numbers_and_stay_centred(tmp_path):
    css = TINY_CSS + '@page { @bottom-center { content: "Page " counter(page) " of " counter(pages); } }'
    body = '<p>One.</p><p class="next">Two.</p>'
    part = parts.Part(0, tiny_book(body, css), frozenset())
    report = parts.lay_out_part(part, 3, tmp_path / "part.pdf", "x:")
    assert [s.shows for s in report.plan.slots] == [(("page", None), ("pages", None))] * 2
    drawn = page_texts(tmp_path / "part.pdf")
    assert "Page 000 of 000" in drawn[0] and b"%dossier" in content(tmp_path / "part.pdf")

    with pikepdf.open(tmp_path / "part.pdf") as document:
        stamp.stamp(document, report.plan, stamp.numbers_shown(report.plan, {}, 98, 120))
        document.save(tmp_path / "stamped.pdf")
    assert [re.search(r"Page \d+ of \d+", t).group(0) for t in page_texts(tmp_path / "stamped.pdf")] == [
        "Page 98 of 120", "Page 99 of 120"]
    assert b"%dossier" not in content(tmp_path / "stamped.pdf")
    # where WeasyPrint centres the same words
    for number in (98, 99):
        literal = TINY_CSS + f'@page {{ @bottom-center {{ content: "Page {number} of 120"; }} }}'
        pdf.write_document(pdf._render(tiny_book(body, literal)), tmp_path / f"literal{number}.pdf")
    stamped = text_positions(tmp_path / "stamped.pdf")
    for index, number in enumerate((98, 99)):
        footer = [item for item in stamped[index] if "Page" in item[0]]
        expected = [item for item in text_positions(tmp_path / f"literal{number}.pdf")[index]
                    if "Page" in item[0]]
        assert_same_positions([footer], [expected])


OTHER_FOOTERS = CSS.replace(
    '@bottom-center { content: "Page " counter(page) " of " counter(pages); font: 6pt sans-serif; }',
    '@bottom-right { content: counter(page) " / " counter(pages); font: 6pt sans-serif; }'
    ' @bottom-left { content: "p. " counter(page); font: 6pt sans-serif; }'
) + "p { text-align: justify; } .toc a::after { content: leader(dotted) target-counter(attr(href url), page); }"


@pytest.mark.parametrize("css", [CSS, OTHER_FOOTERS], ids=["centred", "right-and-left"])
def test_the_book_in_parts_has_every_word_where_the_book_laid_out_whole_has_it(tmp_path, monkeypatch, css):
    """Cross-references in running text (what follows moves), numbers after leaders
    (flush right, the dots fill the room), footers centred, right- or left-aligned,
    "?" for an anchor found nowhere."""
    assert "@bottom-right" in OTHER_FOOTERS and "leader(dotted)" in OTHER_FOOTERS
    monkeypatch.setattr(parts, "JOBS", 2)
    monkeypatch.setattr(parts, "PART_COST_CHARS", 0)
    monkeypatch.setattr(pagerefs, "placeholder_digits", lambda html: 3)  # room given back everywhere
    html = book(chapters=4, css=css)
    pdf.write_pdf(html, tmp_path / "whole.pdf", parts=False)
    parts.write_pdf(html, tmp_path / "parts.pdf")
    texts = page_texts(tmp_path / "parts.pdf")
    assert texts == page_texts(tmp_path / "whole.pdf")
    assert "nowhere (p. ?)" in " ".join(texts).replace("\xa0", " ")
    assert_same_positions(text_positions(tmp_path / "parts.pdf"), text_positions(tmp_path / "whole.pdf"))
    assert b"%dossier" not in content(tmp_path / "parts.pdf")


def test_a_number_stamp_cannot_rewrite_makes_the_book_laid_out_whole(tmp_path, monkeypatch):
    """Letter-spaced numbers would need the spacing repeated for every digit."""
    monkeypatch.setattr(parts, "JOBS", 2)
    monkeypatch.setattr(pagerefs, "placeholder_digits", lambda html: 2)
    html = book(css=CSS.replace("a.see::after {", "a.see::after { letter-spacing: 1pt;"))
    with pytest.raises(stamp.CannotStamp):
        parts.write_pdf(html, tmp_path / "parts.pdf")
    pages = pdf.write_pdf(html, tmp_path / "book.pdf", parts=True)
    pdf.write_pdf(html, tmp_path / "whole.pdf", parts=False)
    texts = page_texts(tmp_path / "book.pdf")
    assert f"Page 2 of {pages}" in texts[1] and texts == page_texts(tmp_path / "whole.pdf")
    assert not list(tmp_path.glob(".dossier-parts*"))


def moved_and_renamed(project, name="moved.yaml") -> str:
    """The project's config with its chapters in reverse order and the first renamed."""
    raw = yaml.safe_load((project / "config.yaml").read_text("utf-8"))
    raw["chapters"].reverse()
    raw["chapters"][0]["title"] += " (renamed)"
    (project / name).write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
    return name


def test_a_rebuild_after_chapters_move_draws_only_the_parts_that_changed(seed_project, tmp_path, monkeypatch):
    import dossier

    project = tmp_path / "project"
    shutil.copytree(seed_project, project, ignore=shutil.ignore_patterns("build", ".cache", "*.yaml~"))
    monkeypatch.setattr(parts, "MIN_PART_CHARS", 0)
    monkeypatch.setattr(parts, "KEPT_PART_CHARS", 0)  # a part per chapter, however short
    monkeypatch.setattr(parts, "JOBS", 1)  # parts laid out in this process, so they can be counted
    laid_out = []
    real = parts.lay_out_part
    monkeypatch.setattr(parts, "lay_out_part", lambda part, *a: laid_out.append(part.html) or real(part, *a))
    moved = moved_and_renamed(project)

    def build(config_name, **kw):
        laid_out.clear()
        result = dossier.build(dossier.load_config(project / config_name), formats=("pdf",), **kw)
        return result, list(laid_out)

    first, drawn = build("config.yaml")
    chapters = len(yaml.safe_load((project / "config.yaml").read_text("utf-8"))["chapters"])
    assert len(drawn) >= chapters + 1
    again, drawn_again = build("config.yaml")
    assert drawn_again == [] and again.pages == first.pages  # nothing changed: nothing drawn

    result, redrawn = build(moved)
    renamed = yaml.safe_load((project / moved).read_text("utf-8"))["chapters"][0]
    assert len(redrawn) < len(drawn)
    assert result.parts_kept == (len(drawn) - len(redrawn), len(drawn))  # the summary's "N of M parts"
    unchanged = [c["id"] for c in yaml.safe_load((project / moved).read_text("utf-8"))["chapters"][1:]]
    for html in redrawn:  # the chapters that only moved are not drawn again
        assert not any(f'class="chapter" id="c-{cid}"' in html for cid in unchanged)
    assert any(renamed["title"] in html for html in redrawn)
    rebuilt = (project / "build" / "dossier.pdf").read_bytes()

    cold, _ = build(moved, out_dir=tmp_path / "cold")  # a first build: its cache empty
    assert (tmp_path / "cold" / "dossier.pdf").read_bytes() == rebuilt  # the same book, byte for byte
    cached = sorted((project / "build" / ".cache" / parts.CACHE_KIND).glob("*.data"))
    assert len(cached) == len(drawn)  # the last build's parts only

    # a kept part whose file changed is not trusted: laid out again, same book
    data = bytearray(cached[0].read_bytes())
    data[len(data) // 2] ^= 0xFF
    cached[0].write_bytes(bytes(data))
    _, after_damage = build(moved)
    assert len(after_damage) == 1
    assert (project / "build" / "dossier.pdf").read_bytes() == rebuilt


def test_short_chapters_are_joined_until_a_kept_part_is_long_enough():
    import lxml.html

    sizes = [500, 3000, 400, 400, 400, 5000, 300]
    groups = [[(None, lxml.html.fromstring(f'<section class="chapter">{"x" * n}</section>'))] for n in sizes]
    joined = parts._small_ones_joined(groups, 1000)
    assert [[len(e.text) for _, e in g] for g in joined] == [[500], [3000], [400, 400, 400], [5000], [300]]


def test_stamping_rewrites_only_what_the_comments_mark():
    lines = [b"q", b"%dossier d=0:2.5", b"BT", b"[<0001>] TJ", b"ET", b"Q",
             b"q", b"%dossier n=0 s=0:-1.0", b"BT", b"[<0011><0011>] TJ", b"ET", b"Q", b"0 0 m"]
    data = b"\n".join(lines)
    new = [[b"[<0012>] TJ"]]
    # the number one digit narrower: 5 units of room; the dot needing 2.5 is kept
    kept = stamp._stamped(data, [-5.0], new).split(b"\n")
    assert kept[:5] == lines[:1] + lines[2:6]
    assert b"1 0 0 1 5 0 cm" in kept and b"[<0012>] TJ" in kept and not any(b"%dossier" in x for x in kept)
    # no room: the dot goes with its q and Q, nothing moves
    dropped = stamp._stamped(data, [0.0], new).split(b"\n")
    assert dropped == [b"q", b"BT", b"[<0012>] TJ", b"ET", b"Q", b"0 0 m"]


def test_an_epub_only_build_lays_the_book_out_in_parts_and_keeps_them_for_the_pdf(seed_project, seed_build,
                                                                                 tmp_path, monkeypatch):
    """The EPUB's page-list cites the PDF's pages: an EPUB-only build counts them in
    parts, as the PDF's build would, and the PDF built next takes every part from the
    cache."""
    import dossier

    monkeypatch.setattr(parts, "MIN_PART_CHARS", 0)
    monkeypatch.setattr(parts, "KEPT_PART_CHARS", 0)
    monkeypatch.setattr(pdf.pagemap, "layout_page_map", lambda html: pytest.fail("laid out whole"))
    config = dossier.load_config(seed_project / "config.yaml")
    dossier.build(config, formats=("epub",), out_dir=tmp_path)
    assert (tmp_path / "dossier.epub").read_bytes() == (seed_build[2] / "dossier.epub").read_bytes()
    assert not (tmp_path / "dossier.pdf").exists() and not list(tmp_path.glob(".dossier-parts*"))
    result = dossier.build(config, formats=("pdf",), out_dir=tmp_path)
    assert result.parts_kept[0] == result.parts_kept[1] >= 4
    assert page_texts(tmp_path / "dossier.pdf") == page_texts(seed_build[2] / "dossier.pdf")
