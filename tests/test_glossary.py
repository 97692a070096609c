"""The glossary's decisions on small texts written for each case."""
from __future__ import annotations

from pathlib import Path

import pytest

import dossier
from dossier.config import GlossaryConfig, TermConfig
from dossier.glossary import build_glossary, find_acronyms, person_key
from dossier.model import Article, Field

ROOT = Path(__file__).resolve().parents[1]


def art(aid: str, *paragraphs: str, author: str | None = None) -> Article:
    a = Article(id=aid, path=f"{aid}.txt", format="txt", paragraphs=list(paragraphs))
    if author:
        a.author = Field(author, "front matter")
    return a


def glossary(*articles: Article, **config):
    return build_glossary(list(articles), GlossaryConfig(**config))


def entry_named(entries, name):
    matches = [e for e in entries if name == e.term or name in e.variants]
    assert len(matches) == 1, (name, [(e.term, e.variants) for e in entries])
    return matches[0]


def test_acronym_long_form_is_the_whole_name_not_the_shortest_match():
    found = {s: long for s, long, _ in find_acronyms(
        "Greg Scarlatoiu of the Committee for Human Rights in North Korea (HRNK) spoke. "
        "A report by the Office of the High Commissioner for Human Rights (OHCHR) followed. "
        "Vessels under the International Convention for the Safety of Life at Sea (SOLAS) comply. "
        "The Workers' Party of Korea (WPK) met. Data came from the Database Center for North "
        "Korean Human Rights (NKDB). It cited the International Criminal Court (ICC) twice.")}
    assert found == {
        "HRNK": "Committee for Human Rights in North Korea",
        "OHCHR": "Office of the High Commissioner for Human Rights",
        "SOLAS": "International Convention for the Safety of Life at Sea",
        "WPK": "Workers' Party of Korea",
        "NKDB": "Database Center for North Korean Human Rights",
        "ICC": "International Criminal Court",
    }


def test_name_in_brackets_in_another_language_is_a_variant_not_an_acronym():
    entries = glossary(art("a", "Silje Karine Muotka, president of the Sámi Parliament (Sámediggi), spoke."))
    parliament = entry_named(entries, "Sámi Parliament")
    assert parliament.variants == ["Sámediggi"] and parliament.kind == "organisation"
    assert entry_named(entries, "Silje Karine Muotka").definition == "President of the Sámi Parliament"


def test_one_acronym_for_two_bodies_makes_two_entries_used_where_each_is_meant():
    entries = glossary(
        art("a", "The Maritime Safety Committee (MSC) met in London. The MSC agreed on rules."),
        art("b", "The Mediterranean Shipping Company (MSC) sent a ship. MSC said it was safe."),
        art("c", "Neither body was named here, only the MSC."))
    committee, company = entry_named(entries, "Maritime Safety Committee"), entry_named(entries, "Mediterranean Shipping Company")
    assert committee is not company
    assert "MSC" in committee.variants and "MSC" in company.variants
    assert committee.articles == ["a"] and company.articles == ["b"]


def test_two_spellings_of_one_expansion_make_one_entry():
    entries = glossary(
        art("a", "A report by the Office of the UN High Commissioner for Human Rights (OHCHR) appeared."),
        art("b", "The Office of the High Commissioner for Human Rights (OHCHR) runs an office in Seoul."))
    ohchr = entry_named(entries, "OHCHR")
    assert len(entries) == 1 and len(ohchr.variants) == 2 and ohchr.articles == ["a", "b"]


def test_people_from_titles_and_appositions_with_their_descriptions():
    entries = glossary(art(
        "a",
        "UN High Commissioner for Human Rights Volker Türk told members that forced labour was pervasive.",
        "Ri Il-gyu, a former counselor at the North Korean Embassy in Cuba, checked the files.",
        "Kang Min-sook, 51, a counsellor who has worked there for 14 years, agreed.",
        "The late Jonathan Motzfeldt had pushed for it.",
        "Choi said nothing more."))
    assert entry_named(entries, "Volker Türk").definition == "UN High Commissioner for Human Rights"
    ri = entry_named(entries, "Ri Il-gyu")
    assert ri.kind == "person"
    assert ri.definition == "A former counselor at the North Korean Embassy in Cuba"
    assert ri.source.startswith("Ri Il-gyu, a former counselor")
    assert entry_named(entries, "Kang Min-sook").definition == "A counsellor"
    assert entry_named(entries, "Jonathan Motzfeldt").definition is None  # a person, not defined
    assert not [e for e in entries if e.term in ("Choi", "The", "UN")]


def test_definitions_say_what_the_text_says_and_nothing_else():
    entries = glossary(art(
        "a",
        "She recalled that Greenland's first premier, the late Jonathan Motzfeldt, had pushed for it.",
        "It urged a referral to the International Criminal Court (ICC), a step blocked for years.",
        "The Arctic Monitoring and Assessment Programme (AMAP), a working group of the Arctic Council, reported.",
        "In the Universal Periodic Review (UPR), a process in which every state is examined by its peers, "
        "delegates spoke. Hwang Joon-kook, the envoy, spoke; South Korean Ambassador Joonkook Hwang said more."))
    assert entry_named(entries, "Jonathan Motzfeldt").definition == "Greenland's first premier"
    assert entry_named(entries, "ICC").definition is None
    assert entry_named(entries, "AMAP").definition == "A working group of the Arctic Council"
    upr = entry_named(entries, "UPR")
    assert upr.definition == "A process in which every state is examined by its peers"
    assert upr.source.startswith("In the Universal Periodic Review (UPR)")
    assert entry_named(entries, "Hwang Joon-kook") is entry_named(entries, "Joonkook Hwang")


def test_initials_and_abbreviated_titles_stay_in_names():
    entries = glossary(art("a", "Robert R. King, the former U.S. special envoy, wrote it. Dr. Jane Goodall "
                                "spoke. The UN Special Rapporteur, Elizabeth Salmón, spoke."))
    assert entry_named(entries, "Robert R. King").definition == "The former U.S. special envoy"
    assert entry_named(entries, "Jane Goodall").definition is None
    assert entry_named(entries, "Elizabeth Salmón").definition == "UN Special Rapporteur"
    assert not [e for e in entries if "Rapporteur" in e.term or e.term == "King"]


def test_spellings_of_one_person_merge():
    entries = glossary(
        art("a", "Ri Il-gyu, a former counselor at the embassy in Cuba, fled in 2023."),
        art("b", "For five years Ri Il Gyu drafted the telegrams. South Korean media romanise his name "
                 "as Lee Il-kyu, the southern spelling."),
        art("c", "Among the audience was former diplomat Ri Il-guy, who left his post in Cuba in 2023."),
        art("d", "Thae Yong Ho, the former deputy ambassador, wrote a memoir. Thae, who now goes by "
                 "Thae Ku-min, was the deputy ambassador."),
        art("e", "Thae Yong-ho, who served as deputy ambassador in London, spoke. Unification Minister "
                 "Kim Yung-ho and Volker Turk, the High Commissioner, attended."),
        art("f", "Unification Minister Kim Young-ho said so. The high commissioner Volker Türk agreed."))
    assert set(entry_named(entries, "Ri Il-gyu").variants) == {"Ri Il Gyu", "Lee Il-kyu", "Ri Il-guy"}
    assert set(entry_named(entries, "Thae Yong-ho").variants) == {"Thae Yong Ho", "Thae Ku-min"}
    assert entry_named(entries, "Kim Yung-ho") is entry_named(entries, "Kim Young-ho")
    assert entry_named(entries, "Volker Türk").variants == ["Volker Turk"]


@pytest.mark.parametrize("first, second", [
    ("Kang Min-seok, 22, a former university student from Pyongyang, spoke.",
     "Kang Min-sook, 51, a counsellor at the centre, spoke."),  # one letter apart, different ages
    ("Walt Meier, a scientist at the ice data centre, spoke.",
     "Walt Maier, a farmer from Kansas, spoke."),  # one letter apart, nothing shared
    ("Anders Holm, Denmark's ambassador for Arctic affairs, spoke.",
     "Captain Anders Holmberg, a Swedish ice pilot, spoke."),  # one is a prefix of the other
    ("Kim Jong-un, the leader, spoke.", "Kim Yo-jong, the leader's sister, spoke."),
    ("Former prime minister Erna Solberg spoke.", "Captain Ingrid Solberg, master of a tanker, spoke."),
])
def test_different_people_stay_apart(first, second):
    entries = glossary(art("a", first), art("b", second))
    people = [e for e in entries if e.kind == "person"]
    assert len(people) == 2, [(e.term, e.variants) for e in people]


def test_a_typo_merges_when_the_sentences_agree():
    entries = glossary(art("a", "Walt Meier, a senior research scientist at the NSIDC, said so."),
                       art("b", "Walt Maier, a sea-ice scientist at the data centre, agreed."))
    assert [(e.term, e.variants) for e in entries if e.kind == "person"] in (
        [("Walt Meier", ["Walt Maier"])], [("Walt Maier", ["Walt Meier"])])


def test_romanisation_rules_and_folding_make_equal_keys():
    assert person_key("Ri Il-gyu") == person_key("Lee Il Kyu") == person_key("RI IL GYU")
    assert person_key("Morten Høglund") == person_key("Morten Hoglund")
    assert person_key("Alexey Likhachev") == person_key("Alexei Likhachev")
    assert person_key("Kang Min-seok") != person_key("Kang Min-sook")


def test_organisations_need_two_articles_unless_defined_or_named_by_the_editor():
    a = art("a", "The Arctic Council met. The Fosen Reindeer Committee protested. Rosatom's "
                 "icebreaker left, said the state nuclear corporation Rosatom.")
    b = art("b", "Denmark took over the Arctic Council. Rosatom said nothing. In May the US Coast Guard sailed. "
                 "Amnesty International and the Fosen Reindeer Committee protested.")
    a.paragraphs.append("Amnesty International protested too.")
    c = art("c", "The Canadian Coast Guard (CCG) sailed in June.")
    entries = build_glossary([a, b, c], GlossaryConfig(), editor_phrases=["fosen reindeer committee"])
    terms = {e.term for e in entries}
    assert {"Arctic Council", "Rosatom", "Canadian Coast Guard", "Fosen Reindeer Committee",
            "Amnesty International"} <= terms
    # 'Coast Guard' is part of two longer names, not a body of its own; months are no names.
    assert not terms & {"Coast Guard", "US Coast Guard", "May", "June", "Denmark", "In May"}


def test_bylines_and_sentence_starts_are_not_entries():
    entries = glossary(
        art("a", "Jane Doe, a reporter, wrote this. Monday was quiet.", author="Jane Doe"),
        art("b", "Last Tuesday the Security Council met. Another Council met on Friday."))
    assert {e.term for e in entries} <= {"Security Council"}


def test_title_case_crossheads_give_no_entries():
    entries = glossary(art("a", "Speaker Tells Security Council Nothing New", "The Security Council met."),
                       art("b", "Speaker Tells Security Council Nothing New", "It was quiet."))
    assert [(e.term, e.articles) for e in entries] == []


def test_config_adds_defines_merges_splits_and_excludes():
    a = art("a", "The Universal Periodic Review (UPR) began. The Human Rights Council (HRC) met. "
                 "Ri Il-gyu, a former counselor, spoke. Kim Song, the ambassador, replied. "
                 "The Foreign Ministry and the Ministry of Foreign Affairs both wrote.",
            "The Foreign Ministry complained. Lee Il-kyu, a counselor, spoke again.")
    b = art("b", "The Ministry of Foreign Affairs replied, as did the Foreign Ministry.")
    cfg = GlossaryConfig(
        terms=[TermConfig(term="Universal Periodic Review", definition="The UN's review of every state.", aliases=["UPR"]),
               TermConfig(term="Lee Il-kyu", split=True),
               TermConfig(term="Korea Economic Institute of America", aliases=["KEI"], kind="organisation"),
               TermConfig(term="Ministry of Foreign Affairs", aliases=["Foreign Ministry"])],
        exclude=["Kim Song"])
    entries = build_glossary([a, b], cfg)
    upr = entry_named(entries, "Universal Periodic Review")
    assert upr.definition == "The UN's review of every state." and upr.source == "config.yaml"
    assert "Lee Il-kyu" not in entry_named(entries, "Ri Il-gyu").variants
    assert entry_named(entries, "Lee Il-kyu").term == "Lee Il-kyu"
    kei = entry_named(entries, "KEI")
    assert kei.definition is None and kei.articles == []  # listed, and shown as not defined
    assert entry_named(entries, "Foreign Ministry") is entry_named(entries, "Ministry of Foreign Affairs")
    assert not [e for e in entries if e.term == "Kim Song"]


def test_seed_glossary_has_single_entries_for_the_main_terms():
    prepared = dossier.prepare(dossier.load_config(ROOT / "config.yaml"))
    entries = prepared.glossary
    for name in ("Universal Periodic Review", "UN Human Rights Council", "Ministry of Unification",
                 "Kim Jong-un", "Tae Yong-ho", "Elizabeth Salmón", "Commission of Inquiry"):
        entry_named(entries, name)
    ri = entry_named(entries, "Ri Il-gyu")
    assert {"Ri Il Gyu", "Lee Il-kyu", "Ri Il-guy"} <= set(ri.variants)
    assert ri.definition and "counselor" in ri.definition
    keys = [e.key for e in entries]
    assert len(keys) == len(set(keys))
    kept = {a.id for a in prepared.dedup.kept}
    assert all(set(e.articles) <= kept for e in entries)


WORDS = ["Kim", "Jong-un", "the", "Human", "Rights", "Council", "(HRC)", "(", ")", ",", "a", "former",
         "ambassador", "Ri", "Il-gyu", "said", ".", "UN", "of", "Ministry", "Unification", "51", "who",
         "Türk", "Sámediggi", "(Sámediggi)", "al-Burhan", "von", "der", "'s", "known", "as", "Captain", "\n\n"]


@pytest.mark.parametrize("seed", range(30))
def test_any_text_gives_a_consistent_glossary(seed):
    """Random word salad: no crash, unique keys, every entry used where its forms occur."""
    import random

    rng = random.Random(seed)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 120))) for _ in range(3)]
    articles = [art(f"a{i}", *[p for p in t.split("\n\n") if p.strip()] or ["x"]) for i, t in enumerate(texts)]
    entries = glossary(*articles)
    keys = [e.key for e in entries]
    assert len(keys) == len(set(keys)) and all(keys)
    for e in entries:
        assert e.term and e.term not in e.variants
        assert set(e.articles) <= {a.id for a in articles}


def test_acronym_long_form_prefers_words_whose_initials_spell_it():
    """Schwartz–Hearst's shortest match takes two letters from one word ('National' gives
    both Ns of NNP); the longer name whose word initials spell the acronym is meant."""
    found = {s: long for s, long, _ in find_acronyms(
        "Output fell, the Nigerian National Petroleum (NNP) company said. "
        "The Norwegian Electric Power Authority (EPA) agreed. "
        "Fees rose at Lagos's National Port (NP), officials said.")}
    assert found["NNP"] == "Nigerian National Petroleum"
    assert found["EPA"] == "Electric Power Authority"  # already spelled: no word added
    assert found["NP"] == "National Port"  # a possessive ends another name


def test_acronym_without_head_noun_is_an_organisation_when_the_text_says_so():
    entries = glossary(
        art("a", "Output fell, the Nigerian National Petroleum (NNP) company said."),
        art("b", "The Kivu Defence Brigades (KDB), a militia in the east, advanced."),
        art("c", "Tankers burn heavy marine diesel (HMD), a fuel banned in ports."))
    assert entry_named(entries, "NNP").kind == "organisation"
    assert entry_named(entries, "KDB").kind == "organisation"
    assert entry_named(entries, "HMD").kind == "acronym"


def test_long_form_in_other_articles_counts_as_use_of_the_acronym_entry():
    """One body named with and without the parent body's name, in any spelling of it,
    is one entry, used wherever any of its names occurs."""
    entries = glossary(
        art("a", "Cairo wrote to the UN Security Council (UNSC) on Monday."),
        art("b", "Diplomats expect the United Nations Security Council to meet again."),
        art("c", "A U.N. Security Council statement was blocked."),
        art("d", "Nobody mentions the body here."))
    council = entry_named(entries, "UNSC")
    assert {"UN Security Council", "United Nations Security Council",
            "U.N. Security Council"} <= {council.term, *council.variants}
    assert council.articles == ["a", "b", "c"]
    assert council.term == "UN Security Council"  # as defined, not the dotted spelling
    assert council.kind == "organisation"


def test_two_bodies_joined_by_and_are_two_names_not_one():
    entries = glossary(
        art("a", "Fighting between the Sudanese Armed Forces and the Rapid Support Forces spread."),
        art("b", "The Sudanese Armed Forces and the Rapid Support Forces agreed a truce."))
    terms = {e.term for e in entries}
    assert {"Sudanese Armed Forces", "Rapid Support Forces"} <= terms
    assert not any(" and " in t for t in terms), terms
    assert entry_named(entries, "Sudanese Armed Forces").articles == ["a", "b"]


def test_at_a_glance_lists_the_people_and_bodies_the_glossary_finds():
    """The 'At a glance' page selects entries by kind: every kind the glossary emits
    must be one it knows, and people and organisations must reach their tables."""
    from dossier.render.html import at_a_glance
    from dossier.model import Dossier
    import datetime as dt

    entries = glossary(
        art("a", "Prime Minister Olu Adebayo met the African Union (AU) in Addis Ababa."),
        art("b", "Olu Adebayo, the prime minister, told the AU he would sign."),
        art("c", "The African Union will meet."))
    book = Dossier(title="t", subtitle="", organisation="", language="en", compiled=dt.date(2025, 1, 1),
                   marking="", chapters=[], glossary=entries, sources=[], notes=[], placements={},
                   dedup=None, skipped=[], articles_read=0)
    glance = at_a_glance(book)
    listed = {e.term for rows in (glance["people"], glance["organisations"], glance["terms"]) for e, _ in rows}
    assert listed == {e.term for e in entries}
    assert [(e.term, n) for e, n in glance["people"]] == [("Olu Adebayo", 2)]
    assert [(e.term, n) for e, n in glance["organisations"]] == [("African Union", 3)]


def test_title_with_a_compound_before_the_role_keeps_its_whole_phrase():
    entries = glossary(art("a", "The panel is led by former South African water minister Thandi Mokoena. "
                                "Kenyan climate campaigner Wanjiru Otieno spoke after her."))
    assert entry_named(entries, "Thandi Mokoena").definition == "Former South African water minister"
    assert entry_named(entries, "Wanjiru Otieno").definition == "Kenyan climate campaigner"


def test_an_honorific_is_no_part_of_a_description_and_council_titles_are_roles():
    entries = glossary(
        art("a", "County health officer Dr. Miriam Stahl said the results were alarming for the town.",
            "Councilmember Victor Reyes called an emergency session of the council on Monday."),
        art("b", "Miriam Stahl repeated the warning, and Victor Reyes asked for a vote on the plan."))
    assert entry_named(entries, "Miriam Stahl").definition == "County health officer"
    reyes = entry_named(entries, "Victor Reyes")
    assert reyes.definition == "Councilmember"


def test_an_acronym_after_a_company_abbreviation_is_found():
    from dossier.glossary import find_acronyms

    found = find_acronyms("The rules hit Semiconductor Manufacturing International Corp. (SMIC) hard. Lee agreed.")
    assert [(a, long) for a, long, _ in found] == [("SMIC", "Semiconductor Manufacturing International Corp.")]


def test_the_clause_after_an_attribution_is_no_description():
    entries = glossary(
        art("a", "According to an investigation by the state Department of Environmental Quality, the utility "
                 "often collected samples at homes without lead pipes.",
            "The Department of Environmental Quality (DEQ) confirmed it received the reports."),
        art("b", "The Department of Environmental Quality said it would review the findings."))
    assert entry_named(entries, "Department of Environmental Quality").definition is None


@pytest.mark.parametrize("text, expected", [
    ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
    ("Known as “Team Alpha.” The team (founded 1990.) Next!", ["Known as “Team Alpha.”", "The team (founded 1990.)", "Next!"]),
    ("She asked: “Why?’” Nobody knew.", ["She asked: “Why?’”", "Nobody knew."]),
    ("The U.S. army. Costs rose 5.5 per cent. 2024 was worse.", ["The U.S. army.", "Costs rose 5.5 per cent.", "2024 was worse."]),
])
def test_a_sentence_keeps_the_closing_quotes_after_its_full_stop(text, expected):
    from dossier.textsim import sentences

    assert sentences(text) == expected


def test_a_definition_quoted_from_the_text_keeps_its_closing_quotation_mark():
    entries = glossary(art("a1",
        "At the summit, UN envoy Maria Okonkwo told delegates that the plan was “a first step, not a last one.” "
        "Delegates applauded.",
        "Maria Okonkwo left on Friday."))
    okonkwo = entry_named(entries, "Maria Okonkwo")
    assert okonkwo.definition == "UN envoy"
    assert okonkwo.source.endswith("not a last one.”")


def test_a_body_named_with_and_without_its_country_is_one_entry():
    entries = glossary(
        art("a", "The U.S. Commerce Department issued the rules on Tuesday, officials said."),
        art("b", "The Commerce Department said the rules take effect in thirty days."),
        art("c", "Critics of the Commerce Department said the rules went too far."))
    e = entry_named(entries, "Commerce Department")
    assert (e.term, e.variants) == ("U.S. Commerce Department", ["Commerce Department"])
    assert sorted(set(e.articles)) == ["a", "b", "c"]


def test_a_bare_name_two_countries_put_in_front_of_stays_apart():
    entries = glossary(
        art("a", "The Chinese Foreign Ministry said on Monday that it opposed the rules."),
        art("b", "The Japanese Foreign Ministry said on Tuesday that it would comply."),
        art("c", "The Foreign Ministry declined to comment on the rules."),
        art("d", "A Foreign Ministry spokesperson said the talks would go on, and the Chinese Foreign "
                 "Ministry and the Japanese Foreign Ministry both sent envoys."))
    names = {e.term: e.variants for e in entries if e.kind == "organisation"}
    assert names == {"Chinese Foreign Ministry": [], "Japanese Foreign Ministry": [], "Foreign Ministry": []}
