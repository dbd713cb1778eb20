"""Figures: one consistent, colour-blind-safe style (Okabe–Ito colours), Swedish labels.

Each function follows seaborn's signature style: tidy data in, an `ax=` to draw on, the Axes
back; nothing global changes but what `use_style()` sets on purpose. Figures are meant to
explain themselves: a title, labelled axes with units, a legend in words, and a note of what
a line or band means.
"""

from __future__ import annotations

import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from .labels import label

OKABE_ITO = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
    "grey": "#8C8C8C",
}
GROUP_COLOURS = {"K": OKABE_ITO["vermillion"], "M": OKABE_ITO["blue"],
                 "unknown": OKABE_ITO["grey"], "total": OKABE_ITO["black"]}
CLASS_COLOURS = {"recovered": OKABE_ITO["green"], "improved": OKABE_ITO["sky"],
                 "unchanged": "#C8C8C8", "deteriorated": OKABE_ITO["vermillion"]}


def use_style() -> None:
    """The project's figure style: readable on screen and in print, no chart junk."""
    mpl.rcParams.update({
        "figure.figsize": (6.8, 2.9),
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#E5E5E5",
        "grid.linewidth": 0.8,
        "legend.frameon": False,
        "axes.formatter.use_locale": False,
    })


def comma_axis(axis) -> None:
    """Tick labels with a decimal comma (1,5) and a real minus sign, as Swedish text has."""
    axis.set_major_formatter(mpl.ticker.FuncFormatter(
        lambda v, _: f"{v:g}".replace(".", ",").replace("-", "−")))


def below_axes(ax: plt.Axes, inches: float) -> float:
    """`inches` below the axes' lower edge as a fraction of its height (for a legend under
    the x-axis label, clear of the title whatever the axes' size)."""
    fig = ax.figure
    height = fig.get_figheight() * ax.get_position().height
    return inches / max(height, 0.1)


def plot_trajectory(traj: pd.DataFrame, ax: plt.Axes | None = None, cutoff: float = 25.0,
                    groups: tuple[str, ...] = ("K", "M"), min_n: int = 5,
                    language: str = "sv") -> plt.Axes:
    """Mean ORS score by months since enrolment, a line per group with its 95 % band, and
    the clinical cutoff. Months resting on fewer than `min_n` people are not drawn."""
    use_style()
    if ax is None:
        _, ax = plt.subplots()
    for group in groups:
        sub = traj[(traj["group"] == group) & (traj["n"] >= min_n)].sort_values("month")
        if sub.empty:
            continue
        colour = GROUP_COLOURS.get(group, OKABE_ITO["black"])
        ax.fill_between(sub["month"], sub["ci_low"], sub["ci_high"], color=colour, alpha=0.15,
                        linewidth=0)
        ax.plot(sub["month"], sub["mean"], color=colour, marker="o", markersize=3.5,
                linewidth=2, label=label("group", group, language))
    ax.axhline(cutoff, color=OKABE_ITO["black"], linestyle="--", linewidth=1)
    # at the left, where the means start below the cutoff (at the right they cross it)
    ax.annotate(f"Klinisk gräns ({cutoff:g} poäng)", xy=(0, cutoff), xycoords=("axes fraction",
                "data"), xytext=(4, 3), textcoords="offset points", ha="left", fontsize=8.5,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none",
                      "alpha": 0.8})
    ax.set_ylim(0, 40)
    ax.set_xlim(left=0)
    ax.set_xlabel("Månader sedan inskrivning")
    ax.set_ylabel("ORS, medelpoäng (0–40)")
    ax.set_title("Skattad livssituation (ORS) under tiden i teamet")
    ax.legend(title=None, loc="lower right")
    ax.text(0, -below_axes(ax, 0.52), f"Linje: medelvärde; band: 95 % konfidensintervall. "
            f"Månader med färre än {min_n} personer visas inte.", transform=ax.transAxes,
            fontsize=8, color="#555555", va="top")  # under the axis label, not on it
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    return ax


def plot_change_classes(table: pd.DataFrame, ax: plt.Axes | None = None,
                        groups: tuple[str, ...] = ("K", "M", "total"),
                        language: str = "sv") -> plt.Axes:
    """The Jacobson–Truax classes as a 100 % stacked bar per group (from `change_table`)."""
    from ..measures.ors import CLASSES

    use_style()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.8, 2.3))
    shown = [g for g in groups if g in table.index][::-1]
    names = [f"{label('group', g, language)}\nn = {int(table.at[g, 'with_two_or_more'])}"
             for g in shown]
    left = pd.Series(0.0, index=shown)
    for cls in CLASSES:
        values = table.loc[shown, f"{cls}_share"].fillna(0.0)
        ax.barh(names, values, left=left, color=CLASS_COLOURS[cls],
                label=label("ors", cls, language), edgecolor="white")
        for name, v, x in zip(names, values, left, strict=True):
            if v >= 8:
                ax.text(x + v / 2, name, f"{v:.0f} %", ha="center", va="center", fontsize=8.5,
                        color="white" if cls in ("recovered", "deteriorated") else "black")
        left = left + values
    ax.set_axisbelow(True)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Andel av deltagarna med minst två mätningar (%)")
    ax.set_title("Förändring i ORS från första till senaste mätning")
    ax.grid(axis="y", visible=False)
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.35), fontsize=8.5)
    return ax


def plot_participant_lines(lines: pd.DataFrame, ax: plt.Axes | None = None,
                           cutoff: float = 25.0) -> plt.Axes:
    """**Internal use only**: one thin line per participant (person-level data), women and
    men in their colours, behind the cutoff line. Never for an external report."""
    use_style()
    if ax is None:
        _, ax = plt.subplots()
    for (_, _, sex), sub in lines.groupby(["team", "participant_id", "sex"], sort=False):
        ax.plot(sub["days"] / (365.25 / 12), sub["score"], linewidth=0.7, alpha=0.45,
                color=GROUP_COLOURS.get(sex, OKABE_ITO["grey"]))
    ax.axhline(cutoff, color=OKABE_ITO["black"], linestyle="--", linewidth=1)
    ax.set_ylim(0, 40)
    ax.set_xlim(left=0)
    ax.set_xlabel("Månader sedan inskrivning")
    ax.set_ylabel("ORS (0–40)")
    ax.set_title("ORS per deltagare — endast för internt bruk")
    handles = [mpl.lines.Line2D([], [], color=GROUP_COLOURS[g], label=label("group", g))
               for g in ("K", "M", "unknown")]
    ax.legend(handles=handles, loc="lower right")
    return ax


LIKERT_COLOURS = ("#A6611A", "#DFC27D", "#80CDC1", "#018571")
"""Brown to teal (ColorBrewer BrBG, four classes): readable for the common colour-vision
deficiencies and in greyscale print."""


def plot_likert(dist: pd.DataFrame, ax: plt.Axes | None = None, title: str = "",
                wrap: int = 64, language: str = "sv") -> plt.Axes:
    """Diverging stacked bars, one per question: disagreeing answers to the left of zero,
    agreeing ones to the right, ordered by indicator as the catalogue lists them. The x-range
    is always −100…100 %, so charts of different groups compare. From
    `surveys.answer_distribution`."""
    import textwrap

    use_style()
    questions = list(dict.fromkeys(dist["question_id"]))
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 0.36 * len(questions) + 0.9))
    ylabels = []
    for y, qid in enumerate(questions[::-1]):
        sub = dist[dist["question_id"] == qid].sort_values("band")
        text_ = sub["text"].iloc[0]
        n = int(sub["answers"].iloc[0])
        ylabels.append(textwrap.fill(f"{text_} (n = {n})", wrap))
        dis = sub[~sub["agree"]].iloc[::-1]
        left = 0.0
        for rec in dis.itertuples():
            v = 0.0 if pd.isna(rec.share) else rec.share
            ax.barh(y, -v, left=left, color=LIKERT_COLOURS[int(rec.band)], edgecolor="white",
                    height=0.7)
            left -= v
        left = 0.0
        for rec in sub[sub["agree"]].itertuples():
            v = 0.0 if pd.isna(rec.share) else rec.share
            ax.barh(y, v, left=left, color=LIKERT_COLOURS[int(rec.band)], edgecolor="white",
                    height=0.7)
            left += v
    ax.set_yticks(range(len(questions)))
    ax.set_yticklabels(ylabels, fontsize=8.5)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-100, 100)
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{abs(v):.0f} %"))
    ax.set_xlabel("← instämmer inte      Andel av svaren      instämmer →")
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    first = dist.drop_duplicates("band").sort_values("band")
    handles = [mpl.patches.Patch(color=LIKERT_COLOURS[int(r.band)],
                                 label=f"{r.low:g}–{r.high:g}" if r.low != r.high
                                 else f"{r.low:g}") for r in first.itertuples()]
    ax.legend(handles=handles, title=None, ncol=4, loc="upper center",
              bbox_to_anchor=(0.5, -below_axes(ax, 0.5)), fontsize=8.5, handlelength=1.2)
    ax.set_title(title or "Svarsfördelning per fråga")
    return ax


def plot_survey_dots(comp: pd.DataFrame, ax: plt.Axes | None = None, title: str = "",
                     wrap: int = 48, min_answers: int = 5, language: str = "sv") -> plt.Axes:
    """Share agreeing per question: this team (filled), all teams (open), last year (grey),
    from `surveys.comparison` rows of one respondent group (group `total`). A value resting on
    fewer than `min_answers` answers is not drawn."""
    import textwrap

    use_style()
    rows = comp[comp["group"] == "total"]
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 0.34 * len(rows) + 1.0))
    ylabels = []
    for y, rec in enumerate(list(rows.itertuples())[::-1]):
        ylabels.append(textwrap.fill(str(getattr(rec, "text", rec.question_id)), wrap))
        points = [("agree_share_prev", "answers_prev", dict(color=OKABE_ITO["grey"], marker="s",
                                                            s=28, label="Förra året")),
                  ("agree_share_all", "answers_all", dict(facecolors="white",
                                                          edgecolors=OKABE_ITO["blue"],
                                                          marker="o", s=40, label="Alla team")),
                  ("agree_share", "answers", dict(color=OKABE_ITO["vermillion"], marker="o",
                                                  s=46, label="Teamet"))]
        for col, n_col, style in points:
            value, n = getattr(rec, col), getattr(rec, n_col)
            if pd.notna(value) and pd.notna(n) and n >= min_answers:
                ax.scatter(value, y, zorder=3, **style)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(ylabels)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Andel som instämmer (%)")
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), ncol=3, loc="upper center",
              bbox_to_anchor=(0.5, -below_axes(ax, 0.5)))
    ax.set_title(title or "Teamet jämfört med alla team och förra året")
    return ax


GROUP_STYLES = {
    "K": dict(linestyle="-", marker="o", linewidth=2.0),
    "M": dict(linestyle="--", marker="s", linewidth=2.0),
    "total": dict(linestyle=":", marker="^", linewidth=2.4),
    "unknown": dict(linestyle="-.", marker="D", linewidth=1.6),
}
"""Line style and marker per group, so that a chart printed in black and white still tells
women, men and all apart (colour is never the only difference)."""


class Chart:
    """A figure that shows itself in a notebook: an SVG image at its printed size (vector, so
    sharp on screen and in print, and drawn once: no raster to encode) with a text
    alternative, or one sentence when there is too little to show. The text is drawn as
    paths, so the chart looks the same whatever fonts the reader's browser has. The matplotlib
    figure is closed once drawn, so nothing else displays it. `screen_only`: left out of the
    printed report (a chart that repeats a table beside it), kept on screen."""

    def __init__(self, fig: plt.Figure | None = None, message: str = "", alt: str = "",
                 screen_only: bool = False):
        import io

        self.message, self.svg, self.width = message, None, None
        self.screen_only = screen_only
        if fig is not None:
            titles = [t for ax in fig.axes for loc in ("left", "center", "right")
                      if (t := ax.get_title(loc=loc))]
            self.alt = alt or (titles[0] if titles else "Diagram")
            buf = io.BytesIO()
            with mpl.rc_context({"svg.fonttype": "path", "svg.hashsalt": "finsam"}):
                fig.savefig(buf, format="svg", bbox_inches="tight",
                            metadata={"Date": None, "Creator": None})
            plt.close(fig)
            self.svg = buf.getvalue()
            points = re.search(rb'<svg[^>]* width="([0-9.]+)pt"', self.svg)
            self.width = round(float(points.group(1)) * 96 / 72)  # CSS pixels
        else:
            self.alt = alt

    def __repr__(self) -> str:  # stable in a notebook's text output (no address)
        return self.message if self.svg is None else f"[{self.alt}]"

    def _repr_html_(self) -> str:
        import base64
        from html import escape

        if self.svg is None:
            return f'<p class="finsam-nodata finsam-nochart">{escape(self.message)}</p>'
        data = base64.b64encode(self.svg).decode("ascii")
        extra = " screen-only" if self.screen_only else ""
        return (f'<figure class="finsam-chart{extra}"><img src="data:image/svg+xml;base64,'
                f'{data}" width="{self.width}" alt="{escape(self.alt)}"></figure>')


def trend_points(values: pd.DataFrame, groups: tuple[str, ...] = ("K", "M", "total")
                 ) -> dict[str, list[tuple[int, float]]]:
    """The points a trend chart draws: per group, (period position, share) where the share
    is shown (a hidden or missing share is no point)."""
    out = {}
    for group in groups:
        if group not in values.index:
            continue
        row = values.loc[group].astype(float).to_numpy()
        pts = [(i, float(v)) for i, v in enumerate(row) if v == v]
        if pts:
            out[group] = pts
    return out


def plot_share_trend(values: pd.DataFrame, ax: plt.Axes | None = None,
                     groups: tuple[str, ...] = ("K", "M", "total"), language: str = "sv",
                     title: str = "Positivt utfall över tid",
                     bases: pd.DataFrame | None = None, current: str | None = None
                     ) -> plt.Axes:
    """The positive-outcome share per period, a line per group (rows of `values`, periods as
    columns). Every period with a shown share is a point, joined to the next shown one (a
    dotted line across a period whose share is hidden: the line never invents a value);
    `bases` (same shape) writes n beside each point; `current` (a period) is marked. Only
    groups with a line are in the legend; a group with one point is labelled at the point.
    Lines differ by style and marker, not colour alone."""
    use_style()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.8, 3.0))
    periods = [str(c) for c in values.columns]
    x = list(range(len(periods)))
    if current in periods:
        i = periods.index(current)
        ax.axvspan(i - 0.4, i + 0.4, color="#EEEEEE", zorder=0)
        ax.text(i, 98, "Rapportperioden", ha="center", va="top", fontsize=8, color="#333333")
    pts = trend_points(values, groups)
    offsets = {"K": (0, 7), "M": (0, -13), "total": (9, -3), "unknown": (0, 7)}
    for group, points in pts.items():
        colour = GROUP_COLOURS.get(group, OKABE_ITO["black"])
        style = GROUP_STYLES.get(group, GROUP_STYLES["total"])
        name = label("group", group, language)
        xs, ys = zip(*points, strict=True)
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            ax.plot([x0, x1], [y0, y1], color=colour, linewidth=style["linewidth"],
                    linestyle=style["linestyle"] if x1 - x0 == 1 else (0, (1, 3)))
        ax.plot(xs, ys, linestyle="none", marker=style["marker"], color=colour, markersize=6,
                markerfacecolor="white" if group == "M" else colour)
        if len(points) > 1:
            ax.plot([], [], color=colour, label=name, **style)
        else:
            ax.annotate(name, (xs[0], ys[0]), xytext=(8, 8), textcoords="offset points",
                        fontsize=8, color=colour)
        if bases is not None and group in bases.index:
            for xi, yi in points:
                n = bases.loc[group].iloc[xi]
                if n == n:
                    ax.annotate(f"n={int(n)}", (xi, yi), xytext=offsets.get(group, (0, 7)),
                                textcoords="offset points", fontsize=7, color=colour,
                                ha="left" if group == "total" else "center")
    ax.set_xticks(x)
    ax.set_xticklabels(periods)
    ax.set_xlim(-0.5, len(periods) - 0.5)
    ax.set_ylim(0, 100)
    ax.set_ylabel("Andel av avslut utan\ndropouts (%)")
    ax.set_title(title)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=8.5,
                  handlelength=3)
    ax.text(0, -0.36, "Positivt utfall = arbete, studier eller annan arbetslivsinriktad "
            "rehabilitering. n = avslut utan dropouts. En dold andel är ingen punkt; "
            "prickad linje = över en period utan visad andel.", transform=ax.transAxes,
            fontsize=7.5, color="#555555", wrap=True)
    return ax


def share_trend(trend, groups: tuple[str, ...] = ("K", "M", "total"), language: str = "sv",
                min_base: int = 5, title: str = "Positivt utfall över tid") -> Chart:
    """The trend chart of a report's `trend` table as presented (`tables.present_trend`:
    its `numbers` hold the shares a reader sees, hidden ones as missing), or one sentence
    when fewer than two periods have a share to show."""
    from .labels import text

    numbers = trend.numbers
    shares = numbers.pivot(index="group", columns="period", values="share")
    bases = numbers.pivot(index="group", columns="period", values="base")
    order = list(dict.fromkeys(numbers["period"]))
    shares, bases = shares[order], bases[order]
    shown = trend_points(shares, groups)
    if not any(len(p) >= 2 for p in shown.values()):
        return Chart(message=text("trend_too_little", language, min_base=min_base))
    ax = plot_share_trend(shares, groups=groups, language=language, title=title,
                          bases=bases, current=order[-1])
    return Chart(ax.figure)


def plot_health_questions(means: pd.DataFrame, ax: plt.Axes | None = None,
                          groups: tuple[str, ...] = ("K", "M"), min_n: int = 5,
                          language: str = "sv") -> plt.Axes:
    """The health form's five questions: mean answer at start (open circle) and at exit
    (filled), an arrow between them, per sex. Lower is better (1 = best). Rows resting on
    fewer than `min_n` people are not drawn. From `health.question_means`."""
    use_style()
    questions = list(dict.fromkeys(means["question"]))
    if ax is None:
        _, ax = plt.subplots(figsize=(6.8, 0.4 * len(questions) + 1.0))
    offsets = {g: (i - (len(groups) - 1) / 2) * 0.22 for i, g in enumerate(groups)}
    for y, q in enumerate(questions[::-1]):
        for g in groups:
            row = means[(means["question"] == q) & (means["group"] == g)]
            if row.empty or int(row["n"].iloc[0]) < min_n:
                continue
            start, end = float(row["start_mean"].iloc[0]), float(row["exit_mean"].iloc[0])
            colour = GROUP_COLOURS[g]
            yy = y + offsets[g]
            ax.annotate("", xy=(end, yy), xytext=(start, yy),
                        arrowprops=dict(arrowstyle="->", color=colour, lw=1.4))
            ax.scatter([start], [yy], facecolors="white", edgecolors=colour, s=36, zorder=3)
            ax.scatter([end], [yy], color=colour, s=36, zorder=3,
                       label=label("group", g, language))
    ax.set_yticks(range(len(questions)))
    ax.set_yticklabels([label("health", q, language) for q in questions[::-1]])
    ax.set_xlim(1, 5)
    comma_axis(ax.xaxis)
    ax.set_xlabel("Medelsvar (1 = bäst, 5 = sämst)")
    ax.set_title("Hälsoenkäten: vid start (ring) och vid avslut (punkt)")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), loc="lower right")
    ax.grid(axis="y", visible=False)
    return ax


def plot_budget(rows: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Budget (open bars) and spending (filled bars) per tertial, in MSEK, with the deviation
    written above; a flagged tertial in vermillion. From `budget.budget_rows`."""
    use_style()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.8, 2.4))
    x = range(len(rows))
    ax.bar([i - 0.2 for i in x], rows["budget_sek"] / 1e6, width=0.38, facecolor="white",
           edgecolor=OKABE_ITO["blue"], label="Budget")
    colours = [OKABE_ITO["vermillion"] if f else OKABE_ITO["blue"] for f in rows["flagged"]]
    ax.bar([i + 0.2 for i in x], rows["spent_sek"] / 1e6, width=0.38, color=colours,
           label="Utfall")
    for i, (v, spent) in enumerate(zip(rows["deviation_share"], rows["spent_sek"],
                                       strict=True)):
        ax.text(i + 0.2, spent / 1e6, f"{v:+.1f} %".replace(".", ",").replace("-", "−"),
                ha="center", va="bottom", fontsize=8)
    ax.set_xticks(list(x))
    ax.set_xticklabels(rows["tertial"])
    ax.set_ylabel("Miljoner kronor")
    comma_axis(ax.yaxis)
    top = float(max(rows["budget_sek"].max(), rows["spent_sek"].max())) / 1e6
    ax.set_ylim(0, top * 1.3)
    ax.set_title("Budget och utfall per period")
    ax.legend(loc="upper right", ncol=2)
    ax.set_axisbelow(True)
    return ax
