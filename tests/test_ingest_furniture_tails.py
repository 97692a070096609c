"""Regressions from a second QA corpus: interlinks printed between paragraphs, the headlines
under a "Related" label, wire tails, the publisher's and the author's notes after the
article, a short closing sentence with a number, paywall lines, and Chinese/Japanese
paragraphs (word count, crossheads). The labelled cases 21-26 of tests/eval/ingest hold
whole pages of each kind; these pin the edges of each mechanism."""
from __future__ import annotations

import pytest

from dossier import clean, readers
from dossier.model import count_words, is_subheading

LEAD = ("The county board voted on Tuesday to spend four million dollars on a new clinic in the town, "
        "the first such site in the eastern townships for more than a decade.")
MIDDLE = ("The lone vote against came from a supervisor who said the county had not found the money "
          "to staff the building once it opens to patients next year.")
LAST = ("Officials said construction bids are due in August and that the clinic should open in the "
        "spring of the year after, if the state approves the plans.")


def cleaned(body: str, fmt: str = "txt"):
    text = f"Clinic approved for Eastbrook after long debate\n\nBy Jane Roe\n\n{body}"
    return clean.clean(readers.Document(id="a", path=f"a.{fmt}", format=fmt, text=text))


def reasons(result) -> dict[str, str]:
    return {d.text: d.reason for d in result.dropped}


@pytest.mark.parametrize("line", [
    "Read more: Residents pack town hall over hospital closure plans and ambulance response times",
    "READ ALSO: Sheriff asks supervisors for six more deputies",
    "See also: How the county pays for its roads",
    "Lire aussi : Le conseil municipal vote le budget de la santé pour les cinq prochaines années",
])
def test_an_interlink_between_paragraphs_is_dropped_whatever_its_length(line):
    result = cleaned(f"{LEAD}\n\n{line}\n\n{MIDDLE}\n\n{LAST}\n")
    assert reasons(result)[line] == "page furniture (interlinks)"
    assert result.paragraphs == [LEAD, MIDDLE, LAST]


def test_a_sentence_that_says_read_more_is_kept():
    line = "Residents who want the details can read more: the staff report is posted on the county website."
    result = cleaned(f"{LEAD}\n\n{line}\n\n{LAST}\n")
    assert line in result.paragraphs


def test_headlines_right_under_a_related_label_are_dropped_however_few():
    body = (f"{LEAD}\n\nRelated Stories:\nClinic Costs Keep Rising\nIs Rural Care Worth It?\n\n{MIDDLE}\n\n"
            f"{LAST}\n\nRelated Content:\nWhy Budgets Slip\nThe Doctor Shortage, Explained\nRoads First?\n")
    result = cleaned(body)
    why = reasons(result)
    for headline in ("Clinic Costs Keep Rising", "Is Rural Care Worth It?"):  # between paragraphs
        assert why[headline] == "list of links or headlines", headline
    for headline in ("Why Budgets Slip", "The Doctor Shortage, Explained", "Roads First?"):
        assert headline in why, headline
    assert result.paragraphs == [LEAD, MIDDLE, LAST]


def test_a_short_sentence_or_a_subheading_after_a_blank_line_is_not_a_related_headline():
    body = (f"{LEAD}\n\nRelated Stories:\nClinic Costs Keep Rising\n\nWho pays for it\n\n{MIDDLE}\n\n"
            f"More on the budget\nIt was not enough for everyone.\n\n{LAST}\n")
    result = cleaned(body)
    assert "Who pays for it" in result.paragraphs
    assert "It was not enough for everyone." in result.paragraphs


@pytest.mark.parametrize("line, reason", [
    ("— With assistance from Takeshi Mori", "metadata line (credit)"),
    ("--With assistance from Lars Nygaard and Sofia Reyes.", "metadata line (credit)"),
    ("Anna Berg contributed reporting.", "metadata line (credit)"),
    ("(Updates with the minister's comment in sixth paragraph.)", "page furniture (wire_notes)"),
    ("(Adds analyst comment, updates prices)", "page furniture (wire_notes)"),
])
def test_wire_tails_are_dropped(line, reason):
    result = cleaned(f"{LEAD}\n\n{MIDDLE}\n\n{LAST}\n\n{line}\n")
    assert reasons(result)[line] == reason
    assert result.paragraphs == [LEAD, MIDDLE, LAST]


def test_a_parenthesis_of_the_article_is_kept():
    line = "(The county has not said how it will pay for the staff once the clinic opens.)"
    assert clean.furniture_category(line) is None


def test_the_authors_and_the_publishers_notes_after_the_article_are_dropped():
    bio = "Jane Roe is a senior fellow in the Health Program at the Northbridge Institute."
    note = ("This commentary is published by the Northbridge Institute, an independent, nonprofit research "
            "organization. The Institute does not take institutional positions on policy issues.")
    result = cleaned(f"{LEAD}\n\n{MIDDLE}\n\n{LAST}\n\n{bio}\n\n{note}\n")
    why = reasons(result)
    assert why[bio] == "about the author (after the article)"
    assert why[note] == "about the publisher (after the article)"
    assert result.paragraphs == [LEAD, MIDDLE, LAST]


def test_an_unsigned_authors_note_with_a_role_is_dropped():
    note = "The author is a professor of public health at a university in the state capital."
    result = cleaned(f"{LEAD}\n\n{MIDDLE}\n\n{LAST}\n\n{note}\n")
    assert reasons(result)[note] == "about the author (after the article)"


@pytest.mark.parametrize("closing", [
    "Janet Roeder is a nurse at the county hospital and says the clinic will ease the load on her ward.",
    "Jane Roe, the supervisor's aide, said the vote was a relief for the whole township.",
    "The writer is due in court next month, according to her lawyer.",
])
def test_a_closing_sentence_about_someone_else_or_not_a_note_is_kept(closing):
    result = cleaned(f"{LEAD}\n\n{MIDDLE}\n\n{LAST}\n\n{closing}\n")
    assert result.paragraphs[-1] == closing


def test_a_short_closing_sentence_with_a_number_is_kept():
    result = cleaned(f"{LEAD}\n\n{MIDDLE}\n\n{LAST}\n\nThe town has 48,000 residents.\n\nTags: health, county\n")
    assert result.paragraphs[-1] == "The town has 48,000 residents."


@pytest.mark.parametrize("line", [
    "この記事は会員限定です。登録すると続きをお読みいただけます。",
    "续订后可阅读全文。本文为会员专享内容。",
    "이 기사는 유료 회원 전용입니다.",
    "Cet article est réservé aux abonnés.",
    "This article is only available to subscribers.",
])
def test_paywall_lines_are_furniture_in_several_languages(line):
    assert clean.furniture_category(line) == "paywall"


@pytest.mark.parametrize("line", [
    "The publisher said that articles for subscribers only had brought in more revenue than "
    "advertising for the first time, and that it would put more of its archive behind the wall.",
    "Revenue from subscriber-only content rose 12% last year.",
    "同社の有料会員は100万人を突破した。",
    "유료 회원 전용 서비스를 출시했다.",
])
def test_a_sentence_about_paywalls_is_news_not_a_paywall(line):
    assert clean.furniture_category(line) is None


JA = "経済産業省は23日、先端半導体の製造装置など23品目を輸出管理の規制対象に加える省令を公布した。7月23日に施行する。"


def test_chinese_and_japanese_count_one_word_per_two_characters():
    assert count_words(JA) == 25 + 4  # 49 Han/kana characters, rounded up; the numbers 23, 23, 7, 23
    assert count_words("半導体") == 2
    assert count_words("The quick brown fox") == 4
    assert count_words("반도체 수출 규제 강화") == 4  # Hangul is written with spaces
    assert count_words("ASML の新型装置") == 1 + 3


def test_a_chinese_or_japanese_paragraph_is_not_a_crosshead():
    assert not is_subheading(JA)
    assert not is_subheading("中国商务部表示坚决反对。日本对华出口约占四分之一。")
    assert not is_subheading("政府は「規制を強化する」")  # closes on a quotation
    assert is_subheading("労働組合は雇用への影響を懸念")  # a short heading


def test_a_read_more_label_on_its_own_line_takes_its_headline_with_it():
    result = cleaned(f"{LEAD}\n\nREAD MORE\nCouncil to hold emergency session on water\n\n{MIDDLE}\n\n"
                     f"Who pays\n\n{LAST}\n")
    assert reasons(result)["Council to hold emergency session on water"] == "list of links or headlines"
    assert result.paragraphs == [LEAD, MIDDLE, "Who pays", LAST]
