"""Socio-economic follow-up: the worked example of docs/socioeconomic.md by hand, the zero and
negative effects, the cohorts, and every bad input of the `support` table and the
`socioeconomic:` config block."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import frame, person

from finsam_analysis.errors import DataError
from finsam_analysis.io.load import load_data
from finsam_analysis.io.socioeconomic import UnitValues
from finsam_analysis.measures import socioeconomic as se

pytestmark = pytest.mark.usefixtures("english")  # matches the English messages

# --- the worked example (docs/socioeconomic.md) --------------------------------------------

UNITS = UnitValues(
    price_year=2022, production_value=30_000,
    unit_values={"social_assistance": {"kommun": 10_000, "individ": -8_000},
                 "salary": {"kommun": -5_000, "individ": -20_000}},
    payback_target_months=34)

ANNA = person("K", "2021-01-01", "2021-12-31", "work", pid="anna")
BO = person("M", "2021-07-01", None, None, pid="bo")  # still active: shares the team's cost
PEOPLE = frame(ANNA, BO)
BUDGET = pd.DataFrame({"team": ["t1", "t1"], "period": ["2021H1", "2021H2"],
                       "budget_sek": [300_000.0, 300_000.0],
                       "spent_sek": [300_000.0, 300_000.0]})


def support(*rows, team="t1"):
    return pd.DataFrame([{"participant_id": p, "team": team, "window": w, "source": s,
                          "months": float(m)} for p, w, s, m in rows])


ANNA_SUPPORT = support(("anna", "before", "social_assistance", 12),
                       ("anna", "after_exit", "salary", 8),
                       ("anna", "after_exit", "social_assistance", 4))


def table(people=PEOPLE, sup=ANNA_SUPPORT, units=UNITS, period="2021H2", budget=BUDGET):
    t = se.socioeconomic_table(people, sup, units, period, budget)
    return t.set_index(["cohort", "group", "actor"])


def test_worked_example_by_hand():
    t = table()
    row = t.loc[("at_exit", "total", "kommun")]
    # social assistance: (12 − 4) × 10 000 = 80 000; salary: (0 − 8) × −5 000 = 40 000
    assert row["effect_1y_sek"] == 120_000
    assert t.loc[("at_exit", "total", "individ"), "effect_1y_sek"] == (
        (12 - 4) * -8_000 + (0 - 8) * -20_000)  # = 96 000
    assert t.loc[("at_exit", "total", "production"), "effect_1y_sek"] == 8 * 30_000
    society = t.loc[("at_exit", "total", "society")]
    assert society["effect_1y_sek"] == 120_000 + 240_000
    # Cost: all of 2021H1 (Anna alone), half of 2021H2 (Anna and Bo, 184 days each).
    assert society["cost_sek"] == pytest.approx(300_000 + 150_000)
    # Payback: 450 000 ÷ (360 000 ÷ 12) = 15 months; kommun alone 450 000 ÷ 10 000 = 45.
    assert society["payback_months"] == pytest.approx(15.0)
    assert row["payback_months"] == pytest.approx(45.0)
    assert society["payback_note"] == "" and society["payback_target_months"] == 34
    assert society["profit_1y_sek"] == pytest.approx(360_000 - 450_000)
    assert society["profit_5y_sek"] == pytest.approx(5 * 360_000 - 450_000)
    # Potential: 12 × 10 000 public cost + 12 × 30 000 lost production = 480 000; 75 %.
    assert society["potential_sek"] == 480_000
    assert society["efficiency_share"] == pytest.approx(75.0)
    assert society["n"] == 1 and society["n_complete"] == 1 and society["price_year"] == 2022
    assert t.loc[("at_exit", "M", "society"), "n"] == 0
    assert t.loc[("at_exit", "M", "society"), "payback_note"] == "no_complete_data"


def test_yearly_decay_over_five_years():
    units = UnitValues(**{**UNITS.__dict__, "yearly_decay": 0.1})
    society = table(units=units).loc[("at_exit", "total", "society")]
    factor = 1 + 0.9 + 0.81 + 0.729 + 0.6561
    assert society["effect_5y_sek"] == pytest.approx(360_000 * factor)
    assert society["profit_5y_sek"] == pytest.approx(360_000 * factor - 450_000)


def test_zero_effect_has_no_payback_time():
    same = support(("anna", "before", "social_assistance", 12),
                   ("anna", "after_exit", "social_assistance", 12))
    t = table(sup=same)
    society = t.loc[("at_exit", "total", "society")]
    assert society["effect_1y_sek"] == 0
    assert math.isnan(society["payback_months"])
    assert society["payback_note"] == "effect_not_positive"


def test_negative_effect_has_no_payback_time_never_a_negative_one():
    worse = support(("anna", "before", "salary", 12),
                    ("anna", "after_exit", "social_assistance", 12))
    t = table(sup=worse)
    society = t.loc[("at_exit", "total", "society")]
    assert society["effect_1y_sek"] < 0
    assert math.isnan(society["payback_months"])
    assert society["payback_note"] == "effect_not_positive"
    assert (t["payback_months"].dropna() >= 0).all()


def test_incomplete_windows_are_counted_but_not_valued():
    partial = support(("anna", "before", "social_assistance", 12),
                      ("anna", "after_exit", "salary", 8))  # 4 months unknown
    society = table(sup=partial).loc[("at_exit", "total", "society")]
    assert society["n"] == 1 and society["n_complete"] == 0
    assert math.isnan(society["effect_1y_sek"])
    assert society["payback_note"] == "no_complete_data"


def test_no_budget_no_cost_and_no_unit_values():
    society = table(budget=None).loc[("at_exit", "total", "society")]
    assert math.isnan(society["cost_sek"]) and society["payback_note"] == "no_cost"
    assert society["effect_1y_sek"] == 360_000
    society = table(units=None).loc[("at_exit", "total", "society")]
    assert society["payback_note"] == "no_unit_values" and math.isnan(society["effect_1y_sek"])


def test_cohorts_follow_the_targets():
    people = frame(
        person("K", "2020-01-01", "2020-02-15", "other", pid="drop"),   # dropout: never counted
        person("K", "2020-01-01", "2020-06-30", "work", pid="six"),    # + 6 months = 2020-12-30
        person("M", "2018-03-01", "2018-07-31", "work", pid="two"),    # + 24 months = 2020-07-31
        person("M", "2020-03-01", "2020-11-30", "studies", pid="now"))  # exit in 2020H2
    p = "2020H2"
    assert list(people["participant_id"][se.cohort_mask(people, p, "at_exit")]) == ["now"]
    assert list(people["participant_id"][se.cohort_mask(people, p, "after_6m")]) == ["six"]
    assert list(people["participant_id"][se.cohort_mask(people, p, "after_24m")]) == ["two"]


def test_by_sex_adds_up_and_months_chart_adds_to_twelve():
    people = frame(ANNA, person("M", "2021-02-01", "2021-11-30", "studies", pid="carl"), BO)
    sup = pd.concat([ANNA_SUPPORT, support(("carl", "before", "sickness_benefit", 12),
                                           ("carl", "after_exit", "study_allowance", 10),
                                           ("carl", "after_exit", "none", 2))])
    units = UnitValues(**{**UNITS.__dict__, "unit_values": {
        **UNITS.unit_values, "sickness_benefit": {"forsakringskassan": 15_000},
        "study_allowance": {"ovrig_stat": 9_000}}})
    t = se.socioeconomic_table(people, sup, units, "2021H2", BUDGET)
    t = t[t["cohort"] == "at_exit"].set_index(["group", "actor"])
    for col in ("effect_1y_sek", "cost_sek", "potential_sek"):
        k, m, total = (t.loc[(g, "society"), col] for g in ("K", "M", "total"))
        assert k + m == pytest.approx(total)
    months = se.support_months(people, sup, "2021H2")
    per_bar = months.groupby(["group", "window"])["mean_months"].sum()
    assert np.allclose(per_bar.to_numpy(), 12.0)
    carl = months[(months["group"] == "M") & (months["window"] == "after")].set_index("source")
    assert carl.at["study_allowance", "months"] == 10 and carl.at["none", "people"] == 1


# --- bad input ----------------------------------------------------------------------------------

HEADER = ("participant_id,team,sex,birth_year,start_date,end_date,exit_reason,work_support,"
          "exit_other_category,years_without_work,referrer")
PARTICIPANTS = [
    "a1,t1,K,1980,2020-01-10,2021-03-01,work,with_support,,5.5,af",
    "a2,t1,M,1990,2020-02-01,,,,,2,fk",
    "a3,t1,K,1975,2019-11-05,2022-05-01,studies,,,9,municipality",
]
CONFIG = """\
socioeconomic:
  price_year: 2022
  illustrative: true
  production_value: 30000
  payback_target_months: 34
  unit_values:
    salary: {kommun: -5000, individ: -20000}
    försörjningsstöd: {kommun: 10000, individ: -8000}
"""


def data_dir(tmp_path, support_rows, config=CONFIG, header="participant_id,team,window,"
             "source,months"):
    (tmp_path / "participants.csv").write_text("\n".join([HEADER, *PARTICIPANTS]) + "\n",
                                               encoding="utf-8")
    (tmp_path / "support.csv").write_text("\n".join([header, *support_rows]) + "\n",
                                          encoding="utf-8")
    (tmp_path / "config.yml").write_text(config, encoding="utf-8")
    return tmp_path


def problems(tmp_path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_data(tmp_path, cache=False)
    return [str(p) for p in info.value.problems]


def test_swedish_headers_and_words_load(tmp_path):
    rows = ["a1;t1;Före;Försörjningsstöd;12", "a1;t1;Efter avslut;Lön;7,5",
            "a1;t1;efter avslut;Ingen försörjning;4,5"]
    d = data_dir(tmp_path, rows, header="Deltagar-ID;Team;Tidpunkt;Försörjning;Månader")
    data = load_data(d, cache=False)
    s = data.support
    assert list(s["window"]) == ["before", "after_exit", "after_exit"]
    assert list(s["source"]) == ["social_assistance", "salary", "none"]
    assert list(s["months"]) == [12.0, 7.5, 4.5]
    assert data.config.socioeconomic.value("social_assistance", "kommun") == 10_000
    assert data.config.socioeconomic.illustrative


@pytest.mark.parametrize("row, expected", [
    ("a1,t1,before,salary,13", "support.csv, row 2, column months: months outside the window "
                               "(found '13.0'; expected 0 to 12 months)"),
    ("a1,t1,before,salary,2.25", "more than one decimal"),
    ("a1,t1,before,salary,-1", "months outside the window"),
    ("zz,t1,before,salary,12", "no such participant in this team (found 'zz'"),
    ("a2,t1,after_exit,salary,12", "an after-window for a participant still active"),
    ("a3,t1,after_6m,salary,12", "the window has not begun by the data's latest date "
                                 "(found 'after_6m: exit 2022-05-01 + 6 months = 2022-11-01'"),
    ("a1,t1,after_24m,salary,12", "after_24m: exit 2021-03-01 + 24 months = 2023-03-01"),
    ("a1,t1,sometime,salary,12", "column window: unknown code (found 'sometime'"),
    ("a1,t1,before,lottery,12", "column source: unknown code (found 'lottery'"),
    ("a1,t1,before,sjukpenning,12", "a source without a unit value in config.yml (found "
                                    "'sickness_benefit'"),
    ("a1,t1,before,salary,", "column months: a value is required here"),
])
def test_each_bad_support_row_is_named(tmp_path, row, expected):
    found = problems(data_dir(tmp_path, [row]))
    assert any(expected in p for p in found), found


def test_months_over_twelve_in_a_window(tmp_path):
    rows = ["a1,t1,before,salary,8", "a1,t1,before,försörjningsstöd,5",
            "a1,t1,after_exit,salary,12"]
    found = problems(data_dir(tmp_path, rows))
    assert found == ["support.csv, row 2, column months: a participant's months in one window "
                     "add up to more than 12 (found '13 months in before of a1 (rows 2, 3)'; "
                     "expected at most 12 months a window)"]


def test_duplicate_support_row(tmp_path):
    found = problems(data_dir(tmp_path, ["a1,t1,before,salary,4", "a1,t1,before,lön,4"]))
    assert any("duplicate support row" in p and "row 3" in p for p in found), found


@pytest.mark.parametrize("config, expected", [
    (CONFIG.replace("  price_year: 2022\n", ""),
     "config.yml, column socioeconomic.price_year: the year the unit values are priced in is "
     "missing (expected price_year: a year such as 2022)"),
    (CONFIG.replace("price_year: 2022", "price_year: twenty"), "not a year"),
    (CONFIG.replace("{kommun: -5000, individ: -20000}", "{}"),
     "column socioeconomic.unit_values.salary: a source without a value"),
    (CONFIG.replace("    salary: {kommun: -5000, individ: -20000}", "    salary:"),
     "column socioeconomic.unit_values.salary: a source without a value"),
    (CONFIG.replace("individ: -20000", "staten: -20000"),
     "column socioeconomic.unit_values.salary.staten: unknown actor (found 'staten'; expected "
     "kommun, region, forsakringskassan, arbetsformedlingen, ovrig_stat, individ)"),
    (CONFIG.replace("salary:", "lottery:"), "unknown source (found 'lottery'"),
    (CONFIG.replace("kommun: -5000", "kommun: lots"), "not an amount"),
    (CONFIG.replace("  production_value: 30000\n", ""),
     "the production value of a month of work is missing"),
    (CONFIG + "  yearly_decay: 1.5\n", "column socioeconomic.yearly_decay: must be a share"),
    (CONFIG.replace("payback_target_months: 34", "payback_target_months: -3"),
     "must be a number of months above 0"),
    (CONFIG.replace("illustrative: true", "illustrative: maybe"), "must be true or false"),
    (CONFIG + "  discount: 3\n", "column socioeconomic.discount: unknown key"),
    (CONFIG.replace("    salary: {kommun: -5000, individ: -20000}\n"
                    "    försörjningsstöd: {kommun: 10000, individ: -8000}\n", ""),
     "column socioeconomic.unit_values: no unit values"),
])
def test_each_bad_config_value_is_named(tmp_path, config, expected):
    found = problems(data_dir(tmp_path, ["a1,t1,before,salary,12"], config=config))
    assert any(expected in p for p in found), found


def test_support_without_config_block_still_loads(tmp_path):
    data = load_data(data_dir(tmp_path, ["a1,t1,before,sjukpenning,12"], config=""),
                     cache=False)
    assert data.config.socioeconomic is None and len(data.support) == 1


# --- the sample -------------------------------------------------------------------------------

def test_sample_support_has_believable_transitions(sample_data):
    s = sample_data.support
    assert s is not None and len(s) > 1000
    u = sample_data.config.socioeconomic
    assert u.illustrative and u.price_year == 2022 and u.payback_target_months == 34
    months = s.pivot_table(index="source", columns="window", values="months", aggfunc="sum",
                           fill_value=0)
    share = months / months.sum()
    for source in ("salary", "study_allowance"):
        assert share.at[source, "after_exit"] > share.at[source, "before"]
    for source in ("social_assistance", "sickness_benefit"):
        assert share.at[source, "after_exit"] < share.at[source, "before"]
    # some move the other way: salary before, social assistance or sickness benefit after
    wide = s.pivot_table(index=["team", "participant_id"], columns="window", values="source",
                         aggfunc=lambda v: set(v))
    worse = wide.dropna().apply(lambda r: "salary" in r["before"] and bool(
        r["after_exit"] & {"social_assistance", "sickness_benefit"}), axis=1)
    assert worse.any()
    t = se.socioeconomic_table(sample_data.participants, s, u, "2021/22", sample_data.budget)
    society = t[(t["actor"] == "society") & (t["group"] == "total")]
    assert (society["n_complete"] < society["n"]).all()  # some windows are partly unknown
    assert (society["payback_months"] > 0).all()


# --- presentation, protection and the command ---------------------------------------------------

def _many(n_k: int, n_m: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    recs, rows = [], []
    for i in range(n_k + n_m):
        pid = f"x{i}"
        recs.append(person("K" if i < n_k else "M", "2021-01-01", "2021-10-31", "work",
                           pid=pid))
        rows += [(pid, "before", "social_assistance", 12), (pid, "after_exit", "salary", 12)]
    rows[-1] = (f"x{n_k + n_m - 1}", "after_exit", "sickness_benefit", 12)  # one person
    return frame(*recs), support(*rows)


def test_external_hides_small_groups_and_the_one_that_would_give_them_back():
    from finsam_analysis.present import socioeconomic as ps

    people, sup = _many(3, 8)
    units = UnitValues(**{**UNITS.__dict__, "unit_values": {
        **UNITS.unit_values, "sickness_benefit": {"forsakringskassan": 15_000}}})
    t = se.socioeconomic_table(people, sup, units, "2021H2", BUDGET, unknown_in_total=False)
    hidden = ps.hidden_groups(t)
    assert hidden[("at_exit", "K")] and hidden[("at_exit", "M")]  # K: 3 people; M: secondary
    assert not hidden[("at_exit", "total")]
    p = ps.present_society(t, "at_exit", units, "external").frame
    assert p.loc["Kvinnor", "Kostnad, tkr"] == ".." and p.loc["Män", "Kostnad, tkr"] == ".."
    assert p.loc["Kvinnor", "Avslut i kohorten"] == "3"  # participation counts are shown
    assert p.loc["Totalt", "Kostnad, tkr"] != ".."
    internal = ps.present_society(t, "at_exit", units, "internal").frame
    assert ".." not in internal.to_numpy()
    # The chart: K (3 people) is not drawn; M's single sickness benefit is merged, with the
    # next smallest source, into the hidden segment.
    bars = ps.chart_data(se.support_months(people, sup, "2021H2"), "external")
    assert set(bars["group"]) == {"M"}
    after = bars[bars["window"] == "after"].set_index("source")
    assert "sickness_benefit" not in after.index or after.at["sickness_benefit", "months"] == 0
    assert after.at["hidden", "mean_months"] == pytest.approx(12.0)
    assert bars.groupby("window")["mean_months"].sum().tolist() == pytest.approx([12, 12])


def test_payback_words_in_the_report_table():
    from finsam_analysis.present import socioeconomic as ps

    worse = support(("anna", "before", "salary", 12),
                    ("anna", "after_exit", "social_assistance", 12))
    t = se.socioeconomic_table(PEOPLE, worse, UNITS, "2021H2", BUDGET)
    p = ps.present_payback(t, UNITS, "internal").frame
    assert p.loc["Vid avslut", "Kvinnor"] == "ingen – effekten är inte positiv (n = 1)"
    assert p.loc["Vid avslut", "Mål, högst"] == "34"
    good = se.socioeconomic_table(PEOPLE, ANNA_SUPPORT, UNITS, "2021H2", BUDGET)
    assert ps.present_payback(good, UNITS, "internal").frame.loc[
        "Vid avslut", "Totalt"] == "15,0 (n = 1)"


def test_cli_csv_columns_and_external_masks(tmp_path):
    from conftest import run_cli

    people, sup = _many(3, 8)
    people.assign(start_date=people["start_date"].dt.strftime("%Y-%m-%d"),
                  end_date=people["end_date"].dt.strftime("%Y-%m-%d")).to_csv(
        tmp_path / "participants.csv", index=False)
    sup.to_csv(tmp_path / "support.csv", index=False)
    BUDGET.to_csv(tmp_path / "budget.csv", index=False)
    (tmp_path / "config.yml").write_text(CONFIG.replace(
        "    salary:", "    sickness_benefit: {forsakringskassan: 15000}\n    salary:"),
        encoding="utf-8")
    code, out, err = run_cli("socioeconomic", tmp_path, "--period", "2021H2", "--format", "csv")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == ",".join(se.COLUMNS)
    assert len(lines) == 1 + 3 * 3 * len(se.ROWS)  # cohorts × (K, M, total) × rows
    society = next(r.split(",") for r in lines if r.startswith("at_exit,total,society,"))
    assert society[3:5] == ["11", "11"] and society[-1] == "2022"
    code, out, _ = run_cli("socioeconomic", tmp_path, "--period", "2021H2", "--format", "csv",
                           "--audience", "external")
    k = next(r.split(",") for r in out.splitlines() if r.startswith("at_exit,K,society,"))
    assert k[3:6] == ["3", "3", ".."]
    code, out, _ = run_cli("socioeconomic", tmp_path, "--period", "2021H2")
    assert code == 0 and "Återbetalningstid för samhället" in out


def test_naive_reference_on_the_sample(sample_data):
    """The CSV's society rows against a plain loop over the sample, written from the spec."""
    from finsam_analysis.periods import parse_period

    team = "ankaret"
    data = sample_data.for_team(team)
    u = data.config.socioeconomic
    period = parse_period("2021/22")
    t = se.socioeconomic_table(data.participants, data.support, u, period, data.budget)
    got = t[(t["actor"] == "society") & (t["group"] == "total")].set_index("cohort")
    months = {}
    for r in data.support.itertuples(index=False):
        months.setdefault((r.participant_id, r.window), {})[r.source] = r.months
    public = ("kommun", "region", "forsakringskassan", "arbetsformedlingen", "ovrig_stat")
    p = data.participants
    # cost per participant: every budget row's spending by enrolment days
    share = {pid: 0.0 for pid in p["participant_id"]}
    for b in data.budget.itertuples(index=False):
        bp = parse_period(b.period)
        days = {}
        for r in p.itertuples(index=False):
            first = max(r.start_date.date(), bp.start)
            last = bp.end if pd.isna(r.end_date) else min(r.end_date.date(), bp.end)
            days[r.participant_id] = max((last - first).days + 1, 0)
        total = sum(days.values())
        for pid, d in days.items():
            share[pid] += b.spent_sek * d / total
    for cohort, (window, offset) in se.COHORTS.items():
        effect = cost = 0.0
        n = 0
        for r in p.itertuples(index=False):
            if pd.isna(r.end_date) or r.end_date <= r.start_date + pd.DateOffset(months=2):
                continue
            due = (r.end_date + pd.DateOffset(months=offset)).date()
            if not period.start <= due <= period.end:
                continue
            before = months.get((r.participant_id, "before"), {})
            after = months.get((r.participant_id, window), {})
            if sum(before.values()) < 11.95 or sum(after.values()) < 11.95:
                continue
            n += 1
            for source in set(before) | set(after):
                change = before.get(source, 0) - after.get(source, 0)
                effect += change * sum(u.value(source, a) for a in public)
                if source in ("salary", "subsidised_salary"):
                    effect -= change * u.production_value
            cost += share[r.participant_id]
        assert got.at[cohort, "n_complete"] == n
        assert got.at[cohort, "effect_1y_sek"] == pytest.approx(effect)
        assert got.at[cohort, "cost_sek"] == pytest.approx(cost)
        assert got.at[cohort, "payback_months"] == pytest.approx(cost / (effect / 12))


def test_report_section_on_the_sample(sample_data):
    import matplotlib

    matplotlib.use("Agg")
    from finsam_analysis.reports import socioeconomic as sek

    sec = sek.section(sample_data.for_team("kompassen"), "2022H1", "external")
    assert "livskvalitet" in sec.model and "2022" in sec.model and "illustrativa" in sec.model
    assert {"payback", "society/at_exit", "actors/at_exit"} <= set(sec.presented)
    assert "Okänt" not in sec.presented["society/at_exit"].frame.index
    for cohort, bars in sec.months.items():
        assert (bars["people"].dropna().between(1, 3)).sum() == 0 or (
            bars[bars["people"].between(1, 3)]["months"] == 0).all()
        sek.figure(bars, cohort)
    empty = sek.section(sample_data.for_team("kompassen").__class__(
        sample_data.data_dir, sample_data.participants), "2022H1")
    assert empty.missing and not empty.presented
