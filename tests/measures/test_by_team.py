"""The all-teams-at-once computations equal the one-team ones, team by team."""

from __future__ import annotations

import pandas as pd
import pytest

from finsam_analysis.measures import ors, outcomes, surveys


@pytest.mark.parametrize("period", ["2020H2", "2021/22"])
def test_outcomes_and_ors_by_team(sample_data, period):
    d = sample_data
    all_outcomes = outcomes.outcome_table_by_team(d.participants, period)
    all_change = ors.change_table_by_team(d.participants, d.ors, period)
    for team in d.teams:
        t = d.for_team(team)
        pd.testing.assert_frame_equal(all_outcomes.loc[team],
                                      outcomes.outcome_table(t.participants, period))
        pd.testing.assert_frame_equal(all_change.loc[team],
                                      ors.change_table(t.participants, t.ors, period),
                                      check_exact=False, rtol=1e-9)


def test_survey_results_by_team(sample_data):
    d = sample_data
    every = surveys.question_results_by_team(d.survey_questions, d.survey_responses, 2021)
    for team in d.teams:
        one = surveys.question_results(d.survey_questions, d.survey_responses, 2021, team)
        mine = every[every["team"] == team].drop(columns="team").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, one)
