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
  protect: outcomes           # or all_counts: every count of 1..3 is hidden, not only outcomes
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
from .personnummer import redact, scan_lines
from .socioeconomic import UnitValues, parse_socioeconomic

MAX_CONFIG_BYTES = 256 * 1024
"""A config is a page of names and numbers; anything much larger is not one."""
MAX_YAML_EVENTS = 50_000

TARGET_MEASURES = ("work", "studies", "vocational_rehab", "improved_health")
TARGET_TIMEPOINTS = {"at_exit": 0, "after_6_months": 6, "after_2_years": 24}
"""Target time points and the follow-up month each rests on (0 = at exit)."""


PROTECT_MODES = ("outcomes", "all_counts")
"""`protect: outcomes` (the default) protects the sensitive counts (where people went, how
they fared); `all_counts` treats every count as sensitive."""


@dataclass(frozen=True)
class Settings:
    """The settings the spec names, with its defaults."""

    dropout_months: int = 2
    suppression_threshold: int = 3
    min_base: int = 5
    anonymise_teams: bool = False
    language: str = "sv"
    protect: str = "outcomes"  # or "all_counts": every count of 1..threshold is protected
    # ORS (used from the ORS issue on; accepted here so one config serves all)
    ors_reliable_change: float = 5.0
    ors_cutoff_adult: float = 25.0
    ors_cutoff_youth: float = 28.0
    measurement_max_gap_days: int = 61
    budget_deviation_flag: float = 5.0
    health_target: float = 90.0
    # the attention list (internal): enrolled longer than this many months; SRS alert level
    attention_max_months: int = 12
    srs_alert: float = 36.0
    # deviations raised with the steering group (percentage points; occupancy in per cent)
    deviation_target_points: float = 10.0
    deviation_change_points: float = 10.0
    deviation_occupancy_share: float = 10.0


@dataclass(frozen=True)
class Config:
    association: str = "Samordningsförbundet"
    example_data: bool = False
    teams: dict[str, str] = field(default_factory=dict)  # team id → display name
    settings: Settings = field(default_factory=Settings)
    targets: dict[str, dict[str, float]] = field(default_factory=dict)  # measure → {timepoint: %}
    source: str | None = None
    socioeconomic: UnitValues | None = None  # the unit values of the socio-economic model
    places: dict[str, float] = field(default_factory=dict)  # team id → the plan's places

    def team_name(self, team: str) -> str:
        """The display name of a team (its id when the config gives none)."""
        return self.teams.get(team, team)


_SETTING_TYPES = {name: type(value) for name, value in Settings().__dict__.items()}


def _short(text: object, limit: int = 80) -> str:
    """A value as a message shows it: personnummer masked, long values cut."""
    text = redact(str(text))
    return text if len(text) <= limit else text[:limit] + "…"


def _read_yaml(path: Path) -> tuple[Any, dict[tuple[str, ...], int], list[Problem]]:
    """Parse a config safely: the file at most `MAX_CONFIG_BYTES`, UTF-8 (or Windows-1252),
    only plain YAML (no anchors or aliases, so no "billion laughs"), no key given twice.
    Returns the data, the line of each key path, and the problems found."""
    from .read import decode_text

    name = path.name
    size = path.stat().st_size
    if size > MAX_CONFIG_BYTES:
        raise DataError(Problem(name, "too large for a config file", value=f"{size} bytes",
                                expected=f"at most {MAX_CONFIG_BYTES // 1024} KB"))
    text = decode_text(path.read_bytes(), name)
    problems = [Problem(name, "looks like a personnummer; a config holds names and settings, "
                        "never a personal identity number", value=masked, line=line,
                        expected="no personal identity numbers")
                for line, masked in scan_lines(text)]
    try:
        for n, event in enumerate(yaml.parse(text, Loader=yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise DataError([*problems, Problem(
                    name, "anchors and aliases (& and *) are not accepted in a config",
                    line=event.start_mark.line + 1, expected="each value written out")])
            if n > MAX_YAML_EVENTS:
                raise DataError([*problems, Problem(name, "too many entries for a config")])
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        what = getattr(exc, "problem", None) or "cannot be read"
        raise DataError([*problems, Problem(
            name, f"not valid YAML: {_short(what)}", line=mark.line + 1 if mark else None,
            expected="key: value lines, indented with spaces")]) from None
    lines: dict[tuple[str, ...], int] = {}

    def walk(node, path: tuple[str, ...]) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        seen: dict[str, int] = {}
        for key, value in node.value:
            k = str(key.value)
            line = key.start_mark.line + 1
            if k in seen:
                problems.append(Problem(
                    name, f"{'.'.join((*path, k))} is given twice (line {seen[k]} and line "
                    f"{line}); only one can hold", line=line,
                    column=".".join((*path, k)), expected="each key once"))
            seen[k] = line
            lines[(*path, k)] = line
            walk(value, (*path, k))

    walk(root, ())
    return raw or {}, lines, problems


def load_config(path: Path | None) -> Config:
    """Read and validate `config.yml`; `None` or a missing file gives the defaults."""
    if path is None or not Path(path).exists():
        return Config()
    name = Path(path).name
    raw, lines, problems = _read_yaml(Path(path))
    if problems:
        raise DataError(problems)

    def bad(key: str, message: str, value: Any = None, expected: str | None = None) -> None:
        line = lines.get(tuple(key.split(".")))
        problems.append(Problem(name, message, column=_short(key),
                                value=None if value is None else _short(value),
                                expected=expected, line=line))

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
    places: dict[str, float] = {}
    for team, spec in section("teams").items():
        if isinstance(spec, str):
            teams[str(team)] = spec
        elif isinstance(spec, dict) and isinstance(spec.get("name"), str):
            teams[str(team)] = spec["name"]
            extra = set(spec) - {"name", "places"}
            if extra:
                bad(f"teams.{team}", "unknown key", ", ".join(sorted(extra)), "name, places")
            if "places" in spec:
                n = spec["places"]
                if isinstance(n, int | float) and not isinstance(n, bool) and n > 0:
                    places[str(team)] = float(n)
                else:
                    bad(f"teams.{team}.places", "must be a number of places", n,
                        "a number > 0 (årsplatser)")
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
        if key == "protect" and ok and value not in PROTECT_MODES:
            bad(f"settings.{key}", "wrong value", value, " or ".join(PROTECT_MODES))
            continue
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
                  socioeconomic=socioeconomic, places=places)
