"""The DuckDB engine on its own (no database): periods, roll-ups and the cut-off date."""

from datetime import date, datetime, timedelta

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
