"""The `socioeconomic:` block of `config.yml`: the unit values the association owns.

```yaml
socioeconomic:
  price_year: 2022              # the year the values are priced in (required)
  illustrative: true            # the values are examples, not official figures
  production_value: 32000       # SEK: the production value of one month of work (required)
  yearly_decay: 0.1             # optional, 0 ≤ d < 1: the after-state fades by d a year
  payback_target_months: 34     # optional: the target payback time (återbetalningstid)
  unit_values:                  # SEK per month of a source, per actor:
    social_assistance: {kommun: 9500}          # + = a public cost (or the individual's)
    salary: {kommun: -6200, region: -3100, ovrig_stat: -4300, individ: -19500}  # − = revenue
```

Actors: `kommun`, `region`, `forsakringskassan`, `arbetsformedlingen`, `ovrig_stat`, `individ`
(an actor a source does not name has 0 for it). Sources: those of the `support` table
(`schema.SUPPORT_SOURCES`, Swedish words such as `försörjningsstöd` accepted). A source that
occurs in the data with months must have a value here; `none` (no means of support) is 0 for
everyone unless given. There are no built-in values: every figure is the association's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import schema

KEYS = ("price_year", "illustrative", "production_value", "yearly_decay",
        "payback_target_months", "unit_values")


@dataclass(frozen=True)
class UnitValues:
    """The socio-economic model's settings (config `socioeconomic:`)."""

    price_year: int
    production_value: float
    unit_values: dict[str, dict[str, float]] = field(default_factory=dict)
    """source → actor → SEK per month (+ cost, − revenue); missing actor = 0."""
    illustrative: bool = False
    yearly_decay: float = 0.0
    payback_target_months: float | None = None

    def value(self, source: str, actor: str) -> float:
        """SEK for one month of `source` for `actor` (0 when not given)."""
        return float(self.unit_values.get(source, {}).get(actor, 0.0))

    def has(self, source: str) -> bool:
        """Whether `source` has a unit value (`none` always has: 0 unless given)."""
        return source in self.unit_values or source == "none"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_socioeconomic(raw: Any, bad: Callable[..., None]) -> UnitValues | None:
    """Validate the block; every problem goes to `bad(key, message, value, expected)`.
    Returns None when the block is absent or has problems."""
    if raw is None:
        return None
    where = "socioeconomic"
    if not isinstance(raw, dict):
        bad(where, "must be a mapping of keys to values", raw, ", ".join(KEYS))
        return None
    problems: list[str] = []

    def fail(key: str, message: str, value: Any = None, expected: str | None = None) -> None:
        problems.append(key)
        bad(f"{where}.{key}" if key else where, message, value, expected)

    for key in raw:
        if key not in KEYS:
            fail(str(key), "unknown key", key, ", ".join(KEYS))

    year = raw.get("price_year")
    if year is None:
        fail("price_year", "the year the unit values are priced in is missing", None,
             "price_year: a year such as 2022")
    elif not (isinstance(year, int) and not isinstance(year, bool) and 1990 <= year <= 2100):
        fail("price_year", "not a year", year, "a year between 1990 and 2100")

    production = raw.get("production_value")
    if production is None:
        fail("production_value", "the production value of a month of work is missing", None,
             "production_value: SEK per month of work (0 or more)")
    elif not _number(production) or production < 0:
        fail("production_value", "must be an amount of 0 or more", production, "SEK per month")

    illustrative = raw.get("illustrative", False)
    if not isinstance(illustrative, bool):
        fail("illustrative", "must be true or false", illustrative, "true/false")

    decay = raw.get("yearly_decay", 0.0)
    if decay is None:
        decay = 0.0
    if not _number(decay) or not 0 <= decay < 1:
        fail("yearly_decay", "must be a share from 0 up to (not including) 1", decay,
             "e.g. 0.1 for 10 % a year; 0 keeps the after-state for five years")

    target = raw.get("payback_target_months")
    if target is not None and (not _number(target) or target <= 0):
        fail("payback_target_months", "must be a number of months above 0", target,
             "e.g. 34")

    values: dict[str, dict[str, float]] = {}
    table = raw.get("unit_values")
    if table is None:
        fail("unit_values", "no unit values", None,
             "unit_values: a mapping of source → {actor: SEK per month}")
    elif not isinstance(table, dict) or not table:
        fail("unit_values", "must map each source to its values per actor", table,
             "unit_values: {salary: {kommun: -6200, …}, …}")
    else:
        for written, per_actor in table.items():
            source = schema.SUPPORT_SOURCE_WORDS.get(schema.fold(str(written)))
            key = f"unit_values.{written}"
            if source is None:
                fail(key, "unknown source", written, ", ".join(schema.SUPPORT_SOURCES))
                continue
            if source in values:
                fail(key, f"the source {source} is given twice", written, "each source once")
                continue
            if not isinstance(per_actor, dict) or not per_actor:
                fail(key, "a source without a value", per_actor,
                     f"{{actor: SEK per month}} for at least one of {', '.join(schema.ACTORS)}")
                continue
            row: dict[str, float] = {}
            for actor, amount in per_actor.items():
                if actor not in schema.ACTORS:
                    fail(f"{key}.{actor}", "unknown actor", actor, ", ".join(schema.ACTORS))
                elif not _number(amount):
                    fail(f"{key}.{actor}", "not an amount", amount,
                         "SEK per month: + for a cost, − for a revenue")
                else:
                    row[str(actor)] = float(amount)
            values[source] = row
    if problems:
        return None
    return UnitValues(int(year), float(production), values, illustrative, float(decay),
                      None if target is None else float(target))
