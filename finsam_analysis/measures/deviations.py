"""Deviations to raise with the steering group (seed 000: large deviations are reported):

- **target missed**: a target share (Kvinnor, Män or Totalt) more than `target_points`
  percentage points below its target level;
- **moved**: a headline share that changed by more than `change_points` points against the
  previous period of the same kind;
- **occupancy**: the places used (årsplatser: days enrolled inside the period ÷ the period's
  days) more than `occupancy_share` per cent above or below the places the plan gives the
  team (config `teams.<id>.places`).

The headline shares: positive outcome (of exits without dropouts), ORS recovered or reliably
improved (of those with two or more measurements), health improved (of those with both
forms), ORS measured as the policy asks (of the participants). Each rests on a numerator and
a base, so a caller can leave out a share whose figures it does not show (`hidden`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..periods import Period, parse_period

GROUPS = ("K", "M", "total")
COLUMNS = ["kind", "measure", "timepoint", "group", "value", "reference", "difference",
           "numerator", "base"]


@dataclass(frozen=True)
class Limits:
    """How large a deviation must be to be listed (settings)."""

    target_points: float = 10.0
    change_points: float = 10.0
    occupancy_share: float = 10.0
    min_base: int = 5


DEFAULT_LIMITS = Limits()


def headline_shares(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """measure, group, numerator, base, share (%) for the headline shares the tables hold."""
    rows = []

    def add(measure: str, table: str, numerator, base) -> None:
        t = tables.get(table)
        if t is None:
            return
        for g in GROUPS:
            if g not in t.index:
                continue
            num = float(sum(t.at[g, c] for c in numerator))
            den = float(t.at[g, base])
            rows.append({"measure": measure, "group": g, "numerator": num, "base": den,
                         "share": 100.0 * num / den if den > 0 else np.nan})

    add("positive", "outcomes", ["positive"], "completed")
    add("ors_better", "change", ["recovered", "improved"], "with_two_or_more")
    add("health_improved", "health", ["improved"], "with_both")
    add("ors_compliant", "compliance", ["ors_compliant"], "participants")
    return pd.DataFrame(rows, columns=["measure", "group", "numerator", "base", "share"])


def occupancy(participants: pd.DataFrame, period: Period | str) -> float:
    """Places used in the period: the days each enrolment lies inside the period, summed,
    over the period's days (both ends counted)."""
    period = parse_period(period)
    ps, pe = period.start_ts, period.end_ts
    start = participants["start_date"].clip(lower=ps)
    end = participants["end_date"].fillna(pe).clip(upper=pe)
    days = ((end - start).dt.days + 1).clip(lower=0)
    return float(days.sum()) / ((pe - ps).days + 1)


def deviations(current: dict[str, pd.DataFrame], previous: dict[str, pd.DataFrame] | None,
               places_used: float | None = None, places: float | None = None,
               limits: Limits = DEFAULT_LIMITS) -> pd.DataFrame:
    """Every deviation larger than `limits`, one row each (see the module's text). Shares
    resting on fewer than `min_base` people are not compared."""
    rows = []
    t = current.get("targets")
    if t is not None:
        for r in t.itertuples(index=False):
            if r.group not in GROUPS or pd.isna(r.share) or pd.isna(r.with_followup) or \
                    r.with_followup < limits.min_base:
                continue
            gap = r.share - r.target
            if gap < -limits.target_points - 1e-9:
                rows.append({"kind": "target_missed", "measure": r.measure,
                             "timepoint": r.timepoint, "group": r.group, "value": r.share,
                             "reference": r.target, "difference": gap,
                             "numerator": r.count, "base": r.with_followup})
    if previous is not None:
        now = headline_shares(current).set_index(["measure", "group"])
        before = headline_shares(previous).set_index(["measure", "group"])
        for key in now.index.intersection(before.index):
            a, b = now.loc[key], before.loc[key]
            if a["base"] < limits.min_base or b["base"] < limits.min_base:
                continue
            moved = a["share"] - b["share"]
            if abs(moved) > limits.change_points + 1e-9:
                rows.append({"kind": "moved", "measure": key[0], "timepoint": None,
                             "group": key[1], "value": a["share"], "reference": b["share"],
                             "difference": moved, "numerator": a["numerator"],
                             "base": a["base"]})
    if places_used is not None and places:
        off = 100.0 * (places_used - places) / places
        if abs(off) > limits.occupancy_share + 1e-9:
            rows.append({"kind": "occupancy", "measure": "places", "timepoint": None,
                         "group": "total", "value": places_used, "reference": float(places),
                         "difference": off, "numerator": np.nan, "base": np.nan})
    return pd.DataFrame(rows, columns=COLUMNS)
