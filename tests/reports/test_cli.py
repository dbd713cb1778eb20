"""The finsam command, and an independent cross-check of its CSV against a naive
re-implementation of the spec written row by row in plain Python."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from conftest import SAMPLE
from conftest import run_cli as run

from finsam_analysis.periods import parse_period

pytestmark = pytest.mark.usefixtures("english")  # matches the English messages

HEADER = ("group,active,exits,dropouts,work,studies,vocational_rehab,medical_rehab,"
          "sickness_compensation,other,active_at_end,positive,positive_share,"
          "mean_years_without_work,mean_throughput_months")
REASONS = ["work", "studies", "vocational_rehab", "medical_rehab", "sickness_compensation",
           "other"]




# --- a naive reference, straight from SPEC.md --------------------------------------------------

def _plus_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _one_decimal(x: Fraction | None) -> str:
    if x is None:
        return ""
    exact = Decimal(x.numerator) / Decimal(x.denominator)
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


AGE_GROUPS = [("16-24", 16, 24), ("25-29", 25, 29), ("30-39", 30, 39), ("40-49", 40, 49),
              ("50-64", 50, 64)]


def _age_group(r: dict) -> str:
    """SPEC: age at start in the groups 16–24, 25–29, 30–39, 40–49, 50–64, by start year
    minus birth year; outside them `other_age`, no birth year `unknown_age`."""
    if not r["birth_year"]:
        return "unknown_age"
    age = int(r["start_date"][:4]) - int(r["birth_year"])
    return next((name for name, lo, hi in AGE_GROUPS if lo <= age <= hi), "other_age")


def reference_csv(rows: list[dict], start: dt.date, end: dt.date, team: str | None = None,
                  window: int = 2, by: str = "sex") -> str:
    groups: dict[str, dict] = {}
    order = ["K", "M", "unknown", "total"] if by == "sex" else \
        [g for g, _, _ in AGE_GROUPS] + ["other_age", "unknown_age", "total"]
    optional = ("unknown", "other_age", "unknown_age")
    for g in order:
        groups[g] = {k: 0 for k in ["active", "exits", "dropouts", *REASONS, "active_at_end",
                                    "positive"]}
        groups[g]["years"] = []
        groups[g]["months"] = []
    for r in rows:
        if team and r["team"] != team:
            continue
        s = dt.date.fromisoformat(r["start_date"])
        e = dt.date.fromisoformat(r["end_date"]) if r["end_date"] else None
        sex = r["sex"] if r["sex"] in ("K", "M") else "unknown"
        if by == "age":
            sex = _age_group(r)
        if not (s <= end and (e is None or e >= start)):
            continue
        for g in (sex, "total"):
            c = groups[g]
            c["active"] += 1
            if e is not None and start <= e <= end:
                c["exits"] += 1
                if e <= _plus_months(s, window):
                    c["dropouts"] += 1
                else:
                    c[r["exit_reason"]] += 1
                    if r["exit_reason"] in ("work", "studies", "vocational_rehab"):
                        c["positive"] += 1
                        if r["years_without_work"]:
                            c["years"].append(Fraction(r["years_without_work"]))
                        c["months"].append(Fraction((e - s).days) / Fraction(36525, 1200))
            else:
                c["active_at_end"] += 1
    lines = [HEADER]
    for g in order:
        c = groups[g]
        if g in optional and c["active"] == 0:
            continue
        completed = c["exits"] - c["dropouts"]
        share = Fraction(100 * c["positive"], completed) if completed else None
        years = sum(c["years"]) / len(c["years"]) if c["years"] else None
        months = sum(c["months"]) / len(c["months"]) if c["months"] else None
        cells = [g, *(str(c[k]) for k in ["active", "exits", "dropouts", *REASONS,
                                          "active_at_end", "positive"]),
                 _one_decimal(share), _one_decimal(years), _one_decimal(months)]
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def sample_rows() -> list[dict]:
    with open(SAMPLE / "participants.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("period", ["2018", "2019H1", "2019H2", "2020/21", "2021/22", "2021T3",
                                    "2022H1", "2020-02-29..2020-03-31"])
@pytest.mark.parametrize("team", [None, "kompassen"])
def test_csv_equals_the_naive_reference_on_the_sample(period, team):
    p = parse_period(period)
    args = ["outcomes", SAMPLE, "--period", period, "--format", "csv"]
    if team:
        args += ["--team", team]
    code, out, err = run(*args)
    assert code == 0, err
    assert out == reference_csv(sample_rows(), p.start, p.end, team)


def _random_rows(seed: int) -> list[dict]:
    rnd = random.Random(seed)
    rows = []
    for i in range(rnd.randint(5, 120)):
        s = dt.date(2019, 1, 1) + dt.timedelta(days=rnd.randint(0, 900))
        ended = rnd.random() < 0.7
        # many exits near the two-month boundary and on period edges
        if rnd.random() < 0.3:
            e = _plus_months(s, 2) + dt.timedelta(days=rnd.choice([-1, 0, 1]))
        else:
            e = s + dt.timedelta(days=rnd.randint(0, 700))
        rows.append({
            "participant_id": f"r{i}", "team": rnd.choice(["a", "b"]),
            "sex": rnd.choice(["K", "M", "K", "M", ""]), "birth_year": "1980",
            "start_date": s.isoformat(), "end_date": e.isoformat() if ended else "",
            "exit_reason": rnd.choice(REASONS) if ended else "",
            "work_support": "", "exit_other_category": "",
            "years_without_work": rnd.choice(["", "0.5", "3", "9", "12.4", "5.55"]),
            "referrer": "af",
        })
    return rows


@pytest.mark.parametrize("seed", range(12))
def test_csv_equals_the_naive_reference_on_random_data(tmp_path, seed):
    rows = _random_rows(seed)
    with open(tmp_path / "participants.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    for period in ("2019H2", "2020", "2020/21", "2021T1"):
        p = parse_period(period)
        code, out, err = run("outcomes", tmp_path, "--period", period, "--format", "csv")
        assert code == 0, err
        assert out == reference_csv(rows, p.start, p.end), period


@pytest.mark.parametrize("period", ["2019H2", "2020/21", "2021/22", "2022H1"])
@pytest.mark.parametrize("team", [None, "kompassen"])
def test_age_csv_equals_the_naive_reference_on_the_sample(period, team):
    """`--by age`: the outcome table by age group at start, against the plain reading."""
    p = parse_period(period)
    args = ["outcomes", SAMPLE, "--period", period, "--format", "csv", "--by", "age"]
    if team:
        args += ["--team", team]
    code, out, err = run(*args)
    assert code == 0, err
    assert out == reference_csv(sample_rows(), p.start, p.end, team, by="age")


@pytest.mark.parametrize("seed", range(6))
def test_age_csv_equals_the_naive_reference_on_random_data(tmp_path, seed):
    """Birth years around every boundary (15, 16, 24, 25, 29, 30, 64, 65 at start) and
    missing ones, so the optional rows come and go."""
    rnd = random.Random(1000 + seed)
    rows = _random_rows(seed)
    for r in rows:
        age = rnd.choice([15, 16, 24, 25, 29, 30, 39, 40, 49, 50, 64, 65, None])
        r["birth_year"] = "" if age is None else str(int(r["start_date"][:4]) - age)
    with open(tmp_path / "participants.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    for period in ("2019H2", "2020", "2020/21"):
        p = parse_period(period)
        code, out, err = run("outcomes", tmp_path, "--period", period, "--format", "csv",
                             "--by", "age")
        assert code == 0, err
        assert out == reference_csv(rows, p.start, p.end, by="age"), period


@pytest.mark.parametrize(("command", "header"), [
    (["outcomes", "--table", "followups"], "group,months_after_exit,cohort,followed_up"),
    (["ors"], "group,participants,with_two_or_more"),
    (["health"], "group,exits,with_both,improved")])
def test_the_other_tables_by_age(command, header):
    code, out, err = run(*command, SAMPLE, "--period", "2021/22", "--format", "csv",
                         "--by", "age")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(header)
    assert [line.split(",")[0] for line in lines[1:]][:1] == ["16-24"]
    assert lines[-1].startswith("total,")


def test_by_age_only_for_the_tables_that_have_it():
    code, _, err = run("outcomes", SAMPLE, "--period", "2021/22", "--table", "referrer",
                       "--by", "age")
    assert code == 2 and "--by age" in err
    code, _, err = run("ors", SAMPLE, "--period", "2021/22", "--compliance", "--by", "age")
    assert code == 2
    code, out, _ = run("outcomes", SAMPLE, "--period", "2021/22", "--by", "age")
    assert code == 0 and "16–24 år" in out and "Ålder vid inskrivning" in out


def test_csv_columns_and_groups_exactly(tmp_path):
    (tmp_path / "participants.csv").write_text(
        "participant_id,team,sex,birth_year,start_date,end_date,exit_reason\n"
        "a,t,K,1980,2020-01-01,,\n"
        "b,t,M,1980,2020-01-01,2020-01-20,work\n", encoding="utf-8")
    code, out, _ = run("outcomes", tmp_path, "--period", "2020", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == HEADER
    assert [line.split(",")[0] for line in lines[1:]] == ["K", "M", "total"]
    m = lines[2].split(",")
    assert m[3] == "1" and m[12:] == ["", "", ""]  # a dropout; no share, no means


def test_external_csv_masks_small_counts():
    code, out, _ = run("outcomes", SAMPLE, "--period", "2021H2", "--team", "fjarilen",
                       "--format", "csv", "--audience", "external")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert any(v == ".." for r in rows for v in r.values())
    for r in rows:
        for k, v in r.items():
            if k in ("group", "positive_share", "mean_years_without_work",
                     "mean_throughput_months", "active", "exits", "dropouts",
                     "active_at_end") or v in ("..", ""):
                continue  # participation counts are shown unless the group itself is small
            assert int(v) == 0 or int(v) > 3, (k, v)


def test_table_format_is_swedish():
    code, out, _ = run("outcomes", SAMPLE, "--period", "2021/22")
    assert code == 0
    for text in ("Antal aktiva under perioden", "varav dropouts (tidiga avhopp)", "Kvinnor",
                 "Män", "Totalt", " %", "Exempeldata"):
        assert text in out


@pytest.mark.parametrize("table", ["background", "exit-other", "work-support", "age",
                                   "referrer"])
def test_other_tables(table):
    code, out, err = run("outcomes", SAMPLE, "--period", "2021", "--table", table,
                         "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[-1].startswith("total,")


def test_validate_ok_and_bad(tmp_path):
    code, out, _ = run("validate", SAMPLE)
    assert code == 0
    assert "OK" in out and "participants.csv" in out and "rows" in out
    (tmp_path / "participants.csv").write_text(
        "participant_id,team,sex,start_date,end_date,exit_reason\n"
        "a,t,K,2020-01-01,2019-01-01,work\n"
        "b,t,K,2020-02-30,,\n", encoding="utf-8")
    code, _, err = run("validate", tmp_path)
    assert code == 1
    assert "participants.csv, row 2, column end_date" in err
    assert "participants.csv, row 3, column start_date" in err


def test_bad_period_and_unknown_team():
    code, _, err = run("outcomes", SAMPLE, "--period", "2021H3")
    assert code == 2 and "2020H1" in err and "2021H3" in err
    code, _, err = run("outcomes", SAMPLE, "--period", "2021", "--team", "nosuch")
    assert code == 1 and "no such team" in err and "kompassen" in err


def test_tables_command_prints_every_team(sample_data):
    code, out, _ = run("tables", SAMPLE, "--period", "2022H1")
    assert code == 0
    for team in sample_data.teams:
        assert sample_data.team_name(team) in out
    assert "Ålder vid inskrivning" in out and "Remitterande part" in out


# --- the attention list (internal only) ----------------------------------------------------------

def test_attention_list_as_csv_and_table_and_never_external():
    code, out, _ = run("attention", SAMPLE, "--team", "kompassen", "--format", "csv",
                       "--date", "2022-06-30")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["team"] for r in rows} == {"kompassen"}
    assert {r["reason"] for r in rows} <= {"ors_overdue", "deteriorated", "below_cutoff",
                                          "long_enrolment", "srs_low"}
    code, table, _ = run("attention", SAMPLE, "--team", "kompassen", "--date", "2022-06-30")
    assert code == 0 and "Internt underlag" in table and rows[0]["participant_id"] in table
    with pytest.raises(SystemExit) as refused:  # there is no external form of the list
        run("attention", SAMPLE, "--team", "kompassen", "--audience", "external")
    assert refused.value.code == 2
    code, _, err = run("attention", SAMPLE, "--team", "kompassen", "--date", "30/6")
    assert code == 2 and "not a date" in err
