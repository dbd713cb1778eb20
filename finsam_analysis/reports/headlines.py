"""The headline shares of a report, by sex, as a reader sees them: read from the report's
protected tables (`report.ReportTables`), never from raw numbers, so a figure hidden in a
table is hidden here too, and so is any difference computed from it.

Used by the Måluppfyllelse block (`present.goals`) and the gender-equality analysis
(`present.equality`) of the team report and the overview.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..io.config import Settings
from ..measures import deviations as dv
from ..present import deviations as pdv
from ..present.equality import MIN_DIFFERENCE, Equality, EqualityRow, Share, rule_text
from ..present.goals import GROUPS, Goal, Goals
from ..present.labels import label, text
from ..present.policy import Policy, policy_of
from ..present.tables import MISSING, UNAVAILABLE_WITH, format_count, target_hidden
from .report import ReportTables

Shares = dict[str, Share]


def _flag(mask: pd.DataFrame | None, row: object, col: str) -> bool:
    return mask is not None and col in mask.columns and row in mask.index and \
        bool(mask.at[row, col])


def _from(rt: ReportTables, name: str, count: str, base: str, share: str,
          base_cols: tuple[str, ...] | None = None) -> Shares:
    """Shares by group from one table: `count` of `base`, the share column `share`; the base
    is hidden when any of `base_cols` (default: `base`) is hidden."""
    table, mask = rt.tables[name], rt.masks.get(name)
    out = {}
    for g in GROUPS:
        if g not in table.index:
            out[g] = Share.hidden_share()
            continue
        b = table.at[g, base] if base in table else \
            table.at[g, "exits"] - table.at[g, "dropouts"]
        unavailable = UNAVAILABLE_WITH.get(share)
        hidden_share = _flag(mask, g, share) or (
            unavailable is not None and pd.isna(table.at[g, unavailable]))
        out[g] = Share.of(table.at[g, count], b, table.at[g, share],
                          count_hidden=_flag(mask, g, count),
                          base_hidden=any(_flag(mask, g, c) for c in (base_cols or (base,))),
                          share_hidden=hidden_share)
    return out


def positive(rt: ReportTables) -> Shares:
    """Positive outcome of the exits without dropouts (the policy's måluppfyllelse)."""
    return _from(rt, "outcomes", "positive", "completed", "positive_share",
                 ("exits", "dropouts"))


def targets(rt: ReportTables, settings: Settings) -> list[tuple[str, str, float, Shares]]:
    """Each target (measure, time point, level) with its shares by group, hidden as the
    target table hides them (`tables.target_hidden`)."""
    if "targets" not in rt.tables:
        return []
    t = rt.tables["targets"]
    flags = target_hidden(t, rt.policy, counts=rt.masks.get("targets"))
    out = []
    # column by column, a row by its position (`flags` is indexed like `t`)
    hide = {c: flags[c].to_numpy(dtype=bool) for c in ("count", "with_followup", "share",
                                                         "base")}
    values = {c: t[c].to_numpy(dtype=object) for c in ("group", "count", "with_followup",
                                                         "share", "base", "target")}
    keys = list(zip(t["measure"], t["timepoint"], strict=True))
    blocks: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(keys):
        blocks.setdefault(key, []).append(i)
    for (measure, timepoint), rows in blocks.items():
        shares = {}
        for i in rows:
            share = Share.of(values["count"][i], values["with_followup"][i],
                             values["share"][i], bool(hide["count"][i]),
                             bool(hide["with_followup"][i]), bool(hide["share"][i]))
            if timepoint != "at_exit":  # the cohort, so "nobody followed up" never reads 0 %
                base = MISSING if hide["base"][i] else format_count(values["base"][i])
                share = replace(share, note=text("goal_cohort", base=base))
            shares[values["group"][i]] = share
        for g in GROUPS:
            shares.setdefault(g, Share.hidden_share())
        out.append((measure, timepoint, float(values["target"][rows[0]]), shares))
    return out


def survey_agreement(questions: pd.DataFrame | None, responses: pd.DataFrame | None,
                     year: int, team: str | None, audience: Policy | str, settings: Settings,
                     language: str = "sv", respondent_group: str = "participant"
                     ) -> tuple[str, Shares] | None:
    """A respondent group's (default: the participants') share of answers agreeing, by sex,
    pooled over its questions; the people it rests on are the respondents (groups other
    than the participants carry no sex: only their Totalt is ever shown). External: a group
    with fewer than `min_base` respondents is hidden, and so is one whose agreeing or other answers
    number 1 to the threshold (both sexes then), as in the survey's own table."""
    from ..measures import surveys as sv

    if questions is None or responses is None:
        return None
    t = sv.agreement_by_sex(questions, responses, year, team, respondent_group)
    return survey_shares(t, year, audience, settings, language)


def survey_shares(t: pd.DataFrame | dict, year: int, audience: Policy | str,
                  settings: Settings, language: str = "sv") -> tuple[str, Shares] | None:
    """`survey_agreement` from the group's table (`surveys.agreement_by_sex`, or its rows
    as `surveys.agreement_of` gives them: group → column → value)."""
    from ..present.disclosure import survey_share_hidden

    rows = t.to_dict("index") if isinstance(t, pd.DataFrame) else t
    if rows["total"]["answers"] == 0:
        return None
    shares = {}
    policy = policy_of(audience, settings)
    external = policy.external
    small = {g: external and (rows[g]["respondents"] < policy.min_base or survey_share_hidden(
        rows[g]["agree_share"], rows[g]["answers"], policy.threshold,
        policy.min_base)) for g in GROUPS}
    if small.get("K") or small.get("M"):  # with Totalt they add up: both or neither
        small["K"] = small["M"] = external
    for g in GROUPS:
        n = rows[g]["respondents"]
        if small[g]:
            shares[g] = Share.hidden_share()
            continue
        shares[g] = replace(Share.of(rows[g]["agreeing"], rows[g]["answers"],
                                     rows[g]["agree_share"]),
                            note=text("survey_respondents", language, n=int(n)), people=n)
    return label("headline", "survey_agree", language).format(year=year), shares


def headline_rows(rt: ReportTables, settings: Settings, language: str = "sv",
                  survey: tuple[str, Shares] | None = None) -> list[EqualityRow]:
    """Every headline share by sex: positive outcome, each target, ORS recovered and
    improved, health improved, ORS compliance, and (when given) participant-survey
    agreement."""
    rows = []

    def add(what: str, shares: Shares) -> None:
        rows.append(EqualityRow(what, shares["K"], shares["M"]))

    add(label("headline", "positive", language), positive(rt))
    for measure, timepoint, _, shares in targets(rt, settings):
        add(f"{label('target', measure, language)} {label('target', timepoint, language)}",
            shares)
    if "change" in rt.tables:
        add(label("headline", "ors_recovered", language),
            _from(rt, "change", "recovered", "with_two_or_more", "recovered_share"))
        add(label("headline", "ors_improved", language),
            _from(rt, "change", "improved", "with_two_or_more", "improved_share"))
    if "health" in rt.tables and "targets" not in rt.tables:
        add(label("headline", "health_improved", language),
            _from(rt, "health", "improved", "with_both", "improved_share"))
    if "compliance" in rt.tables:
        add(label("headline", "ors_compliant", language),
            _from(rt, "compliance", "ors_compliant", "participants", "ors_compliant_share"))
    if survey is not None:
        add(*survey)
    return rows


def equality(rt: ReportTables, settings: Settings, language: str = "sv",
             survey: tuple[str, Shares] | None = None) -> Equality:
    """The gender-equality table of one report."""
    legend = rule_text(language)
    return Equality(headline_rows(rt, settings, language, survey),
                    text("equality_title", language), legend, language)


def goals(rt: ReportTables, before: ReportTables | None, settings: Settings,
          language: str = "sv") -> Goals:
    """The Måluppfyllelse block: positive outcome, then each target, now and in the
    previous period (`before`, the same report for the period before, protected in the same
    run; None when not available)."""
    rows = [Goal(label("headline", "positive", language), None, positive(rt),
                 positive(before) if before is not None else {})]
    earlier = {(m, tp): s for m, tp, _, s in targets(before, settings)} if before else {}
    for measure, timepoint, level, shares in targets(rt, settings):
        rows.append(Goal(f"{label('target', measure, language)} "
                         f"{label('target', timepoint, language)}", level, shares,
                         earlier.get((measure, timepoint), {})))
    previous = rt.period.previous().name
    legend = text("goals_note", language, period=previous)
    suppressed = rt.presented["outcomes"].legend.split("\n")
    return Goals(rows, previous, text("goals_title", language),
                 "\n".join([legend, *[x for x in suppressed if x.startswith("..")]]),
                 language)


def _either(a: Share, b: Share) -> Share:
    """Two shares of one base added up (ORS recovered or reliably improved): shown only when
    both are."""
    if not (a.shown and b.shown):
        return Share.hidden_share() if (a.hidden or b.hidden) else Share(None, None, a.base)
    return Share.of(a.count + b.count, a.base, a.value + b.value)


def headline_shares(rt: ReportTables) -> dict[str, Shares]:
    """The shares `measures.deviations` compares with the previous period, by measure, as
    the report shows them."""
    out = {"positive": positive(rt)}
    if "change" in rt.tables:
        out["ors_better"] = {g: _either(r, i) for (g, r), i in zip(
            _from(rt, "change", "recovered", "with_two_or_more", "recovered_share").items(),
            _from(rt, "change", "improved", "with_two_or_more", "improved_share").values(),
            strict=True)}
    if "health" in rt.tables:
        out["health_improved"] = _from(rt, "health", "improved", "with_both", "improved_share")
    if "compliance" in rt.tables:
        out["ors_compliant"] = _from(rt, "compliance", "ors_compliant", "participants",
                                     "ors_compliant_share")
    return out


_HEADLINE_TABLES = {"positive": ("outcomes", "positive", "completed"),
                    "ors_better": ("change", "recovered", "with_two_or_more"),
                    "health_improved": ("health", "improved", "with_both"),
                    "ors_compliant": ("compliance", "ors_compliant", "participants")}


def _visible(shares: dict[str, Shares]) -> dict[str, pd.DataFrame]:
    """The headline tables `measures.deviations.headline_shares` reads, with only what the
    report shows: a share not shown has no numerator (NaN), so it is never compared."""
    out = {}
    for measure, by_group in shares.items():
        table, count, base = _HEADLINE_TABLES[measure]
        rows = {g: {count: s.count if s.shown else np.nan,
                    base: s.base if s.shown else np.nan} for g, s in by_group.items()}
        frame = pd.DataFrame.from_dict(rows, orient="index")
        if measure == "ors_better":
            frame["improved"] = 0.0  # the count above holds recovered + improved
        out[table] = frame
    return out


def limits(settings: Settings) -> dv.Limits:
    """How large a deviation must be to be listed (the settings)."""
    return dv.Limits(settings.deviation_target_points, settings.deviation_change_points,
                     settings.deviation_occupancy_share, settings.min_base)


def occupancy_shown(rt: ReportTables, settings: Settings) -> bool:
    """Places used rest on the people active in the period: like a mean, they are shown only
    when the report shows how many were active (Totalt) and they are at least `min_base`."""
    table, mask = rt.tables["outcomes"], rt.masks.get("outcomes")
    return "total" in table.index and not _flag(mask, "total", "active") and \
        table.at["total", "active"] >= rt.policy.min_base


def deviation_items(rt: ReportTables, before: ReportTables | None, settings: Settings,
                    language: str = "sv", places_used: float | None = None,
                    places: float | None = None) -> list[pdv.Deviation]:
    """Every deviation of one report larger than the settings' limits
    (`measures.deviations`), one line each, from the shares the report shows: a share that
    is hidden, or rests on figures that are, is not compared, so no line gives it away.
    `before`: the same report for the previous period, protected in the same run (None: no
    comparison). `places_used`/`places`: occupancy and the plan's places (None: none)."""
    goals = targets(rt, settings)
    goals_now = {(m, tp, g): s for m, tp, _, shares in goals for g, s in shares.items()}
    levels = {(m, tp): level for m, tp, level, _ in goals}
    rows = [{"measure": m, "timepoint": tp, "group": g, "target": levels[(m, tp)],
             "with_followup": s.base if s.shown else np.nan,
             "count": s.count if s.shown else np.nan,
             "share": float(s.rounded) if s.shown else np.nan}
            for (m, tp, g), s in goals_now.items() if g in GROUPS]
    current = _visible(headline_shares(rt))
    current["targets"] = pd.DataFrame(rows, columns=["measure", "timepoint", "group", "target",
                                                     "with_followup", "count", "share"])
    earlier = headline_shares(before) if before is not None else None
    if places_used is not None and not occupancy_shown(rt, settings):
        places_used = None
    found = dv.deviations(current, _visible(earlier) if earlier is not None else None,
                          places_used, places, limits(settings))
    now = headline_shares(rt)
    period = rt.period.previous().name
    out = []
    for r in found.itertuples(index=False):
        if r.kind == "target_missed":
            what = (f"{label('deviation', r.measure, language)} "
                    f"{label('target', r.timepoint, language)}")
            found_ = pdv.target_missed(what, r.group,
                                       goals_now[(r.measure, r.timepoint, r.group)],
                                       r.reference, language)
            out.append(replace(found_, measure=r.measure, timepoint=r.timepoint))
        elif r.kind == "moved":
            what = label("deviation", r.measure, language)
            out.append(replace(pdv.moved(what, r.group, now[r.measure][r.group],
                                         earlier[r.measure][r.group], period, language),
                               measure=r.measure))
        else:
            out.append(replace(pdv.occupancy(r.value, r.reference, language),
                               measure="places"))
    return out


def deviations(rt: ReportTables, before: ReportTables | None, settings: Settings,
               language: str = "sv", places_used: float | None = None,
               places: float | None = None) -> pdv.Deviations:
    """The deviations of one report as a list for its summary (`deviation_items`)."""
    items = deviation_items(rt, before, settings, language, places_used, places)
    return pdv.Deviations(items, legend=deviation_note(rt.period.previous().name, settings,
                                                       language),
                          language=language)


def deviation_note(previous: str, settings: Settings, language: str = "sv") -> str:
    """What is listed, in one line under the list (`previous`: the period compared with)."""
    return label("deviation", "note", language).format(
        target=pdv.number(settings.deviation_target_points, language),
        change=pdv.number(settings.deviation_change_points, language),
        occupancy=pdv.number(settings.deviation_occupancy_share, language),
        period=previous, min_base=settings.min_base)


__all__ = ["MIN_DIFFERENCE", "deviations", "equality", "goals", "headline_rows", "positive",
           "targets"]
