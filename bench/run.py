"""``make bench``: time the store and the capabilities on synthetic graphs, beside raw engines.

``python -m bench.run [--sizes 10k,100k] [--backends embedded,memory,remote]
[--repeat 3] [--pages/--no-pages]`` writes ``bench/results.json`` and prints a
Markdown report (:mod:`bench.report`). For each size (:mod:`bench.generate`)
and each backend (the embedded store ``oxigraph:PATH``, ``memory:``, and a real
``oxigraph serve`` on 127.0.0.1 started and stopped here) it measures bulk
load and store open (:mod:`bench.loading`), every named query in
``graph/store/queries`` (found at run time), the capabilities
(:mod:`bench.capabilities`), a lesson
write with its SHACL check, and peak memory of an explorer-like process
(:mod:`bench.probe`, which also times every explorer page with ``--pages``).

Every figure is compared in the same process with raw pyoxigraph and with
rdflib's in-memory ``Dataset`` (:mod:`bench.measure`). rdflib runs only up to
100k statements: at 1M it takes minutes to load. The default sizes keep a run
to about ten minutes on 2 cores; ``make bench SIZES=1m BACKENDS=embedded`` runs
a million statements on the embedded store in about eight more.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench import capabilities as caps
from bench import generate, loading, report
from bench.measure import Figure, RawHttp, RawLocal, RdflibBaseline, recording, timed
from bench.probe import peak_mb
from bench.server import Server
from graph.access import Role, Viewer
from graph.store import PraxisStore, queries

__all__ = ["BACKENDS", "RDFLIB_MAX", "RESULTS", "main"]

BACKENDS = ("embedded", "memory", "remote")
#: Largest dataset rdflib is run on (it needs minutes to load a million statements).
RDFLIB_MAX = 150_000
#: A figure whose first call is faster than FAST_S seconds takes at least --fast-repeat
#: samples: on two shared cores a busy neighbour moves one 0.1 s sample by 20%, and the
#: median of three is then one unlucky sample away from the target. Slower figures keep
#: --repeat (their samples cost minutes at 1M).
FAST_S = 0.5
RESULTS = Path(__file__).resolve().parent / "results.json"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Bench:
    """All the figures for one dataset on one backend."""

    def __init__(self, kind: str, data: generate.Dataset, rdf: RdflibBaseline | None, args, memo: dict):
        self.kind, self.data, self.rdf, self.args, self.memo = kind, data, rdf, args, memo
        self.marks = data.landmarks
        self.work = Path(tempfile.mkdtemp(prefix=f"praxis-bench-{kind}-"))
        self.server: Server | None = None
        self.lessons = 0

    # ---------------------------------------------------------------- helpers
    def _rdflib(self, name: str, calls: list) -> tuple[float | None, str]:
        """rdflib's median for the same calls, computed once per dataset and figure."""
        if self.rdf is None:
            return None, ""
        if name not in self.memo:
            try:
                first, _ = timed(lambda: self.rdf.replay(calls))
                repeat = self.args.repeat - 1 if first < 2 else 0
                rest = [timed(lambda: self.rdf.replay(calls))[0] for _ in range(repeat)]
                samples = sorted([first, *rest])
                self.memo[name] = (samples[len(samples) // 2], "")
            except Exception as error:
                self.memo[name] = (None, f"rdflib failed: {type(error).__name__}: {error}"[:200])
        return self.memo[name]

    def _compare(
        self,
        name: str,
        store: PraxisStore,
        raw: RawLocal,
        fn: Callable[[], Any],
        *,
        repeat: int | None = None,
        rdflib: bool = True,
        cold: bool = False,
        forget: bool = True,
    ) -> Figure:
        """Ours, raw pyoxigraph replaying the same calls, and rdflib the same.

        The first call is recorded (and kept as ``first_s``); then raw and ours
        alternate ``repeat`` times (by default ``--repeat``, at least
        ``--fast-repeat`` for fast figures), so that a change in the machine's load hits both alike,
        and the medians are compared. ``cold``: only the first call
        counts as ours (a suggestion right after a write). Each call makes its answer: none is
        taken from the store's memo (``forget=False`` keeps it, for a write timed as the serving
        explorer makes it, with the counts it follows kept)."""
        ours: list[float] = []
        raws: list[float] = []
        try:
            if forget:
                store.forget()
            with recording(store) as rec:
                first, _ = timed(fn)
            if repeat is None:
                repeat = self.args.repeat
                if first < FAST_S:
                    repeat = max(repeat, self.args.fast_repeat)
            for _ in range(repeat):
                if rec.calls:
                    raws.append(timed(lambda: raw.replay(rec.calls))[0])
                if not cold:
                    if forget:
                        store.forget()
                    ours.append(timed(fn)[0])
        except Exception as error:
            return Figure.missing(f"{type(error).__name__}: {error}"[:300], status="error")
        ours = ours or [first]
        figure = Figure(ours=statistics.median(ours), samples=ours, first=first)
        if raws:
            figure.raw = statistics.median(raws)
            if rdflib:
                figure.rdflib, figure.note = self._rdflib(name, rec.calls)
        else:
            figure.note = "no engine calls (answered from a cache)"
        return figure

    def _raw(self, store: PraxisStore) -> RawLocal:
        if self.kind == "remote":
            return RawHttp(store.backend)
        return RawLocal(store.backend.store)

    # ---------------------------------------------------------------- reading
    def queries(self, store: PraxisStore, raw: RawLocal) -> dict[str, Figure]:
        figures = {}
        for name in queries.names():
            try:
                bindings, note = caps.bindings_for(name, self.marks)
            except (OSError, KeyError) as error:  # a query file added or removed while we run
                bindings, note = None, f"cannot read its bindings: {error}"
            if bindings is None:
                figures[f"query:{name}"] = Figure.missing(note, status="skipped")
                continue
            figure = self._compare(
                f"query:{name}", store, raw, lambda n=name, b=bindings: store.select(n, caps.READER, **b)
            )
            figure.note = "; ".join(filter(None, [note, figure.note]))
            figures[f"query:{name}"] = figure
        return figures

    def capabilities(self, store: PraxisStore, raw: RawLocal) -> dict[str, Figure]:
        figures: dict[str, Figure] = {}
        for capability in caps.CAPABILITIES:
            if capability.name == "suggest":
                figures.update(self._suggest_and_write(store, raw, capability))
                continue
            figures[capability.name] = self._compare(
                capability.name, store, raw, lambda c=capability: c.call(store, self.marks)
            )
        return figures

    def _write(self, store: PraxisStore) -> None:
        self.lessons += 1
        _iri, statements = caps.lesson_statements(self.marks, self.lessons)
        store.write(statements, viewer=caps.WRITER)

    def _suggest_and_write(
        self, store: PraxisStore, raw: RawLocal, capability: caps.Capability
    ) -> dict[str, Figure]:
        """Each round: write a lesson (SHACL included), then a suggestion (cold), then again (warm)."""
        store.forget()
        for role in Role:  # kept, as the serving explorer's warm-up keeps them: a write counts its change
            store.stats(Viewer(role))
        write = self._compare("lesson_write", store, raw, lambda: self._write(store), forget=False)
        figures = {"lesson_write": write}
        cold: list[Figure] = []
        warm: list[Figure] = []

        def call() -> Any:
            return capability.call(store, self.marks)

        for _ in range(self.args.repeat):
            self._write(store)
            cold.append(self._compare("suggest_cold", store, raw, call, repeat=1, cold=True))
            warm.append(self._compare("suggest_warm", store, raw, call, repeat=1))
        return figures | {"suggest_cold": _median_of(cold), "suggest_warm": _median_of(warm)}

    # ---------------------------------------------------------------- memory and pages
    def probe(self) -> dict[str, Any]:
        """Run :mod:`bench.probe` in its own process and read its JSON."""
        command = [
            sys.executable,
            "-m",
            "bench.probe",
            "--landmarks",
            str(self.data.path.with_suffix(".json")),
        ]
        if self.kind == "embedded":
            command += ["--store", f"oxigraph:{self.work / 'store'}"]
            if self.args.pages:
                command.append("--pages")
        elif self.kind == "memory":
            command += ["--store", "memory:", "--load", str(self.data.path)]
        else:
            command += ["--store", self.server.url]
        root = Path(__file__).resolve().parent.parent
        env = {**os.environ, "PYTHONPATH": str(root), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
        done = subprocess.run(command, capture_output=True, text=True, cwd=root, env=env, timeout=3600)
        if done.returncode != 0:
            return {"error": done.stderr[-1500:]}
        return json.loads(done.stdout.strip().splitlines()[-1])

    def run(self) -> dict[str, Any]:
        load_before = os.getloadavg()[0]  # other work on the machine slows a server's replies most
        log(f"[{self.data.size} {self.kind}] loading ...")
        try:
            rdflib_s = self.rdf.load_s if self.rdf else None
            loaded = loading.load(self.kind, self.data, self.work, repeat=self.args.repeat, rdflib_s=rdflib_s)
            store, figures, self.server = loaded.store, loaded.figures, loaded.server
            del loaded
            raw = self._raw(store)
            log(f"[{self.data.size} {self.kind}] named queries ...")
            figures.update(self.queries(store, raw))
            log(f"[{self.data.size} {self.kind}] capabilities and writes ...")
            figures.update(self.capabilities(store, raw))
            del store, raw
            gc.collect()
            log(f"[{self.data.size} {self.kind}] explorer-like process ...")
            probe = self.probe()
            memory = {"explorer_peak_mb": probe.get("peak_mb"), "bench_peak_mb": peak_mb()}
            if self.server is not None:
                memory["server_peak_mb"] = self.server.peak_memory_mb()
        finally:
            if self.server is not None:
                self.server.stop()
            shutil.rmtree(self.work, ignore_errors=True)
        return {
            "size": self.data.size,
            "triples": self.data.triples,
            "backend": self.kind,
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "figures": {name: figure.as_dict() for name, figure in figures.items()},
            "memory": memory,
            "probe": {k: v for k, v in probe.items() if k not in ("pages", "pages_after_write")},
            "pages": probe.get("pages", {}),
            "pages_after_write": probe.get("pages_after_write", {}),
            "rdflib_note": ""
            if self.rdf
            else f"rdflib not run at {self.data.size}: it takes minutes to load.",
        }


def _median_of(figures: list[Figure]) -> Figure:
    """One figure from single-run figures: the medians of each column."""
    ok = [f for f in figures if f.status == "ok"]
    if not ok:
        return figures[0] if figures else Figure.missing("not run")

    def middle(values: list[float | None]) -> float | None:
        present = sorted(v for v in values if v is not None)
        return present[len(present) // 2] if present else None

    return Figure(
        ours=middle([f.ours for f in ok]),
        raw=middle([f.raw for f in ok]),
        rdflib=middle([f.rdflib for f in ok]),
        samples=[f.ours for f in ok if f.ours is not None],
        note=next((f.note for f in ok if f.note), ""),
    )


def _meta(args) -> dict[str, Any]:
    import pyshacl
    import rdflib

    return {
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "machine": f"{platform.machine()} {platform.system()}, Python {platform.python_version()}",
        "cpus": os.cpu_count(),
        "versions": {
            "pyoxigraph": ox.__version__,
            "rdflib": rdflib.__version__,
            "pyshacl": pyshacl.__version__,
        },
        "sizes": args.sizes,
        "backends": args.backends,
        "repeat": args.repeat,
        "fast_repeat": args.fast_repeat,
        "fast_s": FAST_S,
        "seed": args.seed,
        "pages": args.pages,
        "viewer": "organiser (sees all three graphs)",
        "rdflib_max_statements": RDFLIB_MAX,
    }


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10k,100k", help="comma-separated sizes: 1k, 10k, 100k, 1m (default 10k,100k)"
    )
    parser.add_argument(
        "--backends", default=",".join(BACKENDS), help="comma-separated: embedded, memory, remote"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported")
    parser.add_argument(
        "--fast-repeat", type=int, default=7, help=f"at least this many runs for figures under {FAST_S} s"
    )
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument(
        "--pages",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time every explorer page (AppTest) against the embedded store",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    parser.add_argument(
        "--data-dir", type=Path, default=generate.DATA_DIR, help="where generated datasets are cached"
    )
    args = parser.parse_args(argv)
    args.sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = sorted(set(args.backends) - set(BACKENDS))
    if unknown:
        parser.error(f"unknown backend {', '.join(unknown)}: use {', '.join(BACKENDS)}")
    for size in args.sizes:
        try:
            generate.parse_size(size)
        except ValueError as error:
            parser.error(str(error))
    args.repeat = max(1, args.repeat)
    args.fast_repeat = max(1, args.fast_repeat)
    return args


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = _parse(argv)
    results: dict[str, Any] = {"meta": _meta(args), "runs": [], "targets": []}
    for size in args.sizes:
        data = generate.dataset(size, seed=args.seed, directory=args.data_dir, progress=log)
        rdf = None
        if data.triples <= RDFLIB_MAX:
            log(f"[{size}] loading rdflib's Dataset for the baseline ...")
            rdf = RdflibBaseline(data.path)
            # millions of rdflib objects would make every garbage collection during our
            # timings slow, which the explorer's process never pays: set them aside
            gc.freeze()
        memo: dict = {}
        for kind in args.backends:
            try:
                results["runs"].append(Bench(kind, data, rdf, args, memo).run())
            except Exception as error:  # one backend failing should not lose the others' figures
                log(f"[{size} {kind}] failed: {type(error).__name__}: {error}")
                results.setdefault("failures", []).append(
                    {"size": size, "backend": kind, "error": str(error)}
                )
            results["targets"] = report.check_targets(results)
            args.output.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
        del rdf
        gc.unfreeze()
        gc.collect()
    text = report.markdown(results)
    print(text)
    log(f"wrote {args.output}")
    return results


if __name__ == "__main__":
    main()
