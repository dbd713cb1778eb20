"""Follow-up cohorts (SPEC, Targets): the people whose follow-up 6, 12, 18 or 24 months after
exit falls in the period, whenever they left. Hand-built enrolments at every boundary, the
follow-up table and the target table computed from them by hand, six-month health, and the
CSV the CLI prints."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import frame, person, run_cli

from finsam_analysis.measures import health as hm
from finsam_analysis.measures import outcomes as oc
from finsam_analysis.present.tables import present_targets

H1 = "2021H1"  # 2021-01-01 … 2021-06-30


def cohort_ids(p: pd.DataFrame, period: str, months: int) -> list[str]:
    return sorted(p["participant_id"][oc.followup_cohort(p, period, months)])


def test_six_month_cohort_at_the_period_boundaries():
    p = frame(
        person("K", "2019-01-01", "2020-06-30", "work", pid="day_before_first"),  # → 12-30
        person("K", "2019-01-01", "2020-07-01", "work", pid="first_day"),  # → 2021-01-01
        person("K", "2019-01-01", "2020-12-30", "work", pid="last_day"),  # → 2021-06-30
        # 2020-12-31 + 6 months: June has no 31st, so 2021-06-30, the last day: in.
        person("M", "2019-01-01", "2020-12-31", "studies", pid="clipped_to_last_day"),
        person("M", "2019-01-01", "2021-01-01", "work", pid="day_after_last"),  # → 07-01
        person("M", "2021-01-10", "2021-03-10", "work", pid="own_exit"),  # left in the period
        person("M", "2020-05-01", "2020-07-01", "work", pid="dropout"),  # start + 2 months
        person("M", "2020-05-01", "2020-07-02", "work", pid="not_dropout"),  # a day later
        person("K", "2020-01-01", None, pid="active"),
    )
    assert cohort_ids(p, H1, 6) == ["clipped_to_last_day", "first_day", "last_day",
                                    "not_dropout"]
    # The period's own exits are not its 6-month cohort (their follow-up is not due yet).
    assert "own_exit" not in cohort_ids(p, H1, 6)


def test_month_end_clipping_at_the_first_day_and_two_years():
    p = frame(
        person("K", "2019-01-01", "2020-08-31", "work", pid="aug31"),  # → 2021-02-28: out
        person("K", "2019-01-01", "2020-09-01", "work", pid="sep1"),  # → 2021-03-01: in
        person("M", "2018-01-01", "2020-02-29", "work", pid="leap"),  # +24 → 2022-02-28
        person("M", "2018-01-01", "2020-03-01", "work", pid="mar1"),  # +24 → 2022-03-01
    )
    assert cohort_ids(p, "2021-03-01..2021-08-31", 6) == ["sep1"]
    assert cohort_ids(p, "2022-03-01..2022-03-31", 24) == ["mar1"]
    assert cohort_ids(p, "2022-02-28..2022-02-28", 24) == ["leap"]
    # 12 and 18 months follow the same rule
    assert cohort_ids(p, "2021-09-01..2021-09-01", 12) == ["sep1"]
    assert cohort_ids(p, "2022-02-28..2022-02-28", 18) == ["aug31"]


def followups(*rows):
    return pd.DataFrame(rows, columns=["participant_id", "team", "months_after_exit", "status"])


def test_followup_table_by_hand():
    p = frame(
        person("K", "2019-01-01", "2020-07-15", "work", pid="a"),
        person("K", "2019-01-01", "2020-08-15", "medical_rehab", pid="b"),
        person("K", "2019-01-01", "2020-09-15", "other", pid="c"),
        person("M", "2019-01-01", "2020-10-15", "studies", pid="d"),
        person("M", "2019-01-01", "2020-01-15", "work", pid="e"),  # 12 months: 2021-01-15
        person("M", "2020-05-01", "2020-07-01", "work", pid="drop"),  # dropout: never counted
    )
    fu = followups(
        ("a", "t1", 6, "work"), ("b", "t1", 6, "studies"),
        ("c", "t1", 6, "unknown"),  # reached, status unknown: not followed up
        ("c", "t1", 12, "work"),  # another time point
        ("d", "t1", 6, "sickness_compensation"),
        ("e", "t1", 12, "vocational_rehab"), ("drop", "t1", 6, "work"),
    )
    t = oc.followup_table(p, fu, H1)
    assert list(t.columns) == ["group", "months_after_exit", "cohort", "followed_up", "work",
                               "studies", "vocational_rehab", "medical_rehab",
                               "sickness_compensation", "other", "positive_share"]
    # no one of unknown sex in any cohort: no unknown row
    assert t["group"].unique().tolist() == ["K", "M", "total"]
    assert t["months_after_exit"].tolist() == [6, 12, 18, 24] * 3
    row = t.set_index(["group", "months_after_exit"])
    assert row.loc[("K", 6), ["cohort", "followed_up", "work", "studies", "other"]
                   ].tolist() == [3, 2, 1, 1, 0]
    assert row.loc[("K", 6), "positive_share"] == pytest.approx(100.0)
    assert row.loc[("M", 6), ["cohort", "followed_up", "sickness_compensation"]
                   ].tolist() == [1, 1, 1]
    assert row.loc[("M", 6), "positive_share"] == 0.0
    assert row.loc[("total", 6), ["cohort", "followed_up"]].tolist() == [4, 3]
    assert row.loc[("total", 6), "positive_share"] == pytest.approx(200 / 3)
    assert row.loc[("M", 12), ["cohort", "followed_up", "vocational_rehab"]].tolist() == [1, 1, 1]
    assert row.loc[("K", 12), "cohort"] == 0  # c's 12-month follow-up is due in 2021H2
    assert np.isnan(row.loc[("K", 12), "positive_share"])  # nobody followed up: no share
    statuses = ["work", "studies", "vocational_rehab", "medical_rehab",
                "sickness_compensation", "other"]
    assert (t[statuses].sum(axis=1) == t["followed_up"]).all()


def test_followup_table_unknown_row_only_when_non_zero():
    p = frame(person("K", "2019-01-01", "2020-07-15", "work", pid="a"),
              person("", "2019-01-01", "2019-07-15", "work", pid="u"))  # 24 months: 2021-07-15
    # in 2022H2 only a's 24-month follow-up is due: no unknown row
    assert "unknown" not in set(oc.followup_table(p, None, "2022H2")["group"])
    t = oc.followup_table(p, None, "2021H2")
    assert t["group"].unique().tolist() == ["K", "M", "unknown", "total"]
    row = t.set_index(["group", "months_after_exit"])
    assert row.loc[("unknown", 24), "cohort"] == 1 and row.loc[("unknown", 6), "cohort"] == 0


def test_targets_use_the_cohort_and_those_followed_up():
    p = frame(
        person("K", "2019-01-01", "2020-07-15", "work", pid="a"),
        person("K", "2019-01-01", "2020-08-15", "medical_rehab", pid="b"),
        person("K", "2019-01-01", "2020-09-15", "other", pid="c"),
        person("M", "2019-01-01", "2021-03-01", "work", pid="x"),  # the period's own exit
        person("M", "2018-01-01", "2019-03-01", "work", pid="y"),  # 24 months: 2021-03-01
    )
    fu = followups(("a", "t1", 6, "work"), ("b", "t1", 6, "work"), ("c", "t1", 6, "unknown"),
                   ("y", "t1", 24, "studies"), ("x", "t1", 6, "work"))
    targets = {"work": {"at_exit": 25, "after_6_months": 35},
               "studies": {"after_2_years": 15}}
    t = oc.target_table(p, H1, targets, fu).set_index(["measure", "timepoint", "group"])
    cols = ["base", "with_followup", "count", "share"]
    assert t.loc[("work", "at_exit", "M"), cols].tolist() == [1, 1, 1, 100.0]
    assert t.loc[("work", "at_exit", "K"), cols].tolist()[:3] == [0, 0, 0]
    assert np.isnan(t.loc[("work", "at_exit", "K"), "share"])
    # 6 months: cohort a, b, c (not x, who left in the period); c's status is unknown
    assert t.loc[("work", "after_6_months", "K"), cols].tolist() == [3, 2, 2, 100.0]
    assert t.loc[("work", "after_6_months", "M"), cols].tolist()[:3] == [0, 0, 0]
    assert np.isnan(t.loc[("work", "after_6_months", "M"), "share"])
    assert t.loc[("studies", "after_2_years", "total"), cols].tolist() == [1, 1, 1, 100.0]


def test_targets_csv_columns_and_rounding(tmp_path):
    participants = ["participant_id,team,sex,birth_year,start_date,end_date,exit_reason"]
    statuses = ["work", "work", "medical_rehab", "other", "studies", "work"]
    for i in range(6):
        participants.append(f"k{i},t1,K,1980,2019-01-01,2020-07-{10 + i},{statuses[i]}")
    participants.append("m1,t1,M,1980,2019-01-01,2021-02-01,work")
    (tmp_path / "participants.csv").write_text("\n".join(participants) + "\n")
    rows = ["participant_id,team,months_after_exit,status"]
    rows += [f"k{i},t1,6,{s}" for i, s in enumerate(["work", "work", "studies", "unknown",
                                                     "medical_rehab", "work"])]
    (tmp_path / "followups.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "config.yml").write_text(
        "targets:\n  work: {at_exit: 25, after_6_months: 35}\n")
    code, out, err = run_cli("outcomes", tmp_path, "--period", H1, "--table", "targets",
                             "--format", "csv")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "measure,timepoint,group,target,base,with_followup,count,share"
    assert "work,at_exit,M,25.0,1,1,1,100.0" in lines
    assert "work,at_exit,K,25.0,0,0,0," in lines  # nobody to divide by: empty
    # cohort 6, followed up 5 (one unknown), 3 in work: 60.0 %
    assert "work,after_6_months,K,35.0,6,5,3,60.0" in lines
    assert "work,after_6_months,M,35.0,0,0,0," in lines
    code, out, _ = run_cli("outcomes", tmp_path, "--period", H1, "--table", "followups",
                           "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ("group,months_after_exit,cohort,followed_up,work,studies,"
                        "vocational_rehab,medical_rehab,sickness_compensation,other,"
                        "positive_share")
    assert "K,6,6,5,3,1,0,1,0,0,80.0" in lines
    assert "K,12,0,0,0,0,0,0,0,0," in lines
    assert len(lines) == 1 + 3 * 4


def test_six_month_health_and_the_n_of_m_count():
    # 11 non-dropout exits in 2021H1; 8 with both forms, 7 of them improved
    people, forms = [], []
    for i in range(11):
        pid = f"h{i}"
        people.append(person("K", "2020-01-01", "2021-03-01", "work", pid=pid))
        if i < 8:
            forms.append((pid, "start", 4.0))
            forms.append((pid, "exit", 2.0 if i < 7 else 4.0))
    # the 6-month cohort of 2021H1 (left 2020-09-01): 3 people, 2 with both, 1 improved
    for i, (later, has_start) in enumerate([(2.0, True), (5.0, True), (1.0, False)]):
        pid = f"s{i}"
        people.append(person("M", "2019-01-01", "2020-09-01", "work", pid=pid))
        if has_start:
            forms.append((pid, "start", 3.0))
        forms.append((pid, "followup_6m", later))
        forms.append((pid, "exit", 5.0))  # an exit form does not count at six months
    p = frame(*people)
    health = pd.DataFrame([{"participant_id": pid, "team": "t1", "occasion": occ,
                            **{f"q{k}": v for k in range(1, 6)}} for pid, occ, v in forms])
    at_exit = hm.health_table(p, health, H1)
    assert at_exit.loc["total", ["exits", "with_both", "improved"]].tolist() == [11, 8, 7]
    six = hm.health_table(p, health, H1, target=float("nan"), occasion="followup_6m")
    assert "target" not in six
    assert six.loc["M", ["cohort", "with_both", "improved"]].tolist() == [3, 2, 1]
    assert six.loc["M", "improved_share"] == 50.0
    assert six.loc["K", "cohort"] == 0 and np.isnan(six.loc["K", "improved_share"])

    from finsam_analysis.reports.report import _with_health

    targets = oc.target_table(p, H1, {"improved_health": {"at_exit": 90,
                                                          "after_6_months": 80}})
    targets = _with_health(targets, at_exit, six)
    shown = present_targets(targets, "internal").frame
    # N of M with M = those with both forms (not 7 of 11)
    assert shown.iloc[0]["Totalt"] == "87,5 % (7 av 8)"
    assert shown.iloc[1]["Män"] == "50,0 % (1 av 2 med båda enkäterna, 3 i kohorten)"
    assert shown.iloc[1]["Kvinnor"].startswith(". (0 av 0")  # nobody: `.`, not `..`
