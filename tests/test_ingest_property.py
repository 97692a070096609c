"""Property: whatever text arrives, ingestion never raises, and every paragraph of the
input ends up in the output, as the title, or in the dropped list with a reason."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier import clean, metadata, readers
from dossier.model import Document

FURNITURE = ["Share on Facebook", "Comments (3)", "© 2024 Example News. All rights reserved.", "By Jane Roe",
             "Posted March 5, 2024", "Skip to content", "Latest Stories", "Subscribe to our newsletter",
             "Home | World | Business | Sport", "12", "Photo: Someone/Agency", "Original Source: example.org",
             "입력 2024.10.28. 오후 10:18", "Par Claire Dubois", "Tags: a, b", "", "---", "* * *"]
PROSE = ["The council agreed on Tuesday to extend the mission for another six months, officials said.",
         "Die Regierung hat am Mittwoch neue Zahlen vorgelegt, die einen Rückgang der Produktion zeigen.",
         "서울 아파트값이 9개월 만에 하락세로 돌아섰다. 대출 규제와 금리 부담이 겹쳤다.",
         "“We are not asking for miracles,” she said."]

lines = st.one_of(st.sampled_from(FURNITURE + PROSE),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120))


def accounted(doc: Document, keep: bool = False) -> None:
    result = clean.clean(doc, keep_boilerplate=keep)
    out = set(result.paragraphs) | {d.text for d in result.dropped} | {result.title_line}
    for _, line in clean.split_lines(doc.text):
        assert " ".join(line.split()) in out, line
    if keep:
        assert result.dropped == []


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, max_size=25), st.booleans())
def test_clean_accounts_for_every_paragraph(parts, keep):
    accounted(Document(id="x", path="x.txt", format="txt", text="\n".join(parts)), keep)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, min_size=1, max_size=15),
       st.sampled_from([".txt", ".md", ".html"]),
       st.sampled_from(["utf-8", "utf-16", "cp1252", "euc-kr", "garbage"]))
def test_ingestion_never_raises(parts, ext, encoding):
    text = "\n".join(parts)
    if ext == ".html":
        text = "<html><body>" + "".join(f"<p>{p}</p>" for p in parts) + "</body></html>"
    elif ext == ".md" and parts and parts[0] == "---":
        text = "---\n" + text  # a front matter that may never close, or hold nonsense
    raw = text.encode(encoding, "replace") if encoding != "garbage" else bytes(
        (b * 37 + 11) % 256 for b in text.encode("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / f"case{ext}").write_bytes(raw)
        documents, skipped = readers.read_all(root)
        assert len(documents) + len(skipped) == 1
        cleaned = clean.clean_all(documents)
        articles = metadata.describe_all(cleaned, {})
        for doc in documents:
            accounted(doc)
        for article in articles:
            assert all(isinstance(p, str) and p for p in article.paragraphs)
