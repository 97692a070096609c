"""A deterministic generator of realistic synthetic news corpora, with a matching config.

    python bench/corpus.py 1000 build/bench/corpus-1000       # articles + sources.yaml + config.yaml

What it makes, from one seed (same size and seed → byte-identical files):
  * articles on several topics, each topic with its own vocabulary, named bodies and
    acronyms defined in the text ("the Atlantic Fisheries Council (AFC)");
  * lengths drawn from a log-normal distribution (a few briefs, many mid-length reports,
    some long features), with crossheads in the longer ones;
  * page furniture around the prose: navigation bars, share and subscribe lines, a list
    of related headlines, bylines, datelines and copyright lines, varied per outlet;
  * three formats: mostly pasted text (.txt), some Markdown with front matter (.md) and
    some whole saved pages (.html);
  * a share of near-duplicates (the same story republished by another outlet with a few
    words changed) and rewrites (sentences reordered and reworded, paragraphs dropped);
  * `sources.yaml` entries for some files, and a `config.yaml` with one chapter per topic.
The words are synthetic (built from syllables), so no real article is reproduced; what
matters for speed is the shape: sizes, line counts, repetition, duplicates, vocabulary.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import math
import random
import shutil
from pathlib import Path

STOP = ("the of and to in a that for on is was with as by at from it has have be are "
        "this which their its an not but had were been also who will would said after "
        "over about into more than they he she his her while under before against").split()

TOPICS = [
    ("fisheries", "Fisheries and the sea", ["quota", "trawler", "fleet", "catch", "harbour", "vessel", "stock"],
     [("Atlantic Fisheries Council", "AFC"), ("Coastal Monitoring Service", "CMS")]),
    ("energy", "Energy and the grid", ["pipeline", "turbine", "reactor", "tariff", "grid", "refinery", "outage"],
     [("National Grid Authority", "NGA"), ("International Energy Forum", "IEF")]),
    ("courts", "Courts and rights", ["tribunal", "verdict", "appeal", "defendant", "prosecutor", "testimony", "detention"],
     [("Regional Court of Human Rights", "RCHR"), ("Public Defender Office", "PDO")]),
    ("health", "Public health", ["vaccine", "clinic", "outbreak", "hospital", "epidemic", "patients", "ward"],
     [("Ministry of Public Health", "MPH"), ("Global Vaccine Alliance", "GVA")]),
    ("elections", "Elections and parliament", ["ballot", "turnout", "candidate", "coalition", "parliament", "campaign", "vote"],
     [("Independent Electoral Commission", "IEC"), ("Parliamentary Budget Office", "PBO")]),
    ("trade", "Trade and tariffs", ["export", "tariff", "customs", "shipment", "sanctions", "embargo", "surplus"],
     [("Customs Cooperation Board", "CCB"), ("Free Trade Secretariat", "FTS")]),
]

OUTLETS = ["Harbour Daily", "The Morning Ledger", "Northern Courier", "Capital Wire", "Evening Standard Post",
           "Coastline Times", "Metro Bulletin", "The Observer Review"]
SYLLABLES = ("ka ri to mé an sel vor du lin pa gro bet chi nal or ves tam ur fen do lek mar sa ti "
             "ron bel qui zan hol pe dra mun os ter vi gal ne bor tu").split()
NAV = ["Home | World | Politics | Business | Sport | Culture", "Menu", "Search", "Sign in", "Subscribe",
       "Skip to main content", "Quick links: News Opinion Video Podcasts", "Edition: International"]
SHARE = ["Share this article", "Share on Facebook", "Share on X", "Copy link", "Print", "Font size: A A A",
         "Comments (0)", "Listen to this article"]
AFTER = ["Subscribe to our newsletter for the day's top stories.", "Most read", "Related stories",
         "Advertisement", "Follow us on social media", "Read more", "Latest news", "Trending now"]


class Words:
    """Synthetic vocabulary: a Zipf-distributed pool of invented content words."""

    def __init__(self, rng: random.Random, size: int = 6000):
        seen: set[str] = set()
        self.pool: list[str] = []
        while len(self.pool) < size:
            w = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
            if w not in seen and len(w) > 2:
                seen.add(w)
                self.pool.append(w)
        weights = [1 / (i + 1) ** 0.9 for i in range(size)]
        total = sum(weights)
        self.cum = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cum.append(acc)

    def pick(self, rng: random.Random) -> str:
        import bisect

        return self.pool[min(bisect.bisect_left(self.cum, rng.random()), len(self.pool) - 1)]


def name(rng: random.Random) -> str:
    part = lambda: "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
    return f"{part()} {part()}"


def sentence(rng: random.Random, words: Words, topic, people: list[str], first_use: set[str]) -> str:
    n = rng.randint(12, 32)
    out = []
    for i in range(n):
        r = rng.random()
        if r < 0.42:
            out.append(rng.choice(STOP))
        elif r < 0.52:
            out.append(rng.choice(topic[2]))
        else:
            out.append(words.pick(rng))
    r = rng.random()
    if r < 0.12:
        full, short = rng.choice(topic[3])
        if short not in first_use:  # the acronym is defined at its first use in the article
            first_use.add(short)
            out.insert(rng.randint(1, len(out) - 1), f"the {full} ({short})")
        else:
            out.insert(rng.randint(1, len(out) - 1), f"the {short}")
    elif r < 0.25:
        out.insert(rng.randint(1, len(out) - 1), rng.choice(people))
    if rng.random() < 0.05:
        out.insert(rng.randint(1, len(out) - 1), str(rng.randint(2, 99000)))
    text = " ".join(out)
    text = text[0].upper() + text[1:]
    if rng.random() < 0.15:
        return f"“{text},” {rng.choice(people)} said."
    return text + "."


def story(rng: random.Random, words: Words, topic, n_words: int) -> list[str]:
    """Paragraphs of prose (and crossheads in longer pieces)."""
    people = [name(rng) for _ in range(4)]
    first_use: set[str] = set()
    paragraphs: list[str] = []
    count = 0
    while count < n_words:
        para = " ".join(sentence(rng, words, topic, people, first_use) for _ in range(rng.randint(1, 4)))
        paragraphs.append(para)
        count += len(para.split())
        if n_words > 900 and rng.random() < 0.08:
            paragraphs.append(" ".join(words.pick(rng).capitalize() for _ in range(rng.randint(3, 6))))
    return paragraphs


def headline(rng: random.Random, words: Words, topic) -> str:
    parts = [rng.choice(topic[2]).capitalize()] + [words.pick(rng).capitalize() for _ in range(rng.randint(3, 7))]
    rng.shuffle(parts)
    return " ".join(parts)


def mutate(rng: random.Random, words: Words, paragraphs: list[str], rate: float) -> list[str]:
    """A republished copy: a few words changed."""
    out = []
    for p in paragraphs:
        ws = p.split()
        for i in range(len(ws)):
            if rng.random() < rate:
                ws[i] = words.pick(rng)
        out.append(" ".join(ws))
    return out


def rewrite(rng: random.Random, words: Words, paragraphs: list[str]) -> list[str]:
    """A rewrite: paragraphs dropped, sentences reordered, one word in ten replaced."""
    kept = [p for p in paragraphs if rng.random() > 0.25] or paragraphs[:1]
    out = []
    for p in kept:
        sentences = [s for s in p.replace("! ", ". ").split(". ") if s]
        rng.shuffle(sentences)
        out.append(". ".join(sentences).rstrip(".") + ".")
    return mutate(rng, words, out, 0.1)


def wrap_txt(rng, meta, paragraphs) -> str:
    top = rng.sample(NAV, rng.randint(2, 5)) + [meta["title"], ""]
    if rng.random() < 0.7:
        top.append(f"By {meta['author']}")
    if rng.random() < 0.7:
        top.append(meta["date"].strftime(rng.choice(["%Y.%m.%d. %H:%M", "%d %B %Y", "%B %d, %Y"])))
    top += rng.sample(SHARE, rng.randint(1, 4))
    related = [f"{meta['related'][i]}" for i in range(rng.randint(0, 4))]
    bottom = rng.sample(AFTER, rng.randint(1, 3)) + related
    if rng.random() < 0.6:
        bottom.append(f"© {meta['date'].year} {meta['outlet']}. All rights reserved.")
    return "\n".join(top) + "\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(bottom) + "\n"


def wrap_md(rng, meta, paragraphs) -> str:
    front = [f"title: {json.dumps(meta['title'])}", f"outlet: {json.dumps(meta['outlet'])}",
             f"date: {meta['date'].isoformat()}"]
    if rng.random() < 0.5:
        front.append(f"author: {json.dumps(meta['author'])}")
    body = []
    for p in paragraphs:
        body.append(f"## {p}" if len(p.split()) <= 6 else p)
    return "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(body) + "\n"


def wrap_html(rng, meta, paragraphs) -> str:
    e = html.escape
    nav = "".join(f"<li><a href='/s/{i}'>{e(n)}</a></li>" for i, n in enumerate(rng.sample(NAV, 4)))
    related = "".join(f"<li><a href='/a/{i}'>{e(t)}</a></li>" for i, t in enumerate(meta["related"]))
    body = "".join(f"<h2>{e(p)}</h2>" if len(p.split()) <= 6 else f"<p>{e(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{e(meta['title'])} | "
            f"{e(meta['outlet'])}</title><meta property='og:site_name' content='{e(meta['outlet'])}'>"
            f"<meta name='author' content='{e(meta['author'])}'>"
            f"<meta property='article:published_time' content='{meta['date'].isoformat()}'></head>"
            f"<body><header><nav><ul>{nav}</ul></nav></header><main><article><h1>{e(meta['title'])}</h1>"
            f"<p class='byline'>By {e(meta['author'])}</p>{body}</article>"
            f"<aside><h3>Related</h3><ul>{related}</ul></aside></main>"
            f"<footer><p>© {meta['date'].year} {e(meta['outlet'])}</p></footer></body></html>")


def generate(n: int, out: Path, seed: int = 7, mean_words: int = 850, render_config: bool = True) -> dict:
    """Write `n` articles, sources.yaml and config.yaml into `out` (emptied first)."""
    rng = random.Random(f"dossier-bench-{seed}")
    words = Words(rng)
    if out.exists():
        shutil.rmtree(out)
    seeds = out / "seeds"
    seeds.mkdir(parents=True)
    originals: list[tuple[dict, list[str]]] = []
    sources: dict[str, dict] = {}
    kinds = {"original": 0, "copy": 0, "rewrite": 0}
    sigma = 0.6
    mu = math.log(mean_words) - sigma ** 2 / 2
    start = dt.date(2023, 1, 1)
    for i in range(n):
        r = rng.random()
        if originals and r < 0.08:
            kind, (base, paragraphs) = "copy", rng.choice(originals)
            paragraphs = mutate(rng, words, paragraphs, 0.02)
        elif originals and r < 0.13:
            kind, (base, paragraphs) = "rewrite", rng.choice(originals)
            paragraphs = rewrite(rng, words, paragraphs)
        else:
            kind, base = "original", None
            topic = TOPICS[rng.randrange(len(TOPICS))]
            n_words = int(min(6000, max(60, rng.lognormvariate(mu, sigma))))
            paragraphs = story(rng, words, topic, n_words)
        kinds[kind] += 1
        topic = base["topic"] if base else topic
        meta = {
            "topic": topic, "title": base["title"] if kind == "copy" else headline(rng, words, topic),
            "outlet": rng.choice(OUTLETS), "author": name(rng),
            "date": (base["date"] if base else start) + dt.timedelta(days=rng.randint(0, 700 if not base else 3)),
            "related": [headline(rng, words, TOPICS[rng.randrange(len(TOPICS))]) for _ in range(4)],
        }
        if kind == "original":
            originals.append((meta, paragraphs))
        fmt = rng.choices(["txt", "md", "html"], weights=[80, 10, 10])[0]
        file_name = f"{i:05d}_{topic[0]}.{fmt}"
        wrap = {"txt": wrap_txt, "md": wrap_md, "html": wrap_html}[fmt]
        (seeds / file_name).write_text(wrap(rng, meta, paragraphs), "utf-8")
        if fmt == "txt" and rng.random() < 0.1:
            sources[file_name] = {"outlet": meta["outlet"]}
    lines = ["# What a person wrote down about some of the articles."]
    for file_name, entry in sources.items():
        lines.append(f"{file_name}:")
        lines += [f"  {k}: {json.dumps(v)}" for k, v in entry.items()]
    (seeds / "sources.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    if render_config:
        (out / "config.yaml").write_text(config_text(), "utf-8")
    return {"articles": n, **kinds}


def config_text(order: list[int] | None = None, rename: str = "") -> str:
    """The config of the corpus: one chapter per topic, keyword weights, two glossary terms.
    `order` and `rename` make the config-only variants the rebuild benchmark uses."""
    order = order if order is not None else list(range(len(TOPICS)))
    lines = ["title: \"Synthetic benchmark dossier\"", "subtitle: \"Generated by bench/corpus.py\"",
             "organisation: \"Benchmark desk\"", "date: 2025-01-01", "seeds: seeds", "output: build",
             "chapters:"]
    for n, i in enumerate(order):
        key, title, vocab, bodies = TOPICS[i]
        lines += [f"  - id: {key}", f"    title: \"{title}{rename if n == 0 else ''}\"",
                  f"    description: \"Reports about {' and '.join(vocab[:3])}.\"", "    keywords:"]
        lines += [f"      {w}: {2 if j < 3 else 1}" for j, w in enumerate(vocab)]
        lines += [f"      {full.lower()}: 2" for full, _ in bodies]
    lines += ["glossary:", "  terms:"]
    for _, _, _, bodies in TOPICS[:2]:
        full, short = bodies[0]
        lines += [f"    - term: {full}", f"      aliases: [{short}]",
                  f"      definition: \"A body of the synthetic corpus.\""]
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="folder to write (emptied first)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mean-words", type=int, default=850)
    args = parser.parse_args(argv)
    print(json.dumps(generate(args.n, args.out, args.seed, args.mean_words)))


if __name__ == "__main__":
    main()
