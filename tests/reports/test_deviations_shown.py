"""Deviations in the summary and the overview's teams side by side: every figure comes from
the protected tables of the same run, so a hidden cell is never given back — not as a
deviation, not as a team's column in the overview."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from finsam_analysis.measures import deviations as dv
from finsam_analysis.measures import surveys as sv
from finsam_analysis.present import deviations as pdv
from finsam_analysis.present.disclosure import survey_share_hidden
from finsam_analysis.present.equality import Share
from finsam_analysis.present.tables import MISSING, target_hidden
from finsam_analysis.reports import headlines
from finsam_analysis.reports import overview as ov
from finsam_analysis.reports.report import (
    ASSOCIATION,
    previous_tables,
    protect_reports,
    report_tables,
    with_previous,
)

PERIOD = "2021/22"


@pytest.fixture(scope="module")
def run(sample_data):
    reports = [(t, PERIOD) for t in sample_data.teams] + [(ASSOCIATION, PERIOD)]
    return protect_reports(sample_data, with_previous(reports))


@pytest.fixture(scope="module")
def reports(sample_data, run):
    """Each team's report and the one before it, protected in the run."""
    out = {}
    for team in sample_data.teams:
        data = sample_data.for_team(team)
        out[team] = (report_tables(data, PERIOD, run=run),
                     previous_tables(data, PERIOD, run=run))
    return out


def test_a_line_states_the_figures_as_the_report_prints_them():
    now = Share.of(9, 50, 18.0)
    line = pdv.target_missed("Arbete vid avslut", "K", now, 25.0)
    assert line.line == ("Arbete vid avslut, kvinnor: 18,0 % (9 av 50) mot målet 25,0 % "
                         "(−7,0 procentenheter)")
    before = Share.of(7, 20, 35.0)
    moved = pdv.moved("Positivt utfall", "total", Share.of(18, 40, 45.0), before, "2020/21")
    assert moved.line == ("Positivt utfall, totalt: 45,0 % (18 av 40) mot 35,0 % 2020/21 "
                          "(+10,0 procentenheter)")
    assert pdv.occupancy(106.04, 90).line == (
        "Beläggning: 106,0 platser i genomsnitt mot planens 90 (+17,8 %)")
    empty = pdv.Deviations([])
    assert "Inga avvikelser" in empty._repr_html_() and "<li>" not in empty._repr_html_()


def test_the_sample_lists_deviations_and_an_occupancy_above_plan(sample_data, reports):
    settings = sample_data.config.settings
    rt, before = reports["ankaret"]
    used = dv.occupancy(sample_data.for_team("ankaret").participants, PERIOD)
    items = headlines.deviation_items(rt, before, settings, "sv", used,
                                      sample_data.config.places["ankaret"])
    kinds = {d.kind for d in items}
    assert kinds == {"target_missed", "moved", "occupancy"}
    assert sum(d.kind == "occupancy" for d in items) == 1


def _shown_target(rt, settings, measure, timepoint, group) -> bool:
    t = rt.tables["targets"]
    flags = target_hidden(t, rt.policy, settings, rt.masks.get("targets"))
    i = t.index[(t["measure"] == measure) & (t["timepoint"] == timepoint)
                & (t["group"] == group)][0]
    return not flags.loc[i, ["count", "with_followup", "share"]].any()


HEADLINE_CELLS = {"positive": ("outcomes", ["positive", "exits", "dropouts"]),
                  "ors_better": ("change", ["recovered", "improved", "with_two_or_more"]),
                  "health_improved": ("health", ["improved", "with_both"]),
                  "ors_compliant": ("compliance", ["ors_compliant", "participants"])}


def _cells_shown(run, scope, period, measure, group) -> bool:
    table, columns = HEADLINE_CELLS[measure]
    hidden = run.protection.hidden_places(scope, period)
    return not any((table, group, c) in hidden for c in columns)


def test_no_deviation_rests_on_a_hidden_cell(sample_data, run, reports):
    """Against the gate itself: every listed target's count, base and share are shown in
    the target table, every moved share's numerator and base are cells the run shows, now
    and in the period before; and every deviation the raw numbers have that is not listed
    is one whose figures the report hides."""
    settings = sample_data.config.settings
    previous = {PERIOD: "2020/21"}
    hidden_deviations = 0
    for team, (rt, before) in reports.items():
        items = headlines.deviation_items(rt, before, settings)
        for d in items:
            if d.kind == "target_missed":
                assert _shown_target(rt, settings, d.measure, d.timepoint, d.group), d.line
            elif d.kind == "moved":
                assert _cells_shown(run, team, PERIOD, d.measure, d.group), d.line
                assert _cells_shown(run, team, previous[PERIOD], d.measure, d.group), d.line
        listed = {(d.measure, d.timepoint or None, d.group) for d in items}
        raw = dv.deviations(rt.tables, before.tables, limits=headlines.limits(settings))
        for r in raw.itertuples(index=False):
            key = (r.measure, r.timepoint, r.group)
            if key in listed or (r.kind == "moved" and (r.measure, None, r.group) in listed):
                continue
            hidden_deviations += 1
            if r.kind == "target_missed":
                assert not _shown_target(rt, settings, r.measure, r.timepoint, r.group), key
            else:
                assert not (_cells_shown(run, team, PERIOD, r.measure, r.group)
                            and _cells_shown(run, team, "2020/21", r.measure, r.group)), key
    assert hidden_deviations > 0  # the sample has deviations the report must not state


def test_a_target_hidden_by_the_run_is_not_listed(sample_data, reports):
    """Hide, as the run would, the count of a target that is missed: the line goes, and no
    other line carries its share."""
    settings = sample_data.config.settings
    rt, before = reports["ankaret"]
    items = headlines.deviation_items(rt, before, settings)
    victim = next(d for d in items if d.kind == "target_missed")
    t = rt.tables["targets"]
    i = t.index[(t["measure"] == victim.measure) & (t["timepoint"] == victim.timepoint)
                & (t["group"] == victim.group)][0]
    masks = dict(rt.masks)
    masks["targets"] = rt.masks["targets"].copy()
    masks["targets"].loc[i, "count"] = True
    hidden = type(rt)(rt.period, rt.policy, rt.tables, masks, rt.presented, rt.unknown)
    after = headlines.deviation_items(hidden, before, settings)
    assert not any(d.line.startswith(victim.line.split(":")[0]) for d in after)
    assert len(after) == len(items) - 1


def test_occupancy_is_left_out_when_the_number_active_is_hidden(sample_data, reports):
    settings = sample_data.config.settings
    rt, before = reports["ankaret"]
    masks = dict(rt.masks)
    masks["outcomes"] = rt.masks["outcomes"].copy()
    masks["outcomes"].loc["total", "active"] = True
    hidden = type(rt)(rt.period, rt.policy, rt.tables, masks, rt.presented, rt.unknown)
    items = headlines.deviation_items(hidden, before, settings, "sv", 150.0, 90.0)
    assert not any(d.kind == "occupancy" for d in items)
    assert any(d.kind == "occupancy" for d in headlines.deviation_items(
        rt, before, settings, "sv", 150.0, 90.0))


# --- the overview: every team side by side ----------------------------------------------


COUNT_COLUMNS = {  # (table, key) of a column → the count cells it shows or rests on
    ("outcomes", "active"): ["active"], ("outcomes", "exits"): ["exits"],
    ("outcomes", "positive_share"): ["positive", "exits", "dropouts"],
    ("change", "with_two_or_more"): ["with_two_or_more"],
    ("change", "recovered_share"): ["recovered", "with_two_or_more"],
    ("change", "improved_share"): ["improved", "with_two_or_more"],
    ("change", "deteriorated_share"): ["deteriorated", "with_two_or_more"],
    ("compliance", "ors_compliant_share"): ["ors_compliant", "participants"],
    ("compliance", "srs_compliant_share"): ["srs_compliant", "participants"],
    ("health", "with_both"): ["with_both"],
    ("health", "improved_share"): ["improved", "with_both"],
}


def _rows(sample_data, run):
    rows = [(team, report_tables(sample_data.for_team(team), PERIOD, run=run))
            for team in sample_data.teams]
    return [*rows, (ASSOCIATION, report_tables(sample_data, PERIOD, run=run))]


def test_overview_cells_are_the_team_reports_and_hide_what_the_run_hides(sample_data, run):
    """Each team's column in the overview is the cell its own report shows, and a cell
    whose count (or a share whose numerator or base) the run hides is `..` — checked
    against the run's hidden places, after hiding one more cell as the run would."""
    rows = _rows(sample_data, run)
    place = ("outcomes", "M", "active")  # hide one more: both reports follow the run
    key = run.protection.places[("kompassen", PERIOD)][place]
    run.protection.hidden.add(key)
    try:
        rows = _rows(sample_data, run)
        hidden_seen = 0
        for columns in (ov.outcome_columns(), ov.ors_columns(), ov.health_columns()):
            table = ov.side_by_side(rows, columns, "t", "", "Team")
            for (scope, rt), (_, shown) in zip(rows, table.frame.iterrows(), strict=True):
                hidden = run.protection.hidden_places(scope, PERIOD)
                for c in columns:
                    assert shown[c.header] == ov.cell(rt, c)
                    rests_on = COUNT_COLUMNS[(c.table, c.key)]
                    if any((c.table, c.group, q) in hidden for q in rests_on):
                        assert shown[c.header] == MISSING, (scope, c.header)
                        hidden_seen += 1
        assert hidden_seen > 0
        outcomes = ov.side_by_side(rows, ov.outcome_columns(), "t", "", "Team").frame
        assert outcomes.loc["kompassen", "Aktiva, män"] == MISSING
    finally:
        run.protection.hidden.discard(key)


def test_overview_cost_hides_with_the_outcome_table(sample_data, run):
    rows = _rows(sample_data, run)
    table = ov.side_by_side(rows, ov.cost_columns(), "t", "", "Team").frame
    for scope, rt in rows:
        m = rt.masks["outcomes"].loc["total"]
        if m["positive"]:
            assert table.loc[scope, "Kostnad per positivt utfall"] == MISSING
        if m["active"]:
            assert table.loc[scope, "Kostnad per deltagare"] == MISSING
    assert (table != MISSING).to_numpy().any()


def test_overview_targets_are_each_teams_goals_block(sample_data, run):
    settings = sample_data.config.settings
    rows = _rows(sample_data, run)
    tables = ov.targets_by_timepoint(rows, settings)
    assert len(tables) == 3  # at exit, after 6 months, after 2 years
    for scope, rt in rows:
        for measure, timepoint, _, shares in headlines.targets(rt, settings):
            frame = next(t.frame for t in tables if t.title.endswith(
                {"at_exit": "vid avslut", "after_6_months": "efter 6 månader",
                 "after_2_years": "efter 2 år"}[timepoint]))
            shown = frame.loc[scope, [c for c in frame.columns if c.startswith(
                {"work": "Arbete", "studies": "Studier", "vocational_rehab": "Arbetsliv",
                 "improved_health": "Förbättrad"}[measure])][0]]
            assert shown.startswith(shares["total"].text())
            if not shares["total"].shown:
                assert shown == MISSING


def test_overview_surveys_every_group_and_the_survey_rule(sample_data):
    settings = sample_data.config.settings
    q, r = sample_data.survey_questions, sample_data.survey_responses
    year = sv.survey_year_for(PERIOD)
    names = {t: t for t in sample_data.teams} | {None: "Förbundet totalt"}
    tables = ov.surveys(names, q, r, year, "external", settings, "Team")
    assert len(tables) == 2  # the participants by sex; the other respondent groups
    frame = pd.concat([t.frame for t in tables], axis=1)
    assert len(tables[0].frame.columns) == 6
    groups = set(r.loc[r["survey_year"] == year, "respondent_group"])
    assert {"staff", "referrer"} <= groups
    assert any(c.startswith("Personal") for c in frame.columns)
    assert any(c.startswith("Remittenter") for c in frame.columns)
    hidden_seen = 0
    for team, name in names.items():
        for g in ("staff", "referrer"):
            t = sv.agreement_by_sex(q, r, year, team, g).loc["total"]
            col = next(c for c in frame.columns if c.startswith(
                {"staff": "Personal", "referrer": "Remittenter"}[g]))
            if t["respondents"] < settings.min_base or survey_share_hidden(
                    t["agree_share"], t["answers"], settings.suppression_threshold,
                    settings.min_base):
                assert frame.loc[name, col] == MISSING
                hidden_seen += 1
            elif team is not None:  # all teams': see below
                assert frame.loc[name, col] != MISSING
    assert hidden_seen > 0
    # all teams less the other teams must not give back the one team a column hides
    teams = [n for t, n in names.items() if t is not None]
    for col in frame.columns:
        if (frame.loc[teams, col] == MISSING).sum() == 1:
            assert frame.loc["Förbundet totalt", col] == MISSING, col


def test_overview_anonymised_names_no_team(sample_data, monkeypatch):
    """With anonymisation the overview's tables and its deviations name groups, never a
    team."""
    from conftest import SAMPLE

    import finsam_analysis.reports.team as team_mod

    shown = []
    monkeypatch.setattr(team_mod, "show_table", shown.append)
    o = team_mod.Overview(str(SAMPLE), PERIOD, anonymise=True)
    o.teams_side_by_side()
    o.targets_by_team()
    o.ors_by_team()
    o.health_by_team()
    o.cost_by_team()
    o.surveys_by_team()
    deviations = o.deviations
    names = [sample_data.team_name(t) for t in sample_data.teams] + list(sample_data.teams)
    text = " ".join(p.to_text() for p in shown) + repr(deviations)
    assert not any(n in text for n in names)
    assert "Grupp A" in text and len(shown) >= 8
    assert all(p.frame.index.name == "Grupp" for p in shown)
    assert deviations.items and all(d.team.startswith("Grupp ") for d in deviations.items)
    assert all(d.group == "total" for d in deviations.items)
    assert np.all([len(p.frame.columns) <= 8 for p in shown])
