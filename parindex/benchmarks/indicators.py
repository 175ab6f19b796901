"""parindex bench-indicators: the indicator engine timed against a pandas pipeline and DuckDB's bare scan.

Synthetic files (:mod:`parindex.benchmarks.synthetic`) are written once; then each timed step runs in a fresh
process started with the "spawn" method, so that its peak resident memory (read in the child, see
:func:`peak_rss_mib`) is its own and not the parent's or a previous step's. A step is timed inside its process, from
the call to the result in Python objects; interpreter start-up, imports and opening the DuckDB connection happen
before the clock starts (see :func:`_prepare`). The files stay in the page cache between steps: every step reads
them warm.

Steps: ``ours`` (engine.compute on Parquet), ``pandas`` (:mod:`parindex.benchmarks.baseline` on the same files),
``floor`` (DuckDB reading every column the engine reads, ``max()`` of each, with the same threads and memory limit),
and for information only, the same bare scan and our computation on the CSV twins of the files.
"""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
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
# What a child sends back besides its times: figures as rows, a profile as (statement, seconds), or nothing.
Payload = list[Row] | list[tuple[str, float]] | None
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
    Step("ours", "ours: engine.compute on Parquet", True),
    Step("pandas", "pandas baseline on Parquet", True),
    Step("floor", "floor: DuckDB bare scan of Parquet", False),
    Step("csv_scan", "DuckDB bare scan of CSV (information)", False),
    Step("ours_csv", "ours on CSV (information)", True),
)


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


def _sources(spec: Spec, csv: bool) -> tuple[str, str]:
    """The table expressions the engine is given: the store's own for Parquet, typed read_csv for the CSV twins."""
    if csv:
        return _csv(spec.dossiers_csv, "dossiers"), _csv(spec.logins_csv, "logins")
    dossiers, logins = engine.parquet([spec.dossiers_parquet]), engine.parquet([spec.logins_parquet])
    if dossiers is None or logins is None:
        raise FileNotFoundError(f"{spec.dossiers_parquet} or {spec.logins_parquet}")
    return dossiers, logins


class _Recorder:
    """Stands in for the DuckDB connection given to engine.compute and times each statement it sends."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.records: list[tuple[str, float]] = []

    def _record(self, sql: str, start: float, how: str = "") -> None:
        self.records.append((how + " ".join(sql.split())[:72], time.perf_counter() - start))

    def execute(self, sql: str, parameters: object = None) -> duckdb.DuckDBPyConnection:
        start = time.perf_counter()
        result = self.con.execute(sql) if parameters is None else self.con.execute(sql, parameters)
        self._record(sql, start)
        return result

    def executemany(self, sql: str, parameters: object) -> duckdb.DuckDBPyConnection:
        start = time.perf_counter()
        result = self.con.executemany(sql, parameters)
        self._record(sql, start, "executemany: ")
        return result


def _profile(spec: Spec, dossiers: str, logins: str, con: duckdb.DuckDBPyConnection) -> list[tuple[str, float]]:
    """engine.compute once, with each statement timed; the rest of the time is Python after the last statement."""
    recorder = _Recorder(con)
    start = time.perf_counter()
    engine.compute(dossiers, logins, spec.tree, spec.workdays, con=cast(duckdb.DuckDBPyConnection, recorder))
    total = time.perf_counter() - start
    rest = total - sum(seconds for _sql, seconds in recorder.records)
    return [*recorder.records, ("(Python: fetchall() of the result and one Figure per row)", rest), ("total", total)]


def _prepare(step: str, spec: Spec) -> Callable[[], Payload]:
    """What to time for ``step``; what only happens once in a process is done here, before the clock starts.

    That is the DuckDB connection: engine.connect() binds memory_limit as a query parameter, and binding any Python
    parameter makes DuckDB's client import pandas and numpy (0.25 s and ~100 MiB, measured), which a long-running
    process pays once, not at each computation. The pandas step likewise imports pandas first."""
    csv = step in ("ours_csv", "csv_scan")
    dossiers, logins = _sources(spec, csv)
    if step == "pandas":
        from parindex.benchmarks import baseline

        return lambda: _rows(baseline.compute([spec.dossiers_parquet], [spec.logins_parquet], spec.tree, spec.workdays))
    con = engine.connect(spec.threads, spec.memory_limit)
    if step in ("ours", "ours_csv"):
        return lambda: _rows(engine.compute(dossiers, logins, spec.tree, spec.workdays, con=con))
    if step == "profile":
        return lambda: _profile(spec, dossiers, logins, con)
    if step in ("floor", "csv_scan"):

        def scan() -> None:
            con.execute(_scan_sql(dossiers, SCANNED["dossiers"])).fetchall()
            con.execute(_scan_sql(logins, SCANNED["logins"])).fetchall()

        return scan
    raise ValueError(step)


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
        run = _prepare(step, spec)
        ready = peak_rss_mib()
        start = time.perf_counter()
        rows = run()
        seconds = time.perf_counter() - start
        peak = peak_rss_mib()
        out.send(("ok", seconds, (peak, ready), rows if send_figures else None))
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
        if options["keep"]:
            self.run(Path(options["keep"]), options)
        else:
            with tempfile.TemporaryDirectory(prefix="bench-indicators-") as tmp:
                self.run(Path(tmp), options)
        if options["check"] and self.missed:
            raise CommandError("targets missed: " + ", ".join(self.missed))

    def line(self, label: str, figure: str, verdict: tuple[str, bool] | None = None) -> None:
        """One result: label, figure and, when there is a target, the target and OK or MISSED."""
        text = ""
        if verdict is not None:
            target, ok = verdict
            text = f"  target {target:<10} {'OK' if ok else 'MISSED'}"
            if not ok:
                self.missed.append(label)
        self.stdout.write(f"  {label:<44} {figure:>14}{text}")

    def run(self, directory: Path, options: dict[str, Any]) -> None:
        units = options["units"]
        self.stdout.write(
            f"bench-indicators: {options['dossiers']:,} dossiers, {options['logins']:,} logins, {units:,} units "
            f"({synthetic.department_count(units)} departments and {synthetic.district_count(units)} districts "
            f"under one province), year {options['year']}, seed {options['seed']}"
        )
        self.stdout.write(
            f"  Python {sys.version.split()[0]}, DuckDB {engine.duckdb.__version__}, "
            f"{multiprocessing.cpu_count()} CPUs; DuckDB steps with threads={options['threads']}, "
            f"memory_limit={options['memory_limit']}"
        )
        started = time.perf_counter()
        files = synthetic.generate(
            directory,
            options["dossiers"],
            options["logins"],
            units=units,
            seed=options["seed"],
            year=options["year"],
            compression=options["compression"],
            order=options["order"],
        )
        self.stdout.write(
            f"generated in {time.perf_counter() - started:.1f} s (dossiers {files.seconds['dossiers']:.1f} s, "
            f"logins {files.seconds['logins']:.1f} s; Parquet {options['compression']}, ordered by "
            f"{options['order']}) in {directory}:"
        )
        for name, size in files.sizes().items():
            self.stdout.write(f"  {name:<20} {mib(size):>14}")
        shape = synthetic.describe(files)
        self.stdout.write("  " + synthetic.format_shape(shape))

        if files.dossiers_csv is None or files.logins_csv is None:  # generate() writes them unless told not to
            raise CommandError("bench-indicators: the CSV files were not written")
        spec = Spec(
            dossiers_parquet=str(files.dossiers_parquet),
            logins_parquet=str(files.logins_parquet),
            dossiers_csv=str(files.dossiers_csv),
            logins_csv=str(files.logins_csv),
            tree=files.tree,
            workdays=files.workdays,
            threads=options["threads"],
            memory_limit=options["memory_limit"],
        )
        runs = options["runs"]
        self.stdout.write(
            f"timed steps, each run in a fresh process ({runs} runs; best, median, highest peak RSS of the runs, and "
            "of that what the interpreter, imports and connection took before the clock started):"
        )
        timings: dict[str, Timing] = {}
        for step in STEPS:
            seconds: list[float] = []
            peaks: list[float] = []
            ready: list[float] = []
            figures: list[Row] = []
            for run in range(runs):
                took, (peak, before), payload = run_in_child(
                    step.key, spec, send_figures=step.returns_figures and run == 0
                )
                seconds.append(took)
                peaks.append(peak)
                ready.append(before)
                if payload is not None:
                    figures = cast(list[Row], payload)
            timing = Timing(seconds, peaks, ready, figures)
            timings[step.key] = timing
            self.stdout.write(
                f"  {step.label:<44} best {timing.best * 1000:8,.0f} ms  median {timing.median * 1000:8,.0f} ms  "
                f"peak {timing.peak:6,.0f} MiB ({timing.ready:,.0f} before the clock)"
            )

        self.agree(timings)

        ours, pandas, floor = timings["ours"], timings["pandas"], timings["floor"]
        self.stdout.write("targets (best of the runs; peak RSS the highest of the runs):")
        target_seconds, target_mib = options["target_seconds"], options["target_mib"]
        self.line(
            "ours, all indicators",
            f"{ours.best * 1000:,.0f} ms",
            (f"≤ {target_seconds * 1000:,.0f} ms", ours.best <= target_seconds),
        )
        self.line("ours, peak RSS", f"{ours.peak:,.0f} MiB", (f"≤ {target_mib:,.0f} MiB", ours.peak <= target_mib))
        speedup = pandas.best / ours.best
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
        self.line("pandas, peak RSS", f"{pandas.peak:,.0f} MiB")
        self.line("ours on CSV ÷ ours on Parquet", f"{timings['ours_csv'].best / ours.best:.2f}×")
        self.line("CSV scan ÷ Parquet scan", f"{timings['csv_scan'].best / floor.best:.2f}×")
        if options["profile"]:
            self.profile(spec)
        if self.missed:
            self.stdout.write("missed: " + ", ".join(self.missed))
        else:
            self.stdout.write("every target met")

    def profile(self, spec: Spec) -> None:
        _seconds, _peak, payload = run_in_child("profile", spec, send_figures=True)
        self.stdout.write("where ours spends its time (one more run in a fresh process, each statement timed):")
        for statement, seconds in cast(list[tuple[str, float]], payload):
            self.stdout.write(f"  {seconds * 1000:8,.0f} ms  {statement}")

    def agree(self, timings: dict[str, Timing]) -> None:
        """Ours and pandas (and ours on CSV) must give the very same figures; anything else is a bug somewhere."""
        ours = timings["ours"].figures
        expected = set(ours)
        problems = []
        for key, name in (("pandas", "pandas"), ("ours_csv", "ours on CSV")):
            other = set(timings[key].figures)
            if other != expected or len(timings[key].figures) != len(ours):
                missing, extra = sorted(expected - other)[:3], sorted(other - expected)[:3]
                problems.append(f"{name} differs from ours: only in ours {missing}…, only in {name} {extra}…")
        if problems or not ours:
            raise CommandError("disagreement: " + "; ".join(problems or ["no figures at all"]), returncode=2)
        self.stdout.write(
            f"agreement: ours, pandas and ours on CSV give the same {len(ours):,} figures "
            "(unit, period, indicator, numerator, denominator)"
        )
