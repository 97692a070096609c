"""The benchmark: our build against the rendering floor and against Pandoc, in one run.

    python bench/run.py                    # sizes 50, 200, 1000; 3 runs each
    python bench/run.py --sizes 200 --runs 3
    python bench/run.py --large 20000      # ingest, dedup, chapters, glossary only

Per size, on a corpus from bench/corpus.py, every run measures (each in a fresh process,
wall time and the peak memory of the whole process tree):
  build      a cold `dossier build` (empty cache, which it fills) writing PDF, EPUB, HTML
  floor      WeasyPrint alone (`python -m weasyprint`) on the HTML that build laid out
             (dossier.html as the PDF renderer hands it over); floor_ua the same
             writing PDF/UA-1 as the build does
  pandoc     `pandoc --pdf-engine=weasyprint` (PDF) plus `pandoc` (EPUB) on the same
             article files (the .html ones converted by pandoc first, timed with it)
  rebuild    `dossier build` after a config-only change (chapters reordered, one renamed)
  plan       `dossier plan` with the cache warm; `--no-cache` too up to 200 articles
             (above, a cold plan costs what the build's stages before rendering cost)
Medians over the runs go to build/bench.json, with the ratios the targets are about.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402

PY = sys.executable
BIN = Path(PY).parent


def _tree(root_pid: int) -> list[int]:
    """The process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    stat = fh.read()
                ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB. PSS shares pages between processes, so summing it over a tree
    of forked processes does not count the same memory twice."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def measure(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Run `cmd`; wall and CPU seconds (user + system, all its processes) and the peak RSS and PSS (MB) summed over its process tree."""
    peak = {"rss": 0, "pss": 0}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample():
        while not done.is_set():
            total_rss = total_pss = 0
            for pid in _tree(proc.pid):
                rss, pss = _memory(pid)
                total_rss += rss
                total_pss += pss
            peak["rss"] = max(peak["rss"], total_rss)
            peak["pss"] = max(peak["pss"], total_pss)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mb": round(peak["rss"] / 1024),
            "peak_pss_mb": round(peak["pss"] / 1024), "stdout": out.decode()}


def dossier_cmd(*args) -> list[str]:
    return [PY, "-m", "dossier", *args]


def pandoc_inputs(seeds: Path, work: Path) -> tuple[list[str], list[Path]]:
    """Pandoc reads one input format per call: .txt and .md as Markdown; the .html pages
    are converted to Markdown by pandoc first (that call is timed with the rest)."""
    files = sorted(p for p in seeds.iterdir() if p.suffix in (".txt", ".md", ".html"))
    pages = [p for p in files if p.suffix == ".html"]
    convert = [["pandoc", "-f", "html", "-t", "markdown", "-o", str(work / "pages.md"), *map(str, pages)]] if pages else []
    texts = [p for p in files if p.suffix != ".html"] + ([work / "pages.md"] if pages else [])
    return convert, texts


def run_pandoc(seeds: Path, work: Path, title: str) -> dict:
    if not shutil.which("pandoc"):
        return {"skipped": "pandoc not found (apt-get install pandoc)"}
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")  # its weasyprint: ours
    convert, texts = pandoc_inputs(seeds, work)
    common = ["pandoc", "-f", "markdown", "-s", "--toc", "--metadata", f"title={title}", *map(str, texts)]
    converted = [measure(c, env=env) for c in convert]
    seconds_convert = sum(c["seconds"] for c in converted)
    # cwd: pandoc writes its intermediate HTML into the current folder
    pdf = measure([*common, "--pdf-engine=weasyprint", "-o", str(work / "pandoc.pdf")], cwd=work, env=env)
    epub = measure([*common, "-o", str(work / "pandoc.epub")], env=env)
    return {"convert_html": round(seconds_convert, 2), "pdf": pdf["seconds"], "epub": epub["seconds"],
            "total": round(seconds_convert + pdf["seconds"] + epub["seconds"], 2),
            "cpu_total": round(sum(c["cpu_seconds"] for c in converted) + pdf["cpu_seconds"] + epub["cpu_seconds"], 2),
            "peak_rss_mb": max(pdf["peak_rss_mb"], epub["peak_rss_mb"]), "pages": pdf_pages(work / "pandoc.pdf")}


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader

        return len(PdfReader(str(path)).pages)
    except Exception:
        return None


def one_run(size: int, project: Path, work: Path, with_pandoc: bool, plan_cold: bool) -> dict:
    config, renamed = project / "config.yaml", project / "config-renamed.yaml"
    out = project / "build"
    shutil.rmtree(out, ignore_errors=True)
    row: dict = {}

    # A cold build: empty cache (it fills it, as a first build does).
    build = measure(dossier_cmd("build", "--config", str(config), "-q"))
    report = json.loads((out / "report.json").read_text("utf-8"))
    row["build"] = {k: build[k] for k in ("seconds", "cpu_seconds", "peak_rss_mb", "peak_pss_mb")}
    row["stages"] = report["seconds"]
    row["pages"] = report["pages"]

    # The floor: WeasyPrint alone on the very HTML this build laid out: dossier.html as
    # the PDF renderer hands it to WeasyPrint (cross-reference numbers as placeholders,
    # render/pagerefs.py). Plain, and with the build's own PDF/UA-1 tagging.
    from dossier.render.pagerefs import print_source

    source, _ = print_source((out / "dossier.html").read_text("utf-8"))
    (work / "floor.html").write_text(source, "utf-8")
    for name, extra in (("floor", []), ("floor_ua", ["--pdf-variant", "pdf/ua-1"])):
        floor = measure([PY, "-m", "weasyprint", "--base-url", str(ROOT / "dossier"), *extra,
                         str(work / "floor.html"), str(work / f"{name}.pdf")])
        row[name] = {k: floor[k] for k in ("seconds", "cpu_seconds", "peak_rss_mb", "peak_pss_mb")}
        row[name]["pages"] = pdf_pages(work / f"{name}.pdf")

    if with_pandoc:
        row["pandoc"] = run_pandoc(project / "seeds", work, "Synthetic benchmark dossier")

    # The edit–rebuild loop: a config-only change (chapters reordered, one renamed).
    rebuild = measure(dossier_cmd("build", "--config", str(renamed), "-q"))
    row["rebuild"] = rebuild["seconds"]
    row["rebuild_peak_pss_mb"] = rebuild["peak_pss_mb"]
    row["rebuild_stages"] = json.loads((out / "report.json").read_text("utf-8"))["seconds"]
    # A build that keeps no cache: its parts are not one per chapter but as many as keep
    # the workers busiest (render/parts.py).
    uncached = measure(dossier_cmd("build", "--config", str(config), "-q", "--no-cache"))
    row["build_no_cache"] = {k: uncached[k] for k in ("seconds", "cpu_seconds", "peak_rss_mb", "peak_pss_mb")}
    row["plan_warm"] = measure(dossier_cmd("plan", "--config", str(config)))["seconds"]
    if plan_cold:
        row["plan_cold"] = measure(dossier_cmd("plan", "--config", str(config), "--no-cache"))["seconds"]
    return row


def median_of(rows: list[dict], path: tuple) -> float | None:
    values = []
    for row in rows:
        v = row
        for p in path:
            v = v.get(p) if isinstance(v, dict) else None
        if isinstance(v, (int, float)):
            values.append(v)
    return round(statistics.median(values), 2) if values else None


def summarise(rows: list[dict]) -> dict:
    m = lambda *p: median_of(rows, p)
    stages = sorted({k for r in rows for k in r["stages"]})
    summary = {
        "build_s": m("build", "seconds"), "floor_s": m("floor", "seconds"),
        "floor_ua_s": m("floor_ua", "seconds"), "floor_ua_cpu_s": m("floor_ua", "cpu_seconds"),
        "build_cpu_s": m("build", "cpu_seconds"), "floor_cpu_s": m("floor", "cpu_seconds"),
        "pandoc_cpu_s": m("pandoc", "cpu_total"),
        "pandoc_pdf_s": m("pandoc", "pdf"), "pandoc_epub_s": m("pandoc", "epub"),
        "pandoc_total_s": m("pandoc", "total"), "pandoc_pages": m("pandoc", "pages"),
        "peak_rss_mb": m("build", "peak_rss_mb"), "peak_pss_mb": m("build", "peak_pss_mb"),
        "floor_peak_rss_mb": m("floor", "peak_rss_mb"), "pages": m("pages",),
        "rebuild_s": m("rebuild",),
        "no_cache_s": m("build_no_cache", "seconds"), "no_cache_peak_pss_mb": m("build_no_cache", "peak_pss_mb"),
        "rebuild_peak_pss_mb": m("rebuild_peak_pss_mb",),
        "plan_warm_s": m("plan_warm",), "plan_cold_s": m("plan_cold",),
        "load_before": m("load_before",),
        "stages_s": {s: m("stages", s) for s in stages},
        "rebuild_stages_s": {s: m("rebuild_stages", s) for s in sorted({k for r in rows for k in r["rebuild_stages"]})},
    }
    ratio = lambda a, b: round(summary[a] / summary[b], 3) if summary.get(a) and summary.get(b) else None
    summary["ratios"] = {
        "build_vs_floor": ratio("build_s", "floor_s"),  # target ≤ 1.10 at 1,000
        "build_vs_floor_ua": ratio("build_s", "floor_ua_s"),  # the same, floor writing PDF/UA-1 too
        "build_vs_pandoc": ratio("build_s", "pandoc_total_s"),  # target ≤ 0.85
        "rebuild_vs_cold": ratio("rebuild_s", "build_s"),  # target ≤ 0.5
        # CPU time is less disturbed by other work on the machine than wall time
        "build_vs_floor_cpu": ratio("build_cpu_s", "floor_cpu_s"),
        "build_vs_pandoc_cpu": ratio("build_cpu_s", "pandoc_cpu_s"),
    }
    return summary


def bench_size(size: int, runs: int, base: Path, with_pandoc: bool) -> dict:
    project = base / f"corpus-{size}"
    counts = corpus.generate(size, project)
    (project / "config-renamed.yaml").write_text(
        corpus.config_text(order=list(reversed(range(len(corpus.TOPICS)))), rename=" (renamed)"), "utf-8")
    work = base / f"work-{size}"
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(runs):
        load = os.getloadavg()[0]
        row = one_run(size, project, work, with_pandoc, plan_cold=size <= 200)
        row["load_before"] = round(load, 2)
        rows.append(row)
        print(f"  {size} articles, run {i + 1}/{runs}: build {row['build']['seconds']} s, "
              f"floor {row['floor']['seconds']} s, pandoc {row.get('pandoc', {}).get('total', '-')} s, "
              f"rebuild {row['rebuild']} s, --no-cache {row['build_no_cache']['seconds']} s "
              f"({row['build_no_cache']['peak_pss_mb']} MB), plan {row['plan_warm']} s "
              f"(load {load:.1f})", flush=True)
    return {"corpus": counts, "runs": rows, "median": summarise(rows)}


LARGE_SCRIPT = """
import json, sys, time
import dossier
from dossier import pipeline
config = dossier.load_config(sys.argv[1])
timer = pipeline._Timer()
start = time.perf_counter()
d = pipeline.prepare(config, timer)
print(json.dumps({"seconds": timer.seconds, "total": round(time.perf_counter() - start, 2),
                  "kept": len(d.articles), "read": d.articles_read, "glossary": len(d.glossary)}))
"""


def bench_large(size: int, base: Path) -> dict:
    """Ingest, dedup, chapters and glossary (no rendering) on `size` short articles."""
    project = base / f"corpus-{size}"
    counts = corpus.generate(size, project, mean_words=300)
    result = measure([PY, "-c", LARGE_SCRIPT, str(project / "config.yaml")])
    data = json.loads(result["stdout"])
    return {"corpus": counts, "wall_s": result["seconds"], "cpu_s": result["cpu_seconds"],
            "peak_rss_mb": result["peak_rss_mb"], "peak_pss_mb": result["peak_pss_mb"],
            "stages_s": data["seconds"], "stages_total_s": data["total"], "kept": data["kept"],
            "read": data["read"], "glossary_terms": data["glossary"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="dossier benchmark")
    parser.add_argument("--sizes", default="50,200,1000", help="comma-separated article counts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", type=int, help="run the no-rendering benchmark on this many articles instead")
    parser.add_argument("--no-pandoc", action="store_true", help="skip the Pandoc comparison")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench.json")
    args = parser.parse_args(argv)
    base = ROOT / "build" / "bench"
    base.mkdir(parents=True, exist_ok=True)
    previous = json.loads(args.out.read_text("utf-8")) if args.out.is_file() else {}
    results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())},
               "sizes": previous.get("sizes", {}), "large": previous.get("large")}
    with_pandoc = not args.no_pandoc
    if with_pandoc and not shutil.which("pandoc"):
        print("note: pandoc not found, Pandoc comparison skipped (apt-get install pandoc)")
        with_pandoc = False
    if args.large:
        print(f"ingest + dedup + chapters + glossary on {args.large} articles…", flush=True)
        results["large"] = bench_large(args.large, base)
        r = results["large"]
        print(f"{args.large} articles: {r['stages_total_s']} s in stages ({r['wall_s']} s wall with start-up, "
              f"{r['cpu_s']} CPU s), peak {r['peak_rss_mb']} MB RSS; stages {r['stages_s']}")
    else:
        for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
            print(f"{size} articles, {args.runs} runs…", flush=True)
            results["sizes"][str(size)] = bench_size(size, args.runs, base, with_pandoc)
            _write(args.out, results)  # each size as soon as it is done: a long run can be stopped
        print(table(results["sizes"]))
    _write(args.out, results)
    print(f"wrote {args.out}")
    return 0


def _write(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", "utf-8")


def table(sizes: dict) -> str:
    # Peak memory both ways: RSS summed over the process tree counts the pages forked
    # processes share once per process; PSS shares them out (the memory really held).
    head = ("articles", "pages", "build s", "floor s", "×floor", "pandoc s", "×pandoc", "peak PSS MB", "peak RSS MB",
            "rebuild s", "×build", "--no-cache s", "its PSS MB", "plan s")
    lines = [" | ".join(head)]
    for size, data in sorted(sizes.items(), key=lambda kv: int(kv[0])):
        s = data["median"]
        r = s["ratios"]
        lines.append(" | ".join(str(x) for x in (
            size, s["pages"], s["build_s"], s["floor_s"], r["build_vs_floor"], s["pandoc_total_s"],
            r["build_vs_pandoc"], s["peak_pss_mb"], s["peak_rss_mb"], s["rebuild_s"], r["rebuild_vs_cold"],
            s.get("no_cache_s"), s.get("no_cache_peak_pss_mb"), s["plan_warm_s"])))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
