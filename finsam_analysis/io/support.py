"""Checks of the optional `support` table: means of support before and after (försörjning).

One row per participant, window and source, with the months (0–12, one decimal) of the 12-month
window the participant had that source. The checks, each naming file, row, column, value and
what was expected:

- months from 0 to 12 with at most one decimal;
- one row per participant, window and source;
- a participant of the team (`participants`);
- a participant's months in one window add up to at most 12 (less means partly unknown);
- windows that make sense for the participant: no `after_*` window for someone still active,
  and an after-window only once it has begun by the data's latest date (exit + 6 months for
  `after_6m`, exit + 24 months for `after_24m`). The data's latest date is the latest start
  or exit date of `participants` and the latest ORS or SRS date;
- a source with months has a unit value when the config has a `socioeconomic:` block.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema
from ..periods import add_months
from .socioeconomic import UnitValues

WINDOW_TOTAL = 12.0
"""Months in a window."""
TOLERANCE = 0.05
"""Months may add up to 12 + this (rounding of one-decimal values) without an error."""


def latest_date(participants: pd.DataFrame, *dated: pd.DataFrame | None) -> pd.Timestamp:
    """The data's latest date: the latest start or exit date, or ORS/SRS measurement."""
    dates = [participants["start_date"].max(), participants["end_date"].max()]
    dates += [d["date"].max() for d in dated if d is not None and "date" in d and len(d)]
    dates = [d for d in dates if pd.notna(d)]
    return max(dates) if dates else pd.NaT


def _positions(mask: pd.Series) -> np.ndarray:
    return np.asarray(mask.to_numpy(dtype=bool)).nonzero()[0]


def _enrolment_of(frame: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """The exit date of each row's enrolment, and whether the participant is known."""
    keys = participants.drop_duplicates(["team", "participant_id"]).set_index(
        ["team", "participant_id"])[["end_date"]]
    index = pd.MultiIndex.from_frame(frame[["team", "participant_id"]].astype(object))
    found = keys.reindex(index)
    found.index = frame.index
    found["known"] = index.isin(keys.index)
    return found


def _check_duplicates(frame: pd.DataFrame, c) -> None:
    keyed = frame[list(schema.SUPPORT.key)].astype(object)
    dup = keyed.duplicated(keep=False) & keyed.notna().all(axis=1)
    first: dict[tuple, int] = {}
    for pos in _positions(dup):
        k = tuple(keyed.iloc[pos])
        if k not in first:
            first[k] = pos
            continue
        c.add([pos], "source", "duplicate support row (same participant, window and source): "
              f"the same as row {c.raw.row(first[k])}", [" / ".join(map(str, k))],
              " + ".join(schema.SUPPORT.key) + " unique")


def check_support(frame: pd.DataFrame, c, participants: pd.DataFrame,
                  unit_values: UnitValues | None, latest: pd.Timestamp) -> pd.DataFrame:
    """Validate the support rows (`c`: the load module's problem collector, with `add`)."""
    months = frame["months"]
    outside = months.notna() & ((months < 0) | (months > WINDOW_TOTAL))
    c.add(_positions(outside), "months", "months outside the window", months[outside].tolist(),
          "0 to 12 months")
    decimals = months.notna() & ~outside & ((months * 10 - (months * 10).round()).abs() > 1e-6)
    c.add(_positions(decimals), "months", "more than one decimal", months[decimals].tolist(),
          "months with at most one decimal, e.g. 3,5")

    enrolment = _enrolment_of(frame, participants)
    unknown = ~enrolment["known"] & frame["participant_id"].notna()
    c.add(_positions(unknown), "participant_id", "no such participant in this team",
          frame["participant_id"][unknown].tolist(), "a participant_id of participants")

    window = frame["window"]
    after = window.notna() & (window != "before")
    active = enrolment["known"] & after & enrolment["end_date"].isna()
    c.add(_positions(active), "window", "an after-window for a participant still active",
          [f"{w} ({p})" for w, p in zip(window[active], frame["participant_id"][active],
                                         strict=True)],
          "only before while the participant has no end_date")
    if pd.notna(latest):
        for name, offset in schema.SUPPORT_WINDOW_MONTHS.items():
            rows = enrolment["known"] & (window == name) & enrolment["end_date"].notna()
            if not rows.any():
                continue
            begins = add_months(enrolment["end_date"][rows], offset)
            early = begins > latest
            where = rows[rows].index[early.to_numpy()]
            mask = frame.index.isin(where)
            c.add(_positions(pd.Series(mask, index=frame.index)), "window",
                  "the window has not begun by the data's latest date",
                  [f"{name}: exit {e:%Y-%m-%d} + {offset} months = {b:%Y-%m-%d}"
                   for e, b in zip(enrolment["end_date"][where], begins[early], strict=True)],
                  f"exit + {offset} months on or before {latest:%Y-%m-%d}")

    keyed = frame[["team", "participant_id", "window"]].astype(object)
    ok = keyed.notna().all(axis=1) & months.notna() & ~outside
    sums = months[ok].groupby([keyed["team"][ok], keyed["participant_id"][ok],
                               keyed["window"][ok]]).transform("sum")
    first = ~keyed[ok].duplicated()
    over = (sums > WINDOW_TOTAL + TOLERANCE) & first
    if over.any():
        positions = _positions(pd.Series(frame.index.isin(over[over].index), index=frame.index))
        values = []
        for idx in over[over].index:
            same = (keyed == keyed.loc[idx]).all(axis=1) & ok
            rows = ", ".join(str(c.raw.row(p)) for p in _positions(same))
            values.append(f"{sums[idx]:g} months in {keyed.at[idx, 'window']} "
                          f"of {keyed.at[idx, 'participant_id']} (rows {rows})")
        c.add(positions, "months", "a participant's months in one window add up to more "
              "than 12", values, "at most 12 months a window")

    if unit_values is not None:
        source = frame["source"]
        priced = source.map(lambda s: unit_values.has(s) if isinstance(s, str) else True)
        lacking = source.notna() & ~priced.astype(bool) & (months.fillna(0) > 0)
        c.add(_positions(lacking), "source", "a source without a unit value in config.yml",
              source[lacking].tolist(), "the source under socioeconomic.unit_values in "
              "config.yml")
    _check_duplicates(frame, c)
    frame["months"] = months.astype(float)
    return frame


def empty_support() -> pd.DataFrame:
    """A support table with no rows (the canonical columns)."""
    return pd.DataFrame({"participant_id": pd.Series(dtype="str"),
                         "team": pd.Series(dtype="str"), "window": pd.Series(dtype=object),
                         "source": pd.Series(dtype=object),
                         "months": pd.Series(dtype=np.float64)})
