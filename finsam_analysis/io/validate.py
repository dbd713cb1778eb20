"""The per-column checks, declared: pandera schemas made from the columns of `schema.py`.

Two schemas a table, from each column's kind, `required` and `nullable`: one of the cells as
written (a required column is there, a required value is given, the text reads as the kind:
a date that exists, a number, a whole number, a known code word) and one of the values read
(dates 1900–2100, numbers below `MAX_NUMBER`). Each check is named by the message the user
reads and carries what was expected as its `error`, so that a failure pandera reports becomes
a problem naming file, row, column, the cell as written and what was expected. A cell that
fails a check is read as empty. The checks across rows and tables are in `load.py`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrorReason, SchemaErrors

from .. import schema
from ..schema import Column, Table

MAX_NUMBER = 1e12
"""No number in any table is this large (a budget of a thousand billion kronor); larger is an
input error rather than something the reports would print."""

_DATE = r"^(\d{4})-?(\d{1,2})-?(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$"

# --- reading a cell as its kind: cells are a Categorical, and each distinct text is read once


def _per_text(cells: pd.Series, read, missing) -> pd.Series:
    """`read` (the distinct texts → their values) spread over the rows; empty → `missing`."""
    values = np.append(read(pd.Series(cells.cat.categories, dtype=object)), missing)
    return pd.Series(values[cells.cat.codes], index=cells.index, dtype=values.dtype)


def _dates(texts: pd.Series) -> np.ndarray:
    parts = texts.str.extract(_DATE)
    joined = parts[0] + "-" + parts[1].str.zfill(2) + "-" + parts[2].str.zfill(2)
    return pd.to_datetime(joined, format="%Y-%m-%d", errors="coerce").to_numpy()


def _number(v: str) -> float:
    v = v.replace("\u00a0", "").replace(" ", "").replace(",", ".").replace("\u2212", "-")
    try:
        x = float(v)
    except ValueError:
        return np.nan
    return x if np.isfinite(x) else np.nan  # `inf`, `nan`, 1e400: not a number


def read_date(cells: pd.Series) -> pd.Series:
    """`2020-03-01`, `20200301`, `2020-3-1` (midnight may be written out); NaT if no date."""
    return _per_text(cells, _dates, np.datetime64("NaT"))


def read_number(cells: pd.Series) -> pd.Series:
    """Decimal comma or point, spaces between thousands, `−`; NaN if not a finite number."""
    return _per_text(cells, lambda t: t.map(_number).to_numpy(float), np.nan)


def read_code(cells: pd.Series, codes: dict[str, str]) -> pd.Series:
    """The canonical code of a code word (any case, accents or gaps); None if unknown."""
    return _per_text(cells, lambda t: t.map(lambda v: codes.get(schema.fold(v))).to_numpy(object),
                     None)


def read_text(cells: pd.Series) -> pd.Series:
    """The text as written; None if empty."""
    return _per_text(cells, lambda t: t.to_numpy(object), None)


def _whole_or_huge(cells: pd.Series) -> pd.Series:
    x = read_number(cells)
    return x.notna() & ((x % 1 == 0) | (x.abs() > MAX_NUMBER))  # too large is said once


READ = {"date": read_date, "int": read_number, "number": read_number}
DTYPES = {"date": "datetime64[ns]", "int": "Int64", "number": float}

# --- the declarations as pandera schemas --------------------------------------------------------


def _checks(col: Column) -> tuple[list[pa.Check], list[pa.Check]]:
    """The checks of a column's cells as written, and of the values they read as."""
    too_large = pa.Check.in_range(-MAX_NUMBER, MAX_NUMBER, name="number too large",
                                  error=f"a number below {MAX_NUMBER:,.0f}".replace(",", " "))
    return {
        "date": ([pa.Check(lambda s: read_date(s).notna(), name="not a valid date",
                           error="a date YYYY-MM-DD that exists")],
                 [pa.Check.in_range(pd.Timestamp("1900-01-01"), pd.Timestamp("2100-12-31"),
                                    name="date out of range",
                                    error="a year between 1900 and 2100")]),
        "int": ([pa.Check(_whole_or_huge, name="not a whole number", error="a whole number")],
                [too_large]),
        "number": ([pa.Check(lambda s: read_number(s).notna(), name="not a number",
                             error="a number (decimal comma or point)")], [too_large]),
        "code": ([pa.Check(lambda s: read_code(s, col.codes).notna(), name="unknown code",
                           error=", ".join(dict.fromkeys((col.codes or {}).values())))], []),
        "text": ([], []),
    }[col.kind]


def schemas(table: Table) -> tuple[pa.DataFrameSchema, pa.DataFrameSchema]:
    """The table's schema of the cells as written and its schema of the values read."""
    checks = {c.name: _checks(c) for c in table.columns}
    cells = {c.name: pa.Column(nullable=c.nullable, required=c.required, checks=checks[c.name][0])
             for c in table.columns}
    values = {c.name: pa.Column(nullable=True, required=False, checks=checks[c.name][1])
              for c in table.columns if c.kind in READ}
    return pa.DataFrameSchema(cells, name=table.name), pa.DataFrameSchema(values, name=table.name)


ORDER = ("required column is missing", "a value is required here", "not a valid date",
         "date out of range", "number too large", "not a whole number", "not a number",
         "unknown code")
"""The order in which a column's problems are told (each in the order of the rows)."""


def _failure(err: SchemaError, table: Table) -> tuple[str, str, str | None, list]:
    """(column, message, expected, index of the rows) of what pandera found."""
    if err.reason_code == SchemaErrorReason.COLUMN_NOT_IN_DATAFRAME:
        name = err.failure_cases  # the column's name
        synonyms = table.column(name).synonyms
        return name, ORDER[0], (f"a column {name} (or a Swedish header such as "
                                f"{synonyms[0]!r})" if synonyms else f"a column {name}"), []
    rows = list(err.failure_cases["index"])
    if err.reason_code == SchemaErrorReason.SERIES_CONTAINS_NULLS:
        return err.column_name, ORDER[1], None, rows
    if err.reason_code == SchemaErrorReason.DATAFRAME_CHECK:
        return err.column_name, err.check.name, err.check.error, rows
    raise RuntimeError(f"{table.name}: a check could not run: {err}")  # a bug, not the file


def _failures(schema_: pa.DataFrameSchema, frame: pd.DataFrame, table: Table) -> list:
    try:
        schema_.validate(frame, lazy=True, inplace=True)
    except SchemaErrors as exc:
        return [_failure(err, table) for err in exc.schema_errors]
    return []


def _cells(text: pd.Series) -> pd.Series:
    """A column as written ("" for empty) as a Categorical of its distinct texts, empty = NA."""
    codes, distinct = pd.factorize(text)
    cells = pd.Categorical.from_codes(codes, pd.Index(distinct, dtype=object))
    return pd.Series(cells.remove_categories([""]) if "" in distinct else cells,
                     index=text.index)


def check_columns(text: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, list]:
    """Check a file's columns (`text`: the cells as written, "" for an empty one, under the
    canonical column names) against the table's declarations, and read them.

    Returns the canonical frame (every column of the table; a cell that fails a check, or a
    column the file lacks, is empty) and the failures as (column, message, expected, positions
    of the rows), in the order the user reads them.
    """
    cells_schema, values_schema = schemas(table)
    cells = pd.DataFrame({name: _cells(t) for name, t in text.items()}, index=text.index)
    failures = _failures(cells_schema, cells, table)
    read = {c.name: READ[c.kind](cells[c.name]) for c in table.columns
            if c.kind in READ and c.name in cells}
    failures += _failures(values_schema, pd.DataFrame(read, index=text.index), table)
    for c in table.columns:
        if c.name in cells and c.kind not in READ:
            read[c.name] = (read_code(cells[c.name], c.codes) if c.kind == "code"
                            else read_text(cells[c.name]))

    failures = [(name, message, expected, np.sort(text.index.get_indexer(rows)))
                for name, message, expected, rows in failures]
    out = {}
    for c in table.columns:
        values = read.get(c.name, pd.Series(None, index=text.index, dtype=object))
        for name, _, _, at in failures:
            if name == c.name:
                values.iloc[at] = None
        out[c.name] = values.astype(DTYPES.get(c.kind, object))
    order = {c.name: i for i, c in enumerate(table.columns)}
    failures.sort(key=lambda f: (f[1] != ORDER[0], order[f[0]], ORDER.index(f[1])))
    return pd.DataFrame(out, index=text.index), failures
