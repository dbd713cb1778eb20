"""How the national work grows with the number of teams: 30, 300 and 3 000 (issue #17).

    .venv/bin/python benchmarks/scale.py [--sizes 30,300,3000] [--reports 4]

The data sets are made from the national sample set (`finsam sample --scale national`, 300
teams) and kept in `benchmarks/.data/` (not in git): 30 teams are its first 30, 3 000 its
300 teams ten times over under new team and participant ids (the copies' people are the same
synthetic people again; no other data). For each size, in fresh processes:

- loading: cold (read and validate, an empty cache) and cached, with the peak memory;
- the all-teams computations a national run makes (outcome table and ORS change classes by
  team, the survey per question by team, the follow-up and socio-economic tables over all
  teams);
- what one more team report costs in a warm worker (`finsam reports`, one worker, internal,
  2021H2: a batch of 1 + `--reports` reports less a batch of 1, divided by `--reports`),
  and the peak memory of the batch's largest process;
- the national batch this gives: two reports a team (a half-year and a full year) on two
  workers, without the overview and the disclosure step (timed apart by `run.py`).

Prints one table; growth is read down each column.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATA = ROOT / ".data"
NATIONAL = DATA / "national"
BIN = Path(sys.executable).parent
TEAM_TABLES = ("participants", "ors", "srs", "followups", "health", "support", "staff",
               "budget", "survey_responses", "survey_invited")
"""The national set's files with a team column (`survey_questions` has none)."""
ID_TABLES = ("participants", "ors", "srs", "followups", "health", "support")
"""Those with a participant id."""


def make_set(teams: int) -> Path:
    """The national set cut to its first `teams` teams, or copied until it has them (a
    multiple of 300); made once."""
    import pandas as pd
    import yaml

    out = DATA / f"teams-{teams}"
    if teams == 300:
        return NATIONAL
    if (out / "config.yml").exists():
        return out
    tmp = DATA / f".teams-{teams}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    config = yaml.safe_load((NATIONAL / "config.yml").read_text(encoding="utf-8"))
    original = list(config["teams"])
    copies = max(1, -(-teams // len(original)))
    if teams < len(original):
        keep = set(original[:teams])
        config["teams"] = {t: config["teams"][t] for t in original[:teams]}
    else:
        config["teams"] = {_copy(t, k): {**config["teams"][t], "name": _name(
            config["teams"][t]["name"], k)} for k in range(copies) for t in original}
    for name in TEAM_TABLES:
        frame = pd.read_parquet(NATIONAL / f"{name}.parquet")
        if teams < len(original):
            frame = frame[frame["team"].isin(keep)]
        else:
            parts = []
            for k in range(copies):
                part = frame.copy()
                part["team"] = part["team"].map(lambda t, k=k: _copy(t, k))
                if name in ID_TABLES:
                    part["participant_id"] = part["participant_id"].map(
                        lambda p, k=k: p if k == 0 else f"K{k}{p}")
                if name == "survey_responses":
                    part["respondent_id"] = part["respondent_id"].map(
                        lambda p, k=k: p if k == 0 else f"K{k}{p}")
                parts.append(part)
            frame = pd.concat(parts, ignore_index=True)
        frame.to_parquet(tmp / f"{name}.parquet", index=False)
    shutil.copy(NATIONAL / "survey_questions.parquet", tmp / "survey_questions.parquet")
    head = [line for line in (NATIONAL / "config.yml").read_text(encoding="utf-8").splitlines()
            if line.startswith("#")]
    (tmp / "config.yml").write_text(
        "\n".join(head) + f"\n# benchmarks/scale.py: the national set at {teams} teams.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp / "README.md").write_text(
        f"# Synthetic benchmark data: the national sample set at {teams} teams\n\n"
        "Made by `benchmarks/scale.py` from `finsam sample --scale national`; fictional "
        "association, teams and people.\n", encoding="utf-8")
    os.replace(tmp, out)
    return out


def _copy(team: str, k: int) -> str:
    return team if k == 0 else f"k{k}{team}"


def _name(name: str, k: int) -> str:
    return name if k == 0 else f"{name} {k + 1}"


LOAD = """
import json, resource, sys, time
t = time.perf_counter()
from finsam_analysis.io.load import load_data
d = load_data(sys.argv[1])
print(json.dumps({"s": time.perf_counter() - t,
                  "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "teams": len(d.teams), "participants": len(d.participants),
                  "ors": len(d.ors), "answers": len(d.survey_responses)}))
"""

COMPUTE = """
import json, sys, time
from finsam_analysis.io.load import load_data
from finsam_analysis.measures import ors, outcomes, socioeconomic, surveys
d = load_data(sys.argv[1])
p, year = "2021/22", 2021
steps = {
    "outcomes": lambda: outcomes.outcome_table_by_team(d.participants, p),
    "ors": lambda: ors.change_table_by_team(d.participants, d.ors, p),
    "survey": lambda: surveys.question_results_by_team(d.survey_questions,
                                                       d.survey_responses, year),
    "followup": lambda: outcomes.followup_table(d.participants, d.followups, p),
    "socio": lambda: socioeconomic.socioeconomic_table(d.participants, d.support,
                                                       d.config.socioeconomic, p, d.budget),
}
out = {}
for name, step in steps.items():
    step()
    times = []
    for _ in range(3):
        t = time.perf_counter(); step(); times.append(time.perf_counter() - t)
    out[name] = sorted(times)[1]
print(json.dumps(out))
"""


def _python(code: str, data: Path, cache: Path) -> dict:
    env = {**os.environ, "FINSAM_CACHE": str(cache)}
    out = subprocess.run([sys.executable, "-c", code, str(data)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


WATCH = """
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""
"""Runs a command; prints its wall time and the peak memory (MiB) of its largest process."""


def _batch(data: Path, cache: Path, teams: list[str], out: Path) -> tuple[float, float]:
    env = {**os.environ, "FINSAM_CACHE": str(cache)}
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-c", WATCH, str(BIN / "finsam"), "reports", str(data), "--period",
         "2021H2", "--team", *teams, "--jobs", "1", "--audience", "internal", "--out",
         str(out), "--quiet"], env=env, check=True, capture_output=True, text=True)
    seconds, mib = done.stdout.split()
    return float(seconds), float(mib)


def measure(teams: int, reports: int) -> dict:
    data = make_set(teams)
    with tempfile.TemporaryDirectory(prefix="finsam-scale-") as tmp:
        cache = Path(tmp) / "cache"
        cold = _python(LOAD, data, cache)
        cached = _python(LOAD, data, cache)
        compute = _python(COMPUTE, data, cache)
        names = [f"t{i:03d}" for i in range(1, reports + 2)]
        one, _ = _batch(data, cache, names[:1], Path(tmp) / "one")
        many, peak = _batch(data, cache, names, Path(tmp) / "many")
    per_report = (many - one) / reports
    return {"teams": cold["teams"], "participants": cold["participants"], "ors": cold["ors"],
            "answers": cold["answers"], "cold_s": cold["s"], "cold_mib": cold["mib"],
            "cached_s": cached["s"], "cached_mib": cached["mib"], "compute_s": compute,
            "first_report_s": one, "per_report_s": per_report,
            "batch_peak_mib": peak,
            "batch_estimate_min": 2 * cold["teams"] * per_report / 2 / 60}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,300,3000")
    parser.add_argument("--reports", type=int, default=4,
                        help="reports beyond the first, to time one more report")
    args = parser.parse_args()
    if not (NATIONAL / "config.yml").exists():
        print(f"Making the national data set in {NATIONAL} (once) …", flush=True)
        subprocess.run([str(BIN / "finsam"), "sample", str(NATIONAL), "--scale", "national"],
                       check=True, stdout=subprocess.DEVNULL)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        print(f"{n} teams …", flush=True)
        rows.append(measure(n, args.reports))
        print(json.dumps(rows[-1]), flush=True)
    print(f"\nGrowth with the number of teams — {os.cpu_count()} cores, Python "
          f"{sys.version.split()[0]}; one report: internal, 2021H2, one warm worker")
    head = (f"{'teams':>6} {'enrolments':>11} {'ORS rows':>11} {'load cold':>10} "
            f"{'peak':>9} {'cached':>7} {'outcomes':>9} {'ORS':>8} {'survey':>8} "
            f"{'follow-up':>9} {'socio':>8} {'a report':>9} {'largest process':>15} "
            f"{'600-style batch':>16}")
    print(head)
    for r in rows:
        c = r["compute_s"]
        print(f"{r['teams']:>6} {r['participants']:>11,} {r['ors']:>11,} "
              f"{r['cold_s']:>9.1f}s {r['cold_mib']:>6.0f}MiB {r['cached_s']:>6.1f}s "
              f"{c['outcomes'] * 1000:>7.0f}ms {c['ors'] * 1000:>6.0f}ms "
              f"{c['survey'] * 1000:>6.0f}ms {c['followup'] * 1000:>7.0f}ms "
              f"{c['socio'] * 1000:>6.0f}ms {r['per_report_s']:>8.1f}s "
              f"{r['batch_peak_mib']:>12.0f}MiB {r['batch_estimate_min']:>12.1f} min")
    print("\n600-style batch: two reports a team on two workers from the report cost above "
          "(no overview, no disclosure step).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
