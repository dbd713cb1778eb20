"""The team report's own words around the team's texts."""

from __future__ import annotations

from finsam_analysis.reports.team import without_title
from finsam_analysis.sample import CO_ASSESSOR


def test_a_co_assessor_heading_that_repeats_the_section_is_left_out():
    """The report's section is headed Extern medbedömning; the comments' own first heading of
    the same name would say it twice (and cost the full-year PDF of the sample a page)."""
    title = "Extern medbedömning"
    assert without_title(CO_ASSESSOR, title).startswith("Rapporten ger en tydlig bild")
    assert without_title("# extern MEDBEDÖMNING ##\n\nBra.", title) == "Bra."
    for kept in ("## Bedömning 2021/22\n\nBra.", "Bra.\n\n## Extern medbedömning\n",
                 "##Extern medbedömning"):  # not a heading in Markdown
        assert without_title(kept, title) == kept
