"""What each feature of our pages costs WeasyPrint: one change at a time to the HTML the
PDF is laid out from, each variant laid out by `python -m weasyprint` in a fresh process.

    python bench/ablate.py build/bench/200/floor.html /tmp/ablate            # every variant
    python bench/ablate.py build/bench/200/floor.html /tmp/ablate base no_justify

The input is the floor HTML of bench/run.py (dossier.html through
`render/pagerefs.print_source`). Per variant it prints and appends to OUT/results.jsonl:
wall and CPU seconds, peak RSS (/usr/bin/time -v), pages, and the user-space
instructions (`perf stat`, when perf is installed). On a shared machine wall and CPU
seconds move with the load; the instruction count repeats within about 0.5 % and is
the measure to compare. Each variant is a style override appended to the document's
stylesheet or an edit of the HTML; see bench/README.md, "What our pages cost WeasyPrint".
"""
from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def css(rule: str):
    """Append `rule` to the document's stylesheet (last, so that it wins)."""
    return lambda html: html.replace("</style>", rule + "\n</style>", 1)


def sub(pattern: str, replacement: str):
    return lambda html: re.sub(pattern, replacement, html, flags=re.S)


def both(*changes):
    def change(html: str) -> str:
        for c in changes:
            html = c(html)
        return html
    return change


def with_addresses(html: str) -> str:
    """Every 'Address unknown' replaced by an address of typical length, shown as in the
    PDF (the site in the text, the full address as a footnote): the generated corpus has
    no addresses, real clippings mostly do."""
    count = itertools.count()

    def address(_match):
        i = next(count)
        url = (f"https://www.example-news{i % 7}.com/2024/01/{i % 28 + 1:02d}/world/"
               f"ministry-says-harbour-fleet-quota-talks-resume-after-long-pause-{i}.html?ref=rss&utm_source=feed")
        return (f'<a href="{url}">example-news{i % 7}.com</a>'
                f'<span class="url-note"><a class="url" href="{url}">{url}</a></span>')
    return re.sub(r'<span class="unknown">Address unknown</span>', address, html)


def inline_custom_properties(html: str) -> str:
    found = re.search(r":root \{([^}]*)\}", html)
    values = dict(re.findall(r"(--[\w-]+):\s*([^;]+);", found.group(1))) if found else {}
    return re.sub(r"var\((--[\w-]+)\)", lambda m: values.get(m.group(1), m.group(0)), html)


LEADER_LISTS = ".toc a::after, .chapter-articles a::after"
NO_FOOTNOTES = css(".url-note { display: none !important; }")

VARIANTS = {
    "base": lambda html: html,
    # Text
    "no_hyphens": css("html { hyphens: manual !important; }"),
    "no_justify": css(".body p { text-align: left !important; }"),
    "hyphenate_limit_chars_6_3_3": css("html { hyphenate-limit-chars: 6 3 3; }"),
    "hyphenate_limit_zone_8pc": css("html { hyphenate-limit-zone: 8%; }"),
    "kerning_ligatures_default": css("html { font-kerning: auto !important; font-variant-ligatures: normal !important; }"),
    "kerning_ligatures_off": css("html { font-kerning: none !important; font-variant-ligatures: none !important; }"),
    "no_overflow_wrap_anywhere": css(".url, .file, .article-id, .url-note { overflow-wrap: normal !important; }"),
    "no_font_face": sub(r"@font-face \{[^}]*\}", ""),
    # Pages
    "no_running_heads": css("@page { @top-left { content: none !important } @top-center { content: none !important }"
                            " @top-right { content: none !important } @bottom-center { content: none !important } }"),
    "no_ellipsis": css("@page { @top-left { overflow: visible !important; text-overflow: clip !important }"
                       " @top-right { overflow: visible !important; text-overflow: clip !important } }"),
    "no_string_set": css(".marking, .cover-title, .toc-title, .chapter-title, .appendix-title { string-set: none !important; }"),
    "orphans_widows_1": css("p, li, dd, td { orphans: 1 !important; widows: 1 !important; }"),
    "no_break_avoid": css(".article header, .also, .related, tr, .toc-chapter { break-inside: auto !important; }"
                          " h1, h2, h3, dt, thead, .article header { break-after: auto !important; }"),
    "no_grid": css(".cover-facts, .glance-grid { display: block !important; }"),
    # Contents and chapter openers: dot leaders and the page numbers after them
    "no_leader_no_number": css(LEADER_LISTS + " { content: none !important; }"),
    "number_no_leader": css(LEADER_LISTS + ' { content: " " target-counter(attr(href url), page) !important; }'),
    "leader_no_number": css(LEADER_LISTS + ' { content: leader(". ") !important; }'),
    "leader_two_dots": css(LEADER_LISTS + ' { content: leader(". . ") target-counter(attr(href url), page) !important; }'),
    "leader_four_dots": css(LEADER_LISTS + ' { content: leader(". . . . ") target-counter(attr(href url), page) !important; }'),
    "no_page_references": css(".see-also a::after, .related a::after, .source-list .placement a::after, .used-in a::after,"
                              " .also a::after, .source-key::after { content: none !important; }"),
    # Inline elements
    "no_term_links": sub(r'<a class="term"[^>]*>(.*?)</a>', r"\1"),
    "term_no_border": css("a.term { border-bottom: none !important; }"),
    "term_dotted_underline": css("a.term { border-bottom: none !important; text-decoration: underline dotted #999 !important; }"),
    "no_borders": css("* { border: none !important; }"),
    "no_unstyled_spans": sub(r'<span class="(sep|outlet|author|date|facts|src-title)">(.*?)</span>', r"\2"),
    "meta_separators_as_text": sub(r'\s*<span class="sep"> · </span>', " · "),
    # Selectors
    "no_custom_properties": inline_custom_properties,
    "footnote_call_scoped": lambda html: html.replace("::footnote-call {", ".url-note::footnote-call {", 1),
    # Addresses as footnotes
    "with_addresses": with_addresses,
    "with_addresses_no_footnotes": both(with_addresses, NO_FOOTNOTES),
    "with_addresses_inline": both(with_addresses, css(".url-note { float: none !important; }")),
}


def measure(html: Path, pdf: Path, out: Path) -> dict:
    perf = ["perf", "stat", "-x,", "-e", "instructions:u", "-o", str(out / "perf.txt")] if shutil.which("perf") else []
    done = subprocess.run(["/usr/bin/time", "-v", *perf, PY, "-m", "weasyprint",
                           "--base-url", str(ROOT / "dossier"), str(html), str(pdf)],
                          capture_output=True, text=True)

    def field(name: str) -> str:
        return re.search(re.escape(name) + r".*?: (.*)", done.stderr).group(1)

    minutes, seconds = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")[-2:]
    row = {"wall_s": round(int(minutes) * 60 + float(seconds), 2),
           "cpu_s": round(float(field("User time (seconds)")) + float(field("System time (seconds)")), 2),
           "peak_rss_mb": round(int(field("Maximum resident set size (kbytes)")) / 1024)}
    if perf:
        counted = (out / "perf.txt").read_text().split("instructions")[0].strip().splitlines()[-1]
        row["g_instructions"] = round(int(counted.split(",")[0]) / 1e9, 2)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = re.search(r"Pages:\s+(\d+)", info)
    row["pages"] = int(pages.group(1)) if pages else None
    return row


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        sys.exit(__doc__)
    source, out = Path(argv[0]), Path(argv[1])
    names = argv[2:] or list(VARIANTS)
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        sys.exit(f"unknown variant(s): {', '.join(unknown)}; known: {', '.join(VARIANTS)}")
    out.mkdir(parents=True, exist_ok=True)
    html = source.read_text("utf-8")
    for name in names:
        variant = out / f"{name}.html"
        variant.write_text(VARIANTS[name](html), "utf-8")
        row = {"variant": name, **measure(variant, out / f"{name}.pdf", out)}
        print(json.dumps(row), flush=True)
        with open(out / "results.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
