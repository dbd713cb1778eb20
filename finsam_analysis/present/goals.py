"""Måluppfyllelse: did the team reach its targets, for women and for men?

The first thing a board reads: each target level beside the measured share for Kvinnor, Män
and Totalt, the numbers it rests on ("N av M"), the previous period's share with an arrow,
and whether the target is met — in words and with a symbol, so that it reads in black and
white too. The shares are `equality.Share`s taken from the report's protected tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from .equality import Share
from .labels import label, text
from .tables import format_percent

GROUPS = ("K", "M", "total")
STEADY = Decimal("1.0")
"""A change from the previous period smaller than this many percentage points is shown as →."""


@dataclass
class Goal:
    """One row: a target (or the common outcome measure, which has no level) and its shares
    by group, now and in the previous period."""

    what: str
    target: float | None
    now: dict[str, Share]
    before: dict[str, Share] = field(default_factory=dict)


def status(share: Share, target: float | None) -> str:
    """`met`, `not_met`, `unknown` (the share is not shown) or `none` (no target level).
    Compared as printed: 25,0 % meets a target of 25 %."""
    if target is None:
        return "none"
    if not share.shown:
        return "unknown"
    return "met" if share.rounded >= Decimal(str(target)) else "not_met"


def arrow(now: Share, before: Share | None) -> str:
    """↑, ↓ or → from the previous period's share to this one's; "" when either is not
    shown."""
    if before is None or not (now.shown and before.shown):
        return ""
    d = now.rounded - before.rounded
    return "↑" if d >= STEADY else "↓" if d <= -STEADY else "→"


class Goals:
    """The Måluppfyllelse block. Displays itself in a notebook (`_repr_html_`)."""

    def __init__(self, goals: list[Goal], previous: str, title: str = "", legend: str = "",
                 language: str = "sv"):
        self.goals, self.previous, self.legend = goals, previous, legend
        self.title = title or text("goals_title", language)
        self.language = language

    def __repr__(self) -> str:  # stable in a notebook's text output (no address)
        return self.frame().to_string()

    def frame(self):
        """The block as text cells (for Excel and plain text)."""
        import pandas as pd

        lang = self.language
        rows = []
        for g in self.goals:
            row = {label("target", "target", lang): "–" if g.target is None
                   else format_percent(g.target, language=lang)}
            for grp in GROUPS:
                s = g.now[grp]
                st = status(s, g.target)
                mark = "" if st == "none" else " " + label("goal_status", st, lang)
                before = g.before.get(grp)
                prev = "" if before is None else "; " + text(
                    "goal_previous", lang, period=self.previous, share=before.text(lang),
                    arrow=arrow(s, before)).strip()
                row[label("group", grp, lang)] = (f"{s.text(lang)} ({s.numbers(lang)})"
                                                  f"{mark}{prev}")
            rows.append(row)
        frame = pd.DataFrame(rows, index=[g.what for g in self.goals])
        frame.index.name = label("target", "measure", lang)
        return frame

    def _cell(self, goal: Goal, group: str) -> str:
        lang = self.language
        s = goal.now[group]
        st = status(s, goal.target)
        badge = "" if st == "none" else (
            f'<span class="badge {st}">{escape(label("goal_status", st, lang))}</span>')
        before = goal.before.get(group)
        prev = ""
        if before is not None:
            prev = (f'<span class="prev">{escape(text("goal_previous", lang, period=self.previous, share=before.text(lang), arrow=arrow(s, before)).strip())}'  # noqa: E501
                    "</span>")
        value = "masked" if not s.shown else "num"
        return (f'<td class="goal {st}"><span class="share {value}">{escape(s.text(lang))}'
                f'</span>{badge}<span class="n">{escape(s.numbers(lang))}</span>{prev}</td>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The HTML, and the block recorded as a table for the Excel file."""
        from .tables import TABLE_KEY, Presented

        record = Presented(self.frame(), self.title, self.legend, sheet="Måluppfyllelse").record()
        return {"text/html": self._repr_html_()}, {TABLE_KEY: record}

    def _repr_html_(self) -> str:
        lang = self.language
        head = "".join(f'<th scope="col"{" class=total" if g == "total" else ""}>'
                       f'{escape(label("group", g, lang))}</th>' for g in GROUPS)
        rows = []
        for g in self.goals:
            level = "–" if g.target is None else format_percent(g.target, language=lang)
            rows.append(f'<tr><th scope="row">{escape(g.what)}</th><td class="level">'
                        f'{escape(level)}</td>{"".join(self._cell(g, grp) for grp in GROUPS)}'
                        "</tr>")
        legend = "".join(f"<p>{escape(line)}</p>" for line in self.legend.split("\n") if line)
        return (f'<figure class="finsam-table finsam-goals"><figcaption>{escape(self.title)}'
                f'</figcaption><table><thead><tr><th scope="col">'
                f'{escape(label("target", "measure", lang))}</th><th scope="col">'
                f'{escape(label("target", "target", lang))}</th>{head}</tr></thead><tbody>'
                f'{"".join(rows)}</tbody></table><div class="legend">{legend}</div></figure>')
