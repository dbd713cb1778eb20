"""The disclosure policy: who a report is for and what it may therefore show.

One `Policy` is made where a run begins — the command line's `--audience`, the notebook's
`audience` parameter, the batch — from the audience and the association's settings, and it
is the one thing every table, chart, text and file consults about what to hide: whether the
reader is external, the primary threshold (counts 1..threshold), the smallest base a share
or mean may rest on, and which counts are sensitive (`protect`). Nothing below the edge reads
these from the settings or compares audience names itself.

A plain audience name is accepted wherever a policy is (`present(t, "outcomes",
"external")` in a notebook): `policy_of` turns it into the policy the settings give.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..io.config import PROTECT_MODES, Settings

AUDIENCES = ("external", "internal")
"""`external`: anyone outside the team (boards, co-assessors, the public): small counts and
what would give them back are hidden. `internal`: the team itself, every figure."""


@dataclass(frozen=True)
class Policy:
    """What a report's reader may see (SPEC.md, "Privacy in reports")."""

    audience: str = "external"
    threshold: int = 3
    """Counts from 1 to this are primary cells (hidden, external)."""
    min_base: int = 5
    """A share or mean resting on fewer people is hidden (external)."""
    protect: str = "outcomes"
    """`outcomes`: the sensitive counts are primary; `all_counts`: every count is."""

    def __post_init__(self):
        if self.audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {AUDIENCES}, not {self.audience!r}")
        if self.protect not in PROTECT_MODES:
            raise ValueError(f"protect must be one of {PROTECT_MODES}, not {self.protect!r}")
        for name in ("threshold", "min_base"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number of at least 0, not {value!r}")

    @property
    def external(self) -> bool:
        """The reader is outside the team: the report is protected."""
        return self.audience == "external"

    @property
    def all_counts(self) -> bool:
        """Every count of 1..threshold is primary, not only the sensitive ones."""
        return self.protect == "all_counts"

    def small(self, n: float) -> bool:
        """`n` is a count an external reader must not see (1..threshold)."""
        return self.external and 1 <= n <= self.threshold

    def __str__(self) -> str:
        return self.audience

    @classmethod
    def from_settings(cls, audience: str, settings: Settings | None = None) -> Policy:
        """The policy for `audience` under an association's settings."""
        s = settings or Settings()
        return cls(audience, s.suppression_threshold, s.min_base, s.protect)


def policy_of(audience: Policy | str, settings: Settings | None = None) -> Policy:
    """`audience` itself when it is a policy; for an audience name, the settings' policy."""
    if isinstance(audience, Policy):
        return audience
    return Policy.from_settings(audience, settings)
