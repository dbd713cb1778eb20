"""Sums by sex and by team: the public building blocks every measure's table uses.

A table by sex has the rows `K` (kvinnor), `M` (män), `unknown` (okänt kön, only when someone
has it) and `total`. Teams can be named *Grupp A, B, C…* in an order that does not follow
their names.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..schema import SEXES, TOTAL, UNKNOWN


def groups(sex: pd.Series | None, show_unknown: bool) -> list[str]:
    """The rows of a table by sex: `K`, `M`, `unknown` (when `show_unknown`), `total`."""
    return [*SEXES, *([UNKNOWN] if show_unknown else []), TOTAL]


def by_group(values: pd.DataFrame, sex: pd.Series, show_unknown: bool | None = None
              ) -> pd.DataFrame:
    """Sum the columns of `values` per sex group, plus the `total` row.

    Integer columns stay integers. The `unknown` row is there when `show_unknown` (default:
    when any value of `sex` is unknown).
    """
    if show_unknown is None:
        show_unknown = bool((sex == UNKNOWN).any())
    per = values.groupby(sex.to_numpy()).sum()
    total = values.sum().to_frame(TOTAL).T
    out = pd.concat([per, total]).reindex(groups(sex, show_unknown)).fillna(0)
    for col in values.columns:
        if not pd.api.types.is_float_dtype(values[col]):
            out[col] = out[col].astype("int64")
    out.index.name = "group"
    return out


def has_unknown(participants: pd.DataFrame, status: pd.DataFrame) -> bool:
    """Whether the unknown-sex row is shown: some enrolment active in the period has no sex."""
    return bool(((participants["sex"] == UNKNOWN) & status["active"]).any())


def sum_by_team_and_sex(team: pd.Series, sex: pd.Series, columns: dict[str, np.ndarray],
                        teams: list[str] | None = None) -> pd.DataFrame:
    """Sum each of `columns` (one value per row) by team and sex: index (team, group) with
    `K`, `M`, `unknown` (only for a team with someone of unknown sex) and `total` for every
    team in `teams` (default: those present, sorted; a team with no rows gets zeros)."""
    team_codes, team_values = pd.factorize(team, sort=True)
    sex_values = sex.to_numpy(dtype=object)
    cell = team_codes * 3 + np.where(sex_values == "K", 0, np.where(sex_values == "M", 1, 2))
    names = list(columns)
    cube = np.stack([np.bincount(cell, weights=np.asarray(columns[c], dtype=float),
                                 minlength=len(team_values) * 3).reshape(-1, 3)
                     for c in names], axis=2)  # team × (K, M, unknown) × column
    cube = np.concatenate([cube, cube.sum(axis=1, keepdims=True)], axis=1)  # + total
    teams = list(teams) if teams is not None else list(team_values)
    position = {t: i for i, t in enumerate(team_values)}
    picked = np.array([position.get(t, -1) for t in teams], dtype=np.int64)
    if len(team_values):
        cube = np.where((picked >= 0)[:, None, None], cube[np.maximum(picked, 0)], 0.0)
    else:
        cube = np.zeros((len(teams), 4, len(names)))
    show = np.ones((len(teams), 4), dtype=bool)
    show[:, 2] = cube[:, 2, 0] > 0  # the unknown row only when someone has unknown sex
    group_rep = np.tile(np.array(["K", "M", UNKNOWN, TOTAL], dtype=object), (len(teams), 1))
    team_rep = np.repeat(np.array(teams, dtype=object), 4).reshape(len(teams), 4)
    index = pd.MultiIndex.from_arrays([team_rep[show], group_rep[show]], names=["team", "group"])
    return pd.DataFrame(dict(zip(names, cube[show].T, strict=True)), index=index)


def match_enrolments(frame: pd.DataFrame, rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray,
                                                                         int]:
    """Codes for the enrolments (team, participant_id) of `frame` and of `rows`, equal where
    the enrolment is the same, and how many codes there are: a join of `rows` to `frame`
    (one dictionary encoding of both, far cheaper than a MultiIndex or string index lookup)."""
    def key(f: pd.DataFrame) -> pd.Series:
        return f["team"].astype("str") + "\x1f" + f["participant_id"].astype("str")

    codes, uniques = pd.factorize(pd.concat([key(frame), key(rows)], ignore_index=True))
    return codes[:len(frame)], codes[len(frame):], len(uniques)


def anonymise_teams(teams: Iterable[str], salt: str = "finsam") -> dict[str, str]:
    """Team id → *Grupp A, B, C…*, in an order that does not follow the names.

    The order is by a hash of the id (and a salt the association may set), so it is stable
    from run to run but neither alphabetical nor the order of the config.
    """
    ordered = sorted(set(teams), key=lambda t: hashlib.sha256(f"{salt}:{t}".encode()).hexdigest())
    letters = list(string.ascii_uppercase)
    names = {}
    for i, team in enumerate(ordered):
        letter = letters[i % 26] * (i // 26 + 1)
        names[team] = f"Grupp {letter}"
    return names
