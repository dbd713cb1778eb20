"""The Excel file as its reader uses it: numbers as numbers with number formats, hidden cells
empty with a note, readable sheet names, the report's heading on every sheet — and never a
value the disclosure gate hid."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from finsam_analysis.present.cells import parse_cell, split_compound
from finsam_analysis.present.tables import MISSING, NBSP, Presented
from finsam_analysis.reports.export import (
    excel_frame,
    from_record,
    sheet_names,
    table_record,
    write_excel,
)

HEADING = ["Exempelförbundet", "Team: Team Ett", "Period: 2022H1 (2022-01-01 – 2022-06-30)",
           "Extern rapport: utan personuppgifter, små tal dolda",
           "Exempeldata — fiktiva uppgifter"]


def _outcomes() -> Presented:
    frame = pd.DataFrame(
        {"Antal aktiva": [f"1{NBSP}234", "44", f"1{NBSP}278"],
         "Antal i arbete": [MISSING, MISSING, "4"],
         "Positivt utfall, andel": ["38,5 %", ".", "39,1 %"],
         "Genomströmningstid, medel": ["21,3 månader", MISSING, "19,7 månader"]},
        index=["Kvinnor", "Män", "Totalt"])
    frame.index.name = "Kön"
    return Presented(frame, "Gemensamma utfallsmått", "..  Dolt.", sheet="Utfallsmått")


def _cost() -> Presented:
    frame = pd.DataFrame({"Värde": [f"1{NBSP}679{NBSP}637 kr", "91", f"18{NBSP}458 kr", "."]},
                         index=["Utfall", "Aktiva deltagare", "Kostnad per deltagare",
                                "Kostnad per positivt utfall"])
    return Presented(frame, "Kostnad per deltagare och per utfall")


def _trend() -> Presented:
    frame = pd.DataFrame({"2021H2": ["40,0 % (8 av 20)", ".. (.. av 12)", "37,5 % (12 av 32)"]},
                         index=["Kvinnor", "Män", "Totalt"])
    return Presented(frame, "Utfall över tid")


def _write(tmp_path, tables, audience="external"):
    path = write_excel(tables, tmp_path / "report.xlsx", HEADING, audience)
    return openpyxl.load_workbook(path)


def _find(ws, text):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not on sheet {ws.title}")


def test_numbers_are_numbers_with_formats(tmp_path):
    wb = _write(tmp_path, [_outcomes(), _cost(), _trend()])
    ws = wb["Utfallsmått"]
    head = _find(ws, "Antal aktiva")
    women = ws.cell(head.row + 1, head.column)
    assert women.value == 1234 and isinstance(women.value, int)
    assert women.number_format == "#,##0"
    share = ws.cell(head.row + 1, head.column + 2)
    assert share.value == pytest.approx(0.385) and share.number_format == "0.0 %"
    months = ws.cell(head.row + 3, head.column + 3)
    assert months.value == pytest.approx(19.7) and "månader" in months.number_format
    cost = wb["Kostnad per deltagare och per"]
    spent = cost.cell(_find(cost, "Utfall").row, 2)
    assert spent.value == 1679637 and spent.number_format == '#,##0 "kr"'
    active = cost.cell(_find(cost, "Aktiva deltagare").row, 2)
    assert active.value == 91 and isinstance(active.value, int)


def test_hidden_and_impossible_cells_are_empty_with_a_note(tmp_path):
    wb = _write(tmp_path, [_outcomes()])
    ws = wb["Utfallsmått"]
    head = _find(ws, "Antal i arbete")
    hidden = ws.cell(head.row + 1, head.column)
    assert hidden.value is None and "skydda enskilda" in hidden.comment.text
    impossible = ws.cell(head.row + 2, head.column + 1)
    assert impossible.value is None and "Kan inte förekomma" in impossible.comment.text
    notes = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(n.startswith("Tomma celler") for n in notes)
    assert "..  Dolt." in notes  # the table's own legend
    assert not any(c.value in (MISSING, ".") for row in ws.iter_rows() for c in row)


def test_a_share_with_its_numbers_is_split_into_columns(tmp_path):
    wb = _write(tmp_path, [_trend()])
    ws = wb["Utfall över tid"]
    head = _find(ws, "2021H2, andel")
    heads = [ws.cell(head.row, head.column + i).value for i in range(3)]
    assert heads == ["2021H2, andel", "2021H2, antal", "2021H2, av antal"]
    women = [ws.cell(head.row + 1, head.column + i).value for i in range(3)]
    assert women == [pytest.approx(0.4), 8, 20]
    men = [ws.cell(head.row + 2, head.column + i).value for i in range(3)]
    assert men == [None, None, 12]


def test_every_sheet_has_the_heading_and_a_short_unique_name(tmp_path):
    long = "Hälsoenkäten: förbättrad hälsa bland dem som avslutats"
    tables = [_outcomes(), _cost(), _trend(),
              Presented(_trend().frame, long), Presented(_trend().frame, long),
              Presented(_trend().frame, "Uppföljning 6, 12, 18 och 24 månader efter avslut"),
              Presented(_trend().frame, "Utfall/över [tid]?")]
    wb = _write(tmp_path, tables)
    names = wb.sheetnames
    assert len(names) == len(tables) == len({n.casefold() for n in names})
    assert all(len(n) <= 31 for n in names)
    assert names[3:] == ["Hälsoenkäten", "Hälsoenkäten 2", "Uppföljning 6, 12, 18 och 24",
                         "Utfall över tid 2"]
    for ws in wb.worksheets:
        assert [ws.cell(i, 1).value for i in range(1, len(HEADING) + 1)] == HEADING, ws.title


def test_sheet_names_are_cut_between_words():
    names = sheet_names([Presented(pd.DataFrame(), "Vad som döljer sig bakom ”Antal till "
                                                    "annat” i tabellen")])
    assert names == ["Vad som döljer sig bakom"]


def test_parse_cell_reads_back_every_format():
    assert parse_cell(f"1{NBSP}234") .value == 1234
    assert parse_cell("−3\u00a0600 kr").value == -3600
    assert parse_cell("+0,7").value == pytest.approx(0.7)
    assert parse_cell("5,0 år").number_format == '0.0 "år"'
    assert parse_cell("⚑ 6,1 %").value == pytest.approx(0.061)
    assert parse_cell("Kommunen").value == "Kommunen"
    assert parse_cell("..", "internal").note.startswith("Uppgift saknas")
    assert split_compound("33,3 % (5 av 15 uppföljda, 16 i kohorten)") == {
        "share": "33,3 %", "count": "5", "with_followup": "15", "base": "16"}
    assert split_compound("9,6 (n = 15)") == {"value": "9,6", "n": "15"}
    assert split_compound("40,0 %") is None


def test_a_wide_table_by_sex_is_turned_as_in_the_report():
    frame = pd.DataFrame({f"Mått {i}": ["1", "2", "3"] for i in range(9)},
                         index=["Kvinnor", "Män", "Totalt"])
    out = excel_frame(Presented(frame, "t"))
    assert list(out.columns) == ["Kvinnor", "Män", "Totalt"] and len(out) == 9


def test_external_excel_never_holds_a_value_the_gate_hid(tmp_path, sample_data):
    """Every table of an external report, through the notebook's record and into Excel: a
    cell the report shows as `..` is empty, and every other cell is what the report shows —
    with the summary's deviations and the overview's team-by-team tables of the same run."""
    from finsam_analysis.present.tables import TABLE_KEY
    from finsam_analysis.reports import headlines
    from finsam_analysis.reports import overview as ov
    from finsam_analysis.reports.report import (
        previous_tables,
        protect_reports,
        report_tables,
        with_previous,
    )

    team = sample_data.teams[0]
    run = protect_reports(sample_data, with_previous([(team, "2022H1"), ("*", "2022H1")]))
    tables = report_tables(sample_data.for_team(team), "2022H1", "external", run=run)
    before = previous_tables(sample_data.for_team(team), "2022H1", run=run)
    association = report_tables(sample_data, "2022H1", "external", run=run)
    shown = [from_record(table_record(p)) for p in tables.presented.values()]
    # the summary's deviations and the overview's teams side by side go the same way
    deviations = headlines.deviations(tables, before, sample_data.config.settings)
    shown.append(from_record(deviations._repr_mimebundle_()[1][TABLE_KEY]))
    rows = [(team, tables), ("Förbundet totalt", association)]
    for columns in (ov.outcome_columns(), ov.ors_columns(), ov.health_columns(),
                    ov.cost_columns()):
        shown.append(ov.side_by_side(rows, columns, "Per team", "", "Team"))
    shown += ov.targets_by_timepoint(rows, sample_data.config.settings)
    hidden_cells = sum((p.frame == MISSING).to_numpy().sum() for p in shown)
    assert hidden_cells > 10  # the sample has small counts to hide
    wb = _write(tmp_path, shown)
    for p, ws in zip(shown, wb.worksheets, strict=True):
        frame = excel_frame(p)
        head = _find(ws, frame.columns[0])
        for i, values in enumerate(frame.itertuples(index=False), 1):
            for j, text in enumerate(values):
                cell = ws.cell(head.row + i, head.column + j)
                if str(text) in (MISSING, "."):
                    assert cell.value is None and cell.comment is not None, (ws.title, text)
                else:  # what the report shows, as a number where it shows one
                    expected = parse_cell(text).value
                    if isinstance(expected, int | float):
                        assert cell.value == pytest.approx(expected), (ws.title, text)
                    else:
                        assert cell.value == expected, (ws.title, text)
