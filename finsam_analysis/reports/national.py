"""`finsam national-counts`: the counts by sex the national follow-up of financial
coordination asks an association for (participants, new, exits, by team and for the whole
association), for a calendar year, as CSV and Excel.

External (the default): kvinnor och män make Totalt, the unknowns are one line of their own,
and the cells are protected together (the whole file is one run: the teams add up to the
association, Kvinnor + Män = Totalt) by the disclosure rules of the reports; a hidden figure
is `..` in the CSV and an empty cell with a note in Excel. Internal: every figure, Totalt
including the unknowns."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..io.dataset import Dataset
from ..measures.national import ASSOCIATION, COUNTS, national_counts
from ..present.labels import label, text
from ..present.policy import Policy, policy_of
from ..present.protection import GROUP_OF_ROW, ReportCells, protect_run

QUANTITY = {"participants": "active", "new": "started", "exits": "exits"}
"""Each count by the name the disclosure model gives it (its relations follow from it)."""


def protected_counts(data: Dataset, year: int, audience: Policy | str = "external"
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The counts and a frame of the same shape saying which are hidden (all False when
    internal)."""
    policy = policy_of(audience, data.config.settings)
    external = policy.external
    table = national_counts(data.participants, year, data.teams, unknown_in_total=not external)
    hidden = pd.DataFrame(False, index=table.index, columns=list(COUNTS))
    if not external:
        return table, hidden
    period = str(int(year))
    cells: dict[str, ReportCells] = {}
    for i, row in table.iterrows():
        scope = row["team"]
        r = cells.setdefault(scope, ReportCells(scope, period))
        g = GROUP_OF_ROW[row["group"]]
        for col, q in QUANTITY.items():
            r.put(q, g, row[col], "national", i, col)
        # known to every reader though not printed: the exits are among the participants
        r.values[(scope, period, "active_at_end", g)] = float(row["participants"] - row["exits"])
    prot = protect_run(list(cells.values()), policy.threshold, policy.all_counts,
                       run_periods={period}, members=data.teams)
    for scope in cells:
        for _, i, col in prot.hidden_places(scope, period):
            hidden.at[i, col] = True
    return table, hidden


def present_counts(data: Dataset, table: pd.DataFrame, hidden: pd.DataFrame) -> pd.DataFrame:
    """Swedish headers and names; hidden figures as `..`."""
    out = pd.DataFrame({
        "Team": [data.config.association if t == ASSOCIATION else data.team_name(t)
                 for t in table["team"]],
        "Kön": [label("group", g) for g in table["group"]],
    })
    for col in COUNTS:
        out[label("national", col)] = [".." if h else int(v)
                                       for v, h in zip(table[col], hidden[col], strict=True)]
    return out


def write_national_counts(data: Dataset, year: int, out: str | Path,
                          audience: Policy | str = "external") -> list[Path]:
    """`OUT.csv` (machine-readable: team ids, group codes, `..` for hidden) and `OUT.xlsx`
    (Swedish headers, numbers as numbers, hidden cells empty with a note). Each file is
    written whole or not at all."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    policy = policy_of(audience, data.config.settings)
    table, hidden = protected_counts(data, year, policy)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    csv_frame = table.astype(object).copy()
    for col in COUNTS:
        csv_frame[col] = [".." if h else str(int(v))
                          for v, h in zip(table[col], hidden[col], strict=True)]
    csv_path = out.with_name(out.name + ".csv")
    tmp = csv_path.with_name("." + csv_path.name + ".tmp")
    csv_frame.to_csv(tmp, index=False, lineterminator="\n")
    os.replace(tmp, csv_path)

    shown = present_counts(data, table, hidden)
    wb = Workbook()
    ws = wb.active
    ws.title = f"Nationella antal {int(year)}"[:31]
    title = label("national", "title").format(year=int(year), association=data.config.association)
    lines = [title, label("national", f"audience_{policy.audience}")]
    if data.config.example_data:
        lines.append(text("example_data"))
    for r, line in enumerate(lines, start=1):
        ws.cell(row=r, column=1, value=line)
    head = len(lines) + 2
    for c, name in enumerate(shown.columns, start=1):
        ws.cell(row=head, column=c, value=name)
    note = label("national", "hidden_note")
    for r, values in enumerate(shown.itertuples(index=False), start=head + 1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            if value == "..":
                cell.comment = Comment(note, "finsam")
            else:
                cell.value = value
                if isinstance(value, int):
                    cell.number_format = "0"
    if hidden.to_numpy().any():
        ws.cell(row=head + len(shown) + 2, column=1, value=note)
    ws.column_dimensions["A"].width = max(12, *(len(str(v)) for v in shown["Team"]))
    for col in "CDE":
        ws.column_dimensions[col].width = 14
    xlsx_path = out.with_name(out.name + ".xlsx")
    tmp = xlsx_path.with_name("." + xlsx_path.name + ".tmp")
    wb.save(tmp)
    os.replace(tmp, xlsx_path)
    return [csv_path, xlsx_path]
