"""Indicator surveys: means, shares and the agree threshold, the sex split, response rates,
the anonymised order, each bad input, and a naive cross-check of the CSV."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import matplotlib
import numpy as np
import pandas as pd
import pytest
from conftest import SAMPLE
from conftest import run_cli as run

from finsam_analysis.errors import DataError
from finsam_analysis.io.load import load_data
from finsam_analysis.measures import surveys as sv

pytestmark = pytest.mark.usefixtures("english")  # matches the English messages

matplotlib.use("Agg")

QUESTIONS = pd.DataFrame({
    "question_id": ["q1", "q2", "s1"],
    "respondent_group": ["participant", "participant", "staff"],
    "indicator": ["Delaktighet", "Samverkan", "Delaktighet"],
    "text": ["Jag blir lyssnad på.", "Myndigheterna samarbetar, tycker jag.", "Vi samarbetar."],
    "scale_min": [1.0, 1.0, 1.0], "scale_max": [10.0, 10.0, 5.0], "agree_from": [7.0, 7.0, 4.0],
})


def responses(*rows):
    cols = ["survey_year", "team", "respondent_group", "respondent_id", "sex", "question_id",
            "answer"]
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])


R = responses(
    (2021, "a", "participant", "1", "K", "q1", 7.0),     # exactly agree_from: agrees
    (2021, "a", "participant", "2", "K", "q1", 6.0),
    (2021, "a", "participant", "3", "M", "q1", 10.0),
    (2021, "a", "participant", "4", "unknown", "q1", 2.0),
    (2021, "a", "participant", "5", "M", "q1", np.nan),  # no answer: not counted
    (2021, "b", "participant", "1", "K", "q1", 9.0),
    (2021, "a", "staff", "s1", "unknown", "s1", 4.0),
    (2021, "a", "staff", "s2", "unknown", "s1", 3.0),
    (2020, "a", "participant", "1", "K", "q1", 3.0),
    (2020, "a", "participant", "2", "M", "q1", 8.0),
)


def test_means_shares_and_the_agree_threshold():
    t = sv.question_results(QUESTIONS, R, 2021, "a").set_index(["question_id", "group"])
    assert t.loc[("q1", "total"), "answers"] == 4
    assert t.loc[("q1", "total"), "mean"] == pytest.approx((7 + 6 + 10 + 2) / 4)
    assert t.loc[("q1", "total"), "agree_share"] == pytest.approx(50.0)
    assert t.loc[("q1", "K"), ["answers", "agree_share"]].tolist() == [2, 50.0]
    assert t.loc[("q1", "M"), ["answers", "agree_share"]].tolist() == [1, 100.0]
    assert t.loc[("s1", "total"), "agree_share"] == pytest.approx(50.0)  # its own threshold 4
    assert ("s1", "K") not in t.index  # staff carry no sex
    # q2 was never asked in 2021: no row
    assert "q2" not in t.index.get_level_values(0)


def test_a_question_asked_of_others_gets_a_zero_row():
    only_b = responses((2021, "b", "participant", "1", "K", "q1", 9.0),
                       (2021, "a", "staff", "s1", "", "s1", 4.0))
    t = sv.question_results(QUESTIONS, only_b, 2021, "a").set_index(["question_id", "group"])
    assert t.loc[("q1", "total"), "answers"] == 0
    assert np.isnan(t.loc[("q1", "total"), "mean"])


def test_indicators_pool_their_questions():
    r = responses((2021, "a", "participant", "1", "K", "q1", 8.0),
                  (2021, "a", "participant", "1", "K", "q2", 2.0),
                  (2021, "a", "participant", "2", "M", "q2", 7.0))
    q = QUESTIONS.assign(indicator=["Delaktighet", "Delaktighet", "Delaktighet"])
    t = sv.indicator_results(q, r, 2021).set_index(["respondent_group", "group"])
    assert t.loc[("participant", "total"), "answers"] == 3
    assert t.loc[("participant", "total"), "mean"] == pytest.approx(17 / 3)
    assert t.loc[("participant", "K"), "agree_share"] == pytest.approx(50.0)


def test_comparison_columns_with_all_teams_and_last_year():
    c = sv.comparison(QUESTIONS, R, 2021, "a").set_index(["question_id", "group"])
    row = c.loc[("q1", "total")]
    assert row["answers_all"] == 5
    assert row["agree_share_all"] == pytest.approx(60.0)
    assert row["agree_diff_all"] == pytest.approx(-10.0)
    assert row["agree_share_prev"] == pytest.approx(50.0)
    assert row["mean_diff_prev"] == pytest.approx(25 / 4 - 5.5)
    assert row["previous_year"] == 2020


def test_response_rates():
    invited = pd.DataFrame({"survey_year": [2021, 2021, 2021], "team": ["a", "a", "b"],
                            "respondent_group": ["participant", "staff", "participant"],
                            "invited": [10, 0, 4]})
    rates = sv.response_rates(R, invited, 2021, "a").set_index("respondent_group")
    assert rates.loc["participant", ["respondents", "invited"]].tolist() == [5, 10]
    assert rates.loc["participant", "rate"] == pytest.approx(50.0)
    assert np.isnan(rates.loc["staff", "rate"])  # invited 0: no rate
    everyone = sv.response_rates(R, invited, 2021).set_index("respondent_group")
    assert everyone.loc["participant", ["respondents", "invited"]].tolist() == [6, 14]
    assert sv.response_rates(R, None, 2021)["rate"].isna().all()


def test_anonymised_team_comparison_order_does_not_follow_names():
    rows = [(2021, t, "participant", "1", "K", "q1", 8.0)
            for t in ["alfa", "beta", "gamma", "delta", "epsilon", "zeta"]]
    t = sv.team_comparison(QUESTIONS, responses(*rows), 2021, anonymise=True)
    names = list(dict.fromkeys(t["team"]))
    assert names == [f"Grupp {c}" for c in "ABCDEF"]
    from finsam_analysis.measures.groups import anonymise_teams

    mapping = anonymise_teams(["alfa", "beta", "gamma", "delta", "epsilon", "zeta"])
    assert [k for k, _ in sorted(mapping.items(), key=lambda kv: kv[1])] != sorted(mapping)
    plain = sv.team_comparison(QUESTIONS, responses(*rows), 2021, names={"alfa": "Team Alfa"})
    assert "Team Alfa" in set(plain["team"])


def test_survey_year_for_a_period():
    assert sv.survey_year_for("2021/22") == 2021
    assert sv.survey_year_for("2021H1") == 2020
    assert sv.survey_year_for("2021") == 2021
    assert sv.survey_year_for("2021-01-01..2021-10-31") == 2021


def test_answer_distribution_bands():
    d = sv.answer_distribution(QUESTIONS, R, 2021, "participant", "a")
    q1 = d[d["question_id"] == "q1"].set_index("band")
    assert q1[["low", "high"]].values.tolist() == [[1, 3], [4, 6], [7, 8], [9, 10]]
    assert q1["share"].tolist() == [25.0, 25.0, 25.0, 25.0]
    assert q1["agree"].tolist() == [False, False, True, True]


# --- loading ----------------------------------------------------------------------------------

PARTICIPANTS = "participant_id,team,sex,start_date,end_date,exit_reason\nx,a,K,2020-01-01,,\n"
QCSV = ("question_id,respondent_group,indicator,text,scale_min,scale_max,agree_from\n"
        "q1,participant,Delaktighet,\"Jag blir lyssnad på, ofta.\",1,10,7\n"
        "s1,staff,Samverkan,Vi samarbetar.,1,10,7\n")
RHEAD = "survey_year,team,respondent_group,respondent_id,sex,question_id,answer\n"


def survey_dir(tmp_path, rows, questions=QCSV, invited=None):
    (tmp_path / "participants.csv").write_text(PARTICIPANTS, encoding="utf-8")
    (tmp_path / "survey_questions.csv").write_text(questions, encoding="utf-8")
    (tmp_path / "survey_responses.csv").write_text(RHEAD + rows, encoding="utf-8")
    if invited:
        (tmp_path / "survey_invited.csv").write_text(invited, encoding="utf-8")
    return tmp_path


def test_loads_with_texts_verbatim_and_no_answers(tmp_path):
    d = load_data(survey_dir(tmp_path, "2021,a,participant,1,kvinna,q1,7\n"
                                       "2021,a,Deltagare,2,,q1,vet ej\n"
                                       "2021,a,personal,3,,s1,\n"))
    assert d.survey_questions.loc[0, "text"] == "Jag blir lyssnad på, ofta."
    r = d.survey_responses
    assert r["sex"].tolist() == ["K", "unknown", "unknown"]
    assert r["respondent_group"].tolist() == ["participant", "participant", "staff"]
    assert r["answer"].isna().tolist() == [False, True, True]


@pytest.mark.parametrize(("row", "column", "message"), [
    ("2021,a,participant,1,K,q1,11", "answer", "outside the question's scale"),
    ("2021,a,participant,1,K,q1,0", "answer", "outside the question's scale"),
    ("2021,a,participant,1,K,q1,bra", "answer", "not a number"),
    ("2021,a,participant,1,K,q9,5", "question_id", "no such question"),
    ("2021,a,staff,1,,q1,5", "respondent_group", "not asked of this group"),
    ("2021,zz,participant,1,K,q1,5", "team", "unknown team"),
    ("2021,a,kunder,1,K,q1,5", "respondent_group", "unknown code"),
    ("tjugo,a,participant,1,K,q1,5", "survey_year", "not a whole number"),
])
def test_bad_answers(tmp_path, row, column, message):
    with pytest.raises(DataError) as info:
        load_data(survey_dir(tmp_path, "2021,a,participant,9,K,q1,7\n" + row + "\n"))
    hits = [p for p in info.value.problems if message in p.message]
    assert hits, [str(p) for p in info.value.problems]
    assert (hits[0].file, hits[0].row) == ("survey_responses.csv", 3)
    assert hits[0].column.startswith(column)


def test_bad_catalogue_and_invited(tmp_path):
    q = QCSV + "q2,participant,X,Text,10,1,7\nq3,participant,X,Text,1,10,11\nq1,staff,X,T,1,5,3\n"
    with pytest.raises(DataError) as info:
        load_data(survey_dir(tmp_path, "2021,a,participant,1,K,q1,7\n", questions=q,
                             invited="survey_year,team,respondent_group,invited\n"
                                     "2021,a,participant,-3\n2021,zz,staff,4\n"))
    found = {(p.file, p.row, p.column.split(" ")[0]) for p in info.value.problems}
    assert ("survey_questions.csv", 4, "scale_max") in found
    assert ("survey_questions.csv", 5, "agree_from") in found
    assert ("survey_questions.csv", 6, "question_id") in found
    assert ("survey_invited.csv", 2, "invited") in found
    assert ("survey_invited.csv", 3, "team") in found


def test_sex_of_staff_is_dropped_with_a_warning(tmp_path):
    d = load_data(survey_dir(tmp_path, "2021,a,staff,1,K,s1,7\n"))
    assert d.survey_responses.loc[0, "sex"] == "unknown"
    assert any(w.column == "sex" for w in d.warnings)


def test_duplicate_answer(tmp_path):
    with pytest.raises(DataError, match=r"survey_responses.csv, row 3, .*duplicate"):
        load_data(survey_dir(tmp_path, "2021,a,participant,1,K,q1,7\n"
                                       "2021,a,participant,1,K,q1,8\n"))


# --- the command, cross-checked ---------------------------------------------------------------



def _one(x: Fraction | None) -> str:
    if x is None:
        return ""
    exact = Decimal(x.numerator) / Decimal(x.denominator)
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def naive_csv(year: int, team: str | None) -> dict[tuple, tuple]:
    with open(SAMPLE / "survey_questions.csv", encoding="utf-8") as f:
        qs = {r["question_id"]: r for r in csv.DictReader(f)}
    cells: dict[tuple, list] = defaultdict(list)
    asked = set()
    with open(SAMPLE / "survey_responses.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if int(r["survey_year"]) != year:
                continue
            asked.add(r["question_id"])
            if (team and r["team"] != team) or r["answer"] == "":
                continue
            groups = ["total"]
            if r["respondent_group"].startswith("participant") and r["sex"] in ("K", "M"):
                groups.append(r["sex"])
            for g in groups:
                cells[(r["question_id"], g)].append(Fraction(r["answer"]))
    out = {}
    for qid in asked:
        q = qs[qid]
        groups = ["K", "M", "total"] if q["respondent_group"].startswith("participant") \
            else ["total"]
        for g in groups:
            a = cells.get((qid, g), [])
            agree = sum(1 for x in a if x >= Fraction(q["agree_from"]))
            out[(qid, g)] = (q["respondent_group"], q["indicator"], str(len(a)),
                             _one(sum(a) / len(a)) if a else "",
                             _one(Fraction(100 * agree, len(a))) if a else "")
    return out


@pytest.mark.parametrize(("year", "team"), [(2021, None), (2020, "ankaret"), (2019, "solrosen")])
def test_surveys_csv_equals_the_naive_reference(year, team):
    args = ["surveys", SAMPLE, "--year", year, "--format", "csv"]
    if team:
        args += ["--team", team]
    code, out, err = run(*args)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["question_id", "respondent_group", "indicator", "group", "answers",
                             "mean", "agree_share"]
    got = {(r["question_id"], r["group"]): (r["respondent_group"], r["indicator"], r["answers"],
                                            r["mean"], r["agree_share"]) for r in rows}
    assert got == naive_csv(year, team)


def test_external_csv_hides_small_cells():
    code, out, _ = run("surveys", SAMPLE, "--year", "2021", "--team", "fjarilen", "--format",
                       "csv", "--audience", "external")
    assert code == 0
    for r in csv.DictReader(io.StringIO(out)):
        if r["answers"] == ".." or int(r["answers"]) < 5:
            assert r["mean"] in ("..", "") and r["agree_share"] in ("..", "")


def test_surveys_table_is_swedish_and_unknown_year_is_clear():
    code, out, _ = run("surveys", SAMPLE, "--team", "kompassen")
    assert code == 0
    assert "Indikatorenkät 2021: Deltagare (pågående)" in out and "Kvinnor, instämmer" in out
    assert "Jag blir lyssnad på när vi planerar det jag ska göra." in out
    code, _, err = run("surveys", SAMPLE, "--year", "1999")
    assert code == 1 and "2019, 2020, 2021" in err


def test_survey_figures(sample_data):
    from finsam_analysis.present import plots

    q, r = sample_data.survey_questions, sample_data.survey_responses
    ax = plots.plot_likert(sv.answer_distribution(q, r, 2021, "staff", "ankaret"))
    assert ax.get_xlim() == (-100, 100)
    assert len(ax.get_yticklabels()) == 5
    comp = sv.comparison(q, r, 2021, "ankaret")
    ax = plots.plot_survey_dots(comp[comp["respondent_group"] == "referrer"])
    assert ax.get_xlabel() == "Andel som instämmer (%)"


def test_sample_surveys_look_real(sample_data):
    q, r = sample_data.survey_questions, sample_data.survey_responses
    assert set(r["survey_year"]) == {2019, 2020, 2021}
    per_group = q.groupby("respondent_group").size()
    assert per_group.between(4, 6).all() and len(per_group) == 4
    assert 4 <= q["indicator"].nunique() <= 5
    assert (q["scale_min"] == 1).all() and (q["scale_max"] == 10).all()
    assert (q["agree_from"] == 7).all()
    means = r.groupby("survey_year")["answer"].mean()
    assert means[2021] > means[2019]  # a trend
    by_team = r[r["survey_year"] == 2021].groupby("team")["answer"].mean()
    assert by_team.max() - by_team.min() > 0.3  # teams differ
    assert sample_data.survey_invited is not None
