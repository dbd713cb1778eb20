"""Health survey, staff and budget: the rules by hand, each bad input, and naive cross-checks
of `finsam health` and `finsam budget`."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import matplotlib
import numpy as np
import pandas as pd
import pytest
from conftest import SAMPLE, frame, person
from conftest import run_cli as run

from finsam_analysis.errors import DataError
from finsam_analysis.io.load import load_data
from finsam_analysis.measures import budget as bd
from finsam_analysis.measures import health as hl
from finsam_analysis.measures import staff as st
from finsam_analysis.periods import add_months, parse_period

matplotlib.use("Agg")


def form(pid, occasion, *answers, team="t1"):
    row = {"participant_id": pid, "team": team, "occasion": occasion}
    row.update({f"q{i + 1}": (np.nan if a is None else a) for i, a in enumerate(answers)})
    return row


def health_frame(*rows):
    return pd.DataFrame(list(rows))


P = frame(
    person("K", "2020-01-01", "2020-09-01", "work", pid="a"),
    person("K", "2020-01-01", "2020-09-01", "other", pid="b"),
    person("M", "2020-01-01", "2020-09-01", "studies", pid="c"),
    person("M", "2020-01-01", "2020-09-01", "medical_rehab", pid="d"),
    person("K", "2020-05-01", "2020-05-20", "other", pid="e"),   # dropout: not counted
    person("M", "2020-01-01", pid="f"),                            # active: not counted
)


def test_improvement_rule_with_unanswered_questions_and_equal_means():
    h = health_frame(
        form("a", "start", 3, 3, 3, 3, 3), form("a", "exit", 2, 3, 3, 3, 3),          # improved
        form("b", "start", 4, None, None, None, None),                                 # mean 4
        form("b", "exit", None, 2, 4, 4, 4),                    # mean 3.5 < 4: improved
        form("c", "start", 2, 2, 2, 2, 2), form("c", "exit", 3, 1, 2, 2, 2),           # equal
        form("d", "start", 3, 3, 3, 3, 3),
        form("d", "exit", None, None, None, None, None),        # nothing answered: no exit form
        form("e", "start", 5, 5, 5, 5, 5), form("e", "exit", 1, 1, 1, 1, 1),           # dropout
        form("f", "start", 5, 5, 5, 5, 5),
    )
    per = hl.health_change(P, h, "2020").set_index("participant_id")
    assert per.loc["a", "improved"] and per.loc["b", "improved"]
    assert per.loc["c", "with_both"] and not per.loc["c", "improved"]  # equal means
    assert not per.loc["d", "with_both"]
    assert set(per.index) == {"a", "b", "c", "d"}
    t = hl.health_table(P, h, "2020")
    assert t.loc["total", ["exits", "with_both", "improved"]].tolist() == [4, 3, 2]
    assert t.loc["total", "improved_share"] == pytest.approx(200 / 3)
    assert t.loc["total", "coverage"] == pytest.approx(75.0)
    assert t.loc["K", ["exits", "with_both", "improved"]].tolist() == [2, 2, 2]
    assert t.loc["M", "improved_share"] == pytest.approx(0.0)
    assert t.loc["total", "target"] == 90.0


def test_no_forms_gives_no_share():
    t = hl.health_table(P, health_frame(form("f", "start", 1, 1, 1, 1, 1)), "2020")
    assert t.loc["total", "with_both"] == 0
    assert np.isnan(t.loc["total", "improved_share"])
    assert t.loc["total", "coverage"] == 0.0


def test_question_means_pair_the_same_people():
    h = health_frame(form("a", "start", 4, 2, 3, 3, 3), form("a", "exit", 2, None, 3, 3, 3),
                     form("c", "start", 2, 2, 2, 2, 2), form("c", "exit", 1, 2, 2, 2, 2))
    m = hl.question_means(P, h, "2020").set_index(["question", "group"])
    assert m.loc[("q1", "total"), ["n", "start_mean", "exit_mean"]].tolist() == [2, 3.0, 1.5]
    assert m.loc[("q2", "total"), "n"] == 1  # a left q2 unanswered at exit


def test_cost_per_outcome_with_zero_outcomes():
    budget = pd.DataFrame({"team": ["t1", "t1", "t1"], "period": ["2020T1", "2020T2", "2021T1"],
                           "budget_sek": [100_000.0, 100_000.0, 100_000.0],
                           "spent_sek": [90_000.0, 120_000.0, 50_000.0]})
    rows = bd.budget_rows(budget, "2020H1")
    assert rows["tertial"].tolist() == ["2020T1", "2020T2"]  # T2 (May–Aug) overlaps H1
    assert rows["deviation_sek"].tolist() == [-10_000, 20_000]
    assert rows["deviation_share"].tolist() == [-10.0, 20.0]
    assert rows["flagged"].tolist() == [True, True]
    nobody_positive = frame(person("K", "2020-01-01", "2020-06-01", "medical_rehab"),
                            person("M", "2019-01-01"))
    cost = bd.cost_per(nobody_positive, budget, "2020H1").iloc[0]
    # Prorated: all of T1 (Jan–Apr), 61 of T2's 123 days (May–June of May–August).
    assert cost["spent_prorated"] == pytest.approx(90_000 + 120_000 * 61 / 123)
    assert cost["budget_prorated"] == pytest.approx(100_000 + 100_000 * 61 / 123)
    assert cost["participants"] == 2 and cost["positive_outcomes"] == 0
    assert cost["cost_per_participant"] == pytest.approx((90_000 + 120_000 * 61 / 123) / 2)
    assert np.isnan(cost["cost_per_positive_outcome"])
    empty = bd.cost_per(nobody_positive, budget, "2019")
    assert empty.iloc[0]["spent_prorated"] == 0
    assert np.isnan(empty.iloc[0]["cost_per_participant"])


def test_budget_flag_setting_and_zero_budget():
    budget = pd.DataFrame({"team": ["a", "b"], "period": ["2020T1", "2020T1"],
                           "budget_sek": [100.0, 0.0], "spent_sek": [104.0, 0.0]})
    rows = bd.budget_rows(budget, "2020")
    assert rows["budget_sek"].tolist() == [100.0] and rows["flagged"].tolist() == [False]
    assert bd.budget_rows(budget, "2020", flag_percent=3.0)["flagged"].tolist() == [True]
    zero = bd.budget_rows(budget[budget["team"] == "b"], "2020")
    assert np.isnan(zero.loc[0, "deviation_share"]) and not zero.loc[0, "flagged"]


def test_staff_snapshots_and_change():
    staff = pd.DataFrame({
        "team": ["t1"] * 5,
        "valid_from": pd.to_datetime(["2020-01-01", "2020-01-01", "2020-01-01",
                                      "2020-08-01", "2020-08-01"]),
        "role": ["Arbetsterapeut", "Kurator", "Kurator", "Kurator", "Teamledare"],
        "sex": ["K", "M", "K", "K", "M"], "birth_year": [1980, 1990, 1965, 1965, 1995],
        "fte": [1.0, 0.5, 1.0, 1.0, 0.8]})
    assert len(st.staff_on(staff, "2020-07-31")) == 3
    assert len(st.staff_on(staff, "2020-08-01")) == 2
    assert st.staff_on(staff, "2019-12-31").empty
    roles = st.composition(staff, "2020-06-30", "role")
    assert roles.loc["total", ["Arbetsterapeut", "Kurator", "total"]].tolist() == [1, 2, 3]
    assert roles.loc["total", "fte"] == pytest.approx(2.5)
    ages = st.composition(staff, "2020-06-30", "age")
    assert ages.loc["total", ["-29", "30-39", "40-49", "50-59"]].tolist() == [0, 1, 1, 1]
    change = st.staff_change(staff, "2020")
    assert change.loc["total", ["people_start", "people_end", "people_change"]].tolist() == \
        [3, 2, -1]
    assert change.loc["total", "fte_change"] == pytest.approx(-0.7)


# --- loading --------------------------------------------------------------------------------

PARTICIPANTS = ("participant_id,team,sex,start_date,end_date,exit_reason\n"
                "a,t1,K,2020-01-01,2020-09-01,work\n")


def data_dir(tmp_path, name, text):
    (tmp_path / "participants.csv").write_text(PARTICIPANTS, encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def problem(tmp_path, name, text, **match):
    with pytest.raises(DataError) as info:
        load_data(data_dir(tmp_path, name, text))
    hits = [p for p in info.value.problems
            if all(v in str(getattr(p, k)) for k, v in match.items())]
    assert hits, [str(p) for p in info.value.problems]
    assert hits[0].file == name
    return hits[0]


@pytest.mark.parametrize(("row", "column", "message"), [
    ("a,t1,start,6,1,1,1,1", "q1", "outside the answers"),
    ("a,t1,start,0,1,1,1,1", "q1", "outside the answers"),
    ("a,t1,mitten,1,1,1,1,1", "occasion", "unknown code"),
    ("zz,t1,start,1,1,1,1,1", "participant_id", "no such participant"),
])
def test_bad_health_rows(tmp_path, row, column, message):
    p = problem(tmp_path, "health.csv", "participant_id,team,occasion,q1,q2,q3,q4,q5\n"
                f"{row}\n", message=message)
    assert (p.row, p.column.split(" ")[0]) == (2, column)


def test_swedish_health_headers_and_duplicate(tmp_path):
    d = load_data(data_dir(tmp_path, "health.csv",
                           "Deltagar-ID;Team;Tillfälle;Fråga 1;Fråga 2;Fråga 3;Fråga 4;Fråga 5\n"
                           "a;t1;Inskrivning;3;3;;3;3\na;t1;Avslut;2;2;2;2;2\n"))
    assert d.health["occasion"].tolist() == ["start", "exit"]
    p = problem(tmp_path, "health.csv", "participant_id,team,occasion,q1\na,t1,start,1\n"
                "a,t1,start,2\n", message="duplicate")
    assert p.row == 3


@pytest.mark.parametrize(("row", "column", "message"), [
    ("t1,2020-01-01,,K,1980,1", "role", "a value is required"),
    ("t1,2020-01-01,Kurator,K,1980,1,5", "fte", "FTE out of range"),
    ("t1,2020-01-01,Kurator,K,1980,0", "fte", "FTE out of range"),
    ("t9,2020-01-01,Kurator,K,1980,1", "team", "unknown team"),
])
def test_bad_staff_rows(tmp_path, row, column, message):
    text = "team,valid_from,role,sex,birth_year,fte\n" + row.replace(",5", ";5") + "\n"
    if ";5" in text:
        text = ("team;valid_from;role;sex;birth_year;fte\n"
                + row.replace(",5", ".5").replace(",", ";").replace(".5", ",5") + "\n")
    p = problem(tmp_path, "staff.csv", text, message=message)
    assert (p.row, p.column.split(" ")[0]) == (2, column)


@pytest.mark.parametrize(("row", "column", "message"), [
    ("t1,2020Q1,100,90", "period", "not a tertial or half-year"),
    ("t1,2020,100,90", "period", "not a tertial or half-year"),
    ("t1,2020T1,-100,90", "budget_sek", "negative amount"),
    ("t1,2020T1,100,-1", "spent_sek", "negative amount"),
    ("t1,2020T1,100,tusen", "spent_sek", "not a number"),
])
def test_bad_budget_rows(tmp_path, row, column, message):
    p = problem(tmp_path, "budget.csv", f"team,period,budget_sek,spent_sek\n{row}\n",
                message=message)
    assert (p.row, p.column.split(" ")[0]) == (2, column)


def test_budget_accepts_half_years_and_swedish_headers(tmp_path):
    d = load_data(data_dir(tmp_path, "budget.csv",
                           "Team;Period;Budget;Utfall\nt1;2020h1;1 000 000;980 500,50\n"))
    assert d.budget.loc[0, "period"] == "2020H1"
    assert d.budget.loc[0, "spent_sek"] == 980_500.5


# --- cross-checks on the sample ---------------------------------------------------------------



def _one(x: Fraction) -> str:
    return str((Decimal(x.numerator) / Decimal(x.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP))


def _age_group(r: dict) -> str:
    """SPEC: age at start = start year − birth year, in 16–24, 25–29, 30–39, 40–49, 50–64."""
    if not r["birth_year"]:
        return "unknown_age"
    age = int(r["start_date"][:4]) - int(r["birth_year"])
    for name, lo, hi in (("16-24", 16, 24), ("25-29", 25, 29), ("30-39", 30, 39),
                         ("40-49", 40, 49), ("50-64", 50, 64)):
        if lo <= age <= hi:
            return name
    return "other_age"


def naive_health(period: str, team: str | None, by: str = "sex") -> str:
    p = parse_period(period)
    people = {}
    with open(SAMPLE / "participants.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if (team and r["team"] != team) or not r["end_date"]:
                continue
            end = pd.Timestamp(r["end_date"])
            if not (pd.Timestamp(p.start) <= end <= pd.Timestamp(p.end)):
                continue
            start = pd.Series([pd.Timestamp(r["start_date"])])
            if end <= add_months(start, 2).iloc[0]:
                continue
            people[(r["team"], r["participant_id"])] = _age_group(r) if by == "age" else \
                r["sex"] if r["sex"] in "KM" and r["sex"] else "unknown"
    means: dict = defaultdict(dict)
    with open(SAMPLE / "health.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            answers = [int(r[f"q{i}"]) for i in range(1, 6) if r[f"q{i}"]]
            if answers:
                means[(r["team"], r["participant_id"])][r["occasion"]] = Fraction(
                    sum(answers), len(answers))
    rows = ("K", "M", "unknown", "total") if by == "sex" else (
        "16-24", "25-29", "30-39", "40-49", "50-64", "other_age", "unknown_age", "total")
    counts = {g: [0, 0, 0] for g in rows}
    for key, sex in people.items():
        m = means.get(key, {})
        both = "start" in m and "exit" in m
        for g in (sex, "total"):
            counts[g][0] += 1
            counts[g][1] += both
            counts[g][2] += both and m["exit"] < m["start"]
    lines = ["group,exits,with_both,improved,improved_share"]
    for g, (e, b, i) in counts.items():
        if g in ("unknown", "other_age", "unknown_age") and e == 0:
            continue
        lines.append(f"{g},{e},{b},{i},{_one(Fraction(100 * i, b)) if b else ''}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("period", "team"), [("2021/22", None), ("2021H2", "fjarilen"),
                                              ("2020", "solrosen")])
def test_health_csv_equals_the_naive_reference(period, team):
    args = ["health", SAMPLE, "--period", period, "--format", "csv"]
    if team:
        args += ["--team", team]
    code, out, err = run(*args)
    assert code == 0, err
    assert out == naive_health(period, team)


@pytest.mark.parametrize(("period", "team"), [("2021/22", None), ("2021H2", "fjarilen"),
                                              ("2020", "solrosen")])
def test_health_by_age_csv_equals_the_naive_reference(period, team):
    """`--by age` (the sample has nobody outside 16–64, so the optional rows never show)."""
    args = ["health", SAMPLE, "--period", period, "--format", "csv", "--by", "age"]
    if team:
        args += ["--team", team]
    code, out, err = run(*args)
    assert code == 0, err
    assert out == naive_health(period, team, by="age")


def naive_budget(period: str, team: str | None) -> str:
    p = parse_period(period)
    sums: dict = defaultdict(lambda: [0, 0])
    with open(SAMPLE / "budget.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if team and r["team"] != team:
                continue
            q = parse_period(r["period"])
            if q.start <= p.end and q.end >= p.start:
                sums[(q.start, r["period"])][0] += int(r["budget_sek"])
                sums[(q.start, r["period"])][1] += int(r["spent_sek"])
    lines = ["tertial,budget_sek,spent_sek,deviation_sek,deviation_share"]
    for (_, name), (b, s) in sorted(sums.items()):
        lines.append(f"{name},{b},{s},{s - b},{_one(Fraction(100 * (s - b), b))}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("period", "team"), [("2021/22", None), ("2022H1", "ankaret"),
                                              ("2019", "kompassen")])
def test_budget_csv_equals_the_naive_reference(period, team):
    args = ["budget", SAMPLE, "--period", period, "--format", "csv"]
    if team:
        args += ["--team", team]
    code, out, err = run(*args)
    assert code == 0, err
    assert out == naive_budget(period, team)


def test_sample_health_staff_budget_look_real(sample_data):
    from finsam_analysis.reports.report import report_tables

    d = sample_data
    t = hl.health_table(d.participants, d.health, "2021/22")
    assert 0.7 < t.loc["total", "with_both"] / t.loc["total", "exits"] < 0.95
    assert 60 < t.loc["total", "improved_share"] < 95
    f = hl.health_table(*(lambda x: (x.participants, x.health))(d.for_team("fjarilen")),
                        "2019-01-01..2022-06-30")
    assert f.loc["M", "improved_share"] < f.loc["K", "improved_share"]  # something to discuss
    teams = d.staff.groupby("team")["valid_from"].nunique()
    assert (teams >= 2).all()  # turnover: more than one staff list a team
    per_year = d.budget.assign(year=d.budget["period"].str[:4]).groupby(["team", "year"])[
        "budget_sek"].sum()
    full = per_year[per_year.index.get_level_values(1) < "2022"]
    assert full.between(2e6, 8e6).all()
    flags = pd.concat([bd.budget_rows(d.budget[d.budget["team"] == t], "2018-01-01..2022-06-30")
                       for t in d.teams])["flagged"]
    assert 0 < flags.mean() < 0.4  # a deviation now and then
    r = report_tables(d.for_team("ankaret"), "2021/22")
    assert {"health", "staff_role", "staff_age", "staff_change", "budget", "cost"} <= set(
        r.presented)
    targets = r.tables["targets"]
    health_row = targets[(targets["measure"] == "improved_health") & (targets["group"] ==
                                                                      "total")]
    assert health_row["share"].notna().all()


def test_health_and_budget_figures(sample_data):
    from finsam_analysis.present import plots

    d = sample_data.for_team("solrosen")
    ax = plots.plot_health_questions(hl.question_means(d.participants, d.health, "2021/22"))
    assert len(ax.get_yticklabels()) == 5
    ax = plots.plot_budget(bd.budget_rows(d.budget, "2021/22"))
    assert ax.get_ylabel() == "Miljoner kronor"


def test_costs_prorated_over_a_tertial_half_inside_the_period(tmp_path):
    """2021H2 (Jul–Dec) holds 62 of 2021T2's 123 days (May–Aug) and all of 2021T3; a row
    that does not touch the period (2021T1) counts for nothing."""
    budget = pd.DataFrame({"team": ["t1"] * 3, "period": ["2021T1", "2021T2", "2021T3"],
                           "budget_sek": [500_000.0, 246_000.0, 100_000.0],
                           "spent_sek": [400_000.0, 123_000.0, 100_001.0]})
    rows = bd.prorated(budget, "2021H2")
    assert rows["period"].tolist() == ["2021T2", "2021T3"]
    assert rows["fraction"].tolist() == pytest.approx([62 / 123, 1.0])
    people = frame(person("K", "2021-01-01", "2021-09-01", "work"),
                   person("K", "2021-01-01", "2021-10-01", "studies"),
                   person("M", "2021-01-01", "2021-11-01", "medical_rehab"),
                   person("M", "2021-01-01", "2021-12-01", "vocational_rehab"),
                   person("M", "2022-01-01"))  # starts after the period: not active
    cost = bd.cost_per(people, budget, "2021H2").iloc[0]
    assert cost["spent_prorated"] == pytest.approx(62_000 + 100_001)
    assert cost["budget_prorated"] == pytest.approx(124_000 + 100_000)
    assert cost["participants"] == 4 and cost["positive_outcomes"] == 3
    assert cost["cost_per_participant"] == pytest.approx(162_001 / 4)  # 40 500,25
    assert cost["cost_per_positive_outcome"] == pytest.approx(54_000 + 1 / 3)

    lines = ["participant_id,team,sex,birth_year,start_date,end_date,exit_reason"]
    for i, r in enumerate(people.itertuples()):
        end = "" if pd.isna(r.end_date) else r.end_date.date().isoformat()
        reason = "" if pd.isna(r.exit_reason) else r.exit_reason
        lines.append(f"p{i},t1,{r.sex},1980,{r.start_date.date().isoformat()},{end},{reason}")
    (tmp_path / "participants.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    budget.to_csv(tmp_path / "budget.csv", index=False)
    code, out, err = run("budget", tmp_path, "--period", "2021H2", "--team", "t1",
                         "--table", "costs", "--format", "csv")
    assert code == 0, err
    # whole kronor, half away from zero: 40 500,25 → 40 500; 162 001 / 3 = 54 000,33 → 54 000
    assert out == ("measure,value\nspent_prorated,162001\nbudget_prorated,224000\n"
                   "participants,4\ncost_per_participant,40500\npositive_outcomes,3\n"
                   "cost_per_positive_outcome,54000\n")
    code, out, _ = run("budget", tmp_path, "--period", "2021H2", "--table", "costs")
    assert "Utfall och budget är fördelade på rapportperioden efter antal dagar" in out


def test_cost_rounds_half_away_from_zero(tmp_path):
    budget = pd.DataFrame({"team": ["t1"], "period": ["2021T3"], "budget_sek": [5.0],
                           "spent_sek": [5.0]})
    people = frame(person("K", "2021-01-01"), person("M", "2021-01-01"))
    cost = bd.cost_per(people, budget, "2021T3").iloc[0]
    assert cost["cost_per_participant"] == 2.5
    from finsam_analysis.present.tables import present_cost

    shown = present_cost(bd.cost_per(people, budget, "2021T3"), None).frame
    assert shown.loc["Kostnad per aktiv deltagare"].iloc[0] == "3 kr"  # not 2 (half to even)
    assert shown.loc["Kostnad per positivt utfall"].iloc[0] == "."  # nobody to divide by
