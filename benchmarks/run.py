"""Run every benchmark of issue #8 in one go and write benchmarks/results.json (`make bench`).

    python -m benchmarks [--big-scale 100] [--repeat 5] [--skip-postgres] [--rebuild]

Figures, each a ratio of two times measured in this same run (medians; see docs/performance.md):
  (a) `portfolio import-plan` of a 20,000-row workbook / `pandas.read_excel(engine="calamine")` of it,
      whole processes, goal <= 1.5
  (b) each page's script run (AppTest) at the big scale / at scale 1, goal <= 3
  (c) the overview's script run at scale 1 / a minimal page drawing one Plotly chart from a CSV, goal <= 2
  (d) snapshot export at scale 1 (freeze, xlsx, pptx), seconds
  (e) each page's warm rerun at scale 1 (data and figures cached) / the minimal page, goal <= 3
  (f) PostgreSQL only: 30 browser sessions at once on the two-process service behind nginx (deploy/), each
      changing a filter every 1-3 s for --duration seconds: the 95th percentile of a rerun / the 95th percentile
      of one session alone (before and after), goal <= 3; no error, no session mixed up. The sessions speak the
      browser's protocol (benchmarks/streamlit_client.py), so the service has the machine's cores; the same run
      with 30 Chromium pages on those cores is reported beside it (f_sessions_chromium, no goal)
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import stores
from benchmarks.pages import PAGES
from benchmarks.workbook import write_plan

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results.json"
GOALS = {"a": 1.5, "b": 3.0, "c": 2.0, "e": 3.0, "f": 3.0}
PANDAS_READ = "import sys, pandas; pandas.read_excel(sys.argv[1], engine='calamine', sheet_name=None)"


def say(message: str) -> None:
    print(message, flush=True)


def machine() -> dict:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
        memory_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                             if line.startswith("MemTotal")))
    except (OSError, StopIteration, ValueError):
        memory_kb = 0
    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gib": round(memory_kb / 1024**2, 1),
            "os": platform.platform(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def _run(args: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(args, cwd=REPO, env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, check=False, timeout=1800)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}{done.stdout[-2000:]}")
    return elapsed


def bench_import(fresh_url, repeat: int) -> dict:  # type: ignore[no-untyped-def]
    """(a): each import into a store of its own that holds nothing but the reference data."""
    path = stores.WORK / "plan-20000.xlsx"
    if not path.exists():
        write_plan(path)
    imports, reads = [], []
    for attempt in range(repeat + 1):
        url = fresh_url(f"import_{attempt}")
        took = _run([sys.executable, "-m", "portfolio", "import-plan", str(path)],
                    {"DATABASE_URL": url, "PORTFOLIO_USER": "admin"})
        read = _run([sys.executable, "-c", PANDAS_READ, str(path)])
        if attempt:  # the first pair warms the file cache
            imports.append(took)
            reads.append(read)
    ratio = statistics.median(imports) / statistics.median(reads)
    return {"import_plan_s": statistics.median(imports), "read_excel_s": statistics.median(reads),
            "import_runs": imports, "read_runs": reads, "ratio": ratio, "goal": GOALS["a"],
            "pass": ratio <= GOALS["a"], "rows": 20_000}


def page_times(url: str, repeat: int) -> dict:
    done = subprocess.run([sys.executable, "-m", "benchmarks.pages", url, "--repeat", str(repeat)], cwd=REPO,
                          capture_output=True, text=True, check=False, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"page timing failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def bench_pages(small: dict, big: dict, big_scale: int) -> dict:
    """(b): per page, the big store's median run over scale 1's."""
    out = {}
    for page in PAGES:
        one, many = small[page], big[page]
        ratio = many["median"] / one["median"] if one["median"] and many["median"] else None
        warm = many.get("warm_median") / one["warm_median"] if one.get("warm_median") and many.get("warm_median") \
            else None
        out[page] = {"scale_1_s": one["median"], f"scale_{big_scale}_s": many["median"], "ratio": ratio,
                     "goal": GOALS["b"], "pass": ratio is not None and ratio <= GOALS["b"],
                     "warm_scale_1_s": one.get("warm_median"), f"warm_scale_{big_scale}_s": many.get("warm_median"),
                     "warm_ratio": warm, "errors": [e for e in (one["error"], many["error"]) if e]}
    return out


def bench_overview(small: dict, minimal: dict) -> dict:
    ratio = small["overview"]["median"] / minimal["minimal"]["median"]
    warm = small["overview"]["warm_median"] / minimal["minimal"]["median"]
    return {"overview_scale_1_s": small["overview"]["median"], "minimal_page_s": minimal["minimal"]["median"],
            "ratio": ratio, "goal": GOALS["c"], "pass": ratio <= GOALS["c"],
            "warm_overview_scale_1_s": small["overview"]["warm_median"], "warm_ratio": warm,
            "warm_pass": warm <= GOALS["c"]}


def bench_warm(small: dict, minimal: dict) -> dict:
    """(e) A rerun with nothing new to read (a filter changed back, a widget touched) against the one-chart page."""
    yardstick = minimal["minimal"]["median"]
    out = {}
    for page, times in small.items():
        warm = times.get("warm_median")
        ratio = warm / yardstick if warm is not None else None
        out[page] = {"warm_s": warm, "minimal_page_s": yardstick, "ratio": ratio, "goal": GOALS["e"],
                     "pass": ratio is not None and ratio <= GOALS["e"]}
    return out


def bench_sessions(url: str, sessions: int, duration: float, alone: float, what: str = "whatif-weeks",
                   client: str = "protocol") -> dict:
    """(f) in a process of its own (benchmarks/sessions.py): the service on loopback, sessions (``client``:
    protocol or chromium) changing a filter with think time for ``duration`` seconds, one alone before and after."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.sessions", url, "--sessions", str(sessions),
                           "--duration", str(duration), "--alone", str(alone), "--filter", what,
                           "--client", client], cwd=REPO,
                          capture_output=True, text=True, check=False, timeout=3600)
    if done.returncode != 0:
        return {"error": done.stderr[-2000:], "ratio": None, "goal": GOALS["f"], "pass": False}
    result = json.loads(done.stdout.splitlines()[-1])
    if not result["single_p95_s"] or not result["concurrent_p95_s"]:
        return {**result, "ratio": None, "goal": GOALS["f"], "pass": False}
    ratio = result["concurrent_p95_s"] / result["single_p95_s"]
    clean = not result["error_count"] and not result["mixup_count"]
    return {**result, "ratio": ratio, "ratio_to_single_median": result["concurrent_p95_s"] / result["single_median_s"],
            "goal": GOALS["f"], "pass": ratio <= GOALS["f"] and clean}


def bench_snapshot(url: str, repeat: int) -> dict:
    """(d): freeze a snapshot of the scale-1 store, export it as xlsx and as pptx; medians in seconds."""
    from portfolio.db import make_engine
    from portfolio.snapshots.freeze import create_snapshot
    from portfolio.snapshots.service import export_snapshot

    engine = make_engine(url)
    timings: dict[str, list[float]] = {"freeze": [], "xlsx": [], "pptx": []}
    sizes = {}
    try:
        for attempt in range(repeat + 1):
            started = time.perf_counter()
            info = create_snapshot(engine, label=f"benchmark {attempt}", actor="admin")
            frozen = time.perf_counter() - started
            if attempt:
                timings["freeze"].append(frozen)
            for fmt in ("xlsx", "pptx"):
                started = time.perf_counter()
                exported = export_snapshot(engine, info.id, fmt, actor="admin")
                if attempt:
                    timings[fmt].append(time.perf_counter() - started)
                sizes[fmt] = len(exported.data)
    finally:
        engine.dispose()
    medians = {f"{name}_s": statistics.median(values) for name, values in timings.items()}
    return {**medians, "export_xlsx_plus_pptx_s": medians["xlsx_s"] + medians["pptx_s"], "bytes": sizes}


def sqlite_copy(url: str, name: str) -> str:
    """A private copy of a SQLite store (the snapshot benchmark writes)."""
    source = sqlite3.connect(url.removeprefix("sqlite:///"))
    target_path = stores.WORK / f"{name}.db"
    for stale in stores.WORK.glob(f"{name}.db*"):
        stale.unlink()
    target = sqlite3.connect(target_path)
    source.backup(target)
    source.close()
    target.close()
    return f"sqlite:///{target_path}"


def minimal_around(measure: Callable[[], dict], repeat: int) -> tuple[dict, dict]:
    """The yardstick page of (c) timed just before and just after ``measure()``; the median of both."""
    before = page_times("minimal", repeat)["minimal"]
    measured = measure()
    after = page_times("minimal", repeat)["minimal"]
    runs = before["runs"] + after["runs"]
    return {"minimal": {"median": statistics.median(runs), "runs": runs,
                        "error": before["error"] or after["error"]}}, measured


def run_backend(name: str, small_url: str, big_url: str, fresh_url, args,  # type: ignore[no-untyped-def]
                big_scale: int) -> dict:
    say(f"[{name}] (a) import of a 20,000-row workbook vs pandas.read_excel")
    result: dict = {"big_scale": big_scale, "a_import": bench_import(fresh_url, args.repeat_import)}
    say(f"[{name}] (b, c) page script runs at scale 1, between two timings of the minimal page")
    minimal, small = minimal_around(lambda: page_times(small_url, args.repeat), args.repeat)
    say(f"[{name}] (b) page script runs at scale {big_scale}")
    big = page_times(big_url, args.repeat)
    result["b_pages"] = bench_pages(small, big, big_scale)
    result["c_overview_vs_minimal"] = bench_overview(small, minimal)
    result["e_warm_vs_minimal"] = bench_warm(small, minimal)
    say(f"[{name}] (d) snapshot freeze and export at scale 1")
    snapshot_url = sqlite_copy(small_url, "snapshot-scale1") if name == "sqlite" else small_url
    result["d_snapshot"] = bench_snapshot(snapshot_url, args.repeat_snapshot)
    if name == "postgresql" and args.sessions:
        say(f"[{name}] (f) {args.sessions} browser sessions at once on two app processes behind nginx")
        result["f_sessions"] = bench_sessions(small_url, args.sessions, args.duration, args.alone, args.filter)
        if args.chromium_sessions:
            say(f"[{name}] (f) the same with {args.sessions} Chromium pages on this machine's cores")
            result["f_sessions_chromium"] = bench_sessions(small_url, args.sessions, args.duration, args.alone,
                                                           args.filter, client="chromium")
    say(f"[{name}] (g) the meeting pack as whole CLI processes at scale 1")
    from benchmarks.pack import bench_pack

    result["e_pack"] = bench_pack(snapshot_url, args.repeat_snapshot)
    return result


def write_minimal_csv() -> None:
    """The yardstick page's data: 120 months of active citizens for five landsdele (600 rows)."""
    lines = ["month,landsdel,active_citizens"]
    for landsdel in ("Nord", "Midt", "Syd", "Hovedstaden", "Sjælland"):
        for m in range(120):
            lines.append(f"{2015 + m // 12}-{m % 12 + 1:02d}-01,{landsdel},{m * 7 + len(landsdel)}")
    stores.WORK.mkdir(parents=True, exist_ok=True)
    (stores.WORK / "minimal.csv").write_text("\n".join(lines) + "\n")


def table(results: dict) -> str:
    rows = [f"{'backend':<11}{'figure':<34}{'value':>12}{'goal':>8}  pass  (warm caches)"]
    for backend, figures in results["backends"].items():
        a = figures["a_import"]
        rows.append(f"{backend:<11}{'(a) import / read_excel':<34}{a['ratio']:>12.2f}{a['goal']:>8}  {a['pass']}")
        for page, b in figures["b_pages"].items():
            value = f"{b['ratio']:.2f}" if b["ratio"] is not None else "error"
            warm = f"{b['warm_ratio']:.2f}" if b.get("warm_ratio") is not None else "-"
            rows.append(f"{backend:<11}{'(b) ' + page + ' big / 1':<34}{value:>12}{b['goal']:>8}  {b['pass']!s:<5} "
                        f"({warm})")
        c = figures["c_overview_vs_minimal"]
        rows.append(f"{backend:<11}{'(c) overview / minimal page':<34}{c['ratio']:>12.2f}{c['goal']:>8}  "
                    f"{c['pass']!s:<5} ({c['warm_ratio']:.2f})")
        for page, e in figures.get("e_warm_vs_minimal", {}).items():
            value = f"{e['ratio']:.2f}" if e["ratio"] is not None else "error"
            rows.append(f"{backend:<11}{'(e) ' + page + ' warm / minimal':<34}{value:>12}{e['goal']:>8}  {e['pass']}")
        f = figures.get("f_sessions")
        if f:
            value = f"{f['ratio']:.2f}" if f.get("ratio") is not None else "error"
            rows.append(f"{backend:<11}{'(f) sessions p95 / one session':<34}{value:>12}{f['goal']:>8}  {f['pass']}")
        f = figures.get("f_sessions_chromium")
        if f:
            value = f"{f['ratio']:.2f}" if f.get("ratio") is not None else "error"
            rows.append(f"{backend:<11}{'(f) Chromium pages, same machine':<34}{value:>12}{'-':>8}  -")
        d = figures["d_snapshot"]
        rows.append(f"{backend:<11}{'(d) export xlsx + pptx, s':<34}{d['export_xlsx_plus_pptx_s']:>12.2f}")
        e = figures.get("e_pack", {})
        for name, goal in e.get("goals", {}).items():
            if name in e:
                rows.append(f"{backend:<11}{'(g) ' + name:<34}{e[name]:>12.2f}{goal:>8}  {e['pass'][name]}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--big-scale", type=int, default=100,
                        help="(b) SQLite's big store (generated once, then reused while nothing it depends on changes)")
    parser.add_argument("--pg-big-scale", type=int, default=10,
                        help="(b) PostgreSQL's big store, generated in every run (scale 100 takes 10-15 minutes "
                             "alone; --pg-big-scale 100 for the full figure)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page (after one warm-up)")
    parser.add_argument("--repeat-import", type=int, default=7,
                        help="timed import/read_excel pairs after a warm-up pair (the import runs two processes at "
                             "once, so other load hits it harder: take several)")
    parser.add_argument("--repeat-snapshot", type=int, default=3)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--sessions", type=int, default=30, help="browser sessions of (f); 0 leaves (f) out")
    parser.add_argument("--duration", type=float, default=60,
                        help="(f) seconds all sessions work at once (each changes a filter every 1-3 s)")
    parser.add_argument("--alone", type=float, default=20,
                        help="(f) seconds one session works alone, before and after the others")
    parser.add_argument("--no-chromium-sessions", dest="chromium_sessions", action="store_false",
                        help="(f) leave out the run with Chromium pages beside the protocol sessions")
    parser.add_argument("--filter", default="whatif-weeks", choices=("whatif-weeks", "key-milestones"),
                        help="(f) the filter each session changes (benchmarks/sessions.py)")
    parser.add_argument("--rebuild", action="store_true", help="generate the SQLite stores again")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    results: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": machine(),
                     "settings": {"big_scale": args.big_scale, "pg_big_scale": args.pg_big_scale,
                                  "repeat": args.repeat, "sessions": args.sessions, "duration": args.duration,
                                  "alone": args.alone, "filter": args.filter,
                                  "chromium_sessions": args.chromium_sessions,
                                  "repeat_import": args.repeat_import, "repeat_snapshot": args.repeat_snapshot},
                     "goals": GOALS, "generate_s": {}, "backends": {}}
    write_minimal_csv()

    say("SQLite stores")
    small_url, small_s = stores.sqlite_store(1, say, rebuild=args.rebuild)
    big_url, big_s = stores.sqlite_store(args.big_scale, say, rebuild=args.rebuild)
    results["generate_s"]["sqlite"] = {"scale_1": small_s, f"scale_{args.big_scale}": big_s}
    results["backends"]["sqlite"] = run_backend("sqlite", small_url, big_url, stores.empty_sqlite_store, args,
                                                args.big_scale)

    if not args.skip_postgres:
        say("PostgreSQL: starting a throw-away server")
        pg = stores.Postgres()
        try:
            results["machine"]["postgresql"] = pg.version()
            small_url, small_s = pg.store(1, say)
            big_url, big_s = pg.store(args.pg_big_scale, say)
            results["generate_s"]["postgresql"] = {"scale_1": small_s, f"scale_{args.pg_big_scale}": big_s}
            results["backends"]["postgresql"] = run_backend("postgresql", small_url, big_url,
                                                            lambda name: pg.fresh(f"bench_{name}"), args,
                                                            args.pg_big_scale)
        finally:
            pg.stop()

    results["total_s"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    say("\n" + table(results))
    say(f"\nwritten to {args.out} ({results['total_s']} s)")
    return 0
