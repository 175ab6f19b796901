"""parindex bench-indicators: the indicator engine timed against same-run anchors: one DuckDB SQL statement as an
expert analyst writes it, Polars lazy, a pandas pipeline, and DuckDB's bare scan.

Synthetic files (:mod:`parindex.benchmarks.synthetic`) are written once (or reused with ``--keep``); then each timed
step runs in a fresh process started with the "spawn" method, so that its peak resident memory (read in the child,
see :func:`peak_rss_mib`) is its own and not the parent's or a previous step's. A step is timed inside its process,
from the call to its columnar result (an Arrow table for ours and the expert SQL, a Polars DataFrame, pandas' list
of figures); interpreter start-up, imports and opening the DuckDB connection happen before the clock starts (see
:func:`_prepare`), and turning the result into rows for the agreement check happens after it stops. The files stay
in the page cache between steps: every step reads them warm.

Steps: ``ours`` (engine.relation on Parquet, fetched as Arrow), ``expert`` (:mod:`parindex.benchmarks.expert`),
``polars`` (:mod:`parindex.benchmarks.polars_lazy`), ``pandas`` (:mod:`parindex.benchmarks.baseline`; skipped above
10M dossiers), ``floor`` (DuckDB reading every column the engine reads, ``max()`` of each, with the same threads and
memory limit), and for information only, the same bare scan and our computation on the CSV twins of the files.
``--scale 1M,10M,100M`` runs ours, the expert SQL, Polars (and pandas up to 10M) at each size and prints the curve.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

import duckdb
from django.core.management.base import CommandError, OutputWrapper

from parindex.benchmarks import synthetic
from parindex.indicators import engine

Row = tuple[int, str, str, int, int]
# What a child sends back besides its times: figures as rows, a profile as (what, seconds), or nothing.
Payload = list[Row] | list[tuple[str, float]] | None
# pandas takes 6–8 s and gigabytes at 10M dossiers: above that it is left out, with a note.
PANDAS_LIMIT = 10_000_000
# What the engine reads: the dossier columns but dossier_id and procedure, every login column.
SCANNED = {
    "dossiers": [c for c in engine.DOSSIER_SCHEMA if c not in ("dossier_id", "procedure")],
    "logins": list(engine.LOGIN_SCHEMA),
}


@dataclass(frozen=True)
class Spec:
    """What a child process needs, picklable."""

    dossiers_parquet: str
    logins_parquet: str
    dossiers_csv: str
    logins_csv: str
    tree: list[tuple[int, int]]
    workdays: list[date]
    threads: int
    memory_limit: str


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    returns_figures: bool


STEPS = (
    Step("ours", "ours: engine on Parquet, to Arrow", True),
    Step("expert", "expert SQL: one DuckDB statement, to Arrow", True),
    Step("polars", "Polars lazy on Parquet", True),
    Step("pandas", "pandas baseline on Parquet", True),
    Step("floor", "floor: DuckDB bare scan of Parquet", False),
    Step("csv_scan", "DuckDB bare scan of CSV (information)", False),
    Step("ours_csv", "ours on CSV (information)", True),
)
# The steps of a --scale run, at each size.
SCALE_STEPS = ("ours", "expert", "polars", "pandas")
# Who must agree with ours, figure for figure, when they ran.
CHECKED = {"expert": "the expert SQL", "polars": "Polars", "pandas": "pandas", "ours_csv": "ours on CSV"}


@dataclass(frozen=True)
class Timing:
    seconds: list[float]
    peak_mib: list[float]
    ready_mib: list[float]
    figures: list[Row]

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> float:
        return max(self.peak_mib)

    @property
    def ready(self) -> float:
        """Peak RSS before the clock started: interpreter, imports, connection."""
        return max(self.ready_mib)


def _scan_sql(source: str, columns: list[str]) -> str:
    return "SELECT " + ", ".join(f'max("{c}")' for c in columns) + f" FROM {source}"


def _csv(path: str, kind: str) -> str:
    schema = engine.DOSSIER_SCHEMA if kind == "dossiers" else engine.LOGIN_SCHEMA
    return synthetic.csv_source(Path(path), schema)


def _rows(figures: list[engine.Figure]) -> list[Row]:
    return [(f.unit_id, f.period, f.indicator, f.numerator, f.denominator) for f in figures]


def _arrow_rows(table: Any) -> list[Row]:
    """A (unit_id, period, indicator, numerator, denominator) Arrow table as rows (after the clock)."""
    columns = [
        table.column(name).to_pylist() for name in ("unit_id", "period", "indicator", "numerator", "denominator")
    ]
    return cast(list[Row], list(zip(*columns, strict=True)))


def parse_sizes(text: str) -> list[int]:
    """``1M,10M,100M`` (also ``500k``, ``2.5M``, ``1000``) as dossier counts, in the order given."""
    sizes = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", part)
        if not match:
            raise CommandError(f"--scale: not a size: {part!r} (expected e.g. 1M,10M,100M)")
        number = float(match.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
        if number < 1 or number != int(number):
            raise CommandError(f"--scale: not a whole positive number of dossiers: {part!r}")
        sizes.append(int(number))
    return sizes


def size_label(size: int) -> str:
    """1000000 → 1M, 2500 → 2.5k, 999 → 999."""
    for unit, scale in (("M", 1_000_000), ("k", 1_000)):
        if size >= scale:
            return f"{size / scale:g}{unit}"
    return str(size)


def _sources(spec: Spec, csv: bool) -> tuple[str, str]:
    """The table expressions the engine is given: the store's own for Parquet, typed read_csv for the CSV twins."""
    if csv:
        return _csv(spec.dossiers_csv, "dossiers"), _csv(spec.logins_csv, "logins")
    dossiers, logins = engine.parquet([spec.dossiers_parquet]), engine.parquet([spec.logins_parquet])
    if dossiers is None or logins is None:
        raise FileNotFoundError(f"{spec.dossiers_parquet} or {spec.logins_parquet}")
    return dossiers, logins


def _operators(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for child in node.get("children", []):
        yield child
        yield from _operators(child)


def _describe(operator: dict[str, Any]) -> str:
    """An operator of DuckDB's JSON profile on one line: its name, what it groups or joins on, its output rows."""
    info = operator.get("extra_info") or {}
    detail = []
    for key in ("Groups", "Aggregates", "Conditions", "Join Type", "Function", "Table", "CTE Name"):
        value = info.get(key)
        if value:
            text = " ".join(str(value).split()) if not isinstance(value, list) else ", ".join(map(str, value))
            detail.append(f"{key.lower()} {text}")
    rows = int(operator.get("operator_cardinality") or 0)
    what = "; ".join(detail)
    return f"{operator.get('operator_name', '?').strip()} → {rows:,} rows{': ' + what if what else ''}"[:150]


class _Profiled:
    """Stands in for the DuckDB connection given to the engine: times each statement it sends and keeps, from
    DuckDB's JSON profile of that statement, its operators by time."""

    def __init__(self, con: duckdb.DuckDBPyConnection, output: Path) -> None:
        self.con = con
        self.output = output
        self.statements: list[tuple[str, float, list[tuple[str, float]]]] = []
        con.execute("PRAGMA enable_profiling = 'json'")
        con.execute(f"SET profiling_output = '{output}'")

    def operators(self) -> list[tuple[str, float]]:
        tree = json.loads(self.output.read_text(encoding="utf-8"))
        found = sorted(_operators(tree), key=lambda o: -float(o.get("operator_timing") or 0))
        return [(_describe(o), float(o.get("operator_timing") or 0)) for o in found if o.get("operator_timing")]

    def execute(self, sql: str, parameters: object = None) -> duckdb.DuckDBPyConnection:
        start = time.perf_counter()
        result = self.con.execute(sql) if parameters is None else self.con.execute(sql, parameters)
        took = time.perf_counter() - start
        operators = self.operators()
        if self.statements and operators == self.statements[-1][2]:
            operators = []  # DuckDB wrote no profile for this one (a small SELECT): the file is the previous one's
        self.statements.append((" ".join(sql.split())[:90], took, operators))
        return result

    def sql(self, sql: str) -> duckdb.DuckDBPyRelation:
        return self.con.sql(sql)


def _profile(spec: Spec, dossiers: str, logins: str, con: duckdb.DuckDBPyConnection) -> list[tuple[str, float]]:
    """Ours once, with DuckDB's profiler on: each statement's wall time and its operators by time (summed over
    threads), then the final statement's, fetched into Arrow."""
    lines: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        profiled = _Profiled(con, Path(tmp) / "profile.json")
        start = time.perf_counter()
        rel = engine.relation(dossiers, logins, spec.tree, spec.workdays, con=cast(duckdb.DuckDBPyConnection, profiled))
        prepared = time.perf_counter()
        table = engine.to_arrow(rel) if rel is not None else None
        end = time.perf_counter()
        profiled.statements.append(("the figures' statement, fetched into Arrow", end - prepared, profiled.operators()))
        con.execute("PRAGMA disable_profiling")
    for statement, seconds, operators in profiled.statements:
        lines.append((f"statement: {statement}", seconds))
        lines += [(f"    {what}", took) for what, took in operators[:6] if took >= 0.001]
    lines.append((f"total, to an Arrow table of {0 if table is None else table.num_rows:,} rows", end - start))
    return lines


Run = Callable[[], Any]
Finish = Callable[[Any], Payload]


def _prepare(step: str, spec: Spec) -> tuple[Run, Finish]:
    """What to time for ``step``, and what turns its result into rows after the clock stops; what only happens once
    in a process is done here, before the clock starts: imports (pandas, Polars, pyarrow) and the DuckDB
    connection."""
    csv = step in ("ours_csv", "csv_scan")
    dossiers, logins = _sources(spec, csv)
    if step == "pandas":
        from parindex.benchmarks import baseline

        return (
            lambda: baseline.compute([spec.dossiers_parquet], [spec.logins_parquet], spec.tree, spec.workdays),
            _rows,
        )
    if step == "polars":
        from parindex.benchmarks import polars_lazy

        return (
            lambda: polars_lazy.compute(spec.dossiers_parquet, spec.logins_parquet, spec.tree, spec.workdays),
            lambda frame: cast(list[Row], frame.select(_COLUMNS).rows()),
        )
    con = engine.connect(spec.threads, spec.memory_limit)
    if step in ("ours", "ours_csv", "expert", "profile"):
        importlib.import_module("pyarrow")  # fetching Arrow imports it; a long-running process has it loaded already

    if step in ("ours", "ours_csv"):
        return lambda: engine.to_arrow(_relation(dossiers, logins, spec, con)), _arrow_rows
    if step == "expert":
        from parindex.benchmarks import expert

        return (
            lambda: engine.to_arrow(expert.compute(con, dossiers, logins, spec.tree, spec.workdays)),
            _arrow_rows,
        )
    if step == "profile":
        return lambda: _profile(spec, dossiers, logins, con), lambda payload: payload
    if step in ("floor", "csv_scan"):

        def scan() -> None:
            con.execute(_scan_sql(dossiers, SCANNED["dossiers"])).fetchall()
            con.execute(_scan_sql(logins, SCANNED["logins"])).fetchall()

        return scan, lambda _none: None
    raise ValueError(step)


_COLUMNS = ["unit_id", "period", "indicator", "numerator", "denominator"]


def _relation(dossiers: str, logins: str, spec: Spec, con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyRelation:
    rel = engine.relation(dossiers, logins, spec.tree, spec.workdays, con=con)
    if rel is None:
        raise ValueError("no data")
    return rel


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB.

    ``getrusage(RUSAGE_SELF).ru_maxrss`` is not enough in a spawned child: Linux carries the high-water mark over
    ``execve``, and Python starts the child with vfork + exec, so the child reports at least the parent's RSS (a
    child of a 500 MiB parent that allocated nothing reported 513 MiB). ``VmHWM`` in /proc/self/status belongs to the
    address space made by exec, so it is the child's own; ru_maxrss (KiB on Linux) remains the fallback elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for text in status:
                if text.startswith("VmHWM:"):
                    return int(text.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(step: str, spec: Spec, send_figures: bool, out: Connection) -> None:
    """Run one step in this (fresh) process and send back (seconds, (peak RSS, RSS before the clock) in MiB, rows
    or None)."""
    try:
        run, finish = _prepare(step, spec)
        ready = peak_rss_mib()
        start = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - start
        peak = peak_rss_mib()
        out.send(("ok", seconds, (peak, ready), finish(result) if send_figures else None))
    except BaseException as error:  # anything that goes wrong is reported to the parent, which stops
        out.send(("error", f"{type(error).__name__}: {error}", (0.0, 0.0), None))
    finally:
        out.close()


def run_in_child(step: str, spec: Spec, send_figures: bool) -> tuple[float, tuple[float, float], Payload]:
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(step, spec, send_figures, send), daemon=True)
    process.start()
    send.close()  # so that recv() raises EOFError instead of hanging if the child dies without answering
    try:
        status, first, peak, rows = receive.recv()
    except EOFError:
        status, first, peak, rows = "error", f"the child process died (exit code {process.exitcode})", (0.0, 0.0), None
    process.join()
    if status != "ok":
        raise CommandError(f"bench-indicators: step {step} failed: {first}")
    return float(first), (float(peak[0]), float(peak[1])), rows


def mib(size: float) -> str:
    return f"{size / 2**20:,.1f} MiB"


class IndicatorBench:
    """The benchmark, writing its figures to the command's output."""

    def __init__(self, stdout: OutputWrapper) -> None:
        self.stdout = stdout
        self.missed: list[str] = []

    def main(self, options: dict[str, Any]) -> None:
        """What ``handle()`` does with the command's options."""
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1")
        sizes = parse_sizes(options["scale"]) if options.get("scale") else None
        if options["keep"]:
            self.dispatch(Path(options["keep"]), options, sizes)
        else:
            with tempfile.TemporaryDirectory(prefix="bench-indicators-") as tmp:
                self.dispatch(Path(tmp), options, sizes)
        if options["check"] and self.missed:
            raise CommandError("targets missed: " + ", ".join(self.missed))

    def dispatch(self, directory: Path, options: dict[str, Any], sizes: list[int] | None) -> None:
        self.header(options)
        if sizes:
            self.scale(directory, options, sizes)
        else:
            self.run(directory, options)
        if self.missed:
            self.stdout.write("missed: " + ", ".join(self.missed))
        else:
            self.stdout.write("every target met")

    def line(self, label: str, figure: str, verdict: tuple[str, bool] | None = None) -> None:
        """One result: label, figure and, when there is a target, the target and OK or MISSED."""
        text = ""
        if verdict is not None:
            target, ok = verdict
            text = f"  target {target:<10} {'OK' if ok else 'MISSED'}"
            if not ok:
                self.missed.append(label)
        self.stdout.write(f"  {label:<44} {figure:>14}{text}")

    def header(self, options: dict[str, Any]) -> None:
        units = options["units"]
        sizes = options.get("scale") or f"{options['dossiers']:,} dossiers, {options['logins']:,} logins"
        self.stdout.write(
            f"bench-indicators: {sizes}, {units:,} units ({synthetic.department_count(units)} departments and "
            f"{synthetic.district_count(units)} districts under one province), year {options['year']}, "
            f"seed {options['seed']}"
        )
        self.stdout.write(
            f"  Python {sys.version.split()[0]}, DuckDB {engine.duckdb.__version__}, "
            f"{multiprocessing.cpu_count()} CPUs; DuckDB steps with threads={options['threads']}, "
            f"memory_limit={options['memory_limit']}"
        )

    def generate(self, directory: Path, options: dict[str, Any], dossiers: int, logins: int, csv: bool) -> Spec:
        started = time.perf_counter()
        files = synthetic.generate(
            directory,
            dossiers,
            logins,
            units=options["units"],
            seed=options["seed"],
            year=options["year"],
            csv=csv,
            compression=options["compression"],
            order=options["order"],
            reuse=bool(options["keep"]),
        )
        how = (
            "reused (written earlier with the same arguments)"
            if files.reused
            else f"generated in {time.perf_counter() - started:.1f} s (dossiers {files.seconds['dossiers']:.1f} s, "
            f"logins {files.seconds['logins']:.1f} s)"
        )
        self.stdout.write(
            f"{size_label(dossiers)} dossiers + {size_label(logins)} logins {how}; Parquet {options['compression']}, "
            f"ordered by {options['order']}, in {directory}:"
        )
        for name, size in files.sizes().items():
            self.stdout.write(f"  {name:<20} {mib(size):>14}")
        self.stdout.write("  " + synthetic.format_shape(synthetic.describe(files)))
        if csv and (files.dossiers_csv is None or files.logins_csv is None):
            raise CommandError("bench-indicators: the CSV files were not written")
        return Spec(
            dossiers_parquet=str(files.dossiers_parquet),
            logins_parquet=str(files.logins_parquet),
            dossiers_csv=str(files.dossiers_csv or ""),
            logins_csv=str(files.logins_csv or ""),
            tree=files.tree,
            workdays=files.workdays,
            threads=options["threads"],
            memory_limit=options["memory_limit"],
        )

    def time_steps(self, spec: Spec, steps: list[Step], runs: int) -> dict[str, Timing]:
        self.stdout.write(
            f"timed steps, each run in a fresh process ({runs} rounds of every step; best, median, highest peak RSS of "
            "the runs, and "
            "of that what the interpreter, imports and connection took before the clock started):"
        )
        # Rounds: every step once, then every step again, so that a busy spell of the machine (other processes on
        # its cores) weighs on all the steps alike rather than on whichever ran then.
        collected: dict[str, tuple[list[float], list[float], list[float], list[Row]]] = {
            step.key: ([], [], [], []) for step in steps
        }
        failed: dict[str, str] = {}
        for run in range(runs):
            for step in steps:
                if step.key in failed:
                    continue
                seconds, peaks, ready, figures = collected[step.key]
                try:
                    took, (peak, before), payload = run_in_child(
                        step.key, spec, send_figures=step.returns_figures and run == 0
                    )
                except CommandError as error:
                    if step.key in ("ours", "ours_csv"):
                        raise
                    # An anchor that cannot finish (the expert SQL runs out of memory at 100M) is a finding, not a
                    # reason to lose the rest of the run.
                    failed[step.key] = str(error).split("\n")[0]
                    continue
                seconds.append(took)
                peaks.append(peak)
                ready.append(before)
                if payload is not None:
                    figures.extend(cast(list[Row], payload))
        timings: dict[str, Timing] = {}
        for step in steps:
            if step.key in failed:
                self.stdout.write(f"  {step.label:<44} FAILED: {failed[step.key]}")
                continue
            timing = Timing(*collected[step.key])
            timings[step.key] = timing
            self.stdout.write(
                f"  {step.label:<44} best {timing.best * 1000:8,.0f} ms  median {timing.median * 1000:8,.0f} ms  "
                f"peak {timing.peak:6,.0f} MiB ({timing.ready:,.0f} before the clock)"
            )
        return timings

    def pandas_note(self, dossiers: int) -> None:
        self.stdout.write(
            f"  pandas skipped: {dossiers:,} dossiers is above {PANDAS_LIMIT:,} (it takes 6–8 s and gigabytes at 10M)"
        )

    def run(self, directory: Path, options: dict[str, Any]) -> None:
        spec = self.generate(directory, options, options["dossiers"], options["logins"], csv=True)
        with_pandas = options["dossiers"] <= PANDAS_LIMIT
        steps = [step for step in STEPS if with_pandas or step.key != "pandas"]
        timings = self.time_steps(spec, steps, options["runs"])
        if not with_pandas:
            self.pandas_note(options["dossiers"])
        self.agree(timings)

        ours, floor = timings["ours"], timings["floor"]
        self.stdout.write("targets (best of the runs; peak RSS the highest of the runs):")
        target_seconds, target_mib = options["target_seconds"], options["target_mib"]
        self.line(
            "ours, all indicators",
            f"{ours.best * 1000:,.0f} ms",
            (f"≤ {target_seconds * 1000:,.0f} ms", ours.best <= target_seconds),
        )
        self.line("ours, peak RSS", f"{ours.peak:,.0f} MiB", (f"≤ {target_mib:,.0f} MiB", ours.peak <= target_mib))
        self.anchors(timings, options)
        if "pandas" in timings:
            speedup = timings["pandas"].best / ours.best
            self.line(
                "pandas time ÷ ours",
                f"{speedup:.2f}×",
                (f"≥ {options['target_speedup']:g}×", speedup >= options["target_speedup"]),
            )
        over_floor = ours.best / floor.best
        self.line(
            "ours ÷ floor (bare scan of the same columns)",
            f"{over_floor:.2f}×",
            (f"≤ {options['target_floor']:g}×", over_floor <= options["target_floor"]),
        )
        for key, name in (("expert", "expert SQL"), ("polars", "Polars lazy")):
            if key in timings:
                self.line(f"{name}, peak RSS", f"{timings[key].peak:,.0f} MiB")
        if "pandas" in timings:
            self.line("pandas, peak RSS", f"{timings['pandas'].peak:,.0f} MiB")
        self.line("ours on CSV ÷ ours on Parquet", f"{timings['ours_csv'].best / ours.best:.2f}×")
        self.line("CSV scan ÷ Parquet scan", f"{timings['csv_scan'].best / floor.best:.2f}×")
        if options["profile"]:
            self.profile(spec)

    def anchors(self, timings: dict[str, Timing], options: dict[str, Any], suffix: str = "") -> None:
        """Ours ÷ the expert SQL (≤ 1.1×) and ÷ Polars lazy (< 1×), with their verdicts."""
        ours = timings["ours"]
        if "expert" in timings:
            over_expert = ours.best / timings["expert"].best
            self.line(
                f"ours ÷ expert SQL{suffix}",
                f"{over_expert:.2f}×",
                (f"≤ {options['target_expert']:g}×", over_expert <= options["target_expert"]),
            )
        else:
            self.line(f"ours ÷ expert SQL{suffix}", "expert failed")
        if "polars" not in timings:
            return
        over_polars = ours.best / timings["polars"].best
        self.line(
            f"ours ÷ Polars lazy{suffix}",
            f"{over_polars:.2f}×",
            (f"< {options['target_polars']:g}×", over_polars < options["target_polars"]),
        )

    def scale(self, directory: Path, options: dict[str, Any], sizes: list[int]) -> None:
        """The timed steps at each size (logins twice the dossiers), then the curve and the verdicts at the largest."""
        curve: list[tuple[int, dict[str, Timing]]] = []
        for size in sizes:
            place = directory / size_label(size)
            spec = self.generate(place, options, size, 2 * size, csv=False)
            polars_limit = parse_sizes(options["polars_limit"])[0] if options.get("polars_limit") else size
            steps = [
                step
                for step in STEPS
                if step.key in SCALE_STEPS
                and (step.key != "pandas" or size <= PANDAS_LIMIT)
                and (step.key != "polars" or size <= polars_limit)
            ]
            timings = self.time_steps(spec, steps, options["runs"])
            if size > PANDAS_LIMIT:
                self.pandas_note(size)
            if size > polars_limit:
                self.stdout.write(f"  Polars skipped: {size:,} dossiers is above --polars-limit {polars_limit:,}")
            self.agree(timings)
            curve.append((size, timings))
            if options["profile"] and size == max(sizes):
                self.profile(spec)
            if not options["keep"]:
                shutil.rmtree(place, ignore_errors=True)  # 100M dossiers and 200M logins take gigabytes
        self.stdout.write(
            "curve (best of the runs, seconds; peak RSS the highest of ours' runs; logins twice the dossiers):"
        )
        self.stdout.write(
            f"  {'dossiers + logins':<20} {'ours':>8} {'expert':>8} {'Polars':>8} {'pandas':>8} "
            f"{'peak RSS':>10} {'ours÷expert':>12} {'ours÷Polars':>12}"
        )
        for size, timings in curve:
            ours = timings["ours"]
            expert = f"{timings['expert'].best:8.2f}" if "expert" in timings else f"{'failed':>8}"
            over_expert = f"{ours.best / timings['expert'].best:11.2f}×" if "expert" in timings else f"{'—':>12}"
            pandas = f"{timings['pandas'].best:8.2f}" if "pandas" in timings else f"{'—':>8}"
            polars = f"{timings['polars'].best:8.2f}" if "polars" in timings else f"{'—':>8}"
            over_polars = f"{ours.best / timings['polars'].best:11.2f}×" if "polars" in timings else f"{'—':>12}"
            self.stdout.write(
                f"  {size_label(size) + ' + ' + size_label(2 * size):<20} {ours.best:8.2f} "
                f"{expert} {polars} {pandas} {ours.peak:6,.0f} MiB {over_expert} {over_polars}"
            )
        largest, timings = max(curve, key=lambda entry: entry[0])
        at = f" at {size_label(largest)}"
        self.stdout.write(f"targets{at} (best of the runs; peak RSS the highest of the runs):")
        ours = timings["ours"]
        seconds, limit = options["target_scale_seconds"], options["target_scale_mib"]
        self.line(f"ours, all indicators{at}", f"{ours.best:,.2f} s", (f"≤ {seconds:g} s", ours.best <= seconds))
        self.line(f"ours, peak RSS{at}", f"{ours.peak:,.0f} MiB", (f"≤ {limit:,.0f} MiB", ours.peak <= limit))
        self.anchors(timings, options, at)

    def profile(self, spec: Spec) -> None:
        _seconds, _peak, payload = run_in_child("profile", spec, send_figures=True)
        self.stdout.write(
            "where ours spends its time (one more run in a fresh process, DuckDB's profiler on; each statement's wall "
            "time, then its main operators, their times summed over threads):"
        )
        for statement, seconds in cast(list[tuple[str, float]], payload):
            self.stdout.write(f"  {seconds * 1000:8,.0f} ms  {statement}")

    def agree(self, timings: dict[str, Timing]) -> None:
        """Every anchor that ran (and ours on CSV) must give the very same figures as ours; anything else is a bug."""
        ours = timings["ours"].figures
        expected = set(ours)
        problems = []
        compared = []
        for key, name in CHECKED.items():
            if key not in timings:
                continue
            compared.append(name)
            other = set(timings[key].figures)
            if other != expected or len(timings[key].figures) != len(ours):
                missing, extra = sorted(expected - other)[:3], sorted(other - expected)[:3]
                problems.append(f"{name} differs from ours: only in ours {missing}…, only in {name} {extra}…")
        if problems or not ours:
            raise CommandError("disagreement: " + "; ".join(problems or ["no figures at all"]), returncode=2)
        if not compared:
            self.stdout.write(f"agreement: no anchor finished beside ours ({len(ours):,} figures): nothing to compare")
            return
        self.stdout.write(
            f"agreement: ours, {', '.join(compared)} give the same {len(ours):,} figures "
            "(unit, period, indicator, numerator, denominator)"
        )
