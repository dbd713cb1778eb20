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
2. Audit the primaries (lower bounds only). For every exposed primary ``p`` (in index order,
   skipping those that earlier steps already protected) solve a small MILP on the cells within
   a few relation hops of ``p``: continuous deviations ``d_i`` (``x_i = values_i + d_i``) and
   binaries ``z_i`` (hide cell ``i``) with ``d_p = -values_p``, every relation touching the
   neighbourhood holding with cells outside fixed (``d = 0``),
   ``-min(values_i, U) z_i <= d_i <= min(upper_i - values_i, U) z_i`` with ``U = values_p``;
   already hidden cells are free, known cells have ``d = 0``. Minimise the cost of newly hidden
   cells. Any feasible solution is a genuine witness table with ``x_p = 0``, so ``p`` stays
   protected whatever else gets hidden later (hiding more cells only enlarges the set of
   consistent tables).
   Neighbourhoods: first a *restricted* walk (long relations, more than ``BIG_RELATION`` cells,
   such as "60 teams add to the association", are entered only at their total), radius 2, 3, ...
   so the MILP stays on the sub-tables involved; then an unrestricted walk. A neighbourhood with
   more than ``milp_max_cells`` cells uses an LP heuristic instead (minimise the cost-weighted
   L1 norm of the deviations, hide every cell that moves). An LP with every neighbourhood cell
   free also decides when a larger ``U`` is needed, and, once the neighbourhood holds
   everything reachable from ``p``, whether ``p`` can be protected at all.
3. Unhide published non-primary cells that are pinned exactly by a relation in which they are the
   only hidden cell (this does not change what a reader can deduce), re-audit, repeat if needed.

Blocks (``choose_hidden(blocks=...)``): cells are labelled by block (in a run: a team, or the
association, over every period); relations are either inside one block or link blocks (the
teams' sums). Steps 1-3 run first on every block alone, with its inner relations, then once
more on the whole model, where only the primaries the links expose are left to protect. The
per-block checks use one warm-started HiGHS LP over all the block's cells (shown cells fixed
by their bounds), updated as cells get hidden. ``avoid`` marks last-resort cells: each primary
is protected first with them held shown, and hidden ones the protection can do without are
shown again at the end of each stage.

All solver calls use HiGHS through :func:`scipy.optimize.linprog` / :func:`scipy.optimize.milp`,
which is deterministic for the same input (unless a MILP time limit is hit). The audit's many
LPs per component re-use one warm-started HiGHS model through scipy's bundled (private)
``scipy.optimize._highspy`` bindings, falling back to ``linprog`` when those are unavailable.
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
    "Tables",
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
#: Systems up to this many cells keep one warm-started LP for the greedy choice's checks.
CHECKER_MAX_CELLS = 20000
#: A block shows again, at the end, every hidden cell costing at least this much that its
#: protection holds without (a by-sex exit reason of a group of 20+ costs 100).
RELEASE_FROM = 100.0
#: Before any LP over a large component of hidden cells (more than ``LOCAL_FROM``), the
#: consistent tables found so far (:class:`Tables`) and LPs over a few neighbouring units of
#: it (`_local_settle`) settle what they can: the same answers, far smaller LPs.
SCREEN = True
#: Whether a cell can be 0 (or at most some value) is first asked of the LP as a question of
#: feasibility, the cell's bound set there, with no objective: the warm basis then needs a few
#: dual simplex steps instead of the many primal ones of minimising the cell. The same answers.
REACH = True
#: The first solve of a component's or a local LP (cold) of at least this many cells with
#: HiGHS's presolve, the later ones (warm, from its basis) without; None: never.
PRESOLVE_FROM: int | None = 2000
#: Components of hidden cells with more cells than this are screened (``SCREEN``).
LOCAL_FROM = 3000
#: How many neighbouring units (cells linked by short relations) the local LPs take in turn.
LOCAL_STEPS = (2, 4, 8, 16, 32)
#: Local LPs stop growing at this share of the component (the component's own LP then).
LOCAL_SHARE = 0.4
#: In a component of hidden cells larger than this, the choice (not the audit) takes a
#: primary that no table over ``LOCAL_STEPS`` neighbouring units puts at 0 for exposed and
#: protects it again (a local MILP, which hides nothing when the hidden cells around it
#: already protect it), instead of one LP over the whole component per such primary; and a
#: cell the local LPs cannot show above the threshold or below 1 for proven small. Safe
#: (only more is hidden), and it keeps the choice's LPs small at national size. At 30
#: national teams (a component of about 34 000 hidden cells) it hides 0.7 % more cells than
#: the exact choice in about half the time; the sample's components are far below it.
DECIDE_LOCALLY_FROM = 10000
#: A consistent table that moves more cells than this is not kept (memory).
TABLE_MAX_MOVED = 5000
#: Relations with more cells than this are "long" (see the restricted neighbourhood walk).
BIG_RELATION = 16


class ProtectionImpossible(Exception):
    """A primary cell cannot be protected (it is known to the reader, or it is pinned to a
    positive value by the relations and the cells the reader knows). ``cells`` lists them."""

    def __init__(self, cells, reason: str = ""):
        self.cells = sorted(int(c) for c in np.atleast_1d(cells))
        self.reason = reason
        msg = f"cannot protect primary cell(s) {self.cells}"
        super().__init__(f"{msg}: {reason}" if reason else msg)

    def __reduce__(self):  # raised in a block's process, raised again in the caller's
        return (type(self), (self.cells, self.reason))


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
            a = np.array(a, dtype=bool).ravel()  # a copy: the system's masks are its own
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
            rows_a, cols_a, data_a = (
                np.concatenate(rows),
                np.concatenate(cols),
                np.concatenate(data),
            )
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
        #: consistent tables found so far (:class:`Tables`), when the caller keeps them
        self.tables: Tables | None = None
        #: whether a table must pass :meth:`Tables.verify` to settle a primary (the audit)
        self.verify_tables = False
        #: whether the choice may take what local LPs leave open in a component of more than
        #: ``DECIDE_LOCALLY_FROM`` hidden cells for the worse (never in the audit)
        self.decide_locally = False
        #: the cells a check took for exposed (or proven small) because local LPs left them open
        #: (``decide_locally``): their protection is decided by the local MILP alone
        self.taken_worse = np.zeros(n, dtype=bool)
        #: the units of the last local LPs (:class:`_Units`), for a check of one cell after
        self.units = None
        # For the restricted neighbourhood walk: an entry of A may be followed when its relation
        # is small, or when its coefficient has the minority sign of its relation (the total of
        # a "parts - total" relation). So a walk enters a long "teams add to association"
        # relation only at its total, keeping neighbourhoods to the sub-tables involved.
        sizes = np.diff(A.indptr)
        row_of = np.repeat(np.arange(m), sizes)
        pos = A.data > 0
        npos = np.bincount(row_of, weights=pos, minlength=m)
        nneg = sizes - npos
        mine = np.where(pos, npos[row_of], nneg[row_of])
        other = np.where(pos, nneg[row_of], npos[row_of])
        self.entry_followable = (sizes[row_of] <= BIG_RELATION) | (mine <= other)

        resid = A @ v
        scale = abs(A) @ v
        bad = np.flatnonzero(np.abs(resid) > RELATION_TOL * (1.0 + scale))
        if bad.size:
            raise ValueError(f"the true values violate relation(s) {bad[:10].tolist()}")

    def hidden_counts(self, hidden: np.ndarray) -> np.ndarray:
        """Number of hidden cells in each relation."""
        return self.inc @ hidden.astype(np.int64)


def _positions(indptr: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Concatenation of ``range(indptr[i], indptr[i+1])`` for every ``i`` in ``items``."""
    items = np.asarray(items, dtype=np.int64)
    starts = indptr[items]
    lens = indptr[items + 1] - starts
    total = int(lens.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offs = np.repeat(starts - np.cumsum(lens) + lens, lens)
    return offs + np.arange(total)


def _gather(indptr: np.ndarray, indices: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Concatenate ``indices[indptr[i]:indptr[i+1]]`` for every ``i`` in ``items`` (vectorised)."""
    return indices[_positions(indptr, items)]


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


try:  # scipy's bundled HiGHS bindings: lets one component's LPs share a warm-started model
    from scipy.optimize._highspy import _core as _hcore
except ImportError:  # pragma: no cover - fall back to linprog (same answers, slower)
    _hcore = None


def _quiet_highs():
    """A HiGHS model from scipy's bundled bindings that prints nothing and skips presolve
    (its LPs are re-solved many times with small changes)."""
    h = _hcore._Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")
    return h


class _ComponentLP:
    """``min c @ x`` s.t. ``M x = b``, ``bounds[:, 0] <= x <= bounds[:, 1]`` for many ``c``.

    Uses one HiGHS instance per component, re-solving from the previous basis after each
    change of objective (much faster than a fresh :func:`linprog` per cell); falls back to
    :func:`linprog` when scipy's bundled bindings are unavailable or report trouble.
    ``solve`` returns ``(status, objective, x)`` with status 0 optimal, 3 unbounded.
    """

    def __init__(self, M: sp.csr_matrix, b: np.ndarray, bounds: np.ndarray):
        self.M, self.b, self.bounds = M, b, bounds
        self.n = M.shape[1]
        self.h = None
        self._costed = False
        if _hcore is None:
            return
        try:
            h = _quiet_highs()
            inf = _hcore.kHighsInf
            lo = np.where(np.isfinite(bounds[:, 0]), bounds[:, 0], -inf)
            hi = np.where(np.isfinite(bounds[:, 1]), bounds[:, 1], inf)
            empty = np.zeros(0, dtype=np.int32)
            h.addCols(self.n, np.zeros(self.n), lo, hi, 0, empty, empty, np.zeros(0))
            M = M.tocsr()
            h.addRows(
                M.shape[0],
                b,
                b,
                M.nnz,
                M.indptr[:-1].astype(np.int32),
                M.indices.astype(np.int32),
                M.data.astype(float),
            )
            # the first solve is cold: HiGHS's presolve shrinks it (a local LP's relations
            # pin many of its cells); the later ones start from its basis, without
            self.presolve = PRESOLVE_FROM is not None and self.n >= PRESOLVE_FROM
            h.setOptionValue("presolve", "on" if self.presolve else "off")
            self.h = h
            self.cols = np.arange(self.n, dtype=np.int32)
        except (AttributeError, TypeError, ValueError, RuntimeError):  # pragma: no cover
            self.h = None

    def _run(self) -> None:
        self.h.run()
        if self.presolve:
            self.h.setOptionValue("presolve", "off")
            self.presolve = False

    def set_upper(self, j: int, value: float) -> None:
        """Change the upper bound of variable ``j``."""
        self.bounds = self.bounds.copy()
        self.bounds[j, 1] = value
        if self.h is not None:
            hi = value if np.isfinite(value) else _hcore.kHighsInf
            self.h.changeColsBounds(1, np.array([j], dtype=np.int32),
                                    np.array([self.bounds[j, 0]], dtype=float),
                                    np.array([hi], dtype=float))

    def reach(self, j: int, lo: float, hi: float) -> np.ndarray | None:
        """A solution with variable ``j`` in ``[lo, hi]`` (every other bound as it is), or
        None when there is none or the solver cannot tell.

        A question of feasibility, not an optimisation: with no objective every basis is
        dual feasible, so after the one bound change the warm basis needs only a few dual
        simplex steps (minimising ``x_j`` from the previous basis needs many primal ones)."""
        lo_j, hi_j = self.bounds[j]
        lo, hi = max(lo, lo_j), min(hi, hi_j)
        if lo > hi:
            return None
        if self.h is None:
            bounds = self.bounds.copy()
            bounds[j] = lo, hi
            res = _lp(np.zeros(self.n), self.M, self.b, bounds)
            return res.x if res.status == 0 else None
        h = self.h
        inf = _hcore.kHighsInf
        if self._costed:
            h.changeColsCost(self.n, self.cols, np.zeros(self.n))
            self._costed = False
        col = np.array([j], dtype=np.int32)
        h.changeColsBounds(1, col, np.array([lo]), np.array([hi if np.isfinite(hi) else inf]))
        try:
            self._run()
            if h.getModelStatus() != _hcore.HighsModelStatus.kOptimal:
                return None
            return np.asarray(h.getSolution().col_value)
        finally:
            h.changeColsBounds(1, col, np.array([lo_j]),
                               np.array([hi_j if np.isfinite(hi_j) else inf]))

    def solve(self, c: np.ndarray) -> tuple[int, float, np.ndarray | None]:
        if self.h is not None:
            h = self.h
            h.changeColsCost(self.n, self.cols, np.asarray(c, dtype=float))
            self._costed = True
            self._run()
            st = h.getModelStatus()
            S = _hcore.HighsModelStatus
            if st == S.kOptimal:
                x = np.asarray(h.getSolution().col_value)
                return 0, float(h.getInfo().objective_function_value), x
            if st in (S.kUnbounded, S.kUnboundedOrInfeasible):
                return 3, -np.inf, None
            # anything else: retry with a fresh linprog
        res = _lp(c, self.M, self.b, self.bounds)
        return res.status, (float(res.fun) if res.status == 0 else -np.inf), res.x


class Tables:
    """Consistent tables found along the way, each kept as the cells it moves off their true
    values and the values it gives them.

    A table found while the hidden set was ``H`` (every other cell at its true value, every
    relation holding, every cell in ``[0, upper]``) stays consistent with everything published
    for any later hidden set that still hides every cell it moves: hiding more only widens
    what a reader must allow, and a cell it leaves at its true value may be shown. So a primary
    some still-valid table puts at 0 is protected without another LP, and a cell some
    still-valid table puts above the threshold (or below 1) is not proven small. Validity is
    checked against the hidden set of each question (``live``), so showing cells again needs
    no bookkeeping. One store can follow a whole run (:func:`choose_hidden`,
    :func:`proven_small`, :func:`audit` take ``tables=``); :meth:`verify` re-checks every table
    it uses against the relations, so an audit that relies on one still proves what it says."""

    def __init__(self, values: np.ndarray):
        self.values = np.asarray(values, dtype=float).ravel()
        # every table's moved cells, values and table number, one after the other, in
        # arrays that grow by doubling (a run adds tens of thousands of tables)
        self._size = 0
        self._count = 0
        self._buf = (np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return self._count

    def add(self, cells: np.ndarray, x: np.ndarray, keep: bool = False) -> None:
        """A table that puts ``cells`` at ``x`` and every other cell at its true value.
        ``keep``: kept however many cells it moves (the only proof found that a primary is
        protected, which the checks after it must see: `_protect`)."""
        cells = np.asarray(cells, dtype=np.int64).ravel()
        x = np.asarray(x, dtype=float).ravel()
        moved = np.abs(x - self.values[cells]) > ZERO
        k = int(moved.sum())
        if k == 0 or (k > TABLE_MAX_MOVED and not keep):
            return
        end = self._size + k
        if end > self._buf[0].size:
            cap = max(2 * self._buf[0].size, end, 1024)
            self._buf = tuple(np.concatenate([b[:self._size], np.zeros(cap - self._size,
                                                                       dtype=b.dtype)])
                              for b in self._buf)
        idx, val, tab = self._buf
        idx[self._size:end] = cells[moved]
        val[self._size:end] = np.maximum(x[moved], 0.0)
        tab[self._size:end] = self._count
        self._size, self._count = end, self._count + 1

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return tuple(b[:self._size] for b in self._buf)

    def live(self, hidden: np.ndarray) -> np.ndarray:
        """Per table: whether every cell it moves is hidden (``hidden`` is effective)."""
        if not self._count:
            return np.zeros(0, dtype=bool)
        idx, _, tab = self._arrays()
        return np.bincount(tab[~hidden[idx]], minlength=self._count) == 0

    def puts_at_zero(self, cell: int, hidden: np.ndarray) -> bool:
        """Whether some live table puts ``cell`` at 0 (one cell: only its tables looked at)."""
        if not self._count:
            return False
        idx, x, tab = self._arrays()
        mine = tab[(idx == cell) & (x <= ZERO)]
        if mine.size == 0:
            return False
        sel = np.isin(tab, mine)
        dead = np.unique(tab[sel][~hidden[idx[sel]]])
        return bool(np.setdiff1d(mine, dead).size)

    def settled(self, hidden: np.ndarray, *, below: float | None = None,
                above: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Cells some live table puts at ``below`` or less (or above ``above``): a bool mask,
        and the lowest (highest) such value per cell (nan elsewhere)."""
        n = self.values.size
        value = np.full(n, np.nan)
        if not self._count:
            return np.zeros(n, dtype=bool), value
        idx, x, tab = self._arrays()
        ok = self.live(hidden)[tab]
        if below is not None:
            hit = ok & (x <= below)
            value[idx[hit]] = np.inf
            np.minimum.at(value, idx[hit], x[hit])
        else:
            hit = ok & (x > above)
            value[idx[hit]] = -np.inf
            np.maximum.at(value, idx[hit], x[hit])
        return ~np.isnan(value), value

    def verify(self, S: _System, hidden: np.ndarray, cells: np.ndarray) -> np.ndarray:
        """Of ``cells``, those some live table puts at 0 that passes a check of its own:
        every relation holds, every value lies in ``[0, upper]``, only hidden cells move."""
        n = self.values.size
        out = np.zeros(n, dtype=bool)
        if not self._count:
            return out
        idx, x, tab = self._arrays()
        live = self.live(hidden)
        want = np.zeros(n, dtype=bool)
        want[cells] = True
        use = np.unique(tab[live[tab] & want[idx] & (x <= ZERO)])
        if use.size == 0:
            return out
        sel = np.isin(tab, use)
        col = np.searchsorted(use, tab[sel])
        D = sp.csc_matrix((x[sel] - self.values[idx[sel]], (idx[sel], col)),
                          shape=(n, use.size))
        R = (S.A @ D).tocoo()
        scale = 1.0 + abs(S.A) @ self.values
        off = np.abs(R.data) > 1e-6 * scale[R.row]
        good_rel = np.bincount(R.col[off], minlength=use.size) == 0
        inside = (x[sel] >= -ZERO) & (x[sel] <= S.ub[idx[sel]] + 1e-6) & hidden[idx[sel]]
        good = good_rel & (np.bincount(col[~inside], minlength=use.size) == 0)
        ok_tab = np.zeros(self._count, dtype=bool)
        ok_tab[use[good]] = True
        hit = ok_tab[tab] & want[idx] & (x <= ZERO)
        out[idx[hit]] = True
        return out


def _bounds(
    S: _System,
    hidden: np.ndarray,
    lower_for: np.ndarray,
    want_upper: bool,
    near: np.ndarray | None = None,
    upper_for: np.ndarray | None = None,
    above: float | None = None,
    below: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """LP bounds for hidden cells.

    Every consistent table the LPs find is added to ``S.tables`` when there is one; with
    ``SCREEN``, the cells of a component of more than ``LOCAL_FROM`` hidden cells are first
    settled, where they can be, by the live tables and by LPs over a few neighbouring units
    (`_local_settle`); only what those leave open gets the LPs over the whole component.

    ``below``: what is wanted of each lower bound is only whether it is at most ``below``:
    a cell some consistent table puts there gets that table's value (not its minimum).

    ``upper_for``: with ``want_upper``, compute upper bounds only for these cells.
    ``above``: with ``want_upper``, what is wanted of each upper bound is only whether it
    exceeds ``above``: a cell some consistent table puts above it gets an upper bound of
    at least ``above`` (not its maximum); the others get their maximum. Batched: one LP
    maximising the sum of the open cells (each capped just above ``above``) settles every
    cell it lifts over ``above``.

    ``near``: optional bool mask; only the components holding one of these cells are solved
    (the others keep nan), for a check after a change that can affect no other component.

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
    tables = S.tables
    if SCREEN:
        comp_size = np.zeros(S.n, dtype=np.int64)  # per cell of a large component: its size
        for c0, c1 in zip(c_lo, c_hi, strict=True):
            if c1 - c0 > LOCAL_FROM and (near is None or near[cells_sorted[c0:c1]].any()):
                comp_size[cells_sorted[c0:c1]] = c1 - c0
        if comp_size.any():
            lower_for, upper_for = _screen(S, hidden, rest, comp_size, lower, upper,
                                           lower_for, want_upper, upper_for, above, below)

    for c0, c1, r0, r1 in zip(c_lo, c_hi, r_lo, r_hi, strict=True):
        cells = cells_sorted[c0:c1]
        if near is not None and not near[cells].any():
            continue
        if not lower_for[cells].any() and (
                not want_upper or (upper_for is not None and not upper_for[cells].any())):
            continue
        if r0 == r1:  # no relation links this hidden cell to anything hidden: x in [0, ub]
            want = lower_for[cells]
            lower[cells[want]] = 0.0
            if tables is not None:
                for i in cells[want]:
                    tables.add(np.array([i]), np.zeros(1))
            if want_upper:
                upper[cells] = ub[cells]
            continue
        M = Bp[r0:r1, c0:c1]
        b = M @ v[cells]
        k = cells.size
        bnds = np.column_stack([np.zeros(k), ub[cells]])
        # --- lower bounds: every feasible point found with x_i == 0 settles lower_i = 0
        eng = _ComponentLP(M, b, bnds)
        lo = lower[cells].copy()  # nan, or what the screen settled
        need = lower_for[cells].copy()
        lo[need & (v[cells] <= ZERO)] = 0.0
        todo = need & np.isnan(lo)
        if todo.any():
            # one LP minimising the sum of the cells still open settles (at 0) every cell it
            # drives to 0; repeat on what is left while that settles something, then one LP
            # per remaining cell
            open_ = todo.copy()
            while open_.any():
                st, _, x = eng.solve(open_.astype(float))
                if st != 0:
                    raise RuntimeError(f"audit LP failed (status {st})")
                if tables is not None:
                    tables.add(cells, x)
                settled = open_ & (x <= ZERO)
                lo[settled] = 0.0
                open_ &= ~settled
                if not settled.any() or open_.sum() <= 2:
                    break
            for j in np.flatnonzero(todo & np.isnan(lo)):
                if not np.isnan(lo[j]):
                    continue
                if REACH:  # most cells can be 0: a question of feasibility first
                    x = eng.reach(j, 0.0, 0.0)
                    if x is not None and x[j] <= ZERO:
                        if tables is not None:
                            tables.add(cells, x)
                        lo[np.isnan(lo) & todo & (x <= ZERO)] = 0.0
                        continue
                c = np.zeros(k)
                c[j] = 1.0
                st, fun, x = eng.solve(c)
                if st != 0:
                    raise RuntimeError(f"audit LP failed (status {st})")
                if tables is not None:
                    tables.add(cells, x)
                lo[j] = fun if fun > ZERO else 0.0
                lo[np.isnan(lo) & todo & (x <= ZERO)] = 0.0
        lower[cells] = lo
        # --- upper bounds (a solution at a cell's own cap settles that cell's maximum)
        if want_upper:
            up = upper[cells].copy()  # nan, or what the screen settled
            capped = np.isfinite(ub[cells])
            want = np.ones(k, dtype=bool) if upper_for is None else upper_for[cells].copy()
            if above is not None and want.any():
                over = above + 1.0
                cap = bnds.copy()
                cap[want, 1] = np.minimum(cap[want, 1], over)
                capped_lp = _ComponentLP(M, b, cap)  # its tables are consistent tables too
                open_ = want.copy()
                while open_.any():
                    st, _, x = capped_lp.solve(-open_.astype(float))
                    if st != 0:
                        raise RuntimeError(f"audit LP failed (status {st})")
                    lifted = open_ & (x > above + 1e-6)
                    up[lifted] = np.maximum(x[lifted], above)
                    open_ &= ~lifted
                    if not lifted.any():
                        break
            for j in range(k):
                if not np.isnan(up[j]) or (upper_for is not None and not upper_for[cells[j]]):
                    continue
                c = np.zeros(k)
                c[j] = -1.0
                if above is not None:  # only whether it exceeds `above`: capped, bounded
                    eng.set_upper(j, min(ub[cells][j], above + 1.0))
                    st, fun, x = eng.solve(c)
                    eng.set_upper(j, ub[cells][j])
                else:
                    st, fun, x = eng.solve(c)
                if st == 3:
                    up[j] = np.inf
                elif st == 0:
                    up[j] = -fun
                    hit = capped & np.isnan(up) & (x >= ub[cells] - ZERO)
                    up[hit] = ub[cells][hit]
                    if above is not None:
                        lifted = np.isnan(up) & want & (x > above + 1e-6)
                        up[lifted] = x[lifted]
                else:
                    raise RuntimeError(f"audit LP failed (status {st})")
            upper[cells] = up
    return lower, upper


def _screen(S: _System, hidden: np.ndarray, rest: np.ndarray, comp_size: np.ndarray,
            lower: np.ndarray, upper: np.ndarray, lower_for: np.ndarray, want_upper: bool,
            upper_for: np.ndarray | None, above: float | None, below: float | None
            ) -> tuple[np.ndarray, np.ndarray | None]:
    """Settle, in the large components (``comp_size``: per cell, the size of its component,
    0 outside them), what the live tables and local LPs can (see :func:`_bounds`); fills
    ``lower``/``upper`` in place and returns what is left wanted. In components of more than
    ``DECIDE_LOCALLY_FROM`` cells, with ``S.decide_locally``, what they leave is taken for
    the worse: a lower bound of ``inf`` (an exposed primary, a cell proven at least 1), an
    upper bound of ``above`` (a cell that may be small)."""
    big = comp_size > 0
    huge = (comp_size > DECIDE_LOCALLY_FROM) if S.decide_locally else np.zeros_like(big)
    low = ZERO if below is None else below
    lw = lower_for & big & rest
    lower_for = lower_for & ~lw
    if lw.any():
        if S.tables is not None:
            if S.verify_tables and below is None:
                hit = S.tables.verify(S, hidden, np.flatnonzero(lw))
                val = np.zeros(S.n)
            else:
                hit, val = S.tables.settled(hidden, below=low)
            hit &= lw
            lower[hit] = 0.0 if below is None else val[hit]
            lw &= ~hit
        if lw.any():
            hit, val = _local_settle(S, rest, lw, comp_size, below=low)
            lower[hit] = 0.0 if below is None else val[hit]
            lw &= ~hit
        lower[lw & huge] = np.inf
        S.taken_worse |= lw & huge
        lower_for = lower_for | (lw & ~huge)
    if want_upper and above is not None:
        want = np.ones(S.n, dtype=bool) if upper_for is None else upper_for
        uw = want & big & rest
        upper_for = want & ~uw
        if uw.any():
            if S.tables is not None:
                hit, val = S.tables.settled(hidden, above=above + 1e-6)
                hit &= uw
                upper[hit] = val[hit]
                uw &= ~hit
            if uw.any():
                hit, val = _local_settle(S, rest, uw, comp_size, above=above + 1e-6)
                upper[hit] = val[hit]
                uw &= ~hit
            upper[uw & huge] = above
            upper_for = upper_for | (uw & ~huge)
    return lower_for, upper_for


class _Units:
    """The units of a set of hidden cells (see :func:`_local_settle`): each unit's cells, the
    unit of each cell, and which long relations link the units."""

    def __init__(self, S: _System, rest: np.ndarray, comp_size: np.ndarray):
        self.comp_size = comp_size
        h_idx = np.flatnonzero(rest)
        nh = h_idx.size
        sizes = np.diff(S.A.indptr)
        cnt = S.hidden_counts(rest)
        short = np.flatnonzero((cnt >= 2) & (sizes <= BIG_RELATION))
        Bs = S.inc[short][:, h_idx].tocsr()
        graph = sp.bmat([[None, Bs.T], [Bs, None]], format="csr") if short.size else None
        unit = (connected_components(graph, directed=False)[1][:nh] if graph is not None
                else np.arange(nh))
        _, unit = np.unique(unit, return_inverse=True)
        nu = int(unit.max()) + 1 if nh else 0
        long_ = np.flatnonzero((cnt >= 2) & (sizes > BIG_RELATION))
        Uc = sp.csr_matrix((np.ones(nh), (np.arange(nh), unit)), shape=(nh, nu))
        self.L = (S.inc[long_][:, h_idx] @ Uc).tocsr()
        self.L.data[:] = 1.0
        self.long_pos = np.full(S.A.shape[0], -1, dtype=np.int64)
        self.long_pos[long_] = np.arange(long_.size)
        order = np.argsort(unit, kind="stable")
        starts = np.searchsorted(unit[order], np.arange(nu + 1))
        self.members = [h_idx[order[starts[u]:starts[u + 1]]] for u in range(nu)]
        self.unit_of = np.full(S.n, -1, dtype=np.int64)
        self.unit_of[h_idx] = unit


def _local_settle(S: _System, rest: np.ndarray, want: np.ndarray, comp_size: np.ndarray, *,
                  below: float | None = None, above: float | None = None,
                  units: _Units | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Cells of ``want`` (hidden, in ``rest``) that a consistent table over a few units puts at
    ``below`` or less (or above ``above``): a bool mask and the table's value per cell.
    ``comp_size``: per cell, the size of its component of hidden cells (see `_screen`).

    A *unit* is a set of hidden cells linked by short relations (at most ``BIG_RELATION``
    cells; in a run: one team's or the association's cells over every period); units are
    linked to each other by long relations (the teams add up to the association). For each
    unit holding a wanted cell, LPs over the unit and its ``LOCAL_STEPS`` most closely linked
    neighbours (most long relations shared), every other cell at its true value, look for such
    tables: any table found is consistent with everything shown, so what it settles is
    settled. What no local LP settles is left to the caller (an LP over the whole component).
    Every table found is added to ``S.tables``.

    ``units``: units found earlier for a hidden set that this one (``rest``) still holds
    (a check during the same round of the choice, which only hides more): only their cells
    still in ``rest`` move. Without it they are found here and kept in ``S.units``."""
    n = S.n
    settled = np.zeros(n, dtype=bool)
    value = np.full(n, np.nan)
    if units is None:
        units = S.units = _Units(S, rest, comp_size)
    L, long_pos, members, unit_of = units.L, units.long_pos, units.members, units.unit_of
    open_ = want & rest
    v, ub = S.values, S.ub
    sign = 1.0 if above is None else -1.0
    for u in np.unique(unit_of[open_]):
        if u < 0:
            continue
        mine = members[u]
        # the neighbours that share most long relations with the open cells of the unit and
        # the hidden cells beside them (those a table putting them at 0 moves first)
        tg = mine[open_[mine]]
        near = np.unique(_gather(S.A.indptr, S.A.indices,
                                 _gather(S.At.indptr, S.At.indices, tg)))
        near = near[rest[near]]
        rows = long_pos[np.unique(_gather(S.At.indptr, S.At.indices, near))]
        w = np.asarray(L[rows[rows >= 0]].sum(axis=0)).ravel()
        w[u] = 0
        nb = np.flatnonzero(w > 0)
        ranked = nb[np.lexsort((nb, -w[nb]))]
        for step, k in enumerate(LOCAL_STEPS):
            if not open_[mine].any():
                break
            cells = np.sort(np.concatenate([mine, *(members[x] for x in ranked[:k])]))
            cells = cells[rest[cells]]
            if step and cells.size > LOCAL_SHARE * comp_size[mine[0]]:
                break  # about the whole component: its own LP is as cheap
            M = _local_rows(S, cells)
            b = M @ v[cells]
            bnds = np.column_stack([np.zeros(cells.size), ub[cells]])
            # the first, smallest LPs settle what they can of the neighbours too; the larger
            # ones only the unit's own cells (the neighbours get LPs of their own)
            o = open_[cells] & (np.isin(cells, mine) if step else True)
            if above is not None:
                bnds[o, 1] = np.minimum(bnds[o, 1], above + 1.0)
            eng = _ComponentLP(M, b, bnds)

            def settle(x, o=o, cells=cells):
                if S.tables is not None:
                    S.tables.add(cells, x)
                hit = o & ((x <= below) if above is None else (x > above))
                settled[cells[hit]] = True
                value[cells[hit]] = x[hit]
                o &= ~hit
                open_[cells[hit]] = False
                return hit.any()

            while o.any():
                st, _, x = eng.solve(sign * o.astype(float))
                if st != 0 or not settle(x) or o.sum() <= 2:
                    break
            mine_pos = np.flatnonzero(np.isin(cells, mine))
            for j in mine_pos:
                if not o[j]:
                    continue
                if above is None and REACH:
                    # only whether some table puts it at `below` or less: a question of
                    # feasibility (none: not settled here; the caller goes on)
                    x = eng.reach(j, 0.0, below if below > ZERO else 0.0)
                    if x is None:
                        continue
                    settle(x)
                    if not o[j]:
                        continue
                c = np.zeros(cells.size)
                c[j] = sign
                st, _, x = eng.solve(c)
                if st == 0:
                    settle(x)
            if k >= ranked.size:
                break
    return settled, value


class _Checker:
    """The attacker's LP over every cell of a (small) system, kept between calls.

    Every cell is a column; a shown cell is fixed at its value by its bounds, a hidden one lies
    in ``[0, upper]``; every relation is a row ``= 0``. Hiding a cell only widens its bounds, so
    one warm-started HiGHS model answers "can primary ``p`` be 0?" again and again while the
    greedy choice hides more (much cheaper than rebuilding the LP of ``p``'s component each
    time). Used for the blocks of :func:`choose_hidden`; needs scipy's bundled HiGHS bindings
    (``available`` is False without them)."""

    def __init__(self, S: _System, hidden: np.ndarray):
        self.S = S
        self.available = False
        if _hcore is None:
            return
        try:
            h = _quiet_highs()
            self.inf = _hcore.kHighsInf
            self.hidden = hidden.copy()
            lo, hi = self._bounds_of(np.arange(S.n))
            empty = np.zeros(0, dtype=np.int32)
            h.addCols(S.n, np.zeros(S.n), lo, hi, 0, empty, empty, np.zeros(0))
            A = S.A
            if A.shape[0]:
                h.addRows(A.shape[0], np.zeros(A.shape[0]), np.zeros(A.shape[0]), A.nnz,
                          A.indptr[:-1].astype(np.int32), A.indices.astype(np.int32),
                          A.data.astype(float))
            self.h = h
            self.cols = np.arange(S.n, dtype=np.int32)
            self.cost = np.zeros(S.n)
            self.available = True
        except (AttributeError, TypeError, ValueError, RuntimeError):  # pragma: no cover
            self.available = False

    def _bounds_of(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        S = self.S
        hid = self.hidden[cells]
        lo = np.where(hid, 0.0, S.values[cells])
        ub = np.where(np.isfinite(S.ub[cells]), S.ub[cells], self.inf)
        hi = np.where(hid, ub, S.values[cells])
        return lo, hi

    def update(self, hidden: np.ndarray) -> None:
        """Follow a new hidden set (cells may be hidden or shown again)."""
        changed = np.flatnonzero(hidden != self.hidden).astype(np.int32)
        if changed.size:
            self.hidden = hidden.copy()
            lo, hi = self._bounds_of(changed)
            self.h.changeColsBounds(changed.size, changed, lo, hi)

    def _solve(self, c: np.ndarray) -> np.ndarray | None:
        touched = np.flatnonzero((c != 0) | (self.cost != 0)).astype(np.int32)
        if touched.size:
            self.h.changeColsCost(touched.size, touched, c[touched].astype(float))
        self.cost = c.copy()
        self.h.run()
        if self.h.getModelStatus() != _hcore.HighsModelStatus.kOptimal:
            return None
        x = np.asarray(self.h.getSolution().col_value)
        if self.S.tables is not None:  # a consistent table of the whole system
            self.S.tables.add(self.cols, x)
        return x

    def _reach_zero(self, j: int) -> np.ndarray | None:
        """A consistent table with cell ``j`` at 0, or None (see :meth:`_ComponentLP.reach`)."""
        h = self.h
        touched = np.flatnonzero(self.cost != 0).astype(np.int32)
        if touched.size:
            h.changeColsCost(touched.size, touched, np.zeros(touched.size))
            self.cost = np.zeros(self.S.n)
        col = np.array([j], dtype=np.int32)
        lo, hi = self._bounds_of(col)
        h.changeColsBounds(1, col, np.zeros(1), np.zeros(1))
        try:
            h.run()
            if h.getModelStatus() != _hcore.HighsModelStatus.kOptimal:
                return None
            x = np.asarray(h.getSolution().col_value)
        finally:
            h.changeColsBounds(1, col, lo, hi)
        if self.S.tables is not None:
            self.S.tables.add(self.cols, x)
        return x

    def exposed(self, targets: np.ndarray, first: bool = False) -> np.ndarray | None:
        """Of the (hidden) ``targets``, those whose smallest consistent value exceeds TOL, or
        None when the solver reports trouble (the caller falls back to :func:`_bounds`).
        ``first``: stop at the first one found (the question is only whether there is one)."""
        S = self.S
        shown_bad = targets & ~self.hidden & (S.values > TOL)
        if first and shown_bad.any():
            return np.flatnonzero(shown_bad)[:1]
        open_ = targets & self.hidden & (S.values > ZERO)
        # one cell alone (a primary checked again just before its protection): the question
        # of feasibility below answers it in fewer steps than minimising it first
        while open_.sum() > (1 if REACH else 0):
            x = self._solve(open_.astype(float))
            if x is None:
                return None
            settled = open_ & (x <= ZERO)
            open_ &= ~settled
            if not settled.any():
                break
        out = []
        for j in np.flatnonzero(open_):
            if not open_[j]:
                continue
            if REACH:  # most primaries can be 0: a question of feasibility first
                x = self._reach_zero(int(j))
                if x is not None and x[j] <= ZERO:
                    open_ &= ~(x <= ZERO)
                    continue
            c = np.zeros(S.n)
            c[j] = 1.0
            x = self._solve(c)
            if x is None:
                return None
            if x[j] > TOL:
                out.append(int(j))
                if first:
                    break
            open_ &= ~(x <= ZERO)
        return np.union1d(np.asarray(out, dtype=np.int64), np.flatnonzero(shown_bad))


def _effective_hidden(S: _System, hidden) -> np.ndarray:
    hidden = np.asarray(hidden, dtype=bool).ravel()
    if hidden.size != S.n:
        raise ValueError(f"hidden must have {S.n} entries")
    return (hidden | ~S.published) & ~S.known


def _exposed(S: _System, hidden: np.ndarray, near: np.ndarray | None = None,
             among: np.ndarray | None = None) -> np.ndarray:
    """Primary cells whose smallest consistent value is > TOL (``hidden`` is effective);
    with ``near``, only in the components that hold one of those cells (see :func:`_bounds`);
    with ``among``, only those of these primaries (the others are not looked at)."""
    targets = S.primary if among is None else S.primary & among
    lower, _ = _bounds(S, hidden, lower_for=targets, want_upper=False, near=near)
    return np.asarray(_exposed_from(S, hidden, lower), dtype=np.int64)


def audit(model: CellModel, hidden: np.ndarray, *, upper: bool = True,
          tables: Tables | None = None) -> AuditResult:
    """Bounds an attacker can derive when ``hidden`` cells are suppressed.

    The attacker's table: ``x >= 0`` for every cell, ``x <= upper`` where known,
    ``x_i = values_i`` for every shown cell (published and not hidden, or known), and all
    relations. Cells hidden in the argument but known are treated as shown; unpublished cells
    are hidden whatever the argument says. For each hidden cell ``lower``/``upper`` are its LP
    minimum and maximum (``upper = inf`` when unbounded). ``failures`` are the exposed primaries.

    ``upper=False`` computes only what the guarantee needs: the lower bounds of the hidden
    primaries (the other entries stay nan); ``failures`` and ``ok`` are the same.

    ``tables``: consistent tables found earlier for the same model (:class:`Tables`): a
    hidden primary that one of them, still consistent and checked again here against every
    relation (:meth:`Tables.verify`), puts at 0 has lower bound 0 without an LP.
    """
    S = _System(model)
    S.tables, S.verify_tables = tables, True
    eff = _effective_hidden(S, hidden)
    if not upper:
        lower, up = _bounds(S, eff, lower_for=eff & S.primary, want_upper=False)
        return AuditResult(lower=lower, upper=up, failures=_exposed_from(S, eff, lower))
    lower, upper = _bounds(S, eff, lower_for=eff, want_upper=True)
    failures = _exposed_from(S, eff, lower)
    return AuditResult(lower=lower, upper=upper, failures=failures)


def proven_small(model: CellModel, hidden: np.ndarray, threshold: float,
                 tables: Tables | None = None) -> np.ndarray:
    """Hidden, published, non-primary cells that a reader can prove lie between 1 and
    ``threshold`` (their LP minimum is at least 1 and their maximum at most ``threshold``):
    a reader who cannot tell which cells are primary takes them for small counts, so
    ``finsam audit`` flags them. Only cells whose true value is 1..threshold can be.
    ``tables``: as for :func:`choose_hidden`; in a component of more than
    ``DECIDE_LOCALLY_FROM`` hidden cells, a cell local LPs do not clear counts as proven
    small (it is then protected: safe, possibly more hidden than needed)."""
    S = _System(model)
    S.tables, S.decide_locally = tables, True
    eff = _effective_hidden(S, hidden)
    cand = eff & S.published & ~S.primary & (S.values >= 1 - TOL) & \
        (S.values <= threshold + TOL)
    if not cand.any():
        return np.zeros(S.n, dtype=bool)
    # what one relation alone proves needs no LP: a cell it keeps at the threshold or below
    # cannot be shown larger, one it keeps at 1 or more cannot be shown smaller
    row_lo, row_hi = _row_bounds(S, eff)
    capped = row_hi <= threshold + 1e-6
    # most hidden cells can be larger than the threshold: that (batched) first
    _, upper = _bounds(S, eff, lower_for=np.zeros(S.n, dtype=bool), want_upper=True,
                       upper_for=cand & ~capped, above=threshold)
    cand &= capped | (upper <= threshold + 1e-6)
    if not cand.any():
        return cand
    floored = row_lo >= 1 - 1e-6
    lower, _ = _bounds(S, eff, lower_for=cand & ~floored, want_upper=False, below=1 - 1e-6)
    return cand & (floored | (lower >= 1 - 1e-6))


def _row_bounds(S: _System, hidden: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per cell, the bounds that each relation alone gives it, the others' cells free in
    their ranges (a shown cell at its value, a hidden one in ``[0, upper]``): the tightest
    over its relations (``-inf``/``inf`` when none bounds it). Every consistent table lies
    within them, so a cell they put at ``threshold`` or below needs no LP to say so."""
    A = S.A
    lo_c = np.where(hidden, 0.0, S.values)
    hi_c = np.where(hidden, S.ub, S.values)
    lower = np.where(hidden, 0.0, S.values)
    upper = np.where(hidden, S.ub, S.values)
    if A.nnz == 0:
        return lower, upper
    rows = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))
    j, a = A.indices, A.data
    with np.errstate(invalid="ignore"):
        t1, t2 = a * lo_c[j], a * hi_c[j]
    tmin, tmax = np.minimum(t1, t2), np.maximum(t1, t2)

    def sums(t, bad):
        fin = np.bincount(rows, np.where(bad, 0.0, t), minlength=A.shape[0])
        nbad = np.bincount(rows, bad.astype(float), minlength=A.shape[0])
        # the sum over the row's other entries, infinite when one of them is
        excl = fin[rows] - np.where(bad, 0.0, t)
        return np.where(nbad[rows] - bad > 0, np.nan, excl)

    smin = sums(tmin, ~np.isfinite(tmin))  # nan: -inf
    smax = sums(tmax, ~np.isfinite(tmax))  # nan: +inf
    # a x = -(others): x in [-smax / a, -smin / a] for a > 0, swapped for a < 0
    with np.errstate(invalid="ignore", divide="ignore"):
        hi_r = np.where(a > 0, np.where(np.isnan(smin), np.inf, -smin / a),
                        np.where(np.isnan(smax), np.inf, -smax / a))
        lo_r = np.where(a > 0, np.where(np.isnan(smax), -np.inf, -smax / a),
                        np.where(np.isnan(smin), -np.inf, -smin / a))
    hi_r[a == 0], lo_r[a == 0] = np.inf, -np.inf
    np.minimum.at(upper, j, hi_r)
    np.maximum.at(lower, j, lo_r)
    return lower, upper


def _exposed_from(S: _System, eff: np.ndarray, lower: np.ndarray) -> list[int]:
    shown_bad = S.primary & ~eff & (S.values > TOL)
    hidden_bad = S.primary & eff & (lower > TOL)
    return np.flatnonzero(shown_bad | hidden_bad).tolist()


# --------------------------------------------------------------------------------------------
# Choosing secondaries
# --------------------------------------------------------------------------------------------


def _neighbourhood(
    S: _System,
    p: int,
    radius: int,
    hidden: np.ndarray | None = None,
    restricted: bool = False,
) -> tuple[np.ndarray, bool]:
    """Non-known cells within ``radius`` relation hops of ``p`` (sorted), and whether that is
    everything reachable from ``p`` (walks do not pass through known cells: they are fixed).

    ``restricted``: long relations are followed only to their minority-sign cells (totals), see
    ``_System.entry_followable``. ``hidden`` is currently unused by the walk."""
    seen = np.zeros(S.n, dtype=bool)
    seen[p] = True
    frontier = np.array([p], dtype=np.int64)
    complete = False
    for hop in range(radius + 1):
        rows = np.unique(_gather(S.At.indptr, S.At.indices, frontier))
        pos = _positions(S.A.indptr, rows)
        cells = S.A.indices[pos]
        if restricted:
            cells = cells[S.entry_followable[pos]]
        cells = np.unique(cells)
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


def _witness(
    S: _System, p: int, cells: np.ndarray, M: sp.csr_matrix, hidden: np.ndarray
) -> np.ndarray | None:
    """LP heuristic / feasibility test: deviations ``d`` over ``cells`` (every one free to move,
    cells outside fixed) with ``d_p = -v_p``, minimising the weighted L1 norm of the deviations
    of cells not yet hidden (weight ``cost_i / v_p``, i.e. moving a cell by ``v_p`` costs its
    hiding cost; hidden cells get a tiny weight). Returns ``d`` or None when no witness exists.
    The cells it moves, hidden, protect ``p``."""
    n = cells.size
    v = S.values[cells]
    vp = float(S.values[p])
    up = S.ub[cells] - v
    hid = hidden[cells]
    w = np.where(hid, 1e-6 * float(S.cost[cells].min()), S.cost[cells]) / vp
    ip = int(np.searchsorted(cells, p))
    lo = np.zeros(2 * n)
    hi = np.concatenate([up, v])  # [d_plus, d_minus]
    hi[ip] = 0.0
    lo[n + ip] = hi[n + ip] = vp
    A_eq = sp.hstack([M, -M]).tocsr()
    res = _lp(np.concatenate([w, w]), A_eq, np.zeros(M.shape[0]), np.column_stack([lo, hi]))
    if res.status == 0:
        d = res.x[:n] - res.x[n:]
        d[ip] = -vp
        return d
    if res.status == 2:
        return None
    raise RuntimeError(f"witness LP failed: {res.message}")


def _is_protected(S: _System, p: int, hidden: np.ndarray,
                  checker: _Checker | None = None) -> bool:
    """Whether primary ``p`` (hidden) can already be 0 given the current hidden set
    (the audit's lower bound for ``p`` alone). A live kept table that puts it at 0 answers
    yes at once; a primary the last check took for exposed by a local decision
    (``S.taken_worse``) is not looked at again over its whole component: the local MILP
    that follows decides (it hides nothing when the cells around it already protect it)."""
    if S.tables is not None and S.tables.puts_at_zero(p, _effective_hidden(S, hidden)):
        return True
    if checker is None and S.decide_locally and S.taken_worse[p]:
        # local LPs again, over the units of that check (the hidden set has only grown)
        if S.units is None or S.units.unit_of[p] < 0:
            return False
        eff = _effective_hidden(S, hidden)
        want = np.zeros(S.n, dtype=bool)
        want[p] = True
        hit, _ = _local_settle(S, eff, want, S.units.comp_size, below=ZERO, units=S.units)
        return bool(hit[p])
    if checker is not None:
        checker.update(hidden)
        target = np.zeros(S.n, dtype=bool)
        target[p] = True
        out = checker.exposed(target)
        if out is not None:
            return out.size == 0
    target = np.zeros(S.n, dtype=bool)
    target[p] = True
    lower, _ = _bounds(S, hidden, lower_for=target, want_upper=False)
    return bool(lower[p] <= TOL)


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
    Every deviation is limited to ``[-min(v_i, U), min(upper_i - v_i, U)]`` (big-M bounds kept
    tight so the LP relaxation is strong; the caller retries with a larger ``U`` if needed).
    Returns the cell indices to hide (possibly empty), or None when infeasible / no solution.
    """
    n = cells.size
    v = S.values[cells]
    ub_dev = np.minimum(S.ub[cells] - v, U)
    lb_dev = np.minimum(v, U)  # magnitude of the largest downward move
    is_hidden = hidden[cells]
    cand = np.flatnonzero(~is_hidden & ((lb_dev > 0) | (ub_dev > 0)))
    m = cand.size
    lo = np.concatenate([-lb_dev, np.zeros(m)])
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
            (
                np.concatenate([np.ones(m), -ub_dev[cand]]),
                (np.concatenate([r, r]), np.concatenate([cand, n + r])),
            ),
            shape=(m, n + m),
        )
        dn_rows = sp.csr_matrix(
            (
                np.concatenate([-np.ones(m), -lb_dev[cand]]),
                (np.concatenate([r, r]), np.concatenate([cand, n + r])),
            ),
            shape=(m, n + m),
        )
        cons.append(LinearConstraint(sp.vstack([up_rows, dn_rows]).tocsr(), -np.inf, 0.0))
    c = np.concatenate([np.zeros(n), S.cost[cells[cand]]])
    integrality = np.concatenate([np.zeros(n), np.ones(m)])
    options = {"disp": False}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    res = milp(c, constraints=cons, integrality=integrality, bounds=Bounds(lo, hi), options=options)
    if res.x is None:
        return None
    d, z = res.x[:n], res.x[n:]
    # hide what the solver chose, plus (defensively) any candidate that moves at all
    chosen = (z > 0.5) | (np.abs(d[cand]) > ZERO * 100)
    if S.tables is not None:  # with those hidden, a consistent table with x_p = 0
        d = d.copy()
        d[cand[~chosen]] = 0.0
        S.tables.add(cells, v + d, keep=not chosen.any())  # nothing new: the proof
    return cells[cand[chosen]]


def _protect(
    S: _System,
    p: int,
    hidden: np.ndarray,
    radius: int,
    time_limit: float | None,
    milp_max_cells: int,
    checker: _Checker | None = None,
) -> np.ndarray | None:
    """New cells to hide so that primary ``p`` can be 0, or None if that is impossible.

    Neighbourhoods of ``radius`` hops (growing) are tried in turn: an exact MILP when the
    neighbourhood has at most ``milp_max_cells`` cells, else the weighted-L1 LP heuristic."""
    if _is_protected(S, p, hidden, checker):
        return np.empty(0, dtype=np.int64)
    vp = float(S.values[p])
    for restricted in (True, False):
        prev = -1
        r = radius
        while True:
            cells, complete = _neighbourhood(S, p, r, hidden, restricted)
            small = cells.size <= milp_max_cells
            if cells.size != prev:
                prev = cells.size
                M = _local_rows(S, cells)
                if small:
                    new = _milp(S, p, cells, M, hidden, vp, time_limit)
                    if new is not None:
                        return new
                # an infeasible MILP usually means "too small a neighbourhood": grow it first;
                # the LP (which ignores U) decides once growing no longer helps
                check = not small or complete or (restricted and r == radius + 8)
                d = _witness(S, p, cells, M, hidden) if check else None
                if d is not None:
                    if small:  # feasible with larger deviations than U = v_p
                        U = max(vp, float(np.abs(d).max())) * (1 + 1e-6) + 1e-6
                        new = _milp(S, p, cells, M, hidden, U, time_limit)
                        if new is not None:
                            return new
                    moves = np.abs(d) > ZERO * 100
                    new = cells[moves & ~hidden[cells]]
                    if S.tables is not None:
                        # with nothing new to hide, this table is the proof that `p` is
                        # protected (the local checks after may not find one): kept
                        S.tables.add(cells, S.values[cells] + np.where(
                            moves | hidden[cells], d, 0.0), keep=new.size == 0)
                    return new
            if complete or (restricted and not small) or (restricted and r == radius + 8):
                break
            r += 1
    return None


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


def _release_avoided(S: _System, hidden: np.ndarray, avoid: np.ndarray,
                     checker: _Checker | None) -> np.ndarray:
    """Show again, most costly first, every hidden last-resort cell (``avoid``, published,
    not primary) the protection holds without: a greedy choice made for one primary may no
    longer be needed once later primaries hid cells of their own.

    Without a checker, a cell is shown again after LPs only for the primaries that no live
    consistent table (``S.tables``) puts at 0 with the cell shown: a table that leaves it at
    its true value stays consistent (the same decisions as checking every primary)."""
    order = np.flatnonzero(hidden & avoid & S.published & ~S.primary & ~S.known)
    order = order[np.argsort(-S.cost[order], kind="stable")]
    for c in order:
        trial = hidden.copy()
        trial[c] = False
        exposed = None
        rows = _gather(S.At.indptr, S.At.indices, np.array([c]))
        near = np.zeros(S.n, dtype=bool)  # the cells of its relations
        near[_gather(S.A.indptr, S.A.indices, rows)] = True
        if checker is not None:
            checker.update(trial)
            among = S.primary
            if SCREEN and S.tables is not None:
                among = among & ~S.tables.settled(_effective_hidden(S, trial), below=ZERO)[0]
            # only whether showing it exposes a primary: those in its relations first (the
            # likeliest), then the rest, each check stopping at the first one exposed
            exposed = checker.exposed(among & near, first=True)
            if exposed is not None and exposed.size == 0:
                exposed = checker.exposed(among & ~near, first=True)
        if exposed is None:
            eff = _effective_hidden(S, trial)
            among = S.primary & eff & (S.values > ZERO)
            if SCREEN and S.tables is not None:
                among &= ~S.tables.settled(eff, below=ZERO)[0]
            exposed = (_exposed(S, eff, near=near, among=among) if among.any()
                       else np.zeros(0, dtype=np.int64))
        if exposed.size == 0:
            hidden = trial
    if checker is not None:
        checker.update(hidden)
    return hidden


def _greedy(
    S: _System,
    hidden: np.ndarray,
    *,
    avoid: np.ndarray | None,
    progress: Callable[[str, int, int], None] | None,
    time_limit: float | None,
    radius: int,
    milp_max_cells: int,
    max_rounds: int,
    stage: str = "round",
    only: np.ndarray | None = None,
    release_from: float | None = None,
    keep: np.ndarray | None = None,
) -> np.ndarray:
    """Rounds of: unpin, find the exposed primaries (LP), protect each in turn (local MILP).

    ``avoid``: cells hidden only as a last resort: each primary is first protected with them
    held shown (as if known), and only when that is impossible with them as candidates.
    A system of at most ``CHECKER_MAX_CELLS`` cells keeps one warm LP for its checks."""
    if S.tables is None and SCREEN:
        S.tables = Tables(S.values)
    checker = _Checker(S, hidden) if S.n <= CHECKER_MAX_CELLS else None
    if checker is not None and not checker.available:
        checker = None
    # A round only hides more cells (unpinning shows only what a reader can compute): the
    # consistent tables only grow, so a primary protected once stays protected, and each
    # round after the first checks only the primaries the round before found exposed.
    targets = S.primary if only is None else S.primary & only
    exact = False  # the next check without local decisions (see the end of a round)
    for rnd in range(max_rounds):
        hidden = _unpin_secondaries(S, hidden)
        exposed = None
        if checker is not None:
            checker.update(hidden)
            exposed = checker.exposed(targets)
        if exposed is None:
            decide = S.decide_locally
            S.decide_locally = decide and not exact
            try:
                exposed = _exposed(S, hidden, among=targets)
            finally:
                S.decide_locally = decide
        if exposed.size == 0:
            release = avoid
            if release_from is not None and checker is not None:
                costly = S.cost >= release_from
                release = costly if release is None else release | costly
            if release is not None and keep is not None:
                release = release & ~keep
            if release is not None:
                # a cell shown again can leave another alone in a relation: show that too
                hidden = _unpin_secondaries(S, _release_avoided(S, hidden, release, checker))
            return hidden
        impossible = []
        before = hidden.copy()
        for k, p in enumerate(exposed):
            new = None
            if avoid is not None:
                hold = avoid & ~hidden & ~S.known
                if hold.any():
                    saved = S.known
                    S.known = saved | hold
                    try:
                        new = _protect(S, int(p), hidden, radius + rnd, time_limit,
                                       milp_max_cells, checker)
                    finally:
                        S.known = saved
            if new is None:
                new = _protect(S, int(p), hidden, radius + rnd, time_limit, milp_max_cells,
                               checker)
            if new is None:
                impossible.append(int(p))
            else:
                hidden[new] = True
            if progress is not None:
                progress(f"{stage} {rnd + 1}", k + 1, exposed.size)
        if impossible:
            raise ProtectionImpossible(impossible, "pinned by the relations and known cells")
        # a round that hid nothing found every primary it took for exposed protected after
        # all: local decisions (which take what their LPs leave open for exposed) cannot see
        # the table that protects it, so the next check asks the whole components
        exact = not (hidden != before).any()
        targets = np.zeros(S.n, dtype=bool)
        targets[exposed] = True
    raise RuntimeError("choose_hidden did not converge (numerical trouble?)")


def _block_models(S: _System, model: CellModel, blocks: np.ndarray):
    """For every block label ``b >= 0``: its cells and a :class:`CellModel` of them with the
    relations that lie wholly inside the block (relations across blocks are left out)."""
    A = S.A
    sizes = np.diff(A.indptr)
    row_of = np.repeat(np.arange(A.shape[0]), sizes)
    lab = blocks[A.indices]
    lo = np.full(A.shape[0], np.iinfo(np.int64).max)
    hi = np.full(A.shape[0], np.iinfo(np.int64).min)
    np.minimum.at(lo, row_of, lab)
    np.maximum.at(hi, row_of, lab)
    inner = (lo == hi) & (lo >= 0) & (sizes > 0)
    rows_by_block: dict[int, list[int]] = {}
    for r in np.flatnonzero(inner):
        rows_by_block.setdefault(int(lo[r]), []).append(int(r))
    upper = None if model.upper is None else S.ub
    for b in np.unique(blocks[blocks >= 0]):
        cells = np.flatnonzero(blocks == b)
        local = np.full(S.n, -1, dtype=np.int64)
        local[cells] = np.arange(cells.size)
        rels = []
        for r in rows_by_block.get(int(b), []):
            a, z = A.indptr[r], A.indptr[r + 1]
            rels.append((local[A.indices[a:z]], A.data[a:z].copy()))
        yield int(b), cells, CellModel(
            values=S.values[cells], primary=S.primary[cells], cost=S.cost[cells],
            relations=rels, published=S.published[cells], known=S.known[cells],
            upper=None if upper is None else upper[cells])


def _one_block(job, opts):
    cells, sub, hidden, avoid, only, keep = job
    try:
        return cells, _greedy(_System(sub), hidden, avoid=avoid, progress=None, only=only,
                              release_from=RELEASE_FROM, keep=keep, **opts)
    except ProtectionImpossible as exc:  # named as the whole model numbers them
        raise ProtectionImpossible(cells[exc.cells], exc.reason) from None


def _map_blocks(jobs, opts, processes: int):
    """``(cells, hidden)`` of every block protected on its own, in the order of ``jobs``."""
    if processes <= 1 or len(jobs) < 2:
        for job in jobs:
            yield _one_block(job, opts)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(min(processes, len(jobs)), mp_context=ctx) as pool:
        yield from pool.map(_one_block, jobs, [opts] * len(jobs), chunksize=4)


def choose_hidden(
    model: CellModel,
    *,
    progress: Callable[[str, int, int], None] | None = None,
    time_limit: float | None = None,
    radius: int = 2,
    milp_max_cells: int = 1000,
    max_rounds: int = 8,
    blocks: np.ndarray | None = None,
    avoid: np.ndarray | None = None,
    start: np.ndarray | None = None,
    processes: int = 1,
    only: np.ndarray | None = None,
    tables: Tables | None = None,
) -> np.ndarray:
    """The cells to hide: primaries, cheapest secondaries, and every unpublished cell.

    Returns a bool mask. Guarantee: ``audit(model, result).ok``. Known cells are never hidden.
    ``progress(stage, done, total)`` is called after each MILP (stage ``"round k"``, or
    ``"block k"`` / ``"links k"`` with blocks).
    ``time_limit`` bounds each MILP solve in seconds (the best solution found is used; results
    may then depend on machine speed). ``radius`` is the starting neighbourhood size in relation
    hops; it grows when a primary cannot be protected within it. Neighbourhoods with more than
    ``milp_max_cells`` cells use the LP heuristic (weighted L1 deviations) instead of the MILP:
    still a valid protection, not necessarily the cheapest.

    ``blocks``: optional int label per cell (``-1``: no block). Each block is first protected
    on its own, with only the relations inside it; then the relations between blocks are
    added and every primary they expose is protected again on the whole model (the final
    check is over everything, so the guarantee is the same; blocks only make it fast).
    ``avoid``: cells to hide only as a last resort (see :func:`_greedy`).
    ``start``: cells hidden from the outset (an earlier choice to extend).
    ``processes``: the blocks may be protected in that many processes (the result is the
    same: every block's choice depends on the block alone).
    ``only``: with ``start``, the primaries that ``start`` may leave exposed (new ones); the
    others are protected by ``start`` already, and hiding more keeps them so.
    ``tables``: a :class:`Tables` of the same model to use and add to (a run's later checks
    can then settle most cells without an LP); by default a system too large for one warm LP
    keeps its own.

    Raises :class:`ProtectionImpossible` naming the cells when a primary is known to the reader
    or cannot be protected even when every non-known cell may be hidden.
    """
    S = _System(model)
    S.tables = tables
    S.decide_locally = True
    bad = np.flatnonzero(S.primary & S.known)
    if bad.size:
        raise ProtectionImpossible(bad, "known to the reader")
    avoid = None if avoid is None else np.asarray(avoid, dtype=bool).ravel()
    hidden = (S.primary | ~S.published) & ~S.known
    keep = None
    if start is not None:  # cells hidden already (a choice to extend)
        hidden |= np.asarray(start, dtype=bool).ravel() & ~S.known
        # they stay hidden: a block's check sees its own relations only, and a cell the
        # links needed must not be shown again by a block that does not (with `only`, the
        # links check only the new primaries)
        keep = hidden.copy()
    opts = dict(time_limit=time_limit, radius=radius, milp_max_cells=milp_max_cells,
                max_rounds=max_rounds)
    if blocks is not None:
        blocks = np.asarray(blocks, dtype=np.int64).ravel()
        if blocks.size != S.n:
            raise ValueError(f"blocks must have {S.n} entries")
        labels = np.unique(blocks[blocks >= 0])
        jobs = [(cells, sub, hidden[cells].copy(), None if avoid is None else avoid[cells],
                 None if only is None else only[cells], None if keep is None else keep[cells])
                for _b, cells, sub in _block_models(S, model, blocks)]
        for done, (cells, hb) in enumerate(_map_blocks(jobs, opts, processes), start=1):
            hidden[cells] = hb
            if progress is not None:
                progress("block", done, labels.size)
        if avoid is not None:
            # a last-resort cell a block kept hidden is needed by its block's own relations,
            # and the links only add relations: the links stage releases only what it hides
            avoid = avoid & ~hidden
    return _greedy(S, hidden, avoid=avoid, progress=progress, only=only, keep=keep,
                   stage="links" if blocks is not None else "round", **opts)
