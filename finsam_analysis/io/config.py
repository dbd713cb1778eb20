"""The optional `config.yml` of a data directory: names, targets and the spec's settings.

```yaml
association: Exempelbygdens samordningsförbund   # display name
example_data: true            # reports say "Exempeldata — fiktiva uppgifter"
teams:
  fjarilen: {name: Team Fjärilen}
settings:
  dropout_months: 2           # a dropout leaves within this many calendar months of start
  suppression_threshold: 3    # external reports show counts 1..3 as ".."
  min_base: 5                 # ... and shares or means resting on fewer than 5 people as ".."
  anonymise_teams: false      # team comparisons as Grupp A, B, C …
targets:                      # målnivåer, percent of the non-dropout exits
  work: {at_exit: 25, after_6_months: 35, after_2_years: 70}
  studies: {at_exit: 20, after_6_months: 25, after_2_years: 15}
  vocational_rehab: {at_exit: 55, after_6_months: 40, after_2_years: 15}
  improved_health: {at_exit: 90}
socioeconomic:                # optional unit values of the socio-economic model (socioeconomic.py)
```
Everything is optional; a missing file gives the spec's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, Problem
from .socioeconomic import UnitValues, parse_socioeconomic

TARGET_MEASURES = ("work", "studies", "vocational_rehab", "improved_health")
TARGET_TIMEPOINTS = {"at_exit": 0, "after_6_months": 6, "after_2_years": 24}
"""Target time points and the follow-up month each rests on (0 = at exit)."""


@dataclass(frozen=True)
class Settings:
    """The settings the spec names, with its defaults."""

    dropout_months: int = 2
    suppression_threshold: int = 3
    min_base: int = 5
    anonymise_teams: bool = False
    language: str = "sv"
    # ORS (used from the ORS issue on; accepted here so one config serves all)
    ors_reliable_change: float = 5.0
    ors_cutoff_adult: float = 25.0
    ors_cutoff_youth: float = 28.0
    measurement_max_gap_days: int = 61
    budget_deviation_flag: float = 5.0
    health_target: float = 90.0


@dataclass(frozen=True)
class Config:
    association: str = "Samordningsförbundet"
    example_data: bool = False
    teams: dict[str, str] = field(default_factory=dict)  # team id → display name
    settings: Settings = field(default_factory=Settings)
    targets: dict[str, dict[str, float]] = field(default_factory=dict)  # measure → {timepoint: %}
    source: str | None = None
    socioeconomic: UnitValues | None = None  # the unit values of the socio-economic model

    def team_name(self, team: str) -> str:
        """The display name of a team (its id when the config gives none)."""
        return self.teams.get(team, team)


_SETTING_TYPES = {name: type(value) for name, value in Settings().__dict__.items()}


def load_config(path: Path | None) -> Config:
    """Read and validate `config.yml`; `None` or a missing file gives the defaults."""
    if path is None or not Path(path).exists():
        return Config()
    name = Path(path).name
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError(Problem(name, f"not valid YAML: {exc}")) from None
    problems: list[Problem] = []

    def bad(key: str, message: str, value: Any = None, expected: str | None = None) -> None:
        problems.append(Problem(name, message, column=key,
                                value=None if value is None else str(value), expected=expected))

    if not isinstance(raw, dict):
        raise DataError(Problem(name, "must be a mapping of keys to values"))
    known = {"association", "example_data", "teams", "settings", "targets", "socioeconomic"}
    for key in raw:
        if key not in known:
            bad(str(key), "unknown key", key, ", ".join(sorted(known)))

    association = raw.get("association", Config.association)
    if not isinstance(association, str) or not association.strip():
        bad("association", "must be a name", association, "text")
        association = Config.association

    example = raw.get("example_data", False)
    if not isinstance(example, bool):
        bad("example_data", "must be true or false", example, "true/false")
        example = False

    def section(key: str) -> dict:
        value = raw.get(key) or {}
        if isinstance(value, dict):
            return value
        bad(key, "must be a mapping of keys to values", value)
        return {}

    teams: dict[str, str] = {}
    for team, spec in section("teams").items():
        if isinstance(spec, str):
            teams[str(team)] = spec
        elif isinstance(spec, dict) and isinstance(spec.get("name"), str):
            teams[str(team)] = spec["name"]
            extra = set(spec) - {"name"}
            if extra:
                bad(f"teams.{team}", "unknown key", ", ".join(sorted(extra)), "name")
        elif spec is None:
            teams[str(team)] = str(team)
        else:
            bad(f"teams.{team}", "must be {name: …} or a name", spec)

    values: dict[str, Any] = {}
    for key, value in section("settings").items():
        if key not in _SETTING_TYPES:
            bad(f"settings.{key}", "unknown setting", key, ", ".join(_SETTING_TYPES))
            continue
        want = _SETTING_TYPES[key]
        if want is bool:
            ok = isinstance(value, bool)
        elif want is int:
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        elif want is float:
            ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
            value = float(value) if ok else value
        else:
            ok = isinstance(value, str)
        if key == "language" and ok and value not in ("sv", "en"):
            ok = False
        if key == "dropout_months" and ok and value > 24:
            ok = False
        if not ok:
            bad(f"settings.{key}", "wrong type or value", value,
                {bool: "true/false", int: "a whole number ≥ 0", float: "a number ≥ 0"}.get(
                    want, "sv or en"))
            continue
        values[key] = value
    settings = Settings(**values)

    targets: dict[str, dict[str, float]] = {}
    for measure, levels in section("targets").items():
        if measure not in TARGET_MEASURES:
            bad(f"targets.{measure}", "unknown target", measure, ", ".join(TARGET_MEASURES))
            continue
        if not isinstance(levels, dict):
            bad(f"targets.{measure}", "must map time points to percentages", levels,
                ", ".join(TARGET_TIMEPOINTS))
            continue
        targets[measure] = {}
        for point, level in levels.items():
            if point not in TARGET_TIMEPOINTS:
                bad(f"targets.{measure}.{point}", "unknown time point", point,
                    ", ".join(TARGET_TIMEPOINTS))
            elif (not isinstance(level, int | float) or isinstance(level, bool)
                  or not 0 <= level <= 100):
                bad(f"targets.{measure}.{point}", "must be a percentage", level, "0–100")
            else:
                targets[measure][point] = float(level)

    socioeconomic = parse_socioeconomic(raw.get("socioeconomic"), bad)

    if problems:
        raise DataError(problems)
    return Config(association.strip(), example, teams, settings, targets, name,
                  socioeconomic=socioeconomic)
