"""The staff (*Personalen* field): composition by role, sex and age, and its change.

A `staff` table is a list of snapshots: the rows of a team with the same `valid_from` are the
team's staff from that day until the team's next `valid_from`. So the staff on a date are the
rows of the latest `valid_from` on or before it.
"""

from __future__ import annotations

import pandas as pd

from ..periods import Period, parse_period
from ..schema import SEXES, TOTAL, UNKNOWN

AGE_GROUPS = (("-29", 0, 29), ("30-39", 30, 39), ("40-49", 40, 49), ("50-59", 50, 59),
              ("60-", 60, 200))


def staff_on(staff: pd.DataFrame, date) -> pd.DataFrame:
    """Every team's staff list in force on `date` (teams with none yet are left out)."""
    day = pd.Timestamp(date)
    known = staff[staff["valid_from"] <= day]
    if known.empty:
        return known
    latest = known.groupby("team")["valid_from"].transform("max")
    return known[known["valid_from"] == latest]


def _age_group(age: pd.Series) -> pd.Series:
    out = pd.Series("unknown_age", index=age.index, dtype=object)
    for name, lo, hi in AGE_GROUPS:
        out[(age >= lo) & (age <= hi)] = name
    return out


def composition(staff: pd.DataFrame, date, by: str = "role") -> pd.DataFrame:
    """The staff on `date` by `role`, `age` or only in total: rows by sex (K, M, unknown when
    any, total), columns the categories with `total` — people — plus `fte`."""
    day = pd.Timestamp(date)
    s = staff_on(staff, day)
    if by == "age":
        category = _age_group(day.year - s["birth_year"].astype(float))
        cats = [a[0] for a in AGE_GROUPS] + (["unknown_age"] if (category == "unknown_age")
                                             .any() else [])
    else:
        category = s["role"]
        cats = sorted(category.unique())
    groups = [*SEXES, *([UNKNOWN] if (s["sex"] == UNKNOWN).any() else []), TOTAL]
    out = pd.DataFrame(0, index=pd.Index(groups, name="group"), columns=[*cats, "total"])
    out["fte"] = 0.0
    for g in groups:
        sub = s if g == TOTAL else s[s["sex"] == g]
        cat = category[sub.index]
        for c in cats:
            out.at[g, c] = int((cat == c).sum())
        out.at[g, "total"] = len(sub)
        out.at[g, "fte"] = float(sub["fte"].sum())
    return out


def staff_change(staff: pd.DataFrame, period: Period | str) -> pd.DataFrame:
    """By sex: people and FTE at the start and at the end of the period, and the change."""
    period = parse_period(period)
    start = composition(staff, period.start, "total")[["total", "fte"]]
    end = composition(staff, period.end, "total")[["total", "fte"]]
    groups = list(dict.fromkeys([*start.index, *end.index]))
    order = [g for g in [*SEXES, UNKNOWN, TOTAL] if g in groups]
    start, end = start.reindex(order).fillna(0), end.reindex(order).fillna(0)
    out = pd.DataFrame({"people_start": start["total"].astype(int), "fte_start": start["fte"],
                        "people_end": end["total"].astype(int), "fte_end": end["fte"]},
                       index=pd.Index(order, name="group"))
    out["people_change"] = out["people_end"] - out["people_start"]
    out["fte_change"] = out["fte_end"] - out["fte_start"]
    return out


def staff_over_time(staff: pd.DataFrame) -> pd.DataFrame:
    """Each snapshot: team, valid_from, people and FTE by sex (long format)."""
    rows = []
    for (team, day), snap in staff.groupby(["team", "valid_from"]):
        for g in [*SEXES, TOTAL]:
            sub = snap if g == TOTAL else snap[snap["sex"] == g]
            rows.append({"team": team, "valid_from": day, "group": g, "people": len(sub),
                         "fte": float(sub["fte"].sum())})
    return pd.DataFrame(rows)
