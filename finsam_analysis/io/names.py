"""Team ids are data, never paths: the file name a team's reports and narratives go by.

A team id is whatever a register holds (`Kompassen`, `Team Fjärilen`, even `a/b` or
`../../x`). Everything written to disk is named by `team_slug(id)`: lower-case letters,
digits, `-` and `_` only, at most `MAX_SLUG` characters (a long id keeps its start and gets a
short hash of the whole id, so it stays unique), never empty and never a name that means
something else in a reports folder (`oversikt`, `index`) or to Windows (`con`, `nul`, …).
Two ids that give the same slug — they differ only in case, accents or punctuation — cannot
both have reports, and validation refuses them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 60
RESERVED = {"oversikt", "index", "con", "prn", "aux", "nul",
            *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _digest(team: str) -> str:
    return hashlib.sha256(team.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def team_slug(team: str) -> str:
    """The file name of a team's reports: `Team Fjärilen` → `team-fjarilen`, `a/b` → `a-b`,
    `../../x` → `x`; an id with no letter or digit → `team-<hash>`."""
    text = unicodedata.normalize("NFKD", str(team)).lower()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("æ", "ae").replace("ø", "o").replace("ß", "ss")
    slug = re.sub(r"[^a-z0-9_]+", "-", text).strip("-_")
    if not slug:
        return f"team-{_digest(team)}"
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG - 9].rstrip("-_") + "-" + _digest(team)
    if slug in RESERVED:
        slug += "-team"
    return slug


def is_plain_name(team: str) -> bool:
    """True when an id is also a safe single folder name as written (`kompassen`): then a
    narrative folder of exactly that name is read too."""
    return bool(re.fullmatch(r"[\w][\w .-]{0,99}", team)) and team not in (".", "..") \
        and not team.endswith((".", " "))


def slug_clashes(teams: list[str]) -> dict[str, list[str]]:
    """Slugs that two or more ids share: {slug: [ids]} (empty when all are unique)."""
    by_slug: dict[str, list[str]] = {}
    for team in dict.fromkeys(teams):
        by_slug.setdefault(team_slug(team), []).append(team)
    return {s: ids for s, ids in by_slug.items() if len(ids) > 1}
