"""Report periods: the spec's period grammar in one place.

| name                     | interval                     | kind     |
|--------------------------|------------------------------|----------|
| `2020`                   | 2020-01-01 – 2020-12-31      | year     |
| `2020H1`, `2020H2`       | Jan–Jun, Jul–Dec             | half     |
| `2020/21`                | 2020-07-01 – 2021-06-30      | fullyear (helårsrapport) |
| `2020T1` … `2020T3`      | Jan–Apr, May–Aug, Sep–Dec    | tertial  |
| `2020-03-01..2020-09-30` | as written (both ends included) | range |

A period is a closed interval of dates: both `start` and `end` belong to it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd


class PeriodError(ValueError):
    """A period name that is not one of the spec's forms."""


@dataclass(frozen=True, order=True)
class Period:
    """A closed date interval [start, end] with the name it was asked for by."""

    start: dt.date
    end: dt.date
    name: str
    kind: str  # year, half, fullyear, tertial, range

    def __str__(self) -> str:
        return self.name

    @property
    def days(self) -> int:
        """Number of days in the period, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def start_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.start)

    @property
    def end_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.end)

    @property
    def slug(self) -> str:
        """The period as it stands in file and folder names: `2021/22` → `2021-22` (the
        other forms have no slash and stand as they are); `parse_slug` reads it back."""
        return self.name.replace("/", "-")

    @property
    def label(self) -> str:
        """The period as a reader sees it, e.g. `2021-07-01 – 2022-06-30`."""
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def previous(self) -> Period:
        """The period of the same kind just before this one (for trends)."""
        return shift(self, -1)

    def history(self, n: int) -> list[Period]:
        """This period preceded by `n` earlier ones of the same kind, oldest first."""
        out = [self]
        for _ in range(n):
            out.append(out[-1].previous())
        return out[::-1]


_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})\s*[Hh]([12])$")
_FULLYEAR = re.compile(r"^(\d{4})\s*/\s*(\d{2}|\d{4})$")
_TERTIAL = re.compile(r"^(\d{4})\s*[Tt]([123])$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$")

EXAMPLES = "2020, 2020H1, 2020H2, 2020/21, 2020T1 … 2020T3 or 2020-03-01..2020-09-30"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def year(y: int) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), f"{y}", "year")


def half(y: int, h: int) -> Period:
    if h == 1:
        return Period(dt.date(y, 1, 1), dt.date(y, 6, 30), f"{y}H1", "half")
    return Period(dt.date(y, 7, 1), dt.date(y, 12, 31), f"{y}H2", "half")


def fullyear(y: int) -> Period:
    """The full-year report period (helårsrapport): 1 July `y` – 30 June `y`+1."""
    return Period(dt.date(y, 7, 1), dt.date(y + 1, 6, 30), f"{y}/{(y + 1) % 100:02d}", "fullyear")


def tertial(y: int, t: int) -> Period:
    first = 4 * (t - 1) + 1
    return Period(dt.date(y, first, 1), _month_end(y, first + 3), f"{y}T{t}", "tertial")


def date_range(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise PeriodError(f"Period {start}..{end} ends before it starts.")
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}", "range")


def parse_period(text: str | Period) -> Period:
    """Read a period name (`2021H2`, `2021/22`, `2021T1`, `2021`, `A..B`) into a `Period`.

    Raises `PeriodError`, naming the accepted forms, for anything else.
    """
    if isinstance(text, Period):
        return text
    s = str(text).strip()
    if m := _YEAR.match(s):
        return year(int(m[1]))
    if m := _HALF.match(s):
        return half(int(m[1]), int(m[2]))
    if m := _TERTIAL.match(s):
        return tertial(int(m[1]), int(m[2]))
    if m := _FULLYEAR.match(s):
        y1, tail = int(m[1]), m[2]
        y2 = int(tail) if len(tail) == 4 else (y1 // 100) * 100 + int(tail)
        if len(tail) == 2 and y2 < y1:
            y2 += 100
        if y2 != y1 + 1:
            raise PeriodError(
                f"Unknown period {s!r}: a full year is two consecutive years, e.g. 2020/21.")
        return fullyear(y1)
    if m := _RANGE.match(s):
        try:
            a, b = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        except ValueError as exc:
            raise PeriodError(f"Unknown period {s!r}: {exc}.") from None
        return date_range(a, b)
    raise PeriodError(f"Unknown period {s!r}. Use one of the forms {EXAMPLES}.")


def latest_complete(kind: str, last_date: dt.date) -> Period:
    """The latest period of a kind that is complete on `last_date`: it ends on or before it.

    `kind`: `half2` (the policy's half-year report, 1 July – 31 December), `fullyear` (the
    full-year report, 1 July – 30 June), `half` (either half-year) or `year`."""
    y = last_date.year
    if kind == "half2":
        candidates = [half(y, 2), half(y - 1, 2)]
    elif kind == "half":
        candidates = [half(y, 2), half(y, 1), half(y - 1, 2)]
    elif kind == "fullyear":
        candidates = [fullyear(y), fullyear(y - 1), fullyear(y - 2)]
    elif kind == "year":
        candidates = [year(y), year(y - 1)]
    else:
        raise ValueError(f"unknown kind of period {kind!r}")
    return next(p for p in candidates if p.end <= last_date)


def policy_periods(last_date: dt.date) -> list[Period]:
    """The reports the policy asks for, for data that run until `last_date`: the latest
    complete half-year report (1 July – 31 December) and the latest complete full-year report
    (1 July – 30 June), oldest first. Data until 2022-06-30 → 2021H2 and 2021/22; data until
    2022-06-29 → 2021H2 and 2020/21 (the full year 2021/22 is not complete yet)."""
    found = [latest_complete("half2", last_date), latest_complete("fullyear", last_date)]
    return sorted(found, key=lambda p: (p.end, p.start))


_SLUG_FULLYEAR = re.compile(r"^(\d{4})-(\d{2})$")


def parse_slug(slug: str) -> Period:
    """A period back from its file-name form (`Period.slug`): `2021-22` → `2021/22`."""
    m = _SLUG_FULLYEAR.match(str(slug).strip())
    return parse_period(f"{m[1]}/{m[2]}" if m else slug)


def shift(period: Period, steps: int) -> Period:
    """The period `steps` periods of the same kind away (negative = earlier)."""
    p = period
    if p.kind == "year":
        return year(p.start.year + steps)
    if p.kind == "fullyear":
        return fullyear(p.start.year + steps)
    if p.kind == "half":
        index = p.start.year * 2 + (0 if p.start.month == 1 else 1) + steps
        return half(index // 2, index % 2 + 1)
    if p.kind == "tertial":
        index = p.start.year * 3 + (p.start.month - 1) // 4 + steps
        return tertial(index // 3, index % 3 + 1)
    # An explicit range: whole calendar months move by months, anything else by days.
    if p.start.day == 1 and p.end == _month_end(p.end.year, p.end.month):
        months = (p.end.year - p.start.year) * 12 + p.end.month - p.start.month + 1
        first = (p.start.year * 12 + p.start.month - 1) + steps * months
        last = first + months - 1
        return date_range(dt.date(first // 12, first % 12 + 1, 1),
                          _month_end(last // 12, last % 12 + 1))
    delta = dt.timedelta(days=p.days * steps)
    return date_range(p.start + delta, p.end + delta)


def add_months(dates: pd.Series, months: int) -> pd.Series:
    """Add calendar months to each date; a day the target month lacks becomes its last day.

    `2020-12-31 + 2 months = 2021-02-28`, `2020-01-31 + 1 month = 2020-02-29`. Missing dates
    stay missing. Vectorised with numpy's month arithmetic.
    """
    d = pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]")
    missing = np.isnat(d)
    day = d.astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    offset = (day - month.astype("datetime64[D]")).astype(np.int64)  # day of month − 1
    target = month + months
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64)
    out = target.astype("datetime64[D]") + np.minimum(offset, length - 1)
    out = out.astype("datetime64[ns]")
    out[missing] = np.datetime64("NaT")
    return pd.Series(out, index=dates.index)
