"""Small-count suppression for external reports, and anonymised team names.

The rule (SPEC.md, "Privacy in reports"), for `audience="external"`:

1. *Primary*: a count from 1 to the threshold (default 3) is masked (shown as `..`).
2. *Secondary*: where cells add up (K + M + unknown = total; the six outcome columns =
   exits − dropouts; …), no such set may have exactly one masked cell, or it could be
   recovered by subtraction: the smallest unmasked cell of the set is masked too, and this is
   repeated until every set has zero or at least two masked cells.
3. A percentage or mean resting on fewer than `min_base` people (default 5) is masked, and so
   is a share whose numerator or denominator is masked (it would give them back).

Every table passes through `suppression_mask`; the functions below only say which cells add
up in each kind of table.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import pandas as pd

from ..schema import EXIT_REASONS, OUTCOME_COUNTS, POSITIVE_REASONS, TOTAL

Cell = tuple[Hashable, Hashable]  # (row label, column label)


def suppression_mask(counts: pd.DataFrame, constraints: Iterable[Sequence[Cell]],
                     threshold: int = 3) -> pd.DataFrame:
    """Which count cells to hide: primary (1..threshold) and secondary (see module doc).

    `constraints` are sets of cells that add up (one of them the sum of the others). Cells
    not named in any constraint are only primary-suppressed. Returns a boolean frame shaped
    like `counts`. The secondary cell chosen is the smallest unmasked one of the set (zeros
    included; ties go to the earlier cell in the set, so list totals last).
    """
    joint = JointSuppression(threshold)
    joint.add("table", counts, constraints)
    return joint.solve()["table"]


class JointSuppression:
    """Suppression over several tables of one report at once.

    The same quantity often stands in more than one table (the men's active count is the
    outcome table's `active`, the total of the age table and the `participants` of the ORS
    tables). Suppressed one by one, a cell hidden as a secondary in one table could be shown
    in another and the protected cell recovered by subtraction. Here every table's cells are
    registered, cells that are the same quantity are `link`ed, and one mask is found for all:
    a linked cell is hidden everywhere or nowhere, and every additive set of every table is
    safe.
    """

    def __init__(self, threshold: int = 3):
        self.threshold = threshold
        self.values: dict[tuple, float] = {}
        self.parent: dict[tuple, tuple] = {}
        self.sets: list[list[tuple]] = []
        self.shapes: dict[str, pd.DataFrame] = {}

    def add(self, name: str, counts: pd.DataFrame, sets: Iterable[Sequence[Cell]] = ()) -> None:
        """Register the count cells of table `name` and the sets of them that add up."""
        self.shapes[name] = counts
        for row in counts.index:
            for col in counts.columns:
                cell = (name, row, col)
                self.values[cell] = float(counts.at[row, col])
                self.parent[cell] = cell
        self.sets += [[(name, *c) for c in cells] for cells in sets]

    def constrain(self, cells: Sequence[tuple]) -> None:
        """A set of cells, possibly of different tables, that add up."""
        self.sets.append(list(cells))

    def _root(self, cell: tuple) -> tuple:
        while self.parent[cell] != cell:
            self.parent[cell] = self.parent[self.parent[cell]]
            cell = self.parent[cell]
        return cell

    def link(self, a: tuple, b: tuple) -> None:
        """`a` and `b` are the same number shown in two places."""
        if a not in self.values or b not in self.values:
            return
        if self.values[a] != self.values[b]:
            raise ValueError(f"linked cells differ: {a}={self.values[a]}, {b}={self.values[b]}")
        self.parent[self._root(a)] = self._root(b)

    def solve(self) -> dict[str, pd.DataFrame]:
        """The boolean mask of every registered table."""
        roots = {cell: self._root(cell) for cell in self.values}
        value = {roots[c]: v for c, v in self.values.items()}
        hidden = {r: 1 <= v <= self.threshold for r, v in value.items()}
        sets = []
        for cells in self.sets:
            mapped = list(dict.fromkeys(roots[c] for c in cells if c in roots))
            if len(mapped) >= 2:
                sets.append(mapped)
        changed = True
        while changed:
            changed = False
            for cells in sets:
                masked = [c for c in cells if hidden[c]]
                if len(masked) != 1:
                    continue
                shown = [c for c in cells if not hidden[c]]
                if shown:
                    hidden[min(shown, key=lambda c: value[c])] = True
                    changed = True
        out = {}
        for name, counts in self.shapes.items():
            mask = pd.DataFrame(False, index=counts.index, columns=counts.columns)
            for row in counts.index:
                for col in counts.columns:
                    mask.at[row, col] = hidden[roots[(name, row, col)]]
            out[name] = mask
        return out


def by_sex_constraints(table: pd.DataFrame, columns: Iterable[Hashable]) -> list[list[Cell]]:
    """K + M (+ unknown) = total, for each of `columns`."""
    parts = [g for g in table.index if g != TOTAL]
    if TOTAL not in table.index:
        return []
    return [[*((g, c) for g in parts), (TOTAL, c)] for c in columns]


def row_sum_constraints(table: pd.DataFrame, parts: Sequence[Hashable],
                        total: Hashable) -> list[list[Cell]]:
    """In every row, the `parts` columns add up to the `total` column."""
    return [[*((g, c) for c in parts), (g, total)] for g in table.index]




def outcome_constraints(table: pd.DataFrame) -> list[list[Cell]]:
    """The sums in an outcome table: by sex, exits = dropouts + the six outcomes,
    active = exits + active at end, positive = work + studies + vocational rehab."""
    sets = by_sex_constraints(table, OUTCOME_COUNTS)
    sets += row_sum_constraints(table, ["dropouts", *EXIT_REASONS], "exits")
    sets += row_sum_constraints(table, ["exits", "active_at_end"], "active")
    sets += row_sum_constraints(table, list(POSITIVE_REASONS), "positive")
    return sets


def outcome_mask(table: pd.DataFrame, threshold: int = 3, min_base: int = 5,
                 counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The mask of an `outcome_table` for an external audience, shares and means included.

    `counts`: the count cells' mask when it was found jointly with other tables.
    """
    mask = counts[list(OUTCOME_COUNTS)] if counts is not None else suppression_mask(
        table[list(OUTCOME_COUNTS)], outcome_constraints(table), threshold)
    full = pd.DataFrame(False, index=table.index, columns=table.columns)
    full[list(OUTCOME_COUNTS)] = mask
    completed = table["exits"] - table["dropouts"]
    if "positive_share" in table:
        full["positive_share"] = ((completed < min_base) | mask["positive"] | mask["exits"]
                                  | mask["dropouts"])
    if "mean_years_without_work" in table:
        base = table["n_years_known"] if "n_years_known" in table else table["positive"]
        full["mean_years_without_work"] = base < min_base
    if "mean_throughput_months" in table:
        full["mean_throughput_months"] = table["positive"] < min_base
    return full


CHANGE_CLASSES = ("recovered", "improved", "unchanged", "deteriorated")


CHANGE_COUNTS = ("participants", "with_two_or_more", *CHANGE_CLASSES)


def change_constraints(table: pd.DataFrame) -> list[list[Cell]]:
    return (by_sex_constraints(table, CHANGE_COUNTS)
            + row_sum_constraints(table, list(CHANGE_CLASSES), "with_two_or_more"))


def change_mask(table: pd.DataFrame, threshold: int = 3, min_base: int = 5,
                counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The mask of an ORS `change_table`: the classes add up to with_two_or_more; shares and
    means rest on with_two_or_more people."""
    cols = list(CHANGE_COUNTS)
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    mask[cols] = counts[cols] if counts is not None else suppression_mask(
        table[cols], change_constraints(table), threshold)
    small = table["with_two_or_more"] < min_base
    for cls in CHANGE_CLASSES:
        mask[f"{cls}_share"] = small | mask[cls] | mask["with_two_or_more"]
    for col in ("mean_first", "mean_last", "mean_change", "effect_size"):
        if col in table:
            mask[col] = small
    return mask


def compliance_counts(table: pd.DataFrame) -> list[str]:
    """The count columns of a compliance table that hold numbers (a table not given: none)."""
    return [c for c in ("participants", "ors_compliant", "srs_compliant")
            if table[c].notna().all()]


def compliance_mask(table: pd.DataFrame, threshold: int = 3, min_base: int = 5,
                    counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The mask of an ORS/SRS `compliance_table`: counts by sex; a share rests on the
    participants of its group."""
    cols = compliance_counts(table)
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    mask[cols] = counts[cols] if counts is not None else suppression_mask(
        table[cols].astype(float), by_sex_constraints(table, cols), threshold)
    for name in ("ors", "srs"):
        hidden = mask[f"{name}_compliant"] | mask["participants"]
        mask[f"{name}_compliant_share"] = (table["participants"] < min_base) | hidden
    return mask


def crosstab_constraints(table: pd.DataFrame, total: str = "total") -> list[list[Cell]]:
    parts = [c for c in table.columns if c != total]
    return by_sex_constraints(table, table.columns) + row_sum_constraints(table, parts, total)


def crosstab_mask(table: pd.DataFrame, threshold: int = 3, total: str = "total") -> pd.DataFrame:
    """The mask of a sex × category table whose categories add up to its `total` column."""
    return suppression_mask(table, crosstab_constraints(table, total), threshold)


def share_mask(count_mask: pd.Series, base: pd.Series, min_base: int = 5,
               base_mask: pd.Series | None = None) -> pd.Series:
    """A share is hidden when its base is under `min_base` or a count behind it is hidden."""
    out = (base < min_base) | count_mask
    if base_mask is not None:
        out = out | base_mask
    return out


# --- survey answers --------------------------------------------------------------------------

SURVEY_SHARES = (("agree_share", "answers"), ("agree_share_all", "answers_all"),
                 ("agree_share_prev", "answers_prev"))
"""Each share agreeing of a survey comparison and the number of answers it rests on."""


def survey_share_hidden(agree_share, answers, threshold: int = 3, min_base: int = 5) -> bool:
    """Whether an external reader may not see a share agreeing: it rests on fewer than
    `min_base` answers, or the answers agreeing or those not agreeing number 1 to `threshold`
    (with the number of answers shown, the share would give that small count back: how a
    group answered is a sensitive fact, SPEC.md)."""
    if pd.isna(answers) or pd.isna(agree_share) or answers < min_base:
        return True
    agree = round(float(agree_share) * float(answers) / 100.0)
    return 1 <= agree <= threshold or 1 <= int(answers) - agree <= threshold


def survey_mask(comp: pd.DataFrame, threshold: int = 3, min_base: int = 5) -> pd.DataFrame:
    """`comp` (`surveys.comparison` or `team_comparison` rows) with every share an external
    reader may not see set to NaN, and the means on fewer than `min_base` answers and the
    differences resting on a hidden share too. When Kvinnor's or Män's share of a question
    is hidden, so is the other's (with Totalt they add up)."""
    out = comp.copy()
    hidden = {}
    for share, n in SURVEY_SHARES:
        if share in out.columns and n in out.columns:
            hidden[share] = pd.Series([survey_share_hidden(s, a, threshold, min_base)
                                       for s, a in zip(out[share], out[n], strict=True)],
                                      index=out.index)
    if "agree_share" in hidden and {"question_id", "group"} <= set(out.columns):
        keys = ["question_id", *(["respondent_group"] if "respondent_group" in out.columns
                                 else [])]
        for _, rows in out.groupby(keys, sort=False):
            sexes = rows.index[rows["group"].isin(["K", "M"])]
            if hidden["agree_share"][sexes].any():
                hidden["agree_share"][sexes] = True
    for share, flags in hidden.items():
        out.loc[flags, share] = float("nan")
        suffix = share.removeprefix("agree_share")
        for col in (f"mean{suffix}",):
            if col in out.columns:
                out.loc[out[f"answers{suffix}"].isna() | (out[f"answers{suffix}"] < min_base),
                        col] = float("nan")
    for diff, a, b in (("agree_diff_all", "agree_share", "agree_share_all"),
                       ("agree_diff_prev", "agree_share", "agree_share_prev")):
        if diff in out.columns:
            out.loc[out[a].isna() | out[b].isna(), diff] = float("nan")
    return out
