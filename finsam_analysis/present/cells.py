"""A shown cell back as the number it shows: the inverse of `tables`' formats, for Excel.

A report table is text (`1 234`, `40,0 %`, `5,6 år`, `18 458 kr`, `..`, `.`). An Excel file
made from the same text keeps exactly what the reader saw — nothing the disclosure gate hid
can come back — and gives the evaluator numbers to compute with: each cell is read back as
its value and an Excel number format that shows it the same way. `..` and `.` become empty
cells with a note saying why. A cell that shows a share with the numbers it rests on
(`40,0 % (8 av 20)`) is read into its parts (`split_compound`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import label, text
from .policy import Policy, policy_of
from .tables import MISSING, NBSP, NOT_APPLICABLE

_NUMBER = r"[−+-]?\d{1,3}(?:\u00a0\d{3})*(?:,\d+)?"
_TOKEN = rf"(?:\.\.|\.|{_NUMBER}(?: %)?)"
_FLAG = "⚑ "

FORMATS = {
    "count": "#,##0",
    "percent": "0.0 %",
    "kronor": '#,##0 "kr"',
}


@dataclass(frozen=True)
class Cell:
    """One cell for Excel: a number with its format, a text, or nothing with a note."""

    value: float | int | str | None
    number_format: str | None = None
    note: str | None = None


def _decimal_format(decimals: int, unit: str = "", signed: bool = False) -> str:
    body = "0" + ("." + "0" * decimals if decimals else "")
    body = "#,##" + body if not decimals else body
    suffix = f' "{unit}"' if unit else ""
    if signed:
        return _signed(body + suffix)
    return body + suffix


def _signed(fmt: str) -> str:
    """A format that shows the sign as the report does: `+7 500 kr`, `−3 600 kr`, `0 kr`."""
    return f'"+"{fmt};"−"{fmt};{fmt}'


def _units(language: str) -> dict[str, str]:
    """The units a shown number may carry, as `tables` writes them."""
    return {label("unit", u, language): u for u in ("years", "months")}


def parse_cell(shown: object, audience: Policy | str = "external", language: str = "sv") -> Cell:
    """A shown cell as a value and number format; `..` and `.` as an empty cell and a note;
    anything that is not one of the report's number formats stays text."""
    if shown is None:
        return Cell(None)
    s = str(shown).strip()
    if s in ("", "nan", "None"):
        return Cell(None)
    if s == MISSING:
        key = "excel_hidden" if policy_of(audience).external else "excel_missing"
        return Cell(None, note=text(key, language))
    if s == NOT_APPLICABLE:
        return Cell(None, note=text("excel_not_applicable", language))
    note = None
    if s.startswith(_FLAG):
        s, note = s[len(_FLAG):], text("excel_flagged", language)
    signed = s[:1] in "+−-" and len(s) > 1 and s[1].isdigit()
    unit = ""
    for suffix in (" %", " kr", *(f" {u}" for u in _units(language))):
        if s.endswith(suffix):
            s, unit = s[: -len(suffix)], suffix.strip()
            break
    if not re.fullmatch(_NUMBER, s):
        return Cell(str(shown))
    plain = s.replace(NBSP, "").replace("−", "-").replace(",", ".")
    decimals = len(plain.partition(".")[2])
    number: float | int = float(plain) if decimals else int(plain)
    if unit == "%":
        fmt = "0." + "0" * decimals + " %" if decimals else "0 %"
        if signed:
            fmt = _signed(fmt)
        return Cell(round(number / 100, decimals + 2), fmt, note)
    if unit == "kr":
        fmt = FORMATS["kronor"]
        if signed:
            fmt = _signed(fmt)
        return Cell(number, fmt, note)
    if not decimals and not unit and not signed:
        return Cell(number, FORMATS["count"], note)
    return Cell(number, _decimal_format(decimals, unit, signed), note)


def _templates(language: str) -> list[tuple[str, re.Pattern]]:
    """The forms of a cell that holds a share with its numbers, each as a pattern with the
    parts' names (from the same texts `tables` writes them with)."""
    forms = [text(k, language, share="{share}", count="{count}", with_followup="{with_followup}",
                  base="{base}")
             for k in ("target_cell_health_cohort", "target_cell_cohort", "target_cell")]
    forms.append("{value} (n = {n})")
    out = []
    for form in forms:
        pattern = re.escape(form)
        names = re.findall(r"\\\{(\w+)\\\}", pattern)
        for name in names:
            pattern = pattern.replace(rf"\{{{name}\}}", rf"(?P<{name}>{_TOKEN})", 1)
        out.append((form, re.compile(pattern)))
    return out


def split_compound(shown: object, language: str = "sv") -> dict[str, str] | None:
    """`40,0 % (8 av 20)` → {share: `40,0 %`, count: `8`, with_followup: `20`} (a share, how
    many it counts and of how many); None for a cell that is one figure or text."""
    if not isinstance(shown, str) or "(" not in shown:
        return None
    for _, pattern in _templates(language):
        m = pattern.fullmatch(shown.strip())
        if m:
            return m.groupdict()
    return None


PART_ORDER = ("share", "value", "count", "with_followup", "base", "n")
