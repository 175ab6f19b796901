"""bench-indicators at a tiny scale: the synthetic data has the promised shape, the anchors (pandas, the expert SQL,
Polars lazy) and the engine agree figure for figure, --scale runs and prints its curve, and the command runs end to
end. No database is needed."""

from io import StringIO
from pathlib import Path

import duckdb
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, OutputWrapper

from parindex.benchmarks import baseline, expert, polars_lazy, synthetic
from parindex.benchmarks import indicators as bench_indicators
from parindex.indicators import engine

UNITS, DOSSIERS, LOGINS = 20, 2000, 4000


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> synthetic.Files:
    return synthetic.generate(tmp_path_factory.mktemp("synthetic"), DOSSIERS, LOGINS, units=UNITS, seed=3)


def test_the_generated_data_has_the_promised_shape(files):
    con = duckdb.connect()
    dossiers = f"read_parquet('{files.dossiers_parquet}')"
    logins = f"read_parquet('{files.logins_parquet}')"
    assert con.execute(f"SELECT count(*) FROM {dossiers}").fetchone() == (DOSSIERS,)
    assert con.execute(f"SELECT count(*) FROM {logins}").fetchone() == (LOGINS,)
    assert {r[0] for r in con.execute(f"SELECT DISTINCT submission FROM {dossiers}").fetchall()} == set(
        engine.SUBMISSIONS
    )
    assert {r[0] for r in con.execute(f"SELECT DISTINCT return_by FROM {dossiers}").fetchall()} == set(engine.RETURNS)
    # The schemas are the store's, column for column.
    for path, schema in ((dossiers, engine.DOSSIER_SCHEMA), (logins, engine.LOGIN_SCHEMA)):
        described = con.execute(f"DESCRIBE SELECT * FROM {path}").fetchall()
        assert [(r[0], r[1]) for r in described] == list(schema.items())
    shape = synthetic.describe(files)
    assert shape["unresolved"] > 0
    assert shape["late with apology"] > 0
    assert shape["late without apology"] > 0
    assert shape["received off days"] == 0
    assert 0.80 < shape["on time of resolved"] < 0.97
    assert 0.45 < shape["submission direct"] < 0.65
    assert shape["most logins a day"] <= 8
    assert shape["logins off days"] > 0
    # Every dossier is due 3–15 days after receipt; nothing is returned before it is received.
    bad = con.execute(
        f"SELECT count(*) FROM {dossiers} WHERE due_at < received_at + INTERVAL 3 DAY "
        f"OR due_at > received_at + INTERVAL 16 DAY OR returned_at < received_at"
    ).fetchone()
    assert bad == (0,)
    # Units are 1..UNITS; the tree pairs each node with itself and everything rolls up to the province.
    units = con.execute(f"SELECT min(unit_id), max(unit_id) FROM {dossiers}").fetchone()
    assert units[0] >= 1
    assert units[1] <= UNITS
    province = synthetic.province_id(UNITS)
    assert {(u, u) for u in range(1, UNITS + 1)} <= set(files.tree)
    assert {(province, u) for u in range(1, UNITS + 1)} <= set(files.tree)


def test_the_generator_is_deterministic(files, tmp_path: Path):
    again = synthetic.generate(tmp_path, DOSSIERS, LOGINS, units=UNITS, seed=3, csv=False)
    con = duckdb.connect()
    for first, second in (
        (files.dossiers_parquet, again.dossiers_parquet),
        (files.logins_parquet, again.logins_parquet),
    ):
        differ = con.execute(
            f"SELECT count(*) FROM (SELECT * FROM '{first}' EXCEPT ALL SELECT * FROM '{second}')"
        ).fetchone()
        assert differ == (0,)


def test_pandas_and_the_engine_agree_exactly(files):
    ours = engine.compute(
        engine.parquet([files.dossiers_parquet]),
        engine.parquet([files.logins_parquet]),
        files.tree,
        files.workdays,
        con=engine.connect(2, "1.5GB"),
    )
    theirs = baseline.compute([files.dossiers_parquet], [files.logins_parquet], files.tree, files.workdays)
    assert ours == theirs
    indicators = {f.indicator for f in ours}
    assert indicators == set(engine.INDICATORS)
    periods = {f.period for f in ours}
    assert {"2021", "2021-Q4", "2021-12"} <= periods
    # The province's figures hold every dossier received.
    province = synthetic.province_id(UNITS)
    year = {f.indicator: f for f in ours if f.unit_id == province and f.period == "2021"}
    assert year["online_rate"].denominator == DOSSIERS


def test_pandas_and_the_engine_agree_with_a_cut_off_date(files):
    until = files.workdays[100]
    ours = engine.compute(None, engine.parquet([files.logins_parquet]), files.tree, files.workdays, until=until)
    theirs = baseline.compute([], [files.logins_parquet], files.tree, files.workdays, until=until)
    assert ours == theirs


def _sorted_rows(rows) -> list[tuple]:
    return sorted(tuple(row) for row in rows)


@pytest.mark.parametrize("cut_off", [None, 100])
def test_the_expert_sql_polars_and_the_engine_agree_exactly(files, cut_off):
    until = None if cut_off is None else files.workdays[cut_off]
    dossiers, logins = engine.parquet([files.dossiers_parquet]), engine.parquet([files.logins_parquet])
    ours = bench_indicators._arrow_rows(
        engine.to_arrow(engine.relation(dossiers, logins, files.tree, files.workdays, until))
    )
    con = engine.connect()
    theirs = bench_indicators._arrow_rows(
        engine.to_arrow(expert.compute(con, dossiers, logins, files.tree, files.workdays, until))
    )
    frame = polars_lazy.compute(
        str(files.dossiers_parquet), str(files.logins_parquet), files.tree, files.workdays, until
    )
    polars_rows = frame.select(["unit_id", "period", "indicator", "numerator", "denominator"]).rows()
    assert ours
    assert _sorted_rows(theirs) == _sorted_rows(ours)
    assert _sorted_rows(polars_rows) == _sorted_rows(ours)
    # And the engine's Python objects are the same figures, in unit, period, indicator order.
    figures = engine.compute(dossiers, logins, files.tree, files.workdays, until)
    assert [(f.unit_id, f.period, f.indicator, f.numerator, f.denominator) for f in figures] == sorted(ours)


def test_sizes_are_parsed_and_named_back():
    assert bench_indicators.parse_sizes("1M,10M,100M") == [1_000_000, 10_000_000, 100_000_000]
    assert bench_indicators.parse_sizes("500k, 2.5M,1000") == [500_000, 2_500_000, 1000]
    assert [bench_indicators.size_label(n) for n in (1_000_000, 2500, 999, 100_000_000)] == [
        "1M",
        "2.5k",
        "999",
        "100M",
    ]
    for bad in ("", "10G", "1.0001k", "0", "-1M"):
        with pytest.raises(CommandError, match="--scale"):
            bench_indicators.parse_sizes(bad)


def test_scale_runs_every_size_and_prints_the_curve(tmp_path: Path):
    out = StringIO()
    arguments = ("--scale", "1k,2k", "--units", "12", "--runs", "1", "--keep", str(tmp_path))
    call_command("bench_indicators", *arguments, "--polars-limit", "1k", stdout=out)
    text = out.getvalue()
    assert "curve (best of the runs" in text
    assert text.count("agreement: ours, the expert SQL") == 2
    assert "agreement: ours, the expert SQL, Polars, pandas give the same" in text  # 1k: Polars ran
    assert "Polars skipped: 2,000 dossiers is above --polars-limit 1,000" in text
    rows = [line.split() for line in text.splitlines() if line.strip().startswith(("1k + 2k", "2k + 4k"))]
    assert [row[:3] for row in rows] == [["1k", "+", "2k"], ["2k", "+", "4k"]]
    assert rows[0][5] != "—"  # Polars' time at 1k
    assert rows[1][5] == "—"  # none at 2k
    for label in ("ours, all indicators at 2k", "target ≤ 15 s", "ours, peak RSS at 2k", "target ≤ 3,072 MiB"):
        assert label in text
    assert "ours ÷ expert SQL at 2k" in text
    assert (tmp_path / "1k" / "dossiers.parquet").exists()
    assert not (tmp_path / "1k" / "dossiers.csv").exists()

    # Kept files are reused by the next run with the same arguments.
    again = StringIO()
    call_command("bench_indicators", *arguments, stdout=again)
    assert again.getvalue().count("reused (written earlier with the same arguments)") == 2
    assert "Polars lazy on Parquet" in again.getvalue()


def test_the_command_runs_end_to_end_at_a_tiny_scale(tmp_path: Path):
    out = StringIO()
    call_command(
        "bench_indicators",
        "--dossiers",
        "1000",
        "--logins",
        "2000",
        "--units",
        "12",
        "--runs",
        "1",
        "--keep",
        str(tmp_path),
        "--profile",
        stdout=out,
    )
    text = out.getvalue()
    assert "agreement: ours, the expert SQL, Polars, pandas, ours on CSV give the same" in text
    for label in (
        "ours: engine on Parquet, to Arrow",
        "expert SQL: one DuckDB statement, to Arrow",
        "Polars lazy on Parquet",
        "pandas baseline on Parquet",
        "floor: DuckDB bare scan of Parquet",
        "DuckDB bare scan of CSV",
        "ours on CSV",
        "ours, all indicators",
        "target ≤ 3,000 ms",
        "target ≤ 2,048 MiB",
        "target ≥ 2×",
        "target ≤ 1.5×",
        "ours ÷ expert SQL",
        "target ≤ 1.1×",
        "ours ÷ Polars lazy",
        "target < 1×",
        "where ours spends its time",
        "statement: CREATE OR REPLACE TEMP TABLE official_months",
        "HASH_GROUP_BY",
        "total, to an Arrow table of",
    ):
        assert label in text
    for name in ("dossiers.parquet", "logins.parquet", "dossiers.csv", "logins.csv"):
        assert (tmp_path / name).exists()
    header = (tmp_path / "dossiers.csv").read_text().splitlines()[0]
    assert header == synthetic.DOSSIER_CSV_HEADER


def test_check_fails_when_a_target_is_missed(tmp_path: Path):
    with pytest.raises(CommandError, match="targets missed: ours, all indicators") as raised:
        call_command(
            "bench_indicators",
            *("--dossiers", "500", "--logins", "1000", "--units", "5", "--runs", "1", "--keep", str(tmp_path)),
            *("--target-seconds", "0", "--check"),
            stdout=StringIO(),
        )
    assert raised.value.returncode == 1


def test_a_disagreement_always_fails_with_status_2():
    command = bench_indicators.IndicatorBench(OutputWrapper(StringIO()))
    figures = [(1, "2021", "online_rate", 3, 10)]
    timings = {
        "ours": bench_indicators.Timing([1.0], [1.0], [1.0], figures),
        "pandas": bench_indicators.Timing([1.0], [1.0], [1.0], [(1, "2021", "online_rate", 4, 10)]),
        "ours_csv": bench_indicators.Timing([1.0], [1.0], [1.0], figures),
    }
    with pytest.raises(CommandError, match="pandas differs from ours") as raised:
        command.agree(timings)
    assert raised.value.returncode == 2


def test_the_login_pass_split_by_unit_ranges_gives_the_same_figures(files, monkeypatch):
    dossiers, logins = engine.parquet([files.dossiers_parquet]), engine.parquet([files.logins_parquet])
    whole = engine.compute(dossiers, logins, files.tree, files.workdays)
    monkeypatch.setattr(engine, "LOGINS_PER_PASS", LOGINS // 3)
    assert len(engine._unit_ranges(engine.connect(), logins)) >= 3
    assert engine.compute(dossiers, logins, files.tree, files.workdays) == whole


def test_every_anchor_counts_a_login_exported_twice_once(tmp_path: Path):
    # Four rows but three distinct instants on Monday: no compliant day. The 10M synthetic set has 1,124 such
    # repeated rows; pandas once counted rows and disagreed there.
    con = duckdb.connect()
    path = tmp_path / "logins.parquet"
    con.execute(
        f"""COPY (SELECT * FROM (VALUES ('a', 1, TIMESTAMP '2021-01-04 08:00'), ('a', 1, TIMESTAMP '2021-01-04 09:00'),
        ('a', 1, TIMESTAMP '2021-01-04 10:00'), ('a', 1, TIMESTAMP '2021-01-04 10:00')) v("user", unit_id, "at"))
        TO '{path}' (FORMAT parquet)"""
    )
    workdays = [d for d in synthetic.working_days(2021) if d.month == 1]
    ours = engine.compute(None, engine.parquet([path]), [(1, 1)], workdays)
    assert {(f.period, f.numerator) for f in ours} == {("2021-01", 0), ("2021-Q1", 0), ("2021", 0)}
    assert baseline.compute([], [path], [(1, 1)], workdays) == ours
    frame = polars_lazy.compute(None, str(path), [(1, 1)], workdays)
    assert _sorted_rows(frame.select(["unit_id", "period", "indicator", "numerator", "denominator"]).rows()) == (
        _sorted_rows((f.unit_id, f.period, f.indicator, f.numerator, f.denominator) for f in ours)
    )
