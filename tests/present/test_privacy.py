"""Suppression of small counts for external reports, and anonymised team names."""

from __future__ import annotations

import pandas as pd
from conftest import frame, person

from finsam_analysis.measures import outcomes as oc
from finsam_analysis.measures.groups import anonymise_teams
from finsam_analysis.present.disclosure import (
    crosstab_mask,
    outcome_mask,
    suppression_mask,
)
from finsam_analysis.present.tables import present


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
    assert "skydda enskilda" in ext.legend and "minst 5 personer" in ext.legend
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


def test_trend_shows_each_share_with_its_numbers_and_hides_what_the_run_hides():
    from finsam_analysis.present.tables import present_trend

    recs = [person("K", "2019-01-01", "2020-06-01", "work") for _ in range(2)]
    recs += [person("M", "2019-01-01", "2020-06-01", "medical_rehab") for _ in range(8)]
    recs += [person("K", "2018-01-01", "2019-06-01", "work") for _ in range(9)]
    recs += [person("M", "2018-01-01", "2019-06-01", "work") for _ in range(9)]
    p = frame(*recs)
    trend = oc.outcome_trend(p, "2020", n_previous=1)
    hidden = pd.DataFrame(False, index=["K", "M", "total"],
                          columns=["2019:positive", "2019:completed", "2020:positive",
                                   "2020:completed"])
    hidden.loc["K", "2020:positive"] = True
    ext = present_trend(trend, "external", hidden=hidden)
    assert ext.frame.loc["Kvinnor", "2020"] == ".. (.. av 2)"  # and 2 < 5 hides the share
    assert ext.frame.loc["Totalt", "2019"] == "100,0 % (18 av 18)"
    assert ext.masked.loc["K", "2020"] and not ext.masked.loc["total", "2019"]
    internal = present_trend(trend, "internal")
    assert internal.frame.loc["Kvinnor", "2020"] == "100,0 % (2 av 2)"
    assert internal.frame.loc["Män", "2020"] == "0,0 % (0 av 8)"


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
