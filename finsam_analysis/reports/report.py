"""Every table of one report (a team, or all teams, for one period): computed, suppressed
together, and presented.

This is the path from a `Dataset` to what a reader sees. Small counts are suppressed jointly
over all tables of the report (`disclosure.JointSuppression`): the same number shown in two
tables is hidden in both or in neither, so no table gives back what another one hides. The
CLI and the notebooks both use `report_tables`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..io.dataset import Dataset
from ..measures import budget as budget_mod
from ..measures import health as health_mod
from ..measures import ors as ors_mod
from ..measures import outcomes as oc
from ..measures import staff as staff_mod
from ..periods import Period, parse_period
from ..present import disclosure
from ..present.labels import text
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
from ..schema import EXIT_REASONS

TREND_PERIODS = 3
"""How many earlier periods of the same kind the trend shows by default."""

# name: (kind for presentation, label domain, title key, columns shown or None for all)
LAYOUT: dict[str, tuple[str, str, str, list[str] | None]] = {
    "profile": ("profile", "outcome", "profile_title", None),
    "outcomes": ("outcomes", "outcome", "outcomes_title",
                 [*OUTCOME_REPORT_COLUMNS, "mean_years_without_work", "mean_throughput_months"]),
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
    "compliance": ("compliance", "ors", "compliance_title", None),
    "health": ("health", "health", "health_title", None),
    "health_6m": ("health", "health_6m", "health_6m_title", None),
    "staff_role": ("staff", "staff", "staff_role_title", None),
    "staff_age": ("staff", "staff", "staff_age_title", None),
    "staff_change": ("staff_change", "staff", "staff_change_title", None),
}


def compute_tables(data: Dataset, period: Period | str,
                   trend_periods: int = TREND_PERIODS) -> dict[str, pd.DataFrame]:
    """The numbers of every table the data allows, by name (see `LAYOUT`, plus `trend` and
    `targets`). Tables whose data is absent are left out."""
    period = parse_period(period)
    s = data.config.settings
    p, dm = data.participants, s.dropout_months
    out = {
        "profile": oc.participant_profile(p, period),
        "outcomes": oc.outcome_table(p, period, dm),
        "background": oc.background_variables(p, period, dm),
        "exit_other": oc.exit_other_breakdown(p, period, dm),
        "work_support": oc.work_support_breakdown(p, period, dm),
        "age": oc.age_groups(p, period),
        "referrer": oc.referrers(p, period),
        "trend": oc.outcome_trend(p, period, trend_periods, dm),
    }
    if data.config.targets:
        out["targets"] = oc.target_table(p, period, data.config.targets, data.followups, dm)
    if data.followups is not None:
        out["followups"] = oc.followup_table(p, data.followups, period, dm)
    if data.ors is not None:
        out["change"] = ors_mod.change_table(p, data.ors, period, s.ors_reliable_change,
                                             s.ors_cutoff_adult, s.ors_cutoff_youth)
    if data.ors is not None or data.srs is not None:
        out["compliance"] = ors_mod.compliance_table(p, data.ors, data.srs, period,
                                                     s.measurement_max_gap_days)
    if data.health is not None:
        target = data.config.targets.get("improved_health", {}).get("at_exit", s.health_target)
        out["health"] = health_mod.health_table(p, data.health, period, dm, target)
        out["health_questions"] = health_mod.question_means(p, data.health, period, dm)
        if (data.health["occasion"] == "followup_6m").any():
            target_6m = data.config.targets.get("improved_health", {}).get(
                "after_6_months", float("nan"))
            out["health_6m"] = health_mod.health_table(p, data.health, period, dm, target_6m,
                                                       occasion="followup_6m")
        if "targets" in out:
            out["targets"] = _with_health(out["targets"], out["health"], out.get("health_6m"))
    if data.staff is not None and not data.staff.empty:
        out["staff_role"] = staff_mod.composition(data.staff, period.end, "role")
        out["staff_age"] = staff_mod.composition(data.staff, period.end, "age")
        out["staff_change"] = staff_mod.staff_change(data.staff, period)
    if data.budget is not None and not data.budget.empty:
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


BACKGROUND_COUNTS = ["positive", "n_years_known", "n_at_sus_cap"]


def joint_count_masks(tables: dict[str, pd.DataFrame], threshold: int = 3
                      ) -> dict[str, pd.DataFrame]:
    """The masks of every count cell of a report, found together (see module doc).

    Links: the outcome table's `active` = the total column of the age and referrer tables =
    `participants` of the ORS tables; `work` and `other` = the totals of their breakdowns and
    the at-exit counts of the targets; `positive` = the background table's; the targets' base
    (exits − dropouts) is one number in every target and adds up with the outcome columns.
    """
    j = disclosure.JointSuppression(threshold)
    o = tables["outcomes"]
    j.add("outcomes", o[list(disclosure.OUTCOME_COUNTS)], disclosure.outcome_constraints(o))
    groups = list(o.index)

    def link_all(name: str, column: str, target: str) -> None:
        for g in groups:
            j.link((name, g, column), ("outcomes", g, target))

    if "profile" in tables:
        t = tables["profile"]
        cols = ["active", "started", "n_years_known"]
        j.add("profile", t[cols], disclosure.by_sex_constraints(t, cols))
        link_all("profile", "active", "active")
    if "background" in tables:
        b = tables["background"]
        j.add("background", b[BACKGROUND_COUNTS],
              disclosure.by_sex_constraints(b, BACKGROUND_COUNTS))
        link_all("background", "positive", "positive")
    for name, column in (("exit_other", "other"), ("work_support", "work"), ("age", "active"),
                         ("referrer", "active")):
        if name in tables:
            t = tables[name]
            j.add(name, t, disclosure.crosstab_constraints(t))
            link_all(name, "total", column)
    if "change" in tables:
        c = tables["change"]
        j.add("change", c[list(disclosure.CHANGE_COUNTS)], disclosure.change_constraints(c))
        link_all("change", "participants", "active")
    if "compliance" in tables:
        c = tables["compliance"]
        cols = disclosure.compliance_counts(c)
        j.add("compliance", c[cols].astype(float), disclosure.by_sex_constraints(c, cols))
        link_all("compliance", "participants", "active")
    if "health" in tables:
        h = tables["health"]
        cols = ["exits", "with_both", "improved"]
        j.add("health", h[cols], disclosure.by_sex_constraints(h, cols))
        for g in groups:
            j.constrain([("outcomes", g, "dropouts"), ("health", g, "exits"),
                         ("outcomes", g, "exits")])
            j.constrain([*(("outcomes", g, r) for r in EXIT_REASONS), ("health", g, "exits")])
    for name in ("staff_role", "staff_age"):
        if name in tables:
            t = tables[name].drop(columns="fte")
            j.add(name, t, disclosure.crosstab_constraints(t))
    if "staff_change" in tables:
        t = tables["staff_change"]
        cols = ["people_start", "people_end"]
        j.add("staff_change", t[cols], disclosure.by_sex_constraints(t, cols))
        for name in ("staff_role", "staff_age"):
            for g in t.index:
                j.link(("staff_change", g, "people_end"), (name, g, "total"))
    _add_followups(j, tables)
    blocks = _target_blocks(tables.get("targets"))
    lead: dict[str, str] = {}  # the first block of each time point: its cohort's cells
    lead_fu: dict[str, str] = {}  # … and its first non-health block: those followed up
    for name, block in blocks.items():
        measure, timepoint = name.split("/")[1:]
        cols = ["base"] + [c for c in ("with_followup", "count") if block[c].notna().all()
                           and not (c == "with_followup" and timepoint == "at_exit"
                                    and measure != "improved_health")]
        j.add(name, block[cols].astype(float), disclosure.by_sex_constraints(block, cols))
        first = lead.setdefault(timepoint, name)
        if measure != "improved_health":
            first_fu = lead_fu.setdefault(timepoint, name)
        month = {"after_6_months": 6, "after_2_years": 24}.get(timepoint)
        for g in block.index:
            j.link((name, g, "base"), (first, g, "base"))
            if timepoint == "at_exit":
                if "health" in tables:
                    j.link((name, g, "base"), ("health", g, "exits"))
                if measure == "improved_health" and "health" in tables:
                    j.link((name, g, "count"), ("health", g, "improved"))
                    j.link((name, g, "with_followup"), ("health", g, "with_both"))
                if measure in EXIT_REASONS:
                    j.link((name, g, "count"), ("outcomes", g, measure))
                continue
            fu = f"followups/{month}"
            j.link((name, g, "base"), (fu, g, "cohort"))
            if month == 6:
                j.link((name, g, "base"), ("health_6m", g, "cohort"))
            if measure == "improved_health":
                if month == 6:
                    j.link((name, g, "count"), ("health_6m", g, "improved"))
                    j.link((name, g, "with_followup"), ("health_6m", g, "with_both"))
                continue
            j.link((name, g, "with_followup"), (first_fu, g, "with_followup"))
            j.link((name, g, "with_followup"), (fu, g, "followed_up"))
            j.link((name, g, "count"), (fu, g, measure))
        if name == lead.get("at_exit"):
            for g in groups:
                j.constrain([("outcomes", g, "dropouts"), (name, g, "base"),
                             ("outcomes", g, "exits")])
                j.constrain([*(("outcomes", g, r) for r in EXIT_REASONS), (name, g, "base")])
    masks = j.solve()
    if blocks:
        long = pd.DataFrame(False, index=tables["targets"].index,
                            columns=["base", "with_followup", "count"])
        for name, block in blocks.items():
            for g in block.index:
                row = block.at[g, "_row"]
                for col in masks[name].columns:
                    long.at[row, col] = masks[name].at[g, col]
            if "with_followup" not in masks[name].columns:  # at exit: it is the base
                for g in block.index:
                    long.at[block.at[g, "_row"], "with_followup"] = masks[name].at[g, "base"]
        masks["targets"] = long
    if "followups" in tables:
        f = tables["followups"]
        long = pd.DataFrame(False, index=f.index, columns=list(FOLLOWUP_COUNTS))
        for i in f.index:
            name = f"followups/{f.at[i, 'months_after_exit']}"
            for col in FOLLOWUP_COUNTS:
                long.at[i, col] = masks[name].at[f.at[i, "group"], col]
        masks["followups"] = long
    return masks


FOLLOWUP_COUNTS = ("cohort", "followed_up", *EXIT_REASONS)
"""The count cells of the follow-up table (the statuses add up to followed_up)."""


def _add_followups(j: disclosure.JointSuppression, tables: dict[str, pd.DataFrame]) -> None:
    """Register the follow-up table (one block per time point, `followups/<months>`) and the
    six-month health table; their cohorts at 6 months are the same people."""
    if "followups" in tables:
        f = tables["followups"]
        cols = list(FOLLOWUP_COUNTS)
        for months, block in f.groupby("months_after_exit", sort=True):
            b = block.set_index("group")[cols]
            sets = disclosure.by_sex_constraints(b, cols) + disclosure.row_sum_constraints(
                b, list(EXIT_REASONS), "followed_up")
            j.add(f"followups/{months}", b, sets)
    if "health_6m" in tables:
        h = tables["health_6m"]
        cols = ["cohort", "with_both", "improved"]
        j.add("health_6m", h[cols], disclosure.by_sex_constraints(h, cols))
        for g in h.index:
            j.link(("health_6m", g, "cohort"), ("followups/6", g, "cohort"))


def _target_blocks(targets: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    if targets is None or targets.empty:
        return {}
    out = {}
    for (measure, timepoint), block in targets.groupby(["measure", "timepoint"], sort=False):
        b = block.assign(_row=block.index).set_index("group")
        out[f"targets/{measure}/{timepoint}"] = b[["base", "with_followup", "count", "_row"]]
    return out


@dataclass
class ReportTables:
    """The tables of one report: numbers, masks (external audience) and what is shown."""

    period: Period
    audience: str
    tables: dict[str, pd.DataFrame]
    masks: dict[str, pd.DataFrame] = field(default_factory=dict)
    presented: dict[str, Presented] = field(default_factory=dict)


def report_tables(data: Dataset, period: Period | str, audience: str = "external",
                  language: str = "sv", trend_periods: int = TREND_PERIODS) -> ReportTables:
    """Compute, suppress (jointly, for `audience="external"`) and present every table."""
    period = parse_period(period)
    s = data.config.settings
    tables = compute_tables(data, period, trend_periods)
    counts = joint_count_masks(tables, s.suppression_threshold) if audience == "external" \
        else {}
    masks: dict[str, pd.DataFrame] = {}
    presented: dict[str, Presented] = {}
    for name, (kind, domain, title, columns) in LAYOUT.items():
        if name not in tables:
            continue
        table = tables[name]
        if audience == "external":
            masks[name] = mask_for(kind, table, s, counts.get(name))
        presented[name] = present(table, kind, audience, s, language, text(title, language),
                                  domain, columns, mask=masks.get(name))
    if "change" in presented:
        presented["change"].legend = text(
            "change_note", language, rc=s.ors_reliable_change, adult=s.ors_cutoff_adult,
            youth=s.ors_cutoff_youth) + "\n" + presented["change"].legend
    if "compliance" in presented:
        presented["compliance"].legend = text(
            "compliance_note", language, max_gap=s.measurement_max_gap_days) + "\n" + \
            presented["compliance"].legend
    current = masks.get("outcomes")
    presented["trend"] = present_trend(tables["trend"], audience, s, language,
                                       title=text("trend_title", language),
                                       current=(period.name, current))
    if "targets" in tables:
        presented["targets"] = present_targets(tables["targets"], audience, s, language,
                                               title=text("targets_title", language),
                                               counts=counts.get("targets"))
        if audience == "external":
            masks["targets"] = counts.get("targets")
    if "followups" in tables:
        presented["followups"] = present_followups(tables["followups"], audience, s, language,
                                                   title=text("followups_title", language),
                                                   counts=counts.get("followups"))
        if audience == "external":
            masks["followups"] = presented["followups"].masked
    if "budget" in tables:
        presented["budget"] = present_budget(tables["budget"], language,
                                             text("budget_title", language))
        presented["cost"] = present_cost(tables["cost"], masks.get("outcomes"), language,
                                         text("cost_title", language), len(tables["budget"]))
    return ReportTables(period, audience, tables, masks, presented)
