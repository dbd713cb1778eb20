"""The budget (*Organisationen* field): budget in balance per tertial, and cost per
participant and per outcome.

A report shows the budget rows whose period (a tertial or a half-year) overlaps the report
period; deviation = spent − budget, in SEK and as a percentage of the budget; a row is flagged
when the deviation exceeds the setting (default 5 %) either way. Cost per active participant
and per positive outcome divide what was spent, **prorated** to the report period by days of
overlap, by the number of them in the period; with no such people the cost is missing, never
a division by zero.
"""

from __future__ import annotations

import pandas as pd

from ..periods import Period, parse_period
from .outcomes import classify


def budget_rows(budget: pd.DataFrame, period: Period | str, flag_percent: float = 5.0
                ) -> pd.DataFrame:
    """The rows overlapping the period, summed over teams per budget period, in time order.

    Columns: tertial (the budget period's name), start, end, budget_sek, spent_sek,
    deviation_sek, deviation_share (%), flagged.
    """
    period = parse_period(period)
    b = budget.assign(_p=budget["period"].map(parse_period))
    b = b.assign(start=b["_p"].map(lambda p: pd.Timestamp(p.start)),
                 end=b["_p"].map(lambda p: pd.Timestamp(p.end)))
    b = b[(b["start"] <= period.end_ts) & (b["end"] >= period.start_ts)]
    out = b.groupby(["period", "start", "end"], as_index=False)[["budget_sek", "spent_sek"]] \
        .sum().sort_values(["start", "end"]).rename(columns={"period": "tertial"})
    out["deviation_sek"] = out["spent_sek"] - out["budget_sek"]
    out["deviation_share"] = 100.0 * out["deviation_sek"] / out["budget_sek"].where(
        out["budget_sek"] > 0)
    out["flagged"] = out["deviation_share"].abs() > flag_percent
    return out.reset_index(drop=True)


COST_MEASURES = ("spent_prorated", "budget_prorated", "participants", "cost_per_participant",
                 "positive_outcomes", "cost_per_positive_outcome")
"""The rows of `finsam budget --table costs` (the columns of `cost_per`)."""


def prorated(budget: pd.DataFrame, period: Period | str) -> pd.DataFrame:
    """Each budget row overlapping the period with the share of it that lies inside.

    `fraction` = days of the row's period inside the report period ÷ days of the row's period
    (both ends of each period included); `budget_prorated` and `spent_prorated` are the row's
    amounts × fraction (SPEC, Budget).
    """
    period = parse_period(period)
    parsed = budget["period"].map(parse_period)
    first = parsed.map(lambda p: max(p.start, period.start))
    last = parsed.map(lambda p: min(p.end, period.end))
    inside = pd.Series([max((b - a).days + 1, 0) for a, b in zip(first, last, strict=True)],
                       index=budget.index, dtype=float)
    fraction = inside / parsed.map(lambda p: p.days).astype(float)
    out = budget.assign(fraction=fraction)[fraction > 0].copy()
    out["budget_prorated"] = out["budget_sek"].astype(float) * out["fraction"]
    out["spent_prorated"] = out["spent_sek"].astype(float) * out["fraction"]
    return out


def cost_per(participants: pd.DataFrame, budget: pd.DataFrame, period: Period | str,
             dropout_months: int = 2) -> pd.DataFrame:
    """Cost per participant and per positive outcome for the report period (one row).

    The amounts are prorated to the period by days of overlap (`prorated`): a full-year
    report counts the part of each tertial that lies inside the year, not every tertial that
    touches it. `participants` = enrolments active in the period; `positive_outcomes` = its
    positive outcomes (work, studies, vocational rehab among the non-dropout exits). A cost
    is NaN with no one to divide by, or with no budget row overlapping the period (the sums
    are then 0: nothing is known to have been spent, which is not a cost of 0 kr).
    Columns: `COST_MEASURES`.
    """
    period = parse_period(period)
    rows = prorated(budget, period)
    spent = float(rows["spent_prorated"].sum())
    status = classify(participants, period, dropout_months)
    active, positive = int(status["active"].sum()), int(status["positive"].sum())
    has_rows = len(rows) > 0
    out = {"spent_prorated": spent, "budget_prorated": float(rows["budget_prorated"].sum()),
           "participants": active,
           "cost_per_participant": spent / active if active and has_rows else float("nan"),
           "positive_outcomes": positive,
           "cost_per_positive_outcome": spent / positive if positive and has_rows
           else float("nan")}
    return pd.DataFrame([out], columns=list(COST_MEASURES))
