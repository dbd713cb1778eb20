"""Tests for sdc.py: hand-built tables with known answers, a property test, and a size test."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finsam_analysis.present.sdc import (
    CellModel,
    ProtectionImpossible,
    audit,
    choose_hidden,
    exposed_by_single_hidden,
    proven_small,
)


def rel(*pairs):
    """Relation from (cell, coefficient) pairs."""
    idx = np.array([p[0] for p in pairs], dtype=np.int64)
    coef = np.array([p[1] for p in pairs], dtype=float)
    return idx, coef


def total(parts, whole):
    """sum(parts) - whole == 0."""
    return rel(*[(p, 1.0) for p in parts], (whole, -1.0))


def model(values, primary, cost=None, relations=(), published=None, known=None, upper=None):
    values = np.asarray(values, dtype=float)
    n = values.size
    prim = np.zeros(n, dtype=bool)
    prim[list(primary)] = True
    kn = None
    if known is not None:
        kn = np.zeros(n, dtype=bool)
        kn[list(known)] = True
    pub = np.ones(n, dtype=bool)
    if published is not None:
        pub = np.asarray(published, dtype=bool)
    return CellModel(
        values=values,
        primary=prim,
        cost=np.ones(n) if cost is None else np.asarray(cost, dtype=float),
        relations=list(relations),
        published=pub,
        known=kn,
        upper=None if upper is None else np.asarray(upper, dtype=float),
    )


def hidden_set(mask):
    return set(np.flatnonzero(mask).tolist())


def single_hidden_relations(m: CellModel, hidden: np.ndarray) -> list[int]:
    """Relations in which exactly one cell is hidden."""
    return [r for r, (idx, _) in enumerate(m.relations) if int(hidden[np.unique(idx)].sum()) == 1]


def check_protected(m: CellModel, hidden: np.ndarray):
    res = audit(m, hidden)
    assert res.ok, res.failures
    assert hidden[m.primary].all()
    assert single_hidden_relations(m, hidden) == []
    prim = np.flatnonzero(m.primary)
    assert np.all(res.lower[prim] <= 1e-6)
    return res


# ---------------------------------------------------------------- single K, M, Totalt row

K, M, T = 0, 1, 2
KMT = [total([K, M], T)]


def test_row_primary_needs_a_second_cell():
    m = model([2, 30, 32], primary=[K], relations=KMT)
    hidden = choose_hidden(m)
    assert hidden[K]
    assert hidden.sum() == 2  # exactly one more cell of the relation
    res = check_protected(m, hidden)
    assert res.lower[K] == pytest.approx(0.0, abs=1e-9)


def test_row_unprotected_is_exposed():
    m = model([2, 30, 32], primary=[K], relations=KMT)
    res = audit(m, np.array([True, False, False]))
    assert not res.ok
    assert res.failures == [K]
    assert res.lower[K] == pytest.approx(2.0)
    assert res.upper[K] == pytest.approx(2.0)
    assert exposed_by_single_hidden(m, np.array([True, False, False])).tolist() == [
        True,
        False,
        False,
    ]


def test_totalt_chosen_when_cheaper():
    m = model([2, 30, 32], primary=[K], cost=[1, 5, 1], relations=KMT)
    assert hidden_set(choose_hidden(m)) == {K, T}
    m = model([2, 30, 32], primary=[K], cost=[1, 1, 5], relations=KMT)
    assert hidden_set(choose_hidden(m)) == {K, M}


def test_known_cell_never_hidden_forces_costlier_choice():
    m = model([2, 30, 32], primary=[K], cost=[1, 5, 1], relations=KMT, known=[T])
    hidden = choose_hidden(m)
    assert hidden_set(hidden) == {K, M}
    check_protected(m, hidden)


def test_known_primary_raises():
    m = model([2, 30, 32], primary=[K], relations=KMT, known=[K])
    with pytest.raises(ProtectionImpossible) as exc:
        choose_hidden(m)
    assert exc.value.cells == [K]


def test_pinned_primary_raises():
    m = model([2, 30, 32], primary=[K], relations=KMT, known=[M, T])
    with pytest.raises(ProtectionImpossible) as exc:
        choose_hidden(m)
    assert exc.value.cells == [K]


def test_a_pinned_primary_in_a_block_of_another_process_raises_the_same():
    """Raised in a block's own process, the error reaches the caller whole (its cells), not as
    a broken pool of processes."""
    import pickle

    again = pickle.loads(pickle.dumps(ProtectionImpossible([5, 2], "pinned")))
    assert again.cells == [2, 5] and "pinned" in str(again)
    # two blocks of K, M, Totalt; the second's K is pinned by the known M and Totalt
    values = [2, 30, 32, 2, 30, 32]
    rels = [total([0, 1], 2), total([3, 4], 5)]
    m = model(values, primary=[0, 3], relations=rels, known=[4, 5])
    with pytest.raises(ProtectionImpossible) as exc:
        choose_hidden(m, blocks=np.array([0, 0, 0, 1, 1, 1]), processes=2)
    assert exc.value.cells == [3]  # numbered as in the whole model
    with pytest.raises(ProtectionImpossible) as exc:
        choose_hidden(m, blocks=np.array([0, 0, 0, 1, 1, 1]))
    assert exc.value.cells == [3]


def test_already_protected_needs_nothing_more():
    # both K and M primary: hiding the two protects each (total 4 can be 0+4 or 4+0)
    m = model([1, 3, 4], primary=[K, M], relations=KMT)
    assert hidden_set(choose_hidden(m)) == {K, M}


# ---------------------------------------------------------------- 2x2 table with margins

# grid:  a  b | r1        cells: a=0 b=1 r1=4
#        c  d | r2               c=2 d=3 r2=5
#        -----+---
#        c1 c2| g                c1=6 c2=7 g=8
A_, B_, C_, D_, R1, R2, C1, C2, G = range(9)
TWO_BY_TWO = [
    total([A_, B_], R1),
    total([C_, D_], R2),
    total([A_, C_], C1),
    total([B_, D_], C2),
    total([R1, R2], G),
    total([C1, C2], G),
]
TWO_VALUES = [2, 10, 12, 20, 12, 32, 14, 30, 44]


def test_two_by_two_inner_rectangle():
    cost = [1, 1, 1, 1, 10, 10, 10, 10, 10]
    m = model(TWO_VALUES, primary=[A_], cost=cost, relations=TWO_BY_TWO)
    hidden = choose_hidden(m)
    assert hidden_set(hidden) == {A_, B_, C_, D_}
    check_protected(m, hidden)


def test_two_by_two_margin_rectangle():
    # the rectangle a, b / c1, c2 (using the column-total row) is the cheapest: cost 3
    cost = [1, 1, 5, 5, 5, 5, 1, 1, 5]
    m = model(TWO_VALUES, primary=[A_], cost=cost, relations=TWO_BY_TWO)
    hidden = choose_hidden(m)
    assert hidden_set(hidden) == {A_, B_, C1, C2}
    check_protected(m, hidden)


def test_two_by_two_known_cell_forces_other_rectangle():
    cost = [1, 1, 1, 1, 10, 10, 10, 10, 10]
    m = model(TWO_VALUES, primary=[A_], cost=cost, relations=TWO_BY_TWO, known=[D_])
    hidden = choose_hidden(m)
    assert not hidden[D_]
    # cheapest rectangles avoiding d: {b, c1, c2} or {r1, c, r2}: 1 + 10 + 10 either way,
    # so just check the size, validity and the cost
    assert hidden.sum() == 4
    assert np.dot(hidden, cost) == 1 + 1 + 20
    check_protected(m, hidden)


def test_deviation_limited_by_small_cells():
    # d = 1 < a = 2: the inner rectangle cannot move a to 0 (d would go negative), so
    # the solver must use a rectangle through the margins.
    values = [2, 10, 12, 1, 12, 13, 14, 11, 25]
    cost = [1, 1, 1, 1, 10, 10, 10, 10, 10]
    m = model(values, primary=[A_], cost=cost, relations=TWO_BY_TWO)
    hidden = choose_hidden(m)
    check_protected(m, hidden)
    assert hidden_set(hidden) != {A_, B_, C_, D_}
    assert audit(m, np.isin(np.arange(9), [A_, B_, C_, D_])).failures == [A_]


# ---------------------------------------------------------------- unpublished complement


def test_unpublished_complement_primary():
    # improved + not_improved = with_both; not_improved (=1) is unpublished and primary
    IMP, NOT, BOTH = 0, 1, 2
    rels = [total([IMP, NOT], BOTH)]
    for cost, expect in (([1, 1, 5], {IMP, NOT}), ([5, 1, 1], {NOT, BOTH})):
        m = model(
            [5, 1, 6], primary=[NOT], cost=cost, relations=rels, published=[True, False, True]
        )
        hidden = choose_hidden(m)
        assert hidden_set(hidden) == expect
        check_protected(m, hidden)
    # with nothing else hidden the reader computes not_improved = 6 - 5 = 1
    res = audit(m, np.zeros(3, dtype=bool))
    assert res.failures == [NOT]
    assert res.lower[NOT] == pytest.approx(1.0)


def test_unpublished_non_primary_is_hidden_for_free():
    m = model([5, 4, 9], primary=[], relations=KMT, published=[True, False, True])
    hidden = choose_hidden(m)
    assert hidden_set(hidden) == {M}
    assert audit(m, hidden).ok


# ---------------------------------------------------------------- periods H1 + H2 = FY


def periods_model(known=None, cost=None):
    # cells: period*3 + {K, M, T}, periods H1=0, H2=1, FY=2
    def c(period, col):
        return 3 * period + col

    values = [2, 10, 12, 5, 7, 12, 7, 17, 24]
    rels = [total([c(p, K), c(p, M)], c(p, T)) for p in range(3)]
    rels += [total([c(0, col), c(1, col)], c(2, col)) for col in (K, M, T)]
    return model(values, primary=[c(0, K)], cost=cost, relations=rels, known=known), c


def test_periods_linked_primary_protected():
    m, c = periods_model()
    hidden = choose_hidden(m)
    check_protected(m, hidden)
    assert hidden.sum() == 4  # a rectangle: one more cell in H1, two in another period
    res = audit(m, hidden)
    assert res.lower[c(0, K)] == pytest.approx(0.0, abs=1e-9)


def test_periods_with_full_year_known():
    # FY published earlier (ledger): protect within H1/H2; M cells are the cheap ones
    cost = [1, 1, 3, 1, 1, 3, 1, 1, 1]
    m, c = periods_model(known=[6, 7, 8], cost=cost)
    hidden = choose_hidden(m)
    assert hidden_set(hidden) == {c(0, K), c(0, M), c(1, K), c(1, M)}
    check_protected(m, hidden)
    # the H2 primary mirror: the reader sees K_FY = 7, so K_H1 + K_H2 = 7
    res = audit(m, hidden)
    assert res.upper[c(1, K)] == pytest.approx(7.0)


# ---------------------------------------------------------------- audit bounds by hand


def test_audit_exact_bounds():
    m = model([2, 3, 5], primary=[0], relations=[total([0, 1], 2)])
    res = audit(m, np.array([True, True, False]))
    assert res.ok
    assert res.lower[:2] == pytest.approx([0, 0])
    assert res.upper[:2] == pytest.approx([5, 5])
    assert np.isnan(res.lower[2]) and np.isnan(res.upper[2])


def test_audit_with_upper_bound_and_unbounded():
    m = model([2, 3, 5], primary=[0], relations=[total([0, 1], 2)], upper=[4, np.inf, np.inf])
    res = audit(m, np.array([True, True, False]))
    assert res.lower[:2] == pytest.approx([0, 1])
    assert res.upper[:2] == pytest.approx([4, 5])
    # hiding the total too makes every cell unbounded above except the capped one
    res = audit(m, np.array([True, True, True]))
    assert res.upper[0] == pytest.approx(4)
    assert np.isinf(res.upper[1]) and np.isinf(res.upper[2])
    assert res.lower[2] == pytest.approx(0)


def test_audit_known_overrides_hidden_and_shown_primary_fails():
    m = model([2, 3, 5], primary=[0], relations=[total([0, 1], 2)], known=[1])
    res = audit(m, np.array([True, True, True]))
    assert res.failures == []  # 0 hidden, 1 known, 2 hidden: a in [0, inf)
    assert np.isnan(res.lower[1])
    assert audit(m, np.zeros(3, dtype=bool)).failures == [0]


def test_two_by_two_audit_bounds():
    hidden = np.isin(np.arange(9), [A_, B_, C_, D_])
    m = model(TWO_VALUES, primary=[A_], relations=TWO_BY_TWO)
    res = audit(m, hidden)
    # a in [0, 12] (row total 12, column total 14), d = 20 - 2 + a ranges [18, 30]
    assert res.lower[A_] == pytest.approx(0) and res.upper[A_] == pytest.approx(12)
    assert res.lower[D_] == pytest.approx(18) and res.upper[D_] == pytest.approx(30)


def test_bad_relation_rejected():
    with pytest.raises(ValueError):
        choose_hidden(model([2, 30, 33], primary=[K], relations=KMT))


def test_lp_heuristic_branch_and_progress():
    # milp_max_cells=0 forces the weighted-L1 LP heuristic: still a valid protection
    calls = []
    m = model(TWO_VALUES, primary=[A_], relations=TWO_BY_TWO)
    hidden = choose_hidden(m, milp_max_cells=0, progress=lambda *a: calls.append(a))
    check_protected(m, hidden)
    assert calls == [("round 1", 1, 1)]


def test_upper_bound_known_to_reader():
    # the reader knows M <= 30 (its true value): with K and M hidden and T = 32 shown, K = 0
    # would need M = 32, so hiding M does not protect K even though M is the cheaper cell
    m = model([2, 30, 32], primary=[K], cost=[1, 1, 5], relations=KMT, upper=[2, 30, np.inf])
    hidden = choose_hidden(m)
    assert hidden_set(hidden) == {K, T}
    check_protected(m, hidden)


# ---------------------------------------------------------------- property test


def kmt_table(rng: np.random.Generator, ncols: int, max_value: int, p_primary: float):
    """Rows K, M, T; ``ncols`` outcome columns plus a total column. Relations: K+M=T in each
    column, outcome columns add to the total column in each row."""
    width = ncols + 1

    def c(row, col):
        return row * width + col

    vals = np.zeros((3, width))
    vals[:2, :ncols] = rng.integers(0, max_value + 1, size=(2, ncols))
    vals[2, :ncols] = vals[0, :ncols] + vals[1, :ncols]
    vals[:, ncols] = vals[:, :ncols].sum(axis=1)
    rels = [total([c(0, j), c(1, j)], c(2, j)) for j in range(width)]
    rels += [total([c(r, j) for j in range(ncols)], c(r, ncols)) for r in range(3)]
    flat = vals.ravel()
    primary = np.flatnonzero((flat >= 1) & (flat <= 3) & (rng.random(flat.size) < p_primary))
    cost = rng.integers(1, 10, size=flat.size).astype(float)
    return model(flat, primary=primary, cost=cost, relations=rels)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    ncols=st.integers(1, 5),
    max_value=st.integers(1, 12),
    p_primary=st.floats(0.1, 1.0),
)
def test_property_random_tables(seed, ncols, max_value, p_primary):
    rng = np.random.default_rng(seed)
    m = kmt_table(rng, ncols, max_value, p_primary)
    hidden = choose_hidden(m)
    check_protected(m, hidden)
    assert np.array_equal(hidden, choose_hidden(m))  # deterministic


# ---------------------------------------------------------------- size test


def national_like(n_teams: int = 60, n_outcomes: int = 8, seed: int = 1):
    """Teams plus an association total; K/M/T rows; outcome columns plus a total column;
    periods H1, H2, FY. Relations: K+M=T, outcomes add to the total column, H1+H2=FY, teams add
    to the association. Primaries: small outcome counts (1..3) among the teams."""
    rng = np.random.default_rng(seed)
    G, R, W, P = n_teams + 1, 3, n_outcomes + 1, 3
    vals = np.zeros((G, R, W, P))
    # half-year K and M outcome counts for each team: mostly larger, some small
    base = rng.poisson(rng.choice([2.0, 25.0], size=(n_teams, 2, n_outcomes, 2), p=[0.15, 0.85]))
    vals[:n_teams, :2, :n_outcomes, :2] = base
    vals[:n_teams, 2] = vals[:n_teams, 0] + vals[:n_teams, 1]
    vals[:n_teams, :, n_outcomes] = vals[:n_teams, :, :n_outcomes].sum(axis=2)
    vals[:n_teams, :, :, 2] = vals[:n_teams, :, :, 0] + vals[:n_teams, :, :, 1]
    vals[n_teams] = vals[:n_teams].sum(axis=0)
    idx = np.arange(vals.size).reshape(vals.shape)
    rels = []
    for g in range(G):
        for w in range(W):
            for p in range(P):
                rels.append(total([idx[g, 0, w, p], idx[g, 1, w, p]], idx[g, 2, w, p]))
        for r in range(R):
            for p in range(P):
                rels.append(total(idx[g, r, :n_outcomes, p].tolist(), idx[g, r, n_outcomes, p]))
            for w in range(W):
                rels.append(total([idx[g, r, w, 0], idx[g, r, w, 1]], idx[g, r, w, 2]))
    for r in range(R):
        for w in range(W):
            for p in range(P):
                rels.append(total(idx[:n_teams, r, w, p].tolist(), idx[n_teams, r, w, p]))
    flat = vals.ravel()
    outcome_cell = np.zeros(vals.shape, dtype=bool)
    outcome_cell[:n_teams, :, :n_outcomes, :] = True
    small = (flat >= 1) & (flat <= 3) & outcome_cell.ravel()
    cost = 1.0 + np.log1p(flat)  # prefer hiding small cells
    return model(flat, primary=np.flatnonzero(small), cost=cost, relations=rels)


def test_size_national_like():
    m = national_like()
    assert m.values.size > 4500
    assert 100 <= m.primary.sum() <= 400
    hidden = choose_hidden(m)
    res = audit(m, hidden)
    assert res.ok
    assert hidden[m.primary].all()
    assert single_hidden_relations(m, hidden) == []


# ---------------------------------------------------------------- blocks and last resort


def two_teams_and_association():
    """Teams a and b and their association: K, M, Totalt of one count each (cells 0-2: a,
    3-5: b, 6-8: the association). K + M = T in each block; the teams add up to the
    association. Team a's K (2) is the only primary."""
    values = [2, 30, 32, 10, 20, 30, 12, 50, 62]
    rels = [total([0, 1], 2), total([3, 4], 5), total([6, 7], 8)]
    rels += [total([g, 3 + g], 6 + g) for g in range(3)]
    cost = [1, 1, 5, 1, 1, 5, 2, 2, 10]
    m = model(values, primary=[0], cost=cost, relations=rels)
    return m, np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])


def test_blocks_alone_are_not_enough_and_the_links_are_repaired():
    m, blocks = two_teams_and_association()
    # what team a's block needs on its own: K and M; the association's K (shown) and team
    # b's K (shown) give a's K away
    alone = np.zeros(9, dtype=bool)
    alone[[0, 1]] = True
    assert audit(m, alone).failures == [0]
    hidden = choose_hidden(m, blocks=blocks)
    check_protected(m, hidden)
    assert hidden[[3, 6]].any()  # b's K or the association's K hides with a's
    assert np.array_equal(hidden, choose_hidden(m, blocks=blocks))  # deterministic


def test_blocks_give_a_protection_on_the_national_like_tables():
    m = national_like(n_teams=12, seed=3)
    per_team = m.values.size // 13  # cells are laid out team by team
    blocks = np.repeat(np.arange(13), per_team)
    hidden = choose_hidden(m, blocks=blocks)
    check_protected(m, hidden)


def test_a_last_resort_cell_is_hidden_only_when_nothing_else_protects():
    # M is the cheapest partner of K, but a last resort: T is hidden instead
    m = model([2, 30, 32], primary=[K], cost=[1, 1, 5], relations=KMT)
    avoid = np.array([False, True, False])
    assert hidden_set(choose_hidden(m)) == {K, M}
    hidden = choose_hidden(m, avoid=avoid)
    assert hidden_set(hidden) == {K, T}
    check_protected(m, hidden)
    # T known to the reader: M is the only way left, so it is hidden after all
    m = model([2, 30, 32], primary=[K], cost=[1, 1, 5], relations=KMT, known=[T])
    hidden = choose_hidden(m, avoid=avoid)
    assert hidden_set(hidden) == {K, M}
    check_protected(m, hidden)


def test_a_last_resort_cell_that_later_choices_make_unneeded_is_shown_again():
    # two primaries in one row of three outcome columns and a total: the first primary's
    # cheapest partner alone would be the last-resort total column
    m = kmt_table(np.random.default_rng(7), 3, 6, 1.0)
    avoid = np.zeros(m.values.size, dtype=bool)
    avoid[[3, 7, 11]] = True  # the total column
    hidden = choose_hidden(m, avoid=avoid)
    check_protected(m, hidden)
    for c in np.flatnonzero(hidden & avoid & ~m.primary):
        trial = hidden.copy()
        trial[c] = False
        assert not audit(m, trial).ok  # every last-resort cell hidden is needed


def test_audit_without_upper_bounds_finds_the_same_failures():
    m, _ = two_teams_and_association()
    alone = np.zeros(9, dtype=bool)
    alone[[0, 1]] = True
    assert audit(m, alone, upper=False).failures == audit(m, alone).failures == [0]
    hidden = choose_hidden(m)
    assert audit(m, hidden, upper=False).ok


def test_blocks_in_processes_give_the_same_choice():
    m = national_like(n_teams=8, seed=5)
    blocks = np.repeat(np.arange(9), m.values.size // 9)
    one = choose_hidden(m, blocks=blocks)
    assert np.array_equal(one, choose_hidden(m, blocks=blocks, processes=2))
    check_protected(m, one)


def test_extending_a_choice_for_new_primaries_protects_them_and_keeps_the_old():
    """`only` with `start`: the new primaries are protected, the old stay protected."""
    m = national_like(n_teams=8, seed=7)
    blocks = np.repeat(np.arange(9), m.values.size // 9)
    first = choose_hidden(m, blocks=blocks)
    # a shown non-primary count of 4..9 becomes primary (as a proven-small cell would)
    new = np.flatnonzero(~first & ~m.primary & (m.values >= 4) & (m.values <= 9))[:3]
    assert new.size == 3
    extra = np.zeros(m.values.size, dtype=bool)
    extra[new] = True
    m.primary = m.primary | extra
    assert not audit(m, first).ok  # shown primaries
    again = choose_hidden(m, blocks=blocks, start=first | extra, only=extra)
    check_protected(m, again)
    assert again[new].all()


def test_proven_small_finds_a_hidden_count_pinned_between_one_and_three():
    """K + M = T with K primary (2) and M hidden beside it: T = 5 shown pins K + M = 5, so
    M (3) lies in [3, 5]: not proven small. With T's other split known, M is pinned in 1..3."""
    # 0 K, 1 M, 2 T; 3 K', 4 M', 5 T' of a second row; K + K' = 6 shown as column total
    values = [2, 3, 5, 4, 1, 5, 6, 4, 10]
    rels = [total([0, 1], 2), total([3, 4], 5), total([0, 3], 6), total([1, 4], 7),
            total([2, 5], 8)]
    m = model(values, primary=[0, 4], relations=rels)
    hidden = np.zeros(9, dtype=bool)
    hidden[[0, 1, 3, 4]] = True  # the 2x2 inner rectangle: every cell moves by the same d
    small = proven_small(m, hidden, 3)
    # with d: K = 2 + d, M = 3 - d, K' = 4 - d, M' = 1 + d, d in [-1, 3]:
    # M ranges 0..4, K' 1..5: neither is proven 1..3
    assert not small.any()
    # an upper bound a reader knows on M' (3): d in [-1, 2]; M = 3 - d in [1, 4]
    m2 = model(values, primary=[0, 4], relations=rels, upper=[np.inf, np.inf, np.inf, np.inf, 3,
                                                               np.inf, np.inf, np.inf, np.inf])
    # K' = 4 - d in [2, 5]: still not small
    assert not proven_small(m2, hidden, 3).any()
    m3 = model(values, primary=[0, 4], relations=rels, upper=[np.inf, 3, np.inf, np.inf, 2,
                                                               np.inf, np.inf, np.inf, np.inf])
    # d in [-1, 1]: M = 3 - d in [2, 4] (upper 3 caps it: [2, 3]): proven 1..3
    got = proven_small(m3, hidden, 3)
    assert got[1] and not got[3]


def test_extending_a_choice_never_shows_again_a_cell_the_links_needed():
    """Team b's K is hidden only for the links (a's K = the association's K - b's K). When
    the choice is extended for a new primary, b's block alone does not need it: it must stay
    hidden all the same."""
    m, blocks = two_teams_and_association()
    avoid = np.zeros(9, dtype=bool)
    avoid[[3, 6]] = True  # b's K and the association's K: hidden only as a last resort
    first = choose_hidden(m, blocks=blocks, avoid=avoid)
    check_protected(m, first)
    assert first[[3, 6]].any() and first[1]
    extra = np.zeros(9, dtype=bool)
    extra[1] = True  # a's M (hidden beside a's K) becomes primary, as a proven-small cell
    m.primary = m.primary | extra
    again = choose_hidden(m, blocks=blocks, avoid=avoid, start=first, only=extra)
    check_protected(m, again)


def test_showing_a_cell_again_is_checked_only_where_no_table_found_still_protects(monkeypatch):
    """Without a warm LP (a large system), a last-resort cell is shown again after an LP only
    for the primaries that no consistent table found so far, still consistent with the cell
    shown, puts at 0: the same choice as checking every primary, with fewer LP solves."""
    from finsam_analysis.present import sdc

    m = national_like(n_teams=8, seed=5)
    avoid = m.values >= 30
    monkeypatch.setattr(sdc, "CHECKER_MAX_CELLS", 0)  # every system without the warm LP
    monkeypatch.setattr(sdc, "LOCAL_FROM", 0)  # every component screened
    solves = {"n": 0, "trials": 0}
    solve = sdc._ComponentLP.solve
    release = sdc._release_avoided

    def counted(self, c):
        solves["n"] += 1
        return solve(self, c)

    def trials(S, hidden, avoid, checker):
        solves["trials"] += int((hidden & avoid & S.published & ~S.primary).sum())
        return release(S, hidden, avoid, checker)

    monkeypatch.setattr(sdc._ComponentLP, "solve", counted)
    monkeypatch.setattr(sdc, "_release_avoided", trials)
    screened = choose_hidden(m, avoid=avoid)
    with_tables = solves["n"]
    assert solves["trials"] >= 2  # cells were tried
    monkeypatch.setattr(sdc, "SCREEN", False)
    solves["n"] = 0
    plain = choose_hidden(m, avoid=avoid)
    assert np.array_equal(screened, plain)
    check_protected(m, screened)
    assert with_tables < solves["n"]


def test_tables_kept_through_a_run_settle_the_audit_and_are_checked_again(monkeypatch):
    """The consistent tables the choice finds settle the audit's primaries without an LP, the
    same answers as without them; a table made inconsistent (a relation broken) is refused."""
    from finsam_analysis.present import sdc

    m = national_like(n_teams=8, seed=5)
    blocks = np.repeat(np.arange(9), m.values.size // 9)
    monkeypatch.setattr(sdc, "CHECKER_MAX_CELLS", 0)
    monkeypatch.setattr(sdc, "LOCAL_FROM", 0)
    tables = sdc.Tables(m.values)
    hidden = choose_hidden(m, blocks=blocks, tables=tables)
    assert len(tables) > 0
    plain = audit(m, hidden, upper=False)
    solves = {"n": 0}
    solve = sdc._ComponentLP.solve

    def counted(self, c):
        solves["n"] += 1
        return solve(self, c)

    monkeypatch.setattr(sdc._ComponentLP, "solve", counted)
    with_tables = audit(m, hidden, upper=False, tables=tables)
    assert with_tables.ok and plain.ok
    primaries = hidden & m.primary
    assert np.array_equal(with_tables.lower[primaries] <= 1e-6, plain.lower[primaries] <= 1e-6)
    assert solves["n"] == 0  # every primary settled by a table kept from the choice
    # a table whose values break a relation settles nothing
    S = sdc._System(m)
    eff = (hidden | ~m.published)
    p = int(np.flatnonzero(primaries)[0])
    broken = sdc.Tables(m.values)
    broken.add(np.array([p]), np.array([0.0]))  # p alone at 0: its row no longer adds up
    assert not broken.verify(S, eff, np.array([p]))[p]
    assert broken.settled(eff, below=0.0)[0][p]  # (unchecked, it would have)


def test_the_screen_gives_the_same_choice_and_proof_of_small_cells(monkeypatch):
    """Local LPs over a few units and the tables kept settle what they can before an LP over
    a whole component: the same choice, and the same proven-small cells, as without them."""
    from finsam_analysis.present import sdc

    m = national_like(n_teams=8, seed=11)
    blocks = np.repeat(np.arange(9), m.values.size // 9)
    monkeypatch.setattr(sdc, "CHECKER_MAX_CELLS", 0)
    monkeypatch.setattr(sdc, "LOCAL_FROM", 0)
    monkeypatch.setattr(sdc, "LOCAL_STEPS", (1, 2))
    local = {"n": 0}
    settle = sdc._local_settle

    def counted(*args, **kwargs):
        out = settle(*args, **kwargs)
        local["n"] += int(out[0].sum())
        return out

    monkeypatch.setattr(sdc, "_local_settle", counted)
    tables = sdc.Tables(m.values)
    screened = choose_hidden(m, blocks=blocks, tables=tables)
    small = proven_small(m, screened, 3, tables=tables)
    assert local["n"] > 0  # the local LPs settled cells
    monkeypatch.setattr(sdc, "SCREEN", False)
    plain = choose_hidden(m, blocks=blocks)
    assert np.array_equal(screened, plain)
    assert np.array_equal(small, proven_small(m, plain, 3))
    check_protected(m, screened)


def test_local_decisions_only_ever_hide_more_and_pass_the_exact_audit(monkeypatch):
    """In a component too large for LPs over the whole of it, the choice takes what local LPs
    and kept tables leave open for the worse: a primary they cannot put at 0 is protected
    again, a cell they cannot clear is taken for proven small. Here the local LPs settle
    nothing at all: the exact audit (LPs over every component) must still find every primary
    protected, and the cells taken for small must include every cell proven small exactly."""
    from finsam_analysis.present import sdc

    m = national_like(n_teams=8, seed=1)
    m.primary[np.flatnonzero(m.primary)[::2]] = False  # small counts that are not primary
    blocks = np.repeat(np.arange(9), m.values.size // 9)
    monkeypatch.setattr(sdc, "CHECKER_MAX_CELLS", 0)
    monkeypatch.setattr(sdc, "LOCAL_FROM", 0)
    monkeypatch.setattr(sdc, "DECIDE_LOCALLY_FROM", 0)
    monkeypatch.setattr(sdc, "_local_settle", lambda S, rest, want, comp_size, **kw: (
        np.zeros(S.n, dtype=bool), np.full(S.n, np.nan)))
    local = choose_hidden(m, blocks=blocks, tables=sdc.Tables(m.values))
    candidates = local & m.published & ~m.primary & (m.values >= 1) & (m.values <= 3)
    taken_small = proven_small(m, local, 3, tables=sdc.Tables(m.values))
    assert candidates.any() and np.array_equal(taken_small, candidates)  # all, for the worse
    monkeypatch.setattr(sdc, "SCREEN", False)
    assert audit(m, local, upper=False).ok
    check_protected(m, local)
    exact_small = proven_small(m, local, 3)
    assert not (exact_small & ~taken_small).any() and exact_small.sum() < taken_small.sum()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    ncols=st.integers(1, 5),
    max_value=st.integers(1, 6),
    share=st.floats(0.2, 0.9),
)
def test_one_relation_bounds_hold_every_consistent_table_and_change_no_proven_small(
        seed, ncols, max_value, share):
    """The bounds one relation gives a cell (`_row_bounds`) contain the attacker's LP range,
    and `proven_small`, which skips the LPs for cells they settle, finds the same cells as
    with every cell put to the LPs."""
    from finsam_analysis.present import sdc

    rng = np.random.default_rng(seed)
    m = kmt_table(rng, ncols, max_value, 0.3)
    hidden = rng.random(m.values.size) < share
    res = audit(m, hidden)
    S = sdc._System(m)
    eff = sdc._effective_hidden(S, hidden)
    lo, hi = sdc._row_bounds(S, eff)
    h = np.flatnonzero(eff)
    assert np.all(lo[h] <= res.lower[h] + 1e-7)
    assert np.all(hi[h] >= res.upper[h] - 1e-7)
    shown = np.flatnonzero(~eff)
    assert np.array_equal(lo[shown], m.values[shown]) and np.array_equal(hi[shown],
                                                                            m.values[shown])
    fast = proven_small(m, hidden, 3)
    saved = sdc._row_bounds
    sdc._row_bounds = lambda S, e: (np.full(S.n, -np.inf), np.full(S.n, np.inf))
    try:
        slow = proven_small(m, hidden, 3)
    finally:
        sdc._row_bounds = saved
    assert np.array_equal(fast, slow)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    ncols=st.integers(1, 5),
    max_value=st.integers(1, 6),
    share=st.floats(0.2, 0.9),
)
def test_a_cell_can_be_0_exactly_when_its_minimum_is_0(seed, ncols, max_value, share):
    """`_ComponentLP.reach` (is there a consistent table with this cell at 0?) answers as
    minimising the cell does, with scipy's HiGHS bindings and without them (linprog)."""
    from finsam_analysis.present import sdc

    rng = np.random.default_rng(seed)
    m = kmt_table(rng, ncols, max_value, 0.3)
    hidden = rng.random(m.values.size) < share
    S = sdc._System(m)
    eff = sdc._effective_hidden(S, hidden)
    cells = np.flatnonzero(eff)
    if cells.size == 0:
        return
    M = sdc._local_rows(S, cells)
    b = M @ S.values[cells]
    bounds = np.column_stack([np.zeros(cells.size), S.ub[cells]])
    warm, cold = sdc._ComponentLP(M, b, bounds), sdc._ComponentLP(M, b, bounds)
    cold.h = None
    for j in rng.permutation(cells.size):
        c = np.zeros(cells.size)
        c[j] = 1.0
        status, low, _ = warm.solve(c)
        assert status == 0
        for eng in (warm, cold):
            x = eng.reach(int(j), 0.0, 0.0)
            assert (x is not None) == (low <= 1e-9)
            if x is not None:  # a consistent table, the cell at 0
                assert abs(x[j]) <= 1e-9 and np.allclose(M @ x, b, atol=1e-6)
                assert np.all(x >= -1e-9) and np.all(x <= bounds[:, 1] + 1e-9)


@pytest.mark.parametrize("checker", [True, False])
def test_asking_for_feasibility_changes_no_choice_and_no_audit(monkeypatch, checker):
    """Whether a primary can be 0 asked as a question of feasibility (``REACH``) instead of
    by minimising it: the same cells hidden, the same audit, the same proven-small cells,
    with fewer LPs that minimise."""
    from finsam_analysis.present import sdc

    m = national_like(n_teams=8, seed=3)
    blocks = np.repeat(np.arange(9), m.values.size // 9)
    if not checker:
        monkeypatch.setattr(sdc, "CHECKER_MAX_CELLS", 0)
        monkeypatch.setattr(sdc, "LOCAL_FROM", 0)
    solves = {"n": 0}
    solve = sdc._ComponentLP.solve

    def counted(self, c):
        solves["n"] += 1
        return solve(self, c)

    checker_solve = sdc._Checker._solve

    def counted_checker(self, c):
        solves["n"] += 1
        return checker_solve(self, c)

    monkeypatch.setattr(sdc._ComponentLP, "solve", counted)
    monkeypatch.setattr(sdc._Checker, "_solve", counted_checker)
    runs = {}
    for reach in (True, False):
        monkeypatch.setattr(sdc, "REACH", reach)
        solves["n"] = 0
        hidden = choose_hidden(m, blocks=blocks)
        result = audit(m, hidden, upper=False)
        runs[reach] = (hidden, result, proven_small(m, hidden, 3), solves["n"])
    (h1, a1, s1, n1), (h0, a0, s0, n0) = runs[True], runs[False]
    assert np.array_equal(h1, h0) and np.array_equal(s1, s0)
    assert a1.ok and a0.ok and np.array_equal(a1.lower <= 1e-6, a0.lower <= 1e-6)
    assert n1 < n0
    check_protected(m, h1)


def test_asking_only_whether_a_primary_is_exposed_agrees_with_finding_them_all():
    """``_Checker.exposed(first=True)`` (showing a last-resort cell again needs only to know
    whether some primary is exposed) answers nothing exactly when the full check finds none,
    and otherwise one of the cells the full check finds."""
    from finsam_analysis.present import sdc

    m = national_like(n_teams=3, seed=5)
    S = sdc._System(m)
    rng = np.random.default_rng(5)
    seen = {"none": 0, "some": 0}
    for share in (0.0, 0.2, 0.5, 0.8, 0.95):
        hidden = (S.primary | (rng.random(S.n) < share)) & ~S.known
        checker = sdc._Checker(S, hidden)
        assert checker.available
        full = checker.exposed(S.primary)
        one = checker.exposed(S.primary, first=True)
        assert full is not None and one is not None
        if full.size == 0:
            seen["none"] += 1
            assert one.size == 0
        else:
            seen["some"] += 1
            assert one.size == 1 and one[0] in full
        # shown primaries are exposed at once
        shown = hidden.copy()
        p = int(np.flatnonzero(S.primary)[0])
        shown[p] = False
        checker.update(shown)
        assert checker.exposed(S.primary, first=True).tolist() == [p]
    assert seen["none"] and seen["some"]


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    ncols=st.integers(1, 5),
    max_value=st.integers(1, 6),
    share=st.floats(0.2, 0.9),
)
def test_a_local_lp_solved_first_with_presolve_gives_the_same_bounds(seed, ncols, max_value,
                                                                    share):
    """`PRESOLVE_FROM`: a component's LP whose first solve goes through HiGHS's presolve (and
    the later ones from its basis, without) finds the same smallest and largest value of
    every cell as one that never presolves, and its feasibility answers agree."""
    from finsam_analysis.present import sdc

    rng = np.random.default_rng(seed)
    m = kmt_table(rng, ncols, max_value, 0.3)
    hidden = rng.random(m.values.size) < share
    S = sdc._System(m)
    cells = np.flatnonzero(sdc._effective_hidden(S, hidden))
    if cells.size == 0:
        return
    M = sdc._local_rows(S, cells)
    b = M @ S.values[cells]
    bounds = np.column_stack([np.zeros(cells.size), S.ub[cells]])
    engines = {}
    saved = sdc.PRESOLVE_FROM
    try:
        for name, start in (("presolved", 0), ("plain", None)):
            sdc.PRESOLVE_FROM = start
            engines[name] = sdc._ComponentLP(M, b, bounds)
    finally:
        sdc.PRESOLVE_FROM = saved
    assert engines["presolved"].presolve and not engines["plain"].presolve
    order = rng.permutation(cells.size)
    for j in order:
        for sign in (1.0, -1.0):
            c = np.zeros(cells.size)
            c[j] = sign
            (s1, v1, x1), (s0, v0, _) = (engines[k].solve(c) for k in ("presolved", "plain"))
            assert s1 == s0
            if s1 == 0:
                assert abs(v1 - v0) <= 1e-6 * (1 + abs(v0))
                assert np.allclose(M @ x1, b, atol=1e-6)
        assert not engines["presolved"].presolve  # only the first solve presolves
        r1, r0 = (engines[k].reach(int(j), 0.0, 0.0) for k in ("presolved", "plain"))
        assert (r1 is None) == (r0 is None)


def test_a_primary_local_decisions_take_for_exposed_but_a_table_protects_ends_the_choice(
        monkeypatch):
    """A primary that the local checks take for exposed while the choice finds it protected
    with nothing more hidden (a table no local LP finds, too large to be kept in general):
    the choice must end, not take it for exposed round after round (found in a 30-team run:
    `choose_hidden did not converge`), and what it returns must pass the exact audit."""
    from finsam_analysis.present import sdc

    m = national_like(n_teams=8, seed=1)
    blocks = np.repeat(np.arange(9), m.values.size // 9)
    monkeypatch.setattr(sdc, "CHECKER_MAX_CELLS", 0)
    monkeypatch.setattr(sdc, "LOCAL_FROM", 0)
    monkeypatch.setattr(sdc, "DECIDE_LOCALLY_FROM", 0)
    monkeypatch.setattr(sdc, "TABLE_MAX_MOVED", 0)  # no table kept unless it is the proof
    monkeypatch.setattr(sdc, "_local_settle", lambda S, rest, want, comp_size, **kw: (
        np.zeros(S.n, dtype=bool), np.full(S.n, np.nan)))
    protected_as_is = []
    protect = sdc._protect

    def watched(S, p, hidden, *args):
        new = protect(S, p, hidden, *args)
        if new is not None and new.size == 0 and S.n == m.values.size:
            protected_as_is.append(p)
        return new

    monkeypatch.setattr(sdc, "_protect", watched)
    hidden = choose_hidden(m, blocks=blocks, tables=sdc.Tables(m.values))
    assert protected_as_is  # the case arose
    monkeypatch.setattr(sdc, "SCREEN", False)
    assert audit(m, hidden, upper=False).ok
    check_protected(m, hidden)
