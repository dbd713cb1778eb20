"""The `finsam` command.

    finsam validate DATA_DIR
    finsam sample OUT_DIR
    finsam outcomes DATA_DIR --period P [--team T] [--format csv|table]
                    [--audience internal|external] [--table outcomes|background|…]
    finsam tables DATA_DIR --period P [--team T] [--audience external|internal]

Exit status: 0 on success, 1 on invalid data (every problem is printed), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

import pandas as pd

from . import outcomes as oc
from .errors import DataError
from .load import Dataset, load_data
from .periods import Period, PeriodError, parse_period
from .tables import (
    OUTCOME_REPORT_COLUMNS,
    Presented,
    csv_number,
    mask_for,
    present,
    present_targets,
    present_trend,
)

CSV_COLUMNS = ["active", "exits", "dropouts", "work", "studies", "vocational_rehab",
               "medical_rehab", "sickness_compensation", "other", "active_at_end", "positive",
               "positive_share", "mean_years_without_work", "mean_throughput_months"]
DECIMAL_COLUMNS = {"positive_share", "mean_years_without_work", "mean_throughput_months",
                   "share", "target", "mean_change", "ors_compliant_share",
                   "srs_compliant_share"}


# --- the tables a data set gives for a period -------------------------------------------------

def _crosstab(func: Callable) -> Callable:
    return lambda data, period: func(data.participants, period)


TABLES: dict[str, tuple[str, str, Callable[[Dataset, Period], pd.DataFrame]]] = {
    # name: (kind for suppression, label domain, compute)
    "outcomes": ("outcomes", "outcome", lambda d, p: oc.outcome_table(
        d.participants, p, d.config.settings.dropout_months)),
    "background": ("background", "outcome", lambda d, p: oc.background_variables(
        d.participants, p, d.config.settings.dropout_months)),
    "exit-other": ("crosstab", "exit_other", lambda d, p: oc.exit_other_breakdown(
        d.participants, p, d.config.settings.dropout_months)),
    "work-support": ("crosstab", "work_support", lambda d, p: oc.work_support_breakdown(
        d.participants, p, d.config.settings.dropout_months)),
    "age": ("crosstab", "age", _crosstab(oc.age_groups)),
    "referrer": ("crosstab", "referrer", _crosstab(oc.referrers)),
}
TITLES = {"outcomes": "outcomes_title", "background": "background_title",
          "exit-other": "exit_other_title", "work-support": "work_support_title",
          "age": "age_title", "referrer": "referrer_title"}


def table_csv(table: pd.DataFrame, mask: pd.DataFrame | None, columns: list[str]) -> str:
    """One row per group: `group,<columns>`; masked cells `..`, missing values empty."""
    lines = [",".join(["group", *columns])]
    for group in table.index:
        cells = [str(group)]
        for col in columns:
            if mask is not None and bool(mask.at[group, col]):
                cells.append("..")
            else:
                cells.append(csv_number(table.at[group, col],
                                        1 if col in DECIMAL_COLUMNS or
                                        pd.api.types.is_float_dtype(table[col]) else None))
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


# --- commands -----------------------------------------------------------------------------------

def cmd_validate(args: argparse.Namespace) -> int:
    data = load_data(args.data_dir)
    for w in data.warnings:
        print(f"warning: {w}")
    print(f"OK: {args.data_dir}")
    for table, file in data.files.items():
        frame = getattr(data, table)
        print(f"  {file}: {len(frame)} rows")
    teams = ", ".join(f"{t} ({data.team_name(t)})" for t in data.teams)
    print(f"  teams: {teams}")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from .sample import write_sample

    for path in write_sample(args.out_dir, args.seed):
        print(path)
    return 0


def _load(args: argparse.Namespace) -> tuple[Dataset, Period]:
    period = parse_period(args.period)
    data = load_data(args.data_dir)
    return data.for_team(args.team), period


def _long_tables(data: Dataset, period: Period, audience: str) -> list[Presented]:
    """The trend of the positive-outcome share, and the targets where the config has some."""
    from .labels import text

    settings = data.config.settings
    trend = oc.outcome_trend(data.participants, period, 3, settings.dropout_months)
    out = [present_trend(trend, audience, settings, title=text("trend_title"))]
    if data.config.targets:
        targets = oc.target_table(data.participants, period, data.config.targets,
                                  data.followups, settings.dropout_months)
        out.append(present_targets(targets, audience, settings, title=text("targets_title")))
    return out


def cmd_outcomes(args: argparse.Namespace) -> int:
    data, period = _load(args)
    settings = data.config.settings
    if args.table in ("trend", "targets"):
        settings = data.config.settings
        if args.table == "trend":
            table = oc.outcome_trend(data.participants, period, 3, settings.dropout_months)
        else:
            table = oc.target_table(data.participants, period, data.config.targets,
                                    data.followups, settings.dropout_months)
        if args.format == "csv":
            sys.stdout.write(table.to_csv(index=False, float_format="%.1f",
                                          lineterminator="\n"))
            return 0
        print(_heading(data, args.team, period))
        presented = _long_tables(data, period, args.audience)[0 if args.table == "trend" else -1]
        print(presented.to_text())
        return 0
    kind, domain, compute = TABLES[args.table]
    table = compute(data, period)
    if args.format == "csv":
        mask = mask_for(kind, table, settings) if args.audience == "external" else None
        columns = CSV_COLUMNS if args.table == "outcomes" else list(table.columns)
        sys.stdout.write(table_csv(table, mask, columns))
        return 0
    shown = OUTCOME_REPORT_COLUMNS + ["mean_years_without_work", "mean_throughput_months"] \
        if args.table == "outcomes" else None
    from .labels import text

    presented = present(table, kind, args.audience, settings, title=text(TITLES[args.table]),
                        domain=domain, columns=shown)
    print(_heading(data, args.team, period))
    print(_vertical(presented))
    return 0


def _heading(data: Dataset, team: str | None, period: Period) -> str:
    who = data.team_name(team) if team else f"{data.config.association}, alla team"
    line = f"{who} — {period.name} ({period.label})"
    return line + ("\n" + "Exempeldata — fiktiva uppgifter" if data.config.example_data else "")


def _vertical(presented: Presented) -> str:
    """A wide table printed with the groups as columns, so long Swedish labels fit."""
    frame = presented.frame.T
    frame.index.name = None
    frame.columns.name = None
    parts = [presented.title, "-" * len(presented.title), frame.to_string(), presented.legend]
    return "\n".join(p for p in parts if p) + "\n"


def cmd_tables(args: argparse.Namespace) -> int:
    from .labels import text

    data, period = _load(args)
    settings = data.config.settings
    teams = [args.team] if args.team else [None, *data.teams]
    for team in teams:
        sub = data.for_team(team)
        print("=" * 78)
        print(_heading(data, team, period))
        print("=" * 78)
        for name, (kind, domain, compute) in TABLES.items():
            table = compute(sub, period)
            if name == "outcomes":
                shown = OUTCOME_REPORT_COLUMNS + ["mean_years_without_work",
                                                  "mean_throughput_months"]
            else:
                shown = None
            presented = present(table, kind, args.audience, settings,
                                title=text(TITLES[name]), domain=domain, columns=shown)
            print(_vertical(presented))
        for presented in _long_tables(sub, period, args.audience):
            print(presented.to_text() + "\n")
        for presented in _ors_tables(sub, period, args.audience).values():
            print(_vertical(presented))
    return 0


ORS_CHANGE_COLUMNS = ["participants", "with_two_or_more", "recovered", "improved", "unchanged",
                      "deteriorated", "mean_change"]
ORS_COMPLIANCE_COLUMNS = ["participants", "ors_compliant", "ors_compliant_share",
                          "srs_compliant", "srs_compliant_share"]


def _ors_tables(data: Dataset, period: Period, audience: str) -> dict[str, Presented]:
    """The ORS change classes and the ORS/SRS measurement policy, presented."""
    from . import ors
    from .labels import text

    s = data.config.settings
    out: dict[str, Presented] = {}
    if data.ors is not None:
        change = ors.change_table(data.participants, data.ors, period, s.ors_reliable_change,
                                  s.ors_cutoff_adult, s.ors_cutoff_youth)
        p = present(change, "change", audience, s, title=text("change_title"), domain="ors",
                    columns=[*ORS_CHANGE_COLUMNS[:-1], "recovered_share", "improved_share",
                             "unchanged_share", "deteriorated_share", "mean_first",
                             "mean_last", "mean_change", "effect_size"])
        p.legend = text("change_note", rc=s.ors_reliable_change, adult=s.ors_cutoff_adult,
                        youth=s.ors_cutoff_youth) + "\n" + p.legend
        out["change"] = p
    if data.ors is not None or data.srs is not None:
        comp = ors.compliance_table(data.participants, data.ors, data.srs, period,
                                    s.measurement_max_gap_days)
        p = present(comp, "compliance", audience, s, title=text("compliance_title"),
                    domain="ors")
        p.legend = text("compliance_note", max_gap=s.measurement_max_gap_days) + "\n" + p.legend
        out["compliance"] = p
    return out


def cmd_ors(args: argparse.Namespace) -> int:
    from . import ors

    data, period = _load(args)
    if data.ors is None and data.srs is None:
        print(f"finsam: {args.data_dir} has no ors or srs table", file=sys.stderr)
        return 1
    s = data.config.settings
    if args.compliance:
        table = ors.compliance_table(data.participants, data.ors, data.srs, period,
                                     s.measurement_max_gap_days)
        kind, columns = "compliance", ORS_COMPLIANCE_COLUMNS
    else:
        if data.ors is None:
            print(f"finsam: {args.data_dir} has no ors table", file=sys.stderr)
            return 1
        table = ors.change_table(data.participants, data.ors, period, s.ors_reliable_change,
                                 s.ors_cutoff_adult, s.ors_cutoff_youth)
        kind, columns = "change", ORS_CHANGE_COLUMNS
    if args.format == "csv":
        mask = mask_for(kind, table, s) if args.audience == "external" else None
        sys.stdout.write(table_csv(table, mask, columns))
        return 0
    print(_heading(data, args.team, period))
    print(_vertical(_ors_tables(data, period, args.audience)[kind]))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="finsam", description="Uppföljning för samordningsförbundens team (Finsam).")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a data directory and list every problem")
    p.add_argument("data_dir")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("sample", help="write the synthetic sample data set")
    p.add_argument("out_dir")
    p.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_sample)

    def period_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("data_dir")
        p.add_argument("--period", required=True,
                       help="2021, 2021H1, 2021H2, 2021/22, 2021T1 or 2021-03-01..2021-09-30")
        p.add_argument("--team", default=None, help="one team's id (default: all teams)")

    p = sub.add_parser("outcomes", help="the outcome table (gemensamma utfallsmått)")
    period_args(p)
    p.add_argument("--format", choices=["csv", "table"], default="table")
    p.add_argument("--audience", choices=["internal", "external"], default="internal")
    p.add_argument("--table", choices=[*TABLES, "trend", "targets"], default="outcomes",
                   help="which table (default: the outcome table)")
    p.set_defaults(func=cmd_outcomes)

    p = sub.add_parser("ors", help="ORS change classes, or the ORS/SRS measurement policy")
    period_args(p)
    p.add_argument("--format", choices=["csv", "table"], default="table")
    p.add_argument("--audience", choices=["internal", "external"], default="internal")
    p.add_argument("--compliance", action="store_true",
                   help="the measurement-policy follow-up instead of the change classes")
    p.set_defaults(func=cmd_ors)

    p = sub.add_parser("tables", help="every outcome table of a period, in Swedish")
    period_args(p)
    p.add_argument("--audience", choices=["internal", "external"], default="external")
    p.set_defaults(func=cmd_tables)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "seed", "absent") is None:
        from .sample import SEED

        args.seed = SEED
    try:
        return args.func(args)
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except PeriodError as exc:
        print(f"finsam: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
