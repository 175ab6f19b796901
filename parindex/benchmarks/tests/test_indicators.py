"""bench-indicators at a tiny scale: the synthetic data has the promised shape, the pandas baseline and the engine
agree figure for figure, and the command runs end to end. No database is needed."""

from io import StringIO
from pathlib import Path

import duckdb
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, OutputWrapper

from parindex.benchmarks import baseline, synthetic
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
    assert "agreement: ours, pandas and ours on CSV give the same" in text
    for label in (
        "ours: engine.compute on Parquet",
        "pandas baseline on Parquet",
        "floor: DuckDB bare scan of Parquet",
        "DuckDB bare scan of CSV",
        "ours on CSV",
        "ours, all indicators",
        "target ≤ 3,000 ms",
        "target ≤ 2,048 MiB",
        "target ≥ 2×",
        "target ≤ 1.5×",
        "where ours spends its time",
        "CREATE OR REPLACE TEMP TABLE login_days",
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
