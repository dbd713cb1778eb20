"""ORS and SRS (Outcome and Session Rating Scale): trajectories, change and measurement policy.

All functions take canonical frames (`participants`, and `ors`/`srs` as loaded: one row per
measurement with `team`, `participant_id`, `date` and `score`, the sum of the four items) and
a `Period`, and return plain DataFrames of numbers.

- **Trajectory**: the ORS score by whole months since enrolment; per participant and month the
  mean of that month's measurements, then per month and group the mean, its 95 % interval
  (t distribution) and n (people).
- **Change** (SPEC.md): among the enrolments active in the period, *first* is the first
  measurement of the enrolment and *last* the latest one on or before min(end_date, period
  end); those with two or more such measurements are classed by Jacobson–Truax: *recovered*
  (started below the clinical cutoff, ended at or above it, improved by at least the reliable
  change), *improved* (reliably, not recovered), *unchanged*, *deteriorated* (reliably worse).
  The cutoff is 25 for adults and 28 for ages 13–17 (age = year of the first measurement −
  birth_year); reliable change is 5 points. All three are settings.
- **Measurement policy**: for each enrolment active in the period, W = [max(start_date, p_start),
  min(end_date, p_end)]. Reference dates: the last measurement on or before W's start (else
  start_date), every measurement inside W, and W's end. The longest gap is the largest number
  of days between consecutive reference dates; *compliant* when at most 61 days.

SRS *scores* are for the team's own conversations: reports show only how regularly SRS is
used (`measurement_policy` on the srs table), never the scores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..periods import Period, parse_period
from ..schema import ORS_ITEMS, TOTAL, UNKNOWN
from .groups import by_group, grouping, has_unknown, sum_by_team_and_age, sum_by_team_and_sex
from .outcomes import active_mask, classify

CLASSES = ("recovered", "improved", "unchanged", "deteriorated")
"""The Jacobson–Truax classes, in order: återhämtad, förbättrad, oförändrad, försämrad."""

KEY = ["team", "participant_id"]


def measurement_frame(records: list[dict] | pd.DataFrame, items=ORS_ITEMS) -> pd.DataFrame:
    """A canonical measurement frame from hand-written records (tests, notebooks).

    Each record has `participant_id`, `team`, `date` and either the four items or `total`;
    `score` is their sum (or the total).
    """
    frame = pd.DataFrame(records).copy()
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    for col in (*items, "total"):
        if col not in frame:
            frame[col] = np.nan
        frame[col] = pd.to_numeric(frame[col]).astype(float)
    item_sum = frame[list(items)].sum(axis=1, min_count=len(items))
    frame["score"] = item_sum.where(item_sum.notna(), frame["total"]).round(6)
    return frame


def months_since(start: pd.Series, date: pd.Series) -> pd.Series:
    """Whole calendar months from `start` to `date`: 2020-01-15 → 2020-02-14 is 0 months,
    → 2020-02-15 is 1 (a day the month lacks counts as its last day, as for dropouts)."""
    months = (date.dt.year - start.dt.year) * 12 + (date.dt.month - start.dt.month)
    # not yet a whole month when the day of month has not come round (clipped to month end)
    last_day = (date + pd.offsets.MonthEnd(0)).dt.day
    day_due = np.minimum(start.dt.day, last_day)
    months = months - (date.dt.day < day_due).astype(int)
    return months.astype("Int64")


def _in_scope(participants: pd.DataFrame, measurements: pd.DataFrame, period: Period
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The enrolments active in the period, and their measurements up to min(end, p_end)."""
    status = classify(participants, period)
    active = participants[status["active"]]
    cols = [*KEY, "sex", "birth_year", "start_date", "end_date"]
    m = measurements[[*KEY, "date", "score"]].merge(active[cols], on=KEY, how="inner")
    until = m["end_date"].where(m["end_date"].notna() & (m["end_date"] < period.end_ts),
                                period.end_ts)
    m = m[m["date"] <= until]
    return active, m.sort_values([*KEY, "date"], kind="stable")


def trajectory(participants: pd.DataFrame, ors: pd.DataFrame, period: Period | str,
               max_month: int | None = 24) -> pd.DataFrame:
    """Mean ORS score by whole months since enrolment, by sex and in total.

    Columns: month, group, n (people), mean, sd, ci_low, ci_high (95 %, t distribution; NaN
    for n < 2). Months after `max_month` are left out (too few people to say anything).
    """
    period = parse_period(period)
    active, m = _in_scope(participants, ors, period)
    m = m.assign(month=months_since(m["start_date"], m["date"]).astype(int))
    if max_month is not None:
        m = m[m["month"] <= max_month]
    per_person = m.groupby([*KEY, "sex", "month"], as_index=False)["score"].mean()
    show_unknown = has_unknown(participants, classify(participants, period))
    frames = []
    for group in ["K", "M", *([UNKNOWN] if show_unknown else []), TOTAL]:
        sub = per_person if group == TOTAL else per_person[per_person["sex"] == group]
        agg = sub.groupby("month")["score"].agg(["count", "mean", "std"]).reset_index()
        agg.insert(1, "group", group)
        frames.append(agg)
    out = pd.concat(frames, ignore_index=True).rename(columns={"count": "n", "std": "sd"})
    half = stats.t.ppf(0.975, out["n"].clip(lower=2) - 1) * out["sd"] / np.sqrt(out["n"])
    out["ci_low"] = (out["mean"] - half).where(out["n"] >= 2)
    out["ci_high"] = (out["mean"] + half).where(out["n"] >= 2)
    out["n"] = out["n"].astype("int64")
    return out[["month", "group", "n", "mean", "sd", "ci_low", "ci_high"]]


def participant_lines(participants: pd.DataFrame, ors: pd.DataFrame, period: Period | str
                      ) -> pd.DataFrame:
    """Every measurement of the enrolments active in the period, with months since start —
    one line per participant. **Internal use only**: it is person-level data."""
    period = parse_period(period)
    _, m = _in_scope(participants, ors, period)
    m = m.assign(month=months_since(m["start_date"], m["date"]).astype(int),
                 days=(m["date"] - m["start_date"]).dt.days)
    return m[[*KEY, "sex", "date", "days", "month", "score"]].reset_index(drop=True)


def _runs(measurements: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The measurements sorted by enrolment and date, and where each enrolment's run starts.

    Loaded tables are already in that order (`load.py` sorts them), so usually nothing moves;
    a frame in any other order is sorted first.
    """
    m = measurements
    if not len(m):
        return m, np.zeros(0, dtype=np.int64)
    team, pid = m["team"], m["participant_id"]
    new_run = ((team != team.shift()) | (pid != pid.shift())).fillna(True).to_numpy(bool).copy()
    new_run[0] = True
    starts = np.flatnonzero(new_run)
    keys = pd.DataFrame({"team": team.iloc[starts].reset_index(drop=True),
                         "participant_id": pid.iloc[starts].reset_index(drop=True)})
    date = m["date"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    in_order = not keys.duplicated().any() and bool((np.diff(date)[~new_run[1:]] >= 0).all())
    if not in_order:
        return _runs(m.sort_values([*KEY, "date"], kind="stable").reset_index(drop=True))
    return m, starts


def change(participants: pd.DataFrame, ors: pd.DataFrame, period: Period | str,
           reliable_change: float = 5.0, cutoff_adult: float = 25.0,
           cutoff_youth: float = 28.0) -> pd.DataFrame:
    """First and last ORS score of each enrolment active in the period, and its class.

    Columns: team, participant_id, sex, n (measurements up to the last date), first_date,
    first, last_date, last, change, age, cutoff, class (None with fewer than 2 measurements).
    Works on each enrolment's run of measurements (sorted by date), not by joining every row.
    """
    period = parse_period(period)
    active = participants[active_mask(participants, period)][[*KEY, "sex", "birth_year",
                                                              "end_date"]]
    m, starts = _runs(ors)
    lengths = np.diff(np.append(starts, len(m)))
    runs = pd.DataFrame({"team": m["team"].iloc[starts].reset_index(drop=True),
                         "participant_id": m["participant_id"].iloc[starts]
                         .reset_index(drop=True),
                         "start": starts, "length": lengths})
    runs = runs.merge(active[[*KEY, "end_date"]], on=KEY, how="inner")
    until = runs["end_date"].where(runs["end_date"].notna() & (runs["end_date"] < period.end_ts),
                                   period.end_ts).to_numpy(dtype="datetime64[ns]")
    # rows of the runs, each with its run's last allowed date
    rows = np.repeat(runs["start"].to_numpy(), runs["length"].to_numpy()) + (
        np.arange(int(runs["length"].sum())) - np.repeat(
            np.cumsum(runs["length"].to_numpy()) - runs["length"].to_numpy(),
            runs["length"].to_numpy()))
    run_of_row = np.repeat(np.arange(len(runs)), runs["length"].to_numpy())
    dates = m["date"].to_numpy(dtype="datetime64[ns]")[rows]
    ok = dates <= until[run_of_row]
    n = np.bincount(run_of_row[ok], minlength=len(runs))  # dates ascend: a prefix of the run
    scores = m["score"].to_numpy(dtype=float)
    first_row = runs["start"].to_numpy()
    last_row = first_row + np.maximum(n - 1, 0)
    per = pd.DataFrame({
        "team": runs["team"], "participant_id": runs["participant_id"], "n": n,
        "first_date": np.where(n > 0, m["date"].to_numpy(dtype="datetime64[ns]")[first_row],
                               np.datetime64("NaT")),
        "first": np.where(n > 0, scores[first_row], np.nan),
        "last_date": np.where(n > 0, m["date"].to_numpy(dtype="datetime64[ns]")[last_row],
                              np.datetime64("NaT")),
        "last": np.where(n > 0, scores[last_row], np.nan),
    })
    per = per[per["n"] > 0]
    out = active[[*KEY, "sex", "birth_year"]].merge(per, on=KEY, how="left")
    out["n"] = out["n"].fillna(0).astype(int)
    out["change"] = (out["last"] - out["first"]).round(6).where(out["n"] >= 2)
    out["age"] = (out["first_date"].dt.year - out["birth_year"].astype(float))
    youth = out["age"].between(13, 17)
    out["cutoff"] = np.where(youth, cutoff_youth, cutoff_adult)
    rc = reliable_change - 1e-9
    classed = out["n"] >= 2
    cls = pd.Series(None, index=out.index, dtype=object)
    cls[classed] = "unchanged"
    cls[classed & (out["change"] >= rc)] = "improved"
    cls[classed & (out["change"] >= rc) & (out["first"] < out["cutoff"])
        & (out["last"] >= out["cutoff"] - 1e-9)] = "recovered"
    cls[classed & (out["change"] <= -rc)] = "deteriorated"
    out["class"] = cls
    return out[[*KEY, "sex", "n", "first_date", "first", "last_date", "last", "change", "age",
                "cutoff", "class"]]


def change_table(participants: pd.DataFrame, ors: pd.DataFrame, period: Period | str,
                 reliable_change: float = 5.0, cutoff_adult: float = 25.0,
                 cutoff_youth: float = 28.0, by: str = "sex") -> pd.DataFrame:
    """The change classes by sex: counts, shares of those classed, mean change, effect size.

    Columns: participants (active in the period), with_two_or_more (classed), recovered,
    improved, unchanged, deteriorated (they add up to with_two_or_more), their `_share`s (%
    of with_two_or_more), mean_first, mean_last, mean_change, and effect_size = mean change /
    standard deviation of the first scores (a pre–post effect size, Cohen's d with the
    baseline SD; NaN with fewer than 2 classed or no spread). All teams count together.
    `by="age"`: rows by age group at start (`outcomes.outcome_table`'s rows by age; the
    cutoff still follows the age at the first measurement).
    """
    per = change(participants, ors, period, reliable_change, cutoff_adult, cutoff_youth)
    group = grouping(participants, by, per)
    return _change_summary(per.assign(team="all"), ["all"], group, by).loc["all"]


def change_table_by_team(participants: pd.DataFrame, ors: pd.DataFrame, period: Period | str,
                         reliable_change: float = 5.0, cutoff_adult: float = 25.0,
                         cutoff_youth: float = 28.0) -> pd.DataFrame:
    """`change_table` of every team at once (index: team, group)."""
    per = change(participants, ors, period, reliable_change, cutoff_adult, cutoff_youth)
    return _change_summary(per, sorted(per["team"].unique()))


def _change_summary(per: pd.DataFrame, teams: list[str], group: pd.Series | None = None,
                    by: str = "sex") -> pd.DataFrame:
    """Counts and means by (team, sex) with numpy, from the per-enrolment rows of `change`
    (by (team, age group) when `by="age"`, `group` the age group of each row)."""
    classed = per["class"].notna().to_numpy()
    cls = per["class"].to_numpy(dtype=object)
    first = per["first"].to_numpy(dtype=float)
    last = per["last"].to_numpy(dtype=float)
    columns = {
        "participants": np.ones(len(per)), "with_two_or_more": classed,
        **{c: cls == c for c in CLASSES},
        "sum_first": np.where(classed, first, 0.0), "sum_last": np.where(classed, last, 0.0),
        "sum_sq_first": np.where(classed, first * first, 0.0),
    }
    if by == "age":
        sums = sum_by_team_and_age(per["team"], group, columns, teams)
    else:
        sums = sum_by_team_and_sex(per["team"], per["sex"], columns, teams)
    counts = ["participants", "with_two_or_more", *CLASSES]
    sums[counts] = sums[counts].round().astype("int64")
    n = sums["with_two_or_more"].where(sums["with_two_or_more"] > 0)
    for c in CLASSES:
        sums[f"{c}_share"] = 100.0 * sums[c] / n
    sums["mean_first"] = sums["sum_first"] / n
    sums["mean_last"] = sums["sum_last"] / n
    sums["mean_change"] = sums["mean_last"] - sums["mean_first"]
    var = (sums["sum_sq_first"] - n * sums["mean_first"] ** 2) / (n - 1).where(n > 1)
    sd = np.sqrt(var.clip(lower=0))
    sums["effect_size"] = sums["mean_change"] / sd.where(sd > 1e-9)
    return sums.drop(columns=["sum_first", "sum_last", "sum_sq_first"])


def _calendar_months(start: pd.Series, end: pd.Series) -> pd.Series:
    """How many calendar months the interval [start, end] touches."""
    return ((end.dt.year - start.dt.year) * 12 + end.dt.month - start.dt.month + 1).astype(int)


def measurement_policy(participants: pd.DataFrame, measurements: pd.DataFrame | None,
                       period: Period | str, max_gap_days: int = 61) -> pd.DataFrame:
    """The measurement-policy follow-up per enrolment active in the period (ORS or SRS).

    Columns: team, participant_id, sex, window_start, window_end, months_enrolled (calendar
    months W touches), months_measured (of them, months with a measurement), measurements
    (inside W), longest_gap (days), compliant (longest_gap ≤ `max_gap_days`).
    """
    period = parse_period(period)
    status = classify(participants, period)
    p = participants[status["active"]][[*KEY, "sex", "start_date", "end_date"]].copy()
    p["window_start"] = p["start_date"].where(p["start_date"] > period.start_ts, period.start_ts)
    p["window_end"] = p["end_date"].where(p["end_date"].notna() & (p["end_date"] < period.end_ts),
                                          period.end_ts)
    if measurements is None:
        measurements = pd.DataFrame({"team": pd.Series(dtype=object),
                                     "participant_id": pd.Series(dtype=object),
                                     "date": pd.Series(dtype="datetime64[ns]")})
    m = measurements[[*KEY, "date"]].merge(p[[*KEY, "window_start", "window_end"]], on=KEY)
    before = m[m["date"] <= m["window_start"]].groupby(KEY)["date"].max().rename("previous")
    p = p.merge(before.reset_index(), on=KEY, how="left")
    p["previous"] = p["previous"].fillna(p["start_date"])
    inside = m[(m["date"] >= m["window_start"]) & (m["date"] <= m["window_end"])]
    refs = pd.concat([
        p[[*KEY]].assign(date=p["previous"]),
        inside[[*KEY, "date"]],
        p[[*KEY]].assign(date=p["window_end"]),
    ], ignore_index=True).sort_values([*KEY, "date"], kind="stable")
    gaps = refs.groupby(KEY)["date"].diff().dt.days
    longest = gaps.groupby([refs[k] for k in KEY]).max().rename("longest_gap")
    p = p.merge(longest.reset_index(), on=KEY, how="left")
    counts = inside.assign(ym=inside["date"].dt.year * 12 + inside["date"].dt.month) \
        .groupby(KEY).agg(measurements=("date", "size"), months_measured=("ym", "nunique"))
    p = p.merge(counts.reset_index(), on=KEY, how="left")
    p["measurements"] = p["measurements"].fillna(0).astype(int)
    p["months_measured"] = p["months_measured"].fillna(0).astype(int)
    p["months_enrolled"] = _calendar_months(p["window_start"], p["window_end"])
    p["longest_gap"] = p["longest_gap"].fillna(0).astype(int)
    p["compliant"] = p["longest_gap"] <= max_gap_days
    return p[[*KEY, "sex", "window_start", "window_end", "months_enrolled", "months_measured",
              "measurements", "longest_gap", "compliant"]]


def compliance_table(participants: pd.DataFrame, ors: pd.DataFrame | None,
                     srs: pd.DataFrame | None, period: Period | str,
                     max_gap_days: int = 61) -> pd.DataFrame:
    """Per group: participants active in the period, how many follow the ORS and the SRS
    policy, and the shares (%). A table not given (None) gives missing values, not zeros."""
    period = parse_period(period)
    status = classify(participants, period)
    show_unknown = has_unknown(participants, status)
    active = participants[status["active"]]
    values = pd.DataFrame({"participants": 1}, index=active.index)
    table = by_group(values, active["sex"], show_unknown)
    for name, frame in (("ors", ors), ("srs", srs)):
        if frame is None:
            table[f"{name}_compliant"] = pd.array([pd.NA] * len(table), dtype="Int64")
            table[f"{name}_compliant_share"] = np.nan
            continue
        pol = measurement_policy(participants, frame, period, max_gap_days)
        counts = by_group(pd.DataFrame({"c": pol["compliant"].astype(int)}), pol["sex"],
                           show_unknown)["c"]
        table[f"{name}_compliant"] = counts
        table[f"{name}_compliant_share"] = 100.0 * counts / table["participants"].where(
            table["participants"] > 0)
    return table
