"""The teams' own words: `narratives/<team>/<period>.md` in the data directory.

One level-2 heading per field of the nine-field model (and optionally `## Sammanfattning`),
e.g. `## Deltagarna – förutsättningar`; under each the team's description, analysis,
assessment and proposals (the policy's four parts). An external co-assessor's comments go in
`narratives/<team>/<period>.co-assessor.md`. A period name with a slash (`2021/22`) is written
with a hyphen in file names (`2021-22.md`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..periods import Period, parse_period
from ..schema import fold

ROWS = (("deltagarna", "Deltagarna"), ("personalen", "Personalen"),
        ("organisationen", "Organisationen"))
COLUMNS = (("forutsattningar", "Förutsättningar"), ("genomforande", "Genomförande och process"),
           ("resultat", "Resultat och effekter"))
STEMS = {"deltagarna": "deltagar", "personalen": "personal", "organisationen": "organisation"}
FIELDS = tuple((f"{r}_{c}", f"{rl} – {cl.lower()}") for r, rl in ROWS for c, cl in COLUMNS)
"""The nine fields: key (`deltagarna_forutsattningar` …) and Swedish heading."""


def period_slug(period: Period | str) -> str:
    """The period as it stands in file and folder names: `2021/22` → `2021-22`."""
    return parse_period(period).name.replace("/", "-")


def field_key(heading: str) -> str | None:
    """The field a heading names (`Deltagarna – Förutsättningar` → `deltagarna_forutsattningar`),
    `summary` for Sammanfattning, None for anything else."""
    f = fold(heading)
    if f.startswith("sammanfattning"):
        return "summary"
    row = next((r for r, _ in ROWS if STEMS[r] in f), None)
    col = next((c for c, _ in COLUMNS if c in f), None)
    return f"{row}_{col}" if row and col else None


@dataclass
class Narrative:
    """The text of each field (Markdown), what the file held that matched no field, and the
    co-assessor's comments."""

    path: Path
    fields: dict[str, str] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    co_assessor: str | None = None

    @property
    def exists(self) -> bool:
        return self.path.exists()


_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.MULTILINE)


def parse(text: str) -> tuple[dict[str, str], list[str]]:
    """Split a narrative file at its level-2 headings into the fields they name."""
    fields: dict[str, str] = {}
    unmatched: list[str] = []
    matches = list(_HEADING.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[m.end():end].strip()
        key = field_key(m.group(1))
        if key is None:
            unmatched.append(m.group(1))
            continue
        fields[key] = (fields[key] + "\n\n" + body).strip() if key in fields else body
    return fields, unmatched


def load_narrative(data_dir: str | Path, team: str, period: Period | str) -> Narrative:
    """The narrative of a team and period; a missing file gives an empty `Narrative`."""
    folder = Path(data_dir) / "narratives" / team
    slug = period_slug(period)
    path = folder / f"{slug}.md"
    out = Narrative(path)
    if path.exists():
        out.fields, out.unmatched = parse(path.read_text(encoding="utf-8"))
    co = folder / f"{slug}.co-assessor.md"
    if co.exists():
        out.co_assessor = co.read_text(encoding="utf-8").strip()
    return out
