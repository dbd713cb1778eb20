"""The overview report's tables: every team side by side, one row a team and the association
last, a few columns a table so that thirty teams read as thirty short rows.

Every figure is read from a team's own protected report (`report.ReportTables`, made with the
same run's protection as the team reports): the cell a team report shows as `..` is `..`
here too, and a share is shown only where the team report shows it. The surveys follow the
survey tables' rule (`present.disclosure.survey_share_hidden`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from ..io.config import Settings
from ..measures import surveys as sv
from ..present.deviations import Deviation, Deviations
from ..present.goals import status
from ..present.labels import label, text
from ..present.policy import Policy, policy_of
from ..present.tables import MISSING, Presented, format_percent
from . import headlines
from .report import HEADLINE_TABLES, ReportTables

TABLES = HEADLINE_TABLES | {"budget", "cost"}
"""The tables of a team's report the overview shows (its columns, targets, equality and
deviations): the overview computes only these (`report.report_tables`'s `only`)."""

Rows = list[tuple[str, ReportTables]]
"""(the name a reader sees — a team's name or *Grupp A* — and its protected report)."""


@dataclass(frozen=True)
class Column:
    """One column: a cell of each report's presented table (`table`, row `group`, column
    `domain`/`key` as labelled), under a short `header`."""

    header: str
    table: str
    domain: str
    key: str
    group: str = "total"


def cell(rt: ReportTables, column: Column, language: str = "sv") -> str:
    """What the report itself shows in that cell; `..` when it has no such table."""
    shown = rt.presented.get(column.table)
    if shown is None:
        return MISSING
    frame = shown.frame
    row = label("group", column.group, language) if column.group else None
    col = label(column.domain, column.key, language)
    if row is None:  # a one-column table, the measures down the side (cost)
        return str(frame.iloc[:, 0].get(col, MISSING))
    if row not in frame.index or col not in frame.columns:
        return MISSING
    return str(frame.at[row, col])


def side_by_side(rows: Rows, columns: list[Column], title: str, legend: str,
                 first_column: str, language: str = "sv") -> Presented:
    """One table: a row per report, a column per `columns`."""
    frame = pd.DataFrame([[cell(rt, c, language) for c in columns] for _, rt in rows],
                         index=[name for name, _ in rows],
                         columns=[c.header for c in columns])
    frame.index.name = first_column
    return Presented(frame, title, legend, css="overview")


def _header(key: str, group: str | None, language: str) -> str:
    what = label("overview", key, language)
    return f"{what}, {label('deviation', group, language)}" if group else what


def outcome_columns(language: str = "sv") -> list[Column]:
    """Active, exits and the positive outcome's share, by sex."""
    out = [Column(_header("active", g, language), "outcomes", "outcome", "active", g)
           for g in ("K", "M", "total")]
    out.append(Column(_header("exits", "total", language), "outcomes", "outcome", "exits"))
    out += [Column(_header("positive_share", g, language), "outcomes", "outcome",
                   "positive_share", g) for g in ("K", "M", "total")]
    return out


def ors_columns(language: str = "sv") -> list[Column]:
    """ORS change (Jacobson–Truax) and measurement compliance, all participants."""
    return [Column(label("overview", k, language), t, "ors", k) for t, k in (
        ("change", "with_two_or_more"), ("change", "recovered_share"),
        ("change", "improved_share"), ("change", "deteriorated_share"),
        ("compliance", "ors_compliant_share"), ("compliance", "srs_compliant_share"))]


def health_columns(language: str = "sv") -> list[Column]:
    """Those with both health forms, and the share improved by sex."""
    return [Column(label("overview", "with_both", language), "health", "health", "with_both"),
            *(Column(_header("health_improved", g, language), "health", "health",
                     "improved_share", g) for g in ("K", "M", "total"))]


def cost_columns(language: str = "sv") -> list[Column]:
    """Spending in the period, cost per active participant and per positive outcome."""
    return [Column(label("overview", k, language), "cost", "budget", k, "") for k in (
        "spent_prorated", "participants", "cost_per_participant", "positive_outcomes",
        "cost_per_positive_outcome")]


def targets_by_timepoint(rows: Rows, settings: Settings, language: str = "sv"
                         ) -> list[Presented]:
    """Måluppfyllelse per team: a table per time point, a column per target, the Totalt
    share (kvinnor och män) with ✓ or ✗ — as each team's Måluppfyllelse block shows it."""
    found: dict[str, dict[str, float]] = {}
    cells: dict[tuple[str, str, str], str] = {}
    for name, rt in rows:
        for measure, timepoint, level, shares in headlines.targets(rt, settings):
            found.setdefault(timepoint, {})[measure] = level
            s = shares["total"]
            mark = {"met": " ✓", "not_met": " ✗"}.get(status(s, level), "")
            cells[(name, timepoint, measure)] = s.text(language) + mark
    out = []
    for timepoint, measures in found.items():
        headers = {m: label("overview", "target_column", language).format(
            what=label("deviation", m, language),
            level=format_percent(level, language=language)) for m, level in measures.items()}
        frame = pd.DataFrame([[cells.get((name, timepoint, m), MISSING) for m in measures]
                              for name, _ in rows], index=[name for name, _ in rows],
                             columns=list(headers.values()))
        frame.index.name = first_column_label(rows, language)
        out.append(Presented(
            frame, text("overview_targets_title", language,
                        timepoint=label("target", timepoint, language)),
            text("overview_targets_note", language), css="overview"))
    return out


def first_column_label(rows: Rows, language: str = "sv") -> str:
    return label("overview", "team", language)


def survey_groups(responses: pd.DataFrame | None, year: int) -> list[str]:
    """The respondent groups that answered in the year, in the catalogue's order."""
    from ..schema import RESPONDENT_GROUPS

    if responses is None:
        return []
    have = set(responses.loc[responses["survey_year"] == year, "respondent_group"])
    return [g for g in RESPONDENT_GROUPS if g in have]


def surveys(names: dict[str | None, str], questions: pd.DataFrame | None,
            responses: pd.DataFrame | None, year: int, audience: Policy | str, settings: Settings,
            first_column: str, language: str = "sv") -> list[Presented]:
    """Every respondent group's share agreeing, pooled over its questions, per team (and
    for all teams, `None`): the participants by sex in one table, the other groups (staff,
    referrers, management, board) in another. A share is shown as the survey tables show
    it (`headlines.survey_agreement`: enough respondents, and no small count of agreeing or
    other answers; Kvinnor and Män both or neither); all teams' share (`None`) is hidden too
    in a column where exactly one team's is, which the difference would otherwise give
    back."""
    groups = survey_groups(responses, year)
    if questions is None or not groups:
        return []
    policy = policy_of(audience, settings)
    in_year = responses[(responses["survey_year"] == year).to_numpy()]
    # every team's agreement by sex, computed once per respondent group
    by_team = {g: sv.agreement_by_team_and_sex(questions, in_year, year, g) for g in groups}

    def share(team: str | None, group: str) -> tuple[str, headlines.Shares] | None:
        t = sv.agreement_by_sex(questions, in_year, year, None, group) if team is None \
            else sv.agreement_of(by_team[group], team)
        return headlines.survey_shares(t, year, policy, settings, language)

    out = []
    for title, these in (
            ("overview_surveys_participants", [g for g in groups
                                               if g in sv.PARTICIPANT_GROUPS]),
            ("overview_surveys_others", [g for g in groups
                                         if g not in sv.PARTICIPANT_GROUPS])):
        if not these:
            continue
        headers = [(g, s) for g in these
                   for s in (("K", "M", "total") if g in sv.PARTICIPANT_GROUPS else ("total",))]
        rows, hidden = [], []
        for team in names:
            shares = {g: share(team, g) for g in these}
            rows.append([MISSING if shares[g] is None else shares[g][1][s].text(language)
                         for g, s in headers])
            hidden.append([shares[g] is not None and not shares[g][1][s].shown
                           and shares[g][1][s].hidden for g, s in headers])
        if None in names and policy.external:
            # all teams less the others would give back the one team a column hides
            last = list(names).index(None)
            for j in range(len(headers)):
                if sum(h[j] for i, h in enumerate(hidden) if i != last) == 1:
                    rows[last][j] = MISSING
        columns = [label("overview", f"survey_{g}", language) + (
            f", {label('deviation', s, language)}" if g in sv.PARTICIPANT_GROUPS else "")
            for g, s in headers]
        frame = pd.DataFrame(rows, index=list(names.values()), columns=columns)
        frame.index.name = first_column
        out.append(Presented(frame, text(title, language, year=year),
                             text("overview_surveys_note", language,
                                  min_base=policy.min_base,
                                  threshold=policy.threshold), css="overview"))
    return out


def deviations(items: dict[str, list[Deviation]], settings: Settings, period: str,
               language: str = "sv") -> Deviations:
    """Every team's deviations in one list, each line led by the team's name; the teams
    without a deviation in one sentence at the end."""
    listed = [replace(d, team=team) for team, found in items.items() for d in found]
    quiet = [team for team, found in items.items() if not found]
    legend = text("overview_deviations_note", language) + "\n" + \
        headlines.deviation_note(period, settings, language)
    if quiet and listed:
        legend = text("overview_deviations_quiet", language, teams=", ".join(quiet)) + \
            "\n" + legend
    return Deviations(listed, label("deviation", "per_team_title", language), legend,
                      language)
