"""The synthetic sample: deterministic, committed as generated, and realistic."""

from __future__ import annotations

import filecmp

import pandas as pd
from conftest import SAMPLE

from finsam_analysis.io.load import load_data
from finsam_analysis.measures import outcomes as oc
from finsam_analysis.sample import write_sample


def test_committed_sample_equals_a_fresh_run(tmp_path):
    written = write_sample(tmp_path)
    fresh = {p.relative_to(tmp_path) for p in written}
    committed = {p.relative_to(SAMPLE) for p in SAMPLE.rglob("*") if p.is_file()}
    assert fresh == committed
    for rel in fresh:
        assert filecmp.cmp(tmp_path / rel, SAMPLE / rel, shallow=False), (
            f"{rel} differs from a fresh run: run `make sample` and commit")


def test_sample_validates_and_looks_like_a_register(sample_data):
    p = sample_data.participants
    assert 3 <= p["team"].nunique() <= 4
    assert sample_data.config.example_data
    assert all(sample_data.team_name(t) != t for t in sample_data.teams)
    assert sample_data.config.targets["work"] == {"at_exit": 25, "after_6_months": 35,
                                                 "after_2_years": 70}
    assert p["start_date"].min() >= pd.Timestamp("2018-01-01")
    assert p["start_date"].max() <= pd.Timestamp("2022-06-30")
    per_year = p.groupby(["team", p["start_date"].dt.year]).size()
    full_years = per_year[per_year.index.get_level_values(1) < 2022]
    assert full_years.between(30, 95).all()
    assert full_years.groupby(level=0).mean().between(40, 80).all()
    shares = p["sex"].value_counts(normalize=True)
    assert 0.4 < shares["K"] < 0.7 and 0.3 < shares["M"] < 0.6
    assert 0 < shares["unknown"] < 0.05
    t = oc.outcome_table(p, "2018-01-01..2022-06-30")
    dropout_share = t.loc["total", "dropouts"] / t.loc["total", "exits"]
    assert 0.05 < dropout_share < 0.15
    assert 25 < t.loc["total", "positive_share"] < 60
    assert t.loc["total", "active_at_end"] > 50  # the register still has active people
    assert (t.loc["total", ["work", "studies", "vocational_rehab", "medical_rehab",
                            "sickness_compensation", "other"]] > 0).all()
    assert t.loc["total", "n_at_sus_cap"] > 0


def test_sample_followups_belong_to_exited_participants():
    data = load_data(SAMPLE)
    assert data.followups is not None and len(data.followups) > 100
    assert set(data.followups["months_after_exit"]) == {6, 12, 18, 24}


def test_national_scale_profiles():
    from finsam_analysis.sample import national_teams

    teams = national_teams()
    assert len(teams) == 300
    assert len({t.team for t in teams}) == 300 and len({t.name for t in teams}) == 300
    per_year = sum(t.per_year for t in teams)
    assert 100_000 * 0.9 < per_year * 4.5 < 100_000 * 1.1  # ~100 000 enrolments in 4.5 years
    assert all(0 < t.dropout < 0.4 and t.work + t.studies + t.vocational < 0.8 for t in teams)
    assert national_teams() == teams  # deterministic
