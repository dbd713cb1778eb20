"""The socio-economic follow-up as a reader sees it: tables per actor and for society, the
payback time beside the target, and a chart of the means of support before and after.

External readers (SPEC.md, "Privacy in reports"; a group's support distribution is a
sensitive fact). Kept simple, and documented in docs/socioeconomic.md:

- every amount, payback time and efficiency of a group (cohort × sex) resting on fewer than
  `min_base` (5) people with complete data is `..`; when that leaves one group of
  Kvinnor + Män (+ okänt) = Totalt hidden alone, the smallest other group is hidden too, so
  the hidden one cannot be worked out by subtraction;
- in the chart, a group with fewer than `min_base` people is not drawn, and a source's months
  resting on 1 to `suppression_threshold` (3) people are drawn only as part of a grey
  "hidden" segment, together with at least one other source.
The cohort sizes (`n`, `n_complete`) are participation counts and are shown.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..io.config import Settings
from ..io.socioeconomic import UnitValues
from ..schema import SEXES, SUPPORT_SOURCES, TOTAL, UNKNOWN
from .labels import label, text
from .plots import OKABE_ITO, comma_axis, use_style
from .policy import Policy, policy_of
from .tables import MISSING, Presented, format_count, format_decimal, format_percent

MONEY = ("cost_sek", "effect_1y_sek", "effect_5y_sek", "profit_1y_sek", "profit_5y_sek",
         "potential_sek")
SOCIETY_COLUMNS = ["n", "n_complete", "cost_sek", "effect_1y_sek", "profit_1y_sek",
                   "profit_5y_sek", "payback_months", "potential_sek", "efficiency_share"]
ACTOR_ROWS = ("kommun", "region", "forsakringskassan", "arbetsformedlingen", "ovrig_stat",
              "production", "society", "individ")


def hidden_groups(table: pd.DataFrame, min_base: int = 5) -> pd.Series:
    """Which (cohort, group) have their amounts hidden from an external reader: fewer than
    `min_base` people with complete data (but some), and the smallest other group when one
    of Kvinnor, Män and Totalt would otherwise be the only one hidden. External tables are
    made with `unknown_in_total=False` (Totalt = kvinnor och män), so those three add up."""
    base = table.drop_duplicates(["cohort", "group"]).set_index(["cohort", "group"])[
        "n_complete"]
    hidden = (base > 0) & (base < min_base)
    for cohort in dict.fromkeys(base.index.get_level_values(0)):
        members = [g for g in base.loc[cohort].index if g != UNKNOWN]
        while sum(bool(hidden[(cohort, g)]) for g in members) == 1:
            parts = [g for g in members if g != TOTAL and not hidden[(cohort, g)]
                     and base[(cohort, g)] > 0]
            pick = min(parts, key=lambda g: base[(cohort, g)]) if parts else TOTAL
            if hidden[(cohort, pick)]:
                break
            hidden[(cohort, pick)] = True
    return hidden


def _tkr(value: object, language: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return format_decimal(float(value) / 1000.0, 0, language=language)


def _payback(row: pd.Series, language: str) -> str:
    if row["payback_note"]:
        return label("socioeconomic", row["payback_note"], language)
    return format_decimal(row["payback_months"], 1, language=language)


def _cell(column: str, row: pd.Series, language: str) -> str:
    if column in ("n", "n_complete"):
        return format_count(row[column], language)
    if row["n_complete"] == 0 and column != "payback_months":
        return "."
    if column in MONEY:
        return _tkr(row[column], language)
    if column == "payback_months":
        return _payback(row, language)
    if column == "efficiency_share":
        return format_percent(row[column], language=language)
    return str(row[column])


def _note(units: UnitValues | None, policy: Policy, language: str,
          unknown: int | None = None, full: bool = False) -> str:
    if units is None:
        return text("se_no_values", language)
    illustrative = text("se_illustrative", language) if units.illustrative else ""
    lines = [text("se_note" if full else "se_brief", language, year=units.price_year,
                  illustrative=illustrative)]
    if policy.external:
        lines.append(text("se_suppressed", language, min_base=policy.min_base))
        if unknown:
            shown = MISSING if policy.small(unknown) else format_count(unknown, language)
            lines.append(text("se_unknown_sex", language, n=shown))
    return "\n".join(lines)


def _groups(table: pd.DataFrame, external: bool) -> list[str]:
    groups = list(dict.fromkeys(table["group"]))
    return [g for g in groups if not (external and g == UNKNOWN)]


def present_society(table: pd.DataFrame, cohort: str, units: UnitValues | None,
                    audience: Policy | str = "external", settings: Settings | None = None,
                    language: str = "sv") -> Presented:
    """Society's cost, effect, profitability, payback time, potential and efficiency for one
    cohort, by sex."""
    policy = policy_of(audience, settings)
    external = policy.external
    hidden = hidden_groups(table, policy.min_base) if external else None
    rows = table[(table["cohort"] == cohort) & (table["actor"] == "society")].set_index("group")
    out = {}
    for g in _groups(table, external):
        row = rows.loc[g]
        cells = {}
        for col in SOCIETY_COLUMNS:
            secret = (hidden is not None and hidden[(cohort, g)]
                      and col not in ("n", "n_complete"))
            cells[label("socioeconomic", col, language)] = MISSING if secret else _cell(
                col, row, language)
        out[label("group", g, language)] = cells
    frame = pd.DataFrame(out).T
    frame.index.name = label("text", "group_column", language)
    unknown = int(rows.loc[UNKNOWN, "n"]) if UNKNOWN in rows.index else None
    title = text("se_society_title", language, cohort=label("socioeconomic", cohort, language))
    return Presented(frame, title, _note(units, policy, language, unknown))


def present_actors(table: pd.DataFrame, cohort: str, units: UnitValues | None,
                   audience: Policy | str = "external", settings: Settings | None = None,
                   language: str = "sv") -> Presented:
    """The effect for each actor in one cohort: first year by sex, five years and the
    payback time (that actor's effect alone against the whole cost) in total."""
    policy = policy_of(audience, settings)
    external = policy.external
    hidden = hidden_groups(table, policy.min_base) if external else None
    rows = table[table["cohort"] == cohort].set_index(["group", "actor"])
    groups = [g for g in _groups(table, external) if g in (*SEXES, TOTAL)]
    out = {}
    for actor in ACTOR_ROWS:
        cells = {}
        for g in groups:
            row = rows.loc[(g, actor)]
            name = f"{label('socioeconomic', 'effect_1y_sek', language)}, " \
                   f"{label('group', g, language).lower()}"
            secret = hidden is not None and hidden[(cohort, g)]
            cells[name] = MISSING if secret else _cell("effect_1y_sek", row, language)
        row = rows.loc[(TOTAL, actor)]
        secret = hidden is not None and hidden[(cohort, TOTAL)]
        cells[label("socioeconomic", "effect_5y_sek", language)] = (
            MISSING if secret else _cell("effect_5y_sek", row, language))
        pay = label("socioeconomic", "payback_months", language)
        cells[pay] = "" if actor == "production" else (
            MISSING if secret else _cell("payback_months", row, language))
        out[label("socioeconomic", actor, language)] = cells
    frame = pd.DataFrame(out).T
    frame.index.name = label("socioeconomic", "actor", language)
    title = text("se_actor_title", language, cohort=label("socioeconomic", cohort, language))
    return Presented(frame, title, _note(units, policy, language))


def present_payback(table: pd.DataFrame, units: UnitValues | None,
                    audience: Policy | str = "external", settings: Settings | None = None,
                    language: str = "sv") -> Presented:
    """Society's payback time per follow-up and sex, beside the target (when the config
    sets one)."""
    policy = policy_of(audience, settings)
    external = policy.external
    hidden = hidden_groups(table, policy.min_base) if external else None
    society = table[table["actor"] == "society"].set_index(["cohort", "group"])
    groups = [g for g in _groups(table, external) if g in (*SEXES, TOTAL)]
    out = {}
    for cohort in dict.fromkeys(table["cohort"]):
        cells = {}
        for g in groups:
            row = society.loc[(cohort, g)]
            secret = hidden is not None and hidden[(cohort, g)]
            value = MISSING if secret else _cell("payback_months", row, language)
            cells[label("group", g, language)] = (
                f"{value} (n = {format_count(row['n_complete'], language)})")
        target = units.payback_target_months if units else None
        cells[label("socioeconomic", "target", language)] = (
            format_decimal(target, 0, language=language) if target else MISSING)
        out[label("socioeconomic", cohort, language)] = cells
    frame = pd.DataFrame(out).T
    frame.index.name = label("socioeconomic", "cohort", language)
    note = _note(units, policy, language, full=True)
    return Presented(frame, text("se_payback_title", language), note, css="narrow")


def chart_data(months: pd.DataFrame, audience: Policy | str = "external",
               settings: Settings | None = None) -> pd.DataFrame:
    """The bars of the chart: `support_months` for Kvinnor and Män, with (external) groups
    under `min_base` people left out and sources resting on 1 to the threshold people moved,
    with at least one other source, into a `hidden` segment."""
    policy = policy_of(audience, settings)
    m = months[months["group"].isin(SEXES)].copy()
    if not policy.external:
        return m
    m = m[m["n"] >= policy.min_base]
    out = []
    for _, bar in m.groupby(["cohort", "group", "window"], sort=False):
        bar = bar.copy()
        secret = (bar["people"] >= 1) & (bar["people"] <= policy.threshold)
        if secret.sum() == 1:
            others = bar[~secret & (bar["months"] > 0)]
            if len(others):
                secret[others["months"].idxmin()] = True
        if secret.any():
            hidden = bar[secret]
            first = hidden.iloc[0]
            bar = bar[~secret]
            bar = pd.concat([bar, pd.DataFrame([{
                **first.to_dict(), "source": "hidden", "months": hidden["months"].sum(),
                "people": np.nan, "mean_months": hidden["mean_months"].sum()}])])
        out.append(bar)
    return pd.concat(out, ignore_index=True) if out else m.iloc[0:0]


SOURCE_COLOURS = dict(zip(SUPPORT_SOURCES, [
    OKABE_ITO["green"], "#7FCDBB", OKABE_ITO["sky"], OKABE_ITO["blue"],
    OKABE_ITO["vermillion"], OKABE_ITO["orange"], OKABE_ITO["yellow"], OKABE_ITO["purple"],
    "#B2DF8A", "#F4A6C6", "#BDBDBD", "#E8E8E8"], strict=True))
SOURCE_COLOURS["hidden"] = "#6E6E6E"


def plot_support(data: pd.DataFrame, ax: plt.Axes | None = None, language: str = "sv",
                 title: str = "") -> plt.Axes:
    """Stacked bars of the mean months per source before and after, for women and men: each
    bar adds up to the 12 months of the window."""
    use_style()
    if ax is None:
        _, ax = plt.subplots(figsize=(5.4, 2.8))
    bars = [(g, w) for g in SEXES for w in ("before", "after")
            if not data[(data["group"] == g) & (data["window"] == w)].empty]
    sources = [s for s in (*SUPPORT_SOURCES, "hidden")
               if s in set(data["source"]) and data.loc[data["source"] == s, "months"].sum() > 0]
    x = np.arange(len(bars))
    bottom = np.zeros(len(bars))
    for source in sources:
        heights = np.array([float(data[(data["group"] == g) & (data["window"] == w)
                                       & (data["source"] == source)]["mean_months"].sum())
                            for g, w in bars])
        ax.bar(x, heights, bottom=bottom, width=0.7, color=SOURCE_COLOURS[source],
               edgecolor="white", linewidth=0.5, label=label("socioeconomic", source, language))
        bottom += heights
    names = []
    for g, w in bars:
        n = int(data[(data["group"] == g) & (data["window"] == w)]["n"].iloc[0])
        names.append(f"{label('group', g, language)}\n{label('socioeconomic', w, language)}"
                     f"\n(n = {n})")
    ax.set_xticks(x, names)
    ax.set_ylim(0, 12)
    ax.set_ylabel("Månader av tolv, medel per deltagare")
    comma_axis(ax.yaxis)
    ax.set_title(title or "Försörjning före och efter")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5)
    ax.grid(axis="x", visible=False)
    return ax
