"""Indicator surveys (indikatorer för finansiell samordning): comparisons between teams,
years, respondent groups and sexes.

Inputs are the canonical `survey_questions` (the catalogue, texts verbatim), `survey_responses`
(one row per answer; `answer` NaN = no answer or "vet ej") and optionally `survey_invited`.
For a survey year and a team (or all teams):

- **answers** (n): the answers given to a question (no answer does not count);
- **mean**: the mean answer;
- **agree_share**: the share of answers at or above the question's `agree_from`, in %.

Per indicator, the answers to all its questions in a respondent group are pooled. Groups are
`K` and `M` (participants only: the other respondent groups carry no sex) and `total`, which
also holds answers of unknown sex.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..periods import Period, parse_period
from ..schema import RESPONDENT_GROUPS, SEXES, TOTAL
from .groups import anonymise_teams

PARTICIPANT_GROUPS = ("participant", "participant_exit")


def survey_year_for(period: Period | str) -> int:
    """The latest survey year whose results a report for `period` can show: the autumn
    survey of year Y is handed in by 31 October Y."""
    period = parse_period(period)
    end = period.end
    return end.year if (end.month, end.day) >= (10, 31) else end.year - 1


def _answered(questions: pd.DataFrame, responses: pd.DataFrame, year: int | None = None,
              team: str | None = None) -> pd.DataFrame:
    keep = responses["answer"].notna().to_numpy().copy()
    if team is not None:
        keep &= (responses["team"] == team).to_numpy()
    if year is not None:
        keep &= (responses["survey_year"] == year).to_numpy()
    r = responses[keep]
    q = questions[["question_id", "indicator", "agree_from"]]
    r = r.merge(q, on="question_id", how="left")
    return r.assign(agree=(r["answer"] >= r["agree_from"]).astype(int))


def _summarise(r: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    g = r.groupby(keys, sort=False)
    out = g.agg(answers=("answer", "size"), mean=("answer", "mean"), agree=("agree", "sum"))
    out["agree_share"] = 100.0 * out["agree"] / out["answers"]
    return out.drop(columns="agree").reset_index()


def _with_groups(r: pd.DataFrame) -> pd.DataFrame:
    """Each answer once per group it belongs to: its sex (participants only) and `total`."""
    by_sex = r[r["respondent_group"].isin(PARTICIPANT_GROUPS) & r["sex"].isin(SEXES)]
    return pd.concat([by_sex.assign(group=by_sex["sex"]), r.assign(group=TOTAL)],
                     ignore_index=True)


def _frame(questions: pd.DataFrame, responses: pd.DataFrame, year: int, level: str
           ) -> pd.DataFrame:
    """Every (question or indicator) × group row that the year's survey has, with zeros."""
    in_year = (responses["survey_year"] == year).to_numpy()
    asked = set(responses["question_id"][in_year].unique())
    rows, seen = [], set()
    for q in _ordered_records(questions):
        if q["question_id"] not in asked:
            continue
        if level == "indicator":
            key = (q["respondent_group"], q["indicator"])
            if key in seen:
                continue
            seen.add(key)
        groups = [*SEXES, TOTAL] if q["respondent_group"] in PARTICIPANT_GROUPS else [TOTAL]
        for group in groups:
            row = {"respondent_group": q["respondent_group"], "indicator": q["indicator"],
                   "group": group}
            if level == "question":
                row = {"question_id": q["question_id"], **row, "text": q["text"]}
            rows.append(row)
    return pd.DataFrame(rows)


def _ordered_records(questions: pd.DataFrame) -> list[dict]:
    """The catalogue as records in its reading order (see `catalogue_order`)."""
    records = questions.to_dict("records")
    first: dict[str, int] = {}
    for q in records:
        first.setdefault(q["indicator"], len(first))
    group_order = {g: i for i, g in enumerate(RESPONDENT_GROUPS)}
    ordered = sorted(enumerate(records), key=lambda iq: (
        group_order.get(iq[1]["respondent_group"], 99), first[iq[1]["indicator"]], iq[0]))
    return [q for _, q in ordered]


def catalogue_order(questions: pd.DataFrame) -> pd.DataFrame:
    """Questions by respondent group, then indicator and question in the order the catalogue
    first lists them (the network's order, not the alphabet)."""
    return pd.DataFrame(_ordered_records(questions), columns=questions.columns)


def question_results(questions: pd.DataFrame, responses: pd.DataFrame, year: int,
                     team: str | None = None) -> pd.DataFrame:
    """Per question × group: answers, mean, agree_share — for a team, or all teams (None).

    One row for every question the survey of that year asked (of any team), so a team that
    got no answer to a question shows 0 answers rather than no row.
    """
    out = _question_table(questions, responses, year, team, by_team=False)
    return out.drop(columns="team")


def question_results_by_team(questions: pd.DataFrame, responses: pd.DataFrame, year: int
                             ) -> pd.DataFrame:
    """`question_results` of every team at once (columns: team, then as there)."""
    return _question_table(questions, responses, year, None, by_team=True)


COLUMNS = ["question_id", "respondent_group", "indicator", "text", "group", "answers", "mean",
           "agree_share"]


def _question_table(questions: pd.DataFrame, responses: pd.DataFrame, year: int,
                    team: str | None, by_team: bool) -> pd.DataFrame:
    """The counts by numpy: each answer lands in a (team, question, group) cell."""
    base = _frame(questions, responses, year, "question")
    if base.empty:
        return pd.DataFrame(columns=["team", *COLUMNS])
    in_year = (responses["survey_year"] == year).to_numpy()
    teams = sorted(responses.loc[in_year, "team"].unique()) if by_team else [team or "all"]
    if team is not None:  # the team's rows first: then few rows to look at
        rows = np.flatnonzero((responses["team"] == team).to_numpy())
        rows = rows[in_year[rows] & ~np.isnan(responses["answer"].to_numpy(dtype=float)[rows])]
    else:
        rows = np.flatnonzero(in_year & responses["answer"].notna().to_numpy())
    asked = base.drop_duplicates("question_id")["question_id"].tolist()
    nq = len(asked)
    q_codes, q_values = pd.factorize(responses["question_id"].iloc[rows].to_numpy(dtype=object))
    qpos = pd.Index(asked).get_indexer(pd.Index(q_values, dtype=object))[q_codes]
    threshold = dict(zip(questions["question_id"], questions["agree_from"], strict=True))
    agree_from = np.array([threshold[q] for q in asked], dtype=float)
    answer = responses["answer"].to_numpy(dtype=float)[rows]
    agree = answer >= agree_from[qpos]
    if by_team and len(rows):
        codes, uniques = pd.factorize(responses["team"].iloc[rows])
        tpos = pd.Index(teams).get_indexer(pd.Index(uniques).astype(object))[codes]
    else:
        tpos = np.zeros(len(rows), np.int64)
    sex = responses["sex"].to_numpy(dtype=object)[rows]
    g_codes, g_values = pd.factorize(responses["respondent_group"].to_numpy(dtype=object)[rows])
    with_sex = np.isin(np.asarray(g_values, dtype=object), PARTICIPANT_GROUPS)[g_codes] \
        if len(rows) else np.zeros(0, bool)
    gpos = np.where(with_sex & (sex == "K"), 0, np.where(with_sex & (sex == "M"), 1, -1))
    cells = len(teams) * nq * 3
    cell_total = (tpos * nq + qpos) * 3 + 2
    cell_sex = (tpos * nq + qpos) * 3 + gpos

    def add(weights=None):
        total = np.bincount(cell_total, weights=weights, minlength=cells)
        by_sex = np.bincount(cell_sex[gpos >= 0], minlength=cells,
                             weights=None if weights is None else weights[gpos >= 0])
        return total + by_sex

    n, sums, agrees = add(), add(answer), add(agree.astype(float))
    group_pos = base["group"].map({"K": 0, "M": 1, "total": 2}).to_numpy()
    base_q = pd.Index(asked).get_indexer(base["question_id"])
    idx = ((np.arange(len(teams))[:, None] * nq + base_q[None, :]) * 3
           + group_pos[None, :]).ravel()
    count = n[idx]
    out = pd.DataFrame({c: np.tile(base[c].to_numpy(dtype=object), len(teams))
                        for c in base.columns})
    out.insert(0, "team", np.repeat(np.array(teams, dtype=object), len(base)))
    with np.errstate(invalid="ignore", divide="ignore"):
        out["answers"] = count.astype(int)
        out["mean"] = np.where(count > 0, sums[idx] / count, np.nan)
        out["agree_share"] = np.where(count > 0, 100.0 * agrees[idx] / count, np.nan)
    return out[["team", *COLUMNS]]


def indicator_results(questions: pd.DataFrame, responses: pd.DataFrame, year: int,
                      team: str | None = None) -> pd.DataFrame:
    """Per indicator × respondent group × group: the pooled answers of its questions."""
    base = _frame(questions, responses, year, "indicator")
    if base.empty:
        return pd.DataFrame(columns=["respondent_group", "indicator", "group", "answers",
                                     "mean", "agree_share"])
    r = _with_groups(_answered(questions, responses, year, team))
    stats = _summarise(r, ["respondent_group", "indicator", "group"])
    out = base.merge(stats, on=["respondent_group", "indicator", "group"], how="left")
    out["answers"] = out["answers"].fillna(0).astype(int)
    return out


def comparison(questions: pd.DataFrame, responses: pd.DataFrame, year: int,
               team: str | None, level: str = "question") -> pd.DataFrame:
    """The team beside all teams together and beside its own previous year.

    Columns: the keys, then `answers`, `mean`, `agree_share` for the team; the same with
    `_all` for all teams and `_prev` for the previous survey year; and the differences
    `mean_diff_all`, `agree_diff_all`, `mean_diff_prev`, `agree_diff_prev` (team − other).
    """
    func = question_results if level == "question" else indicator_results
    keys = (["question_id"] if level == "question" else []) + ["respondent_group", "indicator",
                                                               "group"]
    this = func(questions, responses, year, team)
    every = func(questions, responses, year, None)
    years = sorted(y for y in responses["survey_year"].unique() if y < year)
    out = this.merge(every[[*keys, "answers", "mean", "agree_share"]], on=keys, how="left",
                     suffixes=("", "_all"))
    if years:
        prev = func(questions, responses, years[-1], team)
        out = out.merge(prev[[*keys, "answers", "mean", "agree_share"]], on=keys, how="left",
                        suffixes=("", "_prev"))
    else:
        out[["answers_prev", "mean_prev", "agree_share_prev"]] = np.nan
    out["previous_year"] = years[-1] if years else np.nan
    out["mean_diff_all"] = out["mean"] - out["mean_all"]
    out["agree_diff_all"] = out["agree_share"] - out["agree_share_all"]
    out["mean_diff_prev"] = out["mean"] - out["mean_prev"]
    out["agree_diff_prev"] = out["agree_share"] - out["agree_share_prev"]
    return out


def trend(questions: pd.DataFrame, responses: pd.DataFrame, team: str | None = None
          ) -> pd.DataFrame:
    """Per indicator, respondent group and group, every survey year (oldest first)."""
    frames = []
    for year in sorted(responses["survey_year"].unique()):
        t = indicator_results(questions, responses, int(year), team)
        frames.append(t.assign(survey_year=int(year)))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def response_rates(responses: pd.DataFrame, invited: pd.DataFrame | None, year: int,
                   team: str | None = None) -> pd.DataFrame:
    """Per respondent group: respondents (distinct respondent ids), invited, rate (%).

    Without an invited count the rate is missing, never a guess.
    """
    r = responses[responses["survey_year"] == year]
    if team is not None:
        r = r[r["team"] == team]
    resp = r.groupby("respondent_group")["respondent_id"].nunique() if team else \
        r.drop_duplicates(["team", "respondent_group", "respondent_id"]).groupby(
            "respondent_group").size()
    groups = [g for g in RESPONDENT_GROUPS if g in set(resp.index)]
    out = pd.DataFrame({"respondent_group": groups,
                        "respondents": [int(resp[g]) for g in groups]})
    if invited is not None:
        inv = invited[invited["survey_year"] == year]
        if team is not None:
            inv = inv[inv["team"] == team]
        counts = inv.groupby("respondent_group")["invited"].sum()
        out["invited"] = out["respondent_group"].map(counts).astype("Int64")
    else:
        out["invited"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["rate"] = 100.0 * out["respondents"] / out["invited"].astype(float).where(
        out["invited"].astype(float) > 0)
    return out


def team_comparison(questions: pd.DataFrame, responses: pd.DataFrame, year: int,
                    anonymise: bool = False, salt: str = "finsam",
                    names: dict[str, str] | None = None) -> pd.DataFrame:
    """Every team side by side, per indicator and respondent group (groups = totals).

    With `anonymise`, teams are named *Grupp A, B, C…* in an order that does not follow
    their names (`groups.anonymise_teams`); otherwise by `names` (display names) or id.
    """
    in_year = responses[(responses["survey_year"] == year).to_numpy()]
    teams = sorted(in_year["team"].unique())
    label = anonymise_teams(teams, salt) if anonymise else {t: (names or {}).get(t, t)
                                                            for t in teams}
    if not teams:
        return pd.DataFrame()
    # `indicator_results` of every team at once, its Totalt rows: the year's rows × teams,
    # the team's answers pooled (none: 0 answers)
    keys = ["respondent_group", "indicator", "group"]
    base = _frame(questions, in_year, year, "indicator")
    if base.empty:
        return pd.DataFrame(columns=[*keys, "answers", "mean", "agree_share", "team"])
    base = base[base["group"] == TOTAL]
    stats = _summarise(_answered(questions, in_year, year).assign(group=TOTAL),
                       ["team", *keys])
    stats["team"] = stats["team"].astype(str)
    grid = base.merge(pd.DataFrame({"team": [str(t) for t in teams]}), how="cross")
    out = grid.merge(stats, on=["team", *keys], how="left")
    out["answers"] = out["answers"].fillna(0).astype(int)
    out["team"] = out["team"].map(label)
    out = out[[*base.columns, "answers", "mean", "agree_share", "team"]]
    order = sorted(label.values())
    out["team"] = pd.Categorical(out["team"], categories=order, ordered=True)
    return out.sort_values(["respondent_group", "indicator", "team"], kind="stable") \
        .reset_index(drop=True)


def answer_distribution(questions: pd.DataFrame, responses: pd.DataFrame, year: int,
                        respondent_group: str, team: str | None = None) -> pd.DataFrame:
    """Per question of a respondent group: the share of answers in each band of its scale,
    for a diverging bar chart. Bands: the disagreeing answers split in a lower and an upper
    half, the agreeing ones likewise. Columns: question_id, indicator, text, answers, band,
    low, high, agree (bool), share (%)."""
    asked = responses.loc[responses["survey_year"] == year, "question_id"].unique()
    q = questions[(questions["respondent_group"] == respondent_group)
                  & questions["question_id"].isin(asked)]
    r = _answered(questions, responses, year, team)
    r = r[r["respondent_group"] == respondent_group]
    rows = []
    for rec in catalogue_order(q).itertuples():
        answers = r.loc[r["question_id"] == rec.question_id, "answer"]
        lo, hi, agree = rec.scale_min, rec.scale_max, rec.agree_from
        mid_dis = lo + np.floor((agree - lo) / 2)
        mid_agr = agree + np.floor((hi - agree + 1) / 2)
        bands = [(lo, mid_dis - 1, False), (mid_dis, agree - 1, False),
                 (agree, mid_agr - 1, True), (mid_agr, hi, True)]
        for i, (a, b, ag) in enumerate(bands):
            if b < a:
                continue
            n = int(((answers >= a) & (answers <= b)).sum())
            rows.append({"question_id": rec.question_id, "indicator": rec.indicator,
                         "text": rec.text, "answers": len(answers), "band": i, "low": a,
                         "high": b, "agree": ag,
                         "share": 100.0 * n / len(answers) if len(answers) else np.nan})
    return pd.DataFrame(rows)


def agreement_by_team_and_sex(questions: pd.DataFrame, responses: pd.DataFrame, year: int,
                              respondent_group: str = "participant"
                              ) -> dict[str, dict[str, dict[str, float]]]:
    """`agreement_by_sex` of every team at once, as rows: team → group (`K`, `M`, `total`)
    → column → value; a team nobody of the group answered for is left out (`agreement_of`
    gives it all zeros)."""
    r = _answered(questions, responses, year)
    r = _with_groups(r[r["respondent_group"] == respondent_group])
    g = r.groupby(["team", "group"], sort=False, observed=True)
    counts = g.agg(respondents=("respondent_id", "nunique"), answers=("answer", "size"),
                   agreeing=("agree", "sum"))
    out: dict[str, dict[str, dict[str, float]]] = {}
    for (team, group), row in counts.to_dict("index").items():
        out.setdefault(team, {})[group] = row
    return out


def agreement_of(by_team: dict[str, dict[str, dict[str, float]]], team: str
                 ) -> dict[str, dict[str, float]]:
    """One team's `agreement_by_sex`, as rows (group → column → value), from
    `agreement_by_team_and_sex`."""
    have = by_team.get(team, {})
    out = {}
    for g in (*SEXES, TOTAL):
        row = have.get(g, {})
        answers, agreeing = int(row.get("answers", 0)), int(row.get("agreeing", 0))
        out[g] = {"respondents": int(row.get("respondents", 0)), "answers": answers,
                  "agreeing": agreeing,
                  "agree_share": 100.0 * agreeing / answers if answers else float("nan")}
    return out


def agreement_by_sex(questions: pd.DataFrame, responses: pd.DataFrame, year: int,
                     team: str | None = None, respondent_group: str = "participant"
                     ) -> pd.DataFrame:
    """One respondent group's answers pooled over its questions, by sex and in total
    (index `K`, `M`, `total`): `respondents` (distinct respondent ids), `answers`,
    `agreeing` (answers at or above the question's `agree_from`) and `agree_share` (% of the
    answers; NaN with no answers)."""
    r = _answered(questions, responses, year, team)
    r = r[r["respondent_group"] == respondent_group]
    r = _with_groups(r)
    rows = {}
    for g in (*SEXES, TOTAL):
        sub = r[r["group"] == g]
        answers = len(sub)
        agreeing = int(sub["agree"].sum())
        rows[g] = {"respondents": int(sub["respondent_id"].nunique()), "answers": answers,
                   "agreeing": agreeing,
                   "agree_share": 100.0 * agreeing / answers if answers else float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index")
