"""The DuckDB engine on its own (no database): periods, roll-ups and the cut-off date."""

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from parindex.indicators import engine


def logins_table(con, rows):
    con.execute('CREATE OR REPLACE TABLE l ("user" VARCHAR, unit_id INTEGER, "at" TIMESTAMP)')
    con.executemany("INSERT INTO l VALUES (?, ?, ?)", rows)
    return "l"


def january_workdays():
    return [date(2021, 1, d) for d in range(4, 32) if date(2021, 1, d).weekday() < 5]


def test_logins_after_the_cut_off_count_nowhere():
    con = engine.connect()
    rows = [("a", 1, datetime(2021, 1, day, 8 + k)) for day in range(4, 9) for k in range(4)]
    rows.append(("b", 1, datetime(2021, 1, 8, 9)))  # seen only after the cut-off
    figures = engine.compute(
        None, logins_table(con, rows), [(1, 1)], january_workdays(), until=date(2021, 1, 7), con=con
    )
    by_period = {f.period: (f.numerator, f.denominator) for f in figures}
    assert by_period["2021-01"] == (4, 4)  # a: 4 compliant days of the 4 working days up to 7 January


def test_an_official_is_counted_once_per_period_and_units_roll_up():
    con = engine.connect()
    monday = datetime(2021, 1, 4, 8)
    rows = [("a", 1, monday + timedelta(minutes=k)) for k in range(4)]
    rows += [("b", 2, monday + timedelta(days=7, minutes=k)) for k in range(5)]
    tree = [(1, 1), (2, 2), (9, 1), (9, 2), (9, 9)]
    figures = engine.compute(None, logins_table(con, rows), tree, january_workdays(), con=con)
    by_key = {(f.unit_id, f.period): (f.numerator, f.denominator) for f in figures}
    workdays = len(january_workdays())  # 20
    assert by_key[(1, "2021-01")] == (1, workdays)
    assert by_key[(9, "2021-01")] == (2, 2 * workdays)
    assert by_key[(9, "2021-Q1")] == (2, 2 * workdays)  # no working day recorded after January
    assert by_key[(9, "2021")] == (2, 2 * workdays)


def test_without_data_there_is_no_figure():
    assert engine.compute(None, None, [(1, 1)], january_workdays()) == []


def by_day(figures):
    return {(f.unit_id, f.period): (f.numerator, f.denominator) for f in figures if f.period == "2021-01"}


def test_a_login_exported_twice_counts_once_even_when_it_makes_four_rows():
    con = engine.connect()
    monday = datetime(2021, 1, 4, 8)
    rows = [("a", 1, monday + timedelta(hours=k)) for k in range(3)]
    rows.append(rows[0])  # four rows, three distinct instants: not compliant
    rows += [("a", 1, monday + timedelta(days=1, hours=k)) for k in range(4)]  # Tuesday: compliant
    figures = engine.compute(None, logins_table(con, rows), [(1, 1)], january_workdays(), con=con)
    assert by_day(figures)[(1, "2021-01")] == (1, 20)


def test_distinct_instants_in_the_same_buckets_are_counted_exactly():
    # Instants 3,599 s apart (61 × 59) fall in the same buckets of both masks: such days are left unsure by the
    # masks and counted again, exactly; instants a microsecond apart are distinct too.
    con = engine.connect()
    monday = datetime(2021, 1, 4, 7)
    rows = [("a", 1, monday + timedelta(seconds=3599 * k)) for k in range(4)]  # compliant
    rows += [("b", 1, monday + timedelta(microseconds=k)) for k in range(4)]  # compliant
    rows += [("c", 1, monday + timedelta(seconds=3599 * k)) for k in (0, 1, 2, 2)]  # three distinct: not
    figures = engine.compute(None, logins_table(con, rows), [(1, 1)], january_workdays(), con=con)
    assert by_day(figures)[(1, "2021-01")] == (2, 3 * 20)


def test_the_memory_limit_is_checked_and_set_without_importing_pandas(tmp_path):
    with pytest.raises(ValueError, match="not a memory limit"):
        engine.connect(memory_limit="1GB'; DROP TABLE x; --")
    assert engine.connect(memory_limit="1.5GB").execute("SELECT current_setting('memory_limit')").fetchone()[0]
    # Binding any Python value as a parameter makes DuckDB's client import pandas and numpy (~125 MiB): the engine
    # binds none, from connect() to the Arrow-free fetch of its figures.
    script = (
        "import sys, datetime\n"
        "from parindex.indicators import engine\n"
        "con = engine.connect(2, '1GB')\n"
        'con.execute(\'CREATE TABLE l ("user" VARCHAR, unit_id INTEGER, "at" TIMESTAMP)\')\n'
        "con.execute(\"INSERT INTO l VALUES ('a', 1, TIMESTAMP '2021-01-04 08:00')\")\n"
        "figures = engine.compute(None, 'l', [(1, 1)], [datetime.date(2021, 1, 4)], con=con)\n"
        "assert figures, figures\n"
        "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "[]"
