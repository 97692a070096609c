"""`dossier init`: a new dossier project, with a config.yaml that explains every key.

The comments are generated from the option declarations in config.py, so the
scaffold can never document a key that does not exist or miss one that does.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

from .config import describe_options
from .errors import BuildError

EXAMPLE_CHAPTERS = """\
chapters:
  # One entry per chapter, in book order. Articles go to the chapter whose keywords,
  # title and description they match best; `dossier plan` shows where and why.
  - id: first-topic
    title: "First topic"
    description: "One or two sentences on what belongs in this chapter."
    keywords: [keyword, another keyword]
    # keywords: {keyword: 2, another keyword: 1}   # weighted form
    # intro: "Text printed at the start of the chapter."
    # include: ['regular expression']   # always place matching articles here
    # exclude: ['regular expression']   # never place matching articles here
    # articles: [article-file-stem]     # pinned, in this order
    # order: date                       # date | date-desc | relevance | manual
    # min_score: 0
"""

SOURCES_TEMPLATE = """\
# What a person wrote down about each article, keyed by file name. Only write values
# the article itself supports; what no source states is shown as "unknown".
#
# example-article.txt:
#   title: "Headline as published"
#   outlet: "Publication"
#   author: "Reporter Name"
#   date: 2024-10-28
#   url: https://example.org/article
#   language: en
#   note: "Anything the editor should know"
"""

STYLE_TEMPLATE = """\
/* {name}: project overrides, applied after dossier's own {name}.
   Empty to start with; for example:
   h1 {{ color: #203060; }} */
"""

TOP_LEVEL_EXAMPLES = {
    "title": '"Briefing dossier"', "subtitle": '""', "organisation": '""', "language": "en",
    "marking": '""', "seeds": "seeds", "output": "build", "paper": "A4", "margin": "20mm",
    "unplaced": "other", "other_title": '"Other reports"',
}


EXAMPLE_VALUES = {"date": "2024-12-01"}


def _yaml_default(value: str) -> str:
    """describe_options() gives Python reprs; the template shows YAML."""
    return {"None": "", "True": "true", "False": "false", "''": '""'}.get(value, value.strip("'"))


def _commented_section(key: str, nested: list[tuple[str, str, str]]) -> list[str]:
    """A section such as `glossary:` as commented YAML that is valid once uncommented:
    a list of mappings shows one example item."""
    lines = [f"# {key}:"]
    lists = {n.split("[].", 1)[0] for n, *_ in nested if "[]." in n}
    started: set[str] = set()
    for sub, default, doc in nested:
        value = "…" if default == "" else _yaml_default(default)
        if "[]." in sub:
            parent, leaf = sub.split("[].", 1)
            prefix = "#       " if parent in started else "#     - "
            started.add(parent)
            lines.append(f"{prefix}{leaf}: {value}    # {doc}")
        else:
            name = sub.split(".", 1)[1]
            lines.append(f"#   {name}:{'' if sub in lists else ' ' + value}    # {doc}")
    return lines


def config_template() -> str:
    """A config.yaml with every option explained in a comment."""
    lines = ["# dossier configuration. Every key is optional unless marked; run",
             "# `dossier plan` to see where each article goes and why.", ""]
    options = describe_options()
    for key, _type, default, doc in options:
        if "." in key or "[" in key:
            continue
        comment = textwrap.wrap(doc, 84)
        lines.extend(f"# {c}" for c in comment)
        if key == "chapters":
            lines.append(EXAMPLE_CHAPTERS)
            continue
        nested = [(k, d, doc2) for k, _t, d, doc2 in options if k.startswith(key + ".")]
        if nested:
            lines.extend(_commented_section(key, nested))
            lines.append("")
            continue
        example = TOP_LEVEL_EXAMPLES.get(key)
        lines.append(f"{key}: {example}" if example is not None else f"# {key}: {EXAMPLE_VALUES.get(key, '')}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def init_project(directory: Path) -> list[Path]:
    """Create config.yaml, seeds/sources.yaml and empty style overrides; never overwrite."""
    directory = Path(directory)
    files = {
        directory / "config.yaml": config_template(),
        directory / "seeds" / "sources.yaml": SOURCES_TEMPLATE,
        **{directory / "styles" / name: STYLE_TEMPLATE.format(name=name)
           for name in ("base.css", "print.css", "screen.css", "epub.css")},
    }
    existing = [p for p in files if p.exists()]
    if existing:
        raise BuildError(f"refusing to overwrite existing files: {', '.join(str(p) for p in existing)}")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return list(files)
