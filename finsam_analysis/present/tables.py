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
from . import disclosure
from .labels import label, text

MISSING = ".."
NBSP = "\u00a0"
AUDIENCES = ("external", "internal")


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
    """`5.64` → `5,6` (with ` år` when `unit`); missing → `..`."""
    if _is_missing(value):
        return MISSING
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
    """`40` → `40,0 %`; missing (e.g. a denominator of 0) → `..`."""
    if _is_missing(value):
        return MISSING
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

    def to_text(self) -> str:
        body = self.frame.to_string()
        parts = [self.title, "=" * len(self.title), body] if self.title else [body]
        if self.legend:
            parts.append(self.legend)
        return "\n".join(parts)


def _legend(settings: Settings, audience: str, language: str) -> str:
    if audience == "external":
        return text("legend_suppressed", language, threshold=settings.suppression_threshold,
                    min_base=settings.min_base)
    return text("legend_missing", language)


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
            return MISSING
        text_ = format_decimal(value, language=language) if kind == "signed" else \
            format_count(abs(value), language)
        if kind == "signed_count" and value < 0:
            text_ = "−" + text_
        return ("+" + text_) if value > 0 else text_
    return format_count(value, language)


def format_frame(table: pd.DataFrame, mask: pd.DataFrame | None, language: str = "sv"
                 ) -> pd.DataFrame:
    """Every cell as text; masked cells as `..`."""
    out = pd.DataFrame(index=table.index, columns=table.columns, dtype=object)
    for col in table.columns:
        for row in table.index:
            hidden = mask is not None and bool(mask.at[row, col])
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


def mask_for(kind: str, table: pd.DataFrame, settings: Settings,
             counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The external-audience mask of a table of the given kind (see `present`).

    `counts`: the mask of its count cells when found jointly with the report's other tables
    (`report.joint_count_masks`); without it the table is suppressed on its own.
    """
    t, b = settings.suppression_threshold, settings.min_base
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
        mask = _by_sex_mask(table, ["exits", "with_both", "improved"], counts, t)
        mask["improved_share"] = ((table["with_both"] < b) | mask["improved"]
                                  | mask["with_both"])
        mask["coverage"] = (table["exits"] < b) | mask["with_both"] | mask["exits"]
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


def present(table: pd.DataFrame, kind: str, audience: str = "external",
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
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")
    settings = settings or Settings()
    if audience != "external":
        mask = None
    elif mask is None:
        mask = mask_for(kind, table, settings)
    shown = list(columns) if columns is not None else list(table.columns)
    frame = format_frame(table[shown], None if mask is None else mask[shown], language)
    frame.index = [label("group", g, language) for g in table.index]
    frame.index.name = label("text", "group_column", language)
    frame.columns = [label(domain, c, language) for c in shown]
    return Presented(frame, title, _legend(settings, audience, language), mask)


OUTCOME_REPORT_COLUMNS = ["active", "exits", "dropouts", "work", "studies", "vocational_rehab",
                          "medical_rehab", "sickness_compensation", "other", "active_at_end",
                          "positive", "positive_share"]
"""The outcome table's columns in a report (the policy's ten, then the positive outcome)."""


def present_trend(trend: pd.DataFrame, audience: str = "external",
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
    settings = settings or Settings()
    external = audience == "external"
    periods = list(dict.fromkeys(trend["period"]))
    order = ["K", "M", "unknown", "total"]
    groups = sorted(set(trend["group"]), key=lambda g: order.index(g) if g in order else 2)
    frame = pd.DataFrame(index=groups, columns=periods, dtype=object)
    mask = pd.DataFrame(False, index=groups, columns=periods)
    for _, r in trend.iterrows():
        g, p = r["group"], r["period"]
        base = r["exits"] - r["dropouts"]
        pos_hidden, base_hidden = (
            external and hidden is not None and bool(hidden.at[g, f"{p}:{q}"])
            for q in ("positive", "completed"))
        share_hidden = external and (pos_hidden or base_hidden or base < settings.min_base)
        share = MISSING if share_hidden else format_percent(r["positive_share"],
                                                             language=language)
        numbers = (f"{MISSING if pos_hidden else format_count(r['positive'], language)} av "
                   f"{MISSING if base_hidden else format_count(base, language)}")
        frame.at[g, p] = f"{share} ({numbers})"
        mask.at[g, p] = share_hidden
    frame.index = [label("group", g, language) for g in groups]
    frame.index.name = label("text", "group_column", language)
    legend = text("trend_note", language) + "\n" + _legend(settings, audience, language)
    return Presented(frame, title, legend, mask if external else None)


def present_targets(targets: pd.DataFrame, audience: str = "external",
                    settings: Settings | None = None, language: str = "sv",
                    title: str = "", counts: pd.DataFrame | None = None) -> Presented:
    """The target table: one row per target and time point, and per group the measured share
    with the number it rests on (`share (count av base)`), beside the target level.

    `counts`: the report's joint mask of the `base` and `count` cells (indexed like
    `targets`); without it each target is suppressed on its own."""
    settings = settings or Settings()
    groups = list(dict.fromkeys(targets["group"]))
    rows = []
    index = []
    given = counts
    for (measure, timepoint), block in targets.groupby(["measure", "timepoint"], sort=False):
        block = block.assign(_row=block.index).set_index("group")
        counts = block[["base", "count"]].astype(float)
        hidden = pd.DataFrame(False, index=block.index, columns=counts.columns)
        if audience == "external" and given is not None:
            cols = [c for c in ("base", "count", "with_followup") if c in given.columns]
            seen = given.loc[block["_row"], cols]
            hidden = pd.DataFrame(seen[["base", "count"]].to_numpy(), index=block.index,
                                  columns=counts.columns)
            if "with_followup" in seen:
                hidden["count"] = hidden["count"] | seen["with_followup"].to_numpy()
        elif audience == "external":
            # Each column adds up over the groups; a count not measured (NaN) hides nothing.
            measured = [c for c in counts.columns if counts[c].notna().all()]
            hidden[measured] = disclosure.suppression_mask(
                counts[measured], disclosure.by_sex_constraints(counts, measured),
                settings.suppression_threshold)
        row = {label("target", "target", language): format_percent(block["target"].iloc[0],
                                                                   language=language)}
        for g in groups:
            base, count, share = block.at[g, "base"], block.at[g, "count"], block.at[g, "share"]
            share_hidden = audience == "external" and bool(
                (base < settings.min_base) or hidden.at[g, "count"] or hidden.at[g, "base"])
            shown_share = MISSING if share_hidden else format_percent(share, language=language)
            shown_count = MISSING if hidden.at[g, "count"] else format_count(count, language)
            shown_base = MISSING if hidden.at[g, "base"] else format_count(base, language)
            row[label("group", g, language)] = f"{shown_share} ({shown_count} av {shown_base})"
        rows.append(row)
        index.append(f"{label('target', measure, language)} {label('target', timepoint, language)}")
    frame = pd.DataFrame(rows, index=index)
    frame.index.name = label("target", "measure", language)
    return Presented(frame, title, _legend(settings, audience, language))


SURVEY_SHARE_COLUMNS = ("agree_share", "agree_share_all", "agree_share_prev", "agree_diff_all",
                        "agree_diff_prev", "mean")


def present_survey(comp: pd.DataFrame, questions: pd.DataFrame, respondent_group: str,
                   audience: str = "external", settings: Settings | None = None,
                   language: str = "sv", title: str = "") -> Presented:
    """One respondent group's questions (texts verbatim): the team's answers, mean and share
    agreeing, by sex for participants, beside all teams and the previous year, with the
    differences in percentage points. From `surveys.comparison(..., level="question")`.

    External: a mean or share resting on fewer than `min_base` answers is `..`, and so is a
    difference that uses one; a count of answers from 1 to the threshold is `..`.
    """
    settings = settings or Settings()
    external = audience == "external"
    small, base = settings.suppression_threshold, settings.min_base
    c = comp[comp["respondent_group"] == respondent_group]
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
            MISSING if hide(n) else format_percent(r["agree_share"], language=language))
        if with_sex:
            for g in ("K", "M"):
                s = by_sex[g].loc[qid] if qid in by_sex[g].index else None
                hidden = s is None or hide(s["answers"])
                row[label("survey", g, language)] = (
                    MISSING if hidden else format_percent(s["agree_share"], language=language))
        for other, diff in (("all", "agree_diff_all"), ("prev", "agree_diff_prev")):
            n_other = r[f"answers_{other}"]
            row[label("survey", f"agree_share_{other}", language)] = (
                MISSING if hide(n_other) else format_percent(r[f"agree_share_{other}"],
                                                             language=language))
            d = r[diff]
            row[label("survey", diff, language)] = (
                MISSING if hide(n) or hide(n_other) or pd.isna(d)
                else ("+" if d > 0 else "") + format_decimal(d, language=language))
        rows.append(row)
        index.append(f"{qid} {texts.get(qid, '')}")
    frame = pd.DataFrame(rows, index=index)
    frame.index.name = label("survey", "question", language)
    legend = _legend(settings, audience, language)
    return Presented(frame, title, legend, css="survey")


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
    totals = {"Totalt", "Total"}
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
    """`1234567` → `1 234 567 kr`."""
    if _is_missing(value):
        return MISSING
    return format_count(round(float(value)), language) + " kr"


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
    return Presented(frame, title, label("budget", "note", language))


def present_cost(cost: pd.DataFrame, outcome_mask: pd.DataFrame | None, language: str = "sv",
                 title: str = "") -> Presented:
    """Cost per active participant, per non-dropout exit and per positive outcome. A cost is
    hidden when the count it divides by is hidden in the outcome table (spent / cost would
    give it back)."""
    row = cost.iloc[0]
    hidden = {"active": False, "completed": False, "positive": False}
    if outcome_mask is not None:
        m = outcome_mask.loc["total"]
        hidden = {"active": bool(m["active"]),
                  "completed": bool(m["exits"] or m["dropouts"]),
                  "positive": bool(m["positive"])}
    values = {label("budget", "spent_sek", language): format_sek(row["spent_sek"])}
    for name in ("active", "completed", "positive"):
        v = row[f"cost_per_{name}"]
        values[label("budget", f"cost_per_{name}", language)] = (
            MISSING if hidden[name] else format_sek(v))
    frame = pd.DataFrame({label("budget", "value", language): values})
    frame.index.name = ""
    return Presented(frame, title, label("budget", "cost_note", language), css="narrow")
