"""The attention list as a reader sees it (internal only): Swedish labels, one sentence of
figures per row, dates as dates."""

from __future__ import annotations

import pandas as pd

from ..measures.attention import DEFAULT_RULES, Rules
from .labels import label
from .tables import Presented


def _num(value: float, decimals: int = 1, language: str = "sv") -> str:
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if language == "sv" else text


def _day(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def detail(row: pd.Series, rules: Rules = DEFAULT_RULES, language: str = "sv") -> str:
    """The figures behind one row of the list, in one short sentence."""
    def say(key: str, **values) -> str:
        return label("attention", key, language).format(**values)

    r = row["reason"]
    if r == "ors_overdue":
        if int(row["measurements"]) == 0:
            return say("d_ors_overdue_start", days=int(row["value"]))
        return say("d_ors_overdue", days=int(row["value"]), since=_day(row["date"]))
    if r == "deteriorated":
        return say("d_deteriorated", first=_num(row["first"], 1, language),
                   last=_num(row["last"], 1, language),
                   change=_num(row["value"], 1, language))
    if r == "below_cutoff":
        return say("d_below_cutoff", last=_num(row["last"], 1, language),
                   cutoff=_num(row["value"], 0, language), n=int(row["measurements"]))
    if r == "long_enrolment":
        return say("d_long_enrolment", months=_num(row["value"], 1, language))
    if r == "srs_low":
        return say("d_srs_low", last=_num(row["last"], 1, language),
                   alert=_num(rules.srs_alert, 0, language))
    return ""


def present_attention(table: pd.DataFrame, team_name: str, day, rules: Rules = DEFAULT_RULES,
                      language: str = "sv") -> Presented:
    """One row per participant and reason, under a title that says it is internal."""
    def lab(key: str) -> str:
        return label("attention", key, language)

    frame = pd.DataFrame({
        lab("participant_id"): table["participant_id"].astype(str),
        lab("sex"): [label("group", s if s in ("K", "M") else "unknown", language)
                     for s in table["sex"]],
        lab("start_date"): [_day(d) for d in table["start_date"]],
        lab("reason"): [lab(r) for r in table["reason"]],
        lab("date"): [_day(d) for d in table["date"]],
        lab("detail"): [detail(r, rules, language) for _, r in table.iterrows()],
    })
    title = lab("title").format(date=_day(day), team=team_name)
    legend = lab("internal") if len(table) else lab("internal") + " " + lab("none")
    return Presented(frame, title, legend)
