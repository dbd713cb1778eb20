from __future__ import annotations

import datetime as dt

import pytest

from finsam_analysis.periods import PeriodError, parse_period

D = dt.date


@pytest.mark.parametrize(("name", "start", "end", "kind"), [
    ("2020", D(2020, 1, 1), D(2020, 12, 31), "year"),
    ("2020H1", D(2020, 1, 1), D(2020, 6, 30), "half"),
    ("2020H2", D(2020, 7, 1), D(2020, 12, 31), "half"),
    ("2020h2", D(2020, 7, 1), D(2020, 12, 31), "half"),
    ("2020/21", D(2020, 7, 1), D(2021, 6, 30), "fullyear"),
    ("2020/2021", D(2020, 7, 1), D(2021, 6, 30), "fullyear"),
    ("1999/00", D(1999, 7, 1), D(2000, 6, 30), "fullyear"),
    ("2020T1", D(2020, 1, 1), D(2020, 4, 30), "tertial"),
    ("2020T2", D(2020, 5, 1), D(2020, 8, 31), "tertial"),
    ("2020T3", D(2020, 9, 1), D(2020, 12, 31), "tertial"),
    ("2020-03-01..2020-09-30", D(2020, 3, 1), D(2020, 9, 30), "range"),
    ("2020-02-29..2020-02-29", D(2020, 2, 29), D(2020, 2, 29), "range"),
])
def test_period_forms(name, start, end, kind):
    p = parse_period(name)
    assert (p.start, p.end, p.kind) == (start, end, kind)


@pytest.mark.parametrize(("name", "previous"), [
    ("2020", "2019"), ("2020H1", "2019H2"), ("2020H2", "2020H1"), ("2020/21", "2019/20"),
    ("2000/01", "1999/00"), ("2020T1", "2019T3"), ("2020T3", "2020T2"),
    ("2020-03-01..2020-09-30", "2019-08-01..2020-02-29"),
    ("2020-03-10..2020-03-19", "2020-02-29..2020-03-09"),
])
def test_previous_period_of_the_same_kind(name, previous):
    assert parse_period(name).previous() == parse_period(previous)


def test_history_oldest_first():
    assert [p.name for p in parse_period("2021H1").history(2)] == ["2020H1", "2020H2", "2021H1"]


@pytest.mark.parametrize("bad", ["", "20", "2020H3", "2020T4", "2020/22", "2021/20",
                                 "2020-02-30..2020-03-01", "2020-05-01..2020-04-01", "H1 2020",
                                 "2020-01-01"])
def test_bad_period_names_are_refused_with_the_forms(bad):
    with pytest.raises(PeriodError, match="2020H1|ends before|consecutive|day is out"):
        parse_period(bad)


@pytest.mark.parametrize("name", ["2021/22", "2021H2", "2021", "2021T1", "2021-03-01..2021-09-30"])
def test_a_period_has_a_file_name_form_and_reads_it_back(name):
    from finsam_analysis.periods import parse_slug

    p = parse_period(name)
    assert "/" not in p.slug
    assert parse_slug(p.slug) == p


@pytest.mark.parametrize(("last", "expected"), [
    (D(2022, 6, 30), ["2021H2", "2021/22"]),  # the sample: both end on or before its last day
    (D(2022, 6, 29), ["2020/21", "2021H2"]),  # 2021/22 is not complete until 30 June
    (D(2022, 12, 30), ["2021H2", "2021/22"]),  # 2022H2 is not complete until 31 December
    (D(2022, 12, 31), ["2021/22", "2022H2"]),
    (D(2023, 3, 1), ["2021/22", "2022H2"]),
])
def test_policy_periods_are_the_latest_complete_half_and_full_year(last, expected):
    """The policy's half-year report covers 1 July – 31 December and its full-year report
    1 July – 30 June; complete = ends on or before the data's last date."""
    from finsam_analysis.periods import policy_periods

    found = policy_periods(last)
    assert [p.name for p in found] == expected
    assert all(p.end <= last for p in found)
    assert {(p.start.month, p.start.day, p.end.month, p.end.day) for p in found} == {
        (7, 1, 12, 31), (7, 1, 6, 30)}


def test_the_data_last_date_is_its_latest_recorded_date(tmp_path):
    """Hand-built data: the last date is the latest start, exit or ORS date, whichever is
    latest, and the default reports follow from it."""
    from finsam_analysis.io.load import load_data
    from finsam_analysis.reports.batch import default_periods

    d = tmp_path / "data"
    d.mkdir()
    (d / "participants.csv").write_text(
        "participant_id,team,sex,birth_year,start_date,end_date,exit_reason\n"
        "a,t,K,1980,2021-01-10,2022-06-20,work\n"
        "b,t,M,1985,2022-06-01,,\n", encoding="utf-8")
    data = load_data(d)
    assert data.last_date() == D(2022, 6, 20)
    assert default_periods(data) == ["2020/21", "2021H2"]
    (d / "ors.csv").write_text("participant_id,team,date,total\nb,t,2022-06-30,20\n",
                               encoding="utf-8")
    data = load_data(d)
    assert data.last_date() == D(2022, 6, 30)
    assert default_periods(data) == ["2021H2", "2021/22"]
