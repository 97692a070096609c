"""Regressions from a QA corpus on another topic: navigation-only pages, publisher
furniture after the article, glued inline blocks, staff credits, organisation bylines,
mastheads, wire credits and site names (fixtures in tests/fixtures/ingest/)."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from dossier import clean, metadata, readers

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "ingest"


def describe_fixture(tmp_path, name: str, others: tuple[str, ...] = ()):
    for n in (name, *others):
        shutil.copy(FIXTURES / n, tmp_path / n)
    docs, skipped = readers.read_all(tmp_path)
    assert not skipped, skipped
    cleaned = clean.clean_all(docs)
    by_path = {c.document.path: c for c in cleaned}
    return metadata.describe(by_path[name], {}), by_path[name]


def reasons(cleaned) -> dict[str, str]:
    return {d.text: d.reason for d in cleaned.dropped}


def test_a_cut_off_page_with_only_its_menu_is_skipped_with_the_reason(tmp_path):
    shutil.copy(FIXTURES / "cut_off_menu_page.html", tmp_path)
    docs, skipped = readers.read_all(tmp_path)
    assert docs == []
    [skip] = skipped
    assert skip.reason.startswith("no article text found: only page navigation")
    assert "Home | Français | Deutsch" in skip.reason  # what was dropped is shown


@pytest.mark.parametrize("text", [
    "Home | News | Sport\nFerry service resumes after storm. The council said so on Monday.\n",
    "Ferry service resumes after storm\nThe ferry runs again.\n",
    "Fähre fährt wieder nach dem Sturm\nDie Fähre fährt seit Montag wieder.\n",
])
def test_a_short_page_with_a_sentence_is_not_navigation(text):
    assert clean.navigation_only(text) is None


def test_publisher_notes_and_staff_credits_after_the_article_are_dropped(tmp_path):
    article, cleaned = describe_fixture(tmp_path, "wire_story_publisher_tail.txt")
    why = reasons(cleaned)
    assert why["Our Standards: The Wirenet Trust Principles."].startswith("about the publisher")
    assert why["Wirenet, the news division of Wirenet Holdings, is the world's largest provider of business "
               "news to newsrooms."].startswith("about the publisher")
    credit = "Reporting by Mara Lindqvist in Oslo; Additional reporting by Jonas Berg; Editing by Peter Hale"
    assert why[credit] == "metadata line (credit)" and credit in cleaned.metadata_lines
    assert article.paragraphs[-1].startswith("Local officials said the delay")
    assert article.author.value == "Mara Lindqvist"  # the byline, not the editor of the credit line


def test_a_sentence_about_a_publisher_inside_the_article_is_kept():
    text = ("Ferry service resumes after the storm\nBy Jane Roe\n"
            "The regional broadcaster, which is the world's largest provider of news in the language, said on "
            "Monday that the ferry had resumed its crossings after a week of storms.\n"
            "Officials said the crossings would run on the normal timetable from Wednesday onwards.\n")
    cleaned = clean.clean(readers.Document(id="a", path="a.txt", format="txt", text=text))
    assert any(p.startswith("The regional broadcaster") for p in cleaned.paragraphs)


def test_page_blocks_captions_credits_and_site_name(tmp_path):
    article, cleaned = describe_fixture(tmp_path, "page_byline_spans.html")
    why = reasons(cleaned)
    # adjacent inline blocks are read apart: a byline, not 'OllerenshawHarbour'
    assert why["Tamsin Ollerenshaw Harbour Report"] == "metadata line (byline)"
    assert article.author.value == "Tamsin Ollerenshaw"
    # a caption ending in a photo agency's credit is furniture, not a subheading
    assert why["Waves break over the pier at Port Ellen. Getty Images"] == "page furniture (credits)"
    # an editor's credit is metadata, not the story's last paragraph
    assert why["Edited by Ruth Calloway."] == "metadata line (credit)"
    assert article.paragraphs[-1].startswith("\"We have never seen damage")
    # a site name and date glued to the first paragraph are split off it
    assert article.paragraphs[0].startswith("PORT ELLEN – Harbour masters")
    assert "Coastwatch – 11/02/2025" in why
    # og:site_name 'The Harbour Report.com': the page prints the name without '.com'
    assert article.outlet.value == "The Harbour Report"
    assert article.date.value == dt.date(2025, 2, 11)


@pytest.mark.parametrize("name, pages, expected", [
    ("The Harbour Report.com", [], "The Harbour Report"),
    ("Harbourreport.com", ["Home"], None),  # a host name is an address
    ("Coastwatch.org", ["Coastwatch – 11/02/2025"], "Coastwatch"),
    ("BBC News", [], "BBC News"),
])
def test_site_name(name, pages, expected):
    assert readers.site_name(name, pages) == expected


def test_split_site_date():
    prose = "PORT ELLEN – Harbour masters said on Monday that repairs would take most of the year."
    assert readers.split_site_date("Coastwatch – 3 March 2025, 10:30 " + prose) == ["Coastwatch – 3 March 2025, 10:30", prose]
    assert readers.split_site_date(prose) == [prose]
    assert readers.split_site_date("Coastwatch – 03/04/2025 – short tail") == ["Coastwatch – 03/04/2025 – short tail"]


def test_masthead_wins_over_the_copyright_holder_and_a_wire_credit_is_kept(tmp_path):
    article, cleaned = describe_fixture(tmp_path, "republished_wire_copy.txt")
    assert article.outlet.value == "THE LAKESIDE STAR"  # as printed: never re-cased by guess
    assert article.declared_source.value == "AFP"
    assert reasons(cleaned)["AFP"] == "metadata line (source)"
    assert not article.author.known


def test_a_byline_naming_the_outlet_names_no_author(tmp_path):
    article, cleaned = describe_fixture(tmp_path, "outlet_byline.txt")
    assert not article.author.known
    assert article.outlet.value == "Valley Tribune"
    assert reasons(cleaned)["by Valley Tribune"] == "metadata line (byline)"


def test_organisation_bylines_and_agencies():
    assert metadata.normalise_author("Sudan Daily Tribune") is None
    assert metadata.normalise_author("Amina Yusuf") == "Amina Yusuf"
    assert metadata.is_organisation("Valley Tribune") and metadata.is_organisation("The Associated Press")
    assert not metadata.is_organisation("Jane Roe")


def test_wire_dateline_names_the_source_of_a_republished_story(tmp_path):
    text = ("River levels fall\nBy Jane Roe\n"
            "CAIRO, March 4 (Reuters) - Egypt's irrigation ministry said on Tuesday that levels on the river had "
            "fallen to their lowest in a decade, and asked farmers to plant less rice.\n"
            "© 2025 Nile Courier Media. All rights reserved.\n")
    (tmp_path / "a.txt").write_text(text)
    docs, _ = readers.read_all(tmp_path)
    article = metadata.describe(clean.clean(docs[0]), {})
    assert article.declared_source.value == "Reuters"
    assert article.outlet.value == "Nile Courier Media"


def test_a_sentence_after_the_article_in_many_files_is_furniture_a_copy_is_not():
    tail = "Riverside Media puts reliable local reporting in front of readers across the whole region every day."
    stories = [f"Story {n} headline about the river\nBy Jane Roe\n" + "\n".join(
        f"Paragraph {k} of story {n}: the council met on day {k} to discuss item {n * 10 + k} of the long agenda."
        for k in range(4)) + f"\n{tail}\n" for n in range(4)]
    docs = [readers.Document(id=str(n), path=f"{n}.txt", format="txt", text=t) for n, t in enumerate(stories)]
    cleaned = clean.clean_all(docs)
    for c in cleaned:
        assert tail not in c.paragraphs and c.paragraphs[-1].startswith("Paragraph 3")
        assert reasons(c)[tail].startswith("repeated across the corpus")
    # three copies of one story share every sentence: none of them is furniture
    copies = [readers.Document(id=str(n), path=f"{n}.txt", format="txt", text=stories[0]) for n in range(3)]
    for c in clean.clean_all(copies):
        assert c.paragraphs[-1] == tail


@pytest.mark.parametrize("line, names", [
    ("By Hiba Osman, Wad Madani", ["Hiba Osman"]),  # where she filed from, not a co-author
    ("By Bea Lund, Cid Dee and Eva Eff", ["Bea Lund", "Cid Dee", "Eva Eff"]),
    ("By Jane Roe; John Doe", ["Jane Roe", "John Doe"]),
    ("by Valley Tribune", []),  # an organisation signs: no person
])
def test_byline_names_without_places_or_organisations(line, names):
    from dossier.dates import byline_names

    assert byline_names(line) == names


def test_reading_time_print_edition_note_and_author_note_after_it_are_dropped(tmp_path):
    """A French page's 'Lecture 3 min.' and an English page's print-edition line; with
    that line gone, the author's note above it is after the article, and goes too."""
    body = ("The agency on Tuesday expanded its restrictions on the sale of advanced components, "
            "in an effort to close loopholes that officials said companies had exploited.\n\n"
            "The rules will require licences for shipments even when the buyers are located abroad, "
            "and take effect in thirty days, the agency said in a statement.\n\n")
    (tmp_path / "a.txt").write_text(
        "Agency expands restrictions on component sales\n\nBy Mara Lind\nMarch 5, 2024\nLecture 3 min.\n\n" + body
        + "Mara Lind covers trade for The Harbour Ledger and is based in Osaka. More about Mara Lind\n\n"
        "A version of this article appears in print on March 6, 2024, Section B, Page 1 of the Harbour "
        "edition with the headline: Agency Expands Curbs. Order Reprints | Today's Paper | Subscribe\n", "utf-8")
    [doc] = readers.read_all(tmp_path)[0]
    cleaned = clean.clean_all([doc])[0]
    why = reasons(cleaned)
    assert why["Lecture 3 min."] == "page furniture (widgets)"
    assert why[next(t for t in why if t.startswith("A version of this article"))] == "page furniture (print_notes)"
    assert any(t.startswith("Mara Lind covers trade") for t in why)
    assert [p[:20] for p in cleaned.paragraphs] == ["The agency on Tuesda", "The rules will requi"]


@pytest.mark.parametrize("line", [
    "Lecture 3 min.", "Lesezeit: 4 Min.", "5 min de lectura", "Order Reprints | Today's Paper | Subscribe",
    "This article appeared in the print edition under the headline “Curbs widen”",
])
def test_reading_times_and_print_notes_are_furniture(line):
    assert clean.furniture_category(line) in ("widgets", "print_notes")


@pytest.mark.parametrize("line", [
    "Lecture of 3 minutes on the rules was given by the minister at the university on Monday.",
    "The version of this law that appears in print differs from the one the committee approved.",
])
def test_sentences_about_reading_and_print_are_kept(line):
    assert clean.furniture_category(line) is None
