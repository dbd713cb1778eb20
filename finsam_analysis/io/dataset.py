"""A validated data directory as one object: the canonical tables, the config, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, Problem
from .config import Config

TEAM_TABLES = ("participants", "followups", "ors", "srs", "survey_responses", "survey_invited",
               "health", "staff", "budget", "support")
"""The tables with a team column: `Dataset.for_team` restricts each of them."""

# --- the data set -----------------------------------------------------------------------------


@dataclass
class Dataset:
    """A validated data directory: canonical tables, the config and any warnings."""

    data_dir: Path
    participants: pd.DataFrame
    config: Config = field(default_factory=Config)
    followups: pd.DataFrame | None = None
    ors: pd.DataFrame | None = None
    srs: pd.DataFrame | None = None
    survey_questions: pd.DataFrame | None = None
    survey_responses: pd.DataFrame | None = None
    survey_invited: pd.DataFrame | None = None
    health: pd.DataFrame | None = None
    staff: pd.DataFrame | None = None
    budget: pd.DataFrame | None = None
    support: pd.DataFrame | None = None
    warnings: list[Problem] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # table → file name
    scope: str = "*"  # the team this data set is restricted to, `*` for the association
    _rows_by_team: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def teams(self) -> list[str]:
        """Team ids: those in the config first (in its order), then any others in the data."""
        seen = list(self.config.teams)
        return seen + sorted(set(self._team_rows("participants")) - set(seen))

    def team_name(self, team: str) -> str:
        return self.config.team_name(team)

    def for_team(self, team: str | None) -> Dataset:
        """The same data set restricted to one team (None: all teams together)."""
        if team is None:
            return self
        if team not in self._team_rows("participants") and team not in self.config.teams:
            raise DataError(Problem(self.files.get("participants", "participants"),
                                    "no such team", column="team", value=team,
                                    expected=", ".join(self.teams)))
        empty = np.zeros(0, dtype=np.intp)

        def pick(name):
            df = getattr(self, name)
            return None if df is None else df.iloc[self._team_rows(name).get(team, empty)]

        return replace(self, scope=team, **{name: pick(name) for name in TEAM_TABLES})

    def _team_rows(self, name: str) -> dict:
        """Each team's row positions in one table, found once per data set (a report run
        restricts the same data set to every team in turn)."""
        if name not in self._rows_by_team:
            df = getattr(self, name)
            self._rows_by_team[name] = ({} if df is None or df.empty else
                                        df.groupby("team", sort=False, observed=True).indices)
        return self._rows_by_team[name]

    def last_date(self):
        """The data's last date: the latest date recorded in it — an enrolment's start or
        end, an ORS or SRS measurement, a staff list's date. A period is *complete* when it
        ends on or before this date (docs/periods.md)."""
        import datetime as dt

        dates = [self.participants["start_date"], self.participants["end_date"]]
        for table, column in ((self.ors, "date"), (self.srs, "date"),
                              (self.staff, "valid_from")):
            if table is not None and column in table:
                dates.append(table[column])
        found = [pd.to_datetime(d).max() for d in dates if len(d)]
        found = [d for d in found if pd.notna(d)]
        if not found:
            raise DataError(Problem(self.files.get("participants", "participants"),
                                    "no dates: the data's last date cannot be found",
                                    column="start_date"))
        return dt.date.fromisoformat(max(found).date().isoformat())

    def known_sex(self) -> Dataset:
        """The same data set with only the enrolments of known sex (kvinnor och män): what an
        external table by sex counts, so that Totalt = Kvinnor + Män."""
        known = self.participants["sex"].isin(["K", "M"])
        return replace(self, participants=self.participants[known])
