"""Finding things shaped like a Swedish personal identity number (personnummer).

The project never needs one: participants carry a pseudonymous id. Input holding a
personnummer (YYMMDD-XXXX, YYMMDD+XXXX, YYMMDDXXXX, YYYYMMDDXXXX or YYYYMMDD-XXXX, with a
valid date — day + 60 for a samordningsnummer — and a valid Luhn check digit) is refused.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_CANDIDATE = re.compile(r"(?<!\d)(?:\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{3})(\d)(?!\d)")
_QUICK = r"(?<!\d)\d{6}(?:\d{2})?[-+]?\d{4}(?!\d)"


def luhn_ok(digits: str) -> bool:
    """True when the last digit is the Luhn check digit of the others (weights 2, 1, 2, …)."""
    total = 0
    for i, ch in enumerate(digits[:-1]):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == int(digits[-1])


def find_personnummer(text: str) -> str | None:
    """The first personnummer-shaped substring of `text`, or None."""
    for m in _CANDIDATE.finditer(text):
        yy, mm, dd, serial, check = m.groups()
        month, day = int(mm), int(dd)
        if not 1 <= month <= 12:
            continue
        if not (1 <= day <= 31 or 61 <= day <= 91):
            continue
        if luhn_ok(yy + mm + dd + serial + check):
            return m.group(0)
    return None


def mask(found: str) -> str:
    """Show where a personnummer was without repeating it: `850709-****`."""
    return re.sub(r"\d{4}$", "****", found)


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
