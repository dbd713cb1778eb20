"""The presentation layer: Swedish labels, number formats and suppression, for every table.

Compute functions return numbers; this module turns them into what a reader sees, following
Statistics Sweden's conventions: decimal comma (40,0 %), a space before %, a non-breaking
space between thousands (1 234), `..` for a figure that is not available or is suppressed,
`0` for zero. Rounding is half away from zero on the exact decimal value (40,05 → 40,1),
as in official statistics, not Python's round-half-to-even.

`present(...)` is the one path every report table takes: it applies the suppression of
`disclosure.py` for an external audience and returns a `Presented` table with its legend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..io.config import Settings
from ..schema import OUTCOME_COUNTS
from . import disclosure
from .labels import label, text
from .policy import Policy, policy_of

MISSING = ".."
"""A figure not available, or hidden to protect individuals (Statistics Sweden's `..`)."""
NOT_APPLICABLE = "."
"""A figure that cannot occur: a share or mean with nobody to divide by (SCB's `.`)."""
NBSP = "\u00a0"


def round_half_up(value: float, decimals: int = 1) -> Decimal:
    """Round as official statistics do: half away from zero, on the value as written.

    Float noise is removed first (5.65 computed as 5.6499999… still rounds to 5.7).
    """
    exact = Decimal(repr(round(float(value), 9)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def format_count(value: object, language: str = "sv") -> str:
    """`1234` → `1 234` (non-breaking space); missing → `..`."""
    if _is_missing(value):
        return MISSING
    n = int(value)
    sep = NBSP if language == "sv" else ","
    return f"{n:,}".replace(",", sep)


def format_decimal(value: object, decimals: int = 1, unit: str = "", language: str = "sv") -> str:
    """`5.64` → `5,6` (with ` år` when `unit`); missing → `.` (a mean with nobody to divide
    by cannot occur; a figure not available is `..`, which the caller decides)."""
    if _is_missing(value):
        return NOT_APPLICABLE
    rounded = round_half_up(float(value), decimals)
    if rounded == 0:
        rounded = abs(rounded)
    whole, _, frac = f"{rounded:f}".partition(".")
    sign = "−" if whole.startswith("-") else ""
    whole = format_count(int(whole.lstrip("-")), language)
    mark = "," if language == "sv" else "."
    out = f"{sign}{whole}{mark}{frac}" if frac else f"{sign}{whole}"
    return f"{out} {unit}" if unit else out


def format_percent(value: object, decimals: int = 1, language: str = "sv") -> str:
    """`40` → `40,0 %`; missing (a denominator of 0: the share cannot occur) → `.`."""
    if _is_missing(value):
        return NOT_APPLICABLE
    return format_decimal(value, decimals, language=language) + " %"


def csv_number(value: object, decimals: int | None = None) -> str:
    """A number for machine-readable CSV: point decimal, no separators, empty when missing."""
    if _is_missing(value):
        return ""
    if decimals is None:
        return str(int(value))
    return f"{round_half_up(float(value), decimals):f}"


# --- presenting tables -------------------------------------------------------------------


@dataclass
class Presented:
    """A table as a reader sees it: text cells with labels, and the note under it."""

    frame: pd.DataFrame
    title: str = ""
    legend: str = ""
    masked: pd.DataFrame | None = None  # which cells were suppressed (external reports)
    css: str = ""  # extra CSS class of the HTML table (`survey`, `narrow`)
    sheet: str = ""  # a short name for the table's sheet in Excel (labels' `sheet` domain)
    numbers: pd.DataFrame | None = None  # what a chart draws: the shown numbers, hidden = NaN
    screen_only: bool = False  # left out of the printed report (HTML and Excel keep it)

    def to_text(self) -> str:
        body = self.frame.to_string()
        parts = [self.title, "=" * len(self.title), body] if self.title else [body]
        if self.legend:
            parts.append(self.legend)
        return "\n".join(parts)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.to_text())

    def _repr_html_(self) -> str:
        """A notebook shows the table as the report does (`to_html`)."""
        return to_html(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Shown in a notebook: the HTML, and what it shows recorded in the output's metadata
        (`TABLE_KEY`), from which the report's Excel file is written."""
        return {"text/html": to_html(self)}, {TABLE_KEY: self.record()}

    def record(self) -> dict:
        """The table as JSON: its title, legend, sheet name and every cell as displayed."""
        frame = self.frame
        return {"title": self.title, "legend": self.legend, "sheet": self.sheet,
                "css": self.css, "index_name": str(frame.index.name or ""),
                "screen_only": self.screen_only,
                "index": [str(i) for i in frame.index],
                "columns": [str(c) for c in frame.columns],
                "cells": [[str(v) for v in row] for row in frame.itertuples(index=False)]}

    @classmethod
    def from_record(cls, record: dict) -> Presented:
        frame = pd.DataFrame(record["cells"], index=record["index"],
                             columns=record["columns"], dtype=object)
        frame.index.name = record.get("index_name") or None
        return cls(frame, record.get("title", ""), record.get("legend", ""),
                   css=record.get("css", ""), sheet=record.get("sheet", ""),
                   screen_only=bool(record.get("screen_only", False)))


TABLE_KEY = "finsam_table"
"""The output metadata key under which a notebook records each table it shows (the text the
reader sees, after the disclosure gate): the Excel file is written from these records."""


def _legend(policy: Policy, language: str) -> str:
    """What `..` and `.` mean, briefly, under a table."""
    if policy.external:
        return text("legend_suppressed", language, threshold=policy.threshold,
                    min_base=policy.min_base) + "\n" + text("legend_not_applicable", language)
    return text("legend_missing", language) + "\n" + text("legend_not_applicable", language)


FORMATS = {
    "coverage": ("percent", None),
    "fte": ("decimal", None),
    "fte_start": ("decimal", None),
    "fte_end": ("decimal", None),
    "fte_change": ("signed", None),
    "people_change": ("signed_count", None),
    "effect_size": ("decimal2", None),
    "mean_first": ("decimal", None),
    "mean_last": ("decimal", None),
    "mean_change": ("decimal", None),
    "recovered_share": ("percent", None),
    "improved_share": ("percent", None),
    "unchanged_share": ("percent", None),
    "deteriorated_share": ("percent", None),
    "ors_compliant_share": ("percent", None),
    "srs_compliant_share": ("percent", None),
    "positive_share": ("percent", None),
    "share": ("percent", None),
    "target": ("percent", None),
    "mean_years_without_work": ("decimal", "years"),
    "mean_throughput_months": ("decimal", "months"),
}


def format_cell(column: str, value: object, language: str = "sv") -> str:
    kind, unit = FORMATS.get(column, ("count", None))
    if kind == "percent":
        return format_percent(value, language=language)
    if kind == "decimal":
        return format_decimal(value, unit=label("unit", unit, language) if unit else "",
                              language=language)
    if kind == "decimal2":
        return format_decimal(value, 2, language=language)
    if kind in ("signed", "signed_count"):
        if _is_missing(value):
            return MISSING if kind == "signed_count" else NOT_APPLICABLE
        text_ = format_decimal(value, language=language) if kind == "signed" else \
            format_count(abs(value), language)
        if kind == "signed_count" and value < 0:
            text_ = "−" + text_
        return ("+" + text_) if value > 0 else text_
    return format_count(value, language)


UNAVAILABLE_WITH = {"ors_compliant_share": "ors_compliant",
                    "srs_compliant_share": "srs_compliant"}
"""A share whose count is missing (its data is not given at all) is not available (`..`),
not a share with nobody to divide by (`.`)."""


def format_frame(table: pd.DataFrame, mask: pd.DataFrame | None, language: str = "sv",
                 source: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every cell as text; masked cells as `..`; a share or mean with nobody to divide by
    as `.`, one whose data is not given (see `UNAVAILABLE_WITH`, looked up in `source`, the
    whole table, when `table` is a selection of its columns) as `..`."""
    source = table if source is None else source
    out = pd.DataFrame(index=table.index, columns=table.columns, dtype=object)
    for col in table.columns:
        count = UNAVAILABLE_WITH.get(col)
        for row in table.index:
            hidden = mask is not None and bool(mask.at[row, col])
            if not hidden and count in source and _is_missing(source.at[row, count]):
                hidden = True
            out.at[row, col] = MISSING if hidden else format_cell(col, table.at[row, col],
                                                                  language)
    return out


def _by_sex_mask(table: pd.DataFrame, cols: list[str], counts: pd.DataFrame | None,
                 threshold: int) -> pd.DataFrame:
    """A mask of the whole table whose count columns `cols` come from the report's joint
    mask (`counts`) or, without one, from suppressing them by sex on their own."""
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    mask[cols] = counts[cols] if counts is not None else disclosure.suppression_mask(
        table[cols], disclosure.by_sex_constraints(table, cols), threshold)
    return mask


def mask_for(kind: str, table: pd.DataFrame, policy: Policy,
             counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The external-audience mask of a table of the given kind (see `present`).

    `counts`: the mask of its count cells when found jointly with the report's other tables
    (`report.joint_count_masks`); without it the table is suppressed on its own.
    """
    t, b = policy.threshold, policy.min_base
    if kind == "outcomes":
        return disclosure.outcome_mask(table, t, b, counts)
    if kind == "crosstab":
        return counts if counts is not None else disclosure.crosstab_mask(table, t)
    if kind == "background":
        cols = [c for c in ("positive", "n_years_known", "n_at_sus_cap") if c in table]
        mask = _by_sex_mask(table, cols, counts, t)
        mask["mean_years_without_work"] = table["n_years_known"] < b
        mask["mean_throughput_months"] = table["positive"] < b
        return mask
    if kind == "profile":
        mask = _by_sex_mask(table, ["active", "started", "n_years_known"], counts, t)
        mask["mean_years_without_work"] = table["n_years_known"] < b
        return mask
    if kind == "health":
        people = "cohort" if "cohort" in table else "exits"  # six months: the cohort
        mask = _by_sex_mask(table, [people, "with_both", "improved"], counts, t)
        mask["improved_share"] = ((table["with_both"] < b) | mask["improved"]
                                  | mask["with_both"])
        mask["coverage"] = (table[people] < b) | mask["with_both"] | mask[people]
        return mask
    if kind == "staff":
        people = table.drop(columns="fte")
        mask = pd.DataFrame(False, index=table.index, columns=table.columns)
        cols = list(people.columns)
        mask[cols] = counts[cols] if counts is not None else disclosure.crosstab_mask(people, t)
        mask["fte"] = mask["total"]
        return mask
    if kind == "staff_change":
        mask = _by_sex_mask(table, ["people_start", "people_end"], counts, t)
        mask["fte_start"] = mask["people_start"]
        mask["fte_end"] = mask["people_end"]
        mask["people_change"] = mask["people_start"] | mask["people_end"]
        mask["fte_change"] = mask["people_change"]
        return mask
    if kind == "change":
        return disclosure.change_mask(table, t, b, counts)
    if kind == "compliance":
        return disclosure.compliance_mask(table, t, b, counts)
    raise ValueError(f"unknown table kind {kind!r}")


def present(table: pd.DataFrame, kind: str, audience: Policy | str = "external",
            settings: Settings | None = None, language: str = "sv", title: str = "",
            domain: str = "outcome", columns: list[str] | None = None,
            mask: pd.DataFrame | None = None) -> Presented:
    """Label, format and (for `audience="external"`) suppress a table by sex.

    `kind` says which cells add up: `outcomes` (an `outcome_table`), `crosstab` (sex ×
    categories with a `total` column: age groups, referrers, breakdowns) or `background`.
    `domain` names the labels of the columns; `columns` picks and orders them (after
    suppression, which always sees the whole table). `mask`: a mask found for the whole
    report (`report.report_tables`); without it the table is suppressed on its own.
    """
    policy = policy_of(audience, settings)
    if not policy.external:
        mask = None
    elif mask is None:
        mask = mask_for(kind, table, policy)
    shown = list(columns) if columns is not None else list(table.columns)
    frame = format_frame(table[shown], None if mask is None else mask[shown], language, table)
    frame.index = [label("group", g, language) for g in table.index]
    frame.index.name = label("text", "group_column", language)
    frame.columns = [label(domain, c, language) for c in shown]
    return Presented(frame, title, _legend(policy, language), mask)


OUTCOME_REPORT_COLUMNS = [*OUTCOME_COUNTS, "positive_share"]
"""The outcome table's columns in a report (the policy's ten, then the positive outcome)."""


def present_trend(trend: pd.DataFrame, audience: Policy | str = "external",
                  settings: Settings | None = None, language: str = "sv", title: str = "",
                  hidden: pd.DataFrame | None = None) -> Presented:
    """The positive-outcome share over periods: groups as rows, periods as columns, each
    share with the numbers it rests on (`40,0 % (8 av 20)`: positive outcomes of the exits
    without dropouts).

    External: `hidden` (groups × `<period>:positive` and `<period>:completed`) says which
    counts the run hides; the share is shown only when both are shown and the base is at
    least `min_base`.
    Without `hidden` (an internal reader) everything is shown.
    """
    policy = policy_of(audience, settings)
    external = policy.external
    periods = list(dict.fromkeys(trend["period"]))
    order = ["K", "M", "unknown", "total"]
    groups = sorted(set(trend["group"]), key=lambda g: order.index(g) if g in order else 2)
    frame = pd.DataFrame(index=groups, columns=periods, dtype=object)
    mask = pd.DataFrame(False, index=groups, columns=periods)
    shown = []
    for _, r in trend.iterrows():
        g, p = r["group"], r["period"]
        base = r["exits"] - r["dropouts"]
        pos_hidden, base_hidden = (
            external and hidden is not None and bool(hidden.at[g, f"{p}:{q}"])
            for q in ("positive", "completed"))
        share_hidden = external and (pos_hidden or base_hidden or base < policy.min_base)
        share = MISSING if share_hidden else format_percent(r["positive_share"],
                                                             language=language)
        numbers = (f"{MISSING if pos_hidden else format_count(r['positive'], language)} av "
                   f"{MISSING if base_hidden else format_count(base, language)}")
        frame.at[g, p] = f"{share} ({numbers})"
        mask.at[g, p] = share_hidden
        shown.append({"period": p, "group": g,
                      "share": float("nan") if share_hidden else r["positive_share"],
                      "base": float("nan") if base_hidden and external else float(base)})
    frame.index = [label("group", g, language) for g in groups]
    frame.index.name = label("text", "group_column", language)
    legend = text("trend_note", language) + "\n" + _legend(policy, language)
    return Presented(frame, title, legend, mask if external else None,
                     numbers=pd.DataFrame(shown, columns=["period", "group", "share", "base"]))


def target_hidden(targets: pd.DataFrame, audience: Policy | str = "external",
                  settings: Settings | None = None,
                  counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which figures of a target table an external reader does not see (indexed like
    `targets`; columns `base`, `with_followup`, `count`, `share`).

    `counts`: the report's joint mask of the count cells; without it each target is
    suppressed on its own (each column adds up over the groups; a count not measured, NaN,
    hides nothing). A share is hidden when it rests on fewer than `min_base` people followed
    up or on a hidden count. Internal: nothing is hidden."""
    policy = policy_of(audience, settings)
    cols = ["base", "with_followup", "count"]
    out = pd.DataFrame(False, index=targets.index, columns=[*cols, "share"])
    if not policy.external:
        return out
    for _, block in targets.groupby(["measure", "timepoint"], sort=False):
        if counts is not None:
            have = [c for c in cols if c in counts.columns]
            out.loc[block.index, have] = counts.loc[block.index, have].to_numpy()
        else:
            b = block.set_index("group")[cols].astype(float)
            measured = [c for c in cols if b[c].notna().all()]
            if measured:
                m = disclosure.suppression_mask(
                    b[measured], disclosure.by_sex_constraints(b, measured),
                    policy.threshold)
                out.loc[block.index, measured] = m.to_numpy()
    with_fu = targets["with_followup"]
    out["share"] = (with_fu.isna() | (with_fu < policy.min_base) | out["count"]
                    | out["with_followup"] | out["base"])
    return out.astype(bool)


def present_targets(targets: pd.DataFrame, audience: Policy | str = "external",
                    settings: Settings | None = None, language: str = "sv",
                    title: str = "", counts: pd.DataFrame | None = None) -> Presented:
    """The target table: one row per target and time point, and per group the measured share
    with the numbers it rests on, beside the target level.

    At exit: `share (count av with_followup)` (for improved health, with_followup = those
    with both forms). After 6 months and 2 years also the cohort, so that "nobody followed up
    yet" never reads as 0 %: `share (count av with_followup uppföljda, base i kohorten)`.
    `counts`: the report's joint mask of the `base`, `with_followup` and `count` cells
    (indexed like `targets`); without it each target is suppressed on its own."""
    policy = policy_of(audience, settings)
    groups = list(dict.fromkeys(targets["group"]))
    flags = target_hidden(targets, policy, counts=counts)
    rows = []
    index = []
    for (measure, timepoint), block in targets.groupby(["measure", "timepoint"], sort=False):
        hidden = flags.loc[block.index].set_index(block["group"])
        block = block.set_index("group")
        row = {label("target", "target", language): format_percent(block["target"].iloc[0],
                                                                   language=language)}
        for g in groups:
            base, with_fu = block.at[g, "base"], block.at[g, "with_followup"]
            count, share = block.at[g, "count"], block.at[g, "share"]
            share_hidden = bool(hidden.at[g, "share"])
            if share_hidden or _is_missing(count):
                shown_share = MISSING  # hidden, or not measured (no health survey)
            else:
                shown_share = format_percent(share, language=language)
            values = {"share": shown_share,
                      "count": MISSING if hidden.at[g, "count"] else format_count(count,
                                                                                 language),
                      "with_followup": MISSING if hidden.at[g, "with_followup"]
                      else format_count(with_fu, language),
                      "base": MISSING if hidden.at[g, "base"] else format_count(base, language)}
            key = ("target_cell" if timepoint == "at_exit" else
                   "target_cell_health_cohort" if measure == "improved_health" else
                   "target_cell_cohort")
            row[label("group", g, language)] = text(key, language, **values)
        rows.append(row)
        index.append(f"{label('target', measure, language)} {label('target', timepoint, language)}")
    frame = pd.DataFrame(rows, index=index)
    frame.index.name = label("target", "measure", language)
    legend = text("targets_note", language) + "\n" + _legend(policy, language)
    return Presented(frame, title, legend)


def present_followups(table: pd.DataFrame, audience: Policy | str = "external",
                      settings: Settings | None = None, language: str = "sv", title: str = "",
                      counts: pd.DataFrame | None = None) -> Presented:
    """The follow-up table (`outcomes.followup_table`): one row per time point and group, with
    the cohort, how many were followed up, their statuses and the positive share.

    External: counts from 1 to the threshold are hidden, with secondary cells so that no
    hidden cell follows from the sums (by sex, and the statuses adding up to those followed
    up), each time point on its own unless `counts` (the report's joint mask, indexed like
    `table`) is given; the positive share is hidden when it rests on fewer than `min_base`
    followed up or on a hidden count."""
    from ..schema import EXIT_REASONS, POSITIVE_REASONS

    policy = policy_of(audience, settings)
    count_cols = ["cohort", "followed_up", *EXIT_REASONS]
    mask = None
    if policy.external:
        mask = pd.DataFrame(False, index=table.index, columns=table.columns)
        if counts is not None:
            mask[count_cols] = counts[count_cols].to_numpy()
        else:
            for _, block in table.groupby("months_after_exit"):
                b = block.set_index("group")[count_cols]
                sets = disclosure.by_sex_constraints(b, count_cols) + \
                    disclosure.row_sum_constraints(b, list(EXIT_REASONS), "followed_up")
                m = disclosure.suppression_mask(b, sets, policy.threshold)
                mask.loc[block.index, count_cols] = m.to_numpy()
        mask["positive_share"] = ((table["followed_up"] < policy.min_base)
                                  | mask["followed_up"]
                                  | mask[list(POSITIVE_REASONS)].any(axis=1))
        mask["group"] = False
        mask["months_after_exit"] = False
    shown = [*count_cols, "positive_share"]
    frame = format_frame(table[shown], None if mask is None else mask[shown], language)
    frame.index = [text("followup_row", language, months=m, group=label("group", g, language))
                   for g, m in zip(table["group"], table["months_after_exit"], strict=True)]
    frame.index.name = label("followups", "row", language)
    frame.columns = [label("followups", c, language) for c in shown]
    legend = text("followups_note", language) + "\n" + _legend(policy, language)
    return Presented(frame, title, legend, mask)


SURVEY_SHARE_COLUMNS = ("agree_share", "agree_share_all", "agree_share_prev", "agree_diff_all",
                        "agree_diff_prev", "mean")


def present_survey(comp: pd.DataFrame, questions: pd.DataFrame, respondent_group: str,
                   audience: Policy | str = "external", settings: Settings | None = None,
                   language: str = "sv", title: str = "") -> Presented:
    """One respondent group's questions (texts verbatim): the team's answers, mean and share
    agreeing, by sex for participants, beside all teams and the previous year, with the
    differences in percentage points. From `surveys.comparison(..., level="question")`.

    External: a mean or share resting on fewer than `min_base` answers is `..`, so is a share
    whose agreeing or not agreeing answers number 1 to the threshold (and then the other
    sex's share), and a difference that uses one; a count of answers from 1 to the threshold
    is `..` (`disclosure.survey_mask`).
    """
    policy = policy_of(audience, settings)
    external = policy.external
    small, base = policy.threshold, policy.min_base
    c = comp[comp["respondent_group"] == respondent_group]
    if external:
        c = disclosure.survey_mask(c, small, base)
    total = c[c["group"] == "total"].set_index("question_id")
    by_sex = {g: c[c["group"] == g].set_index("question_id") for g in ("K", "M")}
    texts = questions.set_index("question_id")["text"]
    with_sex = respondent_group in ("participant", "participant_exit")
    rows, index = [], []

    def hide(n) -> bool:
        return external and (pd.isna(n) or n < base)

    for qid, r in total.iterrows():
        row = {}
        n = r["answers"]
        row[label("survey", "answers", language)] = (
            MISSING if external and 1 <= n <= small else format_count(n, language))
        row[label("survey", "mean", language)] = (
            MISSING if hide(n) else format_decimal(r["mean"], language=language))
        row[label("survey", "agree_share", language)] = (
            MISSING if hide(n) or (external and pd.isna(r["agree_share"]))
            else format_percent(r["agree_share"], language=language))
        if with_sex:
            for g in ("K", "M"):
                s = by_sex[g].loc[qid] if qid in by_sex[g].index else None
                hidden = s is None or hide(s["answers"]) or (external and
                                                             pd.isna(s["agree_share"]))
                row[label("survey", g, language)] = (
                    MISSING if hidden else format_percent(s["agree_share"], language=language))
        for other, diff in (("all", "agree_diff_all"), ("prev", "agree_diff_prev")):
            n_other = r[f"answers_{other}"]
            # No answers to compare with at all (no previous year) is not available: `..`.
            masked = external and (pd.isna(r["agree_share"]) or
                                   pd.isna(r[f"agree_share_{other}"]))
            row[label("survey", f"agree_share_{other}", language)] = (
                MISSING if hide(n_other) or pd.isna(n_other)
                or (external and pd.isna(r[f"agree_share_{other}"]))
                else format_percent(r[f"agree_share_{other}"], language=language))
            d = r[diff]
            row[label("survey", diff, language)] = (
                MISSING if hide(n) or hide(n_other) or pd.isna(n_other) or masked
                else NOT_APPLICABLE if pd.isna(d)
                else ("+" if d > 0 else "") + format_decimal(d, language=language))
        rows.append(row)
        index.append(f"{qid} {texts.get(qid, '')}")
    frame = pd.DataFrame(rows, index=index)
    frame.index.name = label("survey", "question", language)
    legend = _legend(policy, language)
    return Presented(frame, title, legend, css="survey",
                     sheet=label("sheet", f"survey_{respondent_group}", language))


def to_html(presented: Presented, caption: bool = True, max_columns: int = 7) -> str:
    """A presented table as a self-contained HTML `<figure>`: caption, table, legend.

    A table by sex with more than `max_columns` measures is shown turned (the measures down
    the side, Kvinnor / Män / Okänt / Totalt across), which reads and prints far better with
    long Swedish labels; the numbers are the same. Plain markup with the project's CSS
    classes and no ids that change between runs, so the same data gives the same file.
    """
    from html import escape

    frame = presented.frame
    by_sex = set(map(str, frame.index)) >= {"Totalt"} or set(map(str, frame.index)) >= {"Total"}
    turned = by_sex and len(frame.columns) > max_columns and presented.css != "survey"
    if turned:
        frame = frame.T
        frame.index.name = ""
    totals = {"Totalt", "Total", text("association_total"), text("association_total", "en")}
    total_col = [str(c) in totals for c in frame.columns]
    total_attr = ' class="total"'
    head = "".join(f'<th scope="col"{total_attr if t else ""}>{escape(str(c))}</th>'
                   for c, t in zip(frame.columns, total_col, strict=True))
    corner = escape(str(frame.index.name or ""))
    rows = []
    for label_, row in frame.iterrows():
        total = ' class="total"' if str(label_) in totals else ""
        cells = "".join(
            f'<td class="{"masked" if str(v) == MISSING else "num"}{" total" if t else ""}">'
            f"{escape(str(v))}</td>" for v, t in zip(row, total_col, strict=True))
        rows.append(f'<tr{total}><th scope="row">{escape(str(label_))}</th>{cells}</tr>')
    classes = ["finsam-table"]
    if presented.css:
        classes.append(presented.css)
    elif turned:
        classes.append("turned")
    elif len(frame.columns) <= 5:
        classes.append("narrow")
    if len(frame) <= 8:
        classes.append("short")  # printed whole, never split across two pages
    if presented.screen_only:
        classes.append("screen-only")  # on screen and in Excel; the print keeps its pages
    parts = [f'<figure class="{" ".join(classes)}">']
    if caption and presented.title:
        parts.append(f"<figcaption>{escape(presented.title)}</figcaption>")
    parts.append(f'<table><thead><tr><th scope="col">{corner}</th>{head}</tr></thead>'
                 f'<tbody>{"".join(rows)}</tbody></table>')
    if presented.legend:
        notes = "".join(f"<p>{escape(line)}</p>" for line in presented.legend.split("\n"))
        parts.append(f'<div class="legend">{notes}</div>')
    parts.append("</figure>")
    return "".join(parts)


def format_sek(value: object, language: str = "sv") -> str:
    """`1234567.5` → `1 234 568 kr` (whole kronor, half away from zero); missing → `..`."""
    if _is_missing(value):
        return MISSING
    return format_count(int(round_half_up(float(value), 0)), language) + " kr"


def present_budget(rows: pd.DataFrame, language: str = "sv", title: str = "") -> Presented:
    """Budget and spending per tertial with the deviation; a flagged row is marked ⚑.
    Not personal data: nothing is suppressed."""
    frame = pd.DataFrame({
        label("budget", "budget_sek", language): rows["budget_sek"].map(format_sek),
        label("budget", "spent_sek", language): rows["spent_sek"].map(format_sek),
        label("budget", "deviation_sek", language): rows["deviation_sek"].map(
            lambda v: ("+" if v > 0 else "") + format_sek(v).replace("-", "−")),
        label("budget", "deviation_share", language): [
            ("⚑ " if flag else "") + format_percent(v, language=language)
            for v, flag in zip(rows["deviation_share"], rows["flagged"], strict=True)],
    })
    frame.index = list(rows["tertial"])
    frame.index.name = label("budget", "tertial", language)
    return Presented(frame, title, label("budget", "note", language) + "\n"
                     + text("legend_not_applicable", language))


def present_cost(cost: pd.DataFrame, outcome_mask: pd.DataFrame | None, language: str = "sv",
                 title: str = "", budget_rows: int | None = None) -> Presented:
    """Spending and budget prorated to the report period, cost per active participant and
    per positive outcome (`budget.cost_per`), with the method in one line under the table.

    A count or cost is hidden when the count is hidden in the outcome table (spent / cost
    would give it back). A cost with nobody to divide by is `.`; with no budget row in the
    period (`budget_rows` = 0) the amounts are `..` (not available)."""
    row = cost.iloc[0]
    hidden = {"participants": False, "positive_outcomes": False}
    if outcome_mask is not None:
        m = outcome_mask.loc["total"]
        hidden = {"participants": bool(m["active"]), "positive_outcomes": bool(m["positive"])}
    available = budget_rows is None or budget_rows > 0
    values = {}
    for name in ("spent_prorated", "budget_prorated"):
        values[label("budget", name, language)] = format_sek(row[name]) if available \
            else MISSING
    for n, c in (("participants", "cost_per_participant"),
                 ("positive_outcomes", "cost_per_positive_outcome")):
        values[label("budget", n, language)] = MISSING if hidden[n] else format_count(
            row[n], language)
        if hidden[n] or not available:
            values[label("budget", c, language)] = MISSING
        else:
            values[label("budget", c, language)] = NOT_APPLICABLE if _is_missing(row[c]) \
                else format_sek(row[c])
    frame = pd.DataFrame({label("budget", "value", language): values})
    frame.index.name = ""
    legend = label("budget", "cost_note", language) + "\n" + text("legend_symbols", language)
    return Presented(frame, title, legend, css="narrow")
