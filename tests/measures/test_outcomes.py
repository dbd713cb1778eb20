"""The common outcome measures, definition by definition, on hand-built frames."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from conftest import frame, person
from pandas.testing import assert_frame_equal, assert_series_equal

from finsam_analysis.measures import outcomes as oc
from finsam_analysis.periods import parse_period

COUNTS = ["active", "exits", "dropouts", "work", "studies", "vocational_rehab", "medical_rehab",
          "sickness_compensation", "other", "active_at_end", "positive"]


def worked_example():
    """The policy's example: 56 active, 23 exits, 3 dropouts, 4/2/2/6/0/6, 33 at the start of
    next year → 8 / 20 = 40 %. Women and men alternate so both rows exist."""
    recs = []
    sexes = iter(["K", "M"] * 40)
    for _ in range(33):  # still active after the year
        recs.append(person(next(sexes), "2019-05-01"))
    for _ in range(3):  # dropouts: out within two months
        recs.append(person(next(sexes), "2020-03-01", "2020-04-15", "other"))
    for reason, n in [("work", 4), ("studies", 2), ("vocational_rehab", 2), ("medical_rehab", 6),
                      ("sickness_compensation", 0), ("other", 6)]:
        for _ in range(n):
            recs.append(person(next(sexes), "2019-01-10", "2020-06-30", reason, years=5.6))
    return frame(*recs)


def test_worked_example_of_the_policy():
    t = oc.outcome_table(worked_example(), "2020")
    total = t.loc["total", COUNTS].tolist()
    assert total == [56, 23, 3, 4, 2, 2, 6, 0, 6, 33, 8]
    assert t.loc["total", "positive_share"] == pytest.approx(40.0)
    assert t.loc["total", "completed"] == 20


def test_outcome_table_written_out_in_full():
    p = frame(
        person("K", "2019-06-01", "2020-03-10", "work", years=2.0),        # exit, work
        person("K", "2020-02-01", "2020-03-15", "other"),                 # dropout
        person("M", "2020-05-01", "2020-12-31", "studies", years=4.0),    # exit on last day
        person("M", "2019-01-01"),                                        # active throughout
        person("M", "2020-12-31"),                                        # starts last day
        person("", "2019-01-01", "2020-01-01", "medical_rehab"),          # exit on first day
        person("K", "2019-01-01", "2019-12-31", "work"),                  # left before: out
        person("K", "2021-01-01"),                                        # starts after: out
    )
    t = oc.outcome_table(p, "2020")
    expected = pd.DataFrame(
        {
            "active": [2, 3, 1, 6], "exits": [2, 1, 1, 4], "dropouts": [1, 0, 0, 1],
            "work": [1, 0, 0, 1], "studies": [0, 1, 0, 1], "vocational_rehab": [0, 0, 0, 0],
            "medical_rehab": [0, 0, 1, 1], "sickness_compensation": [0, 0, 0, 0],
            "other": [0, 0, 0, 0], "active_at_end": [0, 2, 0, 2], "positive": [1, 1, 0, 2],
            "positive_share": [100.0, 100.0, 0.0, 200 / 3],
            "mean_years_without_work": [2.0, 4.0, np.nan, 3.0],
        },
        index=pd.Index(["K", "M", "unknown", "total"], name="group"),
    )
    assert_frame_equal(t[expected.columns], expected, check_dtype=False)
    # Throughput: 2019-06-01 → 2020-03-10 is 283 days; 2020-05-01 → 2020-12-31 is 244 days.
    m = 365.25 / 12
    assert t.loc["K", "mean_throughput_months"] == pytest.approx(283 / m)
    assert t.loc["M", "mean_throughput_months"] == pytest.approx(244 / m)
    assert t.loc["total", "mean_throughput_months"] == pytest.approx((283 + 244) / 2 / m)


@pytest.mark.parametrize("period", ["2020", "2020H1", "2020H2", "2020/21", "2020T2",
                                    "2020-03-01..2020-03-31"])
def test_start_on_last_day_and_exit_on_first_day(period):
    p = parse_period(period)
    last, first = p.end.isoformat(), p.start.isoformat()
    t = oc.outcome_table(frame(
        person("K", last),                                   # starts on the last day: active
        person("M", "2015-01-01", first, "work"),            # exits on the first day: an exit
        person("K", "2015-01-01", (p.start - dt.timedelta(days=1)).isoformat(), "work"),
        person("M", (p.end + dt.timedelta(days=1)).isoformat()),
    ), p)
    assert t.loc["total", "active"] == 2
    assert t.loc["total", "exits"] == 1
    assert t.loc["total", "work"] == 1
    assert t.loc["total", "active_at_end"] == 1
    assert t.loc["K", "active_at_end"] == 1


@pytest.mark.parametrize(("start", "end", "dropout"), [
    ("2020-01-15", "2020-03-15", True),     # exactly two calendar months: a dropout
    ("2020-01-15", "2020-03-16", False),    # one day more: not a dropout
    ("2020-12-31", "2021-02-28", True),     # month-end clipping: 31 Dec + 2 months = 28 Feb
    ("2020-12-31", "2021-03-01", False),
    ("2019-12-31", "2020-02-29", True),     # leap year: 29 Feb
    ("2019-12-31", "2020-03-01", False),
    ("2021-04-30", "2021-06-30", True),
    ("2021-03-31", "2021-05-31", True),
    ("2021-03-31", "2021-06-01", False),
    ("2021-03-10", "2021-03-10", True),     # left the same day
])
def test_dropout_window_is_two_calendar_months(start, end, dropout):
    t = oc.outcome_table(frame(person("K", start, end, "work")), "2015-01-01..2025-12-31")
    assert t.loc["total", "dropouts"] == int(dropout)
    assert t.loc["total", "work"] == int(not dropout)


def test_dropout_window_is_a_setting():
    p = frame(person("K", "2020-01-15", "2020-04-15", "work"))
    assert oc.outcome_table(p, "2020", dropout_months=2).loc["total", "dropouts"] == 0
    assert oc.outcome_table(p, "2020", dropout_months=3).loc["total", "dropouts"] == 1


def test_dropout_counted_in_the_period_of_its_exit_only():
    # Starts in H1, leaves in H2 within two months: a dropout of H2, just active in H1.
    p = frame(person("K", "2020-06-15", "2020-07-20", "other"))
    h1, h2 = oc.outcome_table(p, "2020H1"), oc.outcome_table(p, "2020H2")
    assert (h1.loc["total", "exits"], h1.loc["total", "dropouts"]) == (0, 0)
    assert (h2.loc["total", "exits"], h2.loc["total", "dropouts"]) == (1, 1)
    assert h1.loc["total", "active_at_end"] == 1


def test_no_completed_exits_gives_no_share_not_zero():
    t = oc.outcome_table(frame(person("K", "2020-01-01", "2020-01-20", "work"),
                               person("M", "2020-01-01")), "2020")
    assert t.loc["total", "dropouts"] == 1
    assert np.isnan(t.loc["total", "positive_share"])
    assert np.isnan(t.loc["M", "positive_share"])
    assert np.isnan(t.loc["total", "mean_throughput_months"])


def test_unknown_row_only_when_someone_has_unknown_sex():
    known = oc.outcome_table(frame(person("K"), person("M")), "2020")
    assert list(known.index) == ["K", "M", "total"]
    # An unknown-sex enrolment outside the period does not bring the row in.
    outside = oc.outcome_table(frame(person("K"), person("", "2010-01-01", "2010-05-01",
                                                         "work")), "2020")
    assert list(outside.index) == ["K", "M", "total"]
    unknown = oc.outcome_table(frame(person("K"), person("")), "2020")
    assert list(unknown.index) == ["K", "M", "unknown", "total"]
    assert unknown.loc["M", "active"] == 0


def test_background_variables_only_for_positive_outcomes():
    p = frame(
        person("K", "2019-01-01", "2020-06-01", "work", years=3.0),
        person("K", "2019-01-01", "2020-06-01", "studies", years=9.0),
        person("K", "2019-01-01", "2020-06-01", "vocational_rehab", years=None),
        person("K", "2019-01-01", "2020-06-01", "medical_rehab", years=20.0),   # not positive
        person("M", "2020-05-01", "2020-05-20", "work", years=1.0),             # dropout
    )
    b = oc.background_variables(p, "2020")
    assert b.loc["K", "positive"] == 3
    assert b.loc["K", "n_years_known"] == 2
    assert b.loc["K", "mean_years_without_work"] == pytest.approx(6.0)
    assert b.loc["K", "n_at_sus_cap"] == 1
    assert b.loc["M", "positive"] == 0
    assert np.isnan(b.loc["M", "mean_years_without_work"])
    days = (pd.Timestamp("2020-06-01") - pd.Timestamp("2019-01-01")).days
    assert b.loc["total", "mean_throughput_months"] == pytest.approx(days / (365.25 / 12))


def test_exit_other_and_work_support_breakdowns():
    p = frame(
        person("K", "2019-01-01", "2020-06-01", "other", other_category="moved"),
        person("M", "2019-01-01", "2020-06-01", "other", other_category="moved"),
        person("M", "2019-01-01", "2020-06-01", "other"),
        person("K", "2020-05-01", "2020-05-02", "other", other_category="parental_leave"),
        person("K", "2019-01-01", "2020-06-01", "work", support="with_support"),
        person("K", "2019-01-01", "2020-06-01", "work", support="without_support"),
        person("M", "2019-01-01", "2020-06-01", "work"),
    )
    other = oc.exit_other_breakdown(p, "2020")
    expected = pd.DataFrame({"moved": [1, 1, 2], "unspecified": [0, 1, 1], "total": [1, 2, 3]},
                            index=pd.Index(["K", "M", "total"], name="group"))
    assert_frame_equal(other, expected, check_dtype=False)
    work = oc.work_support_breakdown(p, "2020")
    expected = pd.DataFrame({"with_support": [1, 0, 1], "without_support": [1, 0, 1],
                             "unspecified": [0, 1, 1], "total": [2, 1, 3]},
                            index=pd.Index(["K", "M", "total"], name="group"))
    assert_frame_equal(work, expected, check_dtype=False)
    t = oc.outcome_table(p, "2020")
    assert other.loc["total", "total"] == t.loc["total", "other"]
    assert work.loc["total", "total"] == t.loc["total", "work"]


def test_age_groups_and_referrers_count_the_active():
    p = frame(
        person("K", "2020-03-01", birth_year=2004, referrer="af"),   # 16
        person("K", "2020-03-01", birth_year=1996, referrer="fk"),   # 24
        person("M", "2020-03-01", birth_year=1995, referrer="af"),   # 25
        person("M", "2020-03-01", birth_year=1956, referrer=None),   # 64
        person("M", "2020-03-01", birth_year=1950, referrer="region"),  # 70: other age
        person("K", "2021-03-01", birth_year=1990, referrer="af"),   # not active in 2020
    )
    ages = oc.age_groups(p, "2020")
    assert ages.loc["K", "16-24"] == 2
    assert ages.loc["M", "25-29"] == 1
    assert ages.loc["M", "50-64"] == 1
    assert ages.loc["M", "other_age"] == 1
    assert "unknown_age" not in ages
    assert ages.loc["total", "total"] == 5
    refs = oc.referrers(p, "2020")
    assert refs.loc["total", "af"] == 2
    assert refs.loc["M", "unknown_referrer"] == 1
    assert_series_equal(refs["total"], ages["total"])


def test_trend_repeats_the_table_for_earlier_periods():
    p = worked_example()
    trend = oc.outcome_trend(p, "2020", n_previous=2)
    assert list(trend["period"].unique()) == ["2018", "2019", "2020"]
    latest = trend[trend["period"] == "2020"].set_index("group").drop(columns="period")
    assert_frame_equal(latest, oc.outcome_table(p, "2020"), check_dtype=False)
    half = oc.outcome_trend(p, "2020H2", n_previous=3)
    assert list(half["period"].unique()) == ["2019H1", "2019H2", "2020H1", "2020H2"]


def test_target_table_at_exit_and_after_followups():
    p = frame(
        person("K", "2019-01-01", "2020-03-01", "work", pid="a"),
        person("K", "2019-01-01", "2020-03-01", "medical_rehab", pid="b"),
        person("M", "2019-01-01", "2020-03-01", "studies", pid="c"),
        person("M", "2020-02-01", "2020-02-10", "work", pid="d"),  # dropout: not in the base
    )
    fu = pd.DataFrame({"participant_id": ["a", "b", "d"], "team": ["t1"] * 3,
                       "months_after_exit": [6, 6, 6], "status": ["work", "work", "work"]})
    targets = {"work": {"at_exit": 25, "after_6_months": 35}, "studies": {"after_2_years": 15}}
    t = oc.target_table(p, "2020", targets, fu).set_index(["measure", "timepoint", "group"])
    assert t.loc[("work", "at_exit", "K"), ["base", "count", "share"]].tolist() == [2, 1, 50.0]
    assert t.loc[("work", "at_exit", "total"), "share"] == pytest.approx(100 / 3)
    assert t.loc[("work", "after_6_months", "K"), ["with_followup", "count"]].tolist() == [2, 2]
    assert t.loc[("work", "after_6_months", "M"), "with_followup"] == 0
    assert np.isnan(t.loc[("work", "after_6_months", "M"), "share"])  # nobody followed up
    # The share is of those followed up (2 of the cohort of 3), not of the cohort.
    assert t.loc[("work", "after_6_months", "total"), ["base", "with_followup", "count"]
                 ].tolist() == [3, 2, 2]
    assert t.loc[("work", "after_6_months", "total"), "share"] == pytest.approx(100.0)
    assert t.loc[("studies", "after_2_years", "total"), "target"] == 15
    # Nobody's 2-year follow-up falls in 2020 (they left in 2020): an empty cohort.
    assert t.loc[("studies", "after_2_years", "total"), ["base", "with_followup"]
                 ].tolist() == [0, 0]


def test_add_months_clips_to_the_month_end():
    from finsam_analysis.periods import add_months

    s = pd.Series(pd.to_datetime(["2020-12-31", "2020-01-31", "2021-08-31", None]))
    got = add_months(s, 2)
    assert got.iloc[0] == pd.Timestamp("2021-02-28")
    assert got.iloc[1] == pd.Timestamp("2020-03-31")
    assert got.iloc[2] == pd.Timestamp("2021-10-31")
    assert pd.isna(got.iloc[3])
    assert add_months(s, 1).iloc[1] == pd.Timestamp("2020-02-29")
    assert add_months(s, -2).iloc[0] == pd.Timestamp("2020-10-31")
