"""The narrative template: a ready Markdown file for a team's own words (`finsam
narrative-template`).

One `##` heading per field of the nine-field model (after Sammanfattning), each with the
policy's four parts (beskrivning, analys, bedömning, förslag) as `###` headings and the
policy's support questions as HTML comments, which the report does not show. A template that
is not filled in shows the reports' placeholders, not empty headings (see
`io.narratives.clean`).
"""

from __future__ import annotations

from ..io.narratives import FIELDS
from ..periods import Period, parse_period
from .labels import LABELS, label

PARTS = ("beskrivning", "analys", "bedomning", "forslag")
"""The policy's four parts of each field (seed 000, Rapporter)."""


def narrative_template(team_name: str, period: Period | str, language: str = "sv") -> str:
    """The Markdown text of an empty narrative for a team and period."""
    period = parse_period(period)
    t = LABELS["sv"]["narrative_template"]
    lines = [t["title"].format(team=team_name, period=period.name), "",
             "<!-- " + t["intro"].format(period=period.name, label=period.label) + " -->", ""]
    headings = [("summary", "Sammanfattning"), *FIELDS]
    for key, heading in headings:
        lines += [f"## {heading}", "",
                  f"<!-- {label('narrative_questions', key, language)} -->", ""]
        if key == "summary":
            continue
        for part in PARTS:
            lines += [f"### {label('narrative_parts', part, language)}", "",
                      f"<!-- {label('narrative_part_help', part, language)} -->", ""]
    return "\n".join(lines).rstrip() + "\n"
