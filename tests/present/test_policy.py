"""The disclosure policy: one object made at the edge decides what every table hides."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import frame, person

from finsam_analysis.io.config import Settings
from finsam_analysis.io.dataset import Dataset
from finsam_analysis.measures import outcomes as oc
from finsam_analysis.present.policy import Policy, policy_of
from finsam_analysis.present.tables import present
from finsam_analysis.reports.report import report_tables


def test_a_policy_is_made_from_the_audience_and_the_settings_and_refuses_nonsense():
    s = Settings(suppression_threshold=4, min_base=8, protect="all_counts")
    p = Policy.from_settings("external", s)
    assert (p.audience, p.threshold, p.min_base, p.protect) == ("external", 4, 8, "all_counts")
    assert p.external and p.all_counts and p.small(4) and not p.small(5) and not p.small(0)
    assert not Policy.from_settings("internal", s).small(2)
    assert policy_of(p, Settings()) is p  # a policy given is the policy used
    assert policy_of("internal") == Policy("internal")
    for bad in ({"audience": "public"}, {"protect": "some"}, {"threshold": -1},
                {"min_base": 2.5}, {"threshold": True}):
        with pytest.raises(ValueError):
            Policy(**bad)


def _table():
    recs = [person("K", "2019-01-01", "2020-06-01", "work") for _ in range(4)]
    recs += [person("K", "2019-01-01", "2020-06-01", "medical_rehab") for _ in range(5)]
    recs += [person("M", "2019-01-01", "2020-06-01", "work") for _ in range(9)]
    recs += [person("M", "2019-01-01", "2020-06-01", "studies") for _ in range(6)]
    return oc.outcome_table(frame(*recs), "2020")


def test_the_table_follows_the_policy_it_is_given_not_the_default_settings():
    t = _table()
    default = present(t, "outcomes", "external")
    assert default.frame.loc["Kvinnor", "Antal i arbete"] == "4"
    strict = present(t, "outcomes", Policy("external", threshold=4, min_base=10))
    assert strict.frame.loc["Kvinnor", "Antal i arbete"] == ".."
    # nine women completed: under a base of 10 their share is not shown
    assert strict.frame.loc["Kvinnor", "Positivt utfall, andel av avslut utan dropouts"] == ".."
    assert "minst 10 personer" in strict.legend
    # the same numbers for the team itself
    assert present(t, "outcomes", Policy("internal", threshold=4)).frame.loc[
        "Kvinnor", "Antal i arbete"] == "4"


def test_a_whole_report_is_protected_by_its_policy():
    recs = [person("K", "2020-01-01", "2021-03-01", "work") for _ in range(4)]
    recs += [person("K", "2020-01-01", "2021-03-01", "medical_rehab") for _ in range(8)]
    recs += [person("M", "2020-01-01", "2021-03-01", "work") for _ in range(9)]
    recs += [person("M", "2020-01-01", "2021-03-01", "studies") for _ in range(7)]
    data = Dataset(Path("."), participants=frame(*recs))
    shown = report_tables(data, "2021", "external").presented["outcomes"].frame
    assert shown.loc["Kvinnor", "Antal i arbete"] == "4"
    strict = report_tables(data, "2021", Policy("external", threshold=4))
    assert strict.policy.threshold == 4
    frame_ = strict.presented["outcomes"].frame
    assert frame_.loc["Kvinnor", "Antal i arbete"] == ".."
    # and not given back by the sum: another cell of the row or column is hidden too
    work = frame_["Antal i arbete"]
    assert (work == "..").sum() >= 2
