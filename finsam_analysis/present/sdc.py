"""Secondary cell suppression for published count tables, and an LP audit of the result.

Vocabulary
----------
* A *cell* is one published number (a count). Cells are numbered ``0 .. n-1``.
* A *relation* is a linear equation a reader knows holds between cells, written as
  ``sum(coef[k] * x[idx[k]]) == 0`` (e.g. Kvinnor + Män - Totalt = 0). The true values satisfy
  every relation exactly.
* A *primary* cell holds a small count (1..threshold) of a sensitive fact and must be hidden.
* A cell is *shown* when it is published and not hidden, or when the reader already knows it
  (``known``, e.g. from an earlier run's ledger). Unpublished cells are never shown.
* Protection criterion: for every primary cell ``p`` there must exist a non-negative table that
  agrees with every shown cell, satisfies every relation, respects every known upper bound, and
  has ``x[p] == 0``. Equivalently the LP minimum of ``x[p]`` over all consistent tables is 0, so
  the reader can never prove that anyone in the group had the outcome.

Public API
----------
* :class:`CellModel` - the input (values, primaries, costs, relations, ...).
* :func:`choose_hidden` - primaries plus the cheapest secondaries (by per-cell cost) that make
  every primary protected.
* :func:`audit` - the attacker: for each hidden cell, the smallest and largest value consistent
  with everything shown (one LP each, decomposed by connected component).
* :class:`AuditResult`, :class:`ProtectionImpossible`.

Method of :func:`choose_hidden` (tau-Argus-style optimal suppression, decomposed per primary)
----------------------------------------------------------------------------------------------
1. ``hidden = (primary | ~published) & ~known``.
2. Audit the primaries (lower bounds only). For every exposed primary ``p`` (in index order) solve
   a small MILP on the cells within a few relation hops of ``p``: continuous deviations ``d_i``
   (``x_i = values_i + d_i``) and binaries ``z_i`` (hide cell ``i``) with ``d_p = -values_p``,
   every relation touching the neighbourhood holding with cells outside fixed (``d = 0``),
   ``-values_i * z_i <= d_i <= U_i * z_i``; already hidden cells are free, known cells have
   ``d = 0``. Minimise the cost of newly hidden cells. Any feasible solution is a genuine witness
   table with ``x_p = 0``, so ``p`` stays protected whatever else gets hidden later (hiding more
   cells only enlarges the set of consistent tables). If the MILP is infeasible, an LP with every
   hideable neighbourhood cell free decides whether a larger deviation bound ``U`` suffices (then
   it is taken from that LP's witness) or the neighbourhood must grow; when the neighbourhood
   already holds everything reachable from ``p``, ``p`` cannot be protected at all.
3. Unhide published non-primary cells that are pinned exactly by a relation in which they are the
   only hidden cell (this does not change what a reader can deduce), re-audit, repeat if needed.

All solver calls use HiGHS through :func:`scipy.optimize.linprog` / :func:`scipy.optimize.milp`,
which is deterministic for the same input (unless a MILP time limit is hit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse.csgraph import connected_components

__all__ = [
    "AuditResult",
    "CellModel",
    "ProtectionImpossible",
    "audit",
    "choose_hidden",
    "exposed_by_single_hidden",
]

#: A primary is exposed when its smallest consistent value exceeds this.
TOL = 1e-6
#: Solution values at or below this are treated as exactly zero.
ZERO = 1e-9
#: Relative tolerance used to check that the true values satisfy the relations.
RELATION_TOL = 1e-7


class ProtectionImpossible(Exception):
    """A primary cell cannot be protected (it is known to the reader, or it is pinned to a
    positive value by the relations and the cells the reader knows). ``cells`` lists them."""

    def __init__(self, cells, reason: str = ""):
        self.cells = sorted(int(c) for c in np.atleast_1d(cells))
        msg = f"cannot protect primary cell(s) {self.cells}"
        super().__init__(f"{msg}: {reason}" if reason else msg)


@dataclass
class CellModel:
    """The cells of one or more linked tables and what a reader knows about them.

    values:    float, >= 0, one per cell: the true values (integer counts in practice).
    primary:   bool, cells that must be protected (their value is 1..threshold).
    cost:      float > 0, the cost of hiding each cell (the objective of :func:`choose_hidden`).
    relations: list of ``(cell indices, coefficients)``; each means
               ``sum(coef * x[idx]) == 0``. The true values satisfy every relation exactly.
    published: bool, cells a report would show unless hidden. Unpublished cells are never shown
               (hidden at zero cost, e.g. an unpublished complement count); they may be primary.
    known:     optional bool, cells the reader already knows (an earlier run's ledger). They count
               as shown, whatever ``published`` says, and are never hidden.
    upper:     optional float, upper bounds a reader knows per cell (``inf`` = none).
    """

    values: np.ndarray
    primary: np.ndarray
    cost: np.ndarray
    relations: list[tuple[np.ndarray, np.ndarray]]
    published: np.ndarray
    known: np.ndarray | None = None
    upper: np.ndarray | None = None


@dataclass
class AuditResult:
    """What an attacker can deduce about each cell.

    lower:    per cell, the smallest value consistent with everything shown (nan for shown cells).
    upper:    per cell, the largest consistent value (inf when unbounded; nan for shown cells).
    failures: primary cells that are exposed: hidden with ``lower > TOL`` or shown with a
              positive value. Sorted ascending.
    """

    lower: np.ndarray
    upper: np.ndarray
    failures: list[int]

    @property
    def ok(self) -> bool:
        """True when no primary cell is exposed."""
        return not self.failures


# --------------------------------------------------------------------------------------------
# Preparation
# --------------------------------------------------------------------------------------------


class _System:
    """Validated arrays of a :class:`CellModel` plus its relations as sparse matrices.

    A:   CSR, relations x cells, the coefficients.
    At:  CSR of ``A.T`` (cells x relations), for walking from a cell to its relations.
    inc: CSR like ``A`` with every coefficient replaced by 1 (for counting hidden cells per row).
    """

    def __init__(self, model: CellModel):
        v = np.asarray(model.values, dtype=float).ravel()
        n = v.size
        self.n = n
        self.values = v

        def _mask(a, default):
            if a is None:
                return np.full(n, default, dtype=bool)
            a = np.asarray(a, dtype=bool).ravel()
            if a.size != n:
                raise ValueError(f"expected {n} entries, got {a.size}")
            return a

        self.primary = _mask(model.primary, False)
        self.published = _mask(model.published, True)
        self.known = _mask(model.known, False)
        self.cost = np.asarray(model.cost, dtype=float).ravel()
        if self.cost.size != n:
            raise ValueError("cost must have one entry per cell")
        if model.upper is None:
            self.ub = np.full(n, np.inf)
        else:
            self.ub = np.asarray(model.upper, dtype=float).ravel().copy()
            if self.ub.size != n:
                raise ValueError("upper must have one entry per cell")
            self.ub[np.isnan(self.ub)] = np.inf
        if not np.all(np.isfinite(v)) or np.any(v < 0):
            raise ValueError("values must be finite and >= 0")
        if np.any(v > self.ub + RELATION_TOL * (1 + np.abs(v))):
            raise ValueError("a value exceeds its upper bound")
        if np.any(~(self.cost > 0)):
            raise ValueError("costs must be > 0")

        rows, cols, data = [], [], []
        for r, (idx, coef) in enumerate(model.relations):
            idx = np.asarray(idx, dtype=np.int64).ravel()
            coef = np.asarray(coef, dtype=float).ravel()
            if idx.shape != coef.shape:
                raise ValueError(f"relation {r}: indices and coefficients differ in length")
            if idx.size and (idx.min() < 0 or idx.max() >= n):
                raise ValueError(f"relation {r}: cell index out of range")
            rows.append(np.full(idx.size, r, dtype=np.int64))
            cols.append(idx)
            data.append(coef)
        m = len(model.relations)
        if m:
            rows_a, cols_a = np.concatenate(rows), np.concatenate(cols)
            data_a = np.concatenate(data)
        else:
            rows_a = cols_a = np.empty(0, np.int64)
            data_a = np.empty(0)
        A = sp.csr_matrix((data_a, (rows_a, cols_a)), shape=(m, n))
        A.sum_duplicates()
        A.eliminate_zeros()
        A.sort_indices()
        self.A = A
        self.At = A.T.tocsr()
        self.At.sort_indices()
        inc = A.copy()
        inc.data = np.ones_like(inc.data)
        self.inc = inc

        resid = A @ v
        scale = abs(A) @ v
        bad = np.flatnonzero(np.abs(resid) > RELATION_TOL * (1.0 + scale))
        if bad.size:
            raise ValueError(f"the true values violate relation(s) {bad[:10].tolist()}")

    def hidden_counts(self, hidden: np.ndarray) -> np.ndarray:
        """Number of hidden cells in each relation."""
        return self.inc @ hidden.astype(np.int64)


def _gather(indptr: np.ndarray, indices: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Concatenate ``indices[indptr[i]:indptr[i+1]]`` for every ``i`` in ``items`` (vectorised)."""
    items = np.asarray(items, dtype=np.int64)
    starts = indptr[items]
    lens = indptr[items + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offs = np.repeat(starts - np.cumsum(lens) + lens, lens)
    return indices[offs + np.arange(total)]


def _propagate(S: _System, hidden: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pin cells that are the only hidden cell of some relation, repeatedly.

    Returns ``(determined, rest)``: cells whose value the reader can compute exactly by this
    rule, and the remaining hidden cells. Every relation then has 0 or >= 2 cells of ``rest``.
    """
    rest = hidden.copy()
    determined = np.zeros_like(hidden)
    while True:
        rows = np.flatnonzero(S.hidden_counts(rest) == 1)
        if rows.size == 0:
            return determined, rest
        cells = _gather(S.A.indptr, S.A.indices, rows)
        cells = np.unique(cells[rest[cells]])
        determined[cells] = True
        rest[cells] = False


def exposed_by_single_hidden(model: CellModel, hidden: np.ndarray) -> np.ndarray:
    """Cheap pre-check: cells a reader can compute exactly because they are the only hidden
    cell of some relation (applied repeatedly, so pinned cells count as shown afterwards).

    ``hidden`` is as for :func:`audit`. Returns a bool mask of the pinned cells. A primary in
    this mask with a positive value is exposed without any LP.
    """
    S = _System(model)
    eff = (np.asarray(hidden, dtype=bool) | ~S.published) & ~S.known
    return _propagate(S, eff)[0]


# --------------------------------------------------------------------------------------------
# The attacker (LP bounds)
# --------------------------------------------------------------------------------------------


def _lp(c, A_eq, b_eq, bounds):
    return linprog(c, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")


def _bounds(
    S: _System,
    hidden: np.ndarray,
    lower_for: np.ndarray,
    want_upper: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """LP bounds for hidden cells.

    ``hidden`` must already exclude known cells and include unpublished ones. Lower bounds are
    computed for ``hidden & lower_for`` (others stay nan unless pinned); upper bounds for every
    hidden cell when ``want_upper``. Each connected component of hidden cells (linked by
    relations holding >= 2 of them) is an independent LP whose variables are just its hidden
    cells: shown cells are constants moved to the right-hand side, which equals
    ``coef @ values`` over the hidden cells because the true values satisfy each relation.
    """
    v, ub = S.values, S.ub
    lower = np.full(S.n, np.nan)
    upper = np.full(S.n, np.nan)
    determined, rest = _propagate(S, hidden)
    lower[determined] = v[determined]
    upper[determined] = v[determined]

    h_idx = np.flatnonzero(rest)
    if h_idx.size == 0:
        return lower, upper
    active = np.flatnonzero(S.hidden_counts(rest) >= 2)
    B = S.A[active][:, h_idx].tocsr()
    nh, nr = h_idx.size, active.size
    pattern = B.copy()
    pattern.data = np.ones_like(pattern.data)
    graph = sp.bmat([[None, pattern.T], [pattern, None]], format="csr") if nr else None
    if graph is None:
        labels = np.arange(nh)
    else:
        labels = connected_components(graph, directed=False)[1]
    lab_c, lab_r = labels[:nh], labels[nh:]
    col_order = np.argsort(lab_c, kind="stable")
    row_order = np.argsort(lab_r, kind="stable")
    lab_c, lab_r = lab_c[col_order], lab_r[row_order]
    cells_sorted = h_idx[col_order]
    Bp = B[row_order][:, col_order].tocsr() if nr else B
    comps = np.unique(lab_c)
    c_lo, c_hi = np.searchsorted(lab_c, comps, "left"), np.searchsorted(lab_c, comps, "right")
    r_lo, r_hi = np.searchsorted(lab_r, comps, "left"), np.searchsorted(lab_r, comps, "right")

    for c0, c1, r0, r1 in zip(c_lo, c_hi, r_lo, r_hi, strict=True):
        cells = cells_sorted[c0:c1]
        if r0 == r1:  # no relation links this hidden cell to anything hidden: x in [0, ub]
            want = lower_for[cells]
            lower[cells[want]] = 0.0
            if want_upper:
                upper[cells] = ub[cells]
            continue
        M = Bp[r0:r1, c0:c1]
        b = M @ v[cells]
        k = cells.size
        bnds = np.column_stack([np.zeros(k), ub[cells]])
        # --- lower bounds: every feasible point found with x_i == 0 settles lower_i = 0
        lo = np.full(k, np.nan)
        need = lower_for[cells].copy()
        lo[need & (v[cells] <= ZERO)] = 0.0
        todo = need & np.isnan(lo)
        if todo.any():
            res = _lp(todo.astype(float), M, b, bnds)
            if res.status != 0:
                raise RuntimeError(f"audit LP failed: {res.message}")
            lo[todo & (res.x <= ZERO)] = 0.0
            for j in np.flatnonzero(todo & np.isnan(lo)):
                if not np.isnan(lo[j]):
                    continue
                c = np.zeros(k)
                c[j] = 1.0
                res = _lp(c, M, b, bnds)
                if res.status != 0:
                    raise RuntimeError(f"audit LP failed: {res.message}")
                lo[j] = max(0.0, float(res.fun)) if res.fun > ZERO else 0.0
                lo[np.isnan(lo) & todo & (res.x <= ZERO)] = 0.0
        lower[cells] = lo
        # --- upper bounds
        if want_upper:
            up = np.full(k, np.nan)
            for j in range(k):
                c = np.zeros(k)
                c[j] = -1.0
                res = _lp(c, M, b, bnds)
                if res.status == 3:
                    up[j] = np.inf
                elif res.status == 0:
                    up[j] = -float(res.fun)
                else:
                    raise RuntimeError(f"audit LP failed: {res.message}")
            upper[cells] = up
    return lower, upper


def _effective_hidden(S: _System, hidden) -> np.ndarray:
    hidden = np.asarray(hidden, dtype=bool).ravel()
    if hidden.size != S.n:
        raise ValueError(f"hidden must have {S.n} entries")
    return (hidden | ~S.published) & ~S.known


def _exposed(S: _System, hidden: np.ndarray) -> np.ndarray:
    """Primary cells whose smallest consistent value is > TOL (``hidden`` is effective)."""
    lower, _ = _bounds(S, hidden, lower_for=S.primary, want_upper=False)
    return np.asarray(_exposed_from(S, hidden, lower), dtype=np.int64)


def audit(model: CellModel, hidden: np.ndarray) -> AuditResult:
    """Bounds an attacker can derive when ``hidden`` cells are suppressed.

    The attacker's table: ``x >= 0`` for every cell, ``x <= upper`` where known,
    ``x_i = values_i`` for every shown cell (published and not hidden, or known), and all
    relations. Cells hidden in the argument but known are treated as shown; unpublished cells
    are hidden whatever the argument says. For each hidden cell ``lower``/``upper`` are its LP
    minimum and maximum (``upper = inf`` when unbounded). ``failures`` are the exposed primaries.
    """
    S = _System(model)
    eff = _effective_hidden(S, hidden)
    lower, upper = _bounds(S, eff, lower_for=eff, want_upper=True)
    failures = _exposed_from(S, eff, lower)
    return AuditResult(lower=lower, upper=upper, failures=failures)


def _exposed_from(S: _System, eff: np.ndarray, lower: np.ndarray) -> list[int]:
    shown_bad = S.primary & ~eff & (S.values > TOL)
    hidden_bad = S.primary & eff & (lower > TOL)
    return np.flatnonzero(shown_bad | hidden_bad).tolist()


# --------------------------------------------------------------------------------------------
# Choosing secondaries
# --------------------------------------------------------------------------------------------


def _neighbourhood(S: _System, p: int, radius: int) -> tuple[np.ndarray, bool]:
    """Non-known cells within ``radius`` relation hops of ``p`` (sorted), and whether that is
    everything reachable from ``p`` (walks do not pass through known cells: they are fixed)."""
    seen = np.zeros(S.n, dtype=bool)
    seen[p] = True
    frontier = np.array([p], dtype=np.int64)
    complete = False
    for hop in range(radius + 1):
        rows = np.unique(_gather(S.At.indptr, S.At.indices, frontier))
        cells = np.unique(_gather(S.A.indptr, S.A.indices, rows))
        cells = cells[~seen[cells] & ~S.known[cells]]
        if cells.size == 0:
            complete = True
            break
        if hop == radius:  # one look beyond the radius, only to learn whether we are complete
            break
        seen[cells] = True
        frontier = cells
    return np.flatnonzero(seen), complete


def _local_rows(S: _System, cells: np.ndarray) -> sp.csr_matrix:
    """Relations touching ``cells`` restricted to those cells (other cells are held fixed)."""
    rows = np.unique(_gather(S.At.indptr, S.At.indices, cells))
    return S.A[rows][:, cells].tocsr()


def _witness(S: _System, p: int, cells: np.ndarray, M: sp.csr_matrix) -> np.ndarray | None:
    """LP: deviations ``d`` over ``cells`` (all free to move, others fixed) with ``d_p = -v_p``.
    Returns a feasible ``d`` or None when none exists."""
    v = S.values[cells]
    lo, hi = -v, S.ub[cells] - v
    ip = int(np.searchsorted(cells, p))
    lo[ip] = hi[ip] = -S.values[p]
    res = _lp(np.zeros(cells.size), M, np.zeros(M.shape[0]), np.column_stack([lo, hi]))
    if res.status == 0:
        return res.x
    if res.status == 2:
        return None
    raise RuntimeError(f"witness LP failed: {res.message}")


def _milp(
    S: _System,
    p: int,
    cells: np.ndarray,
    M: sp.csr_matrix,
    hidden: np.ndarray,
    U: float,
    time_limit: float | None,
) -> np.ndarray | None:
    """Cheapest set of new cells to hide so that ``p`` can be 0 with only ``cells`` moving.

    Variables ``[d (one per cell), z (one per candidate)]``; candidates are cells not yet hidden.
    Returns the cell indices to hide (possibly empty), or None when infeasible / no solution.
    """
    n = cells.size
    v = S.values[cells]
    ub_dev = np.minimum(S.ub[cells] - v, U)
    is_hidden = hidden[cells]
    cand = np.flatnonzero(~is_hidden & ((v > 0) | (ub_dev > 0)))
    m = cand.size
    lo = np.concatenate([-v, np.zeros(m)])
    hi = np.concatenate([ub_dev, np.ones(m)])
    # cells neither hidden nor candidates cannot move
    fixed = ~is_hidden
    fixed[cand] = False
    lo[:n][fixed] = 0.0
    hi[:n][fixed] = 0.0
    ip = int(np.searchsorted(cells, p))
    lo[ip] = hi[ip] = -S.values[p]

    cons = [LinearConstraint(sp.hstack([M, sp.csr_matrix((M.shape[0], m))]), 0.0, 0.0)]
    if m:
        r = np.arange(m)
        # d_j - ub_j z_j <= 0   and   -d_j - v_j z_j <= 0
        up_rows = sp.csr_matrix(
            (np.concatenate([np.ones(m), -ub_dev[cand]]),
             (np.concatenate([r, r]), np.concatenate([cand, n + r]))),
            shape=(m, n + m),
        )
        dn_rows = sp.csr_matrix(
            (np.concatenate([-np.ones(m), -v[cand]]),
             (np.concatenate([r, r]), np.concatenate([cand, n + r]))),
            shape=(m, n + m),
        )
        cons.append(LinearConstraint(sp.vstack([up_rows, dn_rows]).tocsr(), -np.inf, 0.0))
    c = np.concatenate([np.zeros(n), S.cost[cells[cand]]])
    integrality = np.concatenate([np.zeros(n), np.ones(m)])
    options = {"disp": False}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    res = milp(c, constraints=cons, integrality=integrality, bounds=Bounds(lo, hi),
               options=options)
    if res.x is None:
        return None
    d, z = res.x[:n], res.x[n:]
    # hide what the solver chose, plus (defensively) any candidate that moves at all
    chosen = (z > 0.5) | (np.abs(d[cand]) > ZERO * 100)
    return cells[cand[chosen]]


def _protect(
    S: _System, p: int, hidden: np.ndarray, radius: int, time_limit: float | None
) -> np.ndarray | None:
    """New cells to hide so that primary ``p`` can be 0, or None if that is impossible."""
    vp = float(S.values[p])
    prev = -1
    while True:
        cells, complete = _neighbourhood(S, p, radius)
        if cells.size != prev:
            prev = cells.size
            M = _local_rows(S, cells)
            new = _milp(S, p, cells, M, hidden, vp, time_limit)
            if new is not None:
                return new
            d = _witness(S, p, cells, M)
            if d is not None:
                U = max(vp, float(np.abs(d).max())) * (1 + 1e-6) + 1e-6
                new = _milp(S, p, cells, M, hidden, U, time_limit)
                if new is not None:
                    return new
                # fall back to the LP witness itself (valid, possibly not cheapest)
                movers = cells[(np.abs(d) > ZERO) & ~hidden[cells]]
                return movers
        if complete:
            return None
        radius += 1


def _unpin_secondaries(S: _System, hidden: np.ndarray) -> np.ndarray:
    """Unhide published, non-primary cells pinned by a relation in which they are the only
    hidden cell. The reader can compute them anyway, so the consistent tables do not change."""
    hidden = hidden.copy()
    removable = S.published & ~S.primary
    while True:
        rows = np.flatnonzero(S.hidden_counts(hidden) == 1)
        if rows.size == 0:
            return hidden
        cells = _gather(S.A.indptr, S.A.indices, rows)
        cells = np.unique(cells[hidden[cells] & removable[cells]])
        if cells.size == 0:
            return hidden
        hidden[cells] = False


def choose_hidden(
    model: CellModel,
    *,
    progress: Callable[[str, int, int], None] | None = None,
    time_limit: float | None = None,
    radius: int = 2,
    max_rounds: int = 8,
) -> np.ndarray:
    """The cells to hide: primaries, cheapest secondaries, and every unpublished cell.

    Returns a bool mask. Guarantee: ``audit(model, result).ok``. Known cells are never hidden.
    ``progress(stage, done, total)`` is called after each MILP (stage ``"round k"``).
    ``time_limit`` bounds each MILP solve in seconds (the best solution found is used; results
    may then depend on machine speed). ``radius`` is the starting neighbourhood size in relation
    hops; it grows when a primary cannot be protected within it.

    Raises :class:`ProtectionImpossible` naming the cells when a primary is known to the reader
    or cannot be protected even when every non-known cell may be hidden.
    """
    S = _System(model)
    bad = np.flatnonzero(S.primary & S.known)
    if bad.size:
        raise ProtectionImpossible(bad, "known to the reader")
    hidden = (S.primary | ~S.published) & ~S.known
    for rnd in range(max_rounds):
        hidden = _unpin_secondaries(S, hidden)
        exposed = _exposed(S, hidden)
        if exposed.size == 0:
            return hidden
        impossible = []
        for k, p in enumerate(exposed):
            new = _protect(S, int(p), hidden, radius + rnd, time_limit)
            if new is None:
                impossible.append(int(p))
            else:
                hidden[new] = True
            if progress is not None:
                progress(f"round {rnd + 1}", k + 1, exposed.size)
        if impossible:
            raise ProtectionImpossible(impossible, "pinned by the relations and known cells")
    raise RuntimeError("choose_hidden did not converge (numerical trouble?)")


def release(model: CellModel, hidden: np.ndarray, min_cost: float,
            time_budget: float | None = None, radius: int = 3) -> np.ndarray:
    """Show again, most costly first, the hidden secondary cells costing at least
    ``min_cost``, when the protection can do without them more cheaply.

    The per-primary choice of :func:`choose_hidden` is greedy: an early primary may take an
    expensive cell (a Totalt on many people) where a later, cheaper set would do. For each
    such cell: hold it shown, protect again every primary that then becomes exposed (the same
    local MILP, with the cell fixed), and keep the new choice when it costs less than the cell.
    ``time_budget`` (seconds) stops the search early; what was changed by then stays valid."""
    import time

    S = _System(model)
    hidden = _effective_hidden(S, hidden).copy()
    candidates = np.flatnonzero(hidden & S.published & ~S.primary & (S.cost >= min_cost))
    candidates = candidates[np.argsort(-S.cost[candidates], kind="stable")]
    start = time.monotonic()
    for i in candidates:
        if time_budget is not None and time.monotonic() - start > time_budget:
            break
        if not hidden[i]:
            continue
        trial = hidden.copy()
        trial[i] = False
        exposed = _exposed(S, trial)
        if exposed.size:
            saved = S.known[i]
            S.known[i] = True  # the cell stays shown while the others are chosen again
            added = 0.0
            try:
                for p in exposed:
                    new = _protect(S, int(p), trial, radius, None)
                    if new is None:
                        added = np.inf
                        break
                    new = new[~trial[new]]
                    added += float(S.cost[new].sum())
                    trial[new] = True
                    if added >= S.cost[i]:
                        break
            finally:
                S.known[i] = saved
            if added >= S.cost[i] or _exposed(S, trial).size:
                continue
        hidden = trial
    return hidden
