"""The health survey (hälsoenkät): improved health among those who completed.

Each form has five questions, coded 1 (best) to 5 (worst). For a period, the people counted
are the non-dropout exits of the period (`exits` here). Of them, `with_both` have a start and
an exit form with at least one answered question each; a person has **improved health** when
the mean of the answered questions is lower (better) at exit than at start — an equal mean is
not an improvement. The share improved is of `with_both`, shown beside the target (90 %).

The six-month form (`followup_6m`) is compared with the start form in the same way, for the
cohort whose 6-month follow-up falls in the period (SPEC, Targets).
"""

from __future__ import annotations

import pandas as pd

from ..periods import Period, parse_period
from ..schema import HEALTH_QUESTIONS, SEXES, TOTAL, UNKNOWN
from .groups import age_rows, by_group, grouping, has_unknown
from .outcomes import classify, followup_cohort

KEY = ["team", "participant_id"]


def health_change(participants: pd.DataFrame, health: pd.DataFrame, period: Period | str,
                  dropout_months: int = 2, occasion: str = "exit") -> pd.DataFrame:
    """Per person counted: the mean answer at start and at `occasion` (over the answered
    questions), whether both forms exist, and whether health improved.

    `occasion="exit"`: the non-dropout exits of the period, exit form against start form.
    `occasion="followup_6m"`: the cohort whose 6-month follow-up falls in the period
    (`outcomes.followup_cohort`), six-month form against start form. The later form's mean
    is in `exit_mean` either way.
    """
    period = parse_period(period)
    if occasion == "exit":
        counted = classify(participants, period, dropout_months)["completed"]
    elif occasion == "followup_6m":
        counted = followup_cohort(participants, period, 6, dropout_months)
    else:
        raise ValueError(f"occasion must be 'exit' or 'followup_6m', not {occasion!r}")
    done = participants[counted.to_numpy(bool)][[*KEY, "sex"]]
    forms = health.assign(mean=health[list(HEALTH_QUESTIONS)].mean(axis=1))
    forms = forms[forms["mean"].notna()]
    start = forms[forms["occasion"] == "start"].set_index(KEY)["mean"].rename("start_mean")
    end = forms[forms["occasion"] == occasion].set_index(KEY)["mean"].rename("exit_mean")
    out = done.join(start, on=KEY).join(end, on=KEY)
    out["with_both"] = out["start_mean"].notna() & out["exit_mean"].notna()
    out["improved"] = out["with_both"] & (out["exit_mean"] < out["start_mean"] - 1e-9)
    return out.reset_index(drop=True)


def health_table(participants: pd.DataFrame, health: pd.DataFrame, period: Period | str,
                 dropout_months: int = 2, target: float = 90.0, occasion: str = "exit",
                 by: str = "sex") -> pd.DataFrame:
    """By sex: exits (non-dropout), with_both, improved, improved_share (% of with_both),
    coverage (with_both as % of exits) and the target.

    With `occasion="followup_6m"` the first column is `cohort` (those whose 6-month follow-up
    falls in the period) instead of `exits`, and the six-month form is compared with the
    start form; `target` NaN leaves the target column out. `by="age"`: rows by age group
    at start (`other_age`/`unknown_age` when someone active in the period, or counted, has
    them).
    """
    period = parse_period(period)
    per = health_change(participants, health, period, dropout_months, occasion)
    people = "exits" if occasion == "exit" else "cohort"
    values = pd.DataFrame({people: 1, "with_both": per["with_both"].astype(int),
                           "improved": per["improved"].astype(int)}, index=per.index)
    status = classify(participants, period, dropout_months)
    if by == "age":
        group = grouping(participants, by, per)
        active = grouping(participants, by)[status["active"].to_numpy(bool)]
        table = by_group(values, group, rows=age_rows({*active, *group}))
    else:
        grouping(participants, by)  # an unknown `by` is an error
        show_unknown = has_unknown(participants, status)
        show_unknown = show_unknown or bool((per["sex"] == UNKNOWN).any())
        table = by_group(values, per["sex"], show_unknown)
    table["improved_share"] = 100.0 * table["improved"] / table["with_both"].where(
        table["with_both"] > 0)
    table["coverage"] = 100.0 * table["with_both"] / table[people].where(table[people] > 0)
    if not pd.isna(target):
        table["target"] = target
    return table


def question_means(participants: pd.DataFrame, health: pd.DataFrame, period: Period | str,
                   dropout_months: int = 2) -> pd.DataFrame:
    """Per question and group, among those with both forms: the mean answer at start and at
    exit, and n (those who answered the question on both forms)."""
    per = health_change(participants, health, period, dropout_months)
    both = per[per["with_both"]][[*KEY, "sex"]]
    forms = health.merge(both, on=KEY)
    rows = []
    groups = [*SEXES, TOTAL]
    for q in HEALTH_QUESTIONS:
        wide = forms.pivot_table(index=[*KEY, "sex"], columns="occasion", values=q,
                                 aggfunc="first").reset_index()
        for occasion in ("start", "exit"):
            if occasion not in wide:
                wide[occasion] = float("nan")
        wide = wide[wide["start"].notna() & wide["exit"].notna()]
        for g in groups:
            sub = wide if g == TOTAL else wide[wide["sex"] == g]
            rows.append({"question": q, "group": g, "n": len(sub),
                         "start_mean": sub["start"].mean() if len(sub) else float("nan"),
                         "exit_mean": sub["exit"].mean() if len(sub) else float("nan")})
    return pd.DataFrame(rows)
