"""The source index: every article read, in date order, with citation keys."""
from __future__ import annotations

import datetime as dt

from dossier.model import Article, Chapter, DedupResult, Field
from dossier.sources import build_sources, citation_keys, key_name


def art(aid, outlet=None, date=None, title=None):
    a = Article(id=aid, path=f"{aid}.txt", format="txt", paragraphs=["Some text here."])
    if outlet:
        a.outlet = Field(outlet, "sources.yaml")
    if date:
        a.date = Field(dt.date.fromisoformat(date), "sources.yaml")
    if title:
        a.title = Field(title, "text")
    return a


def test_key_names_are_short_and_from_the_outlet_only():
    assert key_name("The Korea Times") == "KoreaTimes"
    assert key_name("YTN") == "YTN"
    assert key_name("Korea Economic Institute of America") == "KEIA"
    assert key_name("www.koreatimes.co.kr") == "Koreatimes"
    assert key_name("Le Monde") == "LeMonde"
    assert key_name(None) == "Anon"


def test_keys_are_unique_ids_with_letters_for_collisions():
    articles = [art("a", "YTN", "2024-01-02"), art("b", "YTN", "2024-05-01"), art("c", "YTN", "2023-01-01"),
                art("d"), art("e")]
    keys = citation_keys(articles)
    assert keys == {"a": "YTN-2024a", "b": "YTN-2024b", "c": "YTN-2023", "d": "Anon-nda", "e": "Anon-ndb"}
    assert all(k.replace("-", "").isalnum() for k in keys.values())


def test_index_lists_kept_and_merged_by_date_with_unknown_dates_last():
    articles = [art("late", "Outlet B", "2024-03-01"), art("undated", "Outlet A"),
                art("early", "Outlet A", "2023-12-31"), art("copy", "Outlet C", "2024-03-02")]
    dedup = DedupResult(kept=articles[:3], merged={"copy": "late"}, relations={}, notes=[])
    chapters = [Chapter(id="one", title="One", articles=articles[:3])]
    index = build_sources(articles, dedup, chapters)
    assert [s.article.id for s in index] == ["early", "late", "copy", "undated"]
    by_id = {s.article.id: s for s in index}
    assert by_id["copy"].status == "merged" and by_id["copy"].merged_into == "late"
    assert by_id["late"].also_reported_by == ["copy"]
    assert by_id["early"].chapter_id == "one" and by_id["copy"].chapter_id is None
    assert [s.key for s in index] == ["OutletA-2023", "OutletB-2024", "OutletC-2024", "OutletA-nd"]


def test_an_outlet_in_another_script_keeps_its_letters_in_the_key():
    from dossier.sources import key_name

    assert key_name("日本経済新聞") == "日本経済新聞"
    assert key_name("Новая газета") == "Новаягазета"
    assert key_name(None) == "Anon" and key_name("—") == "Anon"
