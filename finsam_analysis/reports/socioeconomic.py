"""The socio-economic follow-up section of the reports (*Organisationen – resultat och
effekter*): computed, protected for external readers, presented.

`section(data, period, audience)` makes every table and the chart's data; `show(section)`
displays them in a notebook: what the model includes and leaves out, society's payback time
beside the target, then per follow-up (at exit, 6 and 24 months after) society's result by
sex and the effect per actor, and the means of support before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import matplotlib.pyplot as plt
import pandas as pd

from ..io.dataset import Dataset
from ..measures import socioeconomic as se
from ..periods import Period, parse_period
from ..present import socioeconomic as ps
from ..present.labels import label, text
from ..present.plots import Chart
from ..present.policy import Policy, policy_of
from ..present.tables import Presented


@dataclass
class Section:
    """The section's numbers and what a reader sees."""

    period: Period
    policy: Policy
    table: pd.DataFrame | None = None
    months: dict[str, pd.DataFrame] = field(default_factory=dict)  # cohort → chart bars
    presented: dict[str, Presented] = field(default_factory=dict)
    model: str = ""  # the paragraph on what the model includes and leaves out
    missing: str | None = None  # why there is nothing to show


def section(data: Dataset, period: Period | str, audience: Policy | str = "external",
            language: str = "sv") -> Section:
    """Compute and present the socio-economic follow-up of a team (or all teams)."""
    period = parse_period(period)
    policy = policy_of(audience, data.config.settings)
    out = Section(period, policy)
    if data.support is None:
        out.missing = text("se_no_data", language)
        return out
    s, units = data.config.settings, data.config.socioeconomic
    p, dm = data.participants, s.dropout_months
    out.table = se.socioeconomic_table(p, data.support, units, period, data.budget, dm,
                                       unknown_in_total=not policy.external)
    if units is not None:
        illustrative = text("se_illustrative", language) if units.illustrative else ""
        out.model = text("se_model", language, year=units.price_year, illustrative=illustrative)
        out.presented["payback"] = ps.present_payback(out.table, units, policy, s, language)
    for cohort in se.COHORTS:
        rows = out.table[(out.table["cohort"] == cohort) & (out.table["group"] == "total")]
        if rows["n"].iloc[0] == 0:
            continue
        if units is not None:
            out.presented[f"society/{cohort}"] = ps.present_society(out.table, cohort, units,
                                                                    policy, s, language)
            out.presented[f"actors/{cohort}"] = ps.present_actors(out.table, cohort, units,
                                                                  policy, s, language)
        months = se.support_months(p, data.support, period, cohort, dm)
        bars = ps.chart_data(months, policy, s)
        if not bars.empty:
            out.months[cohort] = bars
    for key, shown in out.presented.items():
        shown.sheet = label("sheet", key, language)
    return out


def figure(bars: pd.DataFrame, cohort: str, language: str = "sv") -> plt.Figure:
    """The chart of one follow-up's means of support before and after, women and men."""
    title = text("se_chart_title", language, cohort=label("socioeconomic", cohort, language))
    return ps.plot_support(bars, language=language, title=title).figure


def show(sec: Section, language: str = "sv") -> None:
    """Display the section in a notebook."""
    from IPython.display import HTML, display

    from .export import display_table

    display(HTML('<h4 class="finsam-subheading">Samhällsekonomisk uppföljning</h4>'))
    if sec.missing:
        display(HTML(f'<p class="finsam-nodata">{escape(sec.missing)}</p>'))
        return
    if sec.model:
        display(HTML(f'<p class="finsam-se-model">{escape(sec.model)}</p>'))
    else:
        display(HTML(f'<p class="finsam-nodata">{escape(text("se_no_values", language))}</p>'))
    if "payback" in sec.presented:
        display_table(sec.presented["payback"])
    first = next(iter(se.COHORTS))
    for cohort in se.COHORTS:
        # per actor and as a chart for the cohort at exit; the later follow-ups in total,
        # which keeps a full-year report within the policy's 10–15 pages
        for kind in ("society", "actors") if cohort == first else ("society",):
            if f"{kind}/{cohort}" in sec.presented:
                display_table(sec.presented[f"{kind}/{cohort}"])
        if cohort in sec.months and cohort == first:
            display(Chart(figure(sec.months[cohort], cohort, language)))
        if cohort == first and len(se.COHORTS) > 1:
            display(HTML(f'<p class="finsam-nodata">{escape(text("se_later_brief", language))}'
                         "</p>"))
