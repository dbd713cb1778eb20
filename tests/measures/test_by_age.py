"""The tables by age group at start (`by="age"`): the same rules as the tables by sex, the
age groups as the rows; age at start = start year − birth year, so the boundaries by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import frame, person
from pandas.testing import assert_frame_equal, assert_series_equal

from finsam_analysis.measures import groups as gr
from finsam_analysis.measures import health as hl
from finsam_analysis.measures import ors
from finsam_analysis.measures import outcomes as oc

AGES = ["16-24", "25-29", "30-39", "40-49", "50-64"]


def test_age_at_start_is_start_year_minus_birth_year():
    """Birth dates are not kept: 1996 is 24 at any start in 2020 (even 31 December), 25 at
    any start in 2021 (even 1 January); 1956 is 64 in 2020, 65 (outside) in 2021."""
    p = frame(person("K", "2020-12-31", birth_year=1996, pid="a"),
              person("K", "2021-01-01", birth_year=1996, pid="b"),
              person("M", "2020-01-01", birth_year=1956, pid="c"),
              person("M", "2021-06-01", birth_year=1956, pid="d"),
              person("M", "2020-06-01", birth_year=2004, pid="e"),
              person("M", "2020-06-01", birth_year=2005, pid="f"),
              person("K", "2020-06-01", birth_year=None, pid="g"))
    age = gr.age_at_start(p)
    assert age.tolist()[:6] == [24, 25, 64, 65, 16, 15]
    assert gr.age_group(age).tolist() == ["16-24", "25-29", "50-64", "other_age", "16-24",
                                          "other_age", "unknown_age"]


def people():
    """Twelve enrolments of 2020, by hand: the boundary 24 | 25 (born 1996 and 1995, both
    starting in 2020), one without a birth year, one aged 70."""
    return frame(
        person("K", "2019-06-01", "2020-03-10", "work", birth_year=1995, pid="a"),     # 24
        person("M", "2020-02-01", "2020-03-15", "other", birth_year=1996, pid="b"),    # 24 drop
        person("K", "2020-01-10", "2020-12-31", "studies", birth_year=1995, pid="c"),  # 25
        person("M", "2019-01-01", birth_year=1994, pid="d"),                           # 25
        person("K", "2020-05-01", "2020-11-30", "medical_rehab", birth_year=1985,
               pid="e"),                                                               # 35
        person("M", "2020-01-01", "2020-10-01", "vocational_rehab", birth_year=1975,
               pid="f"),                                                               # 45
        person("K", "2020-03-01", birth_year=1960, pid="g"),                           # 60
        person("M", "2020-03-01", "2020-09-01", "work", birth_year=None, pid="h"),     # unknown
        person("K", "2020-03-01", birth_year=1950, pid="i"),                           # 70
        person("", "2020-04-01", "2020-10-01", "work", birth_year=1990, pid="j"),      # 30 ?sex
        person("K", "2019-01-01", "2019-12-31", "work", birth_year=1990, pid="k"),     # out
        person("M", "2021-01-01", birth_year=1990, pid="l"),                           # out
    )


def test_outcome_table_by_age_written_out():
    t = oc.outcome_table(people(), "2020", by="age")
    rows = [*AGES, "other_age", "unknown_age", "total"]
    expected = pd.DataFrame({
        "active": [2, 2, 2, 1, 1, 1, 1, 10], "exits": [2, 1, 2, 1, 0, 0, 1, 7],
        "dropouts": [1, 0, 0, 0, 0, 0, 0, 1], "work": [1, 0, 1, 0, 0, 0, 1, 3],
        "studies": [0, 1, 0, 0, 0, 0, 0, 1], "vocational_rehab": [0, 0, 0, 1, 0, 0, 0, 1],
        "medical_rehab": [0, 0, 1, 0, 0, 0, 0, 1], "sickness_compensation": [0] * 8,
        "other": [0] * 8, "active_at_end": [0, 1, 0, 0, 1, 1, 0, 3],
        "positive": [1, 1, 1, 1, 0, 0, 1, 5]},
        index=pd.Index(rows, name="group"))
    assert_frame_equal(t[list(expected.columns)], expected)
    assert t.loc["30-39", "positive_share"] == pytest.approx(50.0)
    assert np.isnan(t.loc["50-64", "positive_share"])  # nobody completed: no share


def test_by_age_and_by_sex_share_one_total_and_one_rule():
    """The age split is the same rule grouped by another column: every Totalt agrees."""
    p = people()
    for by_sex, by_age in [(oc.outcome_table(p, "2020"), oc.outcome_table(p, "2020", by="age"))]:
        assert_series_equal(by_sex.loc["total"], by_age.loc["total"])
        rows = [g for g in by_age.index if g != "total"]
        counts = [c for c in by_age.columns if pd.api.types.is_integer_dtype(by_age[c])]
        assert (by_age.loc[rows, counts].sum() == by_age.loc["total", counts]).all()


def test_optional_age_rows_only_when_someone_has_them():
    p = frame(person("K", "2020-03-01", "2020-09-01", "work", birth_year=1990, pid="a"),
              person("M", "2020-03-01", birth_year=1980, pid="b"))
    t = oc.outcome_table(p, "2020", by="age")
    assert list(t.index) == [*AGES, "total"]
    assert t.loc["40-49", "active"] == 1 and t.loc["16-24", "active"] == 0


def test_unknown_by_is_an_error():
    with pytest.raises(ValueError, match="by must be one of"):
        oc.outcome_table(people(), "2020", by="referrer")


def test_ors_change_by_age_classes_by_the_first_measurement_but_groups_by_start():
    """Born 2003, start 2020 (17: group 16-24); the cutoff is the youth cutoff 28 by the
    first measurement's year (2020 − 2003 = 17)."""
    p = frame(person("K", "2020-01-15", pid="y", birth_year=2003),
              person("M", "2020-01-15", pid="z", birth_year=1990),
              person("M", "2020-01-15", pid="w", birth_year=1995))
    o = ors.measurement_frame([
        {"participant_id": "y", "team": "t1", "date": "2020-02-01", "total": 20},
        {"participant_id": "y", "team": "t1", "date": "2020-06-01", "total": 27},
        {"participant_id": "z", "team": "t1", "date": "2020-02-01", "total": 20},
        {"participant_id": "z", "team": "t1", "date": "2020-06-01", "total": 27},
        {"participant_id": "w", "team": "t1", "date": "2020-02-01", "total": 20}])
    t = ors.change_table(p, o, "2020", by="age")
    assert list(t.index) == [*AGES, "total"]
    assert t.loc["16-24", ["participants", "with_two_or_more", "improved"]].tolist() == [1, 1, 1]
    assert t.loc["30-39", ["participants", "with_two_or_more", "recovered"]].tolist() == [1, 1, 1]
    assert t.loc["25-29", ["participants", "with_two_or_more"]].tolist() == [1, 0]
    by_sex = ors.change_table(p, o, "2020")
    assert_series_equal(t.loc["total"], by_sex.loc["total"])


def test_health_by_age_counts_the_non_dropout_exits():
    p = people()
    forms = pd.DataFrame([
        {"participant_id": "a", "team": "t1", "occasion": "start", "q1": 4},
        {"participant_id": "a", "team": "t1", "occasion": "exit", "q1": 2},   # 24: improved
        {"participant_id": "c", "team": "t1", "occasion": "start", "q1": 3},
        {"participant_id": "c", "team": "t1", "occasion": "exit", "q1": 3},   # 25: equal
        {"participant_id": "h", "team": "t1", "occasion": "start", "q1": 5},
        {"participant_id": "h", "team": "t1", "occasion": "exit", "q1": 1},   # unknown age
    ]).assign(q2=np.nan, q3=np.nan, q4=np.nan, q5=np.nan)
    t = hl.health_table(p, forms, "2020", by="age")
    assert list(t.index) == [*AGES, "other_age", "unknown_age", "total"]
    assert t.loc["16-24", ["exits", "with_both", "improved"]].tolist() == [1, 1, 1]
    assert t.loc["25-29", ["exits", "with_both", "improved"]].tolist() == [1, 1, 0]
    assert t.loc["unknown_age", ["exits", "with_both", "improved"]].tolist() == [1, 1, 1]
    assert t.loc["total", "exits"] == hl.health_table(p, forms, "2020").loc["total", "exits"]


def test_followup_table_by_age():
    p = frame(
        person("K", "2019-01-01", "2020-07-15", "work", birth_year=1995, pid="a"),   # 24
        person("M", "2019-01-01", "2020-08-15", "work", birth_year=1994, pid="b"),   # 25
        person("M", "2019-01-01", "2020-09-15", "other", birth_year=1994, pid="c"),  # 25
    )
    fu = pd.DataFrame([("a", "t1", 6, "work"), ("b", "t1", 6, "studies"),
                       ("c", "t1", 6, "unknown")],
                      columns=["participant_id", "team", "months_after_exit", "status"])
    t = oc.followup_table(p, fu, "2021", by="age").set_index(["group", "months_after_exit"])
    assert t.loc[("16-24", 6), ["cohort", "followed_up", "work"]].tolist() == [1, 1, 1]
    assert t.loc[("25-29", 6), ["cohort", "followed_up", "studies"]].tolist() == [2, 1, 1]
    assert t.loc[("total", 6), "cohort"] == 3
    assert {g for g, _ in t.index} == {*AGES, "total"}
