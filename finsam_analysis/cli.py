"""The `finsam` command.

    finsam validate DATA_DIR
    finsam narrative-template DATA_DIR --team T --period P
    finsam sample OUT_DIR
    finsam outcomes DATA_DIR --period P [--team T] [--format csv|table]
                    [--audience internal|external] [--table outcomes|background|…]
                    [--by sex|age]
    finsam ors|health DATA_DIR --period P [--team T] [--by sex|age] …
    finsam tables DATA_DIR --period P [--team T] [--audience external|internal]
    finsam socioeconomic DATA_DIR --period P [--team T] [--format csv|table]
    finsam attention DATA_DIR --team T [--date YYYY-MM-DD] [--format csv|table]  (internal)
    finsam national-counts DATA_DIR --year Y [--audience external|internal] [--out OUT]
                         [--audience internal|external]

Exit status: 0 on success, 1 on invalid data (every problem is printed) or a failed report,
2 on a usage error or a folder that cannot be used, 3 on an internal error (no traceback:
`FINSAM_DEBUG=1` shows it), 130/143 when `finsam reports` was stopped by Ctrl-C/SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from .errors import DataError
from .io.dataset import Dataset
from .io.load import load_data
from .io.personnummer import redact
from .measures.outcomes import OUTCOME_COLUMNS
from .messages import ENV, LANGUAGES, msg, set_language, translate
from .periods import Period, PeriodError, parse_period
from .present.labels import label, text
from .present.policy import Policy
from .present.tables import Presented, csv_number, round_half_up
from .reports.report import ASSOCIATION, protect_reports, report_tables

CSV_COLUMNS = list(OUTCOME_COLUMNS)
DECIMAL_COLUMNS = {"positive_share", "mean_years_without_work", "mean_throughput_months",
                   "share", "target", "mean_change", "ors_compliant_share",
                   "srs_compliant_share", "improved_share"}


def to_csv(rows: list[list[str]], columns: list[str]) -> str:
    """Cells already written as CSV text (numbers by `csv_number`, `..` for a hidden figure)
    as one CSV document: pandas does the quoting."""
    return pd.DataFrame(rows, columns=columns, dtype=object).to_csv(index=False,
                                                                     lineterminator="\n")


def _cell(value: object, hidden: bool, decimals: int | None = None) -> str:
    return ".." if hidden else csv_number(value, decimals)


def table_csv(table: pd.DataFrame, mask: pd.DataFrame | None, columns: list[str]) -> str:
    """One row per group: `group,<columns>`; masked cells `..`, missing values empty."""
    decimals = {c: 1 if c in DECIMAL_COLUMNS or pd.api.types.is_float_dtype(table[c]) else None
                for c in columns}
    rows = [[str(group), *(_cell(table.at[group, c], mask is not None and bool(
        mask.at[group, c]), decimals[c]) for c in columns)] for group in table.index]
    return to_csv(rows, ["group", *columns])


def trend_csv(trend: pd.DataFrame, hidden: pd.DataFrame | None, policy: Policy) -> str:
    """The trend as CSV. Internal (no `hidden`): every column of every period. External:
    what the report shows of each period, `period,group,positive,completed,positive_share`,
    with `..` for a hidden figure."""
    if hidden is None:
        return trend.to_csv(index=False, float_format="%.1f", lineterminator="\n")
    rows = []
    for _, r in trend.iterrows():
        p, g = r["period"], r["group"]
        pos_hidden = bool(hidden.at[g, f"{p}:positive"])
        base_hidden = bool(hidden.at[g, f"{p}:completed"])
        base = r["exits"] - r["dropouts"]
        share_hidden = pos_hidden or base_hidden or base < policy.min_base
        rows.append([str(p), str(g), _cell(r["positive"], pos_hidden),
                     _cell(base, base_hidden), _cell(r["positive_share"], share_hidden, 1)])
    return to_csv(rows, ["period", "group", "positive", "completed", "positive_share"])


TARGET_CSV_COLUMNS = ["measure", "timepoint", "group", "target", "base", "with_followup",
                      "count", "share"]


def targets_csv(table: pd.DataFrame, mask: pd.DataFrame | None, policy: Policy) -> str:
    """`measure,timepoint,group,target,base,with_followup,count,share`: share = count ÷
    with_followup with one decimal (half away from zero), empty when nobody was followed up;
    with a mask (external), hidden counts and the shares resting on them are `..`."""
    rows = []
    for i in table.index:
        r = table.loc[i]
        hidden = {c: mask is not None and bool(mask.at[i, c])
                  for c in ("base", "with_followup", "count")}
        share_hidden = mask is not None and (any(hidden.values()) or pd.isna(
            r["with_followup"]) or r["with_followup"] < policy.min_base)
        rows.append([str(r["measure"]), str(r["timepoint"]), str(r["group"]),
                     csv_number(r["target"], 1),
                     *(_cell(r[c], hidden[c]) for c in ("base", "with_followup", "count")),
                     _cell(r["share"], share_hidden, 1)])
    return to_csv(rows, TARGET_CSV_COLUMNS)


def followups_csv(table: pd.DataFrame, mask: pd.DataFrame | None) -> str:
    """`group,months_after_exit,cohort,followed_up,<six statuses>,positive_share`."""
    from .measures.outcomes import FOLLOWUP_COLUMNS

    rows = [[str(table.at[i, "group"]), str(int(table.at[i, "months_after_exit"])),
             *(_cell(table.at[i, c], mask is not None and bool(mask.at[i, c]),
                     1 if c == "positive_share" else None) for c in FOLLOWUP_COLUMNS)]
            for i in table.index]
    return to_csv(rows, ["group", "months_after_exit", *FOLLOWUP_COLUMNS])


# --- commands -----------------------------------------------------------------------------------

def cmd_validate(args: argparse.Namespace) -> int:
    from .io.narratives import unplaced_headings

    data = load_data(args.data_dir)
    for w in data.warnings:
        print(msg("warning", text=w))
    for w in unplaced_headings(args.data_dir, list(data.teams)):
        print(msg("warning", text=translate(w)))
    print(msg("ok", path=args.data_dir))
    for table, file in data.files.items():
        frame = getattr(data, table)
        print(msg("rows", file=file, n=len(frame)))
    teams = ", ".join(f"{t} ({data.team_name(t)})" for t in data.teams)
    print(msg("teams", teams=teams))
    return 0


def cmd_narrative_template(args: argparse.Namespace) -> int:
    """Write `DATA_DIR/narratives/<team>/<period>.md` ready to fill in; never overwrite."""
    from pathlib import Path

    from .io.config import load_config
    from .io.narratives import narrative_path, write_new
    from .present.narrative_template import narrative_template

    period = parse_period(args.period)
    config_file = next((p for p in (Path(args.data_dir) / "config.yml",
                                    Path(args.data_dir) / "config.yaml") if p.exists()), None)
    config = load_config(config_file)
    if config.teams and args.team not in config.teams:
        print(f"finsam: no team {args.team!r} in the config; teams: "
              f"{', '.join(config.teams)}", file=sys.stderr)
        return 2
    path = narrative_path(args.data_dir, args.team, period)
    try:
        write_new(path, narrative_template(config.team_name(args.team), period))
    except FileExistsError:
        print(f"finsam: {path} exists already; it is not overwritten", file=sys.stderr)
        return 1
    print(path)
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from .sample import write_sample

    if args.scale == "national":
        print("Making the national data set (300 teams; a minute or two)…", file=sys.stderr)
    for path in write_sample(args.out_dir, args.seed, args.scale, args.format):
        print(path)
    return 0


def _load(args: argparse.Namespace) -> tuple[Dataset, Period]:
    period = parse_period(args.period)
    data = load_data(args.data_dir)
    return data.for_team(args.team), period


def _policy(args: argparse.Namespace, data: Dataset) -> Policy:
    """The command's one disclosure policy: `--audience` under the data set's settings.
    Every table, CSV row and text the command prints is made through it."""
    return Policy.from_settings(args.audience, data.config.settings)


def _heading(data: Dataset, team: str | None, period: Period) -> str:
    who = data.team_name(team) if team else f"{data.config.association}, alla team"
    line = f"{who} — {period.name} ({period.label})"
    return line + ("\n" + text("example_data") if data.config.example_data else "")


def _vertical(presented: Presented) -> str:
    """A wide table printed with the groups as columns, so long Swedish labels fit."""
    frame = presented.frame.T if presented.frame.index.name in (
        text("group_column"), text("age_column")) else presented.frame
    frame = frame.copy()
    frame.index.name = None
    frame.columns.name = None
    parts = [presented.title, "-" * len(presented.title), frame.to_string(), presented.legend]
    return "\n".join(p for p in parts if p) + "\n"


def _print_table(args: argparse.Namespace, name: str, columns: list[str] | None) -> int:
    """Print one table of the report as CSV (numbers) or text (as a reader sees it)."""
    data, period = _load(args)
    policy = _policy(args, data)
    report = report_tables(data, period, policy)
    if name not in report.tables:
        print(f"finsam: no {name} table: {args.data_dir} lacks the data for it", file=sys.stderr)
        return 1
    table = report.tables[name]
    if args.format == "csv":
        if name == "trend":
            sys.stdout.write(trend_csv(table, report.masks.get("trend"), policy))
        elif name == "targets":
            sys.stdout.write(targets_csv(table, report.masks.get("targets"), policy))
        elif name in ("followups", "followups_age"):
            sys.stdout.write(followups_csv(table, report.masks.get(name)))
        else:
            sys.stdout.write(table_csv(table, report.masks.get(name),
                                       columns or list(table.columns)))
        return 0
    print(_heading(data, args.team, period))
    print(_vertical(report.presented[name]))
    return 0


BY_AGE = ("outcomes", "followups", "change", "health")
"""The tables that also come by age group at start (`--by age`)."""


def _by(args: argparse.Namespace, name: str) -> str | None:
    """The table's name for `--by` (`outcomes_age` for the outcome table by age); None, with
    a message, when the table has no age split."""
    if getattr(args, "by", "sex") == "sex":
        return name
    if name not in BY_AGE:
        print(msg("no_age_split", tables=", ".join(BY_AGE)), file=sys.stderr)
        return None
    return f"{name}_age"


def cmd_outcomes(args: argparse.Namespace) -> int:
    name = _by(args, args.table.replace("-", "_"))
    if name is None:
        return 2
    return _print_table(args, name, CSV_COLUMNS if name in ("outcomes", "outcomes_age")
                        else None)


def cmd_ors(args: argparse.Namespace) -> int:
    if args.compliance:
        if args.by != "sex":
            print(msg("no_age_split", tables=", ".join(BY_AGE)), file=sys.stderr)
            return 2
        return _print_table(args, "compliance", ORS_COMPLIANCE_COLUMNS)
    return _print_table(args, _by(args, "change"), ORS_CHANGE_COLUMNS)


def cmd_tables(args: argparse.Namespace) -> int:
    data, period = _load(args)
    teams = [args.team] if args.team else [None, *data.teams]
    run = None
    policy = _policy(args, data)
    if policy.external:  # every table printed is one run, protected together
        run = protect_reports(data, [(t or ASSOCIATION, period.name) for t in teams],
                              policy=policy)
    for team in teams:
        report = report_tables(data.for_team(team), period, policy, run=run)
        print("=" * 78)
        print(_heading(data, team, period))
        print("=" * 78)
        for presented in report.presented.values():
            print(_vertical(presented))
    return 0


def cmd_attention(args: argparse.Namespace) -> int:
    """The team's attention list on a day (internal: it names participants by the team's own
    id; there is no external form of it)."""
    import datetime as dt

    from .measures.attention import COLUMNS, attention_list, latest_date, rules_from
    from .present.attention import present_attention

    data = load_data(args.data_dir).for_team(args.team)
    try:
        day = dt.date.fromisoformat(args.date) if args.date else latest_date(
            data.participants, data.ors, data.srs)
    except ValueError:
        print(msg("not_a_date", value=repr(redact(args.date))), file=sys.stderr)
        return 2
    rules = rules_from(data.config.settings)
    table = attention_list(data.participants, data.ors, data.srs, day, rules)
    if args.format == "csv":
        rows = [[_text(r[c]) for c in COLUMNS] for _, r in table.iterrows()]
        sys.stdout.write(to_csv(rows, COLUMNS))
        return 0
    presented = present_attention(table, data.team_name(args.team), day, rules)
    print(presented.title)
    print("-" * len(presented.title))
    if len(table):
        print(presented.frame.to_string(index=False))
    print(presented.legend)
    return 0


def cmd_national_counts(args: argparse.Namespace) -> int:
    from .reports.national import write_national_counts

    data = load_data(args.data_dir)
    out = args.out or f"national-counts-{args.year}"
    for path in write_national_counts(data, args.year, out, _policy(args, data)):
        print(path)
    return 0


def _text(value: object) -> str:
    """A CSV field of the attention list: dates as dates, whole numbers without decimals."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return csv_number(value, None if value.is_integer() else 1)
    return str(value)


SURVEY_COLUMNS = ["question_id", "respondent_group", "indicator", "group", "answers", "mean",
                  "agree_share"]


def cmd_surveys(args: argparse.Namespace) -> int:
    from .measures import surveys as sv
    from .present.tables import present_survey

    data = load_data(args.data_dir)
    if data.survey_responses is None or data.survey_questions is None:
        print(f"finsam: {args.data_dir} has no survey_questions and survey_responses",
              file=sys.stderr)
        return 1
    years = sorted(int(y) for y in data.survey_responses["survey_year"].unique())
    year = args.year if args.year is not None else years[-1]
    if year not in years:
        print(f"finsam: no survey answers for {year}; years in the data: "
              f"{', '.join(map(str, years))}", file=sys.stderr)
        return 1
    if args.team:
        data.for_team(args.team)  # a clear error for an unknown team
    q, r = data.survey_questions, data.survey_responses
    s = data.config.settings
    policy = _policy(args, data)
    if args.format == "csv":
        table = sv.question_results(q, r, year, args.team)
        external = policy.external
        from .present.disclosure import survey_share_hidden

        rows = []
        for rec in table.itertuples(index=False):
            hidden = external and survey_share_hidden(rec.agree_share, rec.answers,
                                                      policy.threshold, policy.min_base)
            if external and not hidden and rec.group in ("K", "M"):
                other = table[(table["question_id"] == rec.question_id)
                              & (table["respondent_group"] == rec.respondent_group)
                              & table["group"].isin(["K", "M"])]
                hidden = any(survey_share_hidden(o.agree_share, o.answers,
                                                 policy.threshold, policy.min_base)
                             for o in other.itertuples(index=False))
            n = ".." if policy.small(rec.answers) else str(rec.answers)
            rows.append([rec.question_id, rec.respondent_group, str(rec.indicator), rec.group,
                         n, _cell(rec.mean, external and rec.answers < policy.min_base, 1),
                         _cell(rec.agree_share, hidden, 1)])
        sys.stdout.write(to_csv(rows, SURVEY_COLUMNS))
        return 0
    who = data.team_name(args.team) if args.team else f"{data.config.association}, alla team"
    print(f"{who} — indikatorenkät {year}")
    if data.config.example_data:
        print(text("example_data"))
    comp = sv.comparison(q, r, year, args.team)
    for group in dict.fromkeys(comp["respondent_group"]):
        qs = q[q["respondent_group"] == group]
        title = text("survey_title", year=year, group=label("respondent_group", group))
        p = present_survey(comp, q, group, policy, s, title=title)
        p.legend = text("survey_note", lo=qs["scale_min"].min(), hi=qs["scale_max"].max(),
                        agree=qs["agree_from"].min(), min_base=policy.min_base) + "\n" + p.legend
        print(_vertical(p))
    return 0


HEALTH_COLUMNS = ["exits", "with_both", "improved", "improved_share"]
BUDGET_COLUMNS = ["tertial", "budget_sek", "spent_sek", "deviation_sek", "deviation_share"]


def cmd_health(args: argparse.Namespace) -> int:
    return _print_table(args, _by(args, "health"), HEALTH_COLUMNS)


def cmd_budget(args: argparse.Namespace) -> int:
    data, period = _load(args)
    if data.budget is None:
        print(f"finsam: {args.data_dir} has no budget table", file=sys.stderr)
        return 1
    if args.table == "costs":
        return _print_costs(args, data, period)
    from .measures.budget import budget_rows

    rows = budget_rows(data.budget, period, data.config.settings.budget_deviation_flag)
    if args.format == "csv":
        sys.stdout.write(to_csv(
            [[r.tertial, _amount(r.budget_sek), _amount(r.spent_sek), _amount(r.deviation_sek),
              csv_number(r.deviation_share, 1)] for r in rows.itertuples(index=False)],
            BUDGET_COLUMNS))
        return 0
    from .present.tables import present_budget

    print(_heading(data, args.team, period))
    print(_vertical(present_budget(rows, title=text("budget_title"))))
    return 0


def _print_costs(args: argparse.Namespace, data: Dataset, period: Period) -> int:
    """`finsam budget … --table costs`: spending and budget prorated to the period, and the
    cost per active participant and per positive outcome, in whole kronor."""
    from .measures.budget import COST_MEASURES

    report = report_tables(data, period, _policy(args, data))
    cost = report.tables["cost"].iloc[0]
    if args.format == "csv":
        mask = report.masks.get("outcomes")
        hidden = {"participants": mask is not None and bool(mask.at["total", "active"]),
                  "positive_outcomes": mask is not None and bool(mask.at["total", "positive"])}
        hidden["cost_per_participant"] = hidden["participants"]
        hidden["cost_per_positive_outcome"] = hidden["positive_outcomes"]
        rows = [[name, ".." if hidden.get(name) else "" if pd.isna(cost[name]) else
                 str(int(round_half_up(float(cost[name]), 0)))] for name in COST_MEASURES]
        sys.stdout.write(to_csv(rows, ["measure", "value"]))
        return 0
    print(_heading(data, args.team, period))
    print(_vertical(report.presented["cost"]))
    return 0


def _amount(value: float) -> str:
    """SEK for CSV: whole kronor as an integer, else two decimals."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


ORS_CHANGE_COLUMNS = ["participants", "with_two_or_more", "recovered", "improved", "unchanged",
                      "deteriorated", "mean_change"]
ORS_COMPLIANCE_COLUMNS = ["participants", "ors_compliant", "ors_compliant_share",
                          "srs_compliant", "srs_compliant_share"]
TABLE_CHOICES = ["outcomes", "background", "exit-other", "work-support", "age", "referrer",
                 "trend", "targets", "followups"]


SE_DECIMALS = {"payback_months": 1, "payback_target_months": 1, "efficiency_share": 1}
SE_TEXT = {"cohort", "group", "actor", "payback_note"}


def cmd_socioeconomic(args: argparse.Namespace) -> int:
    """The socio-economic follow-up: one row per cohort, group and actor (CSV), or the
    report's tables (table)."""
    from .measures import socioeconomic as se
    from .present.socioeconomic import hidden_groups
    from .reports import socioeconomic as sek

    data, period = _load(args)
    if data.support is None:
        print(f"finsam: {args.data_dir} has no support table", file=sys.stderr)
        return 1
    policy = _policy(args, data)
    external = policy.external
    if args.format == "table":
        sec = sek.section(data, period, policy)
        print(_heading(data, args.team, period))
        if sec.model:
            print(sec.model + "\n")
        for presented in sec.presented.values():
            print(_vertical(presented))
        return 0
    s = data.config.settings
    table = se.socioeconomic_table(data.participants, data.support, data.config.socioeconomic,
                                   period, data.budget, s.dropout_months,
                                   unknown_in_total=not external)
    hidden = hidden_groups(table, policy.min_base) if external else None
    rows = []
    for rec in table.to_dict("records"):
        if external and rec["group"] == "unknown":
            continue
        secret = hidden is not None and bool(hidden[(rec["cohort"], rec["group"])])
        cells = []
        for col in se.COLUMNS:
            value = rec[col]
            if col in SE_TEXT:
                cells.append(str(value))
            elif secret and col not in ("n", "n_complete", "payback_target_months",
                                        "price_year"):
                cells.append("..")
            elif col in SE_DECIMALS:
                cells.append(csv_number(value, 1))
            elif col in ("n", "n_complete", "price_year"):
                cells.append(csv_number(value))
            else:
                cells.append(csv_number(value, 0))
        rows.append(cells)
    sys.stdout.write(to_csv(rows, list(se.COLUMNS)))
    return 0


def cmd_reports(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .present.protection import DisclosureFailed
    from .present.sdc import ProtectionImpossible
    from .reports.batch import ExecutorError, OutputError, run_reports, summary
    from .reports.export import BrowserNotFound

    pdf = True if args.pdf else (None if args.pdf_if_available else False)
    if args.scheduler and args.executor != "dask":
        print("finsam: --scheduler goes with --executor dask", file=sys.stderr)
        return 2
    try:
        results = run_reports(args.data_dir, args.period, args.team, args.overview,
                              args.audience, pdf, args.jobs, args.out, args.compare_periods,
                              args.notebooks, progress=not args.quiet,
                              warm=not args.cold_kernels, executor=args.executor,
                              scheduler=args.scheduler)
    except (BrowserNotFound, OutputError, ExecutorError) as exc:
        print(f"finsam: {exc}", file=sys.stderr)
        return 2
    except (DisclosureFailed, ProtectionImpossible) as exc:
        print(msg("disclosure_failed", error=exc), file=sys.stderr)
        return 1
    text_, status = summary(results, Path(args.out).resolve())
    print(text_)
    if results.stopped:
        # Stopped: the workers are gone and the summary is out; leave now rather than wait
        # at exit for the pool's bookkeeping thread, which a killed worker can leave stuck.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    return status


def cmd_browser(args: argparse.Namespace) -> int:
    from .reports.export import main_browser_check

    return main_browser_check()


def cmd_audit(args: argparse.Namespace) -> int:
    """Attack what a folder of external reports publishes (its ledger), as a reader would."""
    import pandas as pd

    from .present.protection import audit_published

    path = Path(args.reports_dir) / "ledger.csv"
    if not path.exists():
        print(f"finsam: {path} saknas: mappen har inga externa rapporter från finsam reports",
              file=sys.stderr)
        return 1
    ledger = pd.read_csv(path, dtype=str, keep_default_na=False)
    keys = list(zip(ledger["scope"], ledger["period"], ledger["quantity"], ledger["group"],
                    strict=True))
    shown = {k: float(v) for k, v in zip(keys, ledger["value"], strict=True) if v != ".."}
    hidden = {k for k, v in zip(keys, ledger["value"], strict=True) if v == ".."}
    result = audit_published(shown, hidden, args.threshold)
    print(f"{path}: {len(shown)} tal visas, {len(hidden)} är dolda (..).")
    if not result.consistent:
        print("De publicerade talen går inte ihop med varandra (summorna stämmer inte).")
    for row in result.failures.itertuples(index=False):
        print(f"RÖJT: {row.period} {row.scope} {row.quantity} {row.group}: "
              f"mellan {row.lower:g} och {row.upper:g}")
    for row in result.shown_small.itertuples(index=False):
        print(f"VISAT LITET TAL: {row.period} {row.scope} {row.quantity} {row.group} = "
              f"{row.value:g}")
    cells = result.cells
    if len(cells):
        exact = int(((cells["upper"] - cells["lower"]) <= 1e-6).sum())
        print(f"Dolda tal som kan räknas ut exakt: {exact}; dolda tal som bevisligen är "
              f"minst 1: {int((cells['lower'] >= 1 - 1e-6).sum())}.")
    print("Granskningen godkänd." if result.ok else "Granskningen underkänd.")
    return 0 if result.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="finsam", description="Uppföljning för samordningsförbundens team (Finsam). "
        "Meddelanden på svenska; --lang en (var som helst på raden) eller FINSAM_LANG=en "
        "för engelska.")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="the language of messages: sv (default) or en")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a data directory and list every problem")
    p.add_argument("data_dir")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("narrative-template",
                       help="write a narrative file to fill in (never overwrites one)")
    p.add_argument("data_dir")
    p.add_argument("--team", required=True, help="the team's id")
    p.add_argument("--period", required=True, help="the report period, e.g. 2021/22")
    p.set_defaults(func=cmd_narrative_template)

    p = sub.add_parser("sample", help="write the synthetic sample data set")
    p.add_argument("out_dir")
    p.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--scale", choices=["sample", "national"], default="sample",
                   help="sample: 4 teams (the default); national: 300 teams, 100 000 "
                   "enrolments, for benchmarks")
    p.add_argument("--format", choices=["csv", "parquet"], default=None,
                   help="file format (default: csv for the sample, parquet for national)")
    p.set_defaults(func=cmd_sample)

    def period_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("data_dir")
        p.add_argument("--period", required=True,
                       help="2021, 2021H1, 2021H2, 2021/22, 2021T1 or 2021-03-01..2021-09-30")
        p.add_argument("--team", default=None, help="one team's id (default: all teams)")

    def output_args(p: argparse.ArgumentParser, audience: bool = True) -> None:
        p.add_argument("--format", choices=["csv", "table"], default="table")
        if audience:
            p.add_argument("--audience", choices=["internal", "external"], default="internal")

    def by_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--by", choices=["sex", "age"], default="sex",
                       help="rows by sex (the default) or by age group at start (16-24, "
                       "25-29, 30-39, 40-49, 50-64; start year - birth year)")

    p = sub.add_parser("outcomes", help="the outcome table (gemensamma utfallsmått)")
    period_args(p)
    output_args(p)
    p.add_argument("--table", choices=TABLE_CHOICES, default="outcomes",
                   help="which table (default: the outcome table)")
    by_args(p)
    p.set_defaults(func=cmd_outcomes)

    p = sub.add_parser("ors", help="ORS change classes, or the ORS/SRS measurement policy")
    period_args(p)
    output_args(p)
    p.add_argument("--compliance", action="store_true",
                   help="the measurement-policy follow-up instead of the change classes")
    by_args(p)
    p.set_defaults(func=cmd_ors)

    p = sub.add_parser("health", help="the health survey: improved health by sex (or age)")
    period_args(p)
    output_args(p)
    by_args(p)
    p.set_defaults(func=cmd_health)

    p = sub.add_parser("budget", help="budget and spending per tertial, or the costs")
    period_args(p)
    output_args(p)
    p.add_argument("--table", choices=["rows", "costs"], default="rows",
                   help="rows: budget and spending per budget period (the default); costs: "
                   "prorated to the report period, per participant and per positive outcome")
    p.set_defaults(func=cmd_budget)

    p = sub.add_parser("socioeconomic", help="socio-economic follow-up: effect per actor, "
                       "cost and payback time (återbetalningstid)")
    period_args(p)
    output_args(p)
    p.set_defaults(func=cmd_socioeconomic)

    p = sub.add_parser("attention", help="internal: the team's participants who need "
                       "attention (ORS overdue or worse, long enrolment, low SRS)")
    p.add_argument("data_dir", help="folder with the data files")
    p.add_argument("--team", required=True, help="team id")
    p.add_argument("--date", default=None,
                   help="the day to look at, YYYY-MM-DD (default: the latest date in the data)")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    p.set_defaults(func=cmd_attention)

    p = sub.add_parser("national-counts", help="the counts by sex the national follow-up "
                       "asks for (participants, new, exits, by team), as CSV and Excel")
    p.add_argument("data_dir", help="folder with the data files")
    p.add_argument("--year", type=int, required=True, help="calendar year, e.g. 2021")
    p.add_argument("--audience", choices=["external", "internal"], default="external")
    p.add_argument("--out", default=None,
                   help="file name without extension (default: national-counts-YEAR in the "
                   "current folder); writes OUT.csv and OUT.xlsx")
    p.set_defaults(func=cmd_national_counts)

    p = sub.add_parser("surveys", help="indicator surveys: per question and group")
    p.add_argument("data_dir")
    p.add_argument("--year", type=int, default=None, help="survey year (default: the latest)")
    p.add_argument("--team", default=None, help="one team's id (default: all teams)")
    output_args(p)
    p.set_defaults(func=cmd_surveys)

    p = sub.add_parser("reports", help="the reports: every team × period as HTML (and PDF)")
    p.add_argument("data_dir")
    p.add_argument("--period", nargs="+", default=None,
                   help="one or more periods (default: the policy's reports — the latest "
                        "complete half-year 1 July–31 December and full year 1 July–30 June "
                        "of the data — and the overview)")
    p.add_argument("--team", nargs="+", default=None, help="team ids (default: every team)")
    p.add_argument("--overview", action="store_true", help="also the overview of all teams")
    p.add_argument("--audience", choices=["external", "internal"], default="external")
    p.add_argument("--pdf", action="store_true", help="also PDF (needs Chrome/Chromium/Edge)")
    p.add_argument("--pdf-if-available", action="store_true",
                   help="PDF when a browser is found, else HTML only")
    p.add_argument("--jobs", type=int, default=None, help="reports at a time (default: cores)")
    p.add_argument("--executor", choices=["process", "dask"], default="process",
                   help="where the reports run: worker processes on this machine (default) "
                   "or the workers of a Dask cluster (--scheduler; docs/reports.md)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="the Dask scheduler's address, e.g. tcp://host:8786 (with "
                   "--executor dask)")
    p.add_argument("--out", default="reports", help="output folder (default: reports/)")
    p.add_argument("--compare-periods", type=int, default=3,
                   help="earlier periods in the trend (default 3)")
    p.add_argument("--notebooks", default=None, help=argparse.SUPPRESS)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--cold-kernels", action="store_true",
                   help="a fresh kernel for every notebook (slower; default: one warm kernel "
                   "per worker)")
    p.set_defaults(func=cmd_reports)

    p = sub.add_parser("audit", help="attack what a folder of external reports publishes")
    p.add_argument("reports_dir", help="a folder made by finsam reports (with ledger.csv)")
    p.add_argument("--threshold", type=int, default=3, help="the small-count threshold")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("browser", help="which browser PDFs are printed with")
    p.set_defaults(func=cmd_browser)

    p = sub.add_parser("tables", help="every outcome table of a period, in Swedish")
    period_args(p)
    p.add_argument("--audience", choices=["internal", "external"], default="external")
    p.set_defaults(func=cmd_tables)
    return parser


def _take_lang(argv: list[str]) -> tuple[list[str], str | None]:
    """`--lang en` (or `--lang=en`) anywhere on the command line: taken out, returned."""
    out, lang, i = [], None, 0
    while i < len(argv):
        a = argv[i]
        if a == "--lang" and i + 1 < len(argv):
            lang, i = argv[i + 1], i + 2
            continue
        if a.startswith("--lang="):
            lang = a.split("=", 1)[1]
        else:
            out.append(a)
        i += 1
    return out, lang


def main(argv: list[str] | None = None) -> int:
    """`finsam …`: messages in Swedish, or in English with `--lang en` / `FINSAM_LANG=en`."""
    argv, lang = _take_lang(list(sys.argv[1:] if argv is None else argv))
    if lang is None:
        return _main(argv)
    if lang not in LANGUAGES:
        print(f"finsam: --lang {lang}: sv or en", file=sys.stderr)
        return 2
    before = os.environ.get(ENV)
    set_language(lang)  # also for the processes a batch starts
    try:
        return _main(argv)
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before


def _main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "seed", "absent") is None:
        from .sample import SEED

        args.seed = SEED
    try:
        return args.func(args)
    except DataError as exc:
        print(redact(str(exc)), file=sys.stderr)
        return 1
    except PeriodError as exc:
        print(f"finsam: {redact(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print(msg("stopped_short"), file=sys.stderr)
        return 130
    except OSError as exc:  # a file or folder that cannot be read or written
        where = f": {exc.filename}" if exc.filename else ""
        print(f"finsam: {exc.strerror or type(exc).__name__}{redact(where)}", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback for the user; FINSAM_DEBUG=1 shows it
        if os.environ.get("FINSAM_DEBUG"):
            raise
        print(msg("internal_error", error=f"{type(exc).__name__}: {redact(str(exc))[:300]}"),
              file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
