"""The headline shares (Måluppfyllelse, gender-equality analysis) are read from the report's
protected tables: what a table hides, they hide, and a difference is never computed from a
hidden figure."""

from __future__ import annotations

import pytest
from conftest import SAMPLE

from finsam_analysis.present.equality import difference_text
from finsam_analysis.present.labels import label
from finsam_analysis.reports import headlines, report
from finsam_analysis.reports.report import (
    previous_tables,
    protect_reports,
    report_tables,
    with_previous,
)


@pytest.fixture(scope="module")
def kompassen(sample_data):
    run = protect_reports(sample_data, with_previous([("kompassen", "2021/22")]))
    data = sample_data.for_team("kompassen")
    return (report_tables(data, "2021/22", run=run),
            previous_tables(data, "2021/22", run=run), sample_data.config.settings)


def test_with_previous_adds_the_period_before():
    assert with_previous([("a", "2021/22"), ("*", "2022H1")]) == [
        ("a", "2021/22"), ("*", "2022H1"), ("a", "2020/21"), ("*", "2021H2")]


def test_target_shares_are_the_target_table_as_shown(kompassen):
    rt, _, settings = kompassen
    frame = rt.presented["targets"].frame
    for measure, timepoint, _, shares in headlines.targets(rt, settings):
        row = frame.loc[f"{label('target', measure)} {label('target', timepoint)}"]
        for g in ("K", "M", "total"):
            shown = row[label("group", g)].split(" (")[0]
            assert shares[g].text() == shown, (measure, timepoint, g)


def test_positive_share_is_the_outcome_table_as_shown(kompassen):
    rt, _, _ = kompassen
    shown = rt.presented["outcomes"].frame[label("outcome", "positive_share")]
    shares = headlines.positive(rt)
    for g in ("K", "M", "total"):
        assert shares[g].text() == shown[label("group", g)]


def test_no_difference_from_a_hidden_share(kompassen):
    rt, _, settings = kompassen
    rows = headlines.headline_rows(rt, settings)
    assert len(rows) >= 12
    hidden = [r for r in rows if r.women.text() == ".." or r.men.text() == ".."]
    assert hidden, "the sample has hidden shares to test with"
    for r in hidden:
        assert difference_text(r.women, r.men) == ".."


def test_previous_period_comes_from_the_same_run(kompassen):
    rt, before, settings = kompassen
    assert before is not None and before.period.name == "2020/21"
    goals = headlines.goals(rt, before, settings)
    assert goals.previous == "2020/21"
    assert any(s.shown for g in goals.goals for s in g.before.values())


def test_no_previous_period_outside_the_run(sample_data):
    run = protect_reports(sample_data, [("kompassen", "2021/22")])
    assert previous_tables(sample_data.for_team("kompassen"), "2021/22", run=run) is None


def test_trend_chart_draws_exactly_the_shares_the_table_shows(kompassen):
    from finsam_analysis.present.plots import share_trend, trend_points

    rt, _, _ = kompassen
    trend = rt.presented["trend"]
    shares = trend.numbers.pivot(index="group", columns="period", values="share")
    periods = list(trend.frame.columns)
    drawn = trend_points(shares[periods])
    for g in ("K", "M", "total"):
        row = trend.frame.loc[label("group", g)]
        shown = {i for i, p in enumerate(periods) if not row[p].startswith("..")}
        assert {i for i, _ in drawn.get(g, [])} == shown, g
    chart = share_trend(trend)
    assert chart.svg is not None and "Positivt utfall" in chart.alt


def test_a_trend_with_too_little_is_one_sentence():
    import pandas as pd

    from finsam_analysis.present.plots import share_trend
    from finsam_analysis.present.tables import Presented

    numbers = pd.DataFrame({"period": ["a", "b", "a", "b"], "group": ["K", "K", "M", "M"],
                            "share": [40.0, float("nan"), float("nan"), float("nan")],
                            "base": [10, 8, 2, 3]})
    chart = share_trend(Presented(pd.DataFrame(), numbers=numbers))
    assert chart.svg is None and "visas inte" in chart._repr_html_()


def test_the_attention_list_is_in_the_internal_report_only():
    from finsam_analysis.reports.team import TeamReport

    internal = TeamReport(str(SAMPLE), "kompassen", "2022H1", "internal")
    listed = internal.attention()
    assert listed is not None and len(listed.frame) > 0
    assert "Internt underlag" in listed.legend and "2022-06-29" in listed.title  # its last day
    assert listed.frame.iloc[:, 0].str.startswith("KOM-").all()
    external = TeamReport(str(SAMPLE), "kompassen", "2022H1", "external")
    assert external.attention() is None


@pytest.mark.parametrize("audience", ["external", "internal"])
def test_the_previous_period_computed_alone_gives_the_same_goals_and_deviations(
        sample_data, audience):
    # previous_tables computes only the headline tables; what the goals and the deviations
    # read from them must be what the whole report of that period holds and hides
    team, period = "fjarilen", "2021/22"
    run = protect_reports(sample_data, with_previous([(team, period)])) \
        if audience == "external" else None
    data = sample_data.for_team(team)
    alone = previous_tables(data, period, audience, run=run)
    whole = report_tables(data, "2020/21", audience, run=run)
    assert set(alone.tables) == set(headlines_tables := report.HEADLINE_TABLES) & set(
        whole.tables)
    for name in headlines_tables & set(whole.tables):
        assert alone.tables[name].equals(whole.tables[name])
        if audience == "external":
            assert alone.masks[name].equals(whole.masks[name])
    settings = sample_data.config.settings
    assert headlines.targets(alone, settings) == headlines.targets(whole, settings)
    assert headlines.headline_shares(alone) == headlines.headline_shares(whole)
    now = report_tables(data, period, audience, run=run)
    assert headlines.deviation_items(now, alone, settings) == \
        headlines.deviation_items(now, whole, settings)
