"""The command line: a thin layer over the library API.

Exit codes: 0 built (perhaps with warnings), 1 build error, 2 configuration error,
130 interrupted.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from pathlib import Path

from . import __version__
from .config import load_config
from .errors import DossierError

EPILOG_BUILD = """examples:
  dossier build                          build PDF and EPUB from config.yaml into build/
  dossier build --format html            write build/dossier.html only (the PDF's source)
  dossier build --config other.yaml --out /tmp/out --strict
"""
EPILOG_PLAN = """examples:
  dossier plan                           where every article goes, and why
  dossier plan --json > plan.json
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dossier", description="Compile news articles into a briefing PDF and EPUB.")
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p):
        p.add_argument("--config", default="config.yaml", help="config file (default: config.yaml)")
        p.add_argument("--seeds", help="folder of articles (default: from the config)")
        p.add_argument("--keep-boilerplate", action="store_true", help="do not remove page furniture")
        p.add_argument("--no-cache", action="store_true",
                       help="recompute every stage; do not use or write the cache in OUT/.cache")
        p.add_argument("--debug", action="store_true", help="show tracebacks")
        p.add_argument("-q", "--quiet", action="store_true", help="only errors")
        p.add_argument("-v", "--verbose", action="store_true", help="log every stage")

    b = sub.add_parser("build", help="build the dossier", epilog=EPILOG_BUILD,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    common(b)
    b.add_argument("--out", help="output folder (default: from the config)")
    b.add_argument("--format", default="all", choices=("pdf", "epub", "html", "all"), help="what to write")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = sub.add_parser("plan", help="show where every article goes, without rendering", epilog=EPILOG_PLAN,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    common(p)
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    return parser


def _config(args):
    config = load_config(args.config, check_seeds=not args.seeds)
    if args.seeds:
        config.seeds = str(Path(args.seeds).resolve())
    if args.keep_boilerplate:
        config.clean = dataclasses.replace(config.clean, keep_boilerplate=True)
    return config


def cmd_build(args) -> int:
    from .pipeline import build

    config = _config(args)
    formats = ("pdf", "epub", "html") if args.format == "all" else (args.format,)
    result = build(config, formats=formats, out_dir=Path(args.out) if args.out else None, strict=args.strict,
                   use_cache=not args.no_cache)
    for warning in result.warnings:
        logging.getLogger("dossier").warning("warning: %s", warning)
    if not args.quiet:
        print(summary(result))
    return 0


def summary(result) -> str:
    from .report import counts

    c = counts(result.dossier)
    per = ", ".join(f"{ch.title} {len(ch.articles)}" for ch in result.dossier.chapters)
    lines = [f"articles read {c['read']}: kept {c['kept']}, merged {c['merged']}, skipped {c['skipped']}",
             f"chapters: {per}",
             f"glossary terms: {c['glossary_terms']}; sources indexed: {len(result.dossier.sources)}"]
    for fmt, path in result.outputs.items():
        extra = f" ({result.pages} pages)" if fmt == "pdf" and result.pages else ""
        lines.append(f"{fmt}: {path}{extra}")
    lines.append(f"done in {result.seconds.get('total', 0):.1f} s"
                 + (f" with {len(result.warnings)} warnings" if result.warnings else ""))
    return "\n".join(lines)


def cmd_plan(args) -> int:
    from .plan import format_plan, plan

    data = plan(_config(args), use_cache=not args.no_cache)
    print(json.dumps(data, indent=2, ensure_ascii=False) if args.json else format_plan(data), end="" if not args.json else "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.ERROR if args.quiet else logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    for noisy in ("weasyprint", "fontTools", "trafilatura", "htmldate", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        return {"build": cmd_build, "plan": cmd_plan}[args.command](args)
    except DossierError as err:
        if args.debug:
            raise
        print(f"dossier: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("dossier: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # a bug: one line unless --debug
        if args.debug:
            raise
        print(f"dossier: internal error: {type(err).__name__}: {err} (run with --debug for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
