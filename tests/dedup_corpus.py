"""A deterministic corpus for measuring deduplication (tests/test_dedup_corpus.py,
bench/dedup_bench.py).

One topic throughout, as in a real dossier: every article speaks of North Korea,
the United Nations, Seoul and Pyongyang. The corpus holds

* distinct articles, generated from sentence templates with their own cast of
  (invented) people, places, institutes and numbers: these must never be merged,
  although they share the topic's names and the templates' wording;
* same-event groups: several independent generated reports of one event, sharing
  its key people, place and numbers but each with its own sources and wording:
  never merged either (they are grouped);
* the hand-written families of tests/dedup_corpus_hand.py: originals, hand-written
  rewrites (summaries, paraphrases) and independent reports of the same event;
* copies of originals: typos, swapped boilerplate (another site's furniture),
  truncation, an added paragraph, reordered paragraphs, light edits, and mixes.

Each article comes with its truth: the family it belongs to (an original with its
copies and rewrites) and its kind. Everything derives from one random seed.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from dossier.model import Article, Field, FRONT_MATTER

try:
    from dedup_corpus_hand import FAMILIES
except ImportError:  # imported as tests.dedup_corpus
    from tests.dedup_corpus_hand import FAMILIES


@dataclass(frozen=True)
class Truth:
    family: str  # an original and its copies and rewrites share a family
    kind: str  # original | copy | rewrite | distinct | independent
    event: str | None = None  # articles reporting the same event (same-event groups)
    transform: str = ""  # for copies: what was done to the original


SURNAMES = ("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Ryu Hong "
            "Jeon Ko Moon Yang Son Bae Baek Heo Nam Noh Ha Kwak Sung Cha Joo Woo Min Jin Ri Ro").split()
SYLLABLES = ("min jun seo yeon ji woo hyun soo jae hoon young ho eun bin chul sung tae hee kyung mi "
             "dong won sang il na ra gyu han bom ae ok nam sik rak").split()
WESTERN_FIRST = ("Anna Peter Maria Thomas Sarah David Laura Mark Julia Daniel Elena Jonas Claire Oliver Nadia "
                 "Rafael Ingrid Samuel Fatima Lucas Hannah Victor Amara Henrik Sofia Tariq Marta Paul").split()
WESTERN_LAST = ("Lindgren Moreau Okafor Brandt Castillo Novak Harding Fischer Duval Petrov Ansari Kowalski "
                "Whitfield Romero Haas Nakamura Osei Bergman Ferreira Delacroix Sandoval Kruger Mensah "
                "Albright Varga Holloway Quint Rasmussen Abara Leclerc").split()
PLACES = ("Hyesan Chongjin Sinuiju Wonsan Hamhung Kaesong Rason Hoeryong Onsong Musan Nampo Kanggye "
          "Pyongsong Sariwon Haeju Anju Tanchon Kimchaek Kusong Manpo Hwasong Yodok Kilju Unsan").split()
PROVINCES = ("North Hamgyong", "South Hamgyong", "Ryanggang", "Jagang", "North Pyongan", "South Pyongan",
             "Kangwon", "North Hwanghae", "South Hwanghae")
INSTITUTE_ADJ = ("Pacific", "Northeast Asia", "Korean", "Global", "Open", "Independent", "Atlantic", "Eastern",
                 "Helsinki", "Citizens'", "Seoul", "Geneva", "Justice", "Free", "Civil")
INSTITUTE_NOUN = ("Institute", "Centre", "Foundation", "Network", "Council", "Project", "Alliance", "Group",
                  "Observatory", "Watch", "Initiative", "Forum")
INSTITUTE_TOPIC = ("Human Rights", "Policy Studies", "Migration", "Security Studies", "Transitional Justice",
                   "Labour Rights", "Refugee Protection", "Accountability", "Food Security", "Documentation",
                   "Peace Research", "Defector Support", "Public Health", "Legal Aid")
ROLES = ("researcher", "director", "senior analyst", "spokesperson", "lawyer", "former official", "professor",
         "program officer", "field investigator", "deputy director", "legal adviser", "coordinator")
TOPICS = ("forced labour", "detention conditions", "food shortages", "public executions", "border controls",
          "forced repatriation", "prison camps", "freedom of movement", "access to medicine", "child labour",
          "religious persecution", "surveillance", "overseas workers", "separated families", "abductions",
          "information controls", "women's rights", "disability rights", "school enrolment", "water supply")
OUTLETS = ("Seoul Times Online", "Peninsula Post", "Korea Daily Wire", "Asia Pacific Report", "Geneva Monitor",
           "East Asia Herald", "Northern Observer", "Global Rights News", "Tokyo Morning Ledger", "Hankook Review",
           "Diplomatic Courier Asia", "Frontier Journal", "Unification Weekly", "Human Rights Digest",
           "Pyongyang Watch", "The Border Report", "Humanitarian Update", "Policy Brief Korea")
MONTHS = ("January February March April May June July August September October November December").split()
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

# Sentence templates. Slots: {p0} {p1} {p2} people; {r0} {r1} roles; {inst} an institute;
# {place} {place2} cities; {prov} a province; {topic} {topic2}; {n0} {n1} {n2} numbers;
# {year} {month} {day}. Every article names the topic's ubiquitous names too.
TEMPLATES = (
    "{p0}, a {r0} at the {inst}, said on {day} that conditions in {place} had worsened since {year}.",
    "According to {p0}, at least {n0} people were detained in {place} during {month}.",
    "The United Nations has repeatedly asked North Korea to allow independent monitors into {prov} province.",
    "{p1} told reporters in Seoul that the findings on {topic} were consistent with earlier testimony.",
    "The {inst} interviewed {n1} defectors who left North Korea between {year} and {year2}.",
    "North Korea's mission to the United Nations did not respond to a request for comment.",
    "Officials in Pyongyang have previously dismissed such reports as fabrications by hostile forces.",
    "The report estimates that {n2} households in {prov} province were affected by {topic}.",
    "{p0} said the evidence on {topic} would be shared with the UN Office of the High Commissioner for Human Rights.",
    "Residents of {place} described {topic} as the most pressing problem since the borders closed in 2020.",
    "A former resident of {place2}, who asked to be identified only by the surname {surname}, said local officials had confiscated mobile phones.",
    "{p2}, a {r1} who has studied North Korea for {small} years, said the numbers were probably an underestimate.",
    "The Ministry of Unification in Seoul said it was aware of the reports but could not confirm the figures.",
    "In {month} {year}, the {inst} published a {small}-page study on {topic2} in {prov} province.",
    "Satellite images reviewed by the {inst} show new construction near {place} since {year}.",
    "Human rights groups have urged the Security Council to refer the situation to the International Criminal Court.",
    "{p1} said that at least {n0} cases of {topic} had been recorded in {place} and {place2}.",
    "The figures could not be independently verified because foreign journalists cannot travel freely in North Korea.",
    "South Korea's government said it would raise the issue of {topic} at the next session of the Human Rights Council.",
    "{p2} added that the authorities in {place2} had increased inspections of homes in {month}.",
    "The study found that {n1} of the people interviewed had personal experience of {topic2}.",
    "The {inst} called on China to stop sending North Koreans back across the border.",
    "The special rapporteur on North Korea has said that {topic} may amount to crimes against humanity.",
    "Local markets in {place} reportedly closed for {small} days after the inspections began.",
    "{p0} said the group had collected documents showing instructions sent from Pyongyang to officials in {prov} province.",
    "The UN General Assembly's Third Committee is expected to adopt its annual resolution on North Korea in November.",
    "Witnesses quoted in the report said guards in {place} had beaten detainees accused of {topic2}.",
    "{p1}, who left North Korea in {year}, said relatives in {place} told her that food prices had doubled.",
    "Diplomats in Geneva said the findings on {topic} would be discussed at an informal meeting in {month}.",
    "The number of defectors reaching South Korea fell to {n2} last year, according to official figures.",
    "{p2} said the {inst} would publish a second report on {topic2} before the end of {year2}.",
    "Analysts said the measures in {place2} were part of a wider campaign against {topic}.",
    "The {inst} said {n0} of the cases it documented involved children under the age of 15.",
    "Pyongyang has refused to cooperate with the special rapporteur since the mandate was created in 2004.",
    "A spokesperson for the European Union said the bloc would continue to support accountability efforts.",
    "{p0} urged donors to fund programs on {topic2} for defectors resettled in South Korea.",
    "Video footage obtained by the {inst} appears to show a public trial held in a stadium in {place}.",
    "Since {year}, the authorities have built {small} new checkpoints on the roads leading to {place2}.",
    "{p1} said many families in {prov} province now depend on remittances sent through brokers.",
    "The Commission of Inquiry on Human Rights in North Korea documented similar practices in its 2014 report.",
)
TITLES = (
    "{inst} reports rise in {topic} in {place}",
    "Defectors describe {topic} in {prov} province",
    "New study documents {topic} in North Korea",
    "Rights group says {topic} worsened in {place} since {year}",
    "Testimony sheds light on {topic} near {place}",
    "UN urged to act on {topic} in North Korea",
)
BOILERPLATE_TOP = ("Share this article", "Advertisement", "Listen to this article", "Home > World > Asia",
                   "Breaking News", "Most read")
BOILERPLATE_BOTTOM = ("Subscribe to our newsletter for daily updates from the Korean peninsula.",
                      "© {year} {outlet}. All rights reserved.", "Follow us on Facebook, X and Telegram.",
                      "Related stories: more from our Asia desk", "Comments are closed for this article.",
                      "Tags: North Korea, human rights, United Nations")
EDITS = {"said": "stated", "reported": "said", "people": "persons", "since": "from", "officials": "authorities",
         "North Korea": "the DPRK", "percent": "per cent", "about": "around", "at least": "no fewer than"}


def _person(rng: random.Random) -> str:
    if rng.random() < 0.65:
        given = f"{rng.choice(SYLLABLES).capitalize()}-{rng.choice(SYLLABLES)}"
        return f"{rng.choice(SURNAMES)} {given}"
    return f"{rng.choice(WESTERN_FIRST)} {rng.choice(WESTERN_LAST)}"


def _institute(rng: random.Random) -> str:
    return f"{rng.choice(INSTITUTE_ADJ)} {rng.choice(INSTITUTE_NOUN)} for {rng.choice(INSTITUTE_TOPIC)}"


def _cast(rng: random.Random) -> dict:
    year = rng.randint(2012, 2022)
    return {
        "p0": _person(rng), "p1": _person(rng), "p2": _person(rng),
        "r0": rng.choice(ROLES), "r1": rng.choice(ROLES), "inst": _institute(rng),
        "place": rng.choice(PLACES), "place2": rng.choice(PLACES), "prov": rng.choice(PROVINCES),
        "topic": rng.choice(TOPICS), "topic2": rng.choice(TOPICS),
        "n0": str(rng.randint(11, 990)), "n1": str(rng.randint(20, 4000)), "n2": f"{rng.randint(1, 95)},{rng.randint(100, 999)}",
        "small": str(rng.randint(3, 60)), "surname": rng.choice(SURNAMES),
        "year": str(year), "year2": str(year + rng.randint(1, 3)), "month": rng.choice(MONTHS),
        "day": rng.choice(WEEKDAYS),
    }


STOCK = tuple(t for t in TEMPLATES if "{" not in t)  # sentences any report may carry
SLOTTED = tuple(t for t in TEMPLATES if "{" in t)


def _generated_text(rng: random.Random, cast: dict, sentences: int) -> tuple[str, list[str]]:
    # A distinct article is mostly its own content: at most a quarter stock sentences.
    stock = rng.randint(0, max(1, sentences // 4))
    chosen = rng.sample(SLOTTED, sentences - stock) + rng.sample(STOCK, stock)
    rng.shuffle(chosen)
    filled = [t.format(**cast) for t in chosen]
    paragraphs, i = [], 0
    while i < len(filled):
        k = rng.choice((1, 2, 2, 3))
        paragraphs.append(" ".join(filled[i:i + k]))
        i += k
    return rng.choice(TITLES).format(**cast), paragraphs


def _meta(rng: random.Random, slug: str) -> dict:
    outlet = rng.choice(OUTLETS)
    host = outlet.lower().replace(" ", "") + ".example"
    date = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
    return {"outlet": outlet, "url": f"https://{host}/{date.year}/{slug}", "date": date}


def make_article(aid: str, title: str, paragraphs: list[str], outlet: str | None = None, url: str | None = None,
                 date: dt.date | None = None, declared: str | None = None) -> Article:
    def f(value):
        return Field(value, FRONT_MATTER) if value else Field()
    return Article(id=aid, path=f"{aid}.txt", format="txt", paragraphs=list(paragraphs), title=f(title),
                   outlet=f(outlet), url=f(url), date=f(date), declared_source=f(declared))


# --- copies ---------------------------------------------------------------------

def _typos(rng: random.Random, paragraphs: list[str], rate: float) -> list[str]:
    out = []
    for para in paragraphs:
        words = para.split(" ")
        for i, w in enumerate(words):
            if len(w) > 3 and rng.random() < rate:
                j = rng.randrange(1, len(w) - 2)
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:] if rng.random() < 0.6 else w[:j] + w[j + 1:]
        out.append(" ".join(words))
    return out


def _light_edits(rng: random.Random, paragraphs: list[str]) -> list[str]:
    out = []
    for para in paragraphs:
        for old, new in EDITS.items():
            if old in para and rng.random() < 0.5:
                para = para.replace(old, new, 1)
        out.append(para)
    return out


TRANSFORMS = ("typos", "boilerplate", "truncate", "extend", "reorder", "edits")


def copy_of(rng: random.Random, original: Article, aid: str, transforms: tuple[str, ...]) -> Article:
    paragraphs = list(original.paragraphs)
    meta = {"outlet": original.outlet.value, "url": original.url.value, "date": original.date.value}
    for t in transforms:
        if t == "typos":
            paragraphs = _typos(rng, paragraphs, rate=rng.uniform(0.01, 0.03))
        elif t == "edits":
            paragraphs = _light_edits(rng, paragraphs)
        elif t == "boilerplate":
            meta = _meta(rng, aid)
            top = rng.sample(BOILERPLATE_TOP, rng.randint(1, 2))
            bottom = [b.format(year=meta["date"].year, outlet=meta["outlet"])
                      for b in rng.sample(BOILERPLATE_BOTTOM, rng.randint(1, 3))]
            paragraphs = top + paragraphs + bottom
        elif t == "truncate":
            words = sum(len(p.split()) for p in paragraphs)
            keep, count = [], 0
            for p in paragraphs:  # at least 60% of the words, cut at a paragraph
                keep.append(p)
                count += len(p.split())
                if count >= words * rng.uniform(0.6, 0.8):
                    break
            paragraphs = keep
        elif t == "extend":
            _, extra = _generated_text(rng, _cast(rng), rng.randint(2, 3))
            paragraphs = paragraphs + ["Editor's note: this article was updated with additional reporting."] + extra
        elif t == "reorder":
            body = paragraphs[1:]
            rng.shuffle(body)
            paragraphs = paragraphs[:1] + body
    return make_article(aid, str(original.title.value or ""), paragraphs, meta["outlet"], meta["url"], meta["date"])


# --- the corpus -------------------------------------------------------------------

def build_corpus(distinct: int = 200, events: int = 20, copied: int = 80, seed: int = 7,
                 hand: bool = True) -> tuple[list[Article], dict[str, Truth]]:
    """Articles in a shuffled order, and the truth about each."""
    rng = random.Random(seed)
    articles: list[Article] = []
    truth: dict[str, Truth] = {}
    originals: list[Article] = []

    def add(article: Article, t: Truth) -> None:
        articles.append(article)
        truth[article.id] = t

    for i in range(distinct):
        aid = f"d{i:05d}"
        title, paragraphs = _generated_text(rng, _cast(rng), rng.randint(9, 16))
        m = _meta(rng, aid)
        add(make_article(aid, title, paragraphs, m["outlet"], m["url"], m["date"]), Truth(aid, "distinct"))
        originals.append(articles[-1])

    for e in range(events):
        event = f"e{e:04d}"
        core = _cast(rng)
        for k in range(rng.randint(2, 4)):
            aid = f"{event}r{k}"
            cast = _cast(rng)  # each report has its own sources and numbers...
            for key in ("p0", "place", "n0", "inst", "topic", "year"):  # ...around the event's core
                cast[key] = core[key]
            title, paragraphs = _generated_text(rng, cast, rng.randint(6, 14))
            m = _meta(rng, aid)
            # Reports of one event appear within days of it (the first report's date, then a
            # day later each: no more draws from rng, so the rest of the corpus is unchanged).
            first = m["date"] if k == 0 else first
            add(make_article(aid, title, paragraphs, m["outlet"], m["url"], first + dt.timedelta(days=k)),
                Truth(aid, "distinct", event))

    if hand:
        for fam in FAMILIES:
            key = fam["key"]
            o = fam["original"]
            original = make_article(f"h-{key}", o["title"], o["text"].split("\n\n"), o["outlet"], o["url"],
                                    dt.date.fromisoformat(o["date"]))
            add(original, Truth(original.id, "original", key))
            originals.append(original)
            for j, r in enumerate(fam["rewrites"]):
                declared = None
                if r.get("declares"):
                    declared = o["url"].split("/")[2] if j % 2 else o["outlet"]
                add(make_article(f"h-{key}-rw{j}", r["title"], r["text"].split("\n\n"), r["outlet"], r["url"],
                                 dt.date.fromisoformat(r["date"]), declared),
                    Truth(original.id, "rewrite", key))
            for j, r in enumerate(fam["independent"]):
                aid = f"h-{key}-ind{j}"
                add(make_article(aid, r["title"], r["text"].split("\n\n"), r["outlet"], r["url"],
                                 dt.date.fromisoformat(r["date"])), Truth(aid, "independent", key))

    for n, original in enumerate(rng.sample(originals, min(copied, len(originals)))):
        for c in range(rng.choice((1, 1, 2))):
            transforms = tuple(rng.sample(TRANSFORMS, rng.choice((1, 1, 2, 3))))
            aid = f"c{n:05d}-{c}"
            add(copy_of(rng, original, aid, transforms),
                Truth(truth[original.id].family, "copy", truth[original.id].event, "+".join(transforms)))

    rng.shuffle(articles)
    return articles, truth


@dataclass
class Scores:
    merges: int
    false_merges: list[tuple[str, str]]
    recall: dict[str, float]  # kind -> share of articles of that kind merged with their original
    missed: dict[str, list[str]]

    @property
    def precision(self) -> float:
        return 1 - len(self.false_merges) / self.merges if self.merges else 1.0


def score(merged: dict[str, str], truth: dict[str, Truth]) -> Scores:
    """Compare merge decisions with the truth: a merge is right when both articles are
    of one family; a copy or rewrite is found when it ends up with its original."""
    def root(aid: str) -> str:
        return merged.get(aid, aid)

    false = [(a, b) for a, b in merged.items() if truth[a].family != truth[b].family]
    recall, missed = {}, {}
    for kind in ("copy", "rewrite"):
        members = [a for a, t in truth.items() if t.kind == kind]
        found = [a for a in members if root(a) == root(truth[a].family)]
        recall[kind] = len(found) / len(members) if members else 1.0
        missed[kind] = sorted(set(members) - set(found))
    return Scores(len(merged), false, recall, missed)
