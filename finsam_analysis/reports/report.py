"""Every table of one report (a team, or all teams, for one period): computed, suppressed
together, and presented.

This is the path from a `Dataset` to what a reader sees. Small counts are suppressed jointly
over all tables of the report (`disclosure.JointSuppression`): the same number shown in two
tables is hidden in both or in neither, so no table gives back what another one hides. The
CLI and the notebooks both use `report_tables`.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import pickle
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..io.dataset import Dataset
from ..measures import budget as budget_mod
from ..measures import health as health_mod
from ..measures import ors as ors_mod
from ..measures import outcomes as oc
from ..measures import staff as staff_mod
from ..periods import Period, parse_period
from ..present.labels import label, text
from ..present.policy import Policy, policy_of
from ..present.protection import (
    ASSOCIATION,
    IMPLIED_ZERO,
    Key,
    Protection,
    implied_halves,
    protect_run,
    report_cells,
)
from ..present.tables import (
    OUTCOME_REPORT_COLUMNS,
    Presented,
    mask_for,
    present,
    present_budget,
    present_cost,
    present_followups,
    present_targets,
    present_trend,
)

TREND_PERIODS = 3
"""How many earlier periods of the same kind the trend shows by default."""

# name: (kind for presentation, label domain, title key, columns shown or None for all)
LAYOUT: dict[str, tuple[str, str, str, list[str] | None]] = {
    "profile": ("profile", "outcome", "profile_title", None),
    "outcomes": ("outcomes", "outcome", "outcomes_title",
                 [*OUTCOME_REPORT_COLUMNS, "mean_years_without_work", "mean_throughput_months"]),
    "outcomes_age": ("outcomes", "outcome", "outcomes_age_title",
                     [*OUTCOME_REPORT_COLUMNS, "mean_years_without_work",
                      "mean_throughput_months"]),
    "background": ("background", "outcome", "background_title", None),
    "exit_other": ("crosstab", "exit_other", "exit_other_title", None),
    "work_support": ("crosstab", "work_support", "work_support_title", None),
    "age": ("crosstab", "age", "age_title", None),
    "referrer": ("crosstab", "referrer", "referrer_title", None),
    "change": ("change", "ors", "change_title",
               ["participants", "with_two_or_more", "recovered", "improved", "unchanged",
                "deteriorated", "recovered_share", "improved_share", "unchanged_share",
                "deteriorated_share", "mean_first", "mean_last", "mean_change",
                "effect_size"]),
    "change_age": ("change", "ors", "change_age_title",
                   ["participants", "with_two_or_more", "recovered", "improved", "unchanged",
                    "deteriorated", "recovered_share", "improved_share", "unchanged_share",
                    "deteriorated_share", "mean_first", "mean_last", "mean_change",
                    "effect_size"]),
    "compliance": ("compliance", "ors", "compliance_title", None),
    "health": ("health", "health", "health_title", None),
    "health_age": ("health", "health", "health_age_title", None),
    "health_6m": ("health", "health_6m", "health_6m_title", None),
    "staff_role": ("staff", "staff", "staff_role_title", None),
    "staff_age": ("staff", "staff", "staff_age_title", None),
    "staff_change": ("staff_change", "staff", "staff_change_title", None),
}
AGE_TABLES = {"outcomes_age": "outcomes", "change_age": "change", "health_age": "health",
              "followups_age": "followups"}
"""The tables by age group at start, each beside the table by sex it splits otherwise."""


def compute_tables(data: Dataset, period: Period | str, trend_periods: int = TREND_PERIODS,
                   external: bool = False) -> dict[str, pd.DataFrame]:
    """The numbers of every table the data allows, by name (see `LAYOUT`, plus `trend` and
    `targets`). Tables whose data is absent are left out.

    `external`: the tables an external reader sees, by sex without the people of unknown sex
    (Totalt = kvinnor och män; `unknown_sex` counts those in addition); the tables by age
    (`AGE_TABLES`) then count kvinnor and män only too, so their Totalt is the same."""
    return {**count_tables(data, period, trend_periods, external),
            **other_tables(data, period, external)}


def count_tables(data: Dataset, period: Period | str, trend_periods: int = TREND_PERIODS,
                 external: bool = False, only: Collection[str] | None = None
                 ) -> dict[str, pd.DataFrame]:
    """The tables of counts of people (`compute_tables`): the ones a run's disclosure control
    protects together (`protection.report_cells`). `only`: these tables alone (each the same
    as in the whole set)."""
    period = parse_period(period)
    if external:
        data = data.known_sex()
    s = data.config.settings
    p, dm = data.participants, s.dropout_months
    wanted = set(only) if only is not None else None
    if wanted is not None and "targets" in wanted:
        wanted |= {"health", "health_6m"}  # the improved-health targets are measured there

    def want(name: str) -> bool:
        return wanted is None or name in wanted

    makers = {
        "profile": lambda: oc.participant_profile(p, period),
        "outcomes": lambda: oc.outcome_table(p, period, dm),
        "outcomes_age": lambda: oc.outcome_table(p, period, dm, by="age"),
        "background": lambda: oc.background_variables(p, period, dm),
        "exit_other": lambda: oc.exit_other_breakdown(p, period, dm),
        "work_support": lambda: oc.work_support_breakdown(p, period, dm),
        "age": lambda: oc.age_groups(p, period),
        "referrer": lambda: oc.referrers(p, period),
        "trend": lambda: oc.outcome_trend(p, period, trend_periods, dm),
    }
    out = {name: make() for name, make in makers.items() if want(name)}
    if data.config.targets and want("targets"):
        out["targets"] = oc.target_table(p, period, data.config.targets, data.followups, dm)
    if data.followups is not None:
        for name, by in (("followups", "sex"), ("followups_age", "age")):
            if want(name):
                out[name] = oc.followup_table(p, data.followups, period, dm, by=by)
    if data.ors is not None:
        for name, by in (("change", "sex"), ("change_age", "age")):
            if want(name):
                out[name] = ors_mod.change_table(p, data.ors, period, s.ors_reliable_change,
                                                 s.ors_cutoff_adult, s.ors_cutoff_youth, by=by)
    if (data.ors is not None or data.srs is not None) and want("compliance"):
        out["compliance"] = ors_mod.compliance_table(p, data.ors, data.srs, period,
                                                     s.measurement_max_gap_days)
    if data.health is not None:
        target = data.config.targets.get("improved_health", {}).get("at_exit", s.health_target)
        if want("health"):
            out["health"] = health_mod.health_table(p, data.health, period, dm, target)
        if want("health_age"):
            out["health_age"] = health_mod.health_table(p, data.health, period, dm, target,
                                                        by="age")
        if want("health_6m") and (data.health["occasion"] == "followup_6m").any():
            target_6m = data.config.targets.get("improved_health", {}).get(
                "after_6_months", float("nan"))
            out["health_6m"] = health_mod.health_table(p, data.health, period, dm, target_6m,
                                                       occasion="followup_6m")
        if "targets" in out:
            out["targets"] = _with_health(out["targets"], out["health"], out.get("health_6m"))
    return out if only is None else {k: v for k, v in out.items() if k in only}


def other_tables(data: Dataset, period: Period | str, external: bool = False,
                 only: Collection[str] | None = None) -> dict[str, pd.DataFrame]:
    """The tables that are not counts of people (`compute_tables`): health means, staff (a
    rule of their own), budget and cost. `only`: these tables alone."""
    period = parse_period(period)
    if external:
        data = data.known_sex()
    s = data.config.settings
    p, dm = data.participants, s.dropout_months

    def want(name: str) -> bool:
        return only is None or name in only

    out = {}
    if data.health is not None and want("health_questions"):
        out["health_questions"] = health_mod.question_means(p, data.health, period, dm)
    if data.staff is not None and not data.staff.empty:
        if want("staff_role"):
            out["staff_role"] = staff_mod.composition(data.staff, period.end, "role")
        if want("staff_age"):
            out["staff_age"] = staff_mod.composition(data.staff, period.end, "age")
        if want("staff_change"):
            out["staff_change"] = staff_mod.staff_change(data.staff, period)
    if data.budget is not None and not data.budget.empty and (want("budget") or want("cost")):
        # the cost table is presented beside the budget (its rows say how many there are)
        out["budget"] = budget_mod.budget_rows(data.budget, period, s.budget_deviation_flag)
        out["cost"] = budget_mod.cost_per(p, data.budget, period, dm)
    return out


def _with_health(targets: pd.DataFrame, health: pd.DataFrame,
                 health_6m: pd.DataFrame | None = None) -> pd.DataFrame:
    """The improved-health targets measured: count = improved, with_followup = those with
    both forms (at exit: the exit table; after 6 months: the six-month table)."""
    t = targets.copy()
    tables = {"at_exit": health, "after_6_months": health_6m}
    rows = t["measure"] == "improved_health"
    for i in t.index[rows]:
        g, table = t.at[i, "group"], tables.get(t.at[i, "timepoint"])
        if table is not None and g in table.index:
            t.at[i, "with_followup"] = int(table.at[g, "with_both"])
            t.at[i, "count"] = int(table.at[g, "improved"])
            t.at[i, "share"] = table.at[g, "improved_share"]
    return t


def unknown_sex(data: Dataset, period: Period | str) -> int:
    """How many enrolments active in the period have no recorded sex (okänt kön)."""
    p = data.participants
    return int((oc.active_mask(p, period) & ~p["sex"].isin(["K", "M"]).to_numpy()).sum())


@dataclass
class Run:
    """The reports of one run, computed for an external reader, and the run's protection:
    which of their count cells are hidden (`protection.Protection`)."""

    protection: Protection
    tables: dict[tuple[str, str], dict[str, pd.DataFrame]]
    unknown: dict[tuple[str, str], int]
    trend_periods: int = TREND_PERIODS

    def has(self, scope: str, period: str) -> bool:
        return (scope, period) in self.tables


def save_run(run: Run, path: Path) -> Path:
    """Write a run's protection for the report notebooks of the run to read: the whole run
    (for the overview), and beside it each team's part alone (`run_part`), so that a team
    report reads its own part rather than every report of a national run."""
    parts = path.with_name(path.name + ".parts")
    parts.mkdir(exist_ok=True)
    for scope in {scope for scope, _ in run.tables}:
        if scope != ASSOCIATION:
            _dump(run_part(run, scope), _part_path(path, scope))
    return _dump(run, path)


def _dump(run: Run, path: Path) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(run, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return path


def _part_path(path: Path, scope: str) -> Path:
    digest = hashlib.sha1(scope.encode()).hexdigest()[:20]
    return path.with_name(path.name + ".parts") / f"{digest}.pkl"


def run_part(run: Run, scope: str) -> Run:
    """The part of a run one team's report reads: its own tables, cells and hidden cells."""
    prot = run.protection

    def mine(keys):
        return {k for k in keys if k[0] == scope}

    part = Protection(hidden=mine(prot.hidden),
                      values={k: v for k, v in prot.values.items() if k[0] == scope},
                      primary=mine(prot.primary),
                      places={r: p for r, p in prot.places.items() if r[0] == scope},
                      audit=None, known=mine(prot.known))
    return Run(part, {r: t for r, t in run.tables.items() if r[0] == scope},
               {r: n for r, n in run.unknown.items() if r[0] == scope}, run.trend_periods)


def load_run(path: str | Path, scope: str | None = None) -> Run:
    """A run's protection as `save_run` wrote it (a file the batch itself made); with
    `scope`, only that team's part when it was written apart."""
    path = Path(path)
    if scope is not None and scope != ASSOCIATION and _part_path(path, scope).exists():
        path = _part_path(path, scope)
    with open(path, "rb") as f:
        run = pickle.load(f)  # noqa: S301 - written by this package for this run
    if not isinstance(run, Run):
        raise TypeError(f"{path} holds no run protection")
    return run


def ledger_rows(run: Run) -> pd.DataFrame:
    """What a run publishes, one row per count cell: the report it belongs to
    (`<period>/<team>`, `*` for the association), table, row, column, the value shown or `..`,
    and the quantity it is (scope, period, quantity, group), which `finsam audit` reads."""
    prot = run.protection
    rows = []
    for (scope, period), places in sorted(prot.places.items()):
        for (table, row, column), key in places.items():
            rows.append({"report": f"{period}/{scope}", "table": table, "row": str(row),
                         "column": str(column),
                         "value": ".." if key in prot.hidden else str(int(prot.values[key])),
                         "scope": key[0], "period": key[1], "quantity": key[2],
                         "group": key[3]})
    columns = ["report", "table", "row", "column", "value", "scope", "period", "quantity",
               "group"]
    return pd.DataFrame(rows, columns=columns).sort_values(columns[:4], kind="stable")


def known_from_ledger(ledger: pd.DataFrame) -> dict[Key, float]:
    """The figures an earlier run showed: a later run treats them as known to the reader."""
    shown = ledger[ledger["value"] != ".."]
    return {(r.scope, r.period, r.quantity, r.group): float(r.value)
            for r in shown.itertuples(index=False)}


def _scoped(data: Dataset, scope: str) -> Dataset:
    return data if scope == ASSOCIATION else data.for_team(scope)


def with_previous(reports: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The reports of a run and, for each, the same report for the period before: the
    Måluppfyllelse block shows the previous period's shares, so they are published, and
    protected, in the same run."""
    out = [(scope, parse_period(p).name) for scope, p in reports]
    for scope, p in list(out):
        earlier = (scope, parse_period(p).previous().name)
        if earlier not in out:
            out.append(earlier)
    return out


HEADLINE_TABLES = frozenset({"outcomes", "targets", "change", "health", "compliance"})
"""The tables a report compares with its previous period (`reports.headlines`: the goals and
the deviations): `previous_tables` computes only these."""


def previous_tables(data: Dataset, period: Period | str, audience: Policy | str = "external",
                    language: str = "sv", trend_periods: int = TREND_PERIODS,
                    run: Run | None = None) -> ReportTables | None:
    """The report for the period before `period`, protected in the same run; None for an
    external reader when the run did not protect it (its figures are then not shown)."""
    earlier = parse_period(period).previous()
    if policy_of(audience, data.config.settings).external and (
            run is None or not run.has(data.scope, earlier.name)):
        return None
    return report_tables(data, earlier, audience, language, trend_periods, run,
                         only=HEADLINE_TABLES)


_TASK: Callable | None = None
"""What `forked` computes for each item (inherited when the processes fork)."""
PARALLEL_FROM = 24
"""A run of this many reports computes their tables in one process per core."""


def _call(item):
    return _TASK(item)


def forked(task: Callable, items: list, processes: int | None = None,
           progress: Callable | None = None, step: str = "tables"):
    """`task(item)` of each item, in the order of `items`: in `processes` processes forked
    from this one (default: one per core from `PARALLEL_FROM` items), which share its memory
    (the data set is neither copied nor pickled; only the results travel back). `task` may
    be any function, a closure too. `progress(step, done, total)` after each item."""
    global _TASK
    if processes is None:
        processes = (os.cpu_count() or 1) if len(items) >= PARALLEL_FROM else 1
    processes = max(1, min(processes, len(items)))
    if processes == 1 or "fork" not in mp.get_all_start_methods():
        for i, item in enumerate(items):
            yield task(item)
            if progress:
                progress(step, i + 1, len(items))
        return
    _TASK = task
    try:
        with mp.get_context("fork").Pool(processes) as pool:
            chunk = max(1, min(8, len(items) // (4 * processes)))
            for i, result in enumerate(pool.imap(_call, items, chunksize=chunk)):
                yield result
                if progress:
                    progress(step, i + 1, len(items))
    finally:
        _TASK = None


def _one_report(data: Dataset, scope: str, period: str, trend_periods: int):
    d = _scoped(data, scope)
    t = count_tables(d, period, trend_periods, external=True)
    n = unknown_sex(d, period)
    return t, n, report_cells(scope, period, t, n)


def _report_counts(data: Dataset, jobs: list[tuple[str, str]], trend_periods: int,
                   progress: Callable | None, processes: int | None):
    """Each report's count tables, its people of unknown sex and its cells, in the order of
    `jobs`; computed in `processes` forked processes that share the data set."""
    return forked(lambda job: _one_report(data, *job, trend_periods), jobs, processes,
                  progress)


def protect_reports(data: Dataset, reports: list[tuple[str, str]],
                    trend_periods: int = TREND_PERIODS,
                    known: dict[Key, float] | None = None,
                    progress: Callable | None = None, processes: int | None = None,
                    policy: Policy | None = None) -> Run:
    """Compute every report of a run for an external reader and choose, over all of them at
    once, the cells to hide (SPEC.md, "Privacy in reports").

    `reports`: (scope, period) pairs, scope a team id or `*` for the association (the
    overview). `known`: figures published earlier (a ledger): they count as known to the
    reader, and the reports they came from take part in the relations. `processes`: how many
    processes compute the reports' tables (default: one per core for a run of many reports).
    `policy`: the threshold and the sensitive counts (default: the external policy of the
    data set's settings). Raises `protection.DisclosureFailed` when the audit of the choice
    fails."""
    policy = policy or Policy.from_settings("external", data.config.settings)
    tables, unknown, cells = {}, {}, []
    wanted = [(scope, parse_period(p).name) for scope, p in reports]
    earlier = sorted({(k[0], k[1]) for k in (known or {}) if k[0] != "*" + "~rest"}
                     - set(wanted))
    jobs = wanted + earlier
    for (scope, period), (t, n, these) in zip(jobs, _report_counts(data, jobs, trend_periods,
                                                                   progress, processes),
                                              strict=True):
        if (scope, period) in wanted:
            tables[(scope, period)], unknown[(scope, period)] = t, n
        else:
            for c in these:
                c.places.clear()
        cells += these
    # a half-year the reader can work out (a year and its other half are published) is
    # protected as well, unpublished: its own cells, not its trend
    implied = implied_halves(cells)
    for _t, _n, these in _report_counts(data, implied, trend_periods, None, processes):
        these[0].places.clear()
        cells.append(these[0])
    known = {**(known or {}), **_implied_zeros(cells)}
    prot = protect_run(cells, policy.threshold, policy.all_counts, known,
                       progress, run_periods={p for _, p in wanted}, members=data.teams)
    return Run(prot, tables, unknown, trend_periods)


def _implied(place: tuple[str, object, object]) -> bool:
    row = place[1]
    return isinstance(row, tuple) and len(row) > 0 and row[0] == IMPLIED_ZERO


def _implied_zeros(cells: list) -> dict[Key, float]:
    """The cells of the age rows a table by age leaves out (nobody of that age, so a reader
    knows they are 0): known to the reader, never hidden. Only those of an age group some
    report of the run shows are kept (they close the sums over periods and teams); the
    others are dropped from the run."""
    shown = {(k[2], k[3]) for c in cells for place, k in c.places.items()
             if not _implied(place)}
    out = {}
    for c in cells:
        for place, k in list(c.places.items()):
            if not _implied(place):
                continue
            if (k[2], k[3]) in shown:
                out[k] = 0.0
            else:
                del c.places[place]
                c.values.pop(k, None)
    return out


def _count_masks(run: Run, scope: str, period: str) -> dict[str, pd.DataFrame]:
    """A boolean frame per table: which count cells of one report the run hides."""
    hidden = run.protection.hidden_places(scope, period)
    out = {}
    for name, table in run.tables[(scope, period)].items():
        mask = pd.DataFrame(False, index=table.index, columns=table.columns)
        if name == "trend":
            continue
        for (t, row, col) in hidden:
            if t == name and row in mask.index and col in mask.columns:
                mask.at[row, col] = True
        out[name] = mask
    trend = run.tables[(scope, period)].get("trend")
    if trend is not None:
        periods = list(dict.fromkeys(trend["period"]))
        columns = [f"{p}:{q}" for p in periods for q in ("positive", "completed")]
        mask = pd.DataFrame(False, index=list(dict.fromkeys(trend["group"])), columns=columns)
        for p in periods:
            for (t, row, col) in run.protection.hidden_places(scope, p):
                if t == "trend" and row in mask.index and col in mask.columns:
                    mask.at[row, col] = True
        out["trend"] = mask
    return out


@dataclass
class ReportTables:
    """The tables of one report: numbers, masks (external audience) and what is shown."""

    period: Period
    policy: Policy
    tables: dict[str, pd.DataFrame]
    masks: dict[str, pd.DataFrame] = field(default_factory=dict)
    presented: dict[str, Presented] = field(default_factory=dict)
    unknown: int = 0


def report_tables(data: Dataset, period: Period | str, audience: Policy | str = "external",
                  language: str = "sv", trend_periods: int = TREND_PERIODS,
                  run: Run | None = None, only: frozenset[str] | None = None) -> ReportTables:
    """Compute and present every table of one report (a team's, or the association's when
    `data` is not restricted to a team).

    External: the tables by sex without the people of unknown sex, with the cells hidden
    that `run` (the protection of the whole run this report belongs to) hides; without a
    run, the report is protected as a run of its own. `only`: these tables alone (the same
    numbers and hidden cells as in the whole report), e.g. `HEADLINE_TABLES`."""
    period = parse_period(period)
    s = data.config.settings
    policy = policy_of(audience, s)
    scope = data.scope
    external = policy.external
    counts: dict[str, pd.DataFrame] = {}
    unknown = 0
    if external:
        if run is None or not run.has(scope, period.name):
            run = protect_reports(data, [(scope, period.name)], trend_periods, policy=policy)
        tables = {**run.tables[(scope, period.name)],
                  **other_tables(data, period, external=True, only=only)}
        unknown = run.unknown[(scope, period.name)]
        counts = _count_masks(run, scope, period.name)
    else:
        tables = {**count_tables(data, period, trend_periods, only=only),
                  **other_tables(data, period, only=only)}
    if only is not None:
        tables = {name: table for name, table in tables.items() if name in only}
    masks: dict[str, pd.DataFrame] = {}
    presented: dict[str, Presented] = {}
    for name, (kind, domain, title, columns) in LAYOUT.items():
        if name not in tables:
            continue
        table = tables[name]
        if external:  # staff are few and known by name: their tables keep a rule of their own
            masks[name] = mask_for(kind, table, policy,
                                   None if name.startswith("staff") else counts.get(name))
        presented[name] = present(table, kind, policy, s, language, text(title, language),
                                  domain, columns, mask=masks.get(name))
    for name in ("change", "change_age"):
        if name in presented:
            presented[name].legend = text(
                "change_note", language, rc=s.ors_reliable_change, adult=s.ors_cutoff_adult,
                youth=s.ors_cutoff_youth) + "\n" + presented[name].legend
    if "compliance" in presented:
        presented["compliance"].legend = text(
            "compliance_note", language, max_gap=s.measurement_max_gap_days) + "\n" + \
            presented["compliance"].legend
    if external and "outcomes" in presented:
        hidden_unknown = ("unknown_sex", "unknown", "active") in \
            run.protection.hidden_places(scope, period.name)
        note = text("unknown_sex_note", language,
                    n=".." if hidden_unknown else unknown) if unknown else ""
        presented["outcomes"].legend = "\n".join(
            x for x in (text("totals_note", language), note, presented["outcomes"].legend) if x)
    if "trend" in tables:
        presented["trend"] = present_trend(tables["trend"], policy, s, language,
                                           title=text("trend_title", language),
                                           hidden=counts.get("trend"))
    if "targets" in tables:
        presented["targets"] = present_targets(tables["targets"], policy, s, language,
                                               title=text("targets_title", language),
                                               counts=counts.get("targets"))
        if external:
            masks["targets"] = counts["targets"]
    for name in ("followups", "followups_age"):
        if name in tables:
            presented[name] = present_followups(tables[name], policy, s, language,
                                                title=text(f"{name}_title", language),
                                                counts=counts.get(name))
            if external:
                masks[name] = presented[name].masked
    for name in AGE_TABLES:  # rows by age: say so, and how age is counted
        if name in presented:
            shown = presented[name]
            shown.frame.index.name = label("followups", "row_age", language) \
                if name == "followups_age" else text("age_column", language)
            notes = [text("age_note", language)]
            if external:
                notes.append(text("totals_note", language))
            shown.legend = "\n".join([*notes, shown.legend])
            shown.screen_only = True  # the printed report keeps its pages (HTML, Excel)
    if external:
        masks["trend"] = counts.get("trend")
    if "budget" in tables:
        presented["budget"] = present_budget(tables["budget"], language,
                                             text("budget_title", language))
        presented["cost"] = present_cost(tables["cost"], masks.get("outcomes"), language,
                                         text("cost_title", language), len(tables["budget"]))
    for name, shown in presented.items():
        shown.sheet = label("sheet", name, language)
    return ReportTables(period, policy, tables, masks, presented, unknown)
