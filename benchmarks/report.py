"""The README's figures from benchmarks/results.json, as Markdown: `python -m benchmarks.report`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def _mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _sessions_cell(x: dict | None, *, goal: bool = True) -> str:
    if not x:
        return "–"
    if x.get("ratio") is None:
        return f"error: {str(x.get('error'))[-120:]}"
    mark = f" {_mark(x['pass'])}" if goal else ""
    if "error_count" not in x:  # the earlier harness's results (fixed reruns of a page switch, against the median)
        return (f"{x['ratio']:.2f} (p95 {x['concurrent_p95_s']:.2f} s / {x['single_median_s']:.2f} s; "
                f"{len(x['errors'])} errors){mark}")
    return (f"{x['ratio']:.2f} (p95 {x['concurrent_p95_s']:.3f} s / {x['single_p95_s']:.3f} s; medians "
            f"{x['concurrent_median_s']:.3f} s / {x['single_median_s']:.3f} s; {x['concurrent']['runs']} reruns; "
            f"{x['error_count']} errors, {x['mixup_count']} sessions mixed up{_cores(x)}){mark}")


def _cores(sessions: dict) -> str:
    """Where the machine's CPU went while the sessions worked at once (benchmarks/sessions.py)."""
    cores = sessions.get("cores_while_together")
    if not cores:
        return ""
    generator = f", the load generator {cores['load_generator']:.2f}" if "load_generator" in cores else ""
    return (f"; cores used meanwhile: browsers {cores['browsers']:.2f}, app {cores['app']:.2f}, PostgreSQL "
            f"{cores['postgres']:.2f}{generator}; app CPU per rerun {sessions['app_cpu_per_rerun_s'] * 1000:.0f} ms")


def markdown(results: dict) -> str:
    m = results["machine"]
    big = results["settings"]["big_scale"]
    backends = list(results["backends"])
    names = {"sqlite": f"SQLite {m['sqlite']}", "postgresql": f"PostgreSQL {m.get('postgresql', '')}".strip()}
    lines = [
        f"Measured {results['date'][:10]} with `make bench` on {m['cpus']} cores ({m['cpu_model']}), "
        f"{m['memory_gib']} GiB, {m['os'].split('-with')[0]}, Python {m['python']}; load average at the start "
        f"{m['load_average_at_start'][0]}. Each figure is a ratio of two medians measured in the same run "
        f"(`benchmarks/results.json`; method in `docs/performance.md`).",
        "",
        "| figure | goal | " + " | ".join(names[b] for b in backends) + " |",
        "|---|---|" + "---|" * len(backends),
    ]
    a = [results["backends"][b]["a_import"] for b in backends]
    lines.append("| (a) `import-plan` of a 20,000-row workbook / `read_excel(engine=\"calamine\")`, whole processes "
                 f"| ≤ {a[0]['goal']} | " + " | ".join(
                     f"{x['ratio']:.2f} ({x['import_plan_s']:.2f} s / {x['read_excel_s']:.2f} s) {_mark(x['pass'])}"
                     for x in a) + " |")
    pages = list(results["backends"][backends[0]]["b_pages"])
    scales = {b: results["backends"][b].get("big_scale", big) for b in backends}
    for page in pages:
        cells = []
        for b in backends:
            x = results["backends"][b]["b_pages"][page]
            big = scales[b]
            if x["ratio"] is None or x["warm_ratio"] is None:
                cells.append(f"error: {'; '.join(x['errors'])[:120]}")
                continue
            cells.append(f"{x['ratio']:.2f} ({x['scale_1_s']:.2f} s → {x[f'scale_{big}_s']:.2f} s; warm "
                         f"{x['warm_ratio']:.2f}) {_mark(x['pass'])}")
        scale = " or ".join(dict.fromkeys(str(v) for v in scales.values()))
        lines.append(f"| (b) page `{page}`, scale {scale} / scale 1 | ≤ {results['goals']['b']} | " + " | ".join(cells)
                     + " |")
    c = [results["backends"][b]["c_overview_vs_minimal"] for b in backends]
    lines.append(f"| (c) overview at scale 1 / a one-chart page from a CSV | ≤ {c[0]['goal']} | " + " | ".join(
        f"{x['ratio']:.2f} ({x['overview_scale_1_s']:.2f} s / {x['minimal_page_s']:.3f} s) {_mark(x['pass'])}; "
        f"warm {x['warm_ratio']:.2f} {_mark(x['warm_pass'])}" for x in c) + " |")
    e_pages = list(results["backends"][backends[0]].get("e_warm_vs_minimal", {}))
    for page in e_pages:
        cells = []
        for b in backends:
            x = results["backends"][b].get("e_warm_vs_minimal", {}).get(page)
            cells.append("–" if not x or x["ratio"] is None else
                         f"{x['ratio']:.2f} ({x['warm_s']:.3f} s / {x['minimal_page_s']:.3f} s) {_mark(x['pass'])}")
        lines.append(f"| (e) page `{page}` warm rerun / the one-chart page | ≤ {results['goals'].get('e', 3.0)} | "
                     + " | ".join(cells) + " |")
    f = {b: results["backends"][b].get("f_sessions") for b in backends}
    if any(f.values()):
        sessions = next((x["sessions"] for x in f.values() if x and "sessions" in x), 30)
        protocol = any(x and x.get("client") == "protocol" for x in f.values())
        how = " (each a browser tab's WebSocket conversation, benchmarks/streamlit_client.py)" if protocol else ""
        lines.append(f"| (f) {sessions} browser sessions at once{how}, two processes behind nginx, each changing a "
                     "filter every 1–3 s: p95 of a rerun / one session's p95 alone | "
                     f"≤ {results['goals'].get('f', 3.0)} | "
                     + " | ".join(_sessions_cell(f[b]) for b in backends) + " |")
    chromium = {b: results["backends"][b].get("f_sessions_chromium") for b in backends}
    if any(chromium.values()):
        lines.append("| (f) the same with Chromium pages, which here share the service's cores (no goal: it measures "
                     "the browsers as much as the service) | – | "
                     + " | ".join(_sessions_cell(chromium[b], goal=False) for b in backends) + " |")
    d = [results["backends"][b]["d_snapshot"] for b in backends]
    lines.append("| (d) snapshot at scale 1: export xlsx + pptx (freeze), seconds | – | " + " | ".join(
        f"{x['export_xlsx_plus_pptx_s']:.2f} s ({x['xlsx_s']:.2f} + {x['pptx_s']:.2f}; freeze {x['freeze_s']:.2f})"
        for x in d) + " |")
    packs = {b: results["backends"][b].get("e_pack") for b in backends}
    if any(packs.values()):
        labels = {"xlsx_cpu_beyond_startup_s": "xlsx export, CPU beyond the CLI's start-up, s",
                  "pptx_cpu_beyond_startup_s": "pptx export, CPU beyond the CLI's start-up, s",
                  "pdf_wall_s": "PDF export (LibreOffice), wall time, s"}
        for name, label in labels.items():
            if not any(x and name in x for x in packs.values()):
                continue
            goal = next(x["goals"][name] for x in packs.values() if x and name in x)
            cells = ["–" if not x or name not in x else f"{x[name]:.2f} {_mark(x['pass'][name])}"
                     for x in packs.values()]
            lines.append(f"| (g) the meeting pack at scale 1: {label} | ≤ {goal} | " + " | ".join(cells) + " |")
    gen = results.get("generate_s", {})
    made = "; ".join(f"{names[b]}: " + ", ".join(f"{k.replace('_', ' ')} {v:.0f} s" for k, v in gen[b].items()
                                                 if v is not None)
                     for b in backends if b in gen and any(v is not None for v in gen[b].values()))
    if made:
        lines += ["", f"Generating the stores took {made} (stores reused from an earlier run are not timed)."]
    return "\n".join(lines)


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS
    print(markdown(json.loads(path.read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
