"""The teams' own words never vanish: headings that name no field, `finsam validate` listing
them, and the narrative template."""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLE, run_cli

from finsam_analysis.io.narratives import FIELDS, load_narrative, parse_sections
from finsam_analysis.present.narrative_template import narrative_template

pytestmark = pytest.mark.usefixtures("english")  # matches the English messages

TEXT = """# Team Test, 2021/22

Några ord före första rubriken.

## Inledning

Vi är ett team.

## Programteori

Insatsen bygger på tidigt stöd.

## Deltagarna – förutsättningar

**Beskrivning.** Deltagarna.

## Budgetkommentar

Vi sparade.

<!--
## Bortkommenterad
-->

## Verksamhetslogik

Kedjan från insats till effekt.

## Personalen – resultat och effekter

<!-- bara en kommentar -->

### Beskrivning

## Övrigt

Tack.
"""


def test_unknown_headings_are_kept_with_their_lines():
    fields, sections = parse_sections(TEXT)
    assert fields == {"deltagarna_forutsattningar": "**Beskrivning.** Deltagarna."}
    got = [(x.heading, x.line, x.place, x.body) for x in sections]
    assert got == [
        ("", 0, "introduction", "Några ord före första rubriken."),
        ("Inledning", 5, "introduction", "Vi är ett team."),
        ("Programteori", 9, "introduction", "Insatsen bygger på tidigt stöd."),
        ("Budgetkommentar", 17, "other", "Vi sparade."),
        ("Verksamhetslogik", 25, "introduction", "Kedjan från insats till effekt."),
        ("Övrigt", 35, "other", "Tack."),
    ]
    # a field holding only comments and empty sub-headings counts as not written
    assert "personalen_resultat" not in fields


def test_report_and_validate_show_the_unplaced_headings(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    (data / "narratives" / "kompassen" / "2021-22.md").write_text(TEXT, encoding="utf-8")
    n = load_narrative(data, "kompassen", "2021/22")
    assert [x.heading for x in n.introduction] == ["", "Inledning", "Programteori",
                                                   "Verksamhetslogik"]
    assert [x.heading for x in n.other] == ["Budgetkommentar", "Övrigt"]
    code, out, _ = run_cli("validate", data)
    assert code == 0
    where = "narratives/kompassen/2021-22.md"
    assert f"{where}:5: heading 'Inledning'" in out
    assert f"{where}:17: heading 'Budgetkommentar'" in out and "Övrigt" in out
    assert f"{where}:25: heading 'Verksamhetslogik'" in out
    assert f"{where}:35: heading 'Övrigt'" in out
    assert "Bortkommenterad" not in out
    assert "Deltagarna – förutsättningar" not in out  # placed: not listed


def test_team_report_shows_introduction_and_other(tmp_path, monkeypatch):
    from finsam_analysis.reports import team as team_mod

    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    (data / "narratives" / "kompassen" / "2021-22.md").write_text(TEXT, encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(team_mod, "show_html", shown.append)
    report = team_mod.TeamReport.__new__(team_mod.TeamReport)
    report.language = "sv"
    report.narratives = load_narrative(data, "kompassen", "2021/22")
    report.team = "kompassen"
    report.introduction()
    report.other_text()
    report._narrative("personalen_resultat", "Personalen – resultat och effekter")
    assert "<h2>Inledning</h2>" in shown[0] and "Kedjan från insats till effekt." in shown[0]
    assert "Budgetkommentar" in shown[1] and "Tack." in shown[1]
    assert "finsam-placeholder" in shown[2]


def test_narrative_template(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    code, out, err = run_cli("narrative-template", data, "--team", "kompassen", "--period",
                             "2022/23")
    assert code == 0, err
    path = data / "narratives" / "kompassen" / "2022-23.md"
    assert out.strip() == str(path)
    text = path.read_text(encoding="utf-8")
    for _, heading in FIELDS:
        assert f"\n## {heading}\n" in text
    assert text.count("### Beskrivning") == 9 and text.count("### Förslag") == 9
    assert "Hur har deltagarna identifierats?" in text  # the policy's support questions
    # an untouched template places every heading and shows placeholders, not empty headings
    fields, sections = parse_sections(text)
    assert fields == {} and sections == []
    # never overwritten
    path.write_text("## Sammanfattning\n\nVår text.\n", encoding="utf-8")
    code, _, err = run_cli("narrative-template", data, "--team", "kompassen", "--period",
                           "2022/23")
    assert code == 1 and "not overwritten" in err
    assert path.read_text(encoding="utf-8") == "## Sammanfattning\n\nVår text.\n"
    code, _, _ = run_cli("narrative-template", data, "--team", "nosuch", "--period", "2022H1")
    assert code == 2
    assert narrative_template("Team X", "2021H2").startswith("# Team X, 2021H2\n")
