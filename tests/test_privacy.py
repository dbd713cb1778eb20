"""Suppression of small counts for external reports, and anonymised team names."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import frame, person

from finsam_analysis.measures import outcomes as oc
from finsam_analysis.measures.groups import anonymise_teams
from finsam_analysis.present.disclosure import (
    crosstab_mask,
    outcome_mask,
    suppression_mask,
)
from finsam_analysis.present.tables import present
from finsam_analysis.schema import EXIT_REASONS


def test_primary_suppression_hides_one_to_threshold_not_zero():
    t = pd.DataFrame({"a": [0, 1, 3, 4]}, index=list("wxyz"))
    assert suppression_mask(t, [], 3)["a"].tolist() == [False, True, True, False]
    assert suppression_mask(t, [], 4)["a"].tolist() == [False, True, True, True]


def test_secondary_suppression_masks_the_next_smallest():
    t = pd.DataFrame({"n": [2, 10, 7, 19]}, index=["K", "M", "unknown", "total"])
    mask = suppression_mask(t, [[("K", "n"), ("M", "n"), ("unknown", "n"), ("total", "n")]])
    assert mask["n"].tolist() == [True, False, True, False]


def test_secondary_suppression_cascades_until_no_set_has_one_mask():
    # rows add up to the total column and columns to the total row
    t = pd.DataFrame({"a": [2, 10, 12], "b": [8, 9, 17], "total": [10, 19, 29]},
                     index=["K", "M", "total"])
    mask = crosstab_mask(t)
    assert mask.loc["K", "a"]
    sets = ([[(r, c) for r in ["K", "M", "total"]] for c in t.columns]
            + [[(r, c) for c in t.columns] for r in t.index])
    for cells in sets:
        assert sum(mask.at[c] for c in cells) != 1
    assert not mask.loc["total", "total"]


def test_outcome_table_mask_covers_shares_and_means():
    recs = [person("K", "2019-01-01", "2020-06-01", "work", years=3.0) for _ in range(6)]
    recs += [person("M", "2019-01-01", "2020-06-01", "work", years=3.0) for _ in range(4)]
    recs += [person("M", "2019-01-01") for _ in range(10)]
    t = oc.outcome_table(frame(*recs), "2020")
    mask = outcome_mask(t)
    assert not mask.loc["K", "positive_share"]     # 6 completed: shown
    assert not mask.loc["M", "work"]                # 4 is above the threshold
    assert mask.loc["M", "positive_share"]          # but a share resting on 4 people is not
    assert mask.loc["M", "mean_years_without_work"]
    assert not mask.loc["K", "mean_years_without_work"]
    assert not mask.loc["total", "mean_throughput_months"]


def test_two_groups_hiding_one_hides_the_other():
    recs = [person("K", "2019-01-01", "2020-06-01", "work") for _ in range(6)]
    recs += [person("M", "2019-01-01", "2020-06-01", "work") for _ in range(2)]
    t = oc.outcome_table(frame(*recs), "2020")
    mask = outcome_mask(t)
    assert mask.loc["M", "work"] and mask.loc["K", "work"]  # else total − K gives M
    assert not mask.loc["total", "work"]
    assert mask.loc["K", "positive_share"]  # its denominator's exits are hidden


def test_share_is_hidden_when_its_counts_are():
    # 10 completed, 2 dropouts: the dropouts are hidden, so the share (which would give the
    # denominator back) must be too.
    recs = [person("K", "2019-01-01", "2020-06-01", "work") for _ in range(10)]
    recs += [person("K", "2020-03-01", "2020-03-20", "other") for _ in range(2)]
    recs += [person("M", "2019-01-01", "2020-06-01", "medical_rehab") for _ in range(12)]
    t = oc.outcome_table(frame(*recs), "2020")
    mask = outcome_mask(t)
    assert mask.loc["K", "dropouts"]
    assert mask.loc["K", "positive_share"]


def test_present_external_shows_dots_and_a_legend_internal_shows_all():
    recs = [person("K", "2019-01-01", "2020-06-01", "work") for _ in range(2)]
    recs += [person("M", "2019-01-01") for _ in range(20)]
    t = oc.outcome_table(frame(*recs), "2020")
    ext = present(t, "outcomes", "external")
    assert ext.frame.loc["Kvinnor", "Antal i arbete"] == ".."
    assert "1 till 3" in ext.legend
    internal = present(t, "outcomes", "internal")
    assert internal.frame.loc["Kvinnor", "Antal i arbete"] == "2"
    assert list(internal.frame.index) == ["Kvinnor", "Män", "Totalt"]


def test_anonymised_teams_are_stable_and_not_alphabetical():
    teams = ["ankaret", "fjarilen", "kompassen", "solrosen", "bryggan", "dalen"]
    names = anonymise_teams(teams)
    assert names == anonymise_teams(list(reversed(teams)))
    assert sorted(names.values()) == [f"Grupp {c}" for c in "ABCDEF"]
    in_letter_order = sorted(teams, key=lambda t: names[t])
    assert in_letter_order != sorted(teams)
    assert anonymise_teams(teams, salt="other") != names


def test_trend_hides_what_each_period_hides():
    from finsam_analysis.present.tables import present_trend

    recs = [person("K", "2019-01-01", "2020-06-01", "work") for _ in range(2)]
    recs += [person("M", "2019-01-01", "2020-06-01", "medical_rehab") for _ in range(8)]
    recs += [person("K", "2018-01-01", "2019-06-01", "work") for _ in range(9)]
    recs += [person("M", "2018-01-01", "2019-06-01", "work") for _ in range(9)]
    p = frame(*recs)
    trend = oc.outcome_trend(p, "2020", n_previous=1)
    ext = present_trend(trend, "external")
    assert ext.frame.loc["Kvinnor", "2020"] == ".."
    assert ext.frame.loc["Totalt", "2019"] == "100,0 %"
    for period in ("2019", "2020"):
        own = outcome_mask(oc.outcome_table(p, period))["positive_share"]
        assert ext.masked[period].tolist() == own.tolist()
    internal = present_trend(trend, "internal")
    assert internal.frame.loc["Kvinnor", "2020"] == "100,0 %"
    assert internal.frame.loc["Män", "2020"] == "0,0 %"


def test_target_table_hides_small_bases_even_without_a_measurement():
    from finsam_analysis.present.tables import present_targets

    recs = [person("K", "2019-01-01", "2020-06-01", "work") for _ in range(10)]
    recs += [person("M", "2019-01-01", "2020-06-01", "studies") for _ in range(2)]
    targets = {"work": {"at_exit": 25}, "improved_health": {"at_exit": 90}}
    t = oc.target_table(frame(*recs), "2020", targets)
    text = present_targets(t, "external").frame.to_string()
    assert "av 2)" not in text and "(2 av" not in text
    assert "av 12)" in text
    internal = present_targets(t, "internal").frame
    assert internal.loc["Andel i arbete vid avslut", "Kvinnor"] == "100,0 % (10 av 10)"
    assert internal.loc["Andel i arbete vid avslut", "Målnivå"] == "25,0 %"


PERIODS = ["2019H1", "2020H2", "2021/22", "2022T1"]


def _check_mask(mask, table, sets, counts, threshold=3):
    for cells in sets:
        assert sum(bool(mask.at[c]) for c in cells) != 1, cells
    values = table[counts].astype(float)
    small = (values >= 1) & (values <= threshold)
    assert (mask[counts] | ~small).all().all()


@pytest.mark.parametrize("period", PERIODS)
def test_every_sample_report_is_safe_and_consistent(sample_data, period):
    """In every report of the sample: no small count shows, no additive set has exactly one
    hidden cell, and a number shown in two tables is hidden in both or neither."""
    from finsam_analysis.present import disclosure
    from finsam_analysis.reports.report import report_tables

    for team in [None, *sample_data.teams]:
        r = report_tables(sample_data.for_team(team), period, "external")
        t, m = r.tables, r.masks
        _check_mask(m["outcomes"], t["outcomes"], disclosure.outcome_constraints(t["outcomes"]),
                    list(disclosure.OUTCOME_COUNTS))
        for name in ("age", "referrer", "exit_other", "work_support"):
            c = t[name]
            _check_mask(m[name], c, disclosure.crosstab_constraints(c), list(c.columns))
        _check_mask(m["change"], t["change"], disclosure.change_constraints(t["change"]),
                    list(disclosure.CHANGE_COUNTS))
        assert (m["change"]["mean_change"] | (t["change"]["with_two_or_more"] >= 5)).all()
        co = t["compliance"]
        cols = disclosure.compliance_counts(co)
        _check_mask(m["compliance"], co, disclosure.by_sex_constraints(co, cols), cols)
        # the same number, the same mask
        active = m["outcomes"]["active"]
        for name, col in (("age", "total"), ("referrer", "total"), ("change", "participants"),
                          ("compliance", "participants")):
            assert m[name][col].equals(active), (team, name)
        assert m["work_support"]["total"].equals(m["outcomes"]["work"])
        assert m["exit_other"]["total"].equals(m["outcomes"]["other"])
        assert m["background"]["positive"].equals(m["outcomes"]["positive"])
        h = t["health"]
        _check_mask(m["health"], h, disclosure.by_sex_constraints(h, ["exits", "with_both",
                                                                   "improved"]),
                    ["exits", "with_both", "improved"])
        groups = m["outcomes"].index  # the targets' base is the same number as health exits
        targets = t["targets"]
        first = targets[targets["measure"] == targets["measure"].iloc[0]]
        first = first[first["timepoint"] == first["timepoint"].iloc[0]]
        first = first[first["group"].isin(groups)]  # an unknown row may come from a cohort
        tmask = report_masks_targets(r)
        assert tmask.loc[first.index, "base"].tolist() == m["health"]["exits"][groups].tolist()
        # the follow-up table: safe at each time point, and its cohorts and statuses are the
        # same numbers as the targets' after 6 months and 2 years
        f, fm = t["followups"], m["followups"]
        cols = ["cohort", "followed_up", *EXIT_REASONS]
        for months in (6, 12, 18, 24):
            rows = f.index[f["months_after_exit"] == months]
            block = f.loc[rows].set_index("group")[cols]
            bmask = fm.loc[rows].set_index(f.loc[rows, "group"])[cols]
            sets = disclosure.by_sex_constraints(block, cols) + disclosure.row_sum_constraints(
                block, list(EXIT_REASONS), "followed_up")
            _check_mask(bmask, block, sets, cols)
        for timepoint, months in (("after_6_months", 6), ("after_2_years", 24)):
            for measure in ("work", "studies"):
                tt = targets[(targets["measure"] == measure) & (targets["timepoint"] == timepoint)]
                for i in tt.index:
                    row = f.index[(f["months_after_exit"] == months)
                                  & (f["group"] == tt.at[i, "group"])]
                    if len(row):
                        assert tmask.at[i, "base"] == fm.at[row[0], "cohort"]
                        assert tmask.at[i, "with_followup"] == fm.at[row[0], "followed_up"]
                        assert tmask.at[i, "count"] == fm.at[row[0], measure]
        for name in ("staff_role", "staff_age"):
            people = t[name].drop(columns="fte")
            _check_mask(m[name], people, disclosure.crosstab_constraints(people),
                        list(people.columns))
            assert (m[name]["fte"] == m[name]["total"]).all()
        # and the share of the outcome table is hidden in the trend exactly when it is here
        trend = r.presented["trend"].masked[period]
        own = m["outcomes"]["positive_share"]
        assert trend[own.index].tolist() == own.tolist()


def report_masks_targets(report):
    """The joint count mask of the targets table (base and count), as the report used it."""
    from finsam_analysis.reports.report import joint_count_masks

    return joint_count_masks(report.tables, 3)["targets"]
