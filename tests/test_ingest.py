"""Reading, cleaning and describing single articles: encodings, boilerplate, metadata."""
from __future__ import annotations

import datetime as dt

import pytest

from dossier import clean, metadata, readers
from dossier.dates import byline_names, parse_date, read_dateline
from dossier.model import Document

SPANISH = "La inflación de enero se desaceleró, según el índice oficial. «Lo peor ya pasó», dijo el ministro; ¿y los salarios? Año tras año, señal clara."


def read_bytes(tmp_path, name: str, raw: bytes):
    (tmp_path / name).write_bytes(raw)
    docs, skipped = readers.read_all(tmp_path)
    return docs, skipped


def describe_text(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    docs, skipped = read_bytes(tmp_path, name, text.encode(encoding))
    assert not skipped, skipped
    cleaned = clean.clean_all(docs)
    return metadata.describe_all(cleaned, {})[0], cleaned[0]


# --- encodings ---------------------------------------------------------------------------

def test_cp1252_is_preferred_to_cp1250_for_western_text(tmp_path):
    docs, _ = read_bytes(tmp_path, "a.txt", (SPANISH + "\n") .encode("cp1252") * 3)
    assert docs[0].encoding == "cp1252"
    assert "ñ" in docs[0].text and "«" in docs[0].text and "ż" not in docs[0].text


def test_declared_latin1_is_read_as_windows_1252(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
            '<body><p>\x93Quoted\x94 caf\xe9 \x96 dash</p></body></html>').encode("latin-1")
    text, encoding = readers.decode(page)
    assert encoding == "cp1252"
    assert "“Quoted” café – dash" in text


def test_korean_legacy_utf16_and_bom(tmp_path):
    korean = "서울 아파트값이 9개월 만에 하락세로 돌아섰다. 대출 규제와 금리 부담이 겹쳤다.\n" * 3
    assert readers.decode(korean.encode("euc-kr"))[0] == korean
    assert readers.decode("Ünïcode text\n".encode("utf-16"))[0] == "Ünïcode text\n"
    assert readers.decode(b"\xef\xbb\xbfplain")[0] == "plain"


def test_mojibake_is_repaired_and_curly_quotes_kept():
    broken = "They donâ€™t pay â‚¬3 at the cafÃ©, â€œreallyâ€\x9d."
    assert readers.normalise_text(broken) == "They don’t pay €3 at the café, “really”."
    assert readers.normalise_text("“as written” ‘too’") == "“as written” ‘too’"


def test_unreadable_and_unknown_files_are_skipped_not_fatal(tmp_path):
    (tmp_path / "good.txt").write_text("A real article sentence that is long enough to keep around here.\n")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.7 binary")
    (tmp_path / "empty.md").write_bytes(b"  \n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    docs, skipped = readers.read_all(tmp_path)
    assert [d.path for d in docs] == ["good.txt"]
    reasons = {s.path: s.reason for s in skipped}
    assert "PDF" in reasons["scan.txt"] and reasons["empty.md"] == "empty file"
    assert "unknown file type" in reasons["notes.docx"]


# --- dates and bylines -------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2024.10.28. PM 10:18", "2024-10-28"),
    ("Wednesday 17 August 2016 08:07 BST", "2016-08-17"),
    ("Posted Nov. 12, 2024", "2024-11-12"),
    ("입력2024.10.28. 오후 10:18", "2024-10-28"),
    ("Publié le 19 novembre 2023 à 18h30", "2023-11-19"),
    ("Publicado: 14/02/2024 – 07:45", "2024-02-14"),
    ("07.02.2024, 10:15 Uhr", "2024-02-07"),
    ("2025-02-27T07:00:00+01:00", "2025-02-27"),
    ("Nov. 12", None),  # no year: never invented
    ("03/04/2024", None),  # day/month or month/day in English: unknown
])
def test_parse_date(text, expected):
    date = parse_date(text)
    assert (date.isoformat() if date else None) == expected


def test_dateline_labels_decide_which_date_is_published():
    assert read_dateline("Publié le 19 novembre 2023, modifié le 20 novembre 2023").published == dt.date(2023, 11, 19)
    assert read_dateline("Last modified on Thursday 18 August 2016 11.40 BST").published is None
    assert read_dateline("Talks resume on 4 March 2024.") is None  # a sentence, not a dateline


@pytest.mark.parametrize("line, names", [
    ("By Helen Marsh, Staff Reporter", ["Helen Marsh"]),
    ("*By Ana Souza and Tomás Ferreira*", ["Ana Souza", "Tomás Ferreira"]),
    ("Von Katrin Vogel und Jonas Albers", ["Katrin Vogel", "Jonas Albers"]),
    ("김민지 기자 kmj@example.com", ["김민지"]),
    ("By Our West Africa Correspondent", []),
    ("By the time the vote came, it was late", []),
])
def test_byline_names(line, names):
    assert byline_names(line) == names


def test_copyright_owner():
    assert metadata.copyright_owner("© 2024 Freight Ledger Ltd · Privacy · Terms") == "Freight Ledger"
    assert metadata.copyright_owner("© The Review 2024. All rights reserved.") == "The Review"
    assert metadata.copyright_owner("© 2024 El Observador del Sur. Todos los derechos reservados.") == "El Observador del Sur"
    assert metadata.copyright_owner("ⓒ 대한경제신문 무단전재 및 재배포금지") == "대한경제신문"


# --- a pasted page, end to end -----------------------------------------------------------

PASTED = """Skip to content
The Daily Example
Home    World    Business    Sport
Thursday, 5 December 2024
Ministers agree emergency plan for river ports after record low water
By Jane Roe and John Doe, Staff Reporters
Published 3 December 2024
Share on Facebook    Share on X    Email
Ministers from three countries agreed on Tuesday to dredge the shallowest stretches of the river within six weeks, after water levels fell to the lowest point in a century.
Barges have been sailing at a third of their capacity since October, and several ports said they had run out of space to store grain that could not be shipped.
What happens next
The plan will be reviewed at a meeting in January, officials said.
Comments (4)
Latest Stories
Storm warning for the coast
Markets slip ahead of holiday
© 2024 The Daily Example. All rights reserved.
"""


def test_pasted_page_metadata_and_body(tmp_path):
    article, cleaned = describe_text(tmp_path, "ports.txt", PASTED)
    assert article.title.value == "Ministers agree emergency plan for river ports after record low water"
    assert article.author.value == "Jane Roe; John Doe"
    assert article.date.value == dt.date(2024, 12, 3)  # not the header's "today"
    assert article.outlet.value == "The Daily Example" and article.outlet.source == "text"
    assert article.url.value is None
    assert article.paragraphs[0].startswith("Ministers from three countries")
    assert "What happens next" in article.paragraphs
    assert article.paragraphs[-1] == "The plan will be reviewed at a meeting in January, officials said."
    reasons = {d.text: d.reason for d in cleaned.dropped}
    assert "Storm warning for the coast" in reasons and "Comments (4)" in reasons
    assert all(reasons.values())


def test_keep_boilerplate_keeps_every_line():
    doc = Document(id="x", path="x.txt", format="txt", text=PASTED)
    kept = clean.clean(doc, keep_boilerplate=True)
    assert kept.paragraphs == [" ".join(l.split()) for l in PASTED.splitlines() if l.strip()]
    assert kept.dropped == []


def test_fragment_without_metadata_invents_nothing(tmp_path):
    text = ("Officials met this week to discuss how much water the dams should release during the dry season, "
            "after months of record-low river levels.\n"
            "The ministers agreed to meet again in June, before the start of the next wet season.\n")
    article, _ = describe_text(tmp_path, "frag.txt", text)
    for name in ("title", "outlet", "author", "date", "url"):
        assert not getattr(article, name).known, name
    assert len(article.paragraphs) == 2


def test_non_english_prose_is_kept(tmp_path):
    german = ("Die deutsche Industrie hat ihre Produktion im Dezember stärker gedrosselt als erwartet, "
              "wie das Statistikamt am Mittwoch mitteilte.\n"
              "Besonders deutlich fiel das Minus in den energieintensiven Branchen aus, die seit Monaten "
              "unter den hohen Preisen leiden.\n"
              "Auch die Bauwirtschaft meldete ein Minus, weil viele Bauherren wegen der Zinsen zögern.\n")
    article, _ = describe_text(tmp_path, "de.txt", "Startseite › Wirtschaft › Konjunktur\n" + german)
    assert article.paragraphs == german.strip().splitlines()
    assert article.language.value == "de"


def test_front_matter_wins_and_lists_authors(tmp_path):
    md = ("---\ntitle: Front Title\nauthor: [A Person, B Person]\ndate: 2024-02-07T10:15:00+01:00\n---\n"
          "# Front Title\n\nBy Someone Else\n\nA paragraph of the article body that is long enough to count as prose here.\n")
    article, _ = describe_text(tmp_path, "a.md", md)
    assert article.title.value == "Front Title" and article.title.source == "front matter"
    assert article.author.value == "A Person; B Person"
    assert article.date.value == dt.date(2024, 2, 7)
    assert "Front Title" not in article.paragraphs


HTML_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>River ports strain under grain surge | Port Gazette</title>
<meta property="og:site_name" content="Port Gazette">
</head><body>
<header><div class="today">Friday, 8 March 2024</div><nav><a href="/">Home</a><a href="/w">World</a></nav></header>
<main><article>
<h1>River ports strain under grain surge</h1>
<p class="dek">Queues of barges stretch for kilometres as exporters switch to the inland route</p>
<p class="byline">By Olena Example</p>
<p>Barges loaded with wheat were queuing for up to a week at river ports this week, as exporters diverted more cargo away from the sea to a slower and more expensive inland route.</p>
<p>Port operators said daily handling volumes were at record levels but still short of demand, and that trucks stretched for kilometres along the access road.</p>
<p>Read also: <a href="/other">Fertiliser prices ease for a third month</a></p>
<p>Authorities have promised to dredge shallow sections and to speed up customs checks before the autumn harvest arrives.</p>
</article></main>
<footer><p>© 2024 Port Gazette. All rights reserved.</p></footer>
</body></html>"""


def test_html_page(tmp_path):
    article, cleaned = describe_text(tmp_path, "page.html", HTML_PAGE)
    assert article.title.value == "River ports strain under grain surge"
    assert article.outlet.value == "Port Gazette"
    assert article.author.value == "Olena Example"
    assert article.date.value is None  # only the header's "today" is printed
    assert article.paragraphs[0] == "Queues of barges stretch for kilometres as exporters switch to the inland route"
    assert not any("Fertiliser prices" in p for p in article.paragraphs)
    assert article.paragraphs[-1].startswith("Authorities have promised")
    assert any(d.text == "Friday, 8 March 2024" for d in cleaned.dropped)


FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "ingest"


def test_html_sentences_after_an_inline_pitch_are_kept():
    docs, _ = readers.read_all(FIXTURES)
    by_name = {d.path: d for d in docs}
    cleaned = clean.clean(by_name["page_with_aside.html"])
    article = metadata.describe(cleaned, {})
    assert article.paragraphs[-2:] == ["Campaigners said the fines were too small to change behaviour.",
                                      "“This is a drop in the ocean,” said one."]
    assert "Bills to rise" in article.paragraphs
    assert not any("newsletter" in p.lower() or "Photograph:" in p for p in article.paragraphs)
    assert (article.author.value, article.date.value) == ("Helena Horton", dt.date(2024, 8, 6))


def test_short_closing_sentences_and_subheading_are_kept():
    docs, _ = readers.read_all(FIXTURES)
    by_name = {d.path: d for d in docs}
    cleaned = clean.clean(by_name["de_short_closing_sentences.txt"])
    article = metadata.describe(cleaned, {})
    assert article.paragraphs[-2:] == ["Wie geht es weiter?", "Eine Schlichtung lehnt die Gewerkschaft bislang ab."]
    assert article.author.value == "Max Mustermann" and article.date.value == dt.date(2024, 3, 12)
    assert not any("Mehr zum Thema" in p or "SPIEGEL" in p for p in article.paragraphs)


def test_hard_wrapped_paragraphs_are_joined():
    docs, _ = readers.read_all(FIXTURES)
    doc = next(d for d in docs if d.path == "hard_wrapped.txt")
    article = metadata.describe(clean.clean(doc), {})
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("Lawmakers approved") and article.paragraphs[0].endswith("hospitals.")
    assert article.title.value == "Parliament passes budget after marathon session"
    assert (article.author.value, article.date.value) == ("Jane Roe", dt.date(2024, 3, 12))


def test_html_boxes_inside_the_body_and_host_name_outlet():
    docs, _ = readers.read_all(FIXTURES)
    doc = next(d for d in docs if d.path == "page_inline_boxes.html")
    article = metadata.describe(clean.clean(doc), {})
    assert article.paragraphs[0].startswith("Temperatures above 40C")
    assert "Wildfires on the islands" in article.paragraphs
    assert not any(p in ("Advertisement", "Related article") or "warming faster" in p for p in article.paragraphs)
    # The canonical address's host is not the outlet's name; the copyright line is.
    assert (article.outlet.value, article.outlet.source) == ("World News Now", "text")
    assert article.date.value == dt.date(2024, 7, 17)  # "Published …", not the header's date
    assert article.author.value == "Maria Rossi"


def test_pathological_html_is_skipped_not_fatal(tmp_path):
    (tmp_path / "deep.html").write_text("<html><body>" + "<div>" * 20000 + "<p>Text.</p>" + "</div>" * 20000)
    (tmp_path / "ok.txt").write_text("A real article sentence that is long enough to keep around here.\n")
    docs, skipped = readers.read_all(tmp_path)
    assert [d.path for d in docs] == ["ok.txt"]
    assert [s.path for s in skipped] == ["deep.html"] and skipped[0].reason


def test_reader_comments_without_a_counter_are_dropped():
    docs, _ = readers.read_all(FIXTURES)
    doc = next(d for d in docs if d.path == "reader_comments_without_counter.txt")
    cleaned = clean.clean(doc)
    assert cleaned.title_line == "Harbour expansion approved after long fight"
    assert cleaned.paragraphs[-1] == "Work is due to start in the spring."
    assert [d.reason for d in cleaned.dropped if "wrote:" in d.text] == ["comments and what follows the article"] * 2


def test_author_with_role_on_one_line(tmp_path):
    text = ("COMMENTARY\nWhy remittances matter more than aid\nAigerim Sadykova, Senior Fellow\nPublished 21 June 2023\n"
            "For two decades, the paychecks of labour migrants have been the single most reliable source of "
            "foreign currency for the region.\nThat windfall is now fading, and governments will have to adjust.\n")
    article, _ = describe_text(tmp_path, "role.txt", text)
    assert (article.title.value, article.author.value) == ("Why remittances matter more than aid", "Aigerim Sadykova")
    assert article.date.value == dt.date(2023, 6, 21) and len(article.paragraphs) == 2


def test_page_title_drops_the_site_name():
    assert readers.page_title("Site Name - Council postpones the vote", ["Site Name", "Council postpones the vote"]) \
        == "Council postpones the vote"
    assert readers.page_title("Courier :: News :: Cod quota talks stall", ["Cod quota talks stall"]) == "Cod quota talks stall"
    assert readers.page_title("Talks stall | Courier", []) == "Talks stall"


def test_fragment_starting_with_a_subheading_has_no_title(tmp_path):
    text = ("Why the river is falling\n"
            "Officials met this week to discuss how much water the dams should release during the dry season, "
            "after months of record-low river levels.\n")
    article, _ = describe_text(tmp_path, "frag.txt", text)
    assert not article.title.known
    assert article.paragraphs[0] == "Why the river is falling"


def test_date_inside_a_byline(tmp_path):
    text = ("Harbour expansion approved after a long fight\nBy Jane Roe | 12 Nov 2024 | 5 min read\n"
            "The city council approved the harbour expansion on Monday after a three-year fight with residents "
            "who feared more traffic and noise.\n")
    article, _ = describe_text(tmp_path, "a.txt", text)
    assert (article.author.value, article.date.value) == ("Jane Roe", dt.date(2024, 11, 12))


def test_short_opening_sentences_are_kept():
    docs, _ = readers.read_all(FIXTURES)
    doc = next(d for d in docs if d.path == "short_opening_sentences.txt")
    article = metadata.describe(clean.clean(doc), {})
    assert article.paragraphs[:2] == ["WASHINGTON (AP) — The Senate passed the bill late Friday.",
                                      "It now goes to the president."]
    assert (article.title.value, article.date.value) == ("Senate passes stopgap funding bill", dt.date(2024, 3, 8))


def test_seed_articles_start_and_end_with_their_text():
    """No byline, counter or widget survives at either edge of a seed article."""
    from conftest import SEEDS

    docs, skipped = readers.read_all(SEEDS)
    assert not skipped
    for cleaned in clean.clean_all(docs):
        first, last = cleaned.paragraphs[0], cleaned.paragraphs[-1]
        assert len(first.split()) >= 10 and len(last.split()) >= 10, (cleaned.document.path, first, last)


def test_a_closing_quote_that_lost_its_last_byte_is_put_back():
    from dossier.readers import normalise_text

    assert normalise_text("â€œI can’t,â€\ufffd she said.") == "“I can’t,” she said."
    assert normalise_text("Ã¢â‚¬Å“NoÃ¢â‚¬ï¿½") == "“No”"
