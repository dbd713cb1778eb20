"""Deviations for the steering group, each rule at its boundary, and occupancy by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from finsam_analysis.errors import DataError
from finsam_analysis.io.config import load_config
from finsam_analysis.measures.deviations import Limits, deviations, headline_shares, occupancy


def targets(*rows):
    return pd.DataFrame(rows, columns=["measure", "timepoint", "group", "target",
                                       "with_followup", "count", "share"])


def outcomes(positive, completed):
    return pd.DataFrame({"positive": positive, "completed": completed},
                        index=["K", "M", "total"])


def test_a_target_missed_by_more_than_the_limit():
    t = targets(("work", "at_exit", "K", 25.0, 10, 1, 15.0),       # 10 points: not more
                ("work", "at_exit", "M", 25.0, 10, 1, 14.9),       # 10.1 points: listed
                ("work", "at_exit", "total", 25.0, 4, 0, 0.0),     # rests on 4: not compared
                ("studies", "at_exit", "total", 20.0, 20, 10, 50.0))
    out = deviations({"targets": t}, None)
    assert list(zip(out["measure"], out["group"], strict=True)) == [("work", "M")]
    assert out.iloc[0]["difference"] == pytest.approx(-10.1)
    assert len(deviations({"targets": t}, None, limits=Limits(target_points=5))) == 2


def test_a_headline_share_that_moved_more_than_the_limit():
    now = {"outcomes": outcomes([5, 6, 11], [10, 10, 20])}     # 50 %, 60 %, 55 %
    before = {"outcomes": outcomes([4, 3, 7], [10, 10, 20])}   # 40 %, 30 %, 35 %
    out = deviations(now, before)
    assert list(out["group"]) == ["M", "total"]  # K moved exactly 10 points: not more
    assert list(out["difference"]) == pytest.approx([30.0, 20.0])
    small = {"outcomes": outcomes([1, 3, 4], [4, 10, 14])}  # K rests on 4
    assert "K" not in set(deviations(small, before, limits=Limits(change_points=0))["group"])


def test_headline_shares_take_numerator_and_base():
    change = pd.DataFrame({"recovered": [2], "improved": [3], "with_two_or_more": [10]},
                          index=["total"])
    h = headline_shares({"change": change}).iloc[0]
    assert (h["measure"], h["numerator"], h["base"], h["share"]) == ("ors_better", 5, 10, 50)


def test_occupancy_by_hand():
    p = pd.DataFrame({"start_date": pd.to_datetime(["2021-12-01", "2022-03-01", "2022-07-01"]),
                      "end_date": pd.to_datetime(["2022-01-31", None, None])})
    # 2022H1 has 181 days: 31 (January) + 122 (1 March - 30 June) enrolled days
    assert occupancy(p, "2022H1") == pytest.approx(153 / 181)
    out = deviations({}, None, places_used=11.0, places=10.0)
    assert out.empty  # 10 % over: not more than the limit
    out = deviations({}, None, places_used=11.01, places=10.0)
    assert out.iloc[0]["kind"] == "occupancy"


def test_places_in_the_config(tmp_path):
    path = tmp_path / "config.yml"
    path.write_text("teams:\n  a: {name: A, places: 12.5}\n  b: {name: B}\n", encoding="utf-8")
    assert load_config(path).places == {"a": 12.5}
    path.write_text("teams:\n  a: {name: A, places: many}\n", encoding="utf-8")
    with pytest.raises(DataError, match="places"):
        load_config(path)
