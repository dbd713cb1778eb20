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


@pytest.mark.parametrize("group", ["participant", "staff"])
def test_survey_agreement_by_team(sample_data, group):
    d = sample_data
    q, r = d.survey_questions, d.survey_responses
    every = surveys.agreement_by_team_and_sex(q, r, 2021, group)
    assert every  # the sample's teams answered
    for team in [*d.teams, "no-such-team"]:
        one = surveys.agreement_by_sex(q, r, 2021, team, group)
        mine = pd.DataFrame.from_dict(surveys.agreement_of(every, team), orient="index")
        pd.testing.assert_frame_equal(mine, one)


def test_team_comparison_is_each_teams_indicator_results(sample_data):
    d = sample_data
    q, r = d.survey_questions, d.survey_responses
    names = {t: d.team_name(t) for t in d.teams}
    every = surveys.team_comparison(q, r, 2021, names=names)
    teams = sorted(set(r.loc[r["survey_year"] == 2021, "team"]))
    assert len(teams) > 1 and set(every["team"]) == {names[t] for t in teams}
    for team in teams:
        one = surveys.indicator_results(q, r, 2021, team)
        one = one[one["group"] == "total"].reset_index(drop=True)
        mine = every[every["team"] == names[team]].drop(columns="team")
        mine = mine.set_index(["respondent_group", "indicator"]).loc[
            list(zip(one["respondent_group"], one["indicator"], strict=True))].reset_index()
        pd.testing.assert_frame_equal(mine[one.columns], one, check_dtype=False)
