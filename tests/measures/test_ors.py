"""ORS and SRS: class boundaries, the gap rule, totals-only input, bad input, and a naive
cross-check of `finsam ors --format csv` on the sample."""

from __future__ import annotations

import csv
import datetime as dt
import io

import matplotlib
import numpy as np
import pandas as pd
import pytest
from conftest import SAMPLE, frame, person
from conftest import run_cli as run

from finsam_analysis.errors import DataError
from finsam_analysis.io.load import load_data
from finsam_analysis.measures import ors
from finsam_analysis.periods import parse_period

pytestmark = pytest.mark.usefixtures("english")  # matches the English messages

matplotlib.use("Agg")


def m(pid, date, total=None, team="t1", **items):
    return {"participant_id": pid, "team": team, "date": date, "total": total, **items}


def classes(first, last, birth_year=1985, first_date="2020-02-01", **settings):
    p = frame(person("K", "2020-01-15", pid="x", birth_year=birth_year))
    o = ors.measurement_frame([m("x", first_date, first), m("x", "2020-06-01", last)])
    return ors.change(p, o, "2020", **settings).loc[0, "class"]


@pytest.mark.parametrize(("first", "last", "expected"), [
    (20, 25, "recovered"),        # change exactly 5, ending exactly on the cutoff
    (20, 24.9, "unchanged"),      # 4.9 is not reliable
    (19.9, 24.9, "improved"),     # reliable, but ends below the cutoff
    (25, 30, "improved"),         # started at the cutoff: not below it
    (24.9, 29.9, "recovered"),
    (30, 25, "deteriorated"),     # exactly −5
    (30, 25.1, "unchanged"),
    (10, 14.9, "unchanged"),
    (24, 26, "unchanged"),        # crosses the cutoff without reliable change
])
def test_jacobson_truax_boundaries(first, last, expected):
    assert classes(first, last) == expected


def test_item_sums_with_float_noise_still_hit_exactly_five():
    p = frame(person("K", "2020-01-15", pid="x"))
    o = ors.measurement_frame([
        m("x", "2020-02-01", individual=5.1, interpersonal=5.2, social=4.9, overall=4.8),
        m("x", "2020-05-01", individual=6.3, interpersonal=6.4, social=6.1, overall=6.2),
    ])
    row = ors.change(p, o, "2020").loc[0]
    assert row["first"] == 20.0 and row["last"] == 25.0
    assert row["class"] == "recovered"


def test_teenager_uses_the_youth_cutoff():
    # born 2004, first measured 2020: 16 → cutoff 28
    assert classes(20, 27, birth_year=2004) == "improved"
    assert classes(20, 28, birth_year=2004) == "recovered"
    assert classes(20, 27, birth_year=2002) == "recovered"   # 18: adult cutoff 25
    # age is taken at the first measurement's year: born 2002, first measured 2019 → 17
    p = frame(person("K", "2019-11-01", pid="x", birth_year=2002))
    o = ors.measurement_frame([m("x", "2019-12-01", 20), m("x", "2020-03-01", 27)])
    row = ors.change(p, o, "2020").loc[0]
    assert (row["age"], row["cutoff"], row["class"]) == (17, 28, "improved")


def test_cutoff_and_reliable_change_are_settings():
    assert classes(20, 24, reliable_change=4.0) == "improved"
    assert classes(20, 24, reliable_change=4.0, cutoff_adult=24.0) == "recovered"


def test_first_and_last_measurement_rules():
    p = frame(person("K", "2019-06-01", "2020-09-15", "work", pid="x"),
              person("M", "2020-03-01", pid="y"),
              person("M", "2020-03-01", pid="z"))
    o = ors.measurement_frame([
        m("x", "2019-06-05", 10),   # first of the enrolment, before the period: still first
        m("x", "2020-03-01", 18),
        m("x", "2020-09-15", 22),   # on the exit day: counts
        m("x", "2020-09-20", 35),   # after exit: not "last"
        m("y", "2020-04-01", 20),   # only one measurement: not classed
        m("y", "2021-02-01", 30),   # after the period end
    ])
    per = ors.change(p, o, "2020").set_index("participant_id")
    assert per.loc["x", ["first", "last", "n"]].tolist() == [10, 22, 3]
    assert per.loc["x", "class"] == "improved"
    assert per.loc["y", "n"] == 1 and pd.isna(per.loc["y", "class"])
    assert per.loc["z", "n"] == 0
    table = ors.change_table(p, o, "2020")
    assert table.loc["total", ["participants", "with_two_or_more", "improved"]].tolist() == \
        [3, 1, 1]
    assert table.loc["M", "with_two_or_more"] == 0
    assert np.isnan(table.loc["M", "improved_share"])


def test_change_table_sums_and_effect_size():
    recs, meas = [], []
    for i, (sex, a, b) in enumerate([("K", 10, 20), ("K", 20, 26), ("M", 30, 24), ("M", 15, 16)]):
        recs.append(person(sex, "2020-01-01", pid=f"p{i}"))
        meas += [m(f"p{i}", "2020-01-10", a), m(f"p{i}", "2020-04-10", b)]
    t = ors.change_table(frame(*recs), ors.measurement_frame(meas), "2020")
    assert t.loc["total", ["recovered", "improved", "unchanged", "deteriorated"]].tolist() == \
        [1, 1, 1, 1]
    assert t.loc["K", "recovered"] == 1 and t.loc["K", "improved"] == 1
    assert t.loc["total", "mean_change"] == pytest.approx((10 + 6 - 6 + 1) / 4)
    firsts = pd.Series([10, 20, 30, 15])
    assert t.loc["total", "effect_size"] == pytest.approx(2.75 / firsts.std())
    assert t.loc["K", "recovered_share"] == pytest.approx(50.0)


def gap_of(start, measurements, period="2020", end=None, reason=None):
    p = frame(person("K", start, end, reason, pid="x"))
    o = ors.measurement_frame([m("x", d, 20) for d in measurements]) if measurements else None
    return ors.measurement_policy(p, o, period).loc[0]


def test_gap_rule_61_and_62_days():
    # period 2020H1; enrolled before it; measured 2019-12-31, then gaps of 61 days
    ok = gap_of("2019-11-01", ["2019-12-31", "2020-03-01", "2020-05-01", "2020-06-30"], "2020H1")
    assert ok["longest_gap"] == 61 and ok["compliant"]
    bad = gap_of("2019-11-01", ["2019-12-31", "2020-03-02", "2020-05-01", "2020-06-30"],
                 "2020H1")
    assert bad["longest_gap"] == 62 and not bad["compliant"]


def test_gap_reference_dates():
    # No measurement before the window: start_date is the first reference.
    r = gap_of("2020-03-01", ["2020-05-01"], "2020H1")
    assert r["longest_gap"] == 61  # 03-01 → 05-01 is 61 days, 05-01 → 06-30 is 60
    # The window ends at exit, not at the period end.
    r = gap_of("2020-03-01", ["2020-04-01"], "2020H1", end="2020-05-15", reason="work")
    assert r["longest_gap"] == 44 and r["window_end"] == pd.Timestamp("2020-05-15")
    # Never measured: from start (or the window start's previous) to the window end.
    r = gap_of("2020-05-01", [], "2020H1")
    assert (r["longest_gap"], r["measurements"], r["compliant"]) == (60, 0, True)
    r = gap_of("2020-01-01", [], "2020H1")
    assert not r["compliant"]
    # Months enrolled (calendar months of the window) and months with a measurement.
    r = gap_of("2020-02-20", ["2020-02-25", "2020-03-01", "2020-03-30", "2020-05-10"], "2020H1")
    assert (r["months_enrolled"], r["months_measured"], r["measurements"]) == (5, 3, 4)


def test_compliance_table_by_sex():
    p = frame(person("K", "2020-05-01", pid="a"), person("K", "2020-01-01", pid="b"),
              person("M", "2020-05-01", pid="c"))
    srs = ors.measurement_frame([m("b", "2020-02-01", 35), m("b", "2020-04-01", 35),
                                 m("b", "2020-06-01", 35)])
    t = ors.compliance_table(p, None, srs, "2020H1")
    assert t.loc["K", "srs_compliant"] == 2 and t.loc["M", "srs_compliant"] == 1
    assert t.loc["total", "srs_compliant_share"] == pytest.approx(100.0)
    assert t["ors_compliant"].isna().all()  # no ORS table: unknown, not zero


def test_trajectory_by_whole_months_with_interval():
    recs, meas = [], []
    for i, score in enumerate([10, 12, 14, 16]):
        recs.append(person("K" if i < 2 else "M", "2020-01-31", pid=f"p{i}"))
        meas += [m(f"p{i}", "2020-01-31", score), m(f"p{i}", "2020-02-29", score + 4),
                 m(f"p{i}", "2020-03-30", score + 8)]
    t = ors.trajectory(frame(*recs), ors.measurement_frame(meas), "2020")
    tot = t[t["group"] == "total"].set_index("month")
    # 2020-01-31 + 1 month = 2020-02-29 (clipped): whole month 1; 03-30 is still month 1
    assert tot.loc[0, "n"] == 4 and tot.loc[0, "mean"] == pytest.approx(13.0)
    assert tot.loc[1, "n"] == 4 and tot.loc[1, "mean"] == pytest.approx(19.0)  # (17 + 21) / 2
    sd = pd.Series([10, 12, 14, 16]).std()
    half = 3.182446305284263 * sd / 2  # t(0.975, 3)
    assert tot.loc[0, "ci_low"] == pytest.approx(13 - half)
    k = t[t["group"] == "K"].set_index("month")
    assert k.loc[0, "n"] == 2 and k.loc[0, "mean"] == pytest.approx(11.0)


def test_months_since():
    start = pd.Series(pd.to_datetime(["2020-01-15", "2020-01-31", "2020-01-31"]))
    date = pd.Series(pd.to_datetime(["2020-02-14", "2020-02-29", "2020-02-28"]))
    assert ors.months_since(start, date).tolist() == [0, 1, 0]


# --- loading ----------------------------------------------------------------------------------

PARTICIPANTS = ("participant_id,team,sex,birth_year,start_date,end_date,exit_reason\n"
                "a,t1,K,1980,2020-01-10,2020-09-01,work\n"
                "b,t1,M,1990,2020-02-01,,\n")


def write_dir(tmp_path, ors_text, name="ors.csv"):
    (tmp_path / "participants.csv").write_text(PARTICIPANTS, encoding="utf-8")
    (tmp_path / name).write_text(ors_text, encoding="utf-8")
    return tmp_path


def test_totals_only_file_and_swedish_headers(tmp_path):
    data = load_data(write_dir(tmp_path, "Deltagar-ID;Team;Datum;Totalt\n"
                                         "a;t1;2020-01-20;18,5\nb;t1;2020-03-01;22\n"))
    assert data.ors["score"].tolist() == [18.5, 22.0]
    data = load_data(write_dir(tmp_path, "deltagare;team;datum;individuellt;mellanmänskligt;"
                                         "socialt;övergripande\na;t1;2020-01-20;4,5;5;5;5\n"))
    assert data.ors.loc[0, "score"] == 19.5


@pytest.mark.parametrize(("row", "column", "message"), [
    ("a,t1,2020-01-20,10.5,5,5,5,", "individual", "outside the scale"),
    ("a,t1,2020-01-20,,,,,41", "total", "outside the scale"),
    ("a,t1,2020-01-20,-1,5,5,5,", "individual", "outside the scale"),
    ("zz,t1,2020-01-20,5,5,5,5,", "participant_id", "no such participant"),
    ("b,t2,2020-03-01,5,5,5,5,", "participant_id", "no such participant"),
    ("a,t1,2020-01-09,5,5,5,5,", "date", "before enrolment"),
    ("a,t1,2020-10-05,5,5,5,5,", "date", "long after exit"),
    ("a,t1,2020-01-20,5,5,5,,", "total", "some items are missing"),
    ("a,t1,2020-01-20,5,5,5,5,25", "total", "not the sum"),
    ("a,t1,2020-13-20,5,5,5,5,", "date", "not a valid date"),
])
def test_bad_ors_rows(tmp_path, row, column, message):
    header = "participant_id,team,date,individual,interpersonal,social,overall,total\n"
    text = header + "a,t1,2020-02-20,5,5,5,5,\n" + row + "\n"
    with pytest.raises(DataError) as info:
        load_data(write_dir(tmp_path, text))
    hits = [p for p in info.value.problems if message in p.message]
    assert hits, [str(p) for p in info.value.problems]
    assert (hits[0].file, hits[0].row) == ("ors.csv", 3)
    assert hits[0].column.startswith(column)


def test_duplicate_measurement_and_srs_scale(tmp_path):
    header = "participant_id,team,date,total\n"
    with pytest.raises(DataError, match=r"ors.csv, row 3, column .*duplicate"):
        load_data(write_dir(tmp_path, header + "a,t1,2020-02-20,20\na,t1,2020-02-20,21\n"))
    srs = "participant_id,team,date,relationship,goals,approach,overall\na,t1,2020-02-20,11,9,9,9\n"
    with pytest.raises(DataError, match=r"srs.csv, row 2, column relationship"):
        load_data(write_dir(tmp_path, srs, "srs.csv"))


def test_exit_day_measurement_within_grace_is_accepted(tmp_path):
    data = load_data(write_dir(tmp_path, "participant_id,team,date,total\na,t1,2020-10-01,30\n"))
    assert len(data.ors) == 1


# --- the command, cross-checked ---------------------------------------------------------------



def _read(name):
    with open(SAMPLE / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _naive_change(period: str, team: str | None):
    """Straight from the spec, row by row."""
    p = parse_period(period)
    people = {(r["team"], r["participant_id"]): r for r in _read("participants.csv")
              if team is None or r["team"] == team}
    series: dict = {}
    for r in _read("ors.csv"):
        k = (r["team"], r["participant_id"])
        if k in people:
            score = round(sum(float(r[c]) for c in ("individual", "interpersonal", "social",
                                                    "overall")), 6)
            series.setdefault(k, []).append((dt.date.fromisoformat(r["date"]), score))
    groups = {g: dict(participants=0, with_two_or_more=0, recovered=0, improved=0,
                      unchanged=0, deteriorated=0, changes=[]) for g in ("K", "M", "unknown",
                                                                          "total")}
    for k, r in people.items():
        start = dt.date.fromisoformat(r["start_date"])
        end = dt.date.fromisoformat(r["end_date"]) if r["end_date"] else None
        if not (start <= p.end and (end is None or end >= p.start)):
            continue
        sex = r["sex"] if r["sex"] in ("K", "M") else "unknown"
        until = min(end, p.end) if end else p.end
        ms = sorted(x for x in series.get(k, []) if x[0] <= until)
        cls = None
        if len(ms) >= 2:
            first, last = ms[0][1], ms[-1][1]
            change = round(last - first, 6)
            age = ms[0][0].year - int(r["birth_year"])
            cutoff = 28 if 13 <= age <= 17 else 25
            if change <= -5:
                cls = "deteriorated"
            elif change >= 5 and first < cutoff <= last:
                cls = "recovered"
            elif change >= 5:
                cls = "improved"
            else:
                cls = "unchanged"
        for g in (sex, "total"):
            groups[g]["participants"] += 1
            if cls:
                groups[g]["with_two_or_more"] += 1
                groups[g][cls] += 1
                groups[g]["changes"].append(change)
    lines = ["group,participants,with_two_or_more,recovered,improved,unchanged,deteriorated,"
             "mean_change"]
    for g, c in groups.items():
        if g == "unknown" and c["participants"] == 0:
            continue
        mean = (f"{sum(c['changes']) / len(c['changes']) + 1e-9:.1f}" if c["changes"] else "")
        lines.append(",".join([g, *(str(c[x]) for x in ("participants", "with_two_or_more",
                                                         "recovered", "improved", "unchanged",
                                                         "deteriorated")), mean]))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("period", "team"), [("2021/22", None), ("2020H2", "ankaret"),
                                              ("2019", "fjarilen"), ("2022T1", None)])
def test_ors_csv_equals_the_naive_reference(period, team):
    args = ["ors", SAMPLE, "--period", period, "--format", "csv"]
    if team:
        args += ["--team", team]
    code, out, err = run(*args)
    assert code == 0, err
    assert out == _naive_change(period, team)


def test_ors_compliance_csv_columns():
    code, out, _ = run("ors", SAMPLE, "--period", "2021H2", "--compliance", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["group", "participants", "ors_compliant", "ors_compliant_share",
                             "srs_compliant", "srs_compliant_share"]
    total = rows[-1]
    assert total["group"] == "total"
    assert float(total["ors_compliant_share"]) == pytest.approx(
        100 * int(total["ors_compliant"]) / int(total["participants"]), abs=0.051)


def test_ors_table_is_swedish_and_shows_no_srs_scores():
    code, out, _ = run("ors", SAMPLE, "--period", "2021/22")
    assert code == 0 and "Återhämtad" in out and "Kvinnor" in out
    code, out, _ = run("ors", SAMPLE, "--period", "2021/22", "--compliance")
    assert code == 0 and "Följer SRS-policyn" in out
    assert "relationship" not in out and "medelpoäng" not in out.lower()


def test_figures_draw(sample_data):
    from finsam_analysis.present import plots

    d = sample_data.for_team("kompassen")
    ax = plots.plot_trajectory(ors.trajectory(d.participants, d.ors, "2021/22"))
    assert ax.get_xlabel() == "Månader sedan inskrivning" and len(ax.lines) >= 2
    ax = plots.plot_change_classes(ors.change_table(d.participants, d.ors, "2021/22"))
    assert len(ax.patches) == 12  # 4 classes × K, M, Totalt
    ax = plots.plot_participant_lines(ors.participant_lines(d.participants, d.ors, "2021/22"))
    assert "internt" in ax.get_title(loc="left")
