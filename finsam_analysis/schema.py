"""Canonical tables, columns and codes, and the Swedish words accepted for them on input.

This module is the one source of truth for what a data directory may hold. Loading
(`load.py`) normalises headers and code words through the synonym maps here, and checks each
column with the pandera schemas `io/validate.py` makes from the declarations here;
presentation (`labels.py`) maps the canonical codes back to Swedish display labels.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# --- codes -----------------------------------------------------------------------------------

SEXES = ("K", "M")
"""Canonical sex codes: K = kvinna, M = man. Anything else (or empty) is unknown."""
UNKNOWN = "unknown"
"""The group name for participants whose sex is not given (*okänt*)."""
TOTAL = "total"

EXIT_REASONS = (
    "work",
    "studies",
    "vocational_rehab",
    "medical_rehab",
    "sickness_compensation",
    "other",
)
"""The six outcome codes (avslutsorsak), in the policy's column order."""
POSITIVE_REASONS = ("work", "studies", "vocational_rehab")
"""The policy's green columns: together the positive outcome (positivt utfall)."""

OUTCOME_COUNTS = ("active", "exits", "dropouts", *EXIT_REASONS, "active_at_end", "positive")
"""The count columns of the outcome table, in the policy's order (the one registry: the
outcome table, its presentation, the CLI's CSV and disclosure control all use it)."""

WORK_SUPPORT = ("with_support", "without_support")
REFERRERS = ("af", "fk", "municipality", "region", "other")
FOLLOWUP_MONTHS = (6, 12, 18, 24)
FOLLOWUP_STATUSES = (*EXIT_REASONS, "unknown")

AGE_GROUPS = (("16-24", 16, 24), ("25-29", 25, 29), ("30-39", 30, 39), ("40-49", 40, 49),
              ("50-64", 50, 64))
"""Age at start (start year − birth year) in the spec's groups; outside them: `other_age`."""


def fold(text: str) -> str:
    """Normalise a header or code word for matching: lower case, no accents, `_` for gaps.

    `"Avslutsorsak "` → `avslutsorsak`, `"Arbetslivsinriktad rehab"` → `arbetslivsinriktad_rehab`,
    `"Kön"` → `kon`.
    """
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s\-./]+", "_", text).strip("_")


def _folded(mapping: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Invert {canonical: (synonyms…)} into {folded synonym: canonical}, canonical included."""
    out: dict[str, str] = {}
    for canonical, words in mapping.items():
        for word in (canonical, *words):
            out[fold(word)] = canonical
    return out


SEX_WORDS = _folded({
    "K": ("kvinna", "kvinnor", "kv", "f", "female", "woman", "women", "w"),
    "M": ("man", "män", "male", "men"),
})
"""Words read as a sex code. Other non-empty values count as unknown (a warning, not an error)."""

EXIT_REASON_WORDS = _folded({
    "work": ("arbete", "i arbete", "jobb", "anställning"),
    "studies": ("studier", "i studier", "utbildning"),
    "vocational_rehab": (
        "arbetslivsinriktad rehab", "arbetslivsinriktad rehabilitering",
        "annan arbetslivsinriktad rehab", "annan arbetslivsinriktad rehabilitering",
        "till annan arbetslivsinriktad rehab", "fortsatt arbetslivsinriktad rehabilitering",
        "arbetslivsinriktad_rehab",
    ),
    "medical_rehab": ("medicinsk rehab", "medicinsk rehabilitering", "till medicinsk rehab"),
    "sickness_compensation": ("sjukersättning", "till sjukersättning", "sjukersattning"),
    "other": ("annat", "annan", "övrigt", "till annat"),
})

WORK_SUPPORT_WORDS = _folded({
    "with_support": ("med stöd", "stöd", "ja", "med anställningsstöd", "subventionerad"),
    "without_support": ("utan stöd", "nej", "utan anställningsstöd", "osubventionerad"),
})

REFERRER_WORDS = _folded({
    "af": ("arbetsförmedlingen", "arbetsformedlingen"),
    "fk": ("försäkringskassan", "forsakringskassan"),
    "municipality": ("kommun", "kommunen", "socialtjänsten", "kommune"),
    "region": ("regionen", "vården", "hälso- och sjukvården", "landsting"),
    "other": ("annan", "annat", "övrig", "övriga", "egen"),
})

FOLLOWUP_STATUS_WORDS = {**EXIT_REASON_WORDS, **_folded({"unknown": ("okänt", "okänd", "vet ej")})}


# --- tables ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One canonical column: its kind, whether a file must have it, and accepted headers."""

    name: str
    kind: str  # "text", "date", "int", "number", or "code"
    required: bool = False
    synonyms: tuple[str, ...] = ()
    codes: dict[str, str] | None = None  # folded word → canonical code, for kind "code"
    nullable: bool = True


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def header_map(self) -> dict[str, str]:
        """Folded header (canonical name or synonym) → canonical column name."""
        out: dict[str, str] = {}
        for col in self.columns:
            for word in (col.name, *col.synonyms):
                out[fold(word)] = col.name
        return out


PARTICIPANTS = Table(
    "participants",
    (
        Column("participant_id", "text", True, (
            "deltagar_id", "deltagarid", "deltagare", "deltagarnummer", "löpnummer", "id",
            "deltagar-id", "kodnummer"), nullable=False),
        Column("team", "text", True, ("verksamhet", "insats", "team_id"), nullable=False),
        Column("sex", "text", True, ("kön", "kon", "kön (k/m)")),
        Column("birth_year", "int", False, ("födelseår", "fodelsear", "född", "födelse_år")),
        Column("start_date", "date", True, (
            "startdatum", "inskrivningsdatum", "inskriven", "inskrivning", "start",
            "datum för inskrivning"), nullable=False),
        Column("end_date", "date", True, (
            "slutdatum", "avslutsdatum", "avslutad", "avslut", "utskrivningsdatum",
            "datum för avslut")),
        Column("exit_reason", "code", True, (
            "avslutsorsak", "avslutsanledning", "orsak till avslut", "utfall", "avslutad till"),
            EXIT_REASON_WORDS),
        Column("work_support", "code", False, (
            "stöd", "arbete med stöd", "anställningsstöd", "arbetsstöd", "med eller utan stöd"),
            WORK_SUPPORT_WORDS),
        Column("exit_other_category", "text", False, (
            "annat_kategori", "kategori annat", "annat, kategori", "annat kategori", "annan orsak",
            "orsak annat")),
        Column("years_without_work", "number", False, (
            "år utan arbete", "år utan arbete eller studier", "tid utan arbete",
            "tid utan arbete eller studier", "år_utan_arbete", "ar_utan_arbete")),
        Column("referrer", "code", False, (
            "remittent", "remitterande part", "remitterande aktör", "aktör", "remiss från",
            "inremitterande"), REFERRER_WORDS),
    ),
    key=("team", "participant_id"),
)

FOLLOWUPS = Table(
    "followups",
    (
        Column("participant_id", "text", True, PARTICIPANTS.column("participant_id").synonyms,
               nullable=False),
        Column("team", "text", True, ("verksamhet", "insats", "team_id"), nullable=False),
        Column("months_after_exit", "int", True, (
            "månader efter avslut", "manader_efter_avslut", "uppföljning månader", "månader"),
            nullable=False),
        Column("status", "code", True, ("sysselsättning", "läge", "status vid uppföljning"),
               FOLLOWUP_STATUS_WORDS, nullable=False),
    ),
    key=("team", "participant_id", "months_after_exit"),
)

_ID = PARTICIPANTS.column("participant_id").synonyms
_TEAM = PARTICIPANTS.column("team").synonyms
_DATE = ("datum", "mätdatum", "datum för mätning", "mättillfälle", "skattningsdatum")
_TOTAL = ("totalt", "total", "summa", "totalpoäng", "poäng", "ors", "srs", "total_score")

ORS_ITEMS = ("individual", "interpersonal", "social", "overall")
"""The four ORS items (0–10 each): individuellt, mellanmänskligt, socialt, övergripande."""
SRS_ITEMS = ("relationship", "goals", "approach", "overall")
"""The four SRS items (0–10 each): relationen, mål och ämnen, metod, övergripande."""

_MEASUREMENT_KEYS = (
    Column("participant_id", "text", True, _ID, nullable=False),
    Column("team", "text", True, _TEAM, nullable=False),
    Column("date", "date", True, _DATE, nullable=False),
)
"""Who was measured and when: the first columns of both the ORS and the SRS table."""

ORS = Table(
    "ors",
    (
        *_MEASUREMENT_KEYS,
        Column("individual", "number", False, ("individuellt", "individ", "personligt")),
        Column("interpersonal", "number", False, (
            "mellanmänskligt", "relationer", "nära relationer", "interpersonellt")),
        Column("social", "number", False, ("socialt", "arbete skola vänner")),
        Column("overall", "number", False, ("övergripande", "allmänt", "generellt")),
        Column("total", "number", False, _TOTAL),
    ),
    key=("team", "participant_id", "date"),
    extra={"items": ORS_ITEMS},
)

SRS = Table(
    "srs",
    (
        *_MEASUREMENT_KEYS,
        Column("relationship", "number", False, ("relation", "relationen", "relationship")),
        Column("goals", "number", False, ("mål och ämnen", "mål", "mål ämnen", "mal_och_amnen")),
        Column("approach", "number", False, ("metod", "metod och arbetssätt", "arbetssätt",
                                             "tillvägagångssätt")),
        Column("overall", "number", False, ("övergripande", "allmänt", "generellt")),
        Column("total", "number", False, _TOTAL),
    ),
    key=("team", "participant_id", "date"),
    extra={"items": SRS_ITEMS},
)

RESPONDENT_GROUPS = ("participant", "participant_exit", "staff", "referrer", "management",
                     "board")
"""Who answers the indicator surveys: participants (ongoing, at exit), team staff,
referrers, the parties' management group, the association's board."""
RESPONDENT_GROUP_WORDS = _folded({
    "participant": ("deltagare", "pågående deltagare", "deltagarenkät", "deltagare pågående"),
    "participant_exit": ("avslutade deltagare", "deltagare vid avslut", "avslutsenkät",
                         "deltagare avslut", "avslut"),
    "staff": ("personal", "medarbetare", "teamets personal", "personalenkät"),
    "referrer": ("remittent", "remittenter", "remitterande", "handläggare"),
    "management": ("ledningsgrupp", "ledningsgruppen", "ledning", "beredningsgrupp"),
    "board": ("styrelse", "styrelsen", "förbundsstyrelse"),
})
NO_ANSWER_WORDS = {fold(w) for w in ("vet ej", "vet inte", "ej svar", "inget svar", "-",
                                     "ingen åsikt", "n/a", "na")}
"""Answers that mean "no answer" (treated as empty)."""

_SURVEY_YEAR = Column("survey_year", "int", True, ("år", "undersökningsår", "enkätår"),
                      nullable=False)
_RESPONDENT_GROUP = Column("respondent_group", "code", True, (
    "respondentgrupp", "grupp", "enkät", "målgrupp"), RESPONDENT_GROUP_WORDS, nullable=False)

SURVEY_QUESTIONS = Table(
    "survey_questions",
    (
        Column("question_id", "text", True, ("fråga_id", "frågenummer", "fråga nr", "frågekod",
                                             "id"), nullable=False),
        _RESPONDENT_GROUP,
        Column("indicator", "text", True, ("indikator", "kärnindikator"), nullable=False),
        Column("text", "text", True, ("frågetext", "fråga", "formulering"), nullable=False),
        Column("scale_min", "number", True, ("skala_min", "skala från", "lägsta svar",
                                             "min"), nullable=False),
        Column("scale_max", "number", True, ("skala_max", "skala till", "högsta svar",
                                             "max"), nullable=False),
        Column("agree_from", "number", True, ("instämmer_från", "instämmer från",
                                              "positivt från", "gräns"), nullable=False),
    ),
    key=("question_id",),
)

SURVEY_RESPONSES = Table(
    "survey_responses",
    (
        _SURVEY_YEAR,
        Column("team", "text", True, _TEAM, nullable=False),
        _RESPONDENT_GROUP,
        Column("respondent_id", "text", True, ("respondent", "svarande", "respondent_nr",
                                               "svarsid"), nullable=False),
        Column("sex", "text", False, ("kön", "kon")),
        Column("question_id", "text", True, ("fråga_id", "frågenummer", "fråga nr",
                                             "frågekod", "fråga"), nullable=False),
        Column("answer", "text", True, ("svar", "värde", "svarsalternativ")),
    ),
    key=("survey_year", "team", "respondent_group", "respondent_id", "question_id"),
)

SURVEY_INVITED = Table(
    "survey_invited",
    (
        _SURVEY_YEAR,
        Column("team", "text", True, _TEAM, nullable=False),
        _RESPONDENT_GROUP,
        Column("invited", "int", True, ("inbjudna", "antal inbjudna", "tillfrågade",
                                        "antal tillfrågade", "utskick"), nullable=False),
    ),
    key=("survey_year", "team", "respondent_group"),
)

HEALTH_OCCASIONS = ("start", "exit", "followup_6m")
HEALTH_QUESTIONS = ("q1", "q2", "q3", "q4", "q5")
"""The health form's five questions, each 1 (best) … 5 (worst): general health; neck or
shoulder pain, stress, poor sleep in the last three months; outlook on one's health."""
HEALTH_OCCASION_WORDS = _folded({
    "start": ("inskrivning", "vid start", "vid inskrivning", "före", "början"),
    "exit": ("avslut", "vid avslut", "slut", "efter"),
    "followup_6m": ("uppföljning", "uppföljning 6 månader", "uppföljning 6 mån", "6 månader",
                    "efter 6 månader", "followup 6m"),
})

HEALTH = Table(
    "health",
    (
        Column("participant_id", "text", True, _ID, nullable=False),
        Column("team", "text", True, _TEAM, nullable=False),
        Column("occasion", "code", True, ("tillfälle", "mättillfälle", "enkättillfälle"),
               HEALTH_OCCASION_WORDS, nullable=False),
        *(Column(q, "int", False, (f"fråga {q[1]}", f"fraga {q[1]}", f"f{q[1]}"))
          for q in HEALTH_QUESTIONS),
    ),
    key=("team", "participant_id", "occasion"),
)

STAFF = Table(
    "staff",
    (
        Column("team", "text", True, _TEAM, nullable=False),
        Column("valid_from", "date", True, ("gäller från", "från", "från och med", "datum"),
               nullable=False),
        Column("role", "text", True, ("roll", "befattning", "yrke", "funktion"),
               nullable=False),
        Column("sex", "text", False, ("kön", "kon")),
        Column("birth_year", "int", False, ("födelseår", "fodelsear")),
        Column("fte", "number", True, ("tjänstgöringsgrad", "årsarbetare", "omfattning",
                                       "andel av heltid", "heltid"), nullable=False),
    ),
)

BUDGET = Table(
    "budget",
    (
        Column("team", "text", True, _TEAM, nullable=False),
        Column("period", "text", True, ("period", "tertial", "halvår"), nullable=False),
        Column("budget_sek", "number", True, ("budget", "budget kr", "budgeterat"),
               nullable=False),
        Column("spent_sek", "number", True, ("utfall", "förbrukat", "kostnad", "utfall kr",
                                             "använt"), nullable=False),
    ),
    key=("team", "period"),
)

# --- socio-economic follow-up (samhällsnytta) -------------------------------------------------

SUPPORT_WINDOWS = ("before", "after_exit", "after_6m", "after_24m")
"""The 12-month windows of the `support` table: before start_date, and from exit, from 6 and
from 24 months after exit."""
SUPPORT_WINDOW_MONTHS = {"after_exit": 0, "after_6m": 6, "after_24m": 24}
"""Months from exit to the start of each after-window."""
SUPPORT_SOURCES = (
    "salary", "subsidised_salary", "unemployment_benefit", "activity_support",
    "social_assistance", "sickness_benefit", "activity_compensation", "sickness_compensation",
    "study_allowance", "parental_benefit", "other", "none",
)
"""Means of support (försörjningskällor), one row per participant, window and source."""
WORK_SOURCES = ("salary", "subsidised_salary")
"""The sources that are months of work: they carry the production value of a month of work."""
ACTORS = ("kommun", "region", "forsakringskassan", "arbetsformedlingen", "ovrig_stat", "individ")
"""Who a unit value is a cost or revenue for (aktörer)."""
PUBLIC_ACTORS = ACTORS[:-1]
"""The public actors: with the change in production value, society's effect."""

SUPPORT_WINDOW_WORDS = _folded({
    "before": ("före", "fore", "innan", "före insats", "före inskrivning", "12 månader före"),
    "after_exit": ("efter avslut", "vid avslut", "efter", "avslut", "0 månader efter avslut",
                   "12 månader efter avslut"),
    "after_6m": ("6 månader efter avslut", "efter 6 månader", "6 mån", "6 månader", "6m"),
    "after_24m": ("24 månader efter avslut", "efter 24 månader", "efter 2 år", "24 mån",
                  "24 månader", "2 år", "24m"),
})

SUPPORT_SOURCE_WORDS = _folded({
    "salary": ("lön", "lon", "arbete", "lön från arbete", "anställning", "arbetsinkomst",
               "osubventionerad anställning"),
    "subsidised_salary": ("lönebidrag", "subventionerad anställning", "anställning med stöd",
                          "lönestöd", "nystartsjobb", "extratjänst", "introduktionsjobb",
                          "subventionerad lön", "lön med stöd"),
    "unemployment_benefit": ("a-kassa", "akassa", "arbetslöshetsersättning",
                             "arbetslöshetskassa"),
    "activity_support": ("aktivitetsstöd", "utvecklingsersättning", "etableringsersättning"),
    "social_assistance": ("försörjningsstöd", "ekonomiskt bistånd", "socialbidrag", "bistånd"),
    "sickness_benefit": ("sjukpenning", "rehabiliteringspenning", "sjuklön"),
    "activity_compensation": ("aktivitetsersättning",),
    "sickness_compensation": ("sjukersättning", "förtidspension"),
    "study_allowance": ("studiemedel", "studiestöd", "csn", "studier", "studiebidrag"),
    "parental_benefit": ("föräldrapenning", "föräldraledighet", "föräldraförsäkring"),
    "other": ("annat", "annan", "övrigt", "övrig", "annan försörjning"),
    "none": ("ingen", "inget", "ingen försörjning", "saknar försörjning", "ingen inkomst"),
})

SUPPORT = Table(
    "support",
    (
        Column("participant_id", "text", True, _ID, nullable=False),
        Column("team", "text", True, _TEAM, nullable=False),
        Column("window", "code", True, ("fönster", "period", "tidpunkt", "mätperiod",
                                        "tidsfönster", "när"), SUPPORT_WINDOW_WORDS,
               nullable=False),
        Column("source", "code", True, ("försörjning", "försörjningskälla", "källa",
                                        "inkomstkälla", "ersättning", "försörjningssätt"),
               SUPPORT_SOURCE_WORDS, nullable=False),
        Column("months", "number", True, ("månader", "manader", "antal månader", "mån"),
               nullable=False),
    ),
    key=("team", "participant_id", "window", "source"),
)

TABLES = {t.name: t for t in (PARTICIPANTS, FOLLOWUPS, ORS, SRS, SURVEY_QUESTIONS,
                              SURVEY_RESPONSES, SURVEY_INVITED, HEALTH, STAFF, BUDGET, SUPPORT)}
"""The tables this version loads and validates, by name (the file stem)."""

FILE_SUFFIXES = (".csv", ".xlsx", ".parquet")
