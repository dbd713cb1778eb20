"""The gender-equality analysis (jämställdhetsanalys): women − men for every headline share.

The policy asks that all statistics be split by sex *and analysed from a gender-equality
perspective* (seed 000, Jämställdhet). For each headline share a report shows the share of
women and of men with the numbers it rests on and the difference women − men in percentage
points; where the difference is large and rests on enough people, one generated sentence
says so (the rule: `is_notable`).

A difference is computed only from shares the reader sees: from the protected tables, and
from the shares as printed (one decimal), so the difference is what a reader subtracts
themselves. A hidden share (`..`) gives a hidden difference, a share that cannot occur (`.`)
a difference that cannot occur.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape

import pandas as pd

from .labels import label, text
from .tables import MISSING, NOT_APPLICABLE, format_count, format_decimal, round_half_up

MIN_DIFFERENCE = 10
"""A difference women − men is commented on when it is at least this many percentage
points (either way) …"""
MIN_GROUP = 10
"""… and both groups' shares rest on at least this many people."""


def _missing(value: object) -> bool:
    """None, NaN, or pandas' NA (a nullable count nobody was measured for)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class Share:
    """A share as a reader of the report sees it.

    `value` in percent, None when not shown; `count` and `base` (the "N av M") None when
    hidden. `hidden`: the share is hidden or not available (`..`) rather than impossible
    (`.`, nobody to divide by)."""

    value: float | None
    count: float | None = None
    base: float | None = None
    hidden: bool = False
    note: str = ""  # more on the base, e.g. "uppföljda, 31 i kohorten"
    people: float | None = None  # how many people the share rests on, when not `base`

    @classmethod
    def of(cls, count: object, base: object, value: object, count_hidden: bool = False,
           base_hidden: bool = False, share_hidden: bool = False) -> Share:
        """From a table's numbers and its mask flags."""
        c = None if count_hidden or _missing(count) else float(count)
        b = None if base_hidden or _missing(base) else float(base)
        if share_hidden or count_hidden or base_hidden:
            return cls(None, c, b, True)
        if _missing(value):
            # nobody to divide by cannot occur (.); a count not measured is not available (..)
            return cls(None, c, b, not (b == 0))
        return cls(float(value), c, b, False)

    @classmethod
    def hidden_share(cls) -> Share:
        return cls(None, None, None, True)

    @property
    def shown(self) -> bool:
        return self.value is not None

    @property
    def rounded(self) -> Decimal | None:
        """The share as printed: one decimal, half away from zero."""
        return None if self.value is None else round_half_up(self.value, 1)

    def text(self, language: str = "sv") -> str:
        if self.value is None:
            return MISSING if self.hidden else NOT_APPLICABLE
        return format_decimal(self.value, language=language) + " %"

    def short_numbers(self, language: str = "sv") -> str:
        """`numbers` without a cohort note; with the respondents when they are not the base."""
        return self.numbers(language, self.people is not None)

    def numbers(self, language: str = "sv", note: bool = True) -> str:
        """`14 av 35`, with `..` for a hidden count or base (and the `note`, if any)."""
        c = MISSING if self.count is None else format_count(self.count, language)
        b = MISSING if self.base is None else format_count(self.base, language)
        out = text("n_of_m", language, count=c, base=b)
        return f"{out} {self.note}" if self.note and note else out


def difference(women: Share, men: Share) -> Decimal | None:
    """Women − men in percentage points, from the shares as printed; None when either is
    not shown (hidden or impossible)."""
    if not (women.shown and men.shown):
        return None
    return women.rounded - men.rounded


def difference_text(women: Share, men: Share, language: str = "sv") -> str:
    """`+12,3`, `−5,0`, `0,0`; `..` when either share is hidden, `.` when either cannot
    occur."""
    d = difference(women, men)
    if d is None:
        if (not women.shown and women.hidden) or (not men.shown and men.hidden):
            return MISSING
        return NOT_APPLICABLE
    return ("+" if d > 0 else "") + format_decimal(float(d), language=language)


def is_notable(women: Share, men: Share, min_difference: float = MIN_DIFFERENCE,
               min_group: int = MIN_GROUP) -> bool:
    """The rule for a sentence: |women − men| ≥ `min_difference` points, and both shares
    rest on at least `min_group` people (both bases shown). Never for a hidden share."""
    d = difference(women, men)
    w = women.base if women.people is None else women.people
    m = men.base if men.people is None else men.people
    if d is None or w is None or m is None:
        return False
    return abs(d) >= Decimal(str(min_difference)) and w >= min_group and m >= min_group


def sentence(what: str, women: Share, men: Share, language: str = "sv") -> str:
    """One Swedish sentence on a notable difference, e.g. "Positivt utfall: andelen är
    12,3 procentenheter högre för kvinnor (40,0 %, 14 av 35) än för män (27,7 %, 6 av 21)."""
    d = difference(women, men)
    higher, lower = (("K", women), ("M", men)) if d > 0 else (("M", men), ("K", women))
    return text("equality_sentence", language, what=what,
                diff=format_decimal(abs(float(d)), language=language),
                higher=label("equality", higher[0], language),
                lower=label("equality", lower[0], language),
                higher_share=higher[1].text(language),
                higher_n=higher[1].short_numbers(language),
                lower_share=lower[1].text(language), lower_n=lower[1].short_numbers(language))


@dataclass
class EqualityRow:
    """One headline share by sex: its label, women's and men's share."""

    what: str
    women: Share
    men: Share


class Equality:
    """The gender-equality table of a report: per headline share, women and men with the
    numbers each rests on, the difference in percentage points, and a sentence for each
    notable difference. Displays itself in a notebook."""

    def __init__(self, rows: list[EqualityRow], title: str = "", legend: str = "",
                 language: str = "sv", first_column: str = ""):
        self.rows, self.title, self.legend, self.language = rows, title, legend, language
        self.first_column = first_column or label("equality", "measure", language)

    def __repr__(self) -> str:  # stable in a notebook's text output (no address)
        return "\n".join([self.frame().to_string(), *self.sentences()])

    def sentences(self) -> list[str]:
        return [sentence(r.what, r.women, r.men, self.language) for r in self.rows
                if is_notable(r.women, r.men)]

    def frame(self):
        """The table as text cells (for Excel and plain text)."""
        import pandas as pd

        lang = self.language
        frame = pd.DataFrame(
            [{label("group", "K", lang):
                f"{r.women.text(lang)} ({r.women.short_numbers(lang)})",
              label("group", "M", lang): f"{r.men.text(lang)} ({r.men.short_numbers(lang)})",
              label("equality", "difference", lang): difference_text(r.women, r.men, lang)}
             for r in self.rows], index=[r.what for r in self.rows])
        frame.index.name = self.first_column
        return frame

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The HTML, and the block recorded as a table for the Excel file."""
        from .tables import TABLE_KEY, Presented

        record = Presented(self.frame(), self.title, self.legend, sheet="Jämställdhet").record()
        return {"text/html": self._repr_html_()}, {TABLE_KEY: record}

    def _repr_html_(self) -> str:
        lang = self.language
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in (
            self.first_column, label("group", "K", lang), label("group", "M", lang),
            label("equality", "difference", lang)))
        body = []
        for r in self.rows:
            cells = []
            for s in (r.women, r.men):
                cls = "num" if s.shown else "masked"
                cells.append(f'<td class="{cls}">{escape(s.text(lang))}'
                             f'<span class="n">{escape(s.short_numbers(lang))}</span></td>')
            d = difference_text(r.women, r.men, lang)
            mark = ' class="num notable"' if is_notable(r.women, r.men) else \
                (' class="masked"' if d == MISSING else ' class="num"')
            star = " ◆" if is_notable(r.women, r.men) else ""
            body.append(f'<tr><th scope="row">{escape(r.what)}</th>{"".join(cells)}'
                        f"<td{mark}>{escape(d)}{star}</td></tr>")
        parts = ['<figure class="finsam-table finsam-equality">']
        if self.title:
            parts.append(f"<figcaption>{escape(self.title)}</figcaption>")
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}"
                     "</tbody></table>")
        found = self.sentences()
        if found:
            parts.append('<ul class="finsam-findings">' + "".join(
                f"<li>◆ {escape(s)}</li>" for s in found) + "</ul>")
        else:
            parts.append(f'<p class="finsam-findings">{escape(text("equality_none", lang))}'
                         "</p>")
        if self.legend:
            parts.append('<div class="legend">' + "".join(
                f"<p>{escape(line)}</p>" for line in self.legend.split("\n")) + "</div>")
        parts.append("</figure>")
        return "".join(parts)


def rule_text(language: str = "sv") -> str:
    """The rule in one line for the legend (and docs/equality.md)."""
    return text("equality_rule", language, points=MIN_DIFFERENCE, n=MIN_GROUP)
