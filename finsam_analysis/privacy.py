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

import hashlib
import string
from collections.abc import Hashable, Iterable, Sequence

import pandas as pd

from .schema import EXIT_REASONS, POSITIVE_REASONS, TOTAL

Cell = tuple[Hashable, Hashable]  # (row label, column label)


def suppression_mask(counts: pd.DataFrame, constraints: Iterable[Sequence[Cell]],
                     threshold: int = 3) -> pd.DataFrame:
    """Which count cells to hide: primary (1..threshold) and secondary (see module doc).

    `constraints` are sets of cells that add up (one of them the sum of the others). Cells
    not named in any constraint are only primary-suppressed. Returns a boolean frame shaped
    like `counts`. The secondary cell chosen is the smallest unmasked one of the set (zeros
    included; ties go to the earlier cell in the set, so list totals last).
    """
    values = counts.astype(float)
    mask = (values >= 1) & (values <= threshold)
    sets = [list(cells) for cells in constraints]
    changed = True
    while changed:
        changed = False
        for cells in sets:
            hidden = [c for c in cells if mask.at[c]]
            if len(hidden) != 1:
                continue
            shown = [c for c in cells if not mask.at[c]]
            if not shown:
                continue
            smallest = min(shown, key=lambda c: values.at[c])
            mask.at[smallest] = True
            changed = True
    return mask


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


OUTCOME_COUNTS = ("active", "exits", "dropouts", *EXIT_REASONS, "active_at_end", "positive")


def outcome_constraints(table: pd.DataFrame) -> list[list[Cell]]:
    """The sums in an outcome table: by sex, exits = dropouts + the six outcomes,
    active = exits + active at end, positive = work + studies + vocational rehab."""
    sets = by_sex_constraints(table, OUTCOME_COUNTS)
    sets += row_sum_constraints(table, ["dropouts", *EXIT_REASONS], "exits")
    sets += row_sum_constraints(table, ["exits", "active_at_end"], "active")
    sets += row_sum_constraints(table, list(POSITIVE_REASONS), "positive")
    return sets


def outcome_mask(table: pd.DataFrame, threshold: int = 3, min_base: int = 5) -> pd.DataFrame:
    """The mask of an `outcome_table` for an external audience, shares and means included."""
    counts = table[list(OUTCOME_COUNTS)]
    mask = suppression_mask(counts, outcome_constraints(table), threshold)
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


def change_mask(table: pd.DataFrame, threshold: int = 3, min_base: int = 5) -> pd.DataFrame:
    """The mask of an ORS `change_table`: the classes add up to with_two_or_more; shares and
    means rest on with_two_or_more people."""
    counts = ["participants", "with_two_or_more", *CHANGE_CLASSES]
    sets = by_sex_constraints(table, counts)
    sets += row_sum_constraints(table, list(CHANGE_CLASSES), "with_two_or_more")
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    mask[counts] = suppression_mask(table[counts], sets, threshold)
    small = table["with_two_or_more"] < min_base
    for cls in CHANGE_CLASSES:
        mask[f"{cls}_share"] = small | mask[cls] | mask["with_two_or_more"]
    for col in ("mean_first", "mean_last", "mean_change", "effect_size"):
        if col in table:
            mask[col] = small
    return mask


def compliance_mask(table: pd.DataFrame, threshold: int = 3, min_base: int = 5
                    ) -> pd.DataFrame:
    """The mask of an ORS/SRS `compliance_table`: counts by sex; a share rests on the
    participants of its group."""
    counts = [c for c in ("participants", "ors_compliant", "srs_compliant")
              if table[c].notna().all()]
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    mask[counts] = suppression_mask(table[counts].astype(float),
                                    by_sex_constraints(table, counts), threshold)
    for name in ("ors", "srs"):
        hidden = mask[f"{name}_compliant"] | mask["participants"]
        mask[f"{name}_compliant_share"] = (table["participants"] < min_base) | hidden
    return mask


def crosstab_mask(table: pd.DataFrame, threshold: int = 3, total: str = "total") -> pd.DataFrame:
    """The mask of a sex × category table whose categories add up to its `total` column."""
    parts = [c for c in table.columns if c != total]
    sets = by_sex_constraints(table, table.columns) + row_sum_constraints(table, parts, total)
    return suppression_mask(table, sets, threshold)


def share_mask(count_mask: pd.Series, base: pd.Series, min_base: int = 5,
               base_mask: pd.Series | None = None) -> pd.Series:
    """A share is hidden when its base is under `min_base` or a count behind it is hidden."""
    out = (base < min_base) | count_mask
    if base_mask is not None:
        out = out | base_mask
    return out


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
