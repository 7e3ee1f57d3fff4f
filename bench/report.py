"""The benchmark's results as Markdown: one table per size, memory, pages, targets.

Figures are medians in milliseconds or seconds; ``×raw`` is our time over raw
pyoxigraph running the same SPARQL (the overhead of our layer, lower is
better), ``÷rdflib`` is rdflib's time over ours (how much faster we are than
the same calls on rdflib's in-memory store, higher is better).
"""

from __future__ import annotations

from typing import Any

__all__ = ["TARGETS", "check_targets", "markdown"]

#: (size, figure, limit in seconds, what the issue asks), against the embedded store.
TARGETS: list[tuple[str, str, float, str]] = [
    ("100k", "tensions", 0.1, "tensions under 100 ms"),
    ("100k", "suggest_warm", 0.1, "one suggestion (warm) under 100 ms"),
    ("100k", "suggest_text", 0.2, "one free-text suggestion (warm) under 200 ms"),
    ("100k", "taught", 0.1, "one 'what was taught' answer under 100 ms"),
    ("100k", "concept_map", 0.3, "concept-map focused view under 300 ms"),
    ("100k", "lesson_write", 0.1, "lesson write with its SHACL check under 100 ms"),
    ("100k", "search", 0.3, "one search (a keystroke) under 300 ms"),
    ("1m", "tensions", 1.0, "tensions under 1 s"),
    ("1m", "suggest_warm", 1.0, "one suggestion (warm) under 1 s"),
    ("1m", "taught", 1.0, "one 'what was taught' answer under 1 s"),
    ("1m", "concept_map", 1.0, "concept-map focused view under 1 s"),
    ("1m", "lesson_write", 1.0, "lesson write with its SHACL check under 1 s"),
    ("1m", "bulk_load", 10.0, "bulk load under 10 s"),
    ("1m", "store_open", 1.0, "store open under 1 s"),
]
#: Most our layer may add over raw pyoxigraph on the same queries.
MAX_OVERHEAD = 1.5
#: Answers held to the remote target: through ``oxigraph serve`` (``make serve``) at most
#: :data:`MAX_REMOTE` times the embedded store's time, at 100k.
REMOTE_FIGURES = ("tensions", "taught", "suggest_cold", "suggest_warm", "concept_map", "lesson_write")
MAX_REMOTE = 2.0
#: Every explorer page's first visit at 1M statements (after the explorer's warm-up), seconds.
MAX_FIRST_VISIT_S = 1.0
#: Peak memory of the explorer process at 1M statements, MiB.
MAX_EXPLORER_MB = 1536

_ORDER = [
    "bulk_load",
    "import_validated",
    "store_open",
    "tensions",
    "suggest_cold",
    "suggest_warm",
    "suggest_text",
    "taught",
    "concept_map",
    "map_opening",
    "search",
    "search_index",
    "record_page",
    "lesson_write",
    "record_lesson",
]


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _cell(figure: dict[str, Any] | None) -> list[str]:
    if figure is None:
        return ["", "", ""]
    if figure["status"] != "ok":
        return [figure["status"], "", ""]
    return [_duration(figure["ours_s"]), _ratio(figure["overhead"]), _ratio(figure["speedup"])]


def _names(runs: list[dict[str, Any]]) -> list[str]:
    seen = {name for run in runs for name in run["figures"]}
    queries = sorted(n for n in seen if n.startswith("query:"))
    return [n for n in _ORDER if n in seen] + queries + sorted(seen - set(_ORDER) - set(queries))


def overheads(run: dict[str, Any]) -> list[tuple[str, float]]:
    """(query, ours/raw) for every named query measured in a run (the overhead target is about
    queries; capabilities add their own Python work, shown in the tables but not held to it)."""
    return [
        (name, f["overhead"])
        for name, f in run["figures"].items()
        if f["status"] == "ok" and f["overhead"] is not None and name.startswith("query:")
    ]


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue with the measured value (embedded store) and whether it is met."""
    runs = {(r["size"], r["backend"]): r for r in results["runs"]}
    checked = []
    for size, name, limit, what in TARGETS:
        run = runs.get((size, "embedded"))
        figure = run["figures"].get(name) if run else None
        value = figure["ours_s"] if figure and figure["status"] == "ok" else None
        checked.append(
            {"target": what, "size": size, "value_s": value, "limit_s": limit, "met": _met(value, limit)}
        )
    for size in ("100k", "1m"):
        run = runs.get((size, "embedded"))
        if run is None:
            continue
        found = [ratio for _, ratio in overheads(run)]
        worst = max(found) if found else None
        checked.append(
            {
                "target": f"our overhead over raw pyoxigraph at most {MAX_OVERHEAD}x (worst named query)",
                "size": size,
                "value": worst,
                "limit": MAX_OVERHEAD,
                "met": None if worst is None else worst <= MAX_OVERHEAD,
                "above": sorted(
                    ({"figure": n, "overhead": round(r, 2)} for n, r in overheads(run) if r > MAX_OVERHEAD),
                    key=lambda x: -x["overhead"],
                ),
            }
        )
    checked += remote_ratios(runs)
    run = runs.get(("1m", "embedded"))
    if run is not None and run.get("pages"):
        firsts = {page: entry.get("first_s") for page, entry in run["pages"].items()}
        slowest = max(firsts, key=lambda page: firsts[page] or 0.0)
        checked.append(
            {
                "target": f"every page's first visit under {MAX_FIRST_VISIT_S:g} s (slowest: {slowest})",
                "size": "1m",
                "value_s": firsts[slowest],
                "limit_s": MAX_FIRST_VISIT_S,
                "met": _met(firsts[slowest], MAX_FIRST_VISIT_S),
            }
        )
    if run is not None:
        peak = run["memory"].get("explorer_peak_mb")
        checked.append(
            {
                "target": "peak memory of the explorer process under 1.5 GB",
                "size": "1m",
                "value": peak,
                "limit": MAX_EXPLORER_MB,
                "met": None if peak is None else peak < MAX_EXPLORER_MB,
            }
        )
    return checked


def remote_ratios(runs: dict[tuple[str, str], dict[str, Any]]) -> list[dict[str, Any]]:
    """Each answer of :data:`REMOTE_FIGURES` through the server over the embedded store, at 100k."""
    embedded, remote = runs.get(("100k", "embedded")), runs.get(("100k", "remote"))
    if embedded is None or remote is None:
        return []
    checked = []
    for name in REMOTE_FIGURES:
        local, served = embedded["figures"].get(name), remote["figures"].get(name)
        ratio = None
        if local and served and local["status"] == served["status"] == "ok" and local["ours_s"]:
            ratio = served["ours_s"] / local["ours_s"]
        checked.append(
            {
                "target": f"{name} through the server within {MAX_REMOTE:g}x of embedded",
                "size": "100k",
                "value": ratio,
                "limit": MAX_REMOTE,
                "met": None if ratio is None else ratio <= MAX_REMOTE,
            }
        )
    return checked


def _met(value: float | None, limit: float) -> bool | None:
    return None if value is None else value < limit


def markdown(results: dict[str, Any]) -> str:
    """The whole report as Markdown."""
    meta = results["meta"]
    lines = [
        f"Benchmark of {meta['date']} on {meta['cpus']} CPUs ({meta['machine']}); pyoxigraph "
        f"{meta['versions']['pyoxigraph']}, rdflib {meta['versions']['rdflib']}, pySHACL "
        f"{meta['versions']['pyshacl']}; median of {meta['repeat']} runs (of "
        f"{meta.get('fast_repeat', meta['repeat'])} for figures under {meta.get('fast_s', 0)} s), "
        "read as an organiser.",
        "",
        "`×raw` = ours / raw pyoxigraph on the same SPARQL (lower is better); "
        "`÷rdflib` = rdflib in-memory / ours (higher is better).",
    ]
    for size in meta["sizes"]:
        runs = [r for r in results["runs"] if r["size"] == size]
        if not runs:
            continue
        backends = [r["backend"] for r in runs]
        lines += ["", f"### {size}: {runs[0]['triples']:,} statements", ""]
        if runs[0].get("rdflib_note"):
            lines += [runs[0]["rdflib_note"], ""]
        header = ["figure"] + [f"{b} {col}" for b in backends for col in ("", "×raw", "÷rdflib")]
        lines.append("| " + " | ".join(h.strip() for h in header) + " |")
        lines.append("|" + "---|" * len(header))
        for name in _names(runs):
            row = [name.replace("query:", "query ")]
            for run in runs:
                row += _cell(run["figures"].get(name))
            lines.append("| " + " | ".join(row) + " |")
        memory = ", ".join(_memory(run) for run in runs)
        lines += ["", f"Peak memory: {memory}."]
        loads = [
            f"{run['backend']} {run['load_average'][0]} to {run['load_average'][1]}"
            for run in runs
            if run.get("load_average")
        ]
        if loads:
            lines += ["", f"Load average (1 min) at the start and end of each run: {', '.join(loads)}."]
        for run in runs:
            if run.get("pages"):
                warm = run.get("probe", {}).get("warm_up_s")
                lines += [
                    "",
                    f"Explorer pages ({run['backend']} store, {size}, AppTest): first visit after the "
                    f"explorer's warm-up ({_duration(warm)}), again, and first visit straight after a "
                    "member's lesson (before the warm-up catches up):",
                    "",
                ]
                lines += [
                    "| page | first | again | after a write | peak MiB | status |",
                    "|---|---|---|---|---|---|",
                ]
                after = run.get("pages_after_write", {})
                for page, entry in run["pages"].items():
                    first, again = _duration(entry.get("first_s")), _duration(entry.get("again_s"))
                    written = _duration(after.get(page, {}).get("first_s"))
                    status = f"{entry.get('status')} {entry.get('note', '')[:80]}".strip()
                    peak = f"{entry.get('peak_mb', 0):.0f}"
                    lines.append(f"| {page} | {first} | {again} | {written} | {peak} | {status} |")
    lines += [
        "",
        "### Targets (embedded store; the server against it)",
        "",
        "| target | size | measured | met |",
        "|---|---|---|---|",
    ]
    for check in results.get("targets", []):
        if "value_s" in check:
            value = _duration(check["value_s"])
        elif check["value"] is None:
            value = "–"
        elif "overhead" in check["target"] or "through the server" in check["target"]:
            value = f"{check['value']:.2f}x"
        else:
            value = f"{check['value']:.0f} MiB"
        met = {True: "yes", False: "**no**", None: "not measured"}[check["met"]]
        lines.append(f"| {check['target']} | {check['size']} | {value} | {met} |")
    return "\n".join(lines) + "\n"


def _memory(run: dict[str, Any]) -> str:
    memory = run.get("memory", {})
    parts = []
    if memory.get("explorer_peak_mb") is not None:
        parts.append(f"explorer-like process {memory['explorer_peak_mb']:.0f} MiB")
    if memory.get("server_peak_mb") is not None:
        parts.append(f"oxigraph server {memory['server_peak_mb']:.0f} MiB")
    return f"{run['backend']}: " + (" / ".join(parts) or "not measured")
