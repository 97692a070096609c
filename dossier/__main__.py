"""The command line: a thin layer over the library API.

Each command loads the config (with command-line overrides) and calls one library
function; everything else is presentation: progress, colours, the summary.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import signal
import sys
import threading
from pathlib import Path

from . import __version__
from .config import load_config
from .errors import ConfigError, DossierError

EXIT_CODES = """exit codes:
  0    done (warnings, if any, are printed)
  1    build error (nothing usable could be built; the previous outputs are untouched)
  2    configuration error (config.yaml, sources.yaml or front matter)
  130  interrupted (Ctrl-C)
"""

EXAMPLES = {
    "build": """examples:
  dossier build                          PDF, EPUB and HTML from config.yaml into build/
  dossier build --format pdf             only the PDF
  dossier build --format html            build/dossier.html: one self-contained file, the PDF's source
  dossier build --config other.yaml --seeds ~/clips --out /tmp/briefing --strict
""",
    "plan": """examples:
  dossier plan                           where every article goes, and why
  dossier plan --json > plan.json        the same, as data
""",
    "init": """examples:
  dossier init                           a new project in the current folder
  dossier init briefings/arctic          … or in a new folder
""",
    "serve": """examples:
  dossier serve                          preview on http://127.0.0.1:8000/, rebuilt on every change
  dossier serve --port 8080 --config other.yaml
""",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier", description="Compile a folder of news articles into a briefing PDF and EPUB.",
        epilog="Run 'dossier COMMAND --help' for a command's options and examples.\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=EXAMPLES[name] + "\n" + EXIT_CODES,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--debug", action="store_true", help="show tracebacks")
        noise = p.add_mutually_exclusive_group()
        noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
        noise.add_argument("-v", "--verbose", action="store_true", help="log every stage")
        return p

    def project(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", default="config.yaml", help="config file (default: config.yaml)")
        p.add_argument("--seeds", help="folder of articles (default: the config's 'seeds')")
        p.add_argument("--keep-boilerplate", action="store_true", help="keep page furniture (no cleaning)")
        p.add_argument("--no-cache", action="store_true",
                       help="recompute every stage; do not use or write the cache in OUT/.cache")

    b = command("build", "Build the dossier: PDF, EPUB, HTML and report.json.")
    project(b)
    b.add_argument("--out", help="output folder (default: the config's 'output')")
    b.add_argument("--format", default="all", choices=("pdf", "epub", "html", "all"), help="what to write (default: all)")
    b.add_argument("--strict", action="store_true", help="fail on warnings (skipped files, unplaced articles, …)")

    p = command("plan", "Show where every article goes and why, without rendering.")
    project(p)
    p.add_argument("--json", action="store_true", help="print the plan as JSON")

    i = command("init", "Create a new dossier project (never overwrites).")
    i.add_argument("directory", nargs="?", default=".", help="where to create it (default: here)")

    s = command("serve", "Preview in the browser; rebuilds and reloads on every change.")
    s.add_argument("--config", default="config.yaml", help="config file (default: config.yaml)")
    s.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    return parser


def _config(args):
    config = load_config(args.config, check_seeds=not args.seeds)
    if args.seeds:
        seeds = Path(args.seeds).resolve()
        if not seeds.is_dir():
            raise ConfigError(f"seeds folder not found: {seeds}", key="--seeds")
        config.seeds = str(seeds)
    if args.keep_boilerplate:
        config.clean = dataclasses.replace(config.clean, keep_boilerplate=True)
    return config


class _ProgressDisplay:
    """A rich progress bar on terminals; nothing at all otherwise."""

    def __init__(self, console):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=console, transient=True)
        self.tasks: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage not in self.tasks:
            for other in self.tasks.values():  # a new stage means the others are done
                task = self.bar.tasks[other]
                self.bar.update(other, completed=task.total or 1, total=task.total or 1)
            self.tasks[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)


def cmd_build(args, console) -> int:
    from .pipeline import build

    config = _config(args)
    formats = ("pdf", "epub", "html") if args.format == "all" else (args.format,)
    out = Path(args.out) if args.out else None
    if console.is_terminal and not args.quiet:
        display = _ProgressDisplay(console)
        with display.bar:
            result = build(config, formats=formats, out_dir=out, strict=args.strict, progress=display,
                           use_cache=not args.no_cache)
    else:
        result = build(config, formats=formats, out_dir=out, strict=args.strict, use_cache=not args.no_cache)
    if not args.quiet:
        from rich.markup import escape

        for warning in result.warnings:
            console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
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
        facts = []
        if fmt == "pdf" and result.pages:
            facts.append(f"{result.pages} pages")
        if fmt == "pdf" and result.parts_kept and result.parts_kept[0]:
            facts.append(f"{result.parts_kept[0]} of {result.parts_kept[1]} parts from the cache")
        lines.append(f"{fmt}: {path}" + (f" ({'; '.join(facts)})" if facts else ""))
    lines.append(f"done in {result.seconds.get('total', 0):.1f} s"
                 + (f" with {len(result.warnings)} warnings" if result.warnings else ""))
    return "\n".join(lines)


def cmd_plan(args, console) -> int:
    from .plan import format_plan, plan

    data = plan(_config(args), use_cache=not args.no_cache)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_plan(data), end="")
    return 0


def cmd_init(args, console) -> int:
    from .scaffold import init_project

    created = init_project(Path(args.directory))
    if not args.quiet:
        for path in created:
            print(f"created {path}")
        print("next: put articles in seeds/, edit config.yaml, run 'dossier plan' then 'dossier build'")
    return 0


def cmd_serve(args, console) -> int:
    from .serve import serve

    load_config(args.config)  # a broken config is reported before the server starts
    serve(Path(args.config), port=args.port)
    return 0


COMMANDS = {"build": cmd_build, "plan": cmd_plan, "init": cmd_init, "serve": cmd_serve}


def main(argv: list[str] | None = None) -> int:
    from rich.console import Console

    args = _parser().parse_args(argv)
    console = Console(stderr=True)  # colours only when stderr is a terminal (rich decides)
    level = logging.ERROR if args.quiet else logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr, force=True)
    for noisy in ("weasyprint", "fontTools", "trafilatura", "htmldate", "charset_normalizer", "watchfiles"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    if threading.current_thread() is threading.main_thread():
        from .pipeline import interrupt_handler

        signal.signal(signal.SIGINT, interrupt_handler)
    try:
        return COMMANDS[args.command](args, console)
    except DossierError as err:
        if args.debug:
            raise
        from rich.markup import escape

        for line in str(err).splitlines():
            console.print(f"[bold red]dossier: error:[/] {escape(line)}", highlight=False, soft_wrap=True)
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
