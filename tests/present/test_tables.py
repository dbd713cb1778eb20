"""Number formatting by Statistics Sweden's conventions."""

from __future__ import annotations

import numpy as np
import pytest

from finsam_analysis.present.labels import LABELS, label
from finsam_analysis.present.tables import (
    csv_number,
    format_count,
    format_decimal,
    format_percent,
    round_half_up,
)


@pytest.mark.parametrize(("value", "text"), [
    (40, "40,0 %"), (40.04, "40,0 %"), (40.05, "40,1 %"), (6.25, "6,3 %"), (100, "100,0 %"),
    (0, "0,0 %"), (np.nan, "."), (None, "."), (200 / 3, "66,7 %"),
])
def test_percent(value, text):
    assert format_percent(value) == text


def test_counts_and_means():
    assert format_count(0) == "0"
    assert format_count(1234) == "1\u00a0234"
    assert format_count(1234567) == "1\u00a0234\u00a0567"
    assert format_decimal(5.64, unit="år") == "5,6 år"
    assert format_decimal(20.25, unit="månader") == "20,3 månader"
    assert format_decimal(1234.5) == "1\u00a0234,5"
    assert format_decimal(-0.04) == "0,0"
    # A mean with nobody to divide by cannot occur: `.` (a hidden one is `..`, set by the mask)
    assert format_decimal(np.nan, unit="år") == "."
    assert format_count(np.nan) == ".."  # a count not available


def test_half_up_survives_float_noise():
    assert str(round_half_up((5.6 + 5.7) / 2)) == "5.7"
    assert str(round_half_up(0.15)) == "0.2"
    assert str(round_half_up(-2.25)) == "-2.3"


def test_csv_numbers():
    assert csv_number(40.0, 1) == "40.0"
    assert csv_number(12.345, 1) == "12.3"
    assert csv_number(np.nan, 1) == ""
    assert csv_number(7) == "7"


def test_swedish_labels_are_complete_for_every_code():
    from finsam_analysis.schema import EXIT_REASONS, REFERRERS

    for code in EXIT_REASONS:
        assert label("outcome", code) != code
        assert label("exit_reason", code) != code
    for code in REFERRERS:
        assert label("referrer", code) != code
    assert label("group", "K") == "Kvinnor" and label("group", "M") == "Män"
    assert label("outcome", "dropouts") == "varav dropouts (tidiga avhopp)"
    assert label("group", "K", "en") == "Women"
    assert label("exit_other", "a_teams_own_word") == "a_teams_own_word"
    assert set(LABELS) == {"sv", "en"}


def test_dot_for_nobody_to_divide_by_and_two_dots_for_hidden_or_missing():
    """SPEC Formatting: `.` = cannot occur (a share or mean with nobody to divide by), `..` =
    not available or hidden; both explained under the table, in HTML and text alike."""
    from conftest import frame, person

    from finsam_analysis.measures import outcomes as oc
    from finsam_analysis.measures.ors import compliance_table
    from finsam_analysis.present.tables import present, to_html

    # nobody left in 2020: the positive share and the means cannot occur
    p = frame(*[person("K", "2019-01-01") for _ in range(8)],
               *[person("M", "2019-01-01", "2020-06-01", "work") for _ in range(2)])
    table = oc.outcome_table(p, "2020")
    internal = present(table, "outcomes", "internal")
    assert internal.frame.loc["Kvinnor", "Positivt utfall, andel av avslut utan dropouts"] == "."
    assert internal.frame.loc["Kvinnor", "Genomströmningstid, medel"] == "."
    assert internal.frame.loc["Män", "Positivt utfall, andel av avslut utan dropouts"] \
        == "100,0 %"
    external = present(table, "outcomes", "external")
    # the men's 2 exits are hidden, and with them their share: `..`, not `.`
    assert external.frame.loc["Män", "Positivt utfall, andel av avslut utan dropouts"] == ".."
    assert external.frame.loc["Kvinnor", "Positivt utfall, andel av avslut utan dropouts"] \
        == ".."  # a base under 5 hides the share, whatever it is
    for shown in (internal, external):
        assert ".  Kan inte förekomma" in shown.legend and "..  Uppgift saknas" in shown.legend
        assert "Kan inte förekomma" in to_html(shown) and "Kan inte förekomma" in \
            shown.to_text()
    # no SRS table at all: the SRS share is not available (`..`), not "nobody to divide by"
    comp = compliance_table(p, None, None, "2020")
    shown = present(comp, "compliance", "internal", domain="ors").frame
    assert shown.loc["Kvinnor", "Följer SRS-policyn, andel"] == ".."
