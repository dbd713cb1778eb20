"""Disclosure control over a whole run (SPEC.md, "Privacy in reports").

A run publishes many reports (every team × period, and the overview) and a reader sees them
all. Every count cell of every table is one *quantity*: `(scope, period, quantity, group)`,
with scope a team id or `*` for the association and group `K`, `M`, `T` (Totalt = kvinnor
och män) or `U` (people of unknown sex), or for the tables by age an age group at start,
`A16-24`, `A25-29`, `A30-39`, `A40-49`, `A50-64`, `Aother_age`, `Aunknown_age` (kvinnor and
män of that age; their Totalt row is `T` itself). The same quantity shown in two tables, or
in two reports, is one cell.

The ways the quantities add up follow from their names alone (`relations`), so the audit of
a folder of reports can rebuild them from what the reports publish, without the data:

- Kvinnor + Män = Totalt, for every quantity;
- the age groups add up to Totalt, for every quantity shown by age (an age row a table
  leaves out has nobody in it: its cells are zeros the reader knows, `IMPLIED_ZERO`); the
  active of an age group is the age table's count of that age (`age:<group>`, Totalt);
- the six outcomes + dropouts = exits; exits + active at the end = active; work + studies +
  vocational rehab = positive; exits − dropouts = completed;
- a breakdown's categories add up to the count they split (`exit_other:*` = other,
  `work_support:*` = work, `age:*` and `referrer:*` = active, the ORS classes = those with
  two measurements);
- a subset is at most its whole (whole = subset + an unpublished remainder): started and
  with a known time without work ≤ active, those with two ORS measurements or following the
  measurement policy ≤ active, with both health forms ≤ completed, improved ≤ with both,
  followed up ≤ the cohort, the statuses shown ≤ followed up;
- every team adds up to the association;
- two half-years add up to their full year and their calendar year, for every count of
  things that happen in a period (exits, outcomes, starts, follow-ups due);
- a period's active at the end is the next period's active minus those who started in it,
  and two periods that start on the same day start with the same stock.

*Primary* cells are the sensitive counts (`is_sensitive`) from 1 to the threshold, and every
count of a group, a row or a participation category, that has only 1 to the threshold people
in it. `sdc.choose_hidden` picks the cheapest set of further cells to hide (`cost`), and
`sdc.audit` attacks the result by linear programming before anything is published.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..periods import Period, parse_period
from ..schema import EXIT_REASONS, OUTCOME_COUNTS, POSITIVE_REASONS
from . import sdc

Key = tuple[str, str, str, str]  # scope, period, quantity, group
ASSOCIATION = "*"
GROUP_OF_ROW = {"K": "K", "M": "M", "total": "T", "unknown": "U"}
SEXES = ("K", "M", "T")
AGE = "A"
"""The first letter of an age group's group name: `A16-24` is the row 16-24 of a table by
age (kvinnor and män aged 16–24 at start)."""
AGE_ROWS = ("16-24", "25-29", "30-39", "40-49", "50-64", "other_age", "unknown_age")
AGE_OPTIONAL_ROWS = ("other_age", "unknown_age")
GROUP_OF_AGE_ROW = {**{row: AGE + row for row in AGE_ROWS}, "total": "T"}
IMPLIED_ZERO = "not shown: nobody"
"""The row of the place of a cell of an age row a table leaves out (nobody of that age): a
reader knows it is 0 (`report.protect_reports` treats it as known)."""

SENSITIVE = {*EXIT_REASONS, "positive", "health_improved"}
SENSITIVE_PREFIXES = ("exit_other:", "work_support:", "ors:", "fu:", "h6_improved:")
HEADLINE = {"active", "exits", "dropouts", "completed", "positive", "active_at_end"}
FLOWS = {"exits", "dropouts", "completed", "positive", "started", *EXIT_REASONS,
         "health_with_both", "health_improved"}
FLOW_PREFIXES = ("exit_other:", "work_support:", "fu:", "cohort:", "followed:", "h6_")
CHANGE_CLASSES = ("recovered", "improved", "unchanged", "deteriorated")
BREAKDOWNS = {"exit_other:": "other", "work_support:": "work", "age:": "active",
              "referrer:": "active", "ors:": "ors_two"}
SUBSETS = {"started": "active", "years_known": "active", "pos_years_known": "positive",
           "pos_at_cap": "pos_years_known", "ors_two": "active", "ors_compliant": "active",
           "srs_compliant": "active", "health_with_both": "completed",
           "health_improved": "health_with_both"}
EXPENSIVE_BASE = 20
"""A Kvinnor, Män or Totalt figure resting on this many people is the costliest to hide."""
REST = "~rest"
TIMEPOINTS = {6: "after_6_months", 12: "after_12_months", 18: "after_18_months",
              24: "after_2_years"}
"""The follow-up months by the names the target table uses for its time points."""
LAST_RESORT = ("active", "exits", "dropouts", "positive")
"""The outcome table's headline counts: by sex and in total, resting on 20 or more people
(the exits without dropouts of their group), in a period of the run, they are hidden only
when no protection without them exists (`last_resort`)."""


def is_sensitive(quantity: str) -> bool:
    """Where people went and how they fared, and every split of it (SPEC.md)."""
    return quantity in SENSITIVE or quantity.startswith(SENSITIVE_PREFIXES)


def is_flow(quantity: str) -> bool:
    """A count of things that happen in a period: two half-years add up to their year."""
    return quantity in FLOWS or quantity.startswith(FLOW_PREFIXES)


def _subset_of(quantity: str) -> str | None:
    if quantity in SUBSETS:
        return SUBSETS[quantity]
    for prefix, whole in (("followed:", "cohort:"), ("h6_with_both:", "cohort:"),
                          ("h6_improved:", "h6_with_both:")):
        if quantity.startswith(prefix):
            return whole + quantity[len(prefix):]
    return None


# --- the cells of one report ----------------------------------------------------------------


@dataclass
class ReportCells:
    """The count cells of one report (scope × period), and where each is shown."""

    scope: str
    period: str
    values: dict[Key, float] = field(default_factory=dict)
    places: dict[tuple[str, object, object], Key] = field(default_factory=dict)

    def put(self, quantity: str, group: str, value: float, table: str, row: object,
            column: object) -> Key:
        k = (self.scope, self.period, quantity, group)
        value = float(value)
        if k in self.values and self.values[k] != value:
            raise ValueError(f"one quantity, two values: {k}: {self.values[k]} and {value}")
        self.values[k] = value
        self.places[(table, row, column)] = k
        return k


def _rows(table: pd.DataFrame) -> list[tuple[object, str]]:
    return [(row, GROUP_OF_ROW[row]) for row in table.index if row in GROUP_OF_ROW]


def _age_rows(table: pd.DataFrame) -> list[tuple[object, str]]:
    """The rows of a table by age and their groups, with the optional age rows the table
    leaves out (nobody of that age) as rows of zeros (`_at`, `_row`)."""
    shown = [(row, GROUP_OF_AGE_ROW[row]) for row in table.index if row in GROUP_OF_AGE_ROW]
    left_out = [(row, GROUP_OF_AGE_ROW[row]) for row in AGE_OPTIONAL_ROWS
                if row not in table.index]
    return shown + left_out


def _at(table: pd.DataFrame, row: object, column: str) -> float:
    """A cell of a table by age; 0 in an age row the table leaves out."""
    return table.at[row, column] if row in table.index else 0


def _row(table: pd.DataFrame, row: object) -> object:
    """Where a cell of a table by age is shown: its row, or `(IMPLIED_ZERO, row)`."""
    return row if row in table.index else (IMPLIED_ZERO, row)


def report_cells(scope: str, period: str, tables: dict[str, pd.DataFrame],
                 unknown_sex: int | None = None) -> list[ReportCells]:
    """The count cells of one report's tables (numbers as `compute_tables` gives them for an
    external reader: Totalt = kvinnor och män), and of the earlier periods its trend shows.
    `unknown_sex`: how many of unknown sex the period had in addition (one line)."""
    r = ReportCells(scope, period)
    o = tables["outcomes"]
    for row, g in _rows(o):
        for q in OUTCOME_COUNTS:
            r.put(q, g, o.at[row, q], "outcomes", row, q)
        r.values[(scope, period, "completed", g)] = float(o.at[row, "exits"]
                                                          - o.at[row, "dropouts"])
    if unknown_sex:
        r.put("active", "U", unknown_sex, "unknown_sex", "unknown", "active")
    if "outcomes_age" in tables:
        o = tables["outcomes_age"]
        for row, g in _age_rows(o):
            for q in OUTCOME_COUNTS:
                r.put(q, g, _at(o, row, q), "outcomes_age", _row(o, row), q)
            r.values[(scope, period, "completed", g)] = float(
                _at(o, row, "exits") - _at(o, row, "dropouts"))
    simple = {"profile": {"active": "active", "started": "started",
                          "n_years_known": "years_known"},
              "background": {"positive": "positive", "n_years_known": "pos_years_known",
                             "n_at_sus_cap": "pos_at_cap"},
              "change": {"participants": "active", "with_two_or_more": "ors_two",
                         **{c: f"ors:{c}" for c in CHANGE_CLASSES}},
              "compliance": {"participants": "active", "ors_compliant": "ors_compliant",
                             "srs_compliant": "srs_compliant"},
              "health": {"exits": "completed", "with_both": "health_with_both",
                         "improved": "health_improved"}}
    for name, columns in simple.items():
        if name not in tables:
            continue
        t = tables[name]
        for row, g in _rows(t):
            for column, q in columns.items():
                if column in t.columns and pd.notna(t.at[row, column]):
                    r.put(q, g, t.at[row, column], name, row, column)
        if f"{name}_age" in tables and name in ("change", "health"):
            t = tables[f"{name}_age"]
            for row, g in _age_rows(t):
                for column, q in columns.items():
                    if column in t.columns and pd.notna(_at(t, row, column)):
                        r.put(q, g, _at(t, row, column), f"{name}_age", _row(t, row), column)
    for name, prefix in (("exit_other", "exit_other:"), ("work_support", "work_support:"),
                         ("age", "age:"), ("referrer", "referrer:")):
        if name not in tables:
            continue
        t = tables[name]
        for row, g in _rows(t):
            for column in t.columns:
                q = BREAKDOWNS[prefix] if column == "total" else f"{prefix}{column}"
                r.put(q, g, t.at[row, column], name, row, column)
    if "health_6m" in tables:
        t = tables["health_6m"]
        tp = "after_6_months"
        for row, g in _rows(t):
            for column, q in (("cohort", f"cohort:{tp}"), ("with_both", f"h6_with_both:{tp}"),
                              ("improved", f"h6_improved:{tp}")):
                if column in t.columns and pd.notna(t.at[row, column]):
                    r.put(q, g, t.at[row, column], "health_6m", row, column)
    for name, group_of in (("followups", GROUP_OF_ROW), ("followups_age", GROUP_OF_AGE_ROW)):
        if name not in tables:
            continue
        rows = list(tables[name].iterrows())
        if name == "followups_age":  # an age row left out: zeros (IMPLIED_ZERO)
            shown = set(tables[name]["group"])
            for months in sorted(set(tables[name]["months_after_exit"])):
                rows += [((IMPLIED_ZERO, g, int(months)),
                          pd.Series({"group": g, "months_after_exit": months, "cohort": 0,
                                     "followed_up": 0, **dict.fromkeys(EXIT_REASONS, 0)}))
                         for g in AGE_OPTIONAL_ROWS if g not in shown]
        for i, row in rows:
            g = group_of.get(row["group"])
            if g is None:
                continue
            tp = TIMEPOINTS.get(int(row["months_after_exit"]),
                                f"after_{int(row['months_after_exit'])}_months")
            r.put(f"cohort:{tp}", g, row["cohort"], name, i, "cohort")
            r.put(f"followed:{tp}", g, row["followed_up"], name, i, "followed_up")
            for status in EXIT_REASONS:
                r.put(f"fu:{tp}:{status}", g, row[status], name, i, status)
    if "targets" in tables:
        for i, row in tables["targets"].iterrows():
            g = GROUP_OF_ROW.get(row["group"])
            if g is not None:
                for column, q in _target_quantities(row["measure"], row["timepoint"]).items():
                    if pd.notna(row[column]):
                        r.put(q, g, row[column], "targets", i, column)
    out = [r]
    if "trend" in tables:
        for p, block in tables["trend"].groupby("period", sort=False):
            t = ReportCells(scope, str(p))
            b = block.set_index("group")
            for row, g in _rows(b):
                t.put("positive", g, b.at[row, "positive"], "trend", row, f"{p}:positive")
                t.put("completed", g, b.at[row, "exits"] - b.at[row, "dropouts"], "trend", row,
                      f"{p}:completed")
            out.append(t)
    return out


def _target_quantities(measure: str, timepoint: str) -> dict[str, str]:
    """The quantities behind one row of the target table (base, with_followup, count)."""
    if timepoint == "at_exit":
        if measure == "improved_health":
            return {"base": "completed", "with_followup": "health_with_both",
                    "count": "health_improved"}
        out = {"base": "completed", "with_followup": "completed"}
        if measure in EXIT_REASONS:
            out["count"] = measure
        return out
    if measure == "improved_health":
        return {"base": f"cohort:{timepoint}", "with_followup": f"h6_with_both:{timepoint}",
                "count": f"h6_improved:{timepoint}"}
    return {"base": f"cohort:{timepoint}", "with_followup": f"followed:{timepoint}",
            "count": f"fu:{timepoint}:{measure}"}


# --- the relations a reader can use ---------------------------------------------------------


Relation = list[tuple[Key, float]]


def _period(name: str) -> Period | None:
    try:
        return parse_period(name)
    except Exception:
        return None


def halves_of(name: str) -> tuple[str, str] | None:
    """The two half-years a full year (or calendar year) is made of; None for a half-year."""
    span = _period(name)
    if span is None or span.kind not in ("fullyear", "year"):
        return None
    y = span.start.year
    return (f"{y}H2", f"{y + 1}H1") if span.kind == "fullyear" else (f"{y}H1", f"{y}H2")


def implied_halves(cells: Iterable[ReportCells]) -> list[tuple[str, str]]:
    """(scope, half-year) of every half-year a reader can work out without its report: the
    cells hold a year and one of its halves, so the other half is the difference. A run
    protects those as unpublished cells, so that a later run that publishes the half-year
    finds its small counts still protected."""
    flows: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in cells:
        flows[(c.scope, c.period)].update(k[2] for k in c.values if is_flow(k[2]))
    out = set()
    for (scope, name), qs in list(flows.items()):
        halves = halves_of(name)
        if halves is None:
            continue
        a, b = (flows.get((scope, h), set()) for h in halves)
        for half, mine, other in ((halves[0], a, b), (halves[1], b, a)):
            if (qs & other) - mine:
                out.add((scope, half))
    return sorted(out)


def _shift(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months (a day the month lacks becomes its last day)."""
    import calendar

    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def relations(keys: Iterable[Key], members: Iterable[str] | None = None
              ) -> tuple[list[Relation], list[Key]]:
    """Every relation between the quantities in `keys` that a reader knows (module doc).
    `members`: every team of the association (default: the teams among the keys); the
    teams not among the keys are one unpublished remainder in the association's sums.

    Returns the relations and the remainders they introduce (whole = part + remainder; a
    remainder is never published): each remainder stands last in its relation."""
    keys = set(keys)
    rels: list[Relation] = []
    rests: list[Key] = []
    by_report: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s, p, q, g in keys:
        by_report[(s, p, g)].add(q)

    def have(*qs: str, at: tuple[str, str, str]) -> bool:
        return all(q in by_report[at] for q in qs)

    for (s, p, g), qs in by_report.items():
        def k(q: str, s: str = s, p: str = p, g: str = g) -> Key:
            return (s, p, q, g)
        at = (s, p, g)
        if have("exits", "dropouts", *EXIT_REASONS, at=at):
            rels.append([(k("exits"), 1), (k("dropouts"), -1), *((k(q), -1) for q in EXIT_REASONS)])
        if have("active", "exits", "active_at_end", at=at):
            rels.append([(k("active"), 1), (k("exits"), -1), (k("active_at_end"), -1)])
        if have("positive", *POSITIVE_REASONS, at=at):
            rels.append([(k("positive"), 1), *((k(q), -1) for q in POSITIVE_REASONS)])
        if have("completed", "exits", "dropouts", at=at):
            rels.append([(k("completed"), 1), (k("exits"), -1), (k("dropouts"), 1)])
        for prefix, whole in BREAKDOWNS.items():
            parts = sorted(q for q in qs if q.startswith(prefix))
            if parts and whole in qs:
                rels.append([(k(whole), 1), *((k(q), -1) for q in parts)])
        for q in sorted(qs):
            whole = _subset_of(q)
            if whole and whole in qs:
                rest = (s, p, q + REST, g)
                rels.append([(k(whole), 1), (k(q), -1), (rest, -1)])
                rests.append(rest)
        for tp in sorted({q.split(":")[1] for q in qs if q.startswith("fu:")}):
            followed = f"followed:{tp}"
            parts = sorted(q for q in qs if q.startswith(f"fu:{tp}:"))
            if followed in qs and len(parts) == len(EXIT_REASONS):  # the statuses, exactly
                rels.append([(k(followed), 1), *((k(q), -1) for q in parts)])
            elif followed in qs:
                rest = (s, p, f"{followed}:others{REST}", g)
                rels.append([(k(followed), 1), *((k(q), -1) for q in parts), (rest, -1)])
                rests.append(rest)
    # the age groups add up to Totalt; an age group's active is the age table's count
    ages: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for s, p, q, g in keys:
        if g.startswith(AGE) and REST not in s + q:
            ages[(s, p, q)].append(g)
    for (s, p, q), gs in sorted(ages.items()):
        if (s, p, q, "T") in keys:
            rels.append([*(((s, p, q, g), 1) for g in sorted(gs)), ((s, p, q, "T"), -1)])
        if q == "active":
            for g in gs:
                same = (s, p, f"age:{g[len(AGE):]}", "T")
                if same in keys:
                    rels.append([((s, p, q, g), 1), (same, -1)])
    # Kvinnor + Män = Totalt
    for (s, p, g), qs in list(by_report.items()):
        if g != "T":
            continue
        for q in qs:
            if (s, p, q, "K") in keys and (s, p, q, "M") in keys:
                rels.append([((s, p, q, "K"), 1), ((s, p, q, "M"), 1), ((s, p, q, "T"), -1)])
    # every team adds up to the association (a team without the cell: an unpublished rest)
    teams = sorted(({s for s, _, _, _ in keys} | set(members or ())) - {ASSOCIATION}
                   - {"*" + REST})
    for key in sorted(k for k in keys if k[0] == ASSOCIATION):
        _, p, q, g = key
        parts = [(t, p, q, g) for t in teams if (t, p, q, g) in keys]
        if not parts:
            continue
        terms: Relation = [(key, -1), *((x, 1) for x in parts)]
        if len(parts) < len(teams):
            rest = ("*" + REST, p, q, g)
            terms.append((rest, 1))
            rests.append(rest)
        rels.append(terms)
    # half-years add up to their full year and calendar year
    periods = {k[1] for k in keys}
    spans = {name: _period(name) for name in periods}
    for name in spans:
        halves = halves_of(name)
        if halves is None:
            continue
        for s, p, q, g in [k for k in keys if k[1] == name and is_flow(k[2])]:
            a, b = (s, halves[0], q, g), (s, halves[1], q, g)
            if a in keys and b in keys:
                rels.append([(a, 1), (b, 1), ((s, p, q, g), -1)])
    # a follow-up cohort is the exits without dropouts of the period that many months before
    by_span = {(sp.start, sp.end): name for name, sp in spans.items() if sp is not None}
    months_of = {v: m for m, v in TIMEPOINTS.items()}
    for s, p, q, g in [k for k in keys if k[2].startswith("cohort:")]:
        m, span = months_of.get(q.split(":", 1)[1]), spans.get(p)
        if m is None or span is None:
            continue
        earlier = (_shift(span.start, -m), _shift(span.end + dt.timedelta(days=1), -m)
                   - dt.timedelta(days=1))
        name = by_span.get(earlier)
        if name and (s, name, "completed", g) in keys:
            rels.append([((s, p, q, g), 1), ((s, name, "completed", g), -1)])
    # the stock between periods
    for a, pa in spans.items():
        for b, pb in spans.items():
            if pa is None or pb is None or a == b:
                continue
            for s, _, _, g in {(k[0], None, None, k[3]) for k in keys if k[1] == b}:
                end_a = (s, a, "active_at_end", g)
                act_b, new_b = (s, b, "active", g), (s, b, "started", g)
                if pa.end + dt.timedelta(days=1) == pb.start and \
                        {end_a, act_b, new_b} <= keys:
                    rels.append([(end_a, 1), (act_b, -1), (new_b, 1)])
                act_a, new_a = (s, a, "active", g), (s, a, "started", g)
                if pa.start == pb.start and a < b and {act_a, new_a, act_b, new_b} <= keys:
                    rels.append([(act_a, 1), (new_a, -1), (act_b, -1), (new_b, 1)])
    return rels, rests


# --- choosing what to hide ----------------------------------------------------------------


def cost(key: Key, value: float, rests_on: float, run_periods: set[str]) -> float:
    """What hiding a cell costs. The positive outcomes and their base (the exits without dropouts)
    carry the headline share and the difference between women and men: they cost the most, and
    twenty times more when they rest on 20 or more people. The other participation counts
    (active, exits, dropouts, active at the end) come next, then the exit reasons behind the
    positive share and the targets at exit (work, studies, vocational rehab: three times the
    other reasons), the other sensitive counts after them, a category of a sub-table (a
    breakdown, an age group, a referrer) least: a cell of a table by age costs a hundredth of
    the same cell by sex, so the figures by sex are kept first. The association's figures cost
    twice a team's; a period shown only in a trend costs half. Among equals a small cell is
    cheaper."""
    scope, period, q, g = key
    if q in ("positive", "completed"):
        w, big = 1000.0, 20.0
    elif q in HEADLINE:
        w, big = 100.0, 20.0
    elif q in POSITIVE_REASONS:
        w, big = 60.0, 5.0
    elif q in EXIT_REASONS or q.startswith(("ors:", "fu:", "h6_", "cohort:", "followed:")) \
            or q in ("ors_two", "health_with_both", "health_improved"):
        w, big = 20.0, 5.0
    else:
        w, big = 1.0, 1.0
    if g in SEXES and rests_on >= EXPENSIVE_BASE:
        w *= big
    elif g not in (*SEXES, "U"):  # an age group: a sub-table's category, the cheapest
        w = max(w / 100.0, 0.2)
    if scope == ASSOCIATION:
        w *= 2
    if period not in run_periods:
        w *= 0.5
    return w * (1.0 + 0.01 * value)


def last_resort(key: Key, values: dict[Key, float], run_periods: set[str]) -> bool:
    """A headline figure readers need most: Kvinnor, Män or Totalt active, exits, dropouts or
    positive outcomes of a period of the run, whose group has 20 or more exits without
    dropouts. The choice first looks for a protection that shows every one of them."""
    scope, period, q, g = key
    return (q in LAST_RESORT and g in SEXES and period in run_periods
            and values.get((scope, period, "completed", g), 0) >= EXPENSIVE_BASE)


def primary_cells(values: dict[Key, float], threshold: int, all_counts: bool = False
                  ) -> set[Key]:
    """The cells that must not be shown: sensitive counts of 1..threshold, and every count
    of a group (a row by sex, or an age/referrer category) of 1..threshold people."""
    small_rows = {(k[0], k[1], k[3]) for k, v in values.items()
                  if k[2] == "active" and 1 <= v <= threshold}
    small_columns = {(k[0], k[1], k[2]) for k, v in values.items()
                     if k[2].startswith(("age:", "referrer:")) and k[3] == "T"
                     and 1 <= v <= threshold}
    out = set()
    for k, v in values.items():
        if not 1 <= v <= threshold or REST in k[2] or REST in k[0]:
            continue
        if all_counts or is_sensitive(k[2]) or (k[0], k[1], k[3]) in small_rows or \
                (k[0], k[1], k[2]) in small_columns:
            out.add(k)
    return out


@contextmanager
def _native_stdout_quiet():
    """Send what native code writes to file descriptor 1 to the null device for a while (the
    MILP solver prints progress lines of its own that a user's output must not carry)."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no stdout at all
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)


class DisclosureFailed(RuntimeError):
    """The audit could work out a protected cell from what would be published."""


@dataclass
class Protection:
    """The decision for a whole run: the hidden quantities and the audit behind them."""

    hidden: set[Key]
    values: dict[Key, float]
    primary: set[Key]
    places: dict[tuple[str, str], dict[tuple[str, object, object], Key]]
    audit: sdc.AuditResult | None = None
    known: set[Key] = field(default_factory=set)
    given_away: list[Key] = field(default_factory=list)
    """Small counts of reports this run does not publish that earlier runs' figures (the
    ledger) already give away: named, not protected again."""

    def hidden_places(self, scope: str, period: str) -> set[tuple[str, object, object]]:
        """(table, row, column) of every hidden count cell of one report."""
        return {place for place, k in self.places.get((scope, period), {}).items()
                if k in self.hidden}

    def reports(self) -> list[tuple[str, str]]:
        return list(self.places)


def build_model(values: dict[Key, float], published: set[Key], primary: set[Key],
                run_periods: set[str], known: set[Key] = frozenset(),
                members: Iterable[str] | None = None) -> tuple[sdc.CellModel, list[Key]]:
    """The cell model of a run for the solver: every quantity, its value, cost and whether it
    is primary, published or known, and every relation between them."""
    values = dict(values)
    rels, _ = relations(values, members)
    for terms in rels:  # a remainder (last) is what its relation leaves over
        rest, c = terms[-1]
        if REST in rest[0] + rest[2] and rest not in values:
            values[rest] = max(-sum(cc * values[k] for k, cc in terms[:-1]) / c, 0.0)
    keys = sorted(values)
    index = {k: i for i, k in enumerate(keys)}
    rests_on = {}
    for k in keys:
        base = "completed" if k[2] in {*EXIT_REASONS, "positive", "completed", "exits",
                                       "dropouts"} else "active"
        rests_on[k] = values.get((k[0], k[1], base, k[3]), values[k])
    matrix = []
    for terms in rels:
        merged: dict[int, float] = defaultdict(float)
        for k, c in terms:
            merged[index[k]] += c
        merged = {i: c for i, c in merged.items() if c != 0}
        if len(merged) >= 2:
            idx = np.array(sorted(merged), dtype=np.int64)
            matrix.append((idx, np.array([merged[i] for i in idx], dtype=float)))
    # in an order of their own: `relations` meets the quantities in the order of a set, which
    # changes from one process to the next, and the solvers' choice among equally cheap
    # protections follows the order of the relations
    matrix.sort(key=lambda rel: (rel[0].tolist(), rel[1].tolist()))
    model = sdc.CellModel(
        values=np.array([values[k] for k in keys], dtype=float),
        primary=np.array([k in primary for k in keys]),
        cost=np.array([cost(k, values[k], rests_on[k], run_periods) for k in keys]),
        relations=matrix,
        published=np.array([k in published for k in keys]),
        known=np.array([k in known for k in keys]))
    return model, keys


def protect_run(reports: list[ReportCells], threshold: int = 3, all_counts: bool = False,
                known: dict[Key, float] | None = None, progress: Callable | None = None,
                run_periods: set[str] | None = None,
                members: Iterable[str] | None = None) -> Protection:
    """Choose the hidden cells of a whole run and audit the choice.

    `reports`: the cells of every report the run publishes (with those of the periods its
    trend tables show). `known`: figures a reader has from earlier runs (the ledger): they
    count as shown and are never hidden. Raises `DisclosureFailed` when the audit finds a
    primary cell it can work out.
    """
    values: dict[Key, float] = {}
    places: dict[tuple[str, str], dict] = defaultdict(dict)
    for r in reports:
        for k, v in r.values.items():
            if k in values and values[k] != v:
                raise ValueError(f"one quantity, two values: {k}: {values[k]} and {v}")
            values[k] = v
        places[(r.scope, r.period)].update(r.places)
    published = {k for ps in places.values() for k in ps.values()}
    known_keys = set()
    for k, v in (known or {}).items():
        if k not in values:
            values[k] = v
        known_keys.add(k)
    primary = primary_cells(values, threshold, all_counts)
    if run_periods is None:
        run_periods = {r.period for r in reports}
    model, keys = build_model(values, published, primary, run_periods, known_keys, members)
    given_away: list[Key] = []
    if known_keys:
        given_away = _given_away(model, keys)
        if given_away:
            primary = primary - set(given_away)
            model.primary = np.array([k in primary for k in keys])
    # each team, and the association, is a block of its own: its cells over every period
    # are linked to other blocks only by "the teams add up to the association"
    scopes = sorted({k[0] for k in keys if REST not in k[0]})
    label = {s: i for i, s in enumerate(scopes)}
    blocks = np.array([label.get(k[0], -1) for k in keys], dtype=np.int64)
    avoid = np.array([last_resort(k, values, run_periods) for k in keys], dtype=bool)
    processes = _block_processes(len(scopes))
    # the consistent tables every step finds, for the next steps (checked again in the audit)
    tables = sdc.Tables(model.values)
    try:
        with _native_stdout_quiet():  # HiGHS writes stray lines to the process's stdout
            hidden = sdc.choose_hidden(model, progress=progress, blocks=blocks, avoid=avoid,
                                       processes=processes, tables=tables)
            # a hidden secondary of 1..threshold people that the published figures prove to
            # be 1..threshold reads as a small count (`finsam audit` flags it): protect it too
            # (each round hides more, which can prove another cell small: until none is)
            small = None
            for _ in range(SMALL_ROUNDS):
                small = sdc.proven_small(model, hidden, threshold, tables=tables)
                if not small.any():
                    break
                model.primary = model.primary | small
                hidden = sdc.choose_hidden(model, progress=progress, blocks=blocks,
                                           avoid=avoid, start=hidden, processes=processes,
                                           only=small, tables=tables)
            else:
                small = sdc.proven_small(model, hidden, threshold, tables=tables)
            if small is not None and small.any():
                bad = ", ".join(" ".join(map(str, keys[i])) for i in np.flatnonzero(small)[:5])
                raise DisclosureFailed("hidden counts the published figures would prove to "
                                       f"be small, still after {SMALL_ROUNDS} rounds: {bad}")
            # every primary, over everything
            result = sdc.audit(model, hidden, upper=False, tables=tables)
    except sdc.ProtectionImpossible as exc:
        bad = ", ".join(" ".join(map(str, keys[i])) for i in exc.cells[:5])
        more = f" (and {len(exc.cells) - 5} more)" if len(exc.cells) > 5 else ""
        raise DisclosureFailed("small counts that figures published earlier (the ledger) "
                               f"already give away: {bad}{more}") from exc
    if not result.ok:
        bad = ", ".join(" ".join(map(str, keys[i])) for i in result.failures[:5])
        raise DisclosureFailed(f"the audit could work out protected cells: {bad}")
    return Protection(hidden={k for k, h in zip(keys, hidden, strict=True) if h and
                              k in published},
                      values=values, primary=primary, places=dict(places), audit=result,
                      known=known_keys, given_away=given_away)


SMALL_ROUNDS = 12
"""How many times a run protects the hidden counts its choice leaves proven small (each time
can prove others small) before it fails rather than publish one (it was 4, silently: a run of
30 national teams published a cell its figures proved to be 1 or 2)."""

PARALLEL_BLOCKS = 4
"""A run of this many blocks (teams and the association) protects them in one process per
core (the choice is the same; `sdc.choose_hidden(processes=...)`)."""


def _block_processes(blocks: int) -> int:
    """How many processes protect the blocks: one per core for a run of many teams, one in a
    process that may not start its own (a worker of a pool)."""
    import multiprocessing as mp

    if blocks < PARALLEL_BLOCKS or mp.current_process().daemon:
        return 1
    return os.cpu_count() or 1


def _given_away(model: sdc.CellModel, keys: list[Key]) -> list[Key]:
    """The small counts that figures published earlier (`known`, the ledger) and the ways
    they add up already give away, whatever this run hides, in reports this run does not
    publish: nothing this run does changes what a reader knows of them, so they are not
    protected again (`Protection.given_away` names them). Raises `DisclosureFailed` when
    such a count is in a report of this run: it must not be shown, and it cannot be
    protected."""
    everything_hidden = dataclasses.replace(model, published=np.zeros_like(model.published))
    with _native_stdout_quiet():
        pinned = sdc.audit(everything_hidden, np.ones(len(keys), dtype=bool),
                           upper=False).failures
    inside = [keys[i] for i in pinned if model.published[i]]
    if inside:
        bad = ", ".join(" ".join(map(str, k)) for k in inside[:5])
        raise DisclosureFailed("small counts that figures published earlier (the ledger) "
                               f"already give away: {bad}")
    return [keys[i] for i in pinned]


# --- the audit of what a folder publishes ------------------------------------------------


@dataclass
class LedgerAudit:
    """The result of attacking published figures with everything that relates them."""

    cells: pd.DataFrame  # one row per hidden quantity: lower, upper, and what was found
    shown_small: pd.DataFrame  # shown cells the primary rule forbids
    consistent: bool = True

    @property
    def failures(self) -> pd.DataFrame:
        return self.cells[self.cells["exposed"]]

    @property
    def ok(self) -> bool:
        return self.consistent and self.failures.empty and self.shown_small.empty


def audit_published(shown: dict[Key, float], hidden: set[Key], threshold: int = 3,
                    all_counts: bool = False, members: Iterable[str] | None = None
                    ) -> LedgerAudit:
    """Attack published figures as a reader would, without the data: for every hidden cell
    the smallest and largest value consistent with every shown figure and every relation
    (`relations`), by linear programming.

    A hidden cell is *exposed* when the published figures prove it lies between 1 and the
    threshold (its smallest consistent value is at least 1 and its largest at most the
    threshold), or pin it exactly while it could be a protected count. Shown cells are
    checked against the primary rule (a sensitive count of 1..threshold, or any count of a
    group of 1..threshold, must not be shown)."""
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    keys = set(shown) | set(hidden)
    rels, rests = relations(keys, members)
    unknown = sorted(set(hidden) | set(rests) | {k for r in rels for k, _ in r} - set(shown))
    index = {k: i for i, k in enumerate(unknown)}
    rows, cols, data, rhs = [], [], [], []
    for r, terms in enumerate(rels):
        b = 0.0
        for k, c in terms:
            if k in index:
                rows.append(r)
                cols.append(index[k])
                data.append(c)
            else:
                b -= c * shown[k]
        rhs.append(b)
    n = len(unknown)
    a = coo_matrix((data, (rows, cols)), shape=(len(rels), n)).tocsr()
    lower = np.full(n, np.nan)
    upper = np.full(n, np.nan)
    consistent = True
    if n:
        first = linprog(np.zeros(n), A_eq=a, b_eq=rhs, bounds=(0, None), method="highs")
        consistent = first.status == 0
        if consistent:
            values = np.append(np.asarray(first.x), [shown[k] for k in sorted(shown)])
            everything = unknown + sorted(shown)
            order = {k: i for i, k in enumerate(everything)}
            matrix = []
            for terms in rels:
                merged: dict[int, float] = defaultdict(float)
                for k, c in terms:
                    merged[order[k]] += c
                idx = np.array(sorted(i for i, c in merged.items() if c), dtype=np.int64)
                if len(idx) >= 2:
                    matrix.append((idx, np.array([merged[i] for i in idx])))
            model = sdc.CellModel(values=np.maximum(values, 0.0),
                                  primary=np.zeros(len(everything), dtype=bool),
                                  cost=np.ones(len(everything)), relations=matrix,
                                  published=np.array([k in shown or k in hidden
                                                      for k in everything]))
            result = sdc.audit(model, np.array([k not in shown for k in everything]))
            lower, upper = result.lower[:n], result.upper[:n]
    frame = pd.DataFrame(unknown, columns=["scope", "period", "quantity", "group"])
    frame["lower"], frame["upper"] = lower, upper
    frame = frame.loc[np.array([k in hidden for k in unknown], dtype=bool)].reset_index(drop=True)
    could_be_primary = np.array([all_counts or is_sensitive(q) for q in frame["quantity"]],
                                dtype=bool)
    small = (frame["lower"] >= 1 - 1e-6) & (frame["upper"] <= threshold + 1e-6)
    pinned = (frame["upper"] - frame["lower"] <= 1e-6) & (frame["lower"] >= 1 - 1e-6) & \
        (frame["lower"] <= threshold + 1e-6)
    frame["exposed"] = (small | pinned) & (could_be_primary | small)
    values = {k: v for k, v in shown.items()}
    primary = primary_cells(values, threshold, all_counts)
    bad = sorted(primary)
    shown_small = pd.DataFrame(bad, columns=["scope", "period", "quantity", "group"])
    shown_small["value"] = [shown[k] for k in bad]
    if not consistent and members is None:  # not every team's report is in the folder
        return audit_published(shown, hidden, threshold, all_counts, ["?"])
    return LedgerAudit(frame, shown_small, consistent)
