"""Finding things shaped like a Swedish personal identity number (personnummer).

The project never needs one: participants carry a pseudonymous id. Input holding a
personnummer is refused, in every way people write one: 10 or 12 digits (`811218-9876`,
`19811218-9876`, `8112189876`, `198112189876`), with `-`, `+` (100 years or older), a space,
an en or em dash or a minus sign between date and number, with a valid date — day + 60 for a
samordningsnummer — and a valid Luhn check digit.

No message ever shows more of one than `YYMMDD-****` (`mask`), and `redact` replaces every
personnummer in a text by its mask, for anything printed from input.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_SEPARATOR = "[-+\u2010\u2011\u2012\u2013\u2014\u2212 \u00a0\u202f\t]"
"""What people put between the date and the last four digits: hyphen, plus, the dashes a
word processor makes of a hyphen, minus, and spaces (also non-breaking)."""
_CANDIDATE = re.compile(
    rf"(?<!\d)(?:(\d{{2}}))?(\d{{2}})(\d{{2}})(\d{{2}}){_SEPARATOR}?(\d{{3}})(\d)(?!\d)")
_QUICK = rf"(?<!\d)\d{{6}}(?:\d{{2}})?{_SEPARATOR}?\d{{4}}(?!\d)"


def luhn_ok(digits: str) -> bool:
    """True when the last digit is the Luhn check digit of the others (weights 2, 1, 2, …)."""
    total = 0
    for i, ch in enumerate(digits[:-1]):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == int(digits[-1])


def _matches(text: str):
    for m in _CANDIDATE.finditer(text):
        century, yy, mm, dd, serial, check = m.groups()
        if century is not None and century not in ("18", "19", "20"):
            continue
        month, day = int(mm), int(dd)
        if not 1 <= month <= 12:
            continue
        if not (1 <= day <= 31 or 61 <= day <= 91):
            continue
        if luhn_ok(yy + mm + dd + serial + check):
            yield m


def find_personnummer(text: str) -> str | None:
    """The first personnummer-shaped substring of `text`, or None."""
    return next((m.group(0) for m in _matches(str(text))), None)


def mask(found: str) -> str:
    """Show where a personnummer was without repeating it: always `YYMMDD-****` (the century
    of a 12-digit number and the last four digits are dropped)."""
    digits = re.sub(r"\D", "", found)
    return f"{digits[-10:-4]}-****"


def redact(text: str) -> str:
    """`text` with every personnummer in it replaced by its mask."""
    text = str(text)
    if not re.search(_QUICK, text):
        return text
    out, last = [], 0
    for m in _matches(text):
        out += [text[last:m.start()], mask(m.group(0))]
        last = m.end()
    return "".join(out) + text[last:]


def scan_lines(text: str) -> list[tuple[int, str]]:
    """(line number from 1, masked value) of every personnummer in a text file."""
    hits = []
    for number, line in enumerate(text.splitlines(), start=1):
        hits += [(number, mask(m.group(0))) for m in _matches(line)]
    return hits


def scan_frame(frame: pd.DataFrame) -> list[tuple[int, str, str]]:
    """(position, column, masked value) of every cell holding a personnummer-shaped string.

    `frame` holds the file's cells as text. Vectorised pre-filter, exact check per candidate.
    """
    hits: list[tuple[int, str, str]] = []
    for col in frame.columns:
        s = frame[col]
        if s.dtype != object and not pd.api.types.is_string_dtype(s):
            continue
        codes, uniques = pd.factorize(s)  # each distinct value once: registers repeat a lot
        u = pd.Series(uniques, dtype=object).astype(str)
        candidates = u.str.contains(_QUICK, regex=True, na=False)
        if not candidates.any():
            continue
        found = {i: find_personnummer(u.iloc[i]) for i in candidates.to_numpy().nonzero()[0]}
        found = {i: f for i, f in found.items() if f}
        if not found:
            continue
        for pos in np.isin(codes, list(found)).nonzero()[0]:
            hits.append((int(pos), str(col), mask(found[int(codes[pos])])))
    return hits
