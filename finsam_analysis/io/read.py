"""Reading a table's file as text: CSV (UTF-8, UTF-8 with BOM or Windows-1252; `;`, `,` or
tab), XLSX (the first sheet) or Parquet. Every cell comes back as a string, with the row
number the user sees, so that validation can name file, row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, Problem
from .personnummer import redact

# --- reading files as text ---------------------------------------------------------------------


@dataclass
class RawTable:
    """A file's cells as text (empty string for an empty cell) and how rows are numbered."""

    frame: pd.DataFrame
    file: str
    first_row: int  # the row number the user sees for the first data row

    def row(self, position: int) -> int:
        return self.first_row + int(self.frame.index[position])


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes, file: str) -> str:
    """A text file's bytes as text: UTF-8 (with or without a byte-order mark), else
    Windows-1252 (what a Swedish Excel or Notepad saves). A file that holds both — UTF-8 on one
    line, Windows-1252 on another — is refused, naming a line of each: decoding it either way
    would garble some of its text (`MalmÃ¶`)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = _line_of(data, exc.start)
    utf8 = _UTF8_MULTIBYTE.search(data)
    if utf8 is not None:
        raise DataError(Problem(
            file, f"mixes two text encodings: line {_line_of(data, utf8.start())} is UTF-8 and "
            f"line {bad_line} is Windows-1252", row=bad_line,
            expected="the whole file in one encoding; save it again as UTF-8"))
    return data.decode("cp1252", errors="replace")


def _unbalanced_quote(text: str, delimiter: str) -> int | None:
    """The line on which a quoted field opens that is never closed, or None."""
    line, start, quoted, at_field_start = 1, 0, False, True
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if quoted:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 1
                else:
                    quoted = False
            elif ch == "\n":
                line += 1
        elif ch == '"' and at_field_start:
            quoted, start = True, line
        elif ch == "\n":
            line += 1
        at_field_start = not quoted and ch in (delimiter, "\n", "\r")
        i += 1
    return start if quoted else None


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def read_csv_text(path: Path) -> RawTable:
    """Read a CSV as text cells: any of UTF-8, UTF-8 with BOM, Windows-1252; `,` `;` or tab."""
    text = decode_text(path.read_bytes(), path.name)
    delimiter = _sniff_delimiter(text)
    if '"' in text:
        line = _unbalanced_quote(text, delimiter)
        if line is not None:
            raise DataError(Problem(
                path.name, "a quoted value is never closed: the quote opens here and the rest "
                "of the file would be read as one value", row=line,
                expected='a closing " (or no quote at the start of the value)'))
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
            skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found is None:
            raise
        want, line, saw = found.groups()
        raise DataError(Problem(
            path.name, f"this row has {saw} values but the header has {want} columns",
            row=int(line), expected=f"{want} values separated by {delimiter!r}")) from None
    # the headers as written: pandas renames a repeated one (`sex`, `sex.1`), which would
    # hide that two columns claim one name (`_trimmed_headers` refuses that)
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter), None)
    if header is not None and len(header) == frame.shape[1]:
        frame.columns = header
    return RawTable(frame, path.name, first_row=2)


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        if value.hour == value.minute == value.second == 0:
            return value.strftime("%Y-%m-%d")
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_excel_text(path: Path) -> RawTable:
    """Read the first sheet of an .xlsx as text cells (dates as YYYY-MM-DD)."""
    # the header row read as a row: pandas would rename a repeated header (`sex.1`)
    frame = pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl", header=None)
    frame = frame.map(_cell_text) if hasattr(frame, "map") else frame.applymap(_cell_text)
    if frame.empty:
        return RawTable(pd.DataFrame(dtype=str), path.name, first_row=2)
    header = [str(c) for c in frame.iloc[0]]
    frame = frame.iloc[1:].reset_index(drop=True)
    frame.columns = header
    return RawTable(frame.astype(str), path.name, first_row=2)


def _text_column(s: pd.Series) -> pd.Series:
    """A column as text cells, computed once per distinct value."""
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s.dt.strftime("%Y-%m-%d")
        midnight = s.isna() | (s == s.dt.normalize())
        out = out.where(midnight, s.astype(str))
        return out.fillna("").astype(object)
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    texts = np.array([_cell_text(v) for v in uniques] + [""], dtype=object)
    return pd.Series(texts[codes], index=s.index, dtype=object)


def read_parquet_text(path: Path) -> RawTable:
    """Read a Parquet file and turn its cells into text like the other formats."""
    frame = pd.read_parquet(path)
    out = {str(col): _text_column(frame[col]) for col in frame.columns}
    return RawTable(pd.DataFrame(out, index=frame.index), path.name, first_row=1)


READERS = {".csv": read_csv_text, ".xlsx": read_excel_text, ".parquet": read_parquet_text}


def find_table_file(data_dir: Path, table: str) -> Path | None:
    """The one file holding `table` in `data_dir` (any accepted suffix), or None.

    Two files for the same table (say `participants.csv` and `participants.xlsx`) are an error:
    it would be a guess which one is meant.
    """
    found = [p for p in sorted(data_dir.iterdir())
             if p.is_file() and p.stem.lower() == table and p.suffix.lower() in READERS]
    if len(found) > 1:
        raise DataError(Problem(
            ", ".join(p.name for p in found),
            f"more than one file for the table {table}; keep one of them"))
    return found[0] if found else None


def read_raw(path: Path) -> RawTable:
    try:
        raw = READERS[path.suffix.lower()](path)
    except DataError:
        raise
    except Exception as exc:  # unreadable file: say which and why
        raise DataError(Problem(path.name, f"could not be read: {exc}")) from None
    frame = raw.frame
    frame.columns = _trimmed_headers(frame.columns, raw)
    frame = frame.apply(lambda col: unique_map(col.fillna("").astype(str), str.strip))
    # Rows that are empty in every cell (blank lines, trailing Excel rows) are not data.
    empty = (frame == "").all(axis=1)
    raw.frame = frame[~empty]
    return raw


def _trimmed_headers(written, raw: RawTable) -> list[str]:
    """The headers without the spaces around them. Two headers that are then the same (`sex`
    and `sex `) are refused, naming both as written: which column is meant would be a guess.
    A header of spaces only is an empty one, named by its position like pandas names those."""
    names = [str(c).strip() or f"Unnamed: {i}" for i, c in enumerate(written)]
    groups: dict[str, list[str]] = {}
    for name, header in zip(names, written, strict=True):
        groups.setdefault(name, []).append(redact(header))
    problems = [
        Problem(raw.file, f"{'two' if len(same) == 2 else len(same)} columns named "
                f"{redact(name)!r} (after removing spaces)", 1 if raw.first_row == 2 else None,
                " and ".join(repr(h) for h in same),
                expected="one column of that name: remove or rename the other")
        for name, same in groups.items() if len(same) > 1]
    if problems:
        raise DataError(problems)
    return names


def unique_map(col: pd.Series, func) -> pd.Series:
    """`col.map(func)`, calling `func` once per distinct value (registers repeat a lot)."""
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    mapped = np.array([func(v) for v in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=col.index, dtype=object)
