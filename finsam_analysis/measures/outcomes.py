"""The common outcome measures (gemensamma utfallsmått) and the tables around them.

All functions take canonical DataFrames (see `load.py`) and a `Period`, and return plain
DataFrames of numbers, one row per group (`K`, `M`, `unknown` when non-zero, `total`), with
canonical English column names. Nothing here formats, rounds or suppresses: that is
`tables.py` and `privacy.py`.

Definitions (SPEC.md, "Common outcome measures"), for a period P = [p_start, p_end]:

- active (*antal aktiva under perioden*): start_date ≤ p_end and (no end_date or end_date ≥ p_start)
- exits (*antal avslut totalt*): p_start ≤ end_date ≤ p_end
- dropouts (*varav dropouts, tidiga avhopp*): exits with end_date ≤ start_date + N calendar
  months (N = 2 by default; a day the target month lacks becomes its last day)
- work … other: the non-dropout exits by exit_reason (they add up to exits − dropouts)
- active_at_end (*aktiva vid periodens slut*): active on p_end + 1 day = active − exits
- positive (*positivt utfall*): work + studies + vocational_rehab;
  positive_share = positive / (exits − dropouts) × 100, NaN when the denominator is 0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..periods import Period, add_months, parse_period
from ..schema import (
    AGE_GROUPS,
    EXIT_REASONS,
    FOLLOWUP_MONTHS,
    OUTCOME_COUNTS,
    POSITIVE_REASONS,
    REFERRERS,
    TOTAL,
    UNKNOWN,
    WORK_SUPPORT,
)
from .groups import (
    AGE_OPTIONAL,
    age_at_start,
    age_group,
    age_rows,
    by_group,
    grouping,
    groups,
    has_unknown,
    match_enrolments,
    sum_by_team_and,
)

DAYS_PER_MONTH = 365.25 / 12
"""Throughput time is measured in months of 365.25/12 days (genomströmningstid)."""
SUS_CAP_YEARS = 9.0
"""SUS recorded time without work up to nine years at most."""

COUNT_COLUMNS = OUTCOME_COUNTS
OUTCOME_COLUMNS = (*COUNT_COLUMNS, "positive_share", "mean_years_without_work",
                   "mean_throughput_months")
"""The columns of `outcome_table`, in order (the CLI's CSV columns after `group`)."""


def active_mask(participants: pd.DataFrame, period: Period | str) -> np.ndarray:
    """Which enrolments are active in the period (start_date ≤ p_end and no end_date or
    end_date ≥ p_start), as a numpy array — the cheap form of `classify(...)["active"]`."""
    period = parse_period(period)
    start = participants["start_date"].to_numpy(dtype="datetime64[ns]")
    end = participants["end_date"].to_numpy(dtype="datetime64[ns]")
    ps, pe = np.datetime64(period.start, "ns"), np.datetime64(period.end, "ns")
    return (start <= pe) & (np.isnat(end) | (end >= ps))


def enrolment_status(start: np.ndarray, end: np.ndarray, exit_reason: np.ndarray,
                     period: Period, dropout_months: int = 2) -> dict[str, np.ndarray]:
    """The rules of the outcome measures, written once, for arrays of enrolments
    (`start`/`end` as datetime64[ns], NaT for no end; `exit_reason` as objects):

    - active: start_date ≤ p_end and (no end_date or end_date ≥ p_start);
    - exited: p_start ≤ end_date ≤ p_end;
    - dropout: an exit with end_date ≤ start_date + `dropout_months` calendar months (a day
      the target month lacks becomes its last day);
    - completed: an exit that is not a dropout (the base of the positive share);
    - positive: a completed exit to work, studies or vocational rehabilitation;
    - active_at_end: active and not exited (active on p_end + 1 day).

    Every table (one team or all teams) takes its statuses from here."""
    ps, pe = np.datetime64(period.start, "ns"), np.datetime64(period.end, "ns")
    has_end = ~np.isnat(end)
    active = (start <= pe) & (~has_end | (end >= ps))
    exited = has_end & (end >= ps) & (end <= pe)
    limit = add_months(pd.Series(start), dropout_months).to_numpy(dtype="datetime64[ns]")
    dropout = exited & (end <= limit)
    completed = exited & ~dropout
    positive = completed & np.isin(np.asarray(exit_reason, dtype=object),
                                   list(POSITIVE_REASONS))
    return {"active": active, "exited": exited, "dropout": dropout, "completed": completed,
            "positive": positive, "active_at_end": active & ~exited}


def classify(participants: pd.DataFrame, period: Period | str,
             dropout_months: int = 2) -> pd.DataFrame:
    """One row per enrolment with its status in the period, as booleans and the outcome.

    Columns: `active`, `exited`, `dropout`, `completed`, `outcome` (exit_reason of a
    non-dropout exit, else None), `positive`, `active_at_end`, plus `sex` and `team`
    (`enrolment_status` holds the rules).
    """
    period = parse_period(period)
    p = participants
    status = enrolment_status(p["start_date"].to_numpy(dtype="datetime64[ns]"),
                              p["end_date"].to_numpy(dtype="datetime64[ns]"),
                              p["exit_reason"].to_numpy(dtype=object), period, dropout_months)
    completed = pd.Series(status["completed"], index=p.index)
    return pd.DataFrame({
        "team": p["team"],
        "sex": p["sex"],
        "active": status["active"],
        "exited": status["exited"],
        "dropout": status["dropout"],
        "completed": status["completed"],
        "outcome": p["exit_reason"].where(completed, None),
        "positive": status["positive"],
        "active_at_end": status["active_at_end"],
    }, index=p.index)


def background_variables(participants: pd.DataFrame, period: Period | str,
                         dropout_months: int = 2) -> pd.DataFrame:
    """The two background variables, for those who left with a positive outcome.

    - `mean_years_without_work`: mean time without work or studies before enrolment, in years
      (*tid utan arbete eller studier före inskrivning*), over those whose value is known
      (`n_years_known`); `n_at_sus_cap` of them sit at SUS's cap of 9 years or above.
    - `mean_throughput_months`: mean time from start_date to end_date, in months of
      365.25/12 days (*genomströmningstid*), over all `positive`.
    """
    table = outcome_table(participants, period, dropout_months)
    return table[["positive", "n_years_known", "mean_years_without_work", "n_at_sus_cap",
                  "mean_throughput_months"]].copy()


def outcome_table(participants: pd.DataFrame, period: Period | str,
                  dropout_months: int = 2, by: str = "sex") -> pd.DataFrame:
    """The outcome table by sex: the policy's ten columns, positive outcome and its share.

    Rows `K`, `M`, `unknown` (only when some enrolment active in the period has unknown sex)
    and `total`; with `by="age"` the age groups at start instead (`groups.age_rows`: the
    five, `other_age`/`unknown_age` only when someone active has them, and `total`), counted
    by the same rules. Columns `OUTCOME_COLUMNS` plus `completed` (exits − dropouts, the
    denominator of `positive_share`), `n_years_known` (the base of the years mean) and
    `n_at_sus_cap`. `positive_share` is a percentage (0–100), NaN when nobody completed.
    Every team in `participants` counts together (see `outcome_table_by_team` for each).
    """
    table = outcome_table_by_team(participants.assign(team="all"), period, dropout_months,
                                  teams=["all"], by=by)
    return table.loc["all"]


def outcome_table_by_team(participants: pd.DataFrame, period: Period | str,
                          dropout_months: int = 2, teams: list[str] | None = None,
                          by: str = "sex") -> pd.DataFrame:
    """The outcome table of every team at once (index: team, group), each exactly as
    `outcome_table` gives it for that team alone. `teams` fixes which teams get rows (default:
    those with anyone active in the period). `by`: `sex` or `age` (see `outcome_table`).

    Computed with numpy on the rows active in the period: the definitions are those of
    `classify`, and the sums are `groups.sum_by_team_and`.
    """
    period = parse_period(period)
    idx = np.flatnonzero(active_mask(participants, period))
    start = participants["start_date"].to_numpy(dtype="datetime64[ns]")[idx]
    end = participants["end_date"].to_numpy(dtype="datetime64[ns]")[idx]
    reasons = participants["exit_reason"].iloc[idx]
    status = enrolment_status(start, end, reasons.to_numpy(dtype=object), period,
                              dropout_months)
    exited, dropout = status["exited"], status["dropout"]
    completed, positive = status["completed"], status["positive"]
    reason_codes, reason_values = pd.factorize(reasons)
    where = {r: i for i, r in enumerate(reason_values)}
    reason_of = {r: (reason_codes == where[r]) if r in where else np.zeros(len(idx), bool)
                 for r in EXIT_REASONS}
    years = participants["years_without_work"].to_numpy(dtype=float)[idx]
    known = positive & ~np.isnan(years)
    months = (end - start).astype("timedelta64[D]").astype(float) / DAYS_PER_MONTH

    columns = {
        "active": np.ones(len(idx)), "exits": exited, "dropouts": dropout,
        **{r: completed & reason_of[r] for r in EXIT_REASONS},
        "active_at_end": ~exited, "positive": positive, "completed": completed,
        "n_years_known": known, "n_at_sus_cap": known & (years >= SUS_CAP_YEARS),
        "sum_years": np.where(known, years, 0.0), "sum_months": np.where(positive, months, 0.0),
    }
    team = participants["team"].iloc[idx]
    out = sum_by_team_and(by, team, participants.iloc[idx], columns, teams)
    ints = [c for c in columns if not c.startswith("sum_")]
    out[ints] = out[ints].round().astype("int64")
    out["positive_share"] = 100.0 * out["positive"] / out["completed"].where(out["completed"] > 0)
    out["mean_years_without_work"] = out["sum_years"] / out["n_years_known"].where(
        out["n_years_known"] > 0)
    out["mean_throughput_months"] = out["sum_months"] / out["positive"].where(out["positive"] > 0)
    return out[[*OUTCOME_COLUMNS, "completed", "n_years_known", "n_at_sus_cap"]]


def crosstab_by_sex(sex: pd.Series, category: pd.Series, categories: list[str],
                    optional: tuple[str, ...] = (), show_unknown: bool | None = None
                    ) -> pd.DataFrame:
    """Counts by sex group (rows, with total) and category (columns, with `total`).

    Categories in `optional` get a column only when non-zero; other values in `category` than
    the given ones are kept as their own columns after them.
    """
    codes, uniques = pd.factorize(category.astype(object).to_numpy(), use_na_sentinel=False)
    extra = sorted({v for v in uniques if v not in categories and v not in optional})
    columns = [*categories, *extra, *optional]
    column_of = {c: i for i, c in enumerate(columns)}
    # the counts in numpy, as `by_group` would sum a one-hot frame: K, M, unknown, and the
    # total over everyone (someone of another sex value counts in the total only)
    column = np.array([column_of[v] for v in uniques], dtype=np.int64)[codes]
    sexes = sex.to_numpy(dtype=object)
    row = np.select([sexes == "K", sexes == "M", sexes == UNKNOWN], [0, 1, 2], 3)
    counts = np.bincount(row * len(columns) + column, minlength=4 * len(columns))
    counts = counts.reshape(4, len(columns)).astype(np.int64)
    if show_unknown is None:
        show_unknown = bool((sexes == UNKNOWN).any())
    shown = groups(sex, show_unknown)
    cube = np.vstack([counts[:3], counts.sum(axis=0, keepdims=True)])
    at = {"K": 0, "M": 1, UNKNOWN: 2, TOTAL: 3}
    out = pd.DataFrame(cube[[at[g] for g in shown]], columns=columns,
                       index=pd.Index(shown, name="group"))
    keep = [c for c in columns if c not in optional or out[c].sum() > 0]
    out = out[keep]
    out["total"] = out.sum(axis=1)
    out.columns.name = None
    return out


def exit_other_breakdown(participants: pd.DataFrame, period: Period | str,
                         dropout_months: int = 2) -> pd.DataFrame:
    """What lies behind *Antal till annat*: non-dropout exits to `other` by category, by sex.

    Columns: one per `exit_other_category` (sorted), `unspecified` when some have none, `total`.
    """
    status = classify(participants, period, dropout_months)
    chosen = status["outcome"] == "other"
    cats = participants["exit_other_category"][chosen].astype(object).fillna("unspecified")
    names = sorted(set(cats) - {"unspecified"})
    return crosstab_by_sex(participants["sex"][chosen], cats, names, ("unspecified",),
                           has_unknown(participants, status))


def work_support_breakdown(participants: pd.DataFrame, period: Period | str,
                           dropout_months: int = 2) -> pd.DataFrame:
    """Non-dropout exits to work with and without support (med/utan stöd), by sex."""
    status = classify(participants, period, dropout_months)
    chosen = status["outcome"] == "work"
    support = participants["work_support"][chosen].astype(object).fillna("unspecified")
    return crosstab_by_sex(participants["sex"][chosen], support, list(WORK_SUPPORT),
                           ("unspecified",), has_unknown(participants, status))


def age_groups(participants: pd.DataFrame, period: Period | str) -> pd.DataFrame:
    """Participants active in the period by age group at start and sex."""
    p = participants[["sex", "start_date", "birth_year"]][active_mask(participants, period)]
    return crosstab_by_sex(p["sex"], age_group(age_at_start(p)), [g[0] for g in AGE_GROUPS],
                           AGE_OPTIONAL)


def referrers(participants: pd.DataFrame, period: Period | str) -> pd.DataFrame:
    """Participants active in the period by referring party (remittent) and sex."""
    status = classify(participants, period)
    p = participants[status["active"]]
    ref = p["referrer"].where(p["referrer"].notna(), "unknown_referrer")
    return crosstab_by_sex(p["sex"], ref, list(REFERRERS), ("unknown_referrer",))


def new_enrolments(participants: pd.DataFrame, period: Period | str) -> pd.DataFrame:
    """Enrolments that started in the period (nya inskrivningar), by sex."""
    period = parse_period(period)
    start = participants["start_date"]
    chosen = (start >= period.start_ts) & (start <= period.end_ts)
    return by_group(pd.DataFrame({"started": chosen.astype(int)})[chosen],
                     participants["sex"][chosen])


def participant_profile(participants: pd.DataFrame, period: Period | str) -> pd.DataFrame:
    """Who the participants are (*förutsättningar*): by sex, the enrolments active in the
    period, those of them who started in it, and their mean time without work or studies
    before enrolment (over the `n_years_known` whose time is recorded)."""
    period = parse_period(period)
    status = classify(participants, period)
    active = status["active"]
    p = participants[active]
    started = (p["start_date"] >= period.start_ts) & (p["start_date"] <= period.end_ts)
    years = p["years_without_work"].astype(float)
    values = pd.DataFrame({"active": 1, "started": started.astype(int),
                           "n_years_known": years.notna().astype(int),
                           "sum_years": years.fillna(0.0)}, index=p.index)
    sums = by_group(values, p["sex"], has_unknown(participants, status))
    out = sums[["active", "started", "n_years_known"]].copy()
    out["mean_years_without_work"] = sums["sum_years"] / sums["n_years_known"].where(
        sums["n_years_known"] > 0)
    return out


def outcome_trend(participants: pd.DataFrame, period: Period | str, n_previous: int = 3,
                  dropout_months: int = 2) -> pd.DataFrame:
    """The outcome table for the period and `n_previous` earlier ones of the same kind.

    Long format: columns `period`, `group`, then those of `outcome_table`; oldest first.
    """
    period = parse_period(period)
    frames = []
    for p in period.history(n_previous):
        t = outcome_table(participants, p, dropout_months).reset_index()
        t.insert(0, "period", p.name)
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


FOLLOWUP_COLUMNS = ("cohort", "followed_up", *EXIT_REASONS, "positive_share")
"""The columns of `followup_table` after `group` and `months_after_exit` (the CLI's CSV)."""


def _followup_cohorts(participants: pd.DataFrame, period: Period, months: tuple[int, ...],
                      dropout_months: int = 2) -> np.ndarray:
    """`followup_cohort` for several time points at once: one row of booleans a time point."""
    start = participants["start_date"].to_numpy(dtype="datetime64[ns]")
    end = participants["end_date"].to_numpy(dtype="datetime64[ns]")
    exited = ~np.isnat(end)
    limit = add_months(pd.Series(start), dropout_months).to_numpy(dtype="datetime64[ns]")
    completed = exited & ~(end <= limit)  # the non-dropout exits
    ps, pe = np.datetime64(period.start, "ns"), np.datetime64(period.end, "ns")
    out = np.zeros((len(months), len(participants)), dtype=bool)
    for i, m in enumerate(months):
        due = add_months(pd.Series(end[completed]), m).to_numpy(dtype="datetime64[ns]")
        out[i, completed] = (due >= ps) & (due <= pe)
    return out


def followup_cohort(participants: pd.DataFrame, period: Period | str, months: int,
                    dropout_months: int = 2) -> pd.Series:
    """Which enrolments have their follow-up `months` after exit due in the period.

    The cohort of a follow-up time point (SPEC, Targets): the non-dropout exits, whenever they
    left, whose end_date + `months` calendar months falls in the period (both ends included;
    a day the target month lacks becomes its last day, as in `periods.add_months`).
    """
    period = parse_period(period)
    return pd.Series(_followup_cohorts(participants, period, (months,), dropout_months)[0],
                     index=participants.index)


def _followup_statuses(participants: pd.DataFrame, followups: pd.DataFrame | None,
                       months: tuple[int, ...]) -> np.ndarray:
    """`followup_status` for several time points at once: one row (objects, None where no
    follow-up is recorded) a time point."""
    out = np.full((len(months), len(participants)), None, dtype=object)
    if followups is None or followups.empty or participants.empty:
        return out
    fu = followups[np.isin(followups["months_after_exit"].to_numpy(), months)]
    enrolment, of_row, n = match_enrolments(participants, fu)
    time_point = pd.Index(months).get_indexer(fu["months_after_exit"].to_numpy())
    found = np.full((len(months), n), None, dtype=object)
    found[time_point, of_row] = fu["status"].to_numpy(dtype=object)
    found[pd.isna(found)] = None
    return found[:, enrolment]


def followup_status(participants: pd.DataFrame, followups: pd.DataFrame | None,
                    months: int) -> pd.Series:
    """Each enrolment's follow-up status `months` after exit (`followups.status`), None where
    no follow-up at that time point is recorded. Aligned with `participants`."""
    return pd.Series(_followup_statuses(participants, followups, (months,))[0],
                     index=participants.index, dtype=object)


def followed_up(status: pd.Series) -> pd.Series:
    """Followed up = a follow-up recorded with a known status (not `unknown`)."""
    return (status.notna() & (status != UNKNOWN)).astype(bool)


def followup_table(participants: pd.DataFrame, followups: pd.DataFrame | None,
                   period: Period | str, dropout_months: int = 2, by: str = "sex"
                   ) -> pd.DataFrame:
    """Status 6, 12, 18 and 24 months after exit, by sex (*uppföljning efter avslut*).

    For each time point the cohort is `followup_cohort` (those whose follow-up is due in the
    period); `followed_up` of them have a known status at that time point; the six status
    columns count them by status (they add up to `followed_up`); `positive_share` = work +
    studies + vocational rehab as a percentage of `followed_up` (NaN when 0).

    Long format: columns `group`, `months_after_exit`, then `FOLLOWUP_COLUMNS`; rows `K`, `M`,
    `unknown` (only when someone of unknown sex is in one of the four cohorts) and `total`,
    each with the months 6, 12, 18, 24. `by="age"`: the age groups at start as the rows
    (`other_age`/`unknown_age` only when someone in one of the cohorts has them).
    """
    period = parse_period(period)
    cohorts = _followup_cohorts(participants, period, FOLLOWUP_MONTHS, dropout_months)
    column = grouping(participants, by).to_numpy(dtype=object)
    if by == "age":
        rows = age_rows({g for i in range(len(FOLLOWUP_MONTHS)) for g in column[cohorts[i]]})
    else:
        show_unknown = any(bool((column[cohorts[i]] == UNKNOWN).any())
                           for i in range(len(FOLLOWUP_MONTHS)))
        rows = groups(None, show_unknown)
    parts = [g for g in rows if g != TOTAL]
    code = pd.Index(parts).get_indexer(column)  # -1: in no row of its own (only the total)
    # row × time point × (cohort, followed_up, the six statuses)
    counts = np.zeros((len(rows), len(FOLLOWUP_MONTHS), 2 + len(EXIT_REASONS)), dtype=np.int64)
    # Only the cohorts count: their follow-ups are looked up and summed, no one else's.
    anyone = cohorts.any(axis=0)
    statuses = _followup_statuses(participants[anyone], followups, FOLLOWUP_MONTHS)
    for i, _months in enumerate(FOLLOWUP_MONTHS):
        group = code[cohorts[i]]
        status = statuses[i, cohorts[i][anyone]]
        known = followed_up(pd.Series(status, dtype=object)).to_numpy()
        values, names = pd.factorize(status)  # None: -1, which picks the appended -1
        reason = np.append(pd.Index(list(EXIT_REASONS)).get_indexer(names), -1)[values]
        cell = np.full(len(status), -1, dtype=np.int64)  # the column each one adds to
        cell[known & (reason >= 0)] = 2 + reason[known & (reason >= 0)]
        for g, name in enumerate(rows):
            chosen = (group == g) if name != TOTAL else np.ones(len(group), dtype=bool)
            counts[g, i, 0] = chosen.sum()
            counts[g, i, 1] = (chosen & known).sum()
            counts[g, i, 2:] = np.bincount(cell[chosen & (cell >= 0)] - 2,
                                           minlength=len(EXIT_REASONS))
    flat = counts.reshape(-1, counts.shape[2])
    out = pd.DataFrame({
        "group": np.repeat(rows, len(FOLLOWUP_MONTHS)),
        "months_after_exit": np.tile(np.array(FOLLOWUP_MONTHS, dtype=np.int64), len(rows)),
        "cohort": flat[:, 0], "followed_up": flat[:, 1],
        **{r: flat[:, 2 + j] for j, r in enumerate(EXIT_REASONS)}})
    positive = out[list(POSITIVE_REASONS)].sum(axis=1)
    out["positive_share"] = 100.0 * positive / out["followed_up"].where(out["followed_up"] > 0)
    return out[["group", "months_after_exit", *FOLLOWUP_COLUMNS]]


def target_table(participants: pd.DataFrame, period: Period | str,
                 targets: dict[str, dict[str, float]], followups: pd.DataFrame | None = None,
                 dropout_months: int = 2) -> pd.DataFrame:
    """Each target level (målnivå) beside the measured share, by sex.

    Each time point has its own cohort (`base`, SPEC Targets): at exit the non-dropout exits
    of the period, all of them counted (`with_followup` = `base`), `count` = those with that
    exit_reason; after 6 months / 2 years the `followup_cohort` of 6 / 24 months, of whom
    `with_followup` have a known status at that time point and `count` have that status.
    `share` = count / with_followup × 100, NaN when nobody was followed up (never 0 %).
    `improved_health` rests on the health survey and is measured by `health.py` (see
    `report.compute_tables`); here its count and with_followup are NaN. Columns: measure,
    timepoint, group, target, base, with_followup, count, share. The unknown-sex row is there
    when someone active in the period, or in one of the table's cohorts, has unknown sex.
    """
    from ..io.config import TARGET_TIMEPOINTS

    period = parse_period(period)
    status = classify(participants, period, dropout_months)
    sex = participants["sex"]
    cohorts = {0: status["completed"].astype(bool)}
    for levels in targets.values():
        for timepoint in levels:
            month = TARGET_TIMEPOINTS[timepoint]
            if month not in cohorts:
                cohorts[month] = followup_cohort(participants, period, month, dropout_months)
    show_unknown = has_unknown(participants, status) or any(
        bool((sex[c] == UNKNOWN).any()) for c in cohorts.values())
    rows_of = groups(sex, show_unknown)
    rows = []
    for measure, levels in targets.items():
        for timepoint, level in levels.items():
            month = TARGET_TIMEPOINTS[timepoint]
            cohort = cohorts[month]
            if month == 0:
                has = cohort
                hit = cohort & (participants["exit_reason"] == measure)
            else:
                found = followup_status(participants, followups, month)
                has = cohort & followed_up(found)
                hit = has & (found == measure)
            for group in rows_of:
                in_group = (sex == group) | (group == TOTAL)
                base = int((cohort & in_group).sum())
                if measure == "improved_health":
                    count, with_fu, share = np.nan, np.nan, np.nan
                else:
                    count = int((hit & in_group).sum())
                    with_fu = int((has & in_group).sum())
                    share = 100.0 * count / with_fu if with_fu else np.nan
                rows.append({"measure": measure, "timepoint": timepoint, "group": group,
                             "target": level, "base": base, "with_followup": with_fu,
                             "count": count, "share": share})
    columns = ["measure", "timepoint", "group", "target", "base", "with_followup", "count",
               "share"]
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"base": "int64", "with_followup": "Int64", "count": "Int64"})
