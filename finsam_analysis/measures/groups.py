"""Sums by sex, by age group and by team: the public building blocks every measure's table
uses.

A table by sex has the rows `K` (kvinnor), `M` (män), `unknown` (okänt kön, only when someone
has it) and `total`. A table by age has the rows of the spec's age groups at start (16-24,
25-29, 30-39, 40-49, 50-64), `other_age` and `unknown_age` (only when someone has them) and
`total`: the same measure, grouped by another column (`by="age"`). Teams can be named
*Grupp A, B, C…* in an order that does not follow their names.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..schema import AGE_GROUPS, SEXES, TOTAL, UNKNOWN

BY = ("sex", "age")
"""What a table's rows can be grouped by: sex (the default) or age group at start."""
AGES = tuple(g[0] for g in AGE_GROUPS)
"""The spec's age groups at start, in order: 16-24, 25-29, 30-39, 40-49, 50-64."""
OTHER_AGE, UNKNOWN_AGE = "other_age", "unknown_age"
AGE_OPTIONAL = (OTHER_AGE, UNKNOWN_AGE)
"""Age rows shown only when someone has them: outside 16–64, and no birth year."""


def age_at_start(participants: pd.DataFrame) -> pd.Series:
    """Age at enrolment as start year − birth year (birth dates are not kept): someone born
    in 1996 is 24 at a start in 2020 whatever the day, and 25 at a start in 2021."""
    return participants["start_date"].dt.year - participants["birth_year"].astype(float)


def age_group(age: pd.Series) -> pd.Series:
    """The spec's age groups 16–24, 25–29, 30–39, 40–49, 50–64 (both ends included);
    `other_age` outside them, `unknown_age` where the birth year is missing."""
    out = pd.Series(OTHER_AGE, index=age.index, dtype=object)
    for name, low, high in AGE_GROUPS:
        out[(age >= low) & (age <= high)] = name
    out[age.isna()] = UNKNOWN_AGE
    return out


def grouping(participants: pd.DataFrame, by: str = "sex",
             rows: pd.DataFrame | None = None) -> pd.Series:
    """The column a table is grouped by: `sex`, or (`by="age"`) the age group at start —
    of every enrolment in `participants`, or of each row of `rows` (found in `participants`
    by team and participant_id; aligned with `rows`)."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, not {by!r}")
    if by == "sex":
        return participants["sex"] if rows is None else rows["sex"]
    ages = age_group(age_at_start(participants))
    if rows is None:
        return ages
    key = ["team", "participant_id"]
    lookup = pd.Series(ages.to_numpy(dtype=object),
                       index=pd.MultiIndex.from_frame(participants[key].astype(object)))
    found = lookup.reindex(pd.MultiIndex.from_frame(rows[key].astype(object)))
    return pd.Series(found.to_numpy(dtype=object), index=rows.index).fillna(UNKNOWN_AGE)


def age_rows(present: Iterable[str] = ()) -> list[str]:
    """The rows of a table by age: the five groups, `other_age` and `unknown_age` when in
    `present`, `total`."""
    present = set(present)
    return [*AGES, *(g for g in AGE_OPTIONAL if g in present), TOTAL]


def groups(sex: pd.Series | None, show_unknown: bool) -> list[str]:
    """The rows of a table by sex: `K`, `M`, `unknown` (when `show_unknown`), `total`."""
    return [*SEXES, *([UNKNOWN] if show_unknown else []), TOTAL]


def by_group(values: pd.DataFrame, sex: pd.Series, show_unknown: bool | None = None,
             rows: list[str] | None = None) -> pd.DataFrame:
    """Sum the columns of `values` per group of `sex` (the grouping column), plus the `total`
    row.

    Integer columns stay integers. By sex the `unknown` row is there when `show_unknown`
    (default: when any value of `sex` is unknown). `rows`: the rows of another grouping (e.g.
    `age_rows(...)`), in order, `total` last; `show_unknown` is then not used.
    """
    if rows is None:
        if show_unknown is None:
            show_unknown = bool((sex == UNKNOWN).any())
        rows = groups(sex, show_unknown)
    per = values.groupby(sex.to_numpy()).sum()
    total = values.sum().to_frame(TOTAL).T
    out = pd.concat([per, total]).reindex(rows).fillna(0)
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
    sex_values = sex.to_numpy(dtype=object)
    codes = np.where(sex_values == "K", 0, np.where(sex_values == "M", 1, 2))
    return _sum_by_team_and_codes(team, codes, ["K", "M", UNKNOWN], 2, columns, teams)


def sum_by_team_and_age(team: pd.Series, age: pd.Series, columns: dict[str, np.ndarray],
                        teams: list[str] | None = None) -> pd.DataFrame:
    """`sum_by_team_and_sex` with the age group at start (`age_group`) as the grouping
    column: index (team, group) with the five age groups, `other_age` and `unknown_age`
    (only for a team where someone active has them: the first column is non-zero) and
    `total`."""
    names = [*AGES, *AGE_OPTIONAL]
    position = {g: i for i, g in enumerate(names)}
    codes = np.array([position.get(v, names.index(UNKNOWN_AGE))
                      for v in age.to_numpy(dtype=object)], dtype=np.int64)
    return _sum_by_team_and_codes(team, codes, names, len(AGES), columns, teams)


def sum_by_team_and(by: str, team: pd.Series, rows: pd.DataFrame,
                    columns: dict[str, np.ndarray], teams: list[str] | None = None
                    ) -> pd.DataFrame:
    """Sum `columns` by team and `by` (`sex` or `age`), the grouping column taken from
    `rows` (the enrolments the columns belong to, with sex, birth year and start date)."""
    column = grouping(rows, by)
    if by == "age":
        return sum_by_team_and_age(team, column, columns, teams)
    return sum_by_team_and_sex(team, column, columns, teams)


def _sum_by_team_and_codes(team: pd.Series, codes: np.ndarray, names: list[str],
                           optional_from: int, columns: dict[str, np.ndarray],
                           teams: list[str] | None) -> pd.DataFrame:
    """The sums of `sum_by_team_and_sex` for any grouping: `codes` (one per row) index
    `names`; the groups from `optional_from` on get a row only where the first column is
    non-zero; `total` last."""
    team_codes, team_values = pd.factorize(team, sort=True)
    k = len(names)
    cell = team_codes * k + np.asarray(codes, dtype=np.int64)
    names_c = list(columns)
    cube = np.stack([np.bincount(cell, weights=np.asarray(columns[c], dtype=float),
                                 minlength=len(team_values) * k).reshape(-1, k)
                     for c in names_c], axis=2)  # team × group × column
    cube = np.concatenate([cube, cube.sum(axis=1, keepdims=True)], axis=1)  # + total
    teams = list(teams) if teams is not None else list(team_values)
    position = {t: i for i, t in enumerate(team_values)}
    picked = np.array([position.get(t, -1) for t in teams], dtype=np.int64)
    if len(team_values):
        cube = np.where((picked >= 0)[:, None, None], cube[np.maximum(picked, 0)], 0.0)
    else:
        cube = np.zeros((len(teams), k + 1, len(names_c)))
    show = np.ones((len(teams), k + 1), dtype=bool)
    # an optional row (unknown sex, other or unknown age) only when someone has it
    show[:, optional_from:k] = cube[:, optional_from:k, 0] > 0
    group_rep = np.tile(np.array([*names, TOTAL], dtype=object), (len(teams), 1))
    team_rep = np.repeat(np.array(teams, dtype=object), k + 1).reshape(len(teams), k + 1)
    index = pd.MultiIndex.from_arrays([team_rep[show], group_rep[show]], names=["team", "group"])
    return pd.DataFrame(dict(zip(names_c, cube[show].T, strict=True)), index=index)


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
