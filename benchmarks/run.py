"""Benchmarks at national scale: prints figures and ratios, and says which targets hold.

    python benchmarks/run.py            # or: make bench
    python benchmarks/run.py --quick    # one run each, for a first look

Figures are medians of several runs on this machine (shared and noisy: read them as
orders of magnitude, and compare ratios measured in the same run). Nothing here asserts.

1. Load of the national data set (300 teams, ~100 000 enrolments, ~1 000 000 ORS rows,
   ~500 000 survey answers; made once with `finsam sample --scale national` into
   benchmarks/.data/): cold (validation) and cached, each in a fresh process, with its peak
   memory.
2. Compute: the outcome table, the ORS change classes and the survey comparison, for one
   team-period and for all teams of a period at once, beside the same computation as SQL in
   DuckDB on the same data (tables loaded into DuckDB beforehand; only the queries are timed).
   The results are compared, so a fast wrong answer would show.
3. The batch: 8 sample team reports as HTML with `finsam reports --jobs 2`, beside the naive
   way (plain `papermill` then `jupyter nbconvert --to html --no-input`, one after another)
   and beside the floor (papermill on an empty notebook that only imports the same libraries).
4. One team report at national scale beside the floor, side by side in one run: the batch
   of 1 and of 1 + N national teams (one worker, internal audience: the disclosure step is
   timed apart, above), the difference divided by N is what one more report costs in a warm
   worker; the floor is papermill on the import-only notebook, timed between them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / ".data" / "national"
BIN = Path(sys.executable).parent
TEAM, PERIOD, YEAR = "t001", "2021/22", 2021
TARGETS = {"load_cached_s": 3.0, "load_peak_mib": 2048, "compute_ratio": 1.0,
           "batch_vs_naive": 0.35, "report_vs_floor": 1.3}


def median_time(func, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def ensure_data() -> None:
    if (DATA / "participants.parquet").exists():
        return
    print(f"Making the national data set in {DATA} (once) …", flush=True)
    DATA.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(BIN / "finsam"), "sample", str(DATA), "--scale", "national"],
                   check=True, stdout=subprocess.DEVNULL)


LOAD = """
import json, resource, sys, time
t = time.perf_counter()
from finsam_analysis.io.load import load_data
d = load_data(sys.argv[1])
print(json.dumps({"s": time.perf_counter() - t,
                  "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": {n: len(getattr(d, n)) for n in ("participants", "ors",
                           "survey_responses")}}))
"""


def load_once(cache_dir: Path) -> dict:
    env = {**os.environ, "FINSAM_CACHE": str(cache_dir)}
    out = subprocess.run([sys.executable, "-c", LOAD, str(DATA)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def bench_load(runs: int) -> dict:
    cold, cached = [], []
    for _ in range(max(1, runs - 1)):
        with tempfile.TemporaryDirectory() as tmp:
            cold.append(load_once(Path(tmp)))
    with tempfile.TemporaryDirectory() as tmp:
        load_once(Path(tmp))
        for _ in range(runs):
            cached.append(load_once(Path(tmp)))
    return {"rows": cached[-1]["rows"],
            "cold_s": statistics.median(r["s"] for r in cold),
            "cold_peak_mib": max(r["mib"] for r in cold),
            "cached_s": statistics.median(r["s"] for r in cached),
            "cached_peak_mib": max(r["mib"] for r in cached)}


OUTCOME_SQL = """
WITH a AS (
  SELECT team, sex, start_date, end_date, exit_reason,
         coalesce(end_date BETWEEN $ps AND $pe, false) AS exited
  FROM participants
  WHERE start_date <= $pe AND (end_date IS NULL OR end_date >= $ps) {team}
), b AS (
  SELECT *, exited AND end_date <= start_date + INTERVAL 2 MONTH AS dropout FROM a
)
SELECT team, CASE WHEN grouping(sex) = 1 THEN 'total' ELSE sex END AS grp,
  count(*) AS active, sum(exited::INT) AS exits, sum(dropout::INT) AS dropouts,
  sum((exited AND NOT dropout AND exit_reason = 'work')::INT) AS work,
  sum((exited AND NOT dropout AND exit_reason = 'studies')::INT) AS studies,
  sum((exited AND NOT dropout AND exit_reason = 'vocational_rehab')::INT) AS vocational_rehab,
  sum((exited AND NOT dropout AND exit_reason = 'medical_rehab')::INT) AS medical_rehab,
  sum((exited AND NOT dropout AND exit_reason = 'sickness_compensation')::INT)
      AS sickness_compensation,
  sum((exited AND NOT dropout AND exit_reason = 'other')::INT) AS other,
  count(*) - sum(exited::INT) AS active_at_end
FROM b GROUP BY GROUPING SETS ((team, sex), (team))
"""

CHANGE_SQL = """
WITH act AS (
  SELECT team, participant_id, sex, birth_year, end_date FROM participants
  WHERE start_date <= $pe AND (end_date IS NULL OR end_date >= $ps) {team}
), m AS (
  SELECT o.team, o.participant_id, o.date, o.score, act.sex, act.birth_year
  FROM ors o JOIN act USING (team, participant_id)
  WHERE o.date <= least(coalesce(act.end_date, $pe), $pe)
), per AS (
  SELECT team, participant_id, any_value(sex) AS sex, any_value(birth_year) AS born,
         count(*) AS n, arg_min(score, date) AS first, arg_max(score, date) AS last,
         min(date) AS first_date
  FROM m GROUP BY team, participant_id
), k AS (
  SELECT team, sex, round(last - first, 6) AS change, first, last,
         CASE WHEN year(first_date) - born BETWEEN 13 AND 17 THEN 28 ELSE 25 END AS cutoff
  FROM per WHERE n >= 2
), c AS (
  SELECT team, sex, change, CASE
      WHEN change <= -5 THEN 'deteriorated'
      WHEN change >= 5 AND first < cutoff AND last >= cutoff THEN 'recovered'
      WHEN change >= 5 THEN 'improved' ELSE 'unchanged' END AS cls
  FROM k
)
SELECT team, CASE WHEN grouping(sex) = 1 THEN 'total' ELSE sex END AS grp,
  count(*) AS with_two_or_more, sum((cls = 'recovered')::INT) AS recovered,
  sum((cls = 'improved')::INT) AS improved, sum((cls = 'unchanged')::INT) AS unchanged,
  sum((cls = 'deteriorated')::INT) AS deteriorated, avg(change) AS mean_change
FROM c GROUP BY GROUPING SETS ((team, sex), (team))
"""

SURVEY_SQL = """
WITH r AS (
  SELECT r.team, r.question_id, r.respondent_group, r.sex, r.answer,
         (r.answer >= q.agree_from)::INT AS agree
  FROM survey_responses r JOIN survey_questions q USING (question_id)
  WHERE r.survey_year = $year AND r.answer IS NOT NULL {team}
), g AS (
  SELECT *, 'total' AS grp FROM r
  UNION ALL
  SELECT *, sex AS grp FROM r
  WHERE respondent_group IN ('participant', 'participant_exit') AND sex IN ('K', 'M')
)
SELECT team, question_id, grp, count(*) AS answers, avg(answer) AS mean,
       100.0 * sum(agree) / count(*) AS agree_share
FROM g GROUP BY team, question_id, grp
"""


AGE_SQL = """
WITH a AS (
  SELECT sex, year(start_date) - birth_year AS age FROM participants p
  WHERE start_date <= $pe AND (end_date IS NULL OR end_date >= $ps) {pteam}
), g AS (
  SELECT sex, CASE WHEN age IS NULL THEN 'unknown_age'
    WHEN age BETWEEN 16 AND 24 THEN '16-24' WHEN age BETWEEN 25 AND 29 THEN '25-29'
    WHEN age BETWEEN 30 AND 39 THEN '30-39' WHEN age BETWEEN 40 AND 49 THEN '40-49'
    WHEN age BETWEEN 50 AND 64 THEN '50-64' ELSE 'other_age' END AS age_group FROM a
)
SELECT CASE WHEN grouping(sex) = 1 THEN 'total' ELSE sex END AS grp,
  CASE WHEN grouping(age_group) = 1 THEN 'total' ELSE age_group END AS age_group,
  count(*) AS n
FROM g GROUP BY CUBE (sex, age_group)
"""

FOLLOWUP_SQL = """
WITH m(months) AS (VALUES (6), (12), (18), (24)),
c AS (  -- non-dropout exits whose follow-up (exit + m months) is due in the period
  SELECT p.team, p.participant_id, p.sex, m.months FROM participants p, m
  WHERE p.end_date > p.start_date + INTERVAL 2 MONTH
    AND p.end_date + to_months(m.months) BETWEEN $ps AND $pe {pteam}
), f AS (
  SELECT c.sex, c.months, f.status FROM c LEFT JOIN followups f
    ON f.team = c.team AND f.participant_id = c.participant_id
   AND f.months_after_exit = c.months
)
SELECT CASE WHEN grouping(sex) = 1 THEN 'total' ELSE sex END AS grp, months,
  count(*) AS cohort,
  count(*) FILTER (WHERE status IS NOT NULL AND status <> 'unknown') AS followed_up,
  {reasons},
  100.0 * count(*) FILTER (WHERE status IN ('work', 'studies', 'vocational_rehab'))
    / nullif(count(*) FILTER (WHERE status IS NOT NULL AND status <> 'unknown'), 0)
    AS positive_share
FROM f GROUP BY GROUPING SETS ((sex, months), (months))
"""

SOCIO_SQL = """
WITH k(cohort, win, months) AS (
  VALUES ('at_exit', 'after_exit', 0), ('after_6m', 'after_6m', 6),
         ('after_24m', 'after_24m', 24)
), members AS (  -- non-dropout exits whose exit + 0/6/24 months falls in the period
  SELECT k.cohort, k.win, p.team, p.participant_id, p.sex FROM participants p, k
  WHERE p.end_date > p.start_date + INTERVAL 2 MONTH
    AND p.end_date + to_months(k.months) BETWEEN $ps AND $pe {pteam}
), w AS (  -- months per member, side (before/after) and source
  SELECT m.cohort, m.team, m.participant_id,
         s."window" = 'before' AS before, s.source, sum(s.months) AS months
  FROM members m JOIN support s ON s.team = m.team AND s.participant_id = m.participant_id
   AND (s."window" = 'before' OR s."window" = m.win)
  GROUP BY ALL
), per AS (  -- each member's effects a year (before − after) × unit value
  SELECT w.cohort, w.team, w.participant_id,
    sum(months) FILTER (WHERE before) AS mb, sum(months) FILTER (WHERE NOT before) AS ma,
    {effects},
    sum(CASE WHEN u.work THEN (CASE WHEN before THEN -months ELSE months END) ELSE 0 END)
      * $prod AS production,
    sum(CASE WHEN before THEN months * u.public ELSE 0 END)
      + greatest(12 - coalesce(sum(months) FILTER (WHERE before AND u.work), 0), 0) * $prod
      AS potential
  FROM w JOIN uv u USING (source) GROUP BY ALL
), days AS (  -- each enrolment's days in each budget row of its team
  SELECT p.team, p.participant_id, b.rid, b.spent_sek,
    greatest(date_diff('day', greatest(p.start_date, b.ps),
                              least(coalesce(p.end_date, b.pe), b.pe)) + 1, 0) AS d
  FROM participants p JOIN budget b USING (team)
  WHERE p.team IN (SELECT team FROM members)
), cost AS (  -- the team's spending shared out over its enrolment days
  SELECT team, participant_id, sum(spent_sek * d / tot) AS cost
  FROM days JOIN (SELECT rid, sum(d) AS tot FROM days GROUP BY rid) USING (rid)
  WHERE tot > 0 GROUP BY team, participant_id
), x AS (
  SELECT m.cohort, m.sex, coalesce(mb >= 11.95 AND ma >= 11.95, false) AS complete,
         coalesce(c.cost, 0) AS cost, per.* EXCLUDE (cohort, team, participant_id, mb, ma)
  FROM members m LEFT JOIN per USING (cohort, team, participant_id)
  LEFT JOIN cost c USING (team, participant_id)
)
SELECT cohort, CASE WHEN grouping(sex) = 1 THEN 'total' ELSE sex END AS grp,
  count(*) AS n, count(*) FILTER (WHERE complete) AS n_complete,
  sum(cost) FILTER (WHERE complete) AS cost_sek, {sums},
  sum(production) FILTER (WHERE complete) AS production,
  sum(society) FILTER (WHERE complete) AS society,
  sum(potential) FILTER (WHERE complete) AS potential_sek
FROM (SELECT *, {public} + production AS society FROM x)
GROUP BY GROUPING SETS ((cohort, sex), (cohort))
"""


def _socio_sql() -> str:
    from finsam_analysis.schema import ACTORS, PUBLIC_ACTORS

    effects = ",\n    ".join(
        f"sum(CASE WHEN before THEN months ELSE -months END * u.{a}) AS {a}" for a in ACTORS)
    sums = ", ".join(f"sum({a}) FILTER (WHERE complete) AS {a}" for a in ACTORS)
    return SOCIO_SQL.format(effects=effects, sums=sums, public=" + ".join(PUBLIC_ACTORS),
                            pteam="{pteam}")


def _followup_sql() -> str:
    from finsam_analysis.schema import EXIT_REASONS

    reasons = ", ".join(f"count(*) FILTER (WHERE status = '{r}') AS {r}" for r in EXIT_REASONS)
    return FOLLOWUP_SQL.format(reasons=reasons, pteam="{pteam}")


def _socio_tables(data) -> dict:
    """What the socio-economic SQL needs besides the data's tables: the unit values (one row
    a source, a column an actor) and the budget rows with their periods' dates."""
    import pandas as pd

    from finsam_analysis.periods import parse_period
    from finsam_analysis.schema import ACTORS, PUBLIC_ACTORS, SUPPORT_SOURCES, WORK_SOURCES

    units = data.config.socioeconomic
    uv = pd.DataFrame({"source": list(SUPPORT_SOURCES),
                       **{a: [units.value(s, a) for s in SUPPORT_SOURCES] for a in ACTORS},
                       "public": [sum(units.value(s, a) for a in PUBLIC_ACTORS)
                                  for s in SUPPORT_SOURCES],
                       "work": [s in WORK_SOURCES for s in SUPPORT_SOURCES]})
    b = data.budget[["team", "period", "spent_sek"]].copy()
    b["rid"] = range(len(b))
    b["ps"] = [pd.Timestamp(parse_period(x).start) for x in b["period"]]
    b["pe"] = [pd.Timestamp(parse_period(x).end) for x in b["period"]]
    return {"uv": uv, "budget": b[["rid", "team", "spent_sek", "ps", "pe"]]}


def bench_compute(runs: int) -> dict:
    import duckdb
    import pandas as pd

    from finsam_analysis.io.load import load_data
    from finsam_analysis.measures import ors, outcomes, socioeconomic, surveys
    from finsam_analysis.periods import parse_period

    data = load_data(DATA)
    one = data.for_team(TEAM)
    p = parse_period(PERIOD)
    con = duckdb.connect()
    tables = {name: getattr(data, name) for name in
              ("participants", "ors", "survey_responses", "survey_questions", "followups",
               "support")}
    for name, frame in {**tables, **_socio_tables(data)}.items():
        con.register("src", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM src")
        con.unregister("src")
    params = {"ps": pd.Timestamp(p.start), "pe": pd.Timestamp(p.end)}
    units, budget, support = data.config.socioeconomic, data.budget, data.support
    queries = {"age": AGE_SQL, "followup": _followup_sql(), "socio": _socio_sql()}

    def sql(query: str, team: bool, **extra):
        q = queries.get(query, query)
        q = q.format(team=(f"AND team = '{TEAM}'" if team else ""),
                     pteam=(f"AND p.team = '{TEAM}'" if team else ""))
        if "survey_responses r" in q and team:
            q = query.format(team=f"AND r.team = '{TEAM}'")
        values = {**({} if "$year" in q else params), **extra}
        if query == "socio":
            values["prod"] = units.production_value
        return con.execute(q, values).df()

    cases = {
        "outcome table, one team": (
            lambda: outcomes.outcome_table(one.participants, p),
            lambda: sql(OUTCOME_SQL, True)),
        "outcome table, all teams": (
            lambda: outcomes.outcome_table_by_team(data.participants, p),
            lambda: sql(OUTCOME_SQL, False)),
        "ORS change classes, one team": (
            lambda: ors.change_table(one.participants, one.ors, p),
            lambda: sql(CHANGE_SQL, True)),
        "ORS change classes, all teams": (
            lambda: ors.change_table_by_team(data.participants, data.ors, p),
            lambda: sql(CHANGE_SQL, False)),
        "survey per question, one team": (
            lambda: surveys.question_results(data.survey_questions, data.survey_responses,
                                             YEAR, TEAM),
            lambda: sql(SURVEY_SQL, True, year=YEAR)),
        "survey per question, all teams": (
            lambda: surveys.question_results_by_team(data.survey_questions,
                                                     data.survey_responses, YEAR),
            lambda: sql(SURVEY_SQL, False, year=YEAR)),
        "follow-up table, one team": (
            lambda: outcomes.followup_table(one.participants, one.followups, p),
            lambda: sql("followup", True)),
        "follow-up table, all teams together": (
            lambda: outcomes.followup_table(data.participants, data.followups, p),
            lambda: sql("followup", False)),
        "age group x sex, one team": (
            lambda: outcomes.age_groups(one.participants, p),
            lambda: sql("age", True)),
        "age group x sex, all teams together": (
            lambda: outcomes.age_groups(data.participants, p),
            lambda: sql("age", False)),
        "socio-economic table, one team": (
            lambda: socioeconomic.socioeconomic_table(one.participants, one.support, units, p,
                                                      one.budget),
            lambda: sql("socio", True)),
        "socio-economic table, all teams together": (
            lambda: socioeconomic.socioeconomic_table(data.participants, support, units, p,
                                                      budget),
            lambda: sql("socio", False)),
    }
    results = {}
    for name, (ours, theirs) in cases.items():
        ours()
        theirs()  # warm both
        t_ours, r_ours = median_time(ours, runs)
        t_duck, r_duck = median_time(theirs, runs)
        results[name] = {"ours_s": t_ours, "duckdb_s": t_duck, "ratio": t_ours / t_duck,
                         "agree": _agree(name, r_ours, r_duck)}
    return results


def _agree(name: str, ours, duck) -> bool:
    """Do our numbers and DuckDB's match (the totals rows, or every survey cell; every cell
    of the follow-up, age and socio-economic tables)? Counts exactly, sums of money and shares
    to 1e-9 (DuckDB adds in another order)."""
    import numpy as np

    if name.startswith("follow-up"):
        o = ours[ours["cohort"] > 0].set_index(["group", "months_after_exit"]).sort_index()
        d = duck.rename(columns={"grp": "group", "months": "months_after_exit"})
        d = d.set_index(["group", "months_after_exit"]).sort_index()
        counts = [c for c in o.columns if c != "positive_share"]
        return o.index.equals(d.index) and all(
            np.array_equal(o[c].to_numpy(), d[c].to_numpy(dtype="int64")) for c in counts) \
            and np.allclose(o["positive_share"].to_numpy(dtype=float),
                            d["positive_share"].to_numpy(dtype=float), rtol=1e-12,
                            equal_nan=True)
    if name.startswith("age"):
        o = ours.rename_axis("grp").reset_index().melt("grp", var_name="age_group",
                                                       value_name="n")
        o = o[o["n"] > 0].set_index(["grp", "age_group"])["n"].sort_index()
        d = duck.set_index(["grp", "age_group"])["n"].sort_index()
        return o.index.equals(d.index) and np.array_equal(o.to_numpy(), d.to_numpy())
    if name.startswith("socio"):
        from finsam_analysis.schema import ACTORS

        o = ours.set_index(["cohort", "group"])
        d = duck.rename(columns={"grp": "group"}).set_index(["cohort", "group"])
        same = True
        for actor in (*ACTORS, "production", "society"):
            rows = o[o["actor"] == actor]
            rows = rows[rows["n"] > 0].sort_index()
            dd = d.loc[rows.index]
            same &= rows.index.equals(d.sort_index().index)
            same &= np.array_equal(rows["n"].to_numpy(), dd["n"].to_numpy(dtype="int64"))
            same &= np.array_equal(rows["n_complete"].to_numpy(),
                                   dd["n_complete"].to_numpy(dtype="int64"))
            for ours_col, duck_col in (("effect_1y_sek", actor), ("cost_sek", "cost_sek"),
                                       *((("potential_sek", "potential_sek"),)
                                         if actor == "society" else ())):
                same &= np.allclose(rows[ours_col].to_numpy(dtype=float),
                                    dd[duck_col].to_numpy(dtype=float), rtol=1e-9,
                                    equal_nan=True)
        return bool(same)
    if name.startswith("survey"):
        o = ours if "team" in ours else ours.assign(team=TEAM)
        o = o[o["answers"] > 0].set_index(["team", "question_id", "group"]).sort_index()
        d = duck.set_index(["team", "question_id", "grp"]).sort_index()
        return len(o) == len(d) and bool(
            (o["answers"].to_numpy() == d["answers"].to_numpy()).all()
            and np.allclose(o["mean"].to_numpy(), d["mean"].to_numpy()))
    d = duck[duck["grp"] == "total"].set_index("team").sort_index()
    if "team" not in getattr(ours.index, "names", []) or ours.index.nlevels == 1:
        o = ours.loc[["total"]].assign(team=TEAM).set_index("team")
    else:
        o = ours.xs("total", level="group")
        o = o[o.index.isin(d.index)].sort_index()
    cols = [c for c in d.columns if c in o.columns and c not in ("team", "grp", "mean_change")]
    return len(o) == len(d) and all(
        np.array_equal(o[c].to_numpy(dtype=float), d[c].to_numpy(dtype=float)) for c in cols)


FLOOR_SOURCE = ("import pandas, numpy, scipy.stats, matplotlib.pyplot, IPython.display\n"
                "import finsam_analysis.reports.team")


def bench_batch(runs: int) -> dict:
    sample = ROOT / "data" / "sample"
    periods = ["2021H2", "2022H1"]
    teams = ["fjarilen", "kompassen", "ankaret", "solrosen"]
    n = len(periods) * len(teams)
    work = Path(tempfile.mkdtemp(prefix="finsam-bench-"))
    try:
        floor_nb = _floor_notebook(work)

        def ours():
            out = work / "ours"
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run([str(BIN / "finsam"), "reports", str(sample), "--period", *periods,
                            "--team", *teams, "--jobs", "2", "--out", str(out), "--quiet"],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def naive():
            out = work / "naive"
            out.mkdir(exist_ok=True)
            for period in periods:
                for team in teams:
                    target = out / f"{team}-{period}.ipynb"
                    subprocess.run([str(BIN / "papermill"), "team_report.ipynb", str(target),
                                    "-p", "data_dir", str(sample), "-p", "team", team,
                                    "-p", "period", period, "--no-progress-bar"],
                                   check=True, cwd=ROOT / "notebooks",
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html",
                                    "--no-input", str(target)], check=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def floor():
            subprocess.run([str(BIN / "papermill"), str(floor_nb), str(work / "floor-out.ipynb"),
                            "--no-progress-bar"], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)

        t_ours, _ = median_time(ours, runs)
        t_naive, _ = median_time(naive, runs)
        t_floor, _ = median_time(floor, max(runs, 3))
        per_report = t_ours * 2 / n  # worker time per report with 2 jobs, start included
        return {"reports": n, "ours_s": t_ours, "naive_s": t_naive, "floor_s": t_floor,
                "per_report_s": per_report, "batch_vs_naive": t_ours / t_naive}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _floor_notebook(work: Path) -> Path:
    import nbformat

    floor_nb = work / "floor.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, floor_nb)
    return floor_nb


def bench_report(runs: int, extra: int = 8) -> dict:
    """What one more national team report costs in a warm worker, beside the floor."""
    teams = [f"t{i:03d}" for i in range(1, extra + 2)]
    work = Path(tempfile.mkdtemp(prefix="finsam-bench-report-"))
    try:
        floor_nb = _floor_notebook(work)

        def batch(k: int) -> float:
            out = work / f"out{k}"
            shutil.rmtree(out, ignore_errors=True)
            t0 = time.perf_counter()
            subprocess.run([str(BIN / "finsam"), "reports", str(DATA), "--period", "2021H2",
                            "--team", *teams[:k], "--jobs", "1", "--audience", "internal",
                            "--out", str(out), "--quiet"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return time.perf_counter() - t0

        def floor() -> float:
            t0 = time.perf_counter()
            subprocess.run([str(BIN / "papermill"), str(floor_nb), str(work / "floor-out.ipynb"),
                            "--no-progress-bar"], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            return time.perf_counter() - t0

        one, many, floors = [], [], []
        for _ in range(runs):  # interleaved, so a change of load touches all three alike
            one.append(batch(1))
            floors.append(floor())
            many.append(batch(1 + extra))
        per_report = (statistics.median(many) - statistics.median(one)) / extra
        t_floor = statistics.median(floors)
        return {"reports": extra, "one_s": statistics.median(one),
                "many_s": statistics.median(many), "per_report_s": per_report,
                "floor_s": t_floor, "report_vs_floor": per_report / t_floor}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def information_loss(run) -> dict:
    """Headline cells hidden: the Kvinnor/Män/Totalt counts of the outcome tables behind the
    positive share (active, exits, dropouts, positive), and how many of them rest on 20+
    people (the share's base, exits − dropouts, of their group)."""
    prot = run.protection
    headline = hidden = hidden_20 = 0
    for (scope, period), places in prot.places.items():
        if (scope, period) not in run.tables:
            continue
        for (table, _row, column), key in places.items():
            if table != "outcomes" or column not in ("active", "exits", "dropouts", "positive"):
                continue
            headline += 1
            if key in prot.hidden:
                hidden += 1
                base = prot.values.get((key[0], key[1], "completed", key[3]), 0)
                hidden_20 += base >= 20
    return {"headline": headline, "hidden": hidden, "hidden_20": hidden_20,
            "primary": len(prot.primary), "all_hidden": len(prot.hidden)}


def _protection_set(path: str, n: int | None) -> dict:
    """One protection run in a fresh process (so its peak memory is its own)."""
    import resource

    from finsam_analysis.io.load import load_data
    from finsam_analysis.reports import report

    periods = ("2021H2", "2022H1", "2021/22")
    data = load_data(Path(path))
    chosen = data.teams[:n] if n else data.teams
    reports = [(t, p) for p in periods for t in chosen] + [("*", p) for p in periods]
    if n and n < len(data.teams):  # the association of just these teams
        keep = data.participants["team"].isin(chosen)
        data = dataclasses.replace(data, participants=data.participants[keep])
    timing = {}
    choose = report.protect_run

    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return choose(*args, **kwargs)
        finally:
            timing["choose_s"] = time.perf_counter() - t0

    report.protect_run = timed
    try:
        t = time.perf_counter()
        run = report.protect_reports(data, reports)
        total = time.perf_counter() - t
    finally:
        report.protect_run = choose
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"s": total, "tables_s": total - timing["choose_s"], "choose_s": timing["choose_s"],
            "peak_mib": peak, "reports": len(reports), **information_loss(run)}


def bench_protection(teams: int | None) -> dict:
    """The disclosure step of a run (every team × three periods and the overview): computing
    the reports' tables, choosing the hidden cells and auditing them, on the sample and on
    `teams` national teams; each in a process of its own (time, peak memory)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    out = {}
    sets = [("sample", ROOT / "data" / "sample", None)]
    if teams:
        sets.append((f"national, {teams} teams", DATA, teams))
    for name, path, n in sets:
        with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
            out[name] = pool.submit(_protection_set, str(path), n).result()
    return out


def print_compute(compute: dict) -> None:
    print("Compute (period 2021/22, survey year 2021)            ours      DuckDB   ratio  same")
    for name, r in compute.items():
        print(f"  {name:<44} {r['ours_s'] * 1000:7.1f} ms {r['duckdb_s'] * 1000:7.1f} ms "
              f"{r['ratio']:6.2f}  {'yes' if r['agree'] else 'NO'}")


def print_compute_targets(compute: dict) -> None:
    worst = max(r["ratio"] for r in compute.values())
    slower = [name for name, r in compute.items() if r["ratio"] > TARGETS["compute_ratio"]]
    print(f"  every compute step at least as fast as DuckDB: worst {worst:.2f}x — "
          f"{verdict(not slower)}" + (f" (slower: {', '.join(slower)}; why: "
                                     "benchmarks/README.md)" if slower else ""))
    print(f"  results agree with DuckDB: "
          f"{verdict(all(r['agree'] for r in compute.values()))}")


def print_report(r: dict) -> None:
    print(f"One national team report in a warm worker (2021H2, internal, one worker): "
          f"batch of 1 team {r['one_s']:.1f} s, of {1 + r['reports']} teams "
          f"{r['many_s']:.1f} s")
    print(f"  one more report: {r['per_report_s']:.2f} s; floor (papermill, imports only) "
          f"{r['floor_s']:.2f} s; report / floor {r['report_vs_floor']:.2f}")


def verdict(ok: bool) -> str:
    return "holds" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run each")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--only-batch", action="store_true")
    parser.add_argument("--only-report", action="store_true",
                        help="only one national team report beside the floor")
    parser.add_argument("--protection-teams", type=int, default=30,
                        help="national teams in the protection benchmark (300 = all)")
    parser.add_argument("--only-protection", action="store_true")
    parser.add_argument("--data", default=None,
                        help="the national data set (default: benchmarks/.data/national, "
                        "made there when missing); read, never written")
    parser.add_argument("--only-compute", action="store_true",
                        help="only the compute steps beside DuckDB (no load, batch or "
                        "protection benchmark)")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    if args.data:
        global DATA
        DATA = Path(args.data).resolve()
    ensure_data()
    print(f"finsam-analysis benchmarks — {os.cpu_count()} cores, Python "
          f"{sys.version.split()[0]}, median of {runs} run(s)\n")

    if args.only_compute:
        compute = bench_compute(max(runs, 5))
        print_compute(compute)
        print("\nTargets")
        print_compute_targets(compute)
        return 0
    if args.only_protection or not (args.only_batch or args.only_report):
        prot = bench_protection(args.protection_teams)
        print("Disclosure control of a run (3 periods, every team and the overview)")
        for name, r in prot.items():
            print(f"  {name:<22} {r['reports']:4d} reports {r['s']:8.1f} s (tables "
                  f"{r['tables_s']:.1f} s, choice and audit {r['choose_s']:.1f} s), peak "
                  f"{r['peak_mib']:.0f} MiB; primary {r['primary']:5d}, hidden "
                  f"{r['all_hidden']:5d}; headline cells hidden {r['hidden']} of "
                  f"{r['headline']}, resting on 20+ people: {r['hidden_20']}")
        if args.only_protection:
            return 0
        print()
    if args.only_batch:
        batch = bench_batch(runs)
        print(f"Batch: {batch['reports']} reports, ours {batch['ours_s']:.1f} s, naive "
              f"{batch['naive_s']:.1f} s, floor {batch['floor_s']:.1f} s; batch / naive "
              f"{batch['batch_vs_naive']:.2f}")
        return 0
    if args.only_report:
        print_report(bench_report(runs))
        return 0
    load = bench_load(runs)
    rows = load["rows"]
    print(f"Load: {rows['participants']:,} enrolments, {rows['ors']:,} ORS rows, "
          f"{rows['survey_responses']:,} survey answers (Parquet)")
    print(f"  cold (read + validate):  {load['cold_s']:6.2f} s   peak "
          f"{load['cold_peak_mib']:6.0f} MiB")
    print(f"  cached:                  {load['cached_s']:6.2f} s   peak "
          f"{load['cached_peak_mib']:6.0f} MiB")

    compute = bench_compute(max(runs, 5))
    print()
    print_compute(compute)

    batch = None
    if not args.skip_batch:
        batch = bench_batch(runs)
        print(f"\nBatch: {batch['reports']} sample team reports as HTML")
        print(f"  finsam reports --jobs 2:      {batch['ours_s']:6.1f} s "
              f"({batch['per_report_s']:.2f} s a report per worker)")
        print(f"  naive (papermill + nbconvert): {batch['naive_s']:6.1f} s")
        print(f"  floor (papermill, imports only): {batch['floor_s']:4.1f} s a notebook")
        print(f"  batch / naive: {batch['batch_vs_naive']:.2f}")
        report = bench_report(runs)
        print()
        print_report(report)

    print("\nTargets")
    print(f"  national load, cached < {TARGETS['load_cached_s']} s: "
          f"{load['cached_s']:.2f} s — {verdict(load['cached_s'] < TARGETS['load_cached_s'])}")
    peak = max(load["cold_peak_mib"], load["cached_peak_mib"])
    print(f"  peak memory < 2 GiB: {peak:.0f} MiB — {verdict(peak < TARGETS['load_peak_mib'])}")
    print_compute_targets(compute)
    if batch:
        print(f"  batch <= 0.35x naive: {batch['batch_vs_naive']:.2f} — "
              f"{verdict(batch['batch_vs_naive'] <= TARGETS['batch_vs_naive'])}")
        print(f"  one national team report <= {TARGETS['report_vs_floor']}x floor: "
              f"{report['report_vs_floor']:.2f} — "
              f"{verdict(report['report_vs_floor'] <= TARGETS['report_vs_floor'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
