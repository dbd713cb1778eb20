"""Socio-economic follow-up (*samhällsnytta*): what a team's results are worth, and to whom.

The model (SPEC.md, "Socio-economic follow-up"; docs/socioeconomic.md has a worked example):

- Each participant's **means of support** (*försörjning*) is mapped for the 12 months before
  start and for a 12-month window after exit (from exit, from 6 or from 24 months after it),
  as months per source (`support` table).
- **Effect** for an actor (*aktör*) = Σ over sources (months before − months after) × the
  unit value of a month of that source for the actor (config `socioeconomic:`; + a cost,
  − a revenue). A positive effect is a gain for the actor. The **change in production** =
  (months of work after − months of work before) × the production value of a month of work.
  **Society's effect** (*samhället*) = the public actors' effects + the change in production;
  the individual's effect is shown beside it, not added to it.
- **Cost** = the team's spending shared out over its enrolment days: each budget row's
  spending × (the participant's enrolment days in the row's period ÷ all the team's enrolment
  days in it), summed over rows (the Budget section's prorating, by enrolment days).
- **Payback time** (*återbetalningstid*) = cost ÷ (yearly effect ÷ 12), in months, for society
  and for each actor (the time that actor's effect alone takes to cover the whole cost); none
  when the effect is 0 or negative (`payback_note` says why, never a negative time).
- **Profitability** (*lönsamhet*) over 1 and 5 years = effect over the horizon − cost; over
  5 years the after-state holds, or fades by `yearly_decay` a year.
- **Potential** = the yearly public cost of the before-state plus its lost production
  ((12 − months of work before) × production value); **efficiency** (*verkningsgrad*) =
  society's first-year effect ÷ potential, in percent.

Cohorts (as the targets'): `at_exit` = the period's non-dropout exits, with the window from
exit; `after_6m` / `after_24m` = the non-dropout exits whose exit + 6 / 24 calendar months
falls in the period, with the window from then. Everything is summed over those of a cohort
whose before- and after-windows both add up to 12 months (`n_complete` of `n`): a window
with fewer months is partly unknown, and counting its missing months as nothing would
invent an effect. Numbers only: `present/socioeconomic.py` formats them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..io.socioeconomic import UnitValues
from ..periods import Period, add_months, parse_period
from ..schema import (
    ACTORS,
    PUBLIC_ACTORS,
    SEXES,
    SUPPORT_SOURCES,
    TOTAL,
    UNKNOWN,
    WORK_SOURCES,
)
from .groups import groups, match_enrolments

COHORTS = {"at_exit": ("after_exit", 0), "after_6m": ("after_6m", 6),
           "after_24m": ("after_24m", 24)}
"""Cohort → (the after-window it is measured with, months from exit to the follow-up)."""
ROWS = (*ACTORS, "production", "society")
"""The rows of a cohort and group: each actor, the change in production, society."""
COMPLETE_MONTHS = 12.0 - 0.05
"""A window is complete when its months add up to 12 (less a rounding margin)."""
HORIZON_YEARS = 5
COLUMNS = ["cohort", "group", "actor", "n", "n_complete", "cost_sek", "effect_1y_sek",
           "effect_5y_sek", "profit_1y_sek", "profit_5y_sek", "payback_months", "payback_note",
           "payback_target_months", "potential_sek", "efficiency_share", "price_year"]
"""The columns of `socioeconomic_table` (and of `finsam socioeconomic --format csv`)."""

NOTES = ("no_unit_values", "no_complete_data", "effect_not_positive", "no_cost")
"""Why a payback time is missing: no `socioeconomic:` config; nobody in the group with
complete data; the effect is 0 or negative; no budget to give a cost."""


# --- who is counted ---------------------------------------------------------------------------

def cohort_mask(participants: pd.DataFrame, period: Period | str, cohort: str,
                dropout_months: int = 2) -> pd.Series:
    """The enrolments in `cohort` for `period`: non-dropout exits whose exit date + the
    cohort's months (0, 6 or 24) falls in the period."""
    period = parse_period(period)
    _, offset = COHORTS[cohort]
    start, end = participants["start_date"], participants["end_date"]
    exited = end.notna()
    dropout = exited & (end <= add_months(start, dropout_months))
    due = add_months(end, offset)
    return (exited & ~dropout & (due >= period.start_ts) & (due <= period.end_ts)).astype(bool)


def window_months(support: pd.DataFrame | None, participants: pd.DataFrame,
                  window: str) -> pd.DataFrame:
    """Months per source of one window, one row per enrolment (index like `participants`;
    0 where no row is given), with `total` = the months the window accounts for."""
    months = np.zeros((len(participants), len(SUPPORT_SOURCES)))
    if support is not None and len(support) and len(participants):
        s = support[support["window"].to_numpy(dtype=object) == window]
        # One support row per enrolment, window and source (validated), so each cell is
        # one row's months: matched by enrolment, not summed.
        enrolment, of_row, n = match_enrolments(participants, s)
        codes, names = pd.factorize(s["source"].to_numpy(dtype=object))
        source = np.append(pd.Index(list(SUPPORT_SOURCES)).get_indexer(names), -1)[codes]
        hit = source >= 0
        found = np.zeros((n, len(SUPPORT_SOURCES)))
        np.add.at(found, (of_row[hit], source[hit]), s["months"].to_numpy(dtype=float)[hit])
        months = found[enrolment]
    out = pd.DataFrame(months, index=participants.index, columns=list(SUPPORT_SOURCES))
    out["total"] = out[list(SUPPORT_SOURCES)].sum(axis=1)
    return out


def enrolment_cost(participants: pd.DataFrame, budget: pd.DataFrame | None) -> pd.Series:
    """The share of its team's spending each enrolment carries (SEK; index like
    `participants`): Σ over the team's budget rows of spent × (the enrolment's days in the
    row's period ÷ all the team's enrolment days in it). NaN for every enrolment when there is
    no budget; days no budget row covers carry no cost."""
    if budget is None or budget.empty:
        return pd.Series(np.nan, index=participants.index)
    # Every (budget row, enrolment of its team) pair at once, the rows in the budget's order
    # within each team, so each enrolment's shares are added in the same order as row by row.
    codes, names = pd.factorize(participants["team"].to_numpy(dtype=object))
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    position = {team: i for i, team in enumerate(names)}
    b_team = np.array([position.get(t, -1) for t in budget["team"].to_numpy(dtype=object)],
                      dtype=np.int64)
    rows = np.flatnonzero(b_team >= 0)
    rows = rows[np.argsort(b_team[rows], kind="stable")]  # by team, as a loop over teams
    periods = {name: parse_period(name) for name in set(budget["period"].to_numpy(dtype=object))}
    r0 = np.array([np.datetime64(periods[x].start, "ns")
                   for x in budget["period"].to_numpy(dtype=object)])
    r1 = np.array([np.datetime64(periods[x].end, "ns")
                   for x in budget["period"].to_numpy(dtype=object)])
    spent = budget["spent_sek"].to_numpy(dtype=float)
    size = bounds[b_team[rows] + 1] - bounds[b_team[rows]]
    pair_row = np.repeat(rows, size)  # the budget row of each pair
    first_of = np.repeat(bounds[b_team[rows]] - np.cumsum(size) + size, size)
    people = order[first_of + np.arange(len(pair_row))]  # the enrolment of each pair
    starts = participants["start_date"].to_numpy(dtype="datetime64[ns]")[people]
    ends = participants["end_date"].to_numpy(dtype="datetime64[ns]")[people]
    day = np.timedelta64(1, "D")
    last = np.where(np.isnat(ends), r1[pair_row], np.minimum(ends, r1[pair_row]))
    first = np.maximum(starts, r0[pair_row])
    days = np.maximum((last - first) / day + 1, 0.0)  # whole days: their sums are exact
    total = np.bincount(pair_row, weights=days, minlength=len(budget))
    counted = total[pair_row] > 0
    share = spent[pair_row[counted]] * days[counted] / total[pair_row[counted]]
    cost = np.bincount(people[counted], weights=share, minlength=len(participants))
    return pd.Series(cost, index=participants.index)


# --- per participant ---------------------------------------------------------------------------

def participant_effects(participants: pd.DataFrame, support: pd.DataFrame | None,
                        unit_values: UnitValues | None, period: Period | str, cohort: str,
                        budget: pd.DataFrame | None = None,
                        dropout_months: int = 2, cost: pd.Series | None = None
                        ) -> pd.DataFrame:
    """One row per enrolment of the cohort: team, participant_id, sex, months_before,
    months_after (what each window accounts for), complete, an effect column per actor
    (SEK a year, + = gain), production, society, potential_sek and cost_sek.
    `cost`: `enrolment_cost(participants, budget)` when the caller has it already."""
    members = participants[cohort_mask(participants, period, cohort, dropout_months)]
    window, _ = COHORTS[cohort]
    before = window_months(support, members, "before")
    after = window_months(support, members, window)
    out = members[["team", "participant_id", "sex"]].copy()
    out["months_before"] = before["total"]
    out["months_after"] = after["total"]
    out["complete"] = ((before["total"] >= COMPLETE_MONTHS)
                       & (after["total"] >= COMPLETE_MONTHS)).astype(bool)
    change = before[list(SUPPORT_SOURCES)] - after[list(SUPPORT_SOURCES)]
    if unit_values is None:
        for actor in (*ROWS, "potential_sek"):
            out[actor] = np.nan
    else:
        for actor in ACTORS:
            values = np.array([unit_values.value(s, actor) for s in SUPPORT_SOURCES])
            out[actor] = change.to_numpy() @ values
        work = list(WORK_SOURCES)
        production = unit_values.production_value
        out["production"] = (after[work].sum(axis=1) - before[work].sum(axis=1)) * production
        out["society"] = out[list(PUBLIC_ACTORS)].sum(axis=1) + out["production"]
        public = np.array([sum(unit_values.value(s, a) for a in PUBLIC_ACTORS)
                           for s in SUPPORT_SOURCES])
        lost = (12.0 - before[work].sum(axis=1)).clip(lower=0) * production
        out["potential_sek"] = before[list(SUPPORT_SOURCES)].to_numpy() @ public + lost
    if cost is None:
        cost = enrolment_cost(participants, budget)
    out["cost_sek"] = cost.reindex(members.index)
    return out


# --- the table -------------------------------------------------------------------------------

def payback(cost: float, yearly_effect: float) -> float:
    """Months until the effect covers the cost: cost ÷ (yearly effect ÷ 12); NaN when the
    effect is not positive (there is no payback) or the cost is unknown."""
    if pd.isna(cost) or pd.isna(yearly_effect) or yearly_effect <= 0:
        return np.nan
    return float(cost) / (float(yearly_effect) / 12.0)


def horizon_factor(decay: float, years: int = HORIZON_YEARS) -> float:
    """How many first-year effects `years` years give when the after-state fades by `decay`
    a year: Σ (1 − decay)^k for k = 0 … years − 1 (5 when nothing fades)."""
    return float(sum((1.0 - decay) ** k for k in range(years)))


def _sum(values: np.ndarray) -> float:
    """The sum as pandas' `Series.sum` makes it (missing values count as 0)."""
    return float(np.where(np.isnan(values), 0.0, values).sum())


def _rows(cohort: str, group: str, n: int, done: dict[str, np.ndarray],
          unit_values: UnitValues | None) -> list[dict]:
    """The rows of one cohort and group; `done` holds, by column, those of its `n` members
    whose data is complete."""
    n_complete = len(done["cost_sek"])
    cost = _sum(done["cost_sek"]) if not np.isnan(done["cost_sek"]).any() else np.nan
    factor = horizon_factor(unit_values.yearly_decay) if unit_values else np.nan
    target = unit_values.payback_target_months if unit_values else None
    year = unit_values.price_year if unit_values else None
    rows = []
    for actor in ROWS:
        effect = _sum(done[actor]) if unit_values is not None else np.nan
        is_actor = actor != "production"
        if unit_values is None:
            note = "no_unit_values"
        elif n_complete == 0:
            note = "no_complete_data"
        elif not is_actor:
            note = ""
        elif effect <= 0:
            note = "effect_not_positive"
        elif pd.isna(cost):
            note = "no_cost"
        else:
            note = ""
        has = unit_values is not None and n_complete > 0
        row = {
            "cohort": cohort, "group": group, "actor": actor, "n": n, "n_complete": n_complete,
            "cost_sek": cost if n_complete else np.nan,
            "effect_1y_sek": effect if has else np.nan,
            "effect_5y_sek": effect * factor if has else np.nan,
            "profit_1y_sek": effect - cost if has and is_actor else np.nan,
            "profit_5y_sek": effect * factor - cost if has and is_actor else np.nan,
            "payback_months": payback(cost, effect) if has and is_actor else np.nan,
            "payback_note": note,
            "payback_target_months": target if target is not None else np.nan,
            "potential_sek": np.nan, "efficiency_share": np.nan,
            "price_year": year if year is not None else pd.NA,
        }
        if actor == "society" and has:
            potential = _sum(done["potential_sek"])
            row["potential_sek"] = potential
            row["efficiency_share"] = 100.0 * effect / potential if potential > 0 else np.nan
        rows.append(row)
    return rows


def socioeconomic_table(participants: pd.DataFrame, support: pd.DataFrame | None,
                        unit_values: UnitValues | None, period: Period | str,
                        budget: pd.DataFrame | None = None, dropout_months: int = 2,
                        cohorts: tuple[str, ...] = tuple(COHORTS),
                        unknown_in_total: bool = True) -> pd.DataFrame:
    """Effect, cost, payback time, profitability, potential and efficiency per cohort, group
    (`K`, `M`, `unknown` when the cohorts have anyone of unknown sex, `total`) and row of
    `ROWS`, with `n` (the cohort) and `n_complete` (those the figures rest on). Columns:
    `COLUMNS`. SEK are in the unit values' price year; payback in months.

    `unknown_in_total=False`: `total` is women and men only (as external reports show it);
    the `unknown` row is still there, for the line that says how many there were."""
    period = parse_period(period)
    cost = enrolment_cost(participants, budget)  # once for the three cohorts
    per = {c: participant_effects(participants, support, unit_values, period, c, budget,
                                  dropout_months, cost) for c in cohorts}
    show_unknown = any((p["sex"] == UNKNOWN).any() for p in per.values())
    rows = []
    for cohort, people in per.items():
        sex = people["sex"].to_numpy(dtype=object)
        complete = people["complete"].to_numpy(dtype=bool)
        columns = {c: people[c].to_numpy(dtype=float)
                   for c in (*ROWS, "cost_sek", "potential_sek")}
        for group in groups(None, show_unknown):
            if group != TOTAL:
                chosen = sex == group
            else:
                chosen = (np.ones(len(sex), dtype=bool) if unknown_in_total
                          else np.isin(sex, list(SEXES)))
            done = chosen & complete
            rows += _rows(cohort, group, int(chosen.sum()),
                          {c: v[done] for c, v in columns.items()}, unit_values)
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["n"] = out["n"].astype("int64")
    out["n_complete"] = out["n_complete"].astype("int64")
    out["price_year"] = out["price_year"].astype("Int64")
    return out


def support_months(participants: pd.DataFrame, support: pd.DataFrame | None,
                   period: Period | str, cohort: str = "at_exit",
                   dropout_months: int = 2) -> pd.DataFrame:
    """Means of support before and after for a cohort's participants with complete data:
    one row per group (`K`, `M`, `total`), window (`before`, `after`) and source, with
    `months` (summed), `people` (how many had the source at all), `n` (people with complete
    data in the group) and `mean_months` (months ÷ n: the stacked bars add up to 12)."""
    period = parse_period(period)
    members = participants[cohort_mask(participants, period, cohort, dropout_months)]
    window, _ = COHORTS[cohort]
    before = window_months(support, members, "before")
    after = window_months(support, members, window)
    complete = (before["total"] >= COMPLETE_MONTHS) & (after["total"] >= COMPLETE_MONTHS)
    rows = []
    for group in (*SEXES, TOTAL):
        in_group = complete & ((members["sex"] == group) | (group == TOTAL))
        n = int(in_group.sum())
        for name, months in (("before", before), ("after", after)):
            for source in SUPPORT_SOURCES:
                m = months.loc[in_group, source]
                rows.append({"cohort": cohort, "group": group, "window": name,
                             "source": source, "months": float(m.sum()),
                             "people": int((m > 0).sum()), "n": n,
                             "mean_months": float(m.sum()) / n if n else np.nan})
    return pd.DataFrame(rows)
