"""Who needs attention: the team's own list, for a coordinator before a team meeting.

For internal use only (it names participants by the team's own id and shows SRS scores): no
external report or output ever holds it.

On a day D (default: the latest date in the data), among the enrolments active that day
(start_date ≤ D and no end_date or end_date ≥ D), with the measurements from start_date to D:

- `ors_overdue`: no ORS for more than `max_gap_days` (the policy's 61) days — D minus the
  latest ORS, or minus start_date when there is none since the start;
- `deteriorated`: two or more ORS and last − first ≤ −`reliable_change` (reliably worse);
- `below_cutoff`: three or more ORS and the latest below the clinical cutoff (25 for adults,
  28 for ages 13–17, age = year of the first measurement − birth_year);
- `long_enrolment`: enrolled longer than `max_months` calendar months (D after start_date +
  `max_months` months; exactly `max_months` months is not longer);
- `srs_low`: the latest SRS total below `srs_alert` (36 by default, the SRS's usual alert level).

One row per participant and reason: team, participant_id, sex, start_date, reason, date (the
date the reason rests on), value (days, points or months) and the figures behind it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..periods import add_months

REASONS = ("ors_overdue", "deteriorated", "below_cutoff", "long_enrolment", "srs_low")
"""The reasons, in the order the list gives them."""

COLUMNS = ["team", "participant_id", "sex", "start_date", "reason", "date", "value", "first",
           "last", "measurements"]


@dataclass(frozen=True)
class Rules:
    """The limits of the attention list (settings, with the policy's defaults)."""

    max_gap_days: int = 61
    reliable_change: float = 5.0
    cutoff_adult: float = 25.0
    cutoff_youth: float = 28.0
    min_measurements_below: int = 3
    max_months: int = 12
    srs_alert: float = 36.0


DEFAULT_RULES = Rules()


def rules_from(settings) -> Rules:
    """The limits as an association's settings (`io.config.Settings`) give them."""
    s = settings
    return Rules(max_gap_days=s.measurement_max_gap_days, reliable_change=s.ors_reliable_change,
                 cutoff_adult=s.ors_cutoff_adult, cutoff_youth=s.ors_cutoff_youth,
                 max_months=s.attention_max_months, srs_alert=s.srs_alert)


def latest_date(participants: pd.DataFrame, *measurements: pd.DataFrame | None) -> dt.date:
    """The latest date the data knows of: a start, an end or a measurement."""
    dates = [participants["start_date"].max(), participants["end_date"].max()]
    dates += [m["date"].max() for m in measurements if m is not None and len(m)]
    dates = [d for d in dates if pd.notna(d)]
    if not dates:
        raise ValueError("the data holds no date")
    return pd.Timestamp(max(dates)).date()


def _enrolled(participants: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    p = participants
    on = (p["start_date"] <= day) & (p["end_date"].isna() | (p["end_date"] >= day))
    return p.loc[on, ["team", "participant_id", "sex", "birth_year", "start_date"]]


def _runs(enrolled: pd.DataFrame, measurements: pd.DataFrame | None,
          day: pd.Timestamp) -> pd.DataFrame:
    """Per enrolment: the number of measurements from start_date to D, the first and last
    score and their dates."""
    key = ["team", "participant_id"]
    empty = pd.DataFrame({**{k: pd.Series(dtype=object) for k in key},
                          "measurements": pd.Series(dtype=int),
                          "first": pd.Series(dtype=float), "last": pd.Series(dtype=float),
                          "first_date": pd.Series(dtype="datetime64[ns]"),
                          "last_date": pd.Series(dtype="datetime64[ns]")})
    if measurements is None or measurements.empty or enrolled.empty:
        return empty
    m = measurements[key + ["date", "score"]].merge(enrolled[key + ["start_date"]], on=key)
    m = m[(m["date"] >= m["start_date"]) & (m["date"] <= day)]
    if m.empty:
        return empty
    m = m.sort_values([*key, "date"], kind="stable")
    g = m.groupby(key, sort=False)
    out = g.agg(measurements=("score", "size"), first=("score", "first"),
                last=("score", "last"), first_date=("date", "first"),
                last_date=("date", "last")).reset_index()
    return out


def attention_list(participants: pd.DataFrame, ors: pd.DataFrame | None,
                   srs: pd.DataFrame | None, day: dt.date | str | None = None,
                   rules: Rules = DEFAULT_RULES) -> pd.DataFrame:
    """The participants who need attention on `day`, one row per participant and reason
    (see the module's text). Sorted by team, participant and the order of `REASONS`."""
    day = pd.Timestamp(day if day is not None else latest_date(participants, ors, srs))
    enrolled = _enrolled(participants, day)
    key = ["team", "participant_id"]
    o = enrolled.merge(_runs(enrolled, ors, day), on=key, how="left")
    o["measurements"] = o["measurements"].fillna(0).astype(int)
    rows: list[pd.DataFrame] = []

    def add(mask, reason, date, value, first=np.nan, last=np.nan):
        part = o.loc[mask, ["team", "participant_id", "sex", "start_date"]].copy()
        part["reason"] = reason
        part["date"] = pd.Series(date, index=o.index)[mask] if not np.isscalar(date) else date
        part["value"] = pd.Series(value, index=o.index)[mask]
        part["first"] = pd.Series(first, index=o.index)[mask]
        part["last"] = pd.Series(last, index=o.index)[mask]
        part["measurements"] = o.loc[mask, "measurements"]
        rows.append(part)

    since = o["last_date"].where(o["last_date"].notna(), o["start_date"])
    days = (day - since).dt.days
    add(days > rules.max_gap_days, "ors_overdue", since, days)
    change = o["last"] - o["first"]
    worse = (o["measurements"] >= 2) & (change <= -rules.reliable_change + 1e-9)
    add(worse, "deteriorated", o["last_date"], change.round(6), o["first"], o["last"])
    age = o["first_date"].dt.year - o["birth_year"].astype(float)
    cutoff = np.where(age.between(13, 17), rules.cutoff_youth, rules.cutoff_adult)
    below = (o["measurements"] >= rules.min_measurements_below) & (o["last"] < cutoff - 1e-9)
    add(below, "below_cutoff", o["last_date"], pd.Series(cutoff, index=o.index), o["first"],
        o["last"])
    limit = add_months(o["start_date"], rules.max_months)
    months = ((day - o["start_date"]).dt.days / (365.25 / 12)).round(1)
    add(day > limit, "long_enrolment", o["start_date"], months)
    s = enrolled.merge(_runs(enrolled, srs, day), on=key, how="left")
    if len(s):
        s = o[key].merge(s[key + ["last", "last_date"]], on=key, how="left")
        low = (s["last"] < rules.srs_alert - 1e-9).to_numpy()
        add(pd.Series(low, index=o.index), "srs_low", s["last_date"].to_numpy(),
            s["last"].to_numpy(), last=s["last"].to_numpy())
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(rows, ignore_index=True)
    out["order"] = out["reason"].map({r: i for i, r in enumerate(REASONS)})
    out = out.sort_values(["team", "participant_id", "order"], kind="stable")
    return out[COLUMNS].reset_index(drop=True)
