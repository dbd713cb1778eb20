"""Deviations to raise with the steering group (avvikelser), as a short list a reader scans.

`measures.deviations` decides what deviates; this module writes each deviation as one line
with its figures — "Andel i arbete vid avslut, kvinnor: 18,0 % (9 av 50) mot målet 25,0 %
(−7,0 procentenheter)" — from the shares a reader of the report sees (`equality.Share`,
read from the protected tables), so a line never carries a figure the tables hide. The
difference is the one a reader subtracts: the shares as printed (one decimal).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from .equality import Share
from .labels import label
from .tables import format_count, format_decimal, format_percent


@dataclass(frozen=True)
class Deviation:
    """One listed deviation: what deviates (`kind`: target_missed, moved or occupancy), and
    the line a reader sees."""

    kind: str
    what: str
    line: str
    team: str = ""
    group: str = "total"
    measure: str = ""  # the canonical code (`measures.deviations`), for tests and Excel
    timepoint: str = ""


def signed(value: Decimal | float, language: str = "sv") -> str:
    """`+7,0`, `−7,0`, `0,0`."""
    return ("+" if value > 0 else "") + format_decimal(float(value), language=language)


def number(value: float, language: str = "sv") -> str:
    """`90` for a whole number, `12,5` otherwise."""
    return format_count(value, language) if float(value).is_integer() else \
        format_decimal(value, language=language)


def target_missed(what: str, group: str, now: Share, target: float,
                  language: str = "sv") -> Deviation:
    """A target missed: the share with its numbers against the target level."""
    diff = now.rounded - Decimal(str(target))
    line = _line("target_missed", language, what=what,
                group=label("deviation", group, language), share=now.text(language),
                n=now.numbers(language, note=False),
                target=format_percent(target, language=language), diff=signed(diff, language))
    return Deviation("target_missed", what, line, group=group)


def moved(what: str, group: str, now: Share, before: Share, period: str,
          language: str = "sv") -> Deviation:
    """A headline share that moved: now, with its numbers, against the previous period."""
    diff = now.rounded - before.rounded
    line = _line("moved", language, what=what, group=label("deviation", group, language),
                share=now.text(language), n=now.numbers(language, note=False),
                before=before.text(language), period=period, diff=signed(diff, language))
    return Deviation("moved", what, line, group=group)


def occupancy(used: float, places: float, language: str = "sv") -> Deviation:
    """Places used on average against the plan's places, the difference in per cent."""
    diff = 100.0 * (used - places) / places
    line = _line("occupancy", language, used=format_decimal(used, language=language),
                places=number(places, language), diff=signed(diff, language))
    return Deviation("occupancy", "places", line)


def _line(kind: str, language: str, **values: object) -> str:
    return label("deviation", kind, language).format(**values)


class Deviations:
    """The list of deviations of a report (or, with `team` set on each, of every team).
    Displays itself in a notebook: a short list, or one sentence when nothing deviates."""

    def __init__(self, items: list[Deviation], title: str = "", legend: str = "",
                 language: str = "sv", none: str = ""):
        self.items, self.legend, self.language = items, legend, language
        self.title = title or label("deviation", "title", language)
        self.none = none or label("deviation", "none", language)

    def __repr__(self) -> str:  # stable in a notebook's text output (no address)
        return "\n".join([self.title, *self.lines()] or [self.none])

    def __len__(self) -> int:
        return len(self.items)

    def lines(self) -> list[str]:
        return [f"{d.team}: {d.line}" if d.team else d.line for d in self.items]

    def frame(self):
        """The list as a one-column table (for Excel and plain text)."""
        import pandas as pd

        lang = self.language
        column = label("deviation", "deviation", lang)
        if not self.items:
            return pd.DataFrame({column: [self.none]}, index=[""])
        frame = pd.DataFrame({column: [d.line for d in self.items]},
                             index=[d.team or str(i) for i, d in enumerate(self.items, 1)])
        frame.index.name = label("deviation", "team", lang) if any(
            d.team for d in self.items) else ""
        return frame

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The HTML, and the list recorded as a table for the Excel file."""
        from .tables import TABLE_KEY, Presented

        record = Presented(self.frame(), self.title, self.legend,
                           sheet=label("sheet", "deviations", self.language)).record()
        return {"text/html": self._repr_html_()}, {TABLE_KEY: record}

    def _repr_html_(self) -> str:
        parts = ['<figure class="finsam-table finsam-deviations">',
                 f"<figcaption>{escape(self.title)}</figcaption>"]
        if self.items and any(d.team for d in self.items):  # grouped under each team
            teams = list(dict.fromkeys(d.team for d in self.items))
            parts.append('<ul class="by-team">' + "".join(
                f"<li><strong>{escape(team)}</strong><ul>" + "".join(
                    f"<li>{escape(d.line)}</li>" for d in self.items if d.team == team)
                + "</ul></li>" for team in teams) + "</ul>")
        elif self.items:
            parts.append("<ul>" + "".join(f"<li>{escape(d.line)}</li>" for d in self.items)
                         + "</ul>")
        else:
            parts.append(f'<p class="none">{escape(self.none)}</p>')
        if self.legend:
            parts.append('<div class="legend">' + "".join(
                f"<p>{escape(line)}</p>" for line in self.legend.split("\n") if line)
                + "</div>")
        parts.append("</figure>")
        return "".join(parts)
