"""Ingest of shapes that are not web pages: reports copied from a PDF, Markdown notes and
web clippings, press releases."""
from __future__ import annotations

import datetime as dt

import pytest

from dossier import clean, metadata, readers
from dossier.model import front_matter_value


def describe_text(tmp_path, name: str, text: str):
    (tmp_path / name).write_text(text, encoding="utf-8")
    docs, skipped = readers.read_all(tmp_path)
    assert not skipped, skipped
    cleaned = clean.clean_all(docs)
    return metadata.describe_all(cleaned, {})[0], cleaned[0]


# A UN report as text copied from its PDF: running header, page numbers, numbered
# sections, footnote markers after the full stops, footnotes under a rule.
PDF_REPORT = """A/HRC/55/63

Situation of human rights in the Republic of Examplia

Report of the Special Rapporteur

I. Introduction

1. The present report is submitted pursuant to Human Rights Council resolution 52/28. In it, the
Special Rapporteur examines the situation of women and girls who have left the country and were
returned, and the continued closure of the borders since 2020.

2. The Special Rapporteur held consultations with more than 60 escapees in two neighbouring
countries. Their testimony describes interrogation by the security ministry, detention in holding
centres near the border and transfer to labour training camps.1

                                                                                      Page 3 of 18

A/HRC/55/63

II. Forced returns

3. Escapees interviewed described being beaten during interrogation and made to work without
pay. One woman said she was held for eight months in a pre-trial detention facility and was
never told of any charge against her.

4. The Special Rapporteur reiterates that the principle of non-refoulement is absolute and
applies to all persons at risk of torture upon return.2

_______________
1 Interviews conducted in the capital, October 2023.
2 See A/HRC/52/64, para. 21.

                                                                                      Page 4 of 18
"""


def test_report_from_a_pdf_keeps_its_last_paragraph_and_section_headings(tmp_path):
    article, cleaned = describe_text(tmp_path, "report.txt", PDF_REPORT)
    text = article.paragraphs
    # the last numbered paragraph ends in a footnote marker ('return.2'): still a sentence
    last = next(p for p in text if p.startswith("4. The Special Rapporteur reiterates"))
    assert last.endswith("upon return.2")
    assert "I. Introduction" in text and "II. Forced returns" in text
    assert text.index("II. Forced returns") == text.index(next(p for p in text if p.startswith("3. "))) - 1
    reasons = {d.text: d.reason for d in cleaned.dropped}
    assert reasons["Page 3 of 18"] == reasons["Page 4 of 18"] == "page furniture (page_numbers)"
    assert "A/HRC/55/63" in reasons
    assert article.title.value == "Situation of human rights in the Republic of Examplia"


@pytest.mark.parametrize("line, is_sentence", [
    ("a long line of the article that ends upon return.2", True),
    ("a long line of the article that ends in the camps.¹", True),
    ("a long line of the article that ends in the camps.[3]", True),
    ("a long line of the article says the “report”.4", True),
    ("the index of prices rose to 3.5", False),  # a decimal, not a footnote
    ("see Article 2.1", False),
    ("a line without an end", False),
])
def test_footnote_marker_after_a_full_stop_still_ends_a_sentence(line, is_sentence):
    assert bool(clean._SENTENCE_END.search(line)) is is_sentence


@pytest.mark.parametrize("line, heading", [
    ("I. Introduction", True),
    ("IV. Conclusions and recommendations", True),
    ("3.2 Detention conditions", True),
    ("J. Smith", False),  # an initial
    ("1. The government said it would act.", False),  # a numbered sentence
    ("2024 was a difficult year for the region", False),
])
def test_numbered_section_headings(line, heading):
    assert clean._numbered_heading(line) is heading


BODY = ("The release of the ministry's cables has been hailed as a window into its diplomacy. "
        "But the documents are instructions, not outcomes: they tell us what diplomats were asked to do.")


def test_markdown_heading_is_the_title_over_a_standfirst_and_clutter(tmp_path):
    md = ("# What the leaked cables do not tell us\n\n*A researcher's notes on the document release*\n\n"
          "[Jin Ho Choi](https://example.org/@jinho)\n\nFollow\n\n8 min read · Feb 28, 2024\n\nListen\n\nShare\n\n"
          + BODY + "\n")
    article, _ = describe_text(tmp_path, "note.md", md)
    assert article.title.value == "What the leaked cables do not tell us"
    assert article.paragraphs[0] == "A researcher's notes on the document release"  # the standfirst stays text
    assert article.date.value == dt.date(2024, 2, 28)


def test_setext_markdown_heading(tmp_path):
    article, _ = describe_text(tmp_path, "note.md", "Cables and their readers\n========================\n\n" + BODY + "\n")
    assert article.title.value == "Cables and their readers"
    assert not any(set(p) <= {"="} for p in article.paragraphs)


def test_front_matter_under_other_usual_names(tmp_path):
    md = ("---\nheadline: Committee adopts resolution without a vote\nsource: UN News\npublished: 2023-11-15\n"
          "authors:\n  - Anna Lee\n  - Tom Gray\nlink: https://news.example.org/story/1\n---\n\n" + BODY + "\n")
    article, _ = describe_text(tmp_path, "a.md", md)
    assert article.title.value == "Committee adopts resolution without a vote"
    assert article.title.source == "front matter"
    assert (article.outlet.value, article.author.value) == ("UN News", "Anna Lee; Tom Gray")
    assert article.date.value == dt.date(2023, 11, 15)
    assert article.url.value == "https://news.example.org/story/1"


def test_web_clipper_front_matter(tmp_path):
    """Obsidian's web clipper: `source` is the address, authors are note links, and
    `created` is the day of clipping, not the article's date."""
    md = ('---\ntitle: "Court orders compensation for returnees"\n'
          'source: "https://www.observer.example/2024/06/court"\nauthor:\n  - "[[Hana Yoon]]"\n'
          "published: 2024-06-03\ncreated: 2024-11-20\ntags:\n  - clippings\n---\n" + BODY + "\n")
    article, _ = describe_text(tmp_path, "clip.md", md)
    assert article.url.value == "https://www.observer.example/2024/06/court"
    assert not article.outlet.known  # an address is no outlet's name
    assert article.author.value == "Hana Yoon"
    assert article.date.value == dt.date(2024, 6, 3)


def test_front_matter_value_prefers_the_plain_name():
    fm = {"title": "Plain", "headline": "Other", "source": "Wire Service", "link": "https://a.example/x"}
    assert front_matter_value(fm, "title") == "Plain"
    assert front_matter_value(fm, "outlet") == "Wire Service"
    assert front_matter_value(fm, "url") == "https://a.example/x"
    assert front_matter_value({"source": "https://a.example/y"}, "outlet") is None


PRESS_RELEASE = """FOR IMMEDIATE RELEASE

Rights Group Publishes Database of 8,000 Testimonies

{dateline} The Committee for Human Rights (CHR) today published a searchable database of more than 8,000 testimonies collected since 2003.

"These testimonies are the memory of the victims," said the group's executive director. The database covers detention, forced labour and public executions.
"""


@pytest.mark.parametrize("dateline, date", [
    ("WASHINGTON, D.C. — April 2, 2024 —", dt.date(2024, 4, 2)),
    ("NEW YORK, April 2, 2024 /PRNewswire/ --", dt.date(2024, 4, 2)),
    ("GENEVA (12 March 2024) –", dt.date(2024, 3, 12)),
    ("UNITED NATIONS, Nov. 12, 2023 (Wire) —", dt.date(2023, 11, 12)),
    ("SEOUL, Nov 14 (Reuters) -", None),  # no year: never guessed
    ("WASHINGTON (AP) —", None),
])
def test_date_of_a_dateline_that_opens_the_text(tmp_path, dateline, date):
    article, _ = describe_text(tmp_path, "release.txt", PRESS_RELEASE.format(dateline=dateline))
    assert article.date.value == date
    assert article.paragraphs[0].startswith(dateline)  # the dateline stays in the text
