"""The teams' own words: `narratives/<team>/<period>.md` in the data directory.

One level-2 heading per field of the nine-field model (and optionally `## Sammanfattning`),
e.g. `## Deltagarna – förutsättningar`; under each the team's description, analysis,
assessment and proposals (the policy's four parts). An external co-assessor's comments go in
`narratives/<team>/<period>.co-assessor.md`. A period name with a slash (`2021/22`) is written
with a hyphen in file names (`2021-22.md`).

The folder of a team is its id when the id is a plain folder name (`kompassen`), else the
id's slug (`io/names.py`): an id is never used as a path. A narrative may be saved in UTF-8 or
Windows-1252 (decided per file). `check_narratives` is what validation says about them: a
personnummer, a remote image, a file in two encodings or too large is refused with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Problem
from ..periods import Period, parse_period
from ..schema import fold
from .names import is_plain_name, team_slug
from .personnummer import scan_lines
from .read import decode_text

MAX_NARRATIVE_BYTES = 1024 * 1024
"""A narrative is a few pages of text; a larger file is not one."""

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


def team_folder(data_dir: str | Path, team: str) -> Path:
    """`narratives/<folder>` of a team: the id itself when it is a plain folder name and such a
    folder exists, else the id's slug. Always inside `narratives/`."""
    base = Path(data_dir) / "narratives"
    if is_plain_name(team) and (base / team).is_dir():
        return base / team
    return base / team_slug(team)


def read_narrative_text(path: Path, data_dir: str | Path | None = None) -> str:
    """A narrative file as text, UTF-8 or Windows-1252 (per file); too large is refused."""
    name = str(path.relative_to(data_dir)) if data_dir else path.name
    size = path.stat().st_size
    if size > MAX_NARRATIVE_BYTES:
        raise DataError(Problem(name, "too large for a narrative", value=f"{size} bytes",
                                expected=f"at most {MAX_NARRATIVE_BYTES // 1024} KB"))
    return decode_text(path.read_bytes(), name)


def load_narrative(data_dir: str | Path, team: str, period: Period | str) -> Narrative:
    """The narrative of a team and period; a missing file gives an empty `Narrative`."""
    folder = team_folder(data_dir, team)
    slug = period_slug(period)
    path = folder / f"{slug}.md"
    out = Narrative(path)
    if path.is_file():
        out.fields, out.unmatched = parse(read_narrative_text(path, data_dir))
    co = folder / f"{slug}.co-assessor.md"
    if co.is_file():
        out.co_assessor = read_narrative_text(co, data_dir).strip()
    return out


_REMOTE = r"(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)"
_INLINE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?\s*" + _REMOTE)
_REF_DEF = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?\s*" + _REMOTE, re.MULTILINE)
_REF_IMAGE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?")
_RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>]*)?/?>")


def check_narrative_text(text: str, name: str) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of one narrative's text: a personnummer or an image from the
    network is refused with its line; raw HTML is a warning (it is shown as text)."""
    problems = [Problem(name, "looks like a personnummer; a report never shows one",
                        value=masked, line=line, expected="no personal identity numbers")
                for line, masked in scan_lines(text)]
    warnings: list[Problem] = []
    remote_refs = {fold(m.group(1)) for m in _REF_DEF.finditer(text)}
    for number, line in enumerate(text.splitlines(), start=1):
        remote = bool(_INLINE_IMAGE.search(line)) or any(
            fold(m.group(2) or m.group(1)) in remote_refs for m in _REF_IMAGE.finditer(line))
        if remote:
            problems.append(Problem(
                name, "an image from another address: a report must open without the network "
                "and shows no images from a narrative", line=number,
                expected="no ![…](http…) images; describe it in words or link to it"))
        if _RAW_HTML.search(line):
            warnings.append(Problem(
                name, "HTML in a narrative is not rendered: it is shown as text", line=number,
                expected="Markdown (## headings, lists, *emphasis*, [links](https://…))"))
    return problems, warnings


def check_narratives(data_dir: str | Path) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of every narrative file in `data_dir/narratives/`."""
    base = Path(data_dir) / "narratives"
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if not base.is_dir():
        return problems, warnings
    for path in sorted(base.rglob("*.md")):
        if not path.is_file():
            continue
        name = path.relative_to(Path(data_dir)).as_posix()
        try:
            text = read_narrative_text(path, data_dir)
        except DataError as exc:
            problems += [Problem(name, p.message, p.row, p.column, p.value, p.expected, p.line)
                         for p in exc.problems]
            continue
        found, warned = check_narrative_text(text, name)
        problems += found
        warnings += warned
    return problems, warnings
