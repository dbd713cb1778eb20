"""The budget (*Organisationen* field): budget in balance per tertial, and cost per
participant and per outcome.

A report shows the budget rows whose period (a tertial or a half-year) overlaps the report
period; deviation = spent − budget, in SEK and as a percentage of the budget; a row is flagged
when the deviation exceeds the setting (default 5 %) either way. Cost per active participant,
per non-dropout exit and per positive outcome divide what was spent in those rows; with no
such people the cost is missing, never a division by zero.
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


def cost_per(participants: pd.DataFrame, budget: pd.DataFrame, period: Period | str,
             dropout_months: int = 2) -> pd.DataFrame:
    """What was spent in the budget rows of the period, per active participant, per
    non-dropout exit and per positive outcome (one row)."""
    period = parse_period(period)
    rows = budget_rows(budget, period)
    spent = float(rows["spent_sek"].sum())
    status = classify(participants, period, dropout_months)
    counts = {"active": int(status["active"].sum()), "completed": int(status["completed"].sum()),
              "positive": int(status["positive"].sum())}
    out = {"spent_sek": spent, "budget_sek": float(rows["budget_sek"].sum()), **counts}
    for name, n in counts.items():
        out[f"cost_per_{name}"] = spent / n if n and len(rows) else float("nan")
    return pd.DataFrame([out])
