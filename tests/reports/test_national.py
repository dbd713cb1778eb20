"""`finsam national-counts`: the counts by sex per team and year, checked against a naive
count, protected when external, and written as CSV and Excel."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
from conftest import SAMPLE
from conftest import run_cli as run

from finsam_analysis.io.load import load_data
from finsam_analysis.measures.national import national_counts


def _naive(participants, year):
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    out = {}
    for r in participants.itertuples(index=False):
        start = r.start_date.date()
        end = None if r.end_date != r.end_date or r.end_date is None else r.end_date.date()
        g = r.sex if r.sex in ("K", "M") else "unknown"
        c = out.setdefault((r.team, g), [0, 0, 0])
        c[0] += start <= last and (end is None or end >= first)
        c[1] += first <= start <= last
        c[2] += end is not None and first <= end <= last
    return out


def test_counts_equal_a_naive_count_and_add_up():
    data = load_data(SAMPLE)
    table = national_counts(data.participants, 2021, data.teams)
    naive = _naive(data.participants, 2021)
    for r in table.itertuples(index=False):
        if r.team != "*" and r.group != "total":
            assert [r.participants, r.new, r.exits] == naive.get((r.team, r.group), [0, 0, 0])
    by = table.set_index(["team", "group"])
    for col in ("participants", "new", "exits"):
        for team in [*data.teams, "*"]:
            assert by.at[(team, "total"), col] == sum(by.at[(team, g), col]
                                                      for g in ("K", "M", "unknown"))
        for g in ("K", "M", "unknown", "total"):
            assert by.at[("*", g), col] == sum(by.at[(t, g), col] for t in data.teams)
    external = national_counts(data.participants, 2021, data.teams,
                               unknown_in_total=False).set_index(["team", "group"])
    assert (external.xs("total", level="group") ==
            external.xs("K", level="group") + external.xs("M", level="group")).all().all()


def test_external_files_hide_small_groups_and_nothing_else_without_need(tmp_path):
    code, out, _ = run("national-counts", SAMPLE, "--year", "2021", "--out", tmp_path / "nc")
    assert code == 0 and out.split() == [str(tmp_path / "nc.csv"), str(tmp_path / "nc.xlsx")]
    rows = list(csv.DictReader((tmp_path / "nc.csv").open(encoding="utf-8")))
    data = load_data(SAMPLE)
    truth = national_counts(data.participants, 2021, data.teams,
                            unknown_in_total=False).set_index(["team", "group"])
    for r in rows:
        active = truth.at[(r["team"], r["group"]), "participants"]
        if 1 <= active <= 3:  # a group of 1-3 people: none of its counts is shown
            assert [r["participants"], r["new"], r["exits"]] == ["..", "..", ".."]
        if r["group"] in ("K", "M", "total") and active >= 20:  # the sex split always shows
            assert ".." not in (r["participants"], r["new"], r["exits"])
        for col in ("participants", "new", "exits"):
            if r[col] != "..":
                assert int(r[col]) == truth.at[(r["team"], r["group"]), col]
    ws = openpyxl.load_workbook(tmp_path / "nc.xlsx").active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert any("Exempeldata" in str(v) for row in values[:4] for v in row)
    header = next(i for i, row in enumerate(values) if row[:2] == ["Team", "Kön"])
    assert values[header][2:5] == ["Deltagare", "Nya", "Avslut"]
    body = [row for row in values[header + 1:] if row[1] in ("Kvinnor", "Män", "Okänt",
                                                              "Totalt")]
    assert len(body) == len(rows)
    cells = [c for row in ws.iter_rows(min_row=header + 2) for c in row[2:5]]
    assert all(isinstance(c.value, int) or (c.value is None and c.comment) for c in cells
               if c.row <= header + 1 + len(rows))
    assert sum(c.value is None for c in cells if c.row <= header + 1 + len(rows)) == \
        sum(v == ".." for r in rows for v in (r["participants"], r["new"], r["exits"]))


def test_internal_shows_every_figure_with_the_unknowns_in_the_total(tmp_path):
    code, _, _ = run("national-counts", SAMPLE, "--year", "2021", "--audience", "internal",
                     "--out", tmp_path / "nc")
    assert code == 0
    rows = list(csv.DictReader((tmp_path / "nc.csv").open(encoding="utf-8")))
    assert all(".." not in r.values() for r in rows)
    data = load_data(SAMPLE)
    assert int(next(r for r in rows if r["team"] == "*" and r["group"] == "total")[
        "participants"]) == _count_active(data.participants, 2021)


def _count_active(participants, year):
    return sum(_naive(participants, year)[k][0] for k in _naive(participants, year))
