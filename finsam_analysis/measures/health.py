"""The health survey (hälsoenkät): improved health among those who completed.

Each form has five questions, coded 1 (best) to 5 (worst). For a period, the people counted
are the non-dropout exits of the period (`exits` here). Of them, `with_both` have a start and
an exit form with at least one answered question each; a person has **improved health** when
the mean of the answered questions is lower (better) at exit than at start — an equal mean is
not an improvement. The share improved is of `with_both`, shown beside the target (90 %).
"""

from __future__ import annotations

import pandas as pd

from ..periods import Period, parse_period
from ..schema import HEALTH_QUESTIONS, SEXES, TOTAL
from .groups import by_group, has_unknown
from .outcomes import classify

KEY = ["team", "participant_id"]


def health_change(participants: pd.DataFrame, health: pd.DataFrame, period: Period | str,
                  dropout_months: int = 2) -> pd.DataFrame:
    """Per non-dropout exit of the period: the mean answer at start and at exit (over the
    answered questions), whether both forms exist, and whether health improved."""
    period = parse_period(period)
    status = classify(participants, period, dropout_months)
    done = participants[status["completed"]][[*KEY, "sex"]]
    forms = health.assign(mean=health[list(HEALTH_QUESTIONS)].mean(axis=1))
    forms = forms[forms["mean"].notna()]
    start = forms[forms["occasion"] == "start"].set_index(KEY)["mean"].rename("start_mean")
    end = forms[forms["occasion"] == "exit"].set_index(KEY)["mean"].rename("exit_mean")
    out = done.join(start, on=KEY).join(end, on=KEY)
    out["with_both"] = out["start_mean"].notna() & out["exit_mean"].notna()
    out["improved"] = out["with_both"] & (out["exit_mean"] < out["start_mean"] - 1e-9)
    return out.reset_index(drop=True)


def health_table(participants: pd.DataFrame, health: pd.DataFrame, period: Period | str,
                 dropout_months: int = 2, target: float = 90.0) -> pd.DataFrame:
    """By sex: exits (non-dropout), with_both, improved, improved_share (% of with_both),
    coverage (with_both as % of exits) and the target."""
    period = parse_period(period)
    per = health_change(participants, health, period, dropout_months)
    values = pd.DataFrame({"exits": 1, "with_both": per["with_both"].astype(int),
                           "improved": per["improved"].astype(int)}, index=per.index)
    show_unknown = has_unknown(participants, classify(participants, period, dropout_months))
    table = by_group(values, per["sex"], show_unknown)
    table["improved_share"] = 100.0 * table["improved"] / table["with_both"].where(
        table["with_both"] > 0)
    table["coverage"] = 100.0 * table["with_both"] / table["exits"].where(table["exits"] > 0)
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
