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
The team's own words never vanish: a level-2 heading that names no field is kept as a
`Section`, shown in the report's introduction (Inledning, Programteori, Verksamhetslogik …)
or under Övrigt at the end, and `finsam validate` lists it with file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Problem
from ..periods import Period, parse_period, parse_slug
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
    return parse_period(period).slug


def field_key(heading: str) -> str | None:
    """The field a heading names (`Deltagarna – Förutsättningar` → `deltagarna_forutsattningar`),
    `summary` for Sammanfattning, None for anything else."""
    f = fold(heading)
    if f.startswith("sammanfattning"):
        return "summary"
    row = next((r for r, _ in ROWS if STEMS[r] in f), None)
    col = next((c for c, _ in COLUMNS if c in f), None)
    return f"{row}_{col}" if row and col else None


INTRODUCTION_WORDS = ("inledning", "introduktion", "programteori", "verksamhetslogik",
                      "forandringsteori", "bakgrund", "syfte", "forord", "om_teamet",
                      "om_insatsen")
"""Headings (folded) that begin with one of these introduce the report: they are shown as
its introduction, before the nine fields."""
OTHER_WORDS = ("ovrigt", "ovriga", "ovrig")


@dataclass
class Section:
    """A part of a narrative under a heading that is not one of the nine fields.

    `place`: `introduction` (shown before the fields) or `other` (the Övrigt section at the
    end). `line`: the heading's line in the file (1 = first); 0 for text before any heading.
    """

    heading: str
    body: str
    line: int
    place: str


@dataclass
class Narrative:
    """The text of each field (Markdown), the sections under other headings (shown in the
    introduction or under Övrigt, never dropped), and the co-assessor's comments."""

    path: Path
    fields: dict[str, str] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    co_assessor: str | None = None
    sections: list[Section] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return self.path.exists()

    @property
    def introduction(self) -> list[Section]:
        return [x for x in self.sections if x.place == "introduction"]

    @property
    def other(self) -> list[Section]:
        return [x for x in self.sections if x.place == "other"]


_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TITLE = re.compile(r"^#\s+.*$", re.MULTILINE)
_ANY_HEADING = re.compile(r"^#{1,6}\s.*$", re.MULTILINE)


def placement(heading: str) -> str:
    """Where a heading that names no field is shown: `introduction` for Inledning,
    Programteori, Verksamhetslogik and the like, else `other` (Övrigt)."""
    f = fold(heading)
    return "introduction" if f.startswith(INTRODUCTION_WORDS) else "other"


def clean(body: str) -> str:
    """A body without HTML comments (the template's support questions); empty when only
    headings are left (a template not filled in shows the placeholder, not empty headings)."""
    body = _COMMENT.sub("", body).strip()
    return body if _ANY_HEADING.sub("", body).strip() else ""


def parse_sections(text: str) -> tuple[dict[str, str], list[Section]]:
    """Split a narrative at its level-2 headings: the fields they name, and every other
    heading's text as a `Section` with its line. Text before the first heading (apart from a
    level-1 title and comments) is part of the introduction."""
    fields: dict[str, str] = {}
    sections: list[Section] = []
    # A heading inside a comment is no heading; lines keep their numbers.
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    matches = list(_HEADING.finditer(text))
    first = matches[0].start() if matches else len(text)
    preamble = clean(_TITLE.sub("", text[:first]))
    if preamble:
        sections.append(Section("", preamble, 0, "introduction"))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = clean(text[m.end():end])
        heading = m.group(1)
        key = field_key(heading)
        if key is None:
            line = text.count("\n", 0, m.start()) + 1
            sections.append(Section(heading, body, line, placement(heading)))
            continue
        if body:
            fields[key] = (fields[key] + "\n\n" + body).strip() if key in fields else body
    return fields, sections


def parse(text: str) -> tuple[dict[str, str], list[str]]:
    """Split a narrative file at its level-2 headings into the fields they name, and the
    headings that name none."""
    fields, sections = parse_sections(text)
    return fields, [x.heading for x in sections if x.line]


def narrative_path(data_dir: str | Path, team: str, period: Period | str) -> Path:
    """`DATA_DIR/narratives/<team folder>/<period>.md` (the folder: `team_folder`)."""
    return team_folder(data_dir, team) / f"{period_slug(period)}.md"


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
        out.fields, out.sections = parse_sections(read_narrative_text(path, data_dir))
        out.unmatched = [x.heading for x in out.sections if x.line]
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


def unplaced_headings(data_dir: str | Path, teams: list[str] | None = None) -> list[str]:
    """What `finsam validate` says about `narratives/`: every heading not placed in one of
    the nine fields (file and line, and where the report shows it instead), and files or
    folders the reports will never read (an unknown team, a name that is not a period)."""
    from ..periods import PeriodError

    root = Path(data_dir) / "narratives"
    if not root.is_dir():
        return []
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if teams is not None and folder.name not in teams:
            out.append(f"narratives/{folder.name}/: no team {folder.name!r} in the data; its "
                       "texts are not used")
        for path in sorted(folder.glob("*.md")):
            where = f"narratives/{folder.name}/{path.name}"
            stem = path.name.removesuffix(".md").removesuffix(".co-assessor")
            try:
                parse_slug(stem)
            except PeriodError:
                out.append(f"{where}: the file name is not a period (e.g. 2021H2.md, "
                           "2021-22.md); it is not used")
                continue
            if path.name.endswith(".co-assessor.md"):
                continue
            try:
                text = read_narrative_text(path, data_dir)
            except DataError:
                continue  # said by check_narratives
            _, sections = parse_sections(text)
            for x in sections:
                if not x.line:
                    continue
                shown = ("shown in the report's introduction" if x.place == "introduction"
                         else "shown under Övrigt at the end of the report")
                out.append(f"{where}:{x.line}: heading {x.heading!r} is not one of the nine "
                           f"fields or Sammanfattning; {shown}")
    return out


def write_new(path: Path, text: str) -> Path:
    """Write a new file; never overwrite one (raises `FileExistsError`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as f:
        f.write(text)
    return path
