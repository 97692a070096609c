"""Metadata read from a pasted article's text: a bare headline above the body, ambiguous
numeric dates, an "Updated" stamp as the only date, and outlets named in bylines and datelines."""
from __future__ import annotations

import datetime as dt

import pytest

from dossier import clean, metadata, readers
from dossier.dates import find_dates, numeric_order

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
    for first in ("Posted Nov. 12, 2024", "By Jane Roe, Staff Reporter", "WORLD / UNITED NATIONS", "Meridian Wire",
                  "UNITED NATIONS, Nov. 12 (Meridian Wire)", "Jane Roe and John Doe", "The Daily Example News"):
        article = describe_text(tmp_path, first + "\n\n" + BODY)
        assert not article.title.known, first


# --- numeric dates that could be read either way --------------------------------------------

@pytest.mark.parametrize("text, language, order, expected", [
    ("12.10.2024", "en", None, None),  # dotted, in English: December 10 or 12 October
    ("03/04/2024", "en", None, None),
    ("03-04-2024", "en", None, None),
    ("12.10.2024", "de", None, "2024-10-12"),  # German writes the day first
    ("03/04/2024", "fr", None, "2024-04-03"),
    ("12.15.2024", "en", None, "2024-12-15"),  # a part above 12 settles it
    ("25.11.2023", "en", None, "2023-11-25"),
    ("12.10.2024", "en", "mdy", "2024-12-10"),  # the page's own dates show the order
    ("12.10.2024", "en", "dmy", "2024-10-12"),
])
def test_ambiguous_numeric_dates(text, language, order, expected):
    found = find_dates(text, language, order)
    assert (found[0].date.isoformat() if found else None) == expected


def test_numeric_order_needs_agreeing_evidence():
    assert numeric_order("Posted 12.10.2024 · a report of 25.11.2023") == "dmy"
    assert numeric_order("Posted 12.10.2024 · updated 12.15.2024") == "mdy"
    assert numeric_order("25.11.2023 and 12.15.2024") is None  # the page contradicts itself
    assert numeric_order("Posted 12.10.2024") is None


def test_an_ambiguous_date_in_an_english_byline_stays_unknown(tmp_path):
    text = "Export controls hit Chinese fabs' expansion plans\n\nBy Alan Roe  12.10.2024  0\n\n" + BODY
    article = describe_text(tmp_path, text)
    assert article.author.value == "Alan Roe" and not article.date.known
    later = describe_text(tmp_path, text + "\nThe rules were revised on 12.15.2024.\n")
    assert later.date.value == dt.date(2024, 12, 10)  # the page writes month first


# --- an "Updated" stamp as the only date ------------------------------------------------------

HEADLINE = "Blood tests show elevated lead in children under six\n\n"


def test_an_updated_stamp_dates_a_page_that_states_no_other_date(tmp_path):
    article = describe_text(tmp_path, HEADLINE + "Updated 11:02 AM EDT, Mon June 10, 2024\n\n" + BODY)
    assert article.date.value == dt.date(2024, 6, 10)


def test_a_publication_date_wins_over_the_updated_stamp(tmp_path):
    text = HEADLINE + "Published 4 March 2024\nUpdated: 5 March 2024 09:30\n\n" + BODY
    assert describe_text(tmp_path, text).date.value == dt.date(2024, 3, 4)


def test_updated_stamps_that_do_not_date_the_article(tmp_path):
    teaser = BODY + "\nMore stories\n\nFarmers brace for a dry summer\nUpdated June 3, 2024\n"
    assert not describe_text(tmp_path, HEADLINE + teaser).date.known  # a teaser's stamp, after the article
    two = HEADLINE + "Updated 10 June 2024 (first version 9 June 2024)\n\n" + BODY
    assert not describe_text(tmp_path, two).date.known  # which one would be the article's?


# --- outlets named beside a byline or a date, or above the headline ---------------------------

@pytest.mark.parametrize("line, outlet", [
    ("By Priya Raman, Valley Public Radio", "Valley Public Radio"),
    ("Millbrook Gazette · April 5, 2024", "Millbrook Gazette"),
    ("By Jane Roe | BBC News | 12 Nov 2024", "BBC News"),
    ("By Jane Roe, Staff Reporter", None),  # a role
    ("By Hiba Osman, Wad Madani", None),  # where she filed from
    ("By Jane Roe, Reuters", None),  # a wire: the declared source, not the outlet
    ("By Amy Lee, Harvard University", None),  # an affiliation
    ("Local News · April 5, 2024", None),  # a section label
    ("Guest Post · April 5, 2024", None),
    ("Posted Nov. 12, 2024", None),
    ("Valley Public Radio reported the figures first", None),  # neither byline nor dateline
])
def test_outlet_beside_a_byline_or_date(line, outlet):
    assert metadata.outlet_beside(line) == outlet


def test_outlets_from_byline_and_dateline_lines(tmp_path):
    text = HEADLINE + "Updated 11:02 AM EDT, Mon June 10, 2024\n\nBy Priya Raman, Valley Public Radio\n\n" + BODY
    article = describe_text(tmp_path, text)
    assert (article.outlet.value, article.author.value) == ("Valley Public Radio", "Priya Raman")
    text = HEADLINE + "Millbrook Gazette · April 5, 2024\nBy Kevin O’Donnell\n\n" + BODY
    article = describe_text(tmp_path, text)
    assert (article.outlet.value, article.date.value) == ("Millbrook Gazette", dt.date(2024, 4, 5))


MASTHEAD = ("EE Times\nHOME | NEWS | DESIGNLINES | EVENTS\n\nExport controls hit Chinese fabs' expansion plans\n\n"
            "By Alan Roe\n\nChinese foundries are slowing the expansion of capacity as tighter export controls make it "
            "harder to obtain spare parts, according to executives interviewed by {name}.\n\n" + BODY)


def test_a_masthead_named_again_in_the_article_is_the_outlet(tmp_path):
    assert describe_text(tmp_path, MASTHEAD.format(name="EE Times")).outlet.value == "EE Times"


def test_a_first_line_not_named_again_is_no_outlet(tmp_path):
    assert not describe_text(tmp_path, MASTHEAD.format(name="this newspaper")).outlet.known
    kicker = MASTHEAD.replace("EE Times\n", "Breaking News\n", 1).format(name="Breaking News")
    assert not describe_text(tmp_path, kicker).outlet.known  # a label, even when the text repeats it


def test_an_outlet_credited_between_headline_and_article(tmp_path):
    head = "Share  Tweet  Save\n\nNetherlands, Japan resist U.S. push for wider servicing ban\n\n{credit}\n"
    tail = "March 6, 2024 at 4:00 AM GMT+1\n\nBy Mackenzie Hawkins and Cagan Koc\n\n" + BODY
    assert describe_text(tmp_path, head.format(credit="Bloomberg News") + tail).outlet.value == "Bloomberg News"
    assert not describe_text(tmp_path, head.format(credit="Exclusive Analysis News") + tail).outlet.known
    above = "Bloomberg News\n\nNetherlands, Japan resist U.S. push for wider servicing ban\n\n" + tail
    assert not describe_text(tmp_path, above).outlet.known  # above the headline, and not named again


def test_a_newsroom_desk_is_no_author():
    assert metadata.normalise_author("Redactie Economie") is None
    assert metadata.normalise_author("Mackenzie Hawkins") == "Mackenzie Hawkins"


def test_a_byline_in_capitals_gives_the_name_as_written():
    from dossier.metadata import uncapitalised

    assert uncapitalised("JONAH BRENNER") == "Jonah Brenner"
    assert uncapitalised("JOSÉ GARCÍA; Jane Doe") == "José García; Jane Doe"
    assert uncapitalised("Alan C. Patterson") == "Alan C. Patterson"
    assert uncapitalised("KIM Jong-un") == "KIM Jong-un"  # mixed case is the writer's choice


def test_an_initial_in_a_byline_keeps_its_full_stop():
    from dossier.metadata import byline_names

    assert byline_names("By Gregory C. Allen") == ["Gregory C. Allen"]
    assert byline_names("By Jane Roe.") == ["Jane Roe"]


# --- a byline without its 'By', and a standfirst under the headline ---------------------------

@pytest.mark.parametrize("line,names", [
    ("MIREI OKADA and TAKUMI SANO, Harbourline staff writers", ["MIREI OKADA", "TAKUMI SANO"]),
    ("Jane Roe, Staff Reporter", ["Jane Roe"]),
    ("Aigerim Sadykova, Senior Fellow", ["Aigerim Sadykova"]),
    ("Tokyo Electron, the chipmaker", []),  # no role: a company and an apposition
    ("Jane Roe, John Doe, staff writers", []),  # a list of names is not told from a name and a place
    ("The ministry said on Friday, analysts noted", []),  # a sentence, not names
    ("Jane Roe, staff writer, 12 March 2024", []),
    ("By Jane Roe, Staff Reporter", []),  # byline_names reads that one
])
def test_signed_names(line, names):
    from dossier.dates import signed_names

    assert signed_names(line) == names


PAGE_WITH_STANDFIRST = (
    "Harbourline Asia — Osaka\n"
    "Japan joins partners in restricting chip equipment exports\n"
    "Two toolmakers among companies affected by the new licensing rules\n"
    "MIREI OKADA and TAKUMI SANO, Harbourline staff writers\n"
    "March 31, 2024 18:00 JST\n\n" + BODY)


def test_a_standfirst_under_the_headline_is_neither_title_nor_dropped(tmp_path):
    article = describe_text(tmp_path, PAGE_WITH_STANDFIRST)
    assert article.title.value == "Japan joins partners in restricting chip equipment exports"
    assert article.author.value == "Mirei Okada; Takumi Sano"
    assert article.date.value == dt.date(2024, 3, 31)
    assert article.paragraphs[0] == "Two toolmakers among companies affected by the new licensing rules"
    assert not any("staff writers" in p for p in article.paragraphs)


def test_a_marked_line_above_the_headline_is_no_headline(tmp_path):
    for above in ("Sponsored: Download the 2025 chip equipment buyer's guide",
                  "Harbourline Daily — News you can use every morning"):
        text = PAGE_WITH_STANDFIRST.replace("Harbourline Asia — Osaka\nJapan joins", f"{above}\nJapan joins")
        article = describe_text(tmp_path, text)
        assert article.title.value == "Japan joins partners in restricting chip equipment exports", above


def test_a_live_page_keeps_its_headline_and_every_entry(tmp_path):
    entries = ["14:05 GMT", "The ministry says it will take measures to protect the rights of the companies concerned.",
               "13:40 GMT", "Shares of the equipment maker fall 3% in trading after the announcement was made public."]
    article = describe_text(tmp_path, "Chip export controls: live updates\nLive\nUpdated 14:05 GMT\n\n"
                            + "\n\n".join(entries) + "\n\nKey events\nShow key events only\n")
    assert article.title.value == "Chip export controls: live updates"
    assert article.paragraphs == entries
    assert {d.text: d.reason for d in article.dropped}["Live"] == "page furniture (widgets)"


# --- hard-wrapped text: a report copied from a PDF, a newsletter saved from e-mail -------------

WRAPPED_REPORT = """Export Controls on Chipmaking Equipment: Options for the Assembly
Harbour Policy Research Office
Updated March 1, 2024

Summary
The republic has imposed export controls on advanced semicon-
ductor manufacturing equipment destined for its neighbour since 2022.
These controls seek to limit the neighbour's ability to produce
advanced chips, and a well-
known exemption for older tools remains in place.

Allied countries, including the Netherlands and Japan, have adopted
similar controls, though their scope differs. The Assembly may consider
whether to require further alignment or expand the list of items.
"""


def test_a_hard_wrapped_report_keeps_its_headline_headings_and_whole_words(tmp_path):
    article = describe_text(tmp_path, WRAPPED_REPORT)
    assert article.title.value == "Export Controls on Chipmaking Equipment: Options for the Assembly"
    assert article.date.value == dt.date(2024, 3, 1)
    assert not article.author.known  # an office under the headline is no person
    assert article.paragraphs[0] == "Summary"
    assert article.paragraphs[1].startswith("The republic has imposed export controls on advanced semiconductor "
                                            "manufacturing equipment destined for its neighbour since 2022. These")
    assert "a well-known exemption" in article.paragraphs[1]
    assert article.paragraphs[2].endswith("expand the list of items.")


NEWSLETTER = """From: Harbour Trade Weekly <letters@harbourtrade.example>
Subject: Fwd: Chip curbs widen; licences revoked; what to watch
Date: Fri, 8 Mar 2024 07:00:00 +0000

View this email in your browser

Good morning. This week the government widened its chip export rules,
the Netherlands revoked some licences for lithography tools, and Japan
said it would align its rules by July, officials told reporters.

THE BIG STORY: The trade department's new rules close a loophole that
let subsidiaries of foreign firms abroad buy advanced chips. The rules
take effect in 30 days, and applications will face a presumption of denial.
"""


def test_a_saved_e_mail_newsletter_takes_its_subject_and_date(tmp_path):
    article = describe_text(tmp_path, NEWSLETTER)
    assert article.title.value == "Chip curbs widen; licences revoked; what to watch"
    assert article.date.value == dt.date(2024, 3, 8)
    assert [p[:20] for p in article.paragraphs] == ["Good morning. This w", "THE BIG STORY: The t"]


# --- outlets: a wire's name under the headline, a masthead with its motto, a publisher's note -----

def test_a_wires_name_alone_under_the_headline_is_the_outlet(tmp_path):
    article = describe_text(tmp_path, "Quota talks stall again\n\nLindqvist Wire\nApril 9, 2024\n\n" + BODY)
    assert article.outlet.value == "Lindqvist Wire"


def test_a_masthead_and_its_motto_on_one_line(tmp_path):
    article = describe_text(tmp_path, "Kessel Bay Daily — News you can use\n\nChip export controls tighten again\n\n"
                            "Posted May 8, 2024 by Staff\n\n" + BODY)
    assert article.outlet.value == "Kessel Bay Daily"
    assert article.title.value == "Chip export controls tighten again"


def test_a_headline_with_a_dash_is_no_masthead(tmp_path):
    article = describe_text(tmp_path, "Chip curbs — what changes for exporters\n\n" + BODY)
    assert not article.outlet.known


def test_the_publisher_named_in_a_note_after_the_article(tmp_path):
    article = describe_text(tmp_path, "Grain corridors need insurers\n\nBy Rafael Quintero\nPublished May 14, 2024\n\n"
                            + BODY + "\nThis commentary is published by the Eastbridge Institute for Global Affairs, "
                            "an independent, nonprofit research organization based in Geneva.\n")
    assert article.outlet.value == "Eastbridge Institute for Global Affairs"


@pytest.mark.parametrize("line, following, joined", [
    ("controls on advanced semicon-", "ductor equipment", "controls on advanced semiconductor equipment"),
    ("the annual re-", "port said", "the annual report said"),
    ("a well-", "known exemption", "a well-known exemption"),
    ("an anti-", "government protest", "an anti-government protest"),
])
def test_a_word_hyphenated_at_a_line_break(line, following, joined):
    assert clean._unhyphenated(line, following) == joined
