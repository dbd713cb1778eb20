"""Reading a data directory into validated, canonical DataFrames.

`load_data(data_dir)` finds each table's file (`participants.csv`, `.xlsx` or `.parquet`, …),
reads every cell as text, maps Swedish headers to the canonical ones of `schema.py`, reads
and checks each column against its declaration (`validate.py`: pandera schemas), and checks
what the spec requires across rows and tables. Every problem in every file is collected into
one `DataError` naming file, row, column, value and what was expected. Input files are only
ever read.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema
from ..errors import DataError, Problem
from ..schema import Table
from .config import Config, load_config
from .dataset import Dataset
from .names import slug_clashes
from .narratives import check_narratives
from .personnummer import find_personnummer, mask, redact, scan_frame
from .read import RawTable, find_table_file, read_raw, unique_map
from .support import check_support, latest_date


class _Collector:
    """Collects problems for one file, naming the file's own header for each column."""

    def __init__(self, raw: RawTable, headers: dict[str, str]):
        self.raw = raw
        self.headers = headers  # canonical → header as written in the file
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.refused: set[tuple[int, str]] = set()
        """(position, header as written) of cells already refused as a whole (a personnummer):
        one problem per cell, so no other check talks about them."""

    def is_refused(self, pos: int, column: str) -> bool:
        return (int(pos), self.headers.get(column, column)) in self.refused

    def col(self, name: str) -> str:
        written = self.headers.get(name, name)
        return name if written == name else f"{name} ({written!r} in the file)"

    def add(self, positions, column: str, message: str, values=None, expected=None,
            warning: bool = False) -> None:
        target = self.warnings if warning else self.problems
        for i, pos in enumerate(positions):
            if self.is_refused(pos, column):
                continue
            value = None if values is None else str(values[i])
            target.append(Problem(self.raw.file, message, self.raw.row(pos), self.col(column),
                                  value, expected))


def _positions(mask: pd.Series) -> np.ndarray:
    return np.asarray(mask.to_numpy(dtype=bool)).nonzero()[0]


PERSONNUMMER_MESSAGE = ("looks like a personnummer; this project never takes one — use a "
                        "pseudonymous participant_id and remove the column or value")
PERSONNUMMER_EXPECTED = "no personal identity numbers"


def _refuse_personnummer_headers(raw: RawTable) -> list[Problem]:
    """A column header holding a personnummer: refused, and renamed to its mask so that no
    later message repeats it."""
    problems, names = [], []
    for written in raw.frame.columns:
        found = find_personnummer(written)
        if found:
            problems.append(Problem(raw.file, "column header " + PERSONNUMMER_MESSAGE,
                                    1 if raw.first_row == 2 else None, redact(written),
                                    mask(found), PERSONNUMMER_EXPECTED))
        name, n = redact(written), 1
        while name in names:  # two headers with one masked number: still two columns
            n += 1
            name = f"{redact(written)} ({n})"
        names.append(name)
    raw.frame.columns = names
    return problems


def normalise(raw: RawTable, table: Table) -> tuple[pd.DataFrame, _Collector]:
    """Map headers to canonical names and parse every known column. Returns frame + problems."""
    header_map = table.header_map
    duplicates: list[Problem] = _refuse_personnummer_headers(raw)
    headers: dict[str, str] = {}
    for written in raw.frame.columns:
        canonical = header_map.get(schema.fold(written))
        if canonical is None:
            continue
        if canonical in headers:  # `sex` and `Sex`, or `sex` and `Kön`
            duplicates.append(Problem(raw.file, f"two columns mean {canonical}",
                                      1 if raw.first_row == 2 else None,
                                      f"{headers[canonical]!r} and {written!r}",
                                      expected="one column for it: remove or rename the other"))
            continue
        headers[canonical] = written
    c = _Collector(raw, headers)
    c.problems.extend(duplicates)
    # Personnummer anywhere, including columns the project does not use. The cell is masked
    # in the frame and no other check reports it: one problem per cell, never the number.
    for pos, column, masked in scan_frame(raw.frame):
        c.problems.append(Problem(
            raw.file, PERSONNUMMER_MESSAGE, raw.row(pos), column, masked, PERSONNUMMER_EXPECTED))
        c.refused.add((pos, column))
        raw.frame.iloc[pos, raw.frame.columns.get_loc(column)] = masked
    # The declared checks of each column (`validate.py`); pandera is imported when a file is
    # read, not by every command that only loads from the cache.
    from .validate import check_columns

    frame, failures = check_columns(
        raw.frame[list(headers.values())].set_axis(list(headers), axis=1), table)
    for name, message, expected, positions in failures:
        if message == "required column is missing":
            c.problems.append(Problem(raw.file, message, column=name, expected=expected))
            continue
        # the cell as written (a required value that is missing has none to show)
        values = None if expected is None else raw.frame[headers[name]].iloc[positions].tolist()
        c.add(positions, name, message, values, expected)
    return frame, c


def check_team_ids(participants: pd.DataFrame, config: Config, c: _Collector) -> list[Problem]:
    """Team ids become file names through `team_slug`; two ids with the same file name (they
    differ only in case, accents or punctuation) are refused, naming both."""
    ids = [*config.teams, *dict.fromkeys(participants["team"].dropna())]
    problems = []
    for slug, clash in slug_clashes(ids).items():
        later = participants["team"] == clash[-1]
        rows = _positions(later)
        problems.append(Problem(
            c.raw.file, "two team ids would share the file name of their reports ("
            f"{slug}): they differ only in case, accents or punctuation",
            c.raw.row(rows[0]) if len(rows) else None, c.col("team"),
            " / ".join(clash), "team ids that differ in their letters or digits"))
    return problems


def _check_duplicates(frame: pd.DataFrame, key: tuple[str, ...], c: _Collector,
                      what: str) -> None:
    keyed = frame[list(key)]
    dup = keyed.duplicated(keep=False) & keyed.notna().all(axis=1)
    if not dup.any():
        return
    first_pos = {}
    for pos in _positions(dup):
        k = tuple(keyed.iloc[pos])
        if k not in first_pos:
            first_pos[k] = pos
            continue
        if any(c.is_refused(pos, col) for col in key):
            continue
        c.problems.append(Problem(
            c.raw.file, f"duplicate {what}: the same as row {c.raw.row(first_pos[k])}",
            c.raw.row(pos), c.col(key[-1] if key[-1] != "months_after_exit" else key[1]),
            " / ".join(str(v) for v in k), f"{' + '.join(key)} unique"))


def _normalise_sex(frame: pd.DataFrame, c: _Collector, expected: str,
                   kept: pd.Series | None = None) -> None:
    """`sex` as `K`, `M` or `unknown`: empty or anything else is unknown (the spec), and an
    unfamiliar word is a warning. Rows outside `kept` get unknown without a warning."""
    raw_sex = frame["sex"].fillna("").astype(str)
    sex = unique_map(raw_sex, lambda v: schema.SEX_WORDS.get(schema.fold(v)))
    odd = sex.isna() & (raw_sex != "")
    if kept is not None:
        odd &= kept
        sex = sex.where(kept)
    c.add(_positions(odd), "sex", "not K or M: counted as unknown sex", raw_sex[odd].tolist(),
          expected, warning=True)
    frame["sex"] = sex.fillna(schema.UNKNOWN).astype(object)


def check_participants(frame: pd.DataFrame, c: _Collector, config: Config) -> pd.DataFrame:
    """Cross-column checks of the participants table; returns the frame with `sex` normalised."""
    _normalise_sex(frame, c, "K (kvinna) or M (man)")

    start, end = frame["start_date"], frame["end_date"]
    before = end.notna() & start.notna() & (end < start)
    c.add(_positions(before), "end_date", "exit date before start date",
          [f"{e:%Y-%m-%d} < {s:%Y-%m-%d}" for e, s in zip(end[before], start[before], strict=True)],
          "end_date on or after start_date")
    reason = frame["exit_reason"]
    no_reason = end.notna() & reason.isna()
    c.add(_positions(no_reason), "exit_reason", "an exit (end_date set) needs an exit reason",
          None, ", ".join(schema.EXIT_REASONS))
    no_end = end.isna() & reason.notna()
    c.add(_positions(no_end), "exit_reason", "exit reason given but no end_date",
          reason[no_end].tolist(), "an end_date, or no exit reason while still active")
    support = frame["work_support"]
    odd_support = support.notna() & (reason != "work")
    c.add(_positions(odd_support), "work_support",
          "work support given for an exit that is not to work; ignored",
          support[odd_support].tolist(), "empty unless exit_reason is work", warning=True)
    other_cat = frame["exit_other_category"]
    odd_cat = other_cat.notna() & (reason != "other")
    c.add(_positions(odd_cat), "exit_other_category",
          "category given for an exit that is not 'other'; ignored",
          other_cat[odd_cat].tolist(), "empty unless exit_reason is other", warning=True)
    frame.loc[odd_support, "work_support"] = None
    frame.loc[odd_cat, "exit_other_category"] = None

    birth = frame["birth_year"]
    age = start.dt.year - birth.astype(float)
    impossible = birth.notna() & ((birth < 1900) | (age < 0) | (age > 110)).fillna(False)
    c.add(_positions(impossible), "birth_year", "impossible birth year",
          birth[impossible].tolist(), "a year between 1900 and the start year")
    unusual = birth.notna() & ~impossible & ((age < 16) | (age > 67)).fillna(False)
    c.add(_positions(unusual), "birth_year", "age at start outside 16–67",
          birth[unusual].tolist(), "an age of working life", warning=True)

    years = frame["years_without_work"]
    bad_years = years.notna() & ((years < 0) | (years > 60))
    c.add(_positions(bad_years), "years_without_work", "impossible time without work",
          years[bad_years].tolist(), "years from 0 to 60")
    frame.loc[bad_years, "years_without_work"] = np.nan

    if config.teams:
        unknown = frame["team"].notna() & ~frame["team"].isin(list(config.teams))
        c.add(_positions(unknown), "team", "team not in config.yml",
              frame["team"][unknown].tolist(), ", ".join(config.teams))
    _check_duplicates(frame, schema.PARTICIPANTS.key, c, "participant_id within the team")
    return frame


def check_followups(frame: pd.DataFrame, c: _Collector, participants: pd.DataFrame,
                    table: Table = schema.FOLLOWUPS) -> pd.DataFrame:
    """Follow-ups: a month of 6/12/18/24, of a known participant who has exited, once each."""
    months = frame["months_after_exit"]
    bad = months.notna() & ~months.isin(list(schema.FOLLOWUP_MONTHS))
    c.add(_positions(bad), "months_after_exit", "not a follow-up time point",
          months[bad].tolist(), ", ".join(map(str, schema.FOLLOWUP_MONTHS)))
    enrolment = _enrolment_of(frame, participants)
    known = enrolment["known"]
    unknown = ~known & frame["participant_id"].notna()
    c.add(_positions(unknown), "participant_id", "no such participant in this team",
          frame["participant_id"][unknown].tolist(), "a participant_id of participants")
    active = known & enrolment["end_date"].isna()
    c.add(_positions(active), "participant_id",
          "follow-up of a participant who has not exited", frame["participant_id"][active].tolist(),
          "an exited participant")
    _check_duplicates(frame, schema.FOLLOWUPS.key, c, "follow-up")
    return frame


MEASUREMENT_GRACE_DAYS = 31
"""A measurement may be dated up to this many days after exit (a closing session); later is an
error, and so is one before enrolment."""


def _enrolment_of(frame: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """start_date and end_date of each row's enrolment (NaT when the participant is unknown)."""
    keys = participants.drop_duplicates(["team", "participant_id"]).set_index(
        ["team", "participant_id"])[["start_date", "end_date"]]
    index = pd.MultiIndex.from_frame(frame[["team", "participant_id"]].astype(object))
    found = keys.reindex(index)
    found.index = frame.index
    found["known"] = index.isin(keys.index)
    return found


def check_measurements(frame: pd.DataFrame, c: _Collector, participants: pd.DataFrame,
                       table: Table) -> pd.DataFrame:
    """ORS/SRS rows: items 0–10 or a total 0–40, a known participant, dated within the
    enrolment (up to `MEASUREMENT_GRACE_DAYS` after exit), one measurement a day."""
    items = list(table.extra["items"])
    for item in items:
        v = frame[item]
        bad = v.notna() & ((v < 0) | (v > 10))
        c.add(_positions(bad), item, "outside the scale", v[bad].tolist(), "0–10")
    total = frame["total"]
    bad = total.notna() & ((total < 0) | (total > 40))
    c.add(_positions(bad), "total", "outside the scale", total[bad].tolist(), "0–40")
    n_items = frame[items].notna().sum(axis=1)
    partial = (n_items > 0) & (n_items < 4) & total.isna()
    c.add(_positions(partial), "total", "some items are missing and no total is given", None,
          f"all four items ({', '.join(items)}) or a total")
    nothing = (n_items == 0) & total.isna()
    c.add(_positions(nothing), "total", "no score: neither items nor a total", None,
          f"all four items ({', '.join(items)}) or a total")
    item_sum = frame[items].sum(axis=1, min_count=4)
    mismatch = item_sum.notna() & total.notna() & ((item_sum - total).abs() > 0.15)
    c.add(_positions(mismatch), "total", "total is not the sum of the items",
          [f"{t:g} ≠ {s:g}" for t, s in zip(total[mismatch], item_sum[mismatch], strict=True)],
          "the sum of the four items")
    frame["score"] = item_sum.where(item_sum.notna(), total).round(6)

    enrolment = _enrolment_of(frame, participants)
    unknown = ~enrolment["known"] & frame["participant_id"].notna()
    c.add(_positions(unknown), "participant_id", "no such participant in this team",
          frame["participant_id"][unknown].tolist(), "a participant_id of participants")
    date = frame["date"]
    early = date.notna() & (date < enrolment["start_date"])
    c.add(_positions(early), "date", "measurement before enrolment",
          [f"{d:%Y-%m-%d} < {s:%Y-%m-%d}" for d, s in
           zip(date[early], enrolment["start_date"][early], strict=True)],
          "on or after start_date")
    late = date.notna() & (date > enrolment["end_date"]
                           + pd.Timedelta(days=MEASUREMENT_GRACE_DAYS))
    c.add(_positions(late), "date", "measurement long after exit",
          [f"{d:%Y-%m-%d} > {e:%Y-%m-%d}" for d, e in
           zip(date[late], enrolment["end_date"][late], strict=True)],
          f"at most {MEASUREMENT_GRACE_DAYS} days after end_date")
    _check_duplicates(frame, table.key, c, "measurement (same participant and date)")
    return frame


def check_questions(frame: pd.DataFrame, c: _Collector) -> pd.DataFrame:
    """The question catalogue: a scale whose lowest answer is below its highest, an agree
    threshold on the scale, one row per question_id. Texts are kept as written."""
    lo, hi, agree = frame["scale_min"], frame["scale_max"], frame["agree_from"]
    bad = lo.notna() & hi.notna() & (lo >= hi)
    c.add(_positions(bad), "scale_max", "scale_max must be above scale_min",
          [f"{a:g}..{b:g}" for a, b in zip(lo[bad], hi[bad], strict=True)], "scale_min < scale_max")
    off = agree.notna() & lo.notna() & hi.notna() & ((agree <= lo) | (agree > hi))
    c.add(_positions(off), "agree_from", "not on the scale above its lowest answer",
          agree[off].tolist(), "scale_min < agree_from ≤ scale_max")
    _check_duplicates(frame, schema.SURVEY_QUESTIONS.key, c, "question_id")
    return frame


def _known_teams(config: Config, participants: pd.DataFrame) -> set[str]:
    return set(config.teams) if config.teams else set(participants["team"].dropna())


def check_responses(frame: pd.DataFrame, c: _Collector, questions: pd.DataFrame | None,
                    teams: set[str]) -> pd.DataFrame:
    """Answers: a known question asked of this respondent group, a number on its scale (or
    empty / "vet ej" for no answer), a known team, sex only for participants."""
    raw = frame["answer"].fillna("").astype(str)
    no_answer = unique_map(raw, lambda v: schema.fold(v) in schema.NO_ANSWER_WORDS) \
        .astype(bool) | (raw == "")
    number = pd.to_numeric(raw.str.replace(",", ".", regex=False).where(~no_answer),
                           errors="coerce")
    bad = number.isna() & ~no_answer
    c.add(_positions(bad), "answer", "not a number", raw[bad].tolist(),
          "a number on the question's scale, or empty for no answer")
    frame["answer"] = number.astype(float)

    unknown_team = frame["team"].notna() & ~frame["team"].isin(list(teams))
    c.add(_positions(unknown_team), "team", "unknown team", frame["team"][unknown_team].tolist(),
          ", ".join(sorted(teams)))

    is_participant = frame["respondent_group"].isin(["participant", "participant_exit"])
    given = frame["sex"].fillna("").astype(str) != ""
    others = given & ~is_participant & frame["respondent_group"].notna()
    c.add(_positions(others), "sex", "sex is only kept for participants; ignored",
          frame["sex"][others].tolist(), "empty for this respondent group", warning=True)
    _normalise_sex(frame, c, "K, M or empty", kept=is_participant)

    if questions is None:
        c.problems.append(Problem(c.raw.file, "answers without a question catalogue",
                                  expected="survey_questions.csv beside it"))
        return frame
    catalogue = questions.drop_duplicates("question_id").set_index("question_id")
    qid = frame["question_id"]
    unknown_q = qid.notna() & ~qid.isin(catalogue.index)
    c.add(_positions(unknown_q), "question_id", "no such question in survey_questions",
          qid[unknown_q].tolist(), "a question_id of survey_questions")
    known = qid.isin(catalogue.index)
    asked_of = qid.map(catalogue["respondent_group"])
    wrong = known & frame["respondent_group"].notna() & (asked_of != frame["respondent_group"])
    c.add(_positions(wrong), "respondent_group", "question is not asked of this group",
          [f"{g} ({q})" for g, q in zip(frame["respondent_group"][wrong], qid[wrong],
                                        strict=True)],
          "the question's respondent_group in survey_questions")
    lo, hi = qid.map(catalogue["scale_min"]), qid.map(catalogue["scale_max"])
    outside = known & number.notna() & ((number < lo) | (number > hi))
    c.add(_positions(outside), "answer", "outside the question's scale",
          [f"{v:g} (scale {a:g}–{b:g})" for v, a, b in
           zip(number[outside], lo[outside], hi[outside], strict=True)],
          "an answer on the scale")
    _check_duplicates(frame, schema.SURVEY_RESPONSES.key, c, "answer")
    return frame


def check_invited(frame: pd.DataFrame, c: _Collector, teams: set[str]) -> pd.DataFrame:
    invited = frame["invited"]
    neg = invited.notna() & (invited < 0)
    c.add(_positions(neg), "invited", "negative count", invited[neg].tolist(), "0 or more")
    unknown_team = frame["team"].notna() & ~frame["team"].isin(list(teams))
    c.add(_positions(unknown_team), "team", "unknown team", frame["team"][unknown_team].tolist(),
          ", ".join(sorted(teams)))
    _check_duplicates(frame, schema.SURVEY_INVITED.key, c, "invited count")
    return frame


def check_health(frame: pd.DataFrame, c: _Collector, participants: pd.DataFrame
                 ) -> pd.DataFrame:
    """Health forms: answers 1–5, a known participant, one form per occasion."""
    for q in schema.HEALTH_QUESTIONS:
        v = frame[q]
        bad = v.notna() & ((v < 1) | (v > 5))
        c.add(_positions(bad), q, "outside the answers", v[bad].tolist(),
              "1 (best) to 5 (worst), or empty")
    unknown = ~_enrolment_of(frame, participants)["known"] & frame["participant_id"].notna()
    c.add(_positions(unknown), "participant_id", "no such participant in this team",
          frame["participant_id"][unknown].tolist(), "a participant_id of participants")
    _check_duplicates(frame, schema.HEALTH.key, c, "health form (same participant and occasion)")
    return frame


def check_staff(frame: pd.DataFrame, c: _Collector, teams: set[str]) -> pd.DataFrame:
    """Staff lists: a role on every row, FTE above 0 and at most 1, a known team."""
    fte = frame["fte"]
    bad = fte.notna() & ((fte <= 0) | (fte > 1))
    c.add(_positions(bad), "fte", "FTE out of range", fte[bad].tolist(),
          "a share of full time above 0 and at most 1 (0,5 = half time)")
    unknown = frame["team"].notna() & ~frame["team"].isin(list(teams))
    c.add(_positions(unknown), "team", "unknown team", frame["team"][unknown].tolist(),
          ", ".join(sorted(teams)))
    birth = frame["birth_year"]
    age = frame["valid_from"].dt.year - birth.astype(float)
    impossible = birth.notna() & ((birth < 1900) | (age < 15) | (age > 90)).fillna(False)
    c.add(_positions(impossible), "birth_year", "impossible birth year for a member of staff",
          birth[impossible].tolist(), "a year that makes the person 15 to 90 years old on "
          "valid_from")
    frame.loc[impossible, "birth_year"] = pd.NA
    _normalise_sex(frame, c, "K, M or empty")
    return frame


def check_budget(frame: pd.DataFrame, c: _Collector, teams: set[str]) -> pd.DataFrame:
    """Budget rows: a tertial or half-year name, amounts of 0 or more, one row per period."""
    from ..periods import PeriodError, parse_period

    kinds = []
    for value in frame["period"]:
        try:
            kinds.append(parse_period(value).kind if value else None)
        except PeriodError:
            kinds.append("bad")
    kind = pd.Series(kinds, index=frame.index)
    bad = frame["period"].notna() & ~kind.isin(["tertial", "half"])
    c.add(_positions(bad), "period", "not a tertial or half-year", frame["period"][bad].tolist(),
          "a tertial (2021T1) or half-year (2021H1)")
    frame.loc[~bad & frame["period"].notna(), "period"] = [
        v.strip().upper() for v in frame.loc[~bad & frame["period"].notna(), "period"]]
    for col in ("budget_sek", "spent_sek"):
        v = frame[col]
        neg = v.notna() & (v < 0)
        c.add(_positions(neg), col, "negative amount", v[neg].tolist(), "0 or more (SEK)")
    unknown = frame["team"].notna() & ~frame["team"].isin(list(teams))
    c.add(_positions(unknown), "team", "unknown team", frame["team"][unknown].tolist(),
          ", ".join(sorted(teams)))
    _check_duplicates(frame, schema.BUDGET.key, c, "budget row (same team and period)")
    return frame


def _empty(table: Table) -> pd.DataFrame:
    return pd.DataFrame({c.name: pd.Series(dtype="datetime64[ns]" if c.kind == "date"
                                           else object) for c in table.columns})


KEY_TEXT = ("team", "participant_id", "question_id")
"""Text columns that are never empty and are joined and filtered on all the time: kept as
pandas' Arrow-backed `str`, which compares and hashes many times faster than Python objects."""


def _missing_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing text is None in every text column (not a mix of None and NaN); the key columns
    are `str`."""
    for col in frame.columns:
        if col in KEY_TEXT:
            frame[col] = frame[col].astype("str")
        elif frame[col].dtype == object:
            frame[col] = frame[col].where(frame[col].notna(), None)
    return frame


def _missing_columns(c: _Collector) -> bool:
    return any(p.message == "required column is missing" for p in c.problems)


def load_table(path: Path, table: Table) -> tuple[pd.DataFrame, _Collector]:
    raw = read_raw(path)
    frame, c = normalise(raw, table)
    return frame, c


_LOADED: dict[Path, tuple[str, Dataset]] = {}
"""The data set this process loaded last, with the fingerprint of its files' content: a
worker making one report after another (a warm kernel) reads the data once, not once per
report."""


def load_data(data_dir: str | Path, cache: bool = True) -> Dataset:
    """Load and validate a data directory. Raises `DataError` listing every problem found.

    A directory that passed once is read from the cache (`cache.py`) until one of its files
    changes; `cache=False` reads and checks everything again.

    Tables: `participants` (required); `followups`, `ors`, `srs` (optional), each as .csv,
    .xlsx or .parquet; `config.yml` optional. Nothing is computed before the whole directory passes.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(Problem(str(data_dir), "no such data directory"))
    if cache:
        from . import cache as cache_mod

        if not cache_mod.enabled():
            return load_data(data_dir, cache=False)
        signature = cache_mod.fingerprint(data_dir)  # content, not dates: a file may change
        held = _LOADED.get(data_dir.resolve())
        if held is not None and held[0] == signature:
            return held[1]
        cached = cache_mod.read(data_dir)
        if cached is None:
            cached = load_data(data_dir, cache=False)
            cache_mod.write(cached)
        _LOADED.clear()  # one data set held at a time
        _LOADED[data_dir.resolve()] = (signature, cached)
        return cached
    config_path = next((data_dir / n for n in ("config.yml", "config.yaml")
                        if (data_dir / n).exists()), None)
    problems: list[Problem] = []
    try:
        config = load_config(config_path)
    except DataError as exc:
        problems.extend(exc.problems)
        config = Config()

    warnings: list[Problem] = []
    files: dict[str, str] = {}
    path = find_table_file(data_dir, "participants")
    if path is None:
        raise DataError([*problems, Problem(
            str(data_dir), "no participants table",
            expected="participants.csv, participants.xlsx or participants.parquet")])
    files["participants"] = path.name
    participants, c = load_table(path, schema.PARTICIPANTS)
    participants_ok = not _missing_columns(c)
    if participants.empty:
        c.problems.append(Problem(path.name, "no participants: the file has no rows below its "
                                  "header", expected="one row per enrolment"))
        participants_ok = False
    if participants_ok:
        participants = check_participants(participants, c, config)
    problems += c.problems
    warnings += c.warnings

    teams = _known_teams(config, participants) if participants_ok else set()
    if participants_ok:
        problems += check_team_ids(participants, config, c)

    def needs_participants(check):
        return lambda f, tc, got: check(f, tc, participants) if participants_ok else f

    checks = {  # table → its check, given what was loaded before it
        "followups": needs_participants(check_followups),
        "ors": needs_participants(lambda f, tc, p: check_measurements(f, tc, p, schema.ORS)),
        "srs": needs_participants(lambda f, tc, p: check_measurements(f, tc, p, schema.SRS)),
        "survey_questions": lambda f, tc, got: check_questions(f, tc),
        "survey_responses": lambda f, tc, got: check_responses(
            f, tc, got.get("survey_questions"), teams),
        "survey_invited": lambda f, tc, got: check_invited(f, tc, teams),
        "health": needs_participants(check_health),
        "staff": lambda f, tc, got: check_staff(f, tc, teams),
        "budget": lambda f, tc, got: check_budget(f, tc, teams),
        "support": lambda f, tc, got: check_support(
            f, tc, participants, config.socioeconomic,
            latest_date(participants, got.get("ors"), got.get("srs"))) if participants_ok else f,
    }
    optional: dict[str, pd.DataFrame | None] = {}
    for name, check in checks.items():
        path = find_table_file(data_dir, name)
        if path is None:
            optional[name] = None
            continue
        files[name] = path.name
        frame, tc = load_table(path, schema.TABLES[name])
        if not _missing_columns(tc):
            frame = check(frame, tc, optional)
        problems += tc.problems
        warnings += tc.warnings
        optional[name] = frame

    found, warned = check_narratives(data_dir)
    problems += found
    warnings += warned

    if problems:
        raise DataError(problems)
    participants = _missing_as_none(participants.reset_index(drop=True))
    for name, frame in optional.items():
        if frame is None:
            continue
        frame = _missing_as_none(frame.reset_index(drop=True))
        for col in ("months_after_exit", "survey_year", "invited"):
            if col in frame:
                frame[col] = frame[col].astype(int)
        if name in ("ors", "srs"):
            frame = frame.sort_values(["team", "participant_id", "date"],
                                      kind="stable").reset_index(drop=True)
        optional[name] = frame
    return Dataset(data_dir, participants, config, warnings=warnings, files=files, **optional)


def participants_frame(records: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Build a canonical participants frame from hand-written records (tests, notebooks).

    Dates may be strings; missing columns are filled as empty. Codes must be canonical.
    """
    frame = pd.DataFrame(records)
    for col in schema.PARTICIPANTS.columns:
        if col.name not in frame:
            frame[col.name] = None
        if col.kind == "date":
            frame[col.name] = pd.to_datetime(frame[col.name]).astype("datetime64[ns]")
    frame["sex"] = frame["sex"].map(lambda s: s if s in schema.SEXES else schema.UNKNOWN)
    frame["years_without_work"] = pd.to_numeric(frame["years_without_work"]).astype(float)
    frame["birth_year"] = pd.to_numeric(frame["birth_year"]).astype("Int64")
    return frame[[c.name for c in schema.PARTICIPANTS.columns]]
