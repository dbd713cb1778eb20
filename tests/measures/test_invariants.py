"""Invariants of the outcome table that hold for any data (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finsam_analysis.io.load import participants_frame
from finsam_analysis.measures import outcomes as oc
from finsam_analysis.periods import parse_period
from finsam_analysis.present.disclosure import outcome_mask
from finsam_analysis.schema import EXIT_REASONS

DAY0 = dt.date(2018, 1, 1)


@st.composite
def enrolments(draw):
    n = draw(st.integers(0, 40))
    recs = []
    for i in range(n):
        start = DAY0 + dt.timedelta(days=draw(st.integers(0, 1500)))
        ended = draw(st.booleans())
        end = start + dt.timedelta(days=draw(st.integers(0, 600))) if ended else None
        recs.append({
            "participant_id": f"p{i}", "team": "t", "sex": draw(st.sampled_from(["K", "M", ""])),
            "birth_year": 1980, "start_date": start, "end_date": end,
            "exit_reason": draw(st.sampled_from(EXIT_REASONS)) if ended else None,
            "years_without_work": draw(st.one_of(st.none(), st.floats(0, 12))),
        })
    return participants_frame(recs) if recs else participants_frame(
        [{"participant_id": "x", "team": "t", "sex": "K", "start_date": "2030-01-01"}])


PERIODS = st.sampled_from(["2018", "2019H1", "2019H2", "2019/20", "2020T2", "2021",
                           "2019-02-28..2019-03-01"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(enrolments(), PERIODS, st.integers(1, 4))
def test_outcome_columns_add_up(p, period, months):
    t = oc.outcome_table(p, period, months)
    six = t[list(EXIT_REASONS)].sum(axis=1)
    assert (six == t["exits"] - t["dropouts"]).all()
    assert (t["active_at_end"] == t["active"] - t["exits"]).all()
    assert (t["positive"] == t[["work", "studies", "vocational_rehab"]].sum(axis=1)).all()
    parts = t.drop(index="total").sum()
    for col in oc.COUNT_COLUMNS:
        assert parts[col] == t.loc["total", col]
    assert ((t["dropouts"] <= t["exits"]) & (t["exits"] <= t["active"])).all()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(enrolments(), PERIODS)
def test_active_at_end_is_active_on_the_next_day(p, period):
    per = parse_period(period)
    t = oc.outcome_table(p, per)
    next_day = pd.Timestamp(per.end + dt.timedelta(days=1))
    on_next = ((p["start_date"] <= per.end_ts) & (p["end_date"].isna()
                                                 | (p["end_date"] >= next_day))).sum()
    assert t.loc["total", "active_at_end"] == on_next


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(enrolments(), PERIODS, st.integers(1, 5))
def test_no_additive_set_has_exactly_one_masked_cell(p, period, threshold):
    from finsam_analysis.present.disclosure import OUTCOME_COUNTS, outcome_constraints

    t = oc.outcome_table(p, period)
    mask = outcome_mask(t, threshold=threshold)
    for cells in outcome_constraints(t):
        assert sum(bool(mask.at[c]) for c in cells) != 1
    counts = t[list(OUTCOME_COUNTS)]
    small = (counts >= 1) & (counts <= threshold)
    assert (mask[list(OUTCOME_COUNTS)] | ~small).all().all()
