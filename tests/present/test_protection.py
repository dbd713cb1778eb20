"""Disclosure control over a whole run: the cells, the relations a reader knows, the primary
rule, the choice of hidden cells with its audit, the ledger and `finsam audit`."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLE, frame, person, run_cli

from finsam_analysis.io.dataset import Dataset
from finsam_analysis.present import protection as pr
from finsam_analysis.reports.report import (
    known_from_ledger,
    ledger_rows,
    protect_reports,
    report_tables,
)


def test_relations_follow_from_the_names_of_the_quantities():
    keys = {(s, p, q, g) for s in ("a", "b", "*") for p in ("2021H2", "2022H1", "2021/22")
            for q in ("exits", "active", "started") for g in ("K", "M", "T")}
    rels, _ = pr.relations(keys)
    as_sets = {frozenset((k, c) for k, c in r) for r in rels}
    k = lambda s, p, q, g: (s, p, q, g)  # noqa: E731
    assert frozenset({(k("a", "2021H2", "exits", "K"), 1), (k("a", "2021H2", "exits", "M"), 1),
                      (k("a", "2021H2", "exits", "T"), -1)}) in as_sets
    assert frozenset({(k("a", "2021H2", "exits", "K"), 1), (k("a", "2022H1", "exits", "K"), 1),
                      (k("a", "2021/22", "exits", "K"), -1)}) in as_sets  # halves → year
    assert frozenset({(k("*", "2022H1", "exits", "M"), -1), (k("a", "2022H1", "exits", "M"), 1),
                      (k("b", "2022H1", "exits", "M"), 1)}) in as_sets  # teams → association
    # active is a stock: half-years do not add up to the year's active
    halves_to_year = {k("a", "2021H2", "active", "K"), k("a", "2022H1", "active", "K"),
                      k("a", "2021/22", "active", "K")}
    assert not any({x for x, _ in r} == halves_to_year for r in rels)
    # the stock: a year and its first half start with the same people
    same_start = {k("a", "2021/22", "active", "T"), k("a", "2021/22", "started", "T"),
                  k("a", "2021H2", "active", "T"), k("a", "2021H2", "started", "T")}
    assert any({x for x, _ in r} == same_start for r in rels)


def test_primary_cells_are_small_sensitive_counts_and_small_groups():
    v = {("a", "P", "work", "K"): 2, ("a", "P", "work", "M"): 0, ("a", "P", "exits", "K"): 2,
         ("a", "P", "active", "K"): 40, ("a", "P", "active", "M"): 3,
         ("a", "P", "exits", "M"): 1, ("a", "P", "studies", "K"): 4,
         ("a", "P", "age:16-24", "T"): 2, ("a", "P", "age:16-24", "K"): 2}
    primary = pr.primary_cells(v, 3)
    assert ("a", "P", "work", "K") in primary            # where someone went: 1..3
    assert ("a", "P", "work", "M") not in primary        # zero is not protected
    assert ("a", "P", "exits", "K") not in primary       # participation, group of 40
    assert ("a", "P", "exits", "M") in primary           # participation, group of 3
    assert ("a", "P", "active", "M") in primary
    assert ("a", "P", "studies", "K") not in primary     # 4 is above the threshold
    assert ("a", "P", "age:16-24", "K") in primary       # a category of 2 people
    assert ("a", "P", "exits", "K") in pr.primary_cells(v, 3, all_counts=True)


def _dataset(records) -> Dataset:
    return Dataset(Path("."), participants=frame(*records))


def _women_and_men():
    recs = [person("K", "2020-01-01", "2021-03-01", "work") for _ in range(12)]
    recs += [person("K", "2020-01-01", "2021-03-01", "medical_rehab") for _ in range(6)]
    recs += [person("M", "2020-01-01", "2021-03-01", "work") for _ in range(2)]
    recs += [person("M", "2020-01-01", "2021-03-01", "studies") for _ in range(9)]
    recs += [person("M", "2020-01-01", "2021-03-01", "medical_rehab") for _ in range(7)]
    recs += [person("K", "2020-06-01") for _ in range(5)]
    return recs


def _hidden_in_one_relation(prot):
    """Hidden cells that are the only unknown of a relation (an unpublished cell, such as the
    exits without dropouts of an age group, may be: it follows from what is shown)."""
    rels, _ = pr.relations(prot.values)
    shown = {k for ps in prot.places.values() for k in ps.values()} - prot.hidden
    out = []
    for r in rels:
        keys = [k for k, _ in r]
        if all(k in prot.values for k in keys):
            hidden = [k for k in keys if k not in shown]
            if len(hidden) == 1 and hidden[0] in prot.hidden:
                out.append(hidden[0])
    return out


def test_a_report_hides_the_small_counts_and_keeps_the_sex_difference():
    r = report_tables(_dataset(_women_and_men()), "2021", "external")
    out = r.presented["outcomes"].frame
    work = out.loc[:, "Antal i arbete"] if "Antal i arbete" in out.columns else None
    assert work is not None and work["Män"] == ".."
    # the positive share of women and of men is shown: the sex difference is reported
    share = out["Positivt utfall, andel av avslut utan dropouts"]
    assert share["Kvinnor"] != ".." and share["Män"] != ".."
    assert share["Män"] == "61,1 %"  # 11 of 18


def test_no_relation_leaves_one_hidden_cell_and_the_audit_passes():
    data = _dataset(_women_and_men())
    run = protect_reports(data, [("*", "2021")])
    assert run.protection.audit.ok
    assert _hidden_in_one_relation(run.protection) == []
    assert ("*", "2021", "work", "M") in run.protection.hidden


def test_hiding_is_joint_across_periods_of_one_run():
    """Men's work in the first half is hidden; the year and the second half are published
    too, so the second half or the year must hide with it."""
    data = _h1_small_h2_large()
    run = protect_reports(data, [("*", "2021H1"), ("*", "2021H2"), ("*", "2021")])
    h = run.protection.hidden
    assert ("*", "2021H1", "work", "M") in h
    assert ("*", "2021H2", "work", "M") in h or ("*", "2021", "work", "M") in h
    assert _hidden_in_one_relation(run.protection) == []


def _h1_small_h2_large():
    recs = [person("K", "2020-01-01", "2021-03-01", "work") for _ in range(12)]
    recs += [person("M", "2020-01-01", "2021-03-01", "work") for _ in range(2)]
    recs += [person("M", "2020-01-01", "2021-03-01", "studies") for _ in range(9)]
    recs += [person("M", "2020-01-01", "2021-09-01", "work") for _ in range(8)]
    recs += [person("K", "2020-01-01", "2021-09-01", "studies") for _ in range(8)]
    return _dataset(recs)


def test_a_half_year_worked_out_from_its_year_and_other_half_is_protected():
    """The run publishes 2021 and 2021H2 only; the men's work in 2021H1 (2) is their
    difference, so one of the two published figures must hide."""
    run = protect_reports(_h1_small_h2_large(), [("*", "2021H2"), ("*", "2021")])
    h = run.protection.hidden
    assert ("*", "2021H2", "work", "M") in h or ("*", "2021", "work", "M") in h
    assert ("*", "2021H1") not in run.tables  # protected, not published


def test_a_later_run_publishing_the_half_year_an_earlier_run_implied_succeeds():
    data = _h1_small_h2_large()
    first = protect_reports(data, [("*", "2021H2"), ("*", "2021")])
    later = protect_reports(data, [("*", "2021H1")],
                            known=known_from_ledger(ledger_rows(first)))
    assert ("*", "2021H1", "work", "M") in later.protection.hidden
    assert later.protection.audit.ok
    assert later.protection.given_away == []


def test_implied_halves_need_the_year_and_the_other_half_of_the_same_count():
    def cells(period, quantities):
        r = pr.ReportCells("*", period)
        for q in quantities:
            r.put(q, "T", 5, "t", q, "T")
        return r

    assert pr.implied_halves([cells("2021/22", ["exits"]), cells("2021H2", ["exits"])]) == \
        [("*", "2022H1")]
    assert pr.implied_halves([cells("2021/22", ["exits"]), cells("2021H2", ["work"])]) == []
    assert pr.implied_halves([cells("2021/22", ["exits"])]) == []
    assert pr.implied_halves([cells("2021/22", ["exits"]), cells("2021H2", ["exits"]),
                              cells("2022H1", ["exits"])]) == []
    # a half-year with only the trend's positive outcomes: its exits are implied
    assert pr.implied_halves([cells("2021/22", ["exits", "positive"]),
                              cells("2021H2", ["exits", "positive"]),
                              cells("2022H1", ["positive"])]) == [("*", "2022H1")]
    assert pr.implied_halves([cells("2021/22", ["exits", "positive"]),
                              cells("2021H2", ["positive"]),
                              cells("2022H1", ["positive"])]) == []


def test_a_small_count_the_ledger_already_gives_away_is_named_not_protected_again():
    """The ledger shows the men's work in 2021 (10) and in 2021H2 (8), as a run without
    the protection of implied half-years did; a later run of 2021H2 can no longer protect
    2021H1's 2 (not published by it): it names it and goes on."""
    data = _h1_small_h2_large()
    known = {("*", "2021", "work", "M"): 10.0, ("*", "2021H2", "work", "M"): 8.0}
    run = protect_reports(data, [("*", "2021H2")], known=known)
    assert ("*", "2021H1", "work", "M") in run.protection.given_away
    assert run.protection.audit.ok
    with pytest.raises(pr.DisclosureFailed, match="2021H1 work M"):
        protect_reports(data, [("*", "2021H1")], known=known)


def test_known_figures_of_an_earlier_run_stay_shown_and_protection_still_holds():
    data = _dataset(_women_and_men())
    first = protect_reports(data, [("*", "2021")])
    ledger = ledger_rows(first)
    again = protect_reports(data, [("*", "2021")], known=known_from_ledger(ledger))
    assert again.protection.hidden == first.protection.hidden
    assert again.protection.audit.ok


@pytest.fixture(scope="module")
def sample_run(sample_data):
    reports = [(t, p) for p in ("2021H2", "2022H1", "2021/22") for t in sample_data.teams]
    reports += [("*", p) for p in ("2021H2", "2022H1", "2021/22")]
    return protect_reports(sample_data, reports)


def test_the_sample_run_protects_every_primary_cell(sample_run):
    prot = sample_run.protection
    assert prot.audit.ok
    published = {k for ps in prot.places.values() for k in ps.values()}
    assert {k for k in prot.primary if k in published} <= prot.hidden
    assert _hidden_in_one_relation(prot) == []
    for k in published - prot.hidden:  # nothing shown breaks the primary rule
        assert k not in prot.primary


def test_the_ledger_audit_passes_on_the_sample_and_catches_a_leak(sample_run, tmp_path):
    ledger = ledger_rows(sample_run)
    ledger.to_csv(tmp_path / "ledger.csv", index=False)
    code, out, _ = run_cli("audit", tmp_path)
    assert code == 0 and "godkänd" in out
    # reveal, in a copy, every hidden cell but one primary: the audit must catch it
    prot = sample_run.protection
    victim = next(k for k in sorted(prot.hidden) if k in prot.primary and k[2] == "work")
    leaked = ledger.copy()
    keys = list(zip(leaked["scope"], leaked["period"], leaked["quantity"], leaked["group"],
                    strict=True))
    leaked["value"] = [v if k == victim else str(int(prot.values[k])) if v == ".." else v
                       for k, v in zip(keys, leaked["value"], strict=True)]
    (tmp_path / "leak").mkdir()
    leaked.to_csv(tmp_path / "leak" / "ledger.csv", index=False)
    code, out, _ = run_cli("audit", tmp_path / "leak")
    assert code == 1 and "RÖJT" in out and victim[2] in out


def test_the_sample_run_shows_every_headline_figure_on_20_or_more(sample_run):
    """Kvinnor/Män/Totalt active, exits, dropouts and positive outcomes of a group with 20 or
    more exits without dropouts are hidden only when nothing else protects: on the sample,
    something else always does."""
    prot = sample_run.protection
    periods = {p for _, p in sample_run.tables}
    hidden = [k for k in prot.hidden if pr.last_resort(k, prot.values, periods)]
    assert hidden == []
    assert any(pr.last_resort(k, prot.values, periods) for k in prot.values)


def _cells(scope, period, work):
    """One report's work counts (Kvinnor, Män, Totalt) as the outcome table shows them."""
    r = pr.ReportCells(scope, period)
    for g, v in zip(("K", "M", "T"), work, strict=True):
        r.put("work", g, v, "outcomes", {"K": "K", "M": "M", "T": "total"}[g], "work")
    return r


def test_a_cell_hidden_in_one_team_is_not_given_away_by_the_association():
    """Team a's women in work (2) are hidden with its men; team b shows its figures and the
    association its own: a - unless b or the association hides with it - would be the
    association's figure minus b's. The protection of the teams one by one is not enough."""
    reports = [_cells("a", "2021", (2, 30, 32)), _cells("b", "2021", (10, 20, 30)),
               _cells("*", "2021", (12, 50, 62))]
    prot = pr.protect_run(reports, members=["a", "b"])
    assert prot.audit.ok
    assert ("a", "2021", "work", "K") in prot.hidden
    assert {("b", "2021", "work", "K"), ("*", "2021", "work", "K")} & prot.hidden
    # the cells a's report hides, and nothing else, would give it away
    own = {k for k in prot.hidden if k[0] == "a"}
    shown = {k: v for k, v in prot.values.items() if k not in own}
    assert not pr.audit_published(shown, own, members=["a", "b"]).ok
    assert pr.audit_published({k: v for k, v in prot.values.items() if k not in prot.hidden},
                              prot.hidden, members=["a", "b"]).ok


def _by_age():
    """Eleven women and eleven men in work, two of them aged 16-24 (one of each sex): by sex
    nothing is small, but the age group 16-24 has 2 in work."""
    recs = [person("K", "2020-01-01", "2021-03-01", "work", birth_year=1990) for _ in range(10)]
    recs += [person("M", "2020-01-01", "2021-03-01", "work", birth_year=1975) for _ in range(10)]
    recs += [person(s, "2020-01-01", "2021-03-01", "work", birth_year=2000) for s in "KM"]
    recs += [person(s, "2020-01-01", "2021-03-01", "studies", birth_year=2000)
             for s in "KMKMKMKM"]
    recs += [person("K", "2020-01-01", "2021-03-01", "medical_rehab", birth_year=1990)
             for _ in range(5)]
    recs += [person("M", "2020-01-01", "2021-03-01", "medical_rehab", birth_year=1975)
             for _ in range(5)]
    return recs


def test_age_cells_are_named_by_age_group_and_add_up_to_totalt():
    keys = {("a", "P", q, g) for q in ("work", "active") for g in
            ("A16-24", "A25-29", "A30-39", "A40-49", "A50-64", "T")}
    keys.add(("a", "P", "age:16-24", "T"))
    rels, _ = pr.relations(keys)
    as_sets = {frozenset(r) for r in rels}
    ages = ("A16-24", "A25-29", "A30-39", "A40-49", "A50-64")
    assert frozenset([*((("a", "P", "work", g), 1) for g in ages),
                      (("a", "P", "work", "T"), -1)]) in as_sets
    assert frozenset([(("a", "P", "active", "A16-24"), 1),
                      (("a", "P", "age:16-24", "T"), -1)]) in as_sets  # the same people


def test_an_age_row_with_2_in_work_cannot_be_worked_out_from_the_others_and_totalt():
    data = _dataset(_by_age())
    run = protect_reports(data, [("*", "2021")])
    prot = run.protection
    victim = ("*", "2021", "work", "A16-24")
    assert prot.values[victim] == 2 and victim in prot.primary and victim in prot.hidden
    assert prot.places[("*", "2021")][("outcomes_age", "16-24", "work")] == victim
    assert prot.audit.ok
    assert _hidden_in_one_relation(prot) == []
    shown = {k: v for k, v in prot.values.items()
             if k not in prot.hidden and k in {x for ps in prot.places.values()
                                                for x in ps.values()}}
    assert pr.audit_published(shown, prot.hidden, members=["t1"]).ok
    # hiding the 2 alone would not do: the other age rows and Totalt give it back
    alone = {k: v for k, v in prot.values.items()
             if k != victim and (k in shown or k in prot.hidden)}
    attacked = pr.audit_published(alone, {victim}, members=["t1"])
    assert not attacked.ok and list(attacked.failures["quantity"]) == ["work"]
    # and the external report shows `..` where the run hides it
    shown_table = report_tables(data, "2021", "external", run=run).presented["outcomes_age"]
    assert shown_table.frame.loc["16–24 år", "Antal i arbete"] == ".."
    assert shown_table.frame.loc["Totalt", "Antal i arbete"] == "22"


def test_an_age_row_a_table_leaves_out_is_a_zero_the_reader_knows():
    """Nobody aged 65 or more in 2021H1, someone in 2021H2: the half-year without the row
    publishes zeros (known, never hidden) so that the half-years still add up to the year."""
    recs = _by_age() + [person("K", "2021-08-01", "2021-11-01", "work", birth_year=1950),
                        person("K", "2021-08-01", birth_year=1950)]
    run = protect_reports(_dataset(recs), [("*", "2021H1"), ("*", "2021H2"), ("*", "2021")])
    prot = run.protection
    zero = ("*", "2021H1", "work", "Aother_age")
    assert prot.values[zero] == 0 and zero in prot.known and zero not in prot.hidden
    assert "other_age" not in run.tables[("*", "2021H1")]["outcomes_age"].index
    assert "other_age" in run.tables[("*", "2021H2")]["outcomes_age"].index
    assert ("*", "2021H2", "work", "Aother_age") in prot.hidden  # 1 person
    assert prot.audit.ok and _hidden_in_one_relation(prot) == []
    ledger = ledger_rows(run)
    assert not ledger[(ledger["group"] == "Aother_age") & (ledger["period"] == "2021H1")
                      & (ledger["value"] != "0")].shape[0]


def test_the_audit_flags_a_shown_small_count():
    shown = {("a", "P", "work", "K"): 2.0, ("a", "P", "work", "M"): 30.0,
             ("a", "P", "work", "T"): 32.0}
    result = pr.audit_published(shown, set())
    assert not result.ok and len(result.shown_small) == 1


# --- the gate: every table in every format shows `..` where the report hides a figure ---


TABLES = [("outcomes", ["outcomes"]), ("background", ["outcomes", "--table", "background"]),
          ("exit_other", ["outcomes", "--table", "exit-other"]),
          ("work_support", ["outcomes", "--table", "work-support"]),
          ("age", ["outcomes", "--table", "age"]),
          ("referrer", ["outcomes", "--table", "referrer"]),
          ("change", ["ors"]), ("compliance", ["ors", "--compliance"]), ("health", ["health"]),
          ("outcomes_age", ["outcomes", "--by", "age"]), ("change_age", ["ors", "--by", "age"]),
          ("health_age", ["health", "--by", "age"])]


@pytest.mark.parametrize("name, command", TABLES)
def test_external_csv_shows_nothing_the_gate_hid(sample_data, name, command):
    period = "2021/22"
    r = report_tables(sample_data.for_team("kompassen"), period, "external")
    code, out, _ = run_cli(*command, SAMPLE, "--period", period, "--team", "kompassen",
                           "--audience", "external", "--format", "csv")
    assert code == 0
    csv = pd.read_csv(__import__("io").StringIO(out), dtype=str, keep_default_na=False)
    csv = csv.set_index("group")
    mask = r.masks[name]
    assert "unknown" not in csv.index  # Totalt = kvinnor och män externally
    checked = 0
    for g in mask.index:
        for c in mask.columns:
            if c in csv.columns and bool(mask.at[g, c]):
                assert csv.at[g, c] == "..", (name, g, c)
                checked += 1
    assert checked or not mask.to_numpy().any()


@pytest.mark.parametrize("table", ["trend", "targets"])
def test_external_trend_and_targets_csv_hide_what_the_report_hides(sample_data, table):
    r = report_tables(sample_data.for_team("kompassen"), "2021/22", "external")
    code, out, _ = run_cli("outcomes", SAMPLE, "--period", "2021/22", "--team", "kompassen",
                           "--audience", "external", "--format", "csv", "--table", table)
    assert code == 0
    csv = pd.read_csv(__import__("io").StringIO(out), dtype=str, keep_default_na=False)
    if table == "trend":
        hidden = r.masks["trend"]
        for row in csv.itertuples(index=False):
            if hidden.at[row.group, f"{row.period}:positive"]:
                assert row.positive == ".." and row.positive_share == ".."
        assert "work" not in csv.columns  # the trend publishes positive and completed only
    else:
        hidden = r.masks["targets"]
        t = r.tables["targets"]
        for i, row in enumerate(csv.itertuples(index=False)):
            if hidden.at[t.index[i], "count"]:
                assert row.count == ".." and row.share == ".."
    assert ".." in out


def _text_cells(out: str, groups: list[str], measures: list[str]) -> dict[tuple[str, str], str]:
    """The cells of the printed table of `finsam … --format table` by (measure, group)
    label: the groups are its columns, right-aligned under their headers; a row starts with
    its measure's label."""
    lines = out.splitlines()
    rule = next(i for i, line in enumerate(lines) if line and set(line) == {"-"})
    header, body = lines[rule + 1], lines[rule + 2:]
    found = {g: re.search(rf"(?<!\S){re.escape(g)}(?!\S)", header) for g in groups}
    edges = sorted((m.end(), g) for g, m in found.items() if m)
    cells = {}
    for line in body:
        starts = [m for m in measures if line.startswith(m + " ")]
        if not starts:
            continue
        measure = max(starts, key=len)
        left = len(measure)
        for edge, group in edges:
            cells[measure, group] = line[left:edge].strip()
            left = edge
    return cells


@pytest.mark.parametrize("name, command", TABLES)
def test_external_text_table_shows_nothing_the_gate_hid(sample_data, name, command):
    """The text format, as a reader sees the table: every cell the report hides is `..`
    where its group and its measure meet."""
    from finsam_analysis.present.labels import LABELS, label

    period = "2021/22"
    r = report_tables(sample_data.for_team("kompassen"), period, "external")
    code, out, _ = run_cli(*command, SAMPLE, "--period", period, "--team", "kompassen",
                           "--audience", "external", "--format", "table")
    assert code == 0
    mask = r.masks[name]
    domains = list(LABELS["sv"])
    names = {x: {label(d, x) for d in domains} for x in [*mask.index, *mask.columns]}
    cells = _text_cells(out, sorted(set().union(*(names[g] for g in mask.index))),
                        sorted(set().union(*(names[c] for c in mask.columns))))
    assert cells
    assert "Okänt" not in {g for _, g in cells}  # Totalt = kvinnor och män externally
    checked = 0
    for g in mask.index:
        for c in mask.columns:
            found = [v for (m, gr), v in cells.items() if m in names[c] and gr in names[g]]
            if not bool(mask.at[g, c]) or not found:
                continue  # shown, or a column the printed table leaves out
            assert found == [".."], (name, g, c, found)
            checked += 1
    hidden = mask.drop(index="unknown", errors="ignore").to_numpy().any()
    assert checked or not hidden, name


# --- survey answers ------------------------------------------------------------------------------

def test_a_survey_share_is_hidden_when_it_gives_back_a_small_count():
    from finsam_analysis.present.disclosure import survey_share_hidden

    assert survey_share_hidden(28.571, 7)           # 2 of 7 agree
    assert survey_share_hidden(85.714, 7)           # 1 of 7 does not agree
    assert not survey_share_hidden(50.0, 8)         # 4 and 4
    assert not survey_share_hidden(100.0, 6)        # 6 agree, nobody does not: a 0 is shown
    assert not survey_share_hidden(0.0, 5)
    assert survey_share_hidden(80.0, 4)             # fewer than 5 answers
    assert not survey_share_hidden(25.0, 16, threshold=3)  # 4 of 16
    assert survey_share_hidden(25.0, 16, threshold=4)


def test_survey_mask_hides_both_sexes_and_the_differences_on_a_hidden_share():
    import pandas as pd

    from finsam_analysis.present.disclosure import survey_mask

    comp = pd.DataFrame({
        "question_id": ["Q"] * 3, "respondent_group": ["participant"] * 3,
        "group": ["K", "M", "total"], "answers": [10, 8, 18], "mean": [7.0, 5.0, 6.1],
        "agree_share": [50.0, 25.0, 38.9], "answers_all": [100, 80, 180],
        "agree_share_all": [60.0, 50.0, 55.6], "agree_diff_all": [-10.0, -25.0, -16.7]})
    out = survey_mask(comp)
    assert out["agree_share"].isna().tolist() == [True, True, False]  # M: 2 of 8 agree
    assert out["agree_diff_all"].isna().tolist() == [True, True, False]
    assert out["mean"].notna().all()


def test_no_external_survey_share_gives_back_a_small_count():
    import csv
    import io

    from conftest import SAMPLE
    from conftest import run_cli as run

    for team in ("kompassen", "ankaret", "fjarilen", "solrosen"):
        code, out, _ = run("surveys", SAMPLE, "--team", team, "--format", "csv",
                           "--audience", "external")
        assert code == 0
        rows = list(csv.DictReader(io.StringIO(out)))
        shown = [r for r in rows if r["agree_share"] != ".."]
        assert shown  # not everything hidden
        for r in shown:
            n = int(r["answers"])
            agree = round(float(r["agree_share"]) * n / 100)
            assert n >= 5 and not 1 <= agree <= 3 and not 1 <= n - agree <= 3, r


def test_the_reasons_behind_the_targets_at_exit_cost_more_to_hide_than_the_others():
    """Work, studies and vocational rehab carry the positive share and the targets at exit:
    the choice hides another exit reason of the same size first."""
    periods = {"2021/22"}
    def c(q, g="K", rests_on=35):
        return pr.cost(("team", "2021/22", q, g), 4, rests_on, periods)
    for target in ("work", "studies", "vocational_rehab"):
        for other in ("medical_rehab", "sickness_compensation", "other"):
            assert c(target) > c(other)
            assert c(target, rests_on=5) > c(other, rests_on=5)
        assert c(target) < c("active")  # a participation count costs more still
    assert c("work", "A16-24") < c("work")  # an age group's cell stays the cheapest


def test_the_model_is_the_same_in_every_process():
    """The relations come out of sets, whose order changes with the process's hash seed; the
    model (and so the choice among equally cheap protections) must not."""
    import subprocess
    import sys

    script = """
import hashlib
from finsam_analysis.present import protection as pr
from finsam_analysis.schema import EXIT_REASONS
values = {}
for s in ("a", "b", "c", "*"):
    for p in ("2021H2", "2022H1", "2021/22"):
        for g, f in (("K", 1), ("M", 2), ("T", 3)):
            for i, q in enumerate(("exits", "dropouts", "active", "active_at_end", "positive",
                                   *EXIT_REASONS)):
                values[(s, p, q, g)] = float(f * (i + 1))
model, keys = pr.build_model(values, set(values), set(), {"2021H2", "2022H1", "2021/22"})
digest = hashlib.sha256()
for idx, coef in model.relations:
    digest.update(idx.tobytes() + coef.tobytes())
print(len(model.relations), digest.hexdigest())
"""
    outs = set()
    for seed in ("1", "2", "3"):
        env = {**__import__("os").environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                             text=True, check=True)
        outs.add(run.stdout)
    assert len(outs) == 1, outs
    assert int(outs.pop().split()[0]) > 20
