"""Deterministic synthetic data: fictional teams of a fictional association.

`write_sample(out_dir)` writes `participants.csv`, `followups.csv` and `config.yml`; the same
seed always gives the same bytes (a test checks `data/sample/` against a fresh run). Nothing
here describes a real person: ids are made up, and every report made from this data says
"Exempeldata — fiktiva uppgifter".

The shares are chosen to look like a team's register: about one in ten leaves within two
months (dropout), roughly 40 % of the others leave to work, studies or other vocational
rehabilitation, a few percent have no recorded sex, and the time without work before
enrolment is often long, with SUS's nine-year cap visible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20221

ASSOCIATION = "Exempelbygdens samordningsförbund (fiktivt)"
DATA_START = dt.date(2018, 1, 1)
DATA_END = dt.date(2022, 6, 30)
"""The register is read on this day: later exits have not happened yet (still active)."""


@dataclass(frozen=True)
class TeamProfile:
    team: str
    name: str
    prefix: str
    per_year: float  # mean enrolments a year
    work: float  # share of the non-dropout exits going to work …
    studies: float
    vocational: float
    medical: float
    sickness: float
    dropout: float
    mean_months: float  # mean time in the team


TEAMS = (
    TeamProfile("fjarilen", "Team Fjärilen", "FJA", 48, 0.20, 0.10, 0.16, 0.22, 0.05, 0.09, 14),
    TeamProfile("kompassen", "Team Kompassen", "KOM", 62, 0.26, 0.08, 0.12, 0.20, 0.06, 0.12, 12),
    TeamProfile("ankaret", "Team Ankaret", "ANK", 72, 0.16, 0.14, 0.18, 0.24, 0.08, 0.10, 16),
    TeamProfile("solrosen", "Team Solrosen", "SOL", 55, 0.22, 0.12, 0.10, 0.26, 0.04, 0.08, 13),
)

TARGETS = {
    "work": {"at_exit": 25, "after_6_months": 35, "after_2_years": 70},
    "studies": {"at_exit": 20, "after_6_months": 25, "after_2_years": 15},
    "vocational_rehab": {"at_exit": 55, "after_6_months": 40, "after_2_years": 15},
    "improved_health": {"at_exit": 90},
}

OTHER_CATEGORIES = ("moved", "parental_leave", "no_contact", "own_request", "other_support")
REFERRER_CODES = ("af", "fk", "municipality", "region", "other")


def _participants(rng: np.random.Generator, profile: TeamProfile) -> pd.DataFrame:
    rows = []
    for year in range(DATA_START.year, DATA_END.year + 1):
        first = dt.date(year, 1, 1)
        last = min(dt.date(year, 12, 31), DATA_END)
        span = (last - first).days + 1
        n = int(rng.poisson(profile.per_year * span / 365))
        offsets = np.sort(rng.integers(0, span, size=n))
        for seq, off in enumerate(offsets, start=1):
            start = first + dt.timedelta(days=int(off))
            u = rng.random()
            sex = "K" if u < 0.55 else ("M" if u < 0.975 else "")
            age = int(np.clip(rng.normal(37, 11), 18, 63))
            referrer = REFERRER_CODES[rng.choice(5, p=[0.36, 0.24, 0.2, 0.15, 0.05])]
            years = float(rng.gamma(1.8, 2.8))
            years = 9.0 if years >= 9 else round(years, 1)
            if rng.random() < 0.04:
                years = np.nan  # not recorded
            if rng.random() < profile.dropout:
                days = int(rng.integers(3, 70))  # some just past two months: not dropouts
                dropout = True
            else:
                days = int(rng.gamma(3.0, profile.mean_months / 3.0) * 30.44) + 62
                dropout = False
            end = start + dt.timedelta(days=days)
            reason = support = other_cat = ""
            if end > DATA_END:
                end_text = ""
            else:
                end_text = end.isoformat()
                if dropout:
                    reason = ("other", "medical_rehab", "work")[rng.choice(3, p=[0.6, 0.3, 0.1])]
                else:
                    p = np.array([profile.work, profile.studies, profile.vocational,
                                  profile.medical, profile.sickness, 0.0])
                    if sex == "K":  # a sex difference to discuss in the reports
                        p[0] *= 0.9
                        p[1] *= 1.15
                    p[5] = max(0.0, 1 - p[:5].sum())
                    p = p / p.sum()
                    reason = ("work", "studies", "vocational_rehab", "medical_rehab",
                              "sickness_compensation", "other")[rng.choice(6, p=p)]
                if reason == "work":
                    support = "with_support" if rng.random() < 0.55 else "without_support"
                if reason == "other":
                    other_cat = OTHER_CATEGORIES[rng.choice(5, p=[0.3, 0.2, 0.25, 0.15, 0.1])]
            rows.append({
                "participant_id": f"{profile.prefix}-{year}-{seq:03d}",
                "team": profile.team,
                "sex": sex,
                "birth_year": start.year - age,
                "start_date": start.isoformat(),
                "end_date": end_text,
                "exit_reason": reason,
                "work_support": support,
                "exit_other_category": other_cat,
                "years_without_work": "" if np.isnan(years) else f"{years:.1f}",
                "referrer": referrer,
            })
    return pd.DataFrame(rows)


_NEXT = {  # status at a follow-up, given the exit reason (work, studies, voc, med, sick, other)
    "work": [0.78, 0.05, 0.07, 0.04, 0.01, 0.05],
    "studies": [0.25, 0.6, 0.05, 0.03, 0.0, 0.07],
    "vocational_rehab": [0.3, 0.08, 0.45, 0.1, 0.02, 0.05],
    "medical_rehab": [0.08, 0.03, 0.2, 0.55, 0.08, 0.06],
    "sickness_compensation": [0.0, 0.0, 0.02, 0.05, 0.93, 0.0],
    "other": [0.15, 0.08, 0.12, 0.15, 0.05, 0.45],
}
_STATUSES = ("work", "studies", "vocational_rehab", "medical_rehab", "sickness_compensation",
             "other")


def _followups(rng: np.random.Generator, participants: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for rec in participants.itertuples(index=False):
        if not rec.end_date:
            continue
        end = dt.date.fromisoformat(rec.end_date)
        start = dt.date.fromisoformat(rec.start_date)
        if pd.Timestamp(end) <= pd.Timestamp(start) + pd.DateOffset(months=2):
            continue  # dropouts are not followed up
        status = rec.exit_reason
        for months in (6, 12, 18, 24):
            due = pd.Timestamp(end) + pd.DateOffset(months=months)
            if due.date() > DATA_END:
                break
            if rng.random() < 0.12 + months * 0.005:  # not reached this time
                continue
            status = _STATUSES[rng.choice(6, p=_NEXT[status])]
            shown = status if rng.random() > 0.04 else "unknown"
            rows.append({"participant_id": rec.participant_id, "team": rec.team,
                         "months_after_exit": months, "status": shown})
    return pd.DataFrame(rows, columns=["participant_id", "team", "months_after_exit", "status"])


def _items(rng: np.random.Generator, total: float, n: int = 4) -> list[float]:
    """Split a score into four 0–10 items with one decimal (a mark on a 10 cm line)."""
    raw = np.clip(total / n + rng.normal(0, 1.0, n), 0, 10)
    return [round(float(v), 1) for v in raw]


def _measurements(rng: np.random.Generator, participants: pd.DataFrame
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """ORS and SRS series: roughly monthly with gaps; some never measured; ORS starting mostly
    below 25, most improving slowly, some flat, a few getting worse; SRS mostly high."""
    ors_rows, srs_rows = [], []
    for rec in participants.itertuples(index=False):
        if rng.random() < 0.08:
            continue  # never measured
        start = dt.date.fromisoformat(rec.start_date)
        last = dt.date.fromisoformat(rec.end_date) if rec.end_date else DATA_END
        course = rng.choice(3, p=[0.65, 0.25, 0.10])  # improving, flat, worsening
        slope = (rng.normal(0.9, 0.35), rng.normal(0.0, 0.15), rng.normal(-0.6, 0.2))[course]
        level = float(np.clip(rng.normal(18.5, 5.5), 3, 36))
        irregular = rng.random() < 0.25
        day = start + dt.timedelta(days=int(rng.integers(0, 15)))
        while day <= last:
            months = (day - start).days / 30.44
            score = float(np.clip(level + slope * months + rng.normal(0, 2.0), 0, 40))
            o = _items(rng, score)
            ors_rows.append({"participant_id": rec.participant_id, "team": rec.team,
                             "date": day.isoformat(), "individual": o[0],
                             "interpersonal": o[1], "social": o[2], "overall": o[3]})
            if rng.random() < 0.85:
                sr = [round(float(v), 1) for v in np.clip(rng.normal(8.9, 0.9, 4), 0, 10)]
                srs_rows.append({"participant_id": rec.participant_id, "team": rec.team,
                                 "date": day.isoformat(), "relationship": sr[0],
                                 "goals": sr[1], "approach": sr[2], "overall": sr[3]})
            gap = rng.gamma(6, 30.0 / 6)
            if irregular and rng.random() < 0.3:
                gap += rng.integers(30, 90)  # a long break: outside the policy
            day += dt.timedelta(days=max(7, int(gap)))
    ors = pd.DataFrame(ors_rows)
    srs = pd.DataFrame(srs_rows)
    for frame, items in ((ors, ("individual", "interpersonal", "social", "overall")),
                         (srs, ("relationship", "goals", "approach", "overall"))):
        for col in items:
            frame[col] = frame[col].map(lambda v: f"{v:.1f}")
    return ors, srs


# Our own fictional question texts (not the network's): the project reads texts from data.
QUESTIONS = (
    ("D1", "participant", "Delaktighet", "Jag blir lyssnad på när vi planerar det jag ska göra."),
    ("D2", "participant", "Delaktighet", "Jag vet vad nästa steg i min planering är."),
    ("D3", "participant", "Samverkan", "De som arbetar med mig från olika myndigheter "
                                       "samarbetar kring min situation."),
    ("D4", "participant", "Arbete och studier", "Jag får stöd att närma mig arbete eller "
                                                "studier i en takt som passar mig."),
    ("D5", "participant", "Bemötande", "Jag blir bemött med respekt av personalen i teamet."),
    ("A1", "participant_exit", "Helhetssyn", "Tiden i teamet har gjort det lättare för mig att "
                                             "klara min vardag."),
    ("A2", "participant_exit", "Arbete och studier", "Jag står närmare arbete eller studier nu "
                                                     "än när jag började."),
    ("A3", "participant_exit", "Delaktighet", "Jag har haft inflytande över min planering."),
    ("A4", "participant_exit", "Bemötande", "Jag skulle rekommendera teamet till någon i en "
                                            "liknande situation."),
    ("P1", "staff", "Helhetssyn", "Vi har en gemensam bild i teamet av vad deltagarna behöver."),
    ("P2", "staff", "Samverkan", "Samarbetet med de andra parterna fungerar väl i vardagen."),
    ("P3", "staff", "Samverkan", "Jag har det mandat jag behöver från min egen organisation."),
    ("P4", "staff", "Delaktighet", "Deltagarna är delaktiga i planeringen av sina insatser."),
    ("P5", "staff", "Arbete och studier", "Vårt arbetssätt hjälper deltagarna närmare arbete "
                                          "eller studier."),
    ("R1", "referrer", "Samverkan", "Det är tydligt vilka personer som kan remitteras till "
                                    "teamet."),
    ("R2", "referrer", "Samverkan", "Jag får återkoppling om hur det går för dem jag har "
                                    "remitterat."),
    ("R3", "referrer", "Helhetssyn", "Teamet ger något som min organisation inte kan ge på "
                                     "egen hand."),
    ("R4", "referrer", "Arbete och studier", "De jag remitterar till teamet kommer närmare "
                                             "arbete eller studier."),
)
SURVEY_YEARS = (2019, 2020, 2021)
RESPONDENTS = {"participant": 24, "participant_exit": 14, "staff": 7, "referrer": 11}
PREFIX = {"participant": "D", "participant_exit": "A", "staff": "P", "referrer": "R"}


def _surveys(rng: np.random.Generator, teams: tuple[TeamProfile, ...] = TEAMS,
             respondents: float = 1.0) -> dict[str, pd.DataFrame]:
    """The catalogue, answers for every team and year, and how many were invited."""
    questions = pd.DataFrame(
        [{"question_id": q, "respondent_group": g, "indicator": i, "text": t,
          "scale_min": 1, "scale_max": 10, "agree_from": 7} for q, g, i, t in QUESTIONS])
    team_level = {t.team: rng.normal(0, 0.6) for t in teams}
    question_level = {q[0]: rng.normal(0, 0.5) for q in QUESTIONS}
    rows, invited = [], []
    for year in SURVEY_YEARS:
        for t in teams:
            for group, mean_n in RESPONDENTS.items():
                n = max(3, int(rng.poisson(mean_n * respondents)))
                invited.append({"survey_year": year, "team": t.team, "respondent_group": group,
                                "invited": int(n / rng.uniform(0.55, 0.9))})
                for k in range(1, n + 1):
                    person = rng.normal(0, 1.0)
                    sex = ""
                    if group.startswith("participant"):
                        u = rng.random()
                        sex = "K" if u < 0.56 else ("M" if u < 0.96 else "")
                    for qid, qgroup, _, _ in QUESTIONS:
                        if qgroup != group:
                            continue
                        if rng.random() < 0.05:
                            answer = ""  # no answer / vet ej
                        else:
                            level = (7.0 + team_level[t.team] + question_level[qid]
                                     + 0.25 * (year - 2019) + person
                                     - (0.4 if sex == "M" and t.team == "ankaret" else 0.0))
                            answer = str(int(np.clip(round(level + rng.normal(0, 1.3)), 1, 10)))
                        rows.append({"survey_year": year, "team": t.team,
                                     "respondent_group": group,
                                     "respondent_id": f"{year}-{PREFIX[group]}{k:03d}",
                                     "sex": sex, "question_id": qid, "answer": answer})
    return {"survey_questions": questions, "survey_responses": pd.DataFrame(rows),
            "survey_invited": pd.DataFrame(invited)}


ROLES = ("Arbetsförmedlare", "Handläggare, Försäkringskassan", "Socialsekreterare",
         "Arbetsterapeut", "Sjuksköterska", "Arbetsmarknadskonsulent", "Teamledare")
BUDGET_YEAR_SEK = {"fjarilen": 3_200_000, "kompassen": 4_600_000, "ankaret": 6_800_000,
                   "solrosen": 2_600_000}


def _health(rng: np.random.Generator, participants: pd.DataFrame) -> pd.DataFrame:
    """Forms at start (most), at exit (most who complete) and some after six months; most
    improve, a little less often the men of one team."""
    rows = []
    for rec in participants.itertuples(index=False):
        if rng.random() > 0.93:
            continue  # no start form
        base = np.clip(rng.normal(3.3, 0.6, 5), 1, 5)
        forms = [("start", base)]
        if rec.end_date:
            completed = pd.Timestamp(rec.end_date) > (pd.Timestamp(rec.start_date)
                                                      + pd.DateOffset(months=2))
            if rng.random() < (0.88 if completed else 0.3):
                gain = rng.normal(0.75, 0.55)
                if rec.team == "fjarilen" and rec.sex == "M":
                    gain -= 0.45
                forms.append(("exit", np.clip(base - gain + rng.normal(0, 0.35, 5), 1, 5)))
                if rng.random() < 0.4:
                    forms.append(("followup_6m", np.clip(base - gain * 0.8
                                                         + rng.normal(0, 0.4, 5), 1, 5)))
        for occasion, values in forms:
            answers = [("" if rng.random() < 0.04 else str(int(round(v)))) for v in values]
            rows.append({"participant_id": rec.participant_id, "team": rec.team,
                         "occasion": occasion, **{f"q{i + 1}": a for i, a in
                                                  enumerate(answers)}})
    return pd.DataFrame(rows)


def _staff(rng: np.random.Generator, teams: tuple[TeamProfile, ...] = TEAMS) -> pd.DataFrame:
    """Each team's staff list from 2018 on, a new list whenever someone leaves or starts."""
    rows = []
    for t in teams:
        people = []
        for role in rng.choice(ROLES, size=int(rng.integers(5, 8)), replace=False):
            people.append({"role": str(role), "sex": "K" if rng.random() < 0.78 else "M",
                           "birth_year": int(rng.integers(1960, 1995)),
                           "fte": float(rng.choice([1.0, 1.0, 0.8, 0.5]))})
        day = dt.date(2018, 1, 1)
        while day <= DATA_END:
            for person in people:
                rows.append({"team": t.team, "valid_from": day.isoformat(), **person})
            day += dt.timedelta(days=int(rng.integers(200, 500)))
            leaving = int(rng.integers(0, len(people)))
            people = [p for i, p in enumerate(people) if i != leaving]
            people.append({"role": str(rng.choice(ROLES)),
                           "sex": "K" if rng.random() < 0.75 else "M",
                           "birth_year": int(rng.integers(1962, 1998)),
                           "fte": float(rng.choice([1.0, 1.0, 0.8, 0.5]))})
    out = pd.DataFrame(rows)
    out["fte"] = out["fte"].map(lambda v: f"{v:.1f}")
    return out


def _budget(rng: np.random.Generator, teams: tuple[TeamProfile, ...] = TEAMS) -> pd.DataFrame:
    rows = []
    for t in teams:
        for year in range(DATA_START.year, DATA_END.year + 1):
            for k in (1, 2, 3):
                if year == DATA_END.year and k == 3:
                    break
                yearly = BUDGET_YEAR_SEK.get(t.team, t.per_year * 60_000)
                budget = round(yearly * (1 + 0.02 * (year - 2018)) / 3, -3)
                deviation = rng.normal(0, 0.03)
                if rng.random() < 0.15:
                    deviation += rng.choice([-1, 1]) * rng.uniform(0.06, 0.12)
                rows.append({"team": t.team, "period": f"{year}T{k}",
                             "budget_sek": int(budget),
                             "spent_sek": int(round(budget * (1 + deviation), -2))})
    return pd.DataFrame(rows)


# --- means of support before and after (the socio-economic follow-up) -----------------------

_BEFORE = (  # (source, weight) of the main means of support before enrolment
    ("social_assistance", 0.34), ("sickness_benefit", 0.2), ("activity_support", 0.14),
    ("activity_compensation", 0.1), ("unemployment_benefit", 0.07), ("none", 0.06),
    ("parental_benefit", 0.03), ("salary", 0.03), ("other", 0.03))
_AFTER = {  # the main means of support after, given where the participant is
    "work": (("salary", 0.45), ("subsidised_salary", 0.45), ("social_assistance", 0.05),
             ("unemployment_benefit", 0.05)),
    "studies": (("study_allowance", 0.85), ("social_assistance", 0.1), ("salary", 0.05)),
    "vocational_rehab": (("activity_support", 0.55), ("unemployment_benefit", 0.15),
                         ("social_assistance", 0.15), ("subsidised_salary", 0.15)),
    "medical_rehab": (("sickness_benefit", 0.55), ("activity_compensation", 0.15),
                      ("social_assistance", 0.25), ("none", 0.05)),
    "sickness_compensation": (("sickness_compensation", 0.95), ("social_assistance", 0.05)),
    "other": (("social_assistance", 0.35), ("parental_benefit", 0.2), ("none", 0.2),
              ("salary", 0.15), ("sickness_benefit", 0.1)),
}
_SECOND = ("social_assistance", "none", "unemployment_benefit", "sickness_benefit", "other")
UNIT_VALUES = {  # illustrative SEK per month, price year 2022: NOT official figures. A month
    # of work is a simple, often part-time job (the business plan's assumption).
    "salary": {"kommun": -3400, "region": -1800, "ovrig_stat": -5000, "individ": -13500},
    "subsidised_salary": {"kommun": -3400, "region": -1800, "arbetsformedlingen": 9000,
                          "ovrig_stat": -3000, "individ": -13500},
    "unemployment_benefit": {"kommun": -2700, "region": -1400, "arbetsformedlingen": 1500,
                             "ovrig_stat": 14500, "individ": -12000},
    "activity_support": {"kommun": -1900, "region": -1000, "arbetsformedlingen": 12500,
                         "individ": -8500},
    "social_assistance": {"kommun": 11500, "individ": -9500},
    "sickness_benefit": {"kommun": -3000, "region": 1200, "forsakringskassan": 18500,
                         "individ": -14500},
    "activity_compensation": {"kommun": -1800, "region": 1500, "forsakringskassan": 12000,
                              "individ": -9800},
    "sickness_compensation": {"kommun": -2500, "region": 1800, "forsakringskassan": 15500,
                              "individ": -12500},
    "study_allowance": {"ovrig_stat": 9500, "individ": -11000},
    "parental_benefit": {"kommun": -3200, "region": -1700, "forsakringskassan": 19000,
                         "individ": -15000},
    "other": {"kommun": 2000, "individ": -5000},
}
PRODUCTION_VALUE = 20000
"""Illustrative production value of a month of (mostly part-time) work (SEK, 2022)."""


def _pick(rng: np.random.Generator, options: tuple[tuple[str, float], ...]) -> str:
    weights = np.array([w for _, w in options])
    return options[rng.choice(len(options), p=weights / weights.sum())][0]


def _window_rows(rng: np.random.Generator, main: str) -> list[tuple[str, float]]:
    """A 12-month window: mostly the main source, often a second one for a while, and now
    and then months nobody recorded (an incomplete window)."""
    first = float(rng.choice([12, 12, 12, 11, 10, 9, 8, 6]))
    parts = [(main, first)]
    if first < 12:
        second = str(rng.choice([s for s in _SECOND if s != main]))
        parts.append((second, 12 - first))
    if rng.random() < 0.07:  # partly unknown: some months missing
        source, months = parts[-1]
        parts[-1] = (source, max(0.5, months - float(rng.integers(1, 5))))
    return parts


def _support(rng: np.random.Generator, participants: pd.DataFrame,
             followups: pd.DataFrame) -> pd.DataFrame:
    """Months per means of support, 12 months before start and 12 months from exit and from
    6 and 24 months after exit: more salary and study allowance after, less social
    assistance and sickness benefit, and some who move the other way."""
    status = {(r.team, r.participant_id, r.months_after_exit): r.status
              for r in followups.itertuples(index=False)}
    latest = max(max(participants["start_date"]), max(v for v in participants["end_date"] if v))
    latest = pd.Timestamp(latest)
    rows = []
    for rec in participants.itertuples(index=False):
        if rng.random() < 0.1:
            continue  # not mapped at all
        windows = [("before", _pick(rng, _BEFORE))]
        if rec.end_date:
            end, start = pd.Timestamp(rec.end_date), pd.Timestamp(rec.start_date)
            if end > start + pd.DateOffset(months=2):  # dropouts are not followed up
                where = rec.exit_reason
                for window, months in (("after_exit", 0), ("after_6m", 6), ("after_24m", 24)):
                    if end + pd.DateOffset(months=months) > latest:
                        break
                    where = status.get((rec.team, rec.participant_id, months), where)
                    if where == "unknown":
                        continue
                    if rng.random() < 0.08:  # some move the other way
                        main = str(rng.choice(["social_assistance", "sickness_benefit"]))
                    else:
                        main = _pick(rng, _AFTER[where])
                    windows.append((window, main))
        for window, main in windows:
            merged: dict[str, float] = {}
            for source, months in _window_rows(rng, main):
                merged[source] = merged.get(source, 0.0) + months
            for source, months in merged.items():
                rows.append({"participant_id": rec.participant_id, "team": rec.team,
                             "window": window, "source": source, "months": f"{months:.1f}"})
    return pd.DataFrame(rows, columns=["participant_id", "team", "window", "source", "months"])


def socioeconomic_config_text() -> str:
    """The `socioeconomic:` block of the sample's config.yml (illustrative values)."""
    lines = [
        "socioeconomic:",
        "  # ILLUSTRATIVE unit values for the fictional sample, not official figures: an",
        "  # association sets its own. SEK per month of a means of support, per actor;",
        "  # + = a cost for the actor, − = a revenue (e.g. tax on a salary).",
        "  illustrative: true",
        "  price_year: 2022",
        f"  production_value: {PRODUCTION_VALUE}   # the production value of a month of work",
        "  payback_target_months: 34   # the business plan's target (återbetalningstid)",
        "  unit_values:",
    ]
    for source, values in UNIT_VALUES.items():
        inner = ", ".join(f"{k}: {v}" for k, v in values.items())
        lines.append(f"    {source}: {{{inner}}}")
    return "\n".join(lines) + "\n"


PLACES = {"fjarilen": 60, "kompassen": 70, "ankaret": 90, "solrosen": 55}
"""The places (årsplatser) the fictional plan gives each sample team: Ankaret runs well above
its plan, so the sample shows an occupancy deviation."""


def config_text(teams: tuple[TeamProfile, ...] = TEAMS) -> str:
    lines = [
        "# Synthetic example data made by `finsam sample` (finsam_analysis/sample.py).",
        "# Fictional association and teams; no real person is described.",
        f"association: {ASSOCIATION}",
        "example_data: true",
        "teams:",
        *(f"  {t.team}: {{name: {t.name}" + (f", places: {PLACES[t.team]}}}"
                                             if t.team in PLACES else "}") for t in teams),
        "settings:",
        "  dropout_months: 2",
        "  suppression_threshold: 3",
        "  min_base: 5",
        "  anonymise_teams: false",
        "targets:",
    ]
    for measure, levels in TARGETS.items():
        inner = ", ".join(f"{k}: {v}" for k, v in levels.items())
        lines.append(f"  {measure}: {{{inner}}}")
    return "\n".join(lines) + "\n" + socioeconomic_config_text()


README = """# Sample data (synthetic)

Made by `finsam sample data/sample` with a fixed seed: the same command always writes the
same files, and a test checks that these files equal a fresh run. The association, the teams
and every participant are fictional; any resemblance to a real person is chance. Reports made
from this data are marked "Exempeldata — fiktiva uppgifter".

- `participants.csv` — one row per enrolment, 2018-01-01 to 2022-06-30 (the day the register
  is read: later exits have not happened, so those participants are still active)
- `followups.csv` — status 6, 12, 18 and 24 months after exit, where it was reached
- `ors.csv`, `srs.csv` — ORS and SRS measurements, roughly monthly (four items 0–10 each)
- `survey_questions.csv`, `survey_responses.csv`, `survey_invited.csv` — indicator surveys
  2019–2021 for participants (ongoing and at exit), staff and referrers, with a question
  catalogue of our own (fictional texts, scale 1–10, agreeing from 7)
- `health.csv` — the health form (five questions, 1 best … 5 worst) at start, exit and six
  months after
- `staff.csv` — each team's staff list, a new list whenever someone leaves or starts
- `budget.csv` — budget and spending per tertial
- `support.csv` — means of support (months per source) 12 months before enrolment and 12
  months from exit, from 6 and from 24 months after exit, where mapped
- `config.yml` — the association's and teams' names, settings and target levels, and
  illustrative unit values for the socio-economic follow-up (not official figures)
- `narratives/<team>/<period>.md` — each team's own words per field of the nine-field model
  (fictional, written from the team's figures), and a co-assessor's comments for two teams
"""


NATIONAL_TEAMS = 300
_PLACES = ("Björk", "Ek", "Lind", "Rönn", "Al", "Asp", "Sälg", "Hassel", "Lönn", "Gran", "Tall",
           "Lärk", "Idegran", "Hägg", "Oxel", "Fläder")
_THINGS = ("bron", "fyren", "hamnen", "stigen", "ängen", "källan", "åsen", "viken", "dalen",
           "gläntan", "udden", "näset", "sjön", "backen", "lunden", "holmen", "tjärnen",
           "forsen", "myren")


def national_teams(seed: int = SEED, n: int = NATIONAL_TEAMS) -> tuple[TeamProfile, ...]:
    """`n` fictional teams with the sample's range of profiles (for benchmarks)."""
    rng = np.random.default_rng(seed + 100)
    teams = []
    for i in range(n):
        base = TEAMS[i % len(TEAMS)]
        name = f"Team {_PLACES[i % len(_PLACES)]}{_THINGS[(i // len(_PLACES)) % len(_THINGS)]}"
        teams.append(TeamProfile(
            f"t{i + 1:03d}", name, f"N{i + 1:03d}", float(rng.uniform(55, 93)),
            *(float(np.clip(v * rng.uniform(0.8, 1.2), 0.02, 0.4)) for v in
              (base.work, base.studies, base.vocational, base.medical, base.sickness,
               base.dropout)),
            float(rng.uniform(10, 17))))
    return tuple(teams)


def make_sample(seed: int = SEED, scale: str = "sample") -> dict[str, pd.DataFrame]:
    """The sample tables as DataFrames of text cells (as they are written).

    `scale="national"`: 300 teams, about 100 000 enrolments, 1 000 000 ORS rows and
    500 000 survey answers, by the same generator.
    """
    teams = TEAMS if scale == "sample" else national_teams(seed)
    respondents = 1.0 if scale == "sample" else 2.15
    rng = np.random.default_rng(seed)
    participants = pd.concat([_participants(rng, t) for t in teams], ignore_index=True)
    followups = _followups(rng, participants)
    ors, srs = _measurements(np.random.default_rng(seed + 1), participants)
    return {"participants": participants, "followups": followups, "ors": ors, "srs": srs,
            **_surveys(np.random.default_rng(seed + 2), teams, respondents),
            "health": _health(np.random.default_rng(seed + 3), participants),
            "staff": _staff(np.random.default_rng(seed + 4), teams),
            "budget": _budget(np.random.default_rng(seed + 5), teams),
            "support": _support(np.random.default_rng(seed + 6), participants, followups)}


def write_sample(out_dir: str | Path, seed: int = SEED, scale: str = "sample",
                 fmt: str | None = None) -> list[Path]:
    """Write the sample data set to `out_dir` (created if missing); returns the files.

    `scale="national"` writes the 300-team set as Parquet (the recommended format at that
    size; `fmt="csv"` for CSV), without narratives.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    fmt = fmt or ("csv" if scale == "sample" else "parquet")
    teams = TEAMS if scale == "sample" else national_teams(seed)
    written = []
    for name, frame in make_sample(seed, scale).items():
        path = out / f"{name}.{fmt}"
        if fmt == "parquet":
            frame.astype(str).to_parquet(path, index=False)
        else:
            frame.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    for name, content in (("config.yml", config_text(teams)), ("README.md", README)):
        path = out / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    if scale == "sample":
        written += write_narratives(out)
    return written


# --- narratives ---------------------------------------------------------------------------

NARRATIVE_PERIODS = ("2021H2", "2022H1", "2021/22")

TEAM_VOICE = {
    "fjarilen": {
        "focus": "unga vuxna som länge stått utanför både arbete och studier",
        "method": "gruppverksamhet två förmiddagar i veckan och individuella samtal",
        "strength": "ett nära samarbete med vuxenutbildningen",
        "challenge": "att nå fler män, som ofta tackar nej efter första mötet",
        "staff": "En arbetsterapeut gick i pension under hösten och tjänsten var vakant i två "
                 "månader.",
    },
    "kompassen": {
        "focus": "personer med långvarig sjukskrivning som har en arbetsgivare kvar",
        "method": "arbetsplatsnära rehabilitering med stöd av en arbetsmarknadskonsulent",
        "strength": "korta vägar till Försäkringskassans handläggare",
        "challenge": "att hålla uppe ORS-mätningarna när deltagarna är ute på arbetsträning",
        "staff": "Teamet har varit fulltaligt hela perioden.",
    },
    "ankaret": {
        "focus": "personer med samsjuklighet och behov av stöd från flera myndigheter",
        "method": "gemensam planering med deltagaren och samtliga parter vid ett och samma möte",
        "strength": "en stabil personalgrupp med lång erfarenhet",
        "challenge": "att männen i högre grad än kvinnorna avbryter tidigt",
        "staff": "En ny socialsekreterare började i januari efter en lång vakans.",
    },
    "solrosen": {
        "focus": "utrikes födda kvinnor och män som saknar fotfäste på arbetsmarknaden",
        "method": "språkstöd i vardagen kombinerat med praktik",
        "strength": "ett brett nätverk av praktikplatser i kommunen",
        "challenge": "långa väntetider till vuxenpsykiatrin",
        "staff": "Två medarbetare har gått ned i tid och ersatts av en vikarie på halvtid.",
    },
}


def _swedish(value: float, decimals: int = 0) -> str:
    """A number as a Swedish text writes it (`40,0`), rounded half away from zero."""
    from decimal import ROUND_HALF_UP, Decimal

    exact = Decimal(repr(round(float(value), 9))).quantize(Decimal(1).scaleb(-decimals),
                                                           rounding=ROUND_HALF_UP)
    return f"{exact:f}".replace(".", ",")


def _narrative_text(data, team: str, period: str) -> str:
    """A team's fictional text for one period. The figures it quotes are the team's totals
    that an external report shows anyway: the number active and the number of exits, and the
    positive share only when it rests on enough people (at least 5 completed, more than 3
    positive outcomes)."""
    from .measures.outcomes import outcome_table

    total = outcome_table(data.for_team(team).participants, period,
                          data.config.settings.dropout_months).loc["total"]
    active, exits = _swedish(total["active"]), _swedish(total["exits"])
    share = (f"{_swedish(total['positive_share'], 1)} %"
             if total["completed"] >= 5 and total["positive"] > 3 else None)
    voice = TEAM_VOICE[team]
    full_year = "/" in period
    when = "året" if full_year else "halvåret"
    numbers = (f"Under {when} var {active} deltagare aktiva och {exits} avslutades."
               if active and exits else f"Antalet deltagare under {when} var i nivå med "
               "tidigare perioder.")
    result = (f"Andelen positiva utfall blev {share} av dem som avslutades utan att hoppa av "
              "tidigt." if share else "Andelen positiva utfall går inte att redovisa för "
              "perioden eftersom underlaget är för litet.")
    sections = [
        ("Sammanfattning",
         f"{numbers} {result} Teamet arbetar med {voice['focus']}. Vi ser {voice['strength']} "
         f"som vår största tillgång, och {voice['challenge']} som det vi främst behöver "
         "utveckla."),
        ("Deltagarna – förutsättningar",
         f"**Beskrivning.** Teamet vänder sig till {voice['focus']}. {numbers} De flesta har "
         "remitterats från Arbetsförmedlingen och Försäkringskassan.\n\n**Analys.** Många har "
         "varit utan arbete eller studier i flera år innan de skrevs in, vilket påverkar hur "
         "lång tid insatsen behöver ta."),
        ("Deltagarna – genomförande och process",
         f"**Beskrivning.** Arbetet bygger på {voice['method']}. ORS och SRS används i samtalen "
         "för att följa deltagarens egen upplevelse.\n\n**Bedömning.** Vi når inte helt upp "
         "till policyn om mätning varje månad. En orsak är "
         f"{voice['challenge']}.\n\n**Förslag.** Vi lägger in ORS som fast punkt i "
         "planeringsmötena under nästa period."),
        ("Deltagarna – resultat och effekter",
         f"**Beskrivning.** {result}\n\n**Analys.** Skillnaden mellan kvinnor och män "
         "diskuterades i styrgruppen. Vi ser att kvinnorna oftare går vidare till studier, "
         "medan männen oftare går till arbete med stöd.\n\n**Bedömning.** Resultatet ligger "
         "nära målnivån för arbete men under målnivån för studier.\n\n**Förslag.** Vi "
         "fördjupar samarbetet med studie- och yrkesvägledningen."),
        ("Personalen – förutsättningar", voice["staff"]),
        ("Personalen – genomförande och process",
         "Personalen har haft gemensam handledning en gång i månaden. Enkätsvaren visar att "
         "samarbetet mellan parterna fungerar väl i vardagen, men att mandatet från den egna "
         "organisationen ibland är otydligt."),
        ("Organisationen – förutsättningar",
         "Styrgruppen har träffats fyra gånger under perioden. Budgeten följs upp per tertial "
         "tillsammans med samordningsförbundets tjänsteperson."),
        ("Organisationen – genomförande och process",
         "Remittenterna uppger i enkäten att det är tydligt vilka som kan remitteras, men "
         "efterfrågar mer återkoppling. Vi har därför infört ett kort avslutsbrev till "
         "remittenten."),
    ]
    if team != "kompassen":  # one team has not written this field yet: the report shows it
        sections.append((
            "Organisationen – resultat och effekter",
            "Kostnaden per deltagare ligger i nivå med tidigare år. Vi bedömer att insatsen "
            "ger ett mervärde för parterna genom att färre personer blir kvar utan planering."))
    if full_year:  # the full-year report opens with the team's own introduction
        sections.insert(0, (
            "Inledning",
            f"Teamet vänder sig till {voice['focus']}. Verksamhetslogiken i korthet: genom "
            f"{voice['method']} ska deltagarna komma närmare arbete eller studier, och "
            "parternas gemensamma planering ska göra att ingen blir kvar utan nästa steg."))
    body = "\n\n".join(f"## {title}\n\n{text}" for title, text in sections)
    return (f"# {data.team_name(team)}, {period}\n\n"
            "<!-- Fiktiv text, skapad av finsam sample. -->\n\n" + body + "\n")


CO_ASSESSOR = (
    "## Extern medbedömning\n\n"
    "Rapporten ger en tydlig bild av verksamheten och följer niofältsmodellen. Resultaten "
    "redovisas uppdelat på kön, och teamet kommenterar själv skillnaderna mellan kvinnor och "
    "män. Jag saknar en fördjupad analys av varför en del deltagare avbryter tidigt, och "
    "rekommenderar att teamet följer upp dropouts med ett kort samtal.\n\n"
    "*Fiktiv medbedömare, exempeldata.*\n")


def write_narratives(out_dir: Path) -> list[Path]:
    """Narratives for every team and the sample's report periods, written from the data."""
    from .io.load import load_data
    from .io.narratives import period_slug

    data = load_data(out_dir)
    written = []
    for team in data.teams:
        folder = out_dir / "narratives" / team
        folder.mkdir(parents=True, exist_ok=True)
        for period in NARRATIVE_PERIODS:
            path = folder / f"{period_slug(period)}.md"
            path.write_text(_narrative_text(data, team, period), encoding="utf-8")
            written.append(path)
        if team in ("ankaret", "solrosen"):
            path = folder / f"{period_slug('2021/22')}.co-assessor.md"
            path.write_text(CO_ASSESSOR, encoding="utf-8")
            written.append(path)
    return written
