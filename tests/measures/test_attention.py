"""The attention list, rule by rule, at each boundary (hand-built data)."""

from __future__ import annotations

import pandas as pd
import pytest

from finsam_analysis.measures.attention import Rules, attention_list, latest_date
from finsam_analysis.measures.ors import measurement_frame

DAY = "2022-06-30"


def people(*rows):
    frame = pd.DataFrame(rows, columns=["participant_id", "sex", "birth_year", "start_date",
                                        "end_date"])
    frame["team"] = "t"
    for c in ("start_date", "end_date"):
        frame[c] = pd.to_datetime(frame[c]).astype("datetime64[ns]")
    return frame


def scores(*rows):
    return measurement_frame([{"participant_id": p, "team": "t", "date": d, "total": s}
                              for p, d, s in rows])


def reasons(frame, pid):
    return list(frame.loc[frame["participant_id"] == pid, "reason"])


def test_ors_overdue_after_61_days_not_at_61():
    p = people(("a", "K", 1980, "2022-01-01", None), ("b", "M", 1980, "2022-01-01", None))
    o = scores(("a", "2022-04-30", 30), ("b", "2022-04-29", 30))  # 61 and 62 days before D
    out = attention_list(p, o, None, DAY)
    assert reasons(out, "a") == []
    assert reasons(out, "b") == ["ors_overdue"]
    row = out[out["participant_id"] == "b"].iloc[0]
    assert row["value"] == 62 and row["date"] == pd.Timestamp("2022-04-29")


def test_no_ors_since_start_counts_from_the_start():
    p = people(("new", "K", 1980, "2022-05-01", None), ("old", "K", 1980, "2022-04-29", None))
    o = scores(("old", "2022-04-01", 30))  # before this enrolment's start: not its own
    out = attention_list(p, o, None, DAY)
    assert reasons(out, "new") == []  # 60 days since the start
    assert reasons(out, "old") == ["ors_overdue"]
    assert out.iloc[0]["measurements"] == 0 and out.iloc[0]["value"] == 62


def test_only_enrolled_on_the_day():
    p = people(("gone", "K", 1980, "2021-01-01", "2022-06-29"),
               ("last_day", "K", 1980, "2021-01-01", DAY),
               ("later", "K", 1980, "2022-07-01", None))
    out = attention_list(p, None, None, DAY)
    assert set(out["participant_id"]) == {"last_day"}


def test_reliable_deterioration_at_five_points():
    p = people(("a", "K", 1980, "2022-05-01", None), ("b", "M", 1980, "2022-05-01", None))
    o = scores(("a", "2022-05-02", 30), ("a", "2022-06-20", 25),
               ("b", "2022-05-02", 30), ("b", "2022-06-20", 25.1))
    out = attention_list(p, o, None, DAY)
    assert reasons(out, "a") == ["deteriorated"] and reasons(out, "b") == []
    assert out.iloc[0]["value"] == -5


def test_below_the_cutoff_after_three_measurements_and_the_youth_cutoff():
    p = people(("two", "K", 1980, "2022-05-01", None), ("three", "K", 1980, "2022-05-01", None),
               ("at", "K", 1980, "2022-05-01", None), ("young", "M", 2006, "2022-05-01", None))
    rows = []
    for pid, last in (("two", None), ("three", 24.9), ("at", 25.0), ("young", 27.0)):
        rows += [(pid, "2022-05-02", 20), (pid, "2022-06-01", 22)]
        if last is not None:
            rows.append((pid, "2022-06-20", last))
    out = attention_list(p, scores(*rows), None, DAY)
    assert reasons(out, "two") == [] and reasons(out, "at") == []
    assert reasons(out, "three") == ["below_cutoff"]
    assert reasons(out, "young") == ["below_cutoff"]  # 16 years old: the cutoff is 28
    assert out.loc[out["participant_id"] == "young", "value"].item() == 28


def test_long_enrolment_is_more_than_twelve_calendar_months():
    p = people(("exact", "K", 1980, "2021-06-30", None), ("longer", "K", 1980, "2021-06-29", None))
    o = scores(("exact", "2022-06-01", 30), ("longer", "2022-06-01", 30))
    out = attention_list(p, o, None, DAY)
    assert reasons(out, "exact") == [] and reasons(out, "longer") == ["long_enrolment"]
    out = attention_list(p, o, None, DAY, Rules(max_months=6))
    assert reasons(out, "exact") == ["long_enrolment"]


def test_low_latest_srs():
    p = people(("a", "K", 1980, "2022-05-01", None), ("b", "K", 1980, "2022-05-01", None))
    o = scores(("a", "2022-06-01", 30), ("b", "2022-06-01", 30))
    srs = scores(("a", "2022-05-10", 30), ("a", "2022-06-10", 35.9),
                 ("b", "2022-05-10", 20), ("b", "2022-06-10", 36))
    out = attention_list(p, o, srs, DAY)
    assert reasons(out, "a") == ["srs_low"] and reasons(out, "b") == []
    assert out.iloc[0]["last"] == pytest.approx(35.9)


def test_reasons_in_order_and_the_default_day_is_the_latest_in_the_data():
    p = people(("a", "K", 1980, "2020-01-01", None))
    o = scores(("a", "2020-01-05", 30), ("a", "2020-02-05", 20))
    srs = scores(("a", "2020-02-05", 10))
    assert latest_date(p, o, srs).isoformat() == "2020-02-05"
    out = attention_list(p, o, srs, "2021-03-01")
    assert list(out["reason"]) == ["ors_overdue", "deteriorated", "long_enrolment", "srs_low"]
