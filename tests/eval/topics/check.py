#!/usr/bin/env python3
"""Consistency checker for the topic evaluation corpora in this folder.

Usage:  /tmp/venv0/bin/python check.py [topic ...]

For every topic folder (a subfolder holding config.yaml) it checks:
  * config.yaml has exactly the expected keys, chapters have id/title/
    description/keywords (5-12 plain strings), ids are unique;
  * every article in seeds/ has a label in expected.yaml and vice versa;
  * every expected chapter id exists in the config (or is the `unplaced` id);
  * articles: .txt/.md only, 150-600 words, start with a title line
    (.md: YAML front matter with title/outlet/author/date/url, then "# title");
  * every glossary term, acronym and variant occurs in at least one article
    (exact, case-sensitive, on word boundaries, so "Anders Holm" does not
    count as found inside "Anders Holmberg");
  * every name in `distinct` occurs, is a term/variant of some entry, and the
    two names of a pair are not in the same entry;
  * every parenthesised expression in the articles, e.g. "(UPR)" or
    "(Sámediggi)", is listed as an acronym or variant of some entry;
  * no variant string is listed under two entries (warning only if both
    entries share that string as their `acronym`, e.g. two different "MSC").
Exits with status 1 if any error is found.
"""
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG_KEYS = {"title", "subtitle", "organisation", "language", "chapters", "unplaced"}
CHAPTER_KEYS = {"id", "title", "description", "keywords"}
FRONT_MATTER_KEYS = {"title", "outlet", "author", "date", "url"}
ENTRY_KEYS = {"term", "kind", "acronym", "variants"}
KINDS = {"acronym", "organisation", "person"}
ARTICLE_EXTS = {".txt", ".md"}


def occurs(needle, text):
    """Exact, case-sensitive occurrence on word boundaries."""
    pat = r"(?<![\w])" + re.escape(needle) + r"(?![\w])"
    return re.search(pat, text) is not None


def split_front_matter(raw):
    if not raw.startswith("---\n"):
        return None, raw
    end = raw.find("\n---\n", 4)
    if end < 0:
        return None, raw
    return yaml.safe_load(raw[4:end]), raw[end + 5:]


def check_topic(topic_dir):
    errors, warnings, info = [], [], []
    name = os.path.basename(topic_dir)
    err = lambda m: errors.append(f"[{name}] {m}")
    warn = lambda m: warnings.append(f"[{name}] {m}")

    # ---------------- config ----------------
    with open(os.path.join(topic_dir, "config.yaml"), encoding="utf-8") as fh:
        cfg = yaml.safe_load(fh)
    if set(cfg) != CONFIG_KEYS:
        err(f"config keys {sorted(cfg)} != {sorted(CONFIG_KEYS)}")
    chapter_ids = []
    for ch in cfg.get("chapters") or []:
        if set(ch) != CHAPTER_KEYS:
            err(f"chapter {ch.get('id')}: keys {sorted(ch)} != {sorted(CHAPTER_KEYS)}")
        kw = ch.get("keywords")
        if not isinstance(kw, list) or not all(isinstance(k, str) for k in kw):
            err(f"chapter {ch.get('id')}: keywords must be a plain list of strings")
        elif not 5 <= len(kw) <= 12:
            err(f"chapter {ch.get('id')}: {len(kw)} keywords (want 5-12)")
        chapter_ids.append(ch.get("id"))
    if len(set(chapter_ids)) != len(chapter_ids):
        err("duplicate chapter ids in config")
    unplaced = cfg.get("unplaced")
    valid_labels = set(chapter_ids) | {unplaced}

    # ---------------- articles ----------------
    seeds = os.path.join(topic_dir, "seeds")
    texts = {}
    for fn in sorted(os.listdir(seeds)):
        path = os.path.join(seeds, fn)
        stem, ext = os.path.splitext(fn)
        if ext not in ARTICLE_EXTS:
            err(f"unexpected file in seeds/: {fn}")
            continue
        if stem in texts:
            err(f"two article files share the id {stem}")
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
        if ext == ".md":
            fm, body = split_front_matter(raw)
            if fm is None:
                err(f"{fn}: .md without YAML front matter")
                fm = {}
            elif set(fm) != FRONT_MATTER_KEYS:
                err(f"{fn}: front matter keys {sorted(fm)} != {sorted(FRONT_MATTER_KEYS)}")
            first = body.lstrip("\n").split("\n", 1)[0]
            if not first.startswith("# "):
                err(f"{fn}: body does not start with a '# ' title line")
            elif fm.get("title") and first[2:].strip() != str(fm["title"]).strip():
                warn(f"{fn}: heading differs from front matter title")
        else:
            body = raw
            lines = raw.split("\n")
            if not lines[0].strip() or len(lines) < 3 or lines[1].strip():
                err(f"{fn}: should start with a title line followed by a blank line")
        words = len(body.split())
        if not 150 <= words <= 600:
            err(f"{fn}: {words} words (want 150-600)")
        texts[stem] = raw  # search the whole file, front matter included

    # ---------------- expected ----------------
    with open(os.path.join(topic_dir, "expected.yaml"), encoding="utf-8") as fh:
        exp = yaml.safe_load(fh)
    labels = exp.get("chapters") or {}
    for aid in sorted(set(labels) - set(texts)):
        err(f"expected.yaml labels missing article {aid}")
    for aid in sorted(set(texts) - set(labels)):
        err(f"article {aid} has no label in expected.yaml")
    for aid, lab in labels.items():
        if lab not in valid_labels:
            err(f"{aid}: label {lab!r} is not a chapter id in config.yaml")

    # ---------------- glossary ----------------
    gl = exp.get("glossary") or {}
    entries = gl.get("entries") or []
    owner = {}  # string -> list of entry indexes
    all_text = "\n".join(texts.values())
    covered = set()
    terms_seen = set()
    for i, e in enumerate(entries):
        term = e.get("term")
        if set(e) - ENTRY_KEYS or not {"term", "kind"} <= set(e):
            err(f"entry {term!r}: bad keys {sorted(e)}")
        if e.get("kind") not in KINDS:
            err(f"entry {term!r}: kind {e.get('kind')!r} not in {sorted(KINDS)}")
        if term in terms_seen:
            err(f"duplicate glossary term {term!r}")
        terms_seen.add(term)
        variants = e.get("variants") or []
        if not isinstance(variants, list):
            err(f"entry {term!r}: variants must be a list")
            variants = []
        acr = e.get("acronym")
        if acr is not None and acr not in variants:
            warn(f"entry {term!r}: acronym {acr!r} not listed among variants")
        strings = [term] + ([acr] if acr else []) + variants
        for s in dict.fromkeys(strings):
            if not isinstance(s, str) or not s:
                err(f"entry {term!r}: empty/non-string value {s!r}")
                continue
            hits = [aid for aid, t in texts.items() if occurs(s, t)]
            if not hits:
                err(f"entry {term!r}: {s!r} occurs in no article")
            covered.update(hits)
            owner.setdefault(s, []).append(i)
    for s, idxs in owner.items():
        if len(idxs) > 1:
            names = [entries[i]["term"] for i in idxs]
            if all(entries[i].get("acronym") == s for i in idxs):
                warn(f"acronym {s!r} is shared by different entries {names} (resolve by context)")
            else:
                err(f"string {s!r} listed under several entries {names}")

    for pair in gl.get("distinct") or []:
        if not (isinstance(pair, list) and len(pair) == 2):
            err(f"distinct entry {pair!r} is not a pair")
            continue
        for n in pair:
            if not occurs(n, all_text):
                err(f"distinct name {n!r} occurs in no article")
            if n not in owner:
                err(f"distinct name {n!r} is not a term/variant of any glossary entry")
        a, b = (set(owner.get(n, [])) for n in pair)
        if a & b:
            err(f"distinct pair {pair} is merged into one entry")

    # every parenthesised expression must be in the glossary
    for aid, t in texts.items():
        for m in re.finditer(r"\(([^()\n]{1,40})\)", t):
            inner = m.group(1).strip()
            if inner not in owner:
                err(f"{aid}: parenthesised {inner!r} is not an acronym/variant of any entry")

    dist = {}
    for lab in labels.values():
        dist[lab] = dist.get(lab, 0) + 1
    info.append(f"[{name}] {len(texts)} articles; chapters {dict(sorted(dist.items()))}; "
                f"{len(entries)} glossary entries "
                f"({sum(e.get('kind') == 'person' for e in entries)} people), "
                f"{len(gl.get('distinct') or [])} distinct pairs; "
                f"glossary strings found in {len(covered)}/{len(texts)} articles")
    return errors, warnings, info, len(covered)


def main(argv):
    topics = argv or sorted(d for d in os.listdir(HERE)
                            if os.path.isfile(os.path.join(HERE, d, "config.yaml")))
    all_err, total_cov = [], 0
    for t in topics:
        e, w, i, cov = check_topic(os.path.join(HERE, t))
        all_err += e
        total_cov += cov
        for line in i + [f"WARNING {x}" for x in w] + [f"ERROR {x}" for x in e]:
            print(line)
    if total_cov < 20:
        all_err.append(f"glossary covers only {total_cov} articles in total (want >= 20)")
        print(f"ERROR {all_err[-1]}")
    print(f"glossary coverage across topics: {total_cov} articles")
    print("OK" if not all_err else f"FAILED with {len(all_err)} error(s)")
    return 1 if all_err else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
