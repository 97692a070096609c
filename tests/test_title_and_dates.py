"""Metadata read from a pasted article's text: a bare headline above the body, ambiguous
numeric dates, an "Updated" stamp as the only date, and outlets named in bylines and datelines."""
from __future__ import annotations

import datetime as dt

from dossier import clean, metadata, readers

BODY = ("WASHINGTON — The Commerce Department on Friday issued further rules restricting exports of "
        "AI chips to China, officials said, targeting data centres abroad that could serve Chinese customers.\n\n"
        "Industry groups said they would seek changes, and several lawmakers asked for a briefing.\n")


def describe_text(tmp_path, text: str, name: str = "a.txt", encoding: str = "utf-8"):
    (tmp_path / name).write_bytes(text.encode(encoding))
    docs, skipped = readers.read_all(tmp_path)
    assert not skipped, skipped
    cleaned = clean.clean_all(docs)
    return metadata.describe_all(cleaned, {})[0]


# --- a headline, a blank line, the article -------------------------------------------------

def test_a_short_headline_set_apart_by_a_blank_line_is_the_title(tmp_path):
    article = describe_text(tmp_path, "Chip export controls tighten again\n\n" + BODY)
    assert article.title.value == "Chip export controls tighten again"
    assert article.paragraphs[0].startswith("WASHINGTON — ")  # the headline left the body
    assert "Chip export controls tighten again" not in article.paragraphs


def test_the_same_paste_saved_as_utf16_with_crlf(tmp_path):
    text = ("Chip export controls tighten again\n\n" + BODY).replace("\n", "\r\n")
    article = describe_text(tmp_path, text, encoding="utf-16")
    assert article.title.value == "Chip export controls tighten again"


def test_a_headline_run_into_the_text_is_not_taken(tmp_path):
    # No blank line under it: as likely the subheading of a pasted fragment.
    article = describe_text(tmp_path, "Chip export controls tighten again\n" + BODY)
    assert not article.title.known


def test_a_heading_under_text_is_no_title(tmp_path):
    text = ("Officials met this week to discuss how much water the dams should release during the dry season, "
            "after months of record-low river levels.\n\nWhat the rules cover now\n\n" + BODY)
    article = describe_text(tmp_path, text)
    assert not article.title.known
    assert "What the rules cover now" in article.paragraphs


def test_a_dateline_or_byline_alone_above_the_text_is_no_title(tmp_path):
    for first in ("Posted Nov. 12, 2024", "By Jane Roe, Staff Reporter", "WORLD / UNITED NATIONS", "Meridian Wire"):
        article = describe_text(tmp_path, first + "\n\n" + BODY)
        assert article.title.value != first
