"""The gender-equality analysis: women − men in percentage points, and the rule for a
sentence (|difference| ≥ 10 points and both groups ≥ 10 people), at its boundaries."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from finsam_analysis.present.equality import (
    Equality,
    EqualityRow,
    Share,
    difference,
    difference_text,
    is_notable,
    sentence,
)
from finsam_analysis.present.goals import Goal, Goals, arrow, status


def share(count, base, hidden=False):
    return Share.of(count, base, 100 * count / base if base else float("nan"),
                    share_hidden=hidden)


def test_difference_is_of_the_shares_as_printed():
    women, men = Share(40.04, 8, 20), Share(30.0, 6, 20)
    assert difference(women, men) == Decimal("10.0")
    assert difference_text(women, men) == "+10,0"
    assert difference_text(men, women) == "−10,0"


def test_ten_points_is_notable_and_nine_point_nine_is_not():
    assert is_notable(Share(40.0, 20, 50), Share(30.0, 15, 50))
    assert not is_notable(Share(39.9, 20, 50), Share(30.0, 15, 50))
    assert is_notable(Share(30.0, 15, 50), Share(40.0, 20, 50))  # either way


def test_a_group_of_nine_is_too_small_and_ten_is_enough():
    assert is_notable(Share(50.0, 5, 10), Share(20.0, 2, 10))
    assert not is_notable(Share(50.0, 5, 10), Share(20.0, 2, 9))
    assert not is_notable(Share(50.0, 5, 9), Share(20.0, 2, 10))


def test_a_hidden_figure_gives_no_difference():
    shown = share(20, 50)
    for hidden in (Share.of(2, 50, 4.0, count_hidden=True), Share.of(20, 50, 40.0,
                                                                       base_hidden=True),
                   Share.of(20, 50, 40.0, share_hidden=True), Share.hidden_share()):
        assert difference(shown, hidden) is None
        assert difference_text(shown, hidden) == ".."
        assert difference_text(hidden, shown) == ".."
        assert not is_notable(shown, hidden) and not is_notable(hidden, shown)


def test_a_share_with_nobody_to_divide_by_gives_an_impossible_difference():
    nobody = Share.of(0, 0, float("nan"))
    assert nobody.text() == "." and difference_text(share(5, 20), nobody) == "."


def test_a_count_nobody_was_measured_for_is_not_available_rather_than_an_error():
    # the targets table's nullable counts: a group with nobody followed up has <NA>
    na = Share.of(pd.NA, pd.NA, float("nan"))
    assert na.value is None and na.count is None and na.base is None
    assert na.text() == ".." and difference_text(share(5, 20), na) == ".."
    assert Share.of(pd.NA, 0, float("nan")).text() == "."


def test_the_sentence_names_the_higher_group_with_its_numbers():
    text_ = sentence("Positivt utfall", Share(27.7, 6, 21), Share(40.0, 14, 35))
    assert text_ == ("Positivt utfall: andelen är 12,3 procentenheter högre för män "
                     "(40,0 %, 14 av 35) än för kvinnor (27,7 %, 6 av 21).")


def test_the_table_shows_hidden_differences_as_hidden_and_marks_the_notable():
    rows = [EqualityRow("A", Share(40.0, 20, 50), Share(30.0, 15, 50)),
            EqualityRow("B", Share(40.0, 20, 50), Share.hidden_share())]
    eq = Equality(rows, "T", "rule")
    frame = eq.frame()
    assert list(frame.iloc[:, 2]) == ["+10,0", ".."]
    assert frame.loc["B", "Män"] == ".. (.. av ..)"
    html = eq._repr_html_()
    assert "◆ A: andelen är 10,0 procentenheter högre för kvinnor" in html
    assert len(eq.sentences()) == 1


def test_goal_status_and_arrow():
    assert status(Share(25.0, 5, 20), 25) == "met"
    assert status(Share(24.96, 5, 20), 25) == "met"  # 25,0 % as printed
    assert status(Share(24.9, 5, 20), 25) == "not_met"
    assert status(Share.hidden_share(), 25) == "unknown"
    assert status(Share(10.0, 1, 10), None) == "none"
    assert arrow(Share(31.0, 1, 1), Share(30.0, 1, 1)) == "↑"
    assert arrow(Share(29.0, 1, 1), Share(30.0, 1, 1)) == "↓"
    assert arrow(Share(30.9, 1, 1), Share(30.0, 1, 1)) == "→"
    assert arrow(Share(30.0, 1, 1), Share.hidden_share()) == ""


def test_goals_block_says_met_in_words_not_only_colour():
    g = Goals([Goal("Andel i arbete vid avslut", 25.0,
                    {"K": Share(28.6, 10, 35), "M": Share.hidden_share(),
                     "total": Share(19.6, 11, 56)},
                    {"K": Share(23.5, 4, 17), "M": Share.hidden_share(),
                     "total": Share(19.0, 8, 42)})], "2020/21", legend="x")
    html = g._repr_html_()
    assert "✓ nått" in html and "✗ ej nått" in html and "– kan inte bedömas" in html
    assert "10 av 35" in html and "2020/21: 23,5 % ↑" in html
    frame = g.frame()
    assert isinstance(frame, pd.DataFrame) and frame.loc["Andel i arbete vid avslut",
                                                         "Män"].startswith("..")


def test_survey_agreement_rests_on_respondents_not_answers():
    # 40 answers from 8 respondents: the rule counts the 8 people, not the answers
    women = Share(60.0, 24, 40, people=8)
    men = Share(30.0, 12, 40, people=12)
    assert not is_notable(women, men)
    assert is_notable(Share(60.0, 24, 40, people=10), men)
    assert Share(60.0, 24, 40, note="svar, 8 svarande", people=8).short_numbers() == \
        "24 av 40 svar, 8 svarande"


def test_agreement_by_sex_pools_the_answers():
    from finsam_analysis.measures.surveys import agreement_by_sex

    q = pd.DataFrame({"question_id": ["a", "b"], "respondent_group": ["participant"] * 2,
                      "indicator": ["i", "i"], "text": ["A", "B"], "scale_min": [1, 1],
                      "scale_max": [10, 10], "agree_from": [7, 7]})
    r = pd.DataFrame({"survey_year": [2021] * 6, "team": ["t"] * 6,
                      "respondent_group": ["participant"] * 6,
                      "respondent_id": ["1", "1", "2", "2", "3", "3"],
                      "sex": ["K", "K", "K", "K", "M", "M"],
                      "question_id": ["a", "b"] * 3, "answer": [7, 3, 9, 8, 2, float("nan")]})
    t = agreement_by_sex(q, r, 2021, "t")
    assert t.loc["K", ["respondents", "answers", "agreeing"]].tolist() == [2, 4, 3]
    assert t.loc["K", "agree_share"] == 75.0
    assert t.loc["M", ["respondents", "answers", "agreeing"]].tolist() == [1, 1, 0]
    assert t.loc["total", "answers"] == 5
