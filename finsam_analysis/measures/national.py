"""The national counts: what the national follow-up of financial coordination (Uppföljning
Finsam, the successor of SUS) asks an association for — counts of participants by sex, per
team, for a calendar year.

For the year Y (1 January – 31 December), by team and sex:

- `participants`: enrolments active in the year (start_date ≤ 31 Dec and no end_date or
  end_date ≥ 1 Jan);
- `new`: enrolments that started in the year;
- `exits`: enrolments that ended in the year (dropouts included).

Groups: K, M, unknown and total (all enrolments, or kvinnor och män with `unknown_in_total`
false, as an external table counts them); one block per team and one for the association.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..periods import parse_period
from .outcomes import enrolment_status

COUNTS = ("participants", "new", "exits")
GROUPS = ("K", "M", "unknown", "total")
ASSOCIATION = "*"
"""The team column's value for the association's own row block."""


def national_counts(participants: pd.DataFrame, year: int, teams: list[str] | None = None,
                    unknown_in_total: bool = True) -> pd.DataFrame:
    """Columns: team, group, participants, new, exits; teams in `teams` order (every team of
    the data when None), then the association (`*`)."""
    period = parse_period(str(int(year)))
    p = participants
    start = p["start_date"].to_numpy(dtype="datetime64[ns]")
    status = enrolment_status(start, p["end_date"].to_numpy(dtype="datetime64[ns]"),
                              p["exit_reason"].to_numpy(dtype=object), period)
    ps, pe = np.datetime64(period.start, "ns"), np.datetime64(period.end, "ns")
    frame = pd.DataFrame({
        "team": p["team"].to_numpy(),
        "group": np.where(p["sex"].isin(["K", "M"]), p["sex"], "unknown"),
        "participants": status["active"].astype(int),
        "new": ((start >= ps) & (start <= pe)).astype(int),
        "exits": status["exited"].astype(int),
    })
    teams = list(teams) if teams is not None else sorted(set(frame["team"]))
    sums = frame.groupby(["team", "group"])[list(COUNTS)].sum()
    blocks = []
    for team in [*teams, ASSOCIATION]:
        own = sums.groupby("group").sum() if team == ASSOCIATION else (
            sums.loc[team] if team in sums.index.get_level_values(0) else None)
        rows = {}
        for g in ("K", "M", "unknown"):
            rows[g] = own.loc[g] if own is not None and g in own.index else pd.Series(
                0, index=list(COUNTS))
        counted = ("K", "M", "unknown") if unknown_in_total else ("K", "M")
        rows["total"] = sum(rows[g] for g in counted)
        block = pd.DataFrame(rows).T.astype(int)
        block.insert(0, "group", block.index)
        block.insert(0, "team", team)
        blocks.append(block.reset_index(drop=True))
    return pd.concat(blocks, ignore_index=True)
