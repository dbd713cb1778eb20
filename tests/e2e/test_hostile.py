"""A corpus of hostile, careless and faulty inputs, each with the exact behaviour expected.

Every case runs the `finsam` command as a user would and checks the exit status, the message
(file, row or line, column) and that no personnummer is echoed. The report cases check that
nothing is written outside `--out`, that a team id is never a path, and — in Chromium — that
nothing from a narrative runs or fetches anything in a reader's browser.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, SAMPLE
from conftest import run_cli as run
from hypothesis import given
from hypothesis import strategies as st

from finsam_analysis.errors import DataError
from finsam_analysis.io.load import load_data
from finsam_analysis.io.names import MAX_SLUG, RESERVED, team_slug
from finsam_analysis.io.narratives import load_narrative
from finsam_analysis.io.personnummer import find_personnummer, mask, redact
from finsam_analysis.present.narrative import narrative_html

pytestmark = pytest.mark.usefixtures("english")  # matches the English messages

HEADER = "participant_id,team,sex,birth_year,start_date,end_date,exit_reason"
GOOD = ["a1,t1,K,1980,2020-01-10,2020-09-01,work",
        "a2,t1,M,1990,2020-02-01,,",
        "a3,t1,K,1975,2019-11-05,2020-12-01,studies"]
PNR = "811218-9876"  # a valid personnummer (Luhn), used in every written form below
PNR_DIGITS = "8112189876"


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("FINSAM_CACHE", str(tmp_path_factory.mktemp("cache")))


def data_dir(tmp_path: Path, rows=GOOD, header=HEADER, files: dict | None = None) -> Path:
    """A small data directory: participants plus any `files` ({relative path: text or bytes})."""
    d = tmp_path / "data"
    d.mkdir(exist_ok=True)
    (d / "participants.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    for name, content in (files or {}).items():
        path = d / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return d


def validate(d: Path) -> tuple[int, str]:
    code, out, err = run("validate", d)
    assert "Traceback" not in out + err
    return code, out + err


def problem_lines(text: str) -> list[str]:
    return [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("- ")]


def assert_no_personnummer(text: str) -> None:
    """Nothing beyond `YYMMDD-****`: neither the last four digits nor the whole number."""
    digits = re.sub(r"\D", "", text)
    assert PNR_DIGITS not in digits and "9876" not in text
    assert find_personnummer(text) is None


# --- personnummer -------------------------------------------------------------------------

SAMORDNINGSNUMMER = "811278-9873"  # day 18 + 60
FORMS = [PNR, "811218+9876", "811218 9876", "811218\u20139876", "811218\u20149876",
         "811218\u00a09876", PNR_DIGITS, "19811218-9876", "198112189876", "19811218 9876",
         SAMORDNINGSNUMMER]


@pytest.mark.parametrize("form", FORMS)
def test_personnummer_in_a_cell_in_every_written_form(tmp_path, form):
    d = data_dir(tmp_path, [*GOOD, "a4,t1,K,1980,2020-01-10,,"])
    text = (d / "participants.csv").read_text(encoding="utf-8")
    (d / "participants.csv").write_text(text.replace("a4,", f'"{form}",', 1), encoding="utf-8")
    code, out = validate(d)
    assert code == 1
    lines = problem_lines(out)
    assert lines == [f"participants.csv, row 5, column participant_id: looks like a "
                     f"personnummer; this project never takes one — use a pseudonymous "
                     f"participant_id and remove the column or value (found "
                     f"'{mask(form)}'; expected no personal identity numbers)"]
    assert mask(form) in ("811218-****", "811278-****")
    assert_no_personnummer(out.replace(mask(form), ""))


@pytest.mark.parametrize("column,value", [("birth_year", PNR_DIGITS), ("birth_year", PNR),
                                          ("start_date", PNR), ("exit_reason", PNR),
                                          ("team", PNR)])
def test_one_problem_per_cell_and_no_second_message_echoing_it(tmp_path, column, value):
    """A personnummer in a number, date, code or key column is one problem, not also "not a
    whole number" or "unknown code" with the number in full."""
    fields = dict(zip(HEADER.split(","), "a4,t1,K,1980,2020-01-10,2020-09-01,work".split(","),
                      strict=True))
    fields[column] = value
    d = data_dir(tmp_path, [*GOOD, ",".join(fields.values())])
    code, out = validate(d)
    assert code == 1
    about_row_5 = [p for p in problem_lines(out) if p.startswith("participants.csv, row 5")]
    assert len(about_row_5) == 1, about_row_5
    assert f"column {column}: looks like a personnummer" in about_row_5[0]
    assert_no_personnummer(out.replace("811218-****", ""))


def test_personnummer_as_a_column_header(tmp_path):
    d = data_dir(tmp_path, [r + ",x" for r in GOOD], header=HEADER + f",{PNR}")
    code, out = validate(d)
    assert code == 1
    assert problem_lines(out) == [
        "participants.csv, row 1, column 811218-****: column header looks like a personnummer; "
        "this project never takes one — use a pseudonymous participant_id and remove the "
        "column or value (found '811218-****'; expected no personal identity numbers)"]


def test_personnummer_in_an_ors_file_is_one_problem(tmp_path):
    ors = "participant_id,team,date,total\n" + f"{PNR},t1,2020-03-01,20\na1,t1,2020-03-01,20\n"
    d = data_dir(tmp_path, files={"ors.csv": ors})
    code, out = validate(d)
    assert code == 1
    assert problem_lines(out) == [
        "ors.csv, row 2, column participant_id: looks like a personnummer; this project never "
        "takes one — use a pseudonymous participant_id and remove the column or value (found "
        "'811218-****'; expected no personal identity numbers)"]


def test_personnummer_as_an_excel_number(tmp_path):
    d = data_dir(tmp_path)
    (d / "participants.csv").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    ws.append(["a1", "t1", "K", 1980, "2020-01-10", None, None])
    ws.append([198112189876.0, "t1", "K", 1980, "2020-01-10", None, None])
    wb.save(d / "participants.xlsx")
    code, out = validate(d)
    assert code == 1
    assert problem_lines(out)[0].startswith(
        "participants.xlsx, row 3, column participant_id: looks like a personnummer")
    assert len(problem_lines(out)) == 1
    assert_no_personnummer(out.replace("811218-****", ""))


@pytest.mark.parametrize("name,text,line", [
    ("narratives/t1/2020.md", f"## Sammanfattning\n\nRing {PNR} om detta.\n", 3),
    ("narratives/t1/2020.co-assessor.md", f"Bra.\nDeltagaren {SAMORDNINGSNUMMER} sa nej.\n", 2),
    ("config.yml", f"association: Förbundet\nteams:\n  t1: {{name: 'Team {PNR}'}}\n", 3),
])
def test_personnummer_in_narratives_co_assessor_files_and_config(tmp_path, name, text, line):
    d = data_dir(tmp_path, files={name: text})
    code, out = validate(d)
    assert code == 1
    found = [p for p in problem_lines(out) if "personnummer" in p]
    assert len(found) == 1
    assert found[0].startswith(f"{name}, line {line}: looks like a personnummer")
    assert_no_personnummer(out.replace("811218-****", "").replace("811278-****", ""))


def test_redact_and_mask():
    assert mask("19811218-9876") == "811218-****"
    assert redact(f"a {PNR} b 198112189876 c") == "a 811218-**** b 811218-**** c"
    assert redact("2020-01-01 and 811218-9875") == "2020-01-01 and 811218-9875"  # bad check


# --- bad input is a message, never a traceback ---------------------------------------------

def one_message(tmp_path, expected: str, **kwargs) -> None:
    code, out = validate(data_dir(tmp_path, **kwargs))
    assert code == 1
    assert expected in problem_lines(out), problem_lines(out)


def test_ors_row_with_an_empty_item_and_no_total_column(tmp_path):
    ors = ("participant_id,team,date,individual,interpersonal,social,overall\n"
           "a1,t1,2020-03-01,5,5,,5\n")
    one_message(tmp_path, "ors.csv, row 2, column total: some items are missing and no total "
                "is given (expected all four items (individual, interpersonal, social, overall) "
                "or a total)", files={"ors.csv": ors})


def test_srs_row_with_a_word_for_an_item_and_no_total_column(tmp_path):
    srs = ("participant_id,team,date,relationship,goals,approach,overall\n"
           "a1,t1,2020-03-01,5,bra,5,5\n")
    one_message(tmp_path, "srs.csv, row 2, column goals: not a number (found 'bra'; expected "
                "a number (decimal comma or point))", files={"srs.csv": srs})


def test_huge_birth_year(tmp_path):
    one_message(tmp_path, "participants.csv, row 5, column birth_year: number too large (found "
                "'99999999999999999999'; expected a number below 1 000 000 000 000)",
                rows=[*GOOD, "a4,t1,K,99999999999999999999,2020-01-10,,"])


@pytest.mark.parametrize("amount", ["1e400", "inf", "NaN", "-inf"])
def test_budget_that_is_not_a_finite_number(tmp_path, amount):
    budget = f"team,period,budget_sek,spent_sek\nt1,2020T1,{amount},100\n"
    one_message(tmp_path, f"budget.csv, row 2, column budget_sek: not a number (found "
                f"'{amount}'; expected a number (decimal comma or point))",
                files={"budget.csv": budget})


def test_narrative_in_windows_1252_is_read(tmp_path):
    text = "## Sammanfattning\n\nVi har träffat många i Malmö.\n"
    d = data_dir(tmp_path, files={"narratives/t1/2020.md": text.encode("cp1252")})
    code, out = validate(d)
    assert code == 0, out
    assert load_narrative(d, "t1", "2020").fields["summary"] == "Vi har träffat många i Malmö."


def test_csv_mixing_utf8_and_windows_1252_is_refused_with_the_lines(tmp_path):
    d = data_dir(tmp_path)
    body = (HEADER + "\n" + GOOD[0] + "\n").encode() + \
        b"a2,t1,M,1990,2020-02-01,,\n".replace(b"M,", "Malmö,".encode()) + \
        "a3,t1,K,1975,2019-11-05,,\n".replace("K,", "Kö,").encode("cp1252")
    (d / "participants.csv").write_bytes(body)
    code, out = validate(d)
    assert code == 1
    assert problem_lines(out) == [
        "participants.csv, row 4: mixes two text encodings: line 3 is UTF-8 and line 4 is "
        "Windows-1252 (expected the whole file in one encoding; save it again as UTF-8)"]


def test_header_only_participants_file_is_refused(tmp_path):
    one_message(tmp_path, "participants.csv: no participants: the file has no rows below its "
                "header (expected one row per enrolment)", rows=[])


def test_staff_birth_year_in_the_future(tmp_path):
    staff = "team,valid_from,role,sex,birth_year,fte\nt1,2020-01-01,coach,K,3000,1\n"
    one_message(tmp_path, "staff.csv, row 2, column birth_year: impossible birth year for a "
                "member of staff (found '3000'; expected a year that makes the person 15 to "
                "90 years old on valid_from)", files={"staff.csv": staff})


def test_team_listed_twice_in_config(tmp_path):
    config = "teams:\n  t1: {name: Ett}\n  t2: {name: Två}\n  t1: {name: Tre}\n"
    one_message(tmp_path, "config.yml, line 4, column teams.t1: teams.t1 is given twice (line "
                "2 and line 4); only one can hold (expected each key once)",
                files={"config.yml": config})


def test_unknown_config_key_names_its_line(tmp_path):
    config = "association: Förbundet\ncolour: red\nsettings:\n  min_bas: 5\n"
    code, out = validate(data_dir(tmp_path, files={"config.yml": config}))
    assert code == 1
    lines = problem_lines(out)
    assert lines[0] == ("config.yml, line 2, column colour: unknown key (found 'colour'; "
                        "expected association, example_data, settings, socioeconomic, targets, "
                        "teams)")
    assert lines[1].startswith("config.yml, line 4, column settings.min_bas: unknown setting")


def test_yaml_alias_bomb_is_refused_in_one_short_line(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
        for i in range(8)) + "teams: *i\n"
    code, out = validate(data_dir(tmp_path, files={"config.yml": bomb}))
    assert code == 1
    assert problem_lines(out) == ["config.yml, line 1: anchors and aliases (& and *) are not "
                                  "accepted in a config (expected each value written out)"]
    assert len(out) < 300


def test_huge_config_is_refused(tmp_path):
    big = "association: x\n" + "# padding\n" * 30_000
    code, out = validate(data_dir(tmp_path, files={"config.yml": big}))
    assert code == 1
    assert problem_lines(out)[0].startswith("config.yml: too large for a config file")


def test_config_that_is_not_yaml_names_the_line(tmp_path):
    code, out = validate(data_dir(tmp_path, files={"config.yml": "teams:\n  t1: [\n"}))
    assert code == 1
    assert problem_lines(out)[0].startswith("config.yml, line 3: not valid YAML")


def test_unbalanced_quote_names_the_row_it_opens_on(tmp_path):
    rows = [GOOD[0], 'a2,t1,"M,1990,2020-02-01,,', GOOD[2]]
    one_message(tmp_path, "participants.csv, row 3: a quoted value is never closed: the quote "
                "opens here and the rest of the file would be read as one value (expected a "
                'closing " (or no quote at the start of the value))', rows=rows)


def test_row_with_too_many_values_names_its_row(tmp_path):
    rows = [GOOD[0], GOOD[1], "a3,t1,K,1975,2019-11-05,2020-12-01,studies,extra"]
    one_message(tmp_path, "participants.csv, row 4: this row has 8 values but the header has 7 "
                "columns (expected 7 values separated by ',')", rows=rows)


def test_team_ids_that_would_share_a_file_name_are_refused(tmp_path):
    rows = [*GOOD, "b1,T1,K,1980,2020-01-10,,"]
    one_message(tmp_path, "participants.csv, row 5, column team: two team ids would share the "
                "file name of their reports (t1): they differ only in case, accents or "
                "punctuation (found 't1 / T1'; expected team ids that differ in their letters "
                "or digits)", rows=rows)


def test_remote_image_in_a_narrative_is_refused_with_its_line(tmp_path):
    text = "## Sammanfattning\n\nText.\n\n![logga](https://example.com/x.png)\n\n![b][r]\n\n" \
           "[r]: //example.com/y.png\n"
    code, out = validate(data_dir(tmp_path, files={"narratives/t1/2020.md": text}))
    assert code == 1
    lines = problem_lines(out)
    assert [line.split(":")[0] for line in lines] == ["narratives/t1/2020.md, line 5",
                                                      "narratives/t1/2020.md, line 7"]
    assert all("an image from another address" in line for line in lines)


def test_raw_html_in_a_narrative_is_a_warning(tmp_path):
    text = "## Sammanfattning\n\n<script>alert(1)</script>\n"
    code, out = validate(data_dir(tmp_path, files={"narratives/t1/2020.md": text}))
    assert code == 0
    assert ("warning: narratives/t1/2020.md, line 3: HTML in a narrative is not rendered: it "
            "is shown as text") in out


def test_a_changed_file_with_the_same_size_and_time_is_validated_again(tmp_path):
    d = data_dir(tmp_path)
    path = d / "participants.csv"
    load_data(d)
    st_ = path.stat()
    text = path.read_text(encoding="utf-8").replace("2020-02-01", "2020-13-01")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns))
    assert path.stat().st_size == st_.st_size and path.stat().st_mtime_ns == st_.st_mtime_ns
    with pytest.raises(DataError, match="not a valid date"):
        load_data(d)


def test_no_command_shows_a_traceback(tmp_path, monkeypatch):
    from finsam_analysis import cli

    def boom(args):
        raise KeyError("something unforeseen")

    monkeypatch.setattr(cli, "cmd_validate", boom)
    parser = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: _with_validate(parser(), boom))
    code, out, err = run("validate", data_dir(tmp_path))
    assert code == 3
    assert "Traceback" not in err and err.startswith("finsam: internal error (KeyError")


def _with_validate(parser, func):
    sub = next(a for a in parser._actions if a.dest == "command")
    sub.choices["validate"].set_defaults(func=func)
    return parser


# --- output encoding ----------------------------------------------------------------------

HOSTILE_MARKDOWN = """## Sammanfattning

<script>window.__pwned = 1</script>
<img src=x onerror="window.__pwned = 2">
<iframe src="javascript:window.__pwned = 3"></iframe>
<svg onload="window.__pwned = 4"><circle r=1></circle></svg>
<details open ontoggle="window.__pwned = 5">x</details>
<a href="javascript:window.__pwned = 6">raw link</a>
<img src="http://127.0.0.1:9/raw.png">
<style>body { background: url(http://127.0.0.1:9/bg.png) }</style>

[md link](javascript:window.__pwned=7) [data](data:text/html,<script>1</script>)
[vb](vbscript:msgbox(1)) [ok](https://example.se/?a=1&b=2) [mail](mailto:a@example.se)

```"><script>window.__pwned = 8</script>
<b>code</b>
```

| a | <b onmouseover="window.__pwned=9">b</b> |
|---|---|
| 1 | 2 |
"""


def test_narrative_markdown_keeps_only_the_allow_list():
    html = narrative_html(HOSTILE_MARKDOWN)
    tags = re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", html)
    assert {t for t, _ in tags} <= {"h2", "p", "a", "pre", "code", "table", "thead", "tbody",
                                    "tr", "th", "td"}
    assert not any(re.search(r"\bon[a-z]+\s*=|style=|src=", attrs) for _, attrs in tags)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == ["https://example.se/?a=1&amp;b=2", "mailto:a@example.se"]
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "<style" not in html and "&lt;style&gt;" in html  # shown as text, not applied


@pytest.mark.parametrize("markdown", [
    "![x](http://127.0.0.1:9/x.png)", "![x](//127.0.0.1:9/x.png)",
    "![x][r]\n\n[r]: http://127.0.0.1:9/y.png", "<img src=http://127.0.0.1:9/z.png>",
])
def test_no_image_from_a_narrative(markdown):
    html = narrative_html(markdown)
    assert "<img" not in html and 'src="' not in html


@given(st.text())
def test_slug_is_a_safe_file_name_for_any_id(team):
    slug = team_slug(team)
    assert re.fullmatch(rf"[a-z0-9_-]{{1,{MAX_SLUG}}}", slug)
    assert slug not in RESERVED and not slug.startswith(("-", "_"))


def test_slugs_of_hostile_ids():
    assert team_slug("./../../x") == "x"
    assert team_slug("a/b") == "a-b"
    assert team_slug('q"><img src=x onerror=alert(7)>') == "q-img-src-x-onerror-alert-7"
    long = team_slug("x" * 250)
    assert len(long) == MAX_SLUG and long != team_slug("x" * 249)
    assert team_slug("..") != team_slug("../..")  # no letters: a hash of the id each
    assert team_slug("oversikt") == "oversikt-team"


def test_index_escapes_names_and_ids(tmp_path):
    from finsam_analysis.reports.batch import write_index

    team = 'q"><img src=x onerror=alert(7)>'
    quoted = '"' + team.replace('"', '""') + '"'
    rows = [f"{quoted},K,1980,2020-01-10,,", f"{quoted},M,1980,2020-01-10,,"]
    rows = [f"a{i}," + r for i, r in enumerate(rows)]
    config = ("association: '<script>alert(1)</script>'\nteams:\n"
              f"  '{team}': {{name: '<b onclick=alert(2)>Team</b>'}}\n")
    d = data_dir(tmp_path, rows=rows, header="participant_id,team,sex,birth_year,start_date,"
                 "end_date,exit_reason", files={"config.yml": config})
    data = load_data(d)
    out = tmp_path / "out"
    (out / "2020H1").mkdir(parents=True)
    (out / "2020H1" / f"{team_slug(team)}.html").write_text("x", encoding="utf-8")
    html = write_index(out, data).read_text(encoding="utf-8")
    assert "<img" not in html and "<script>alert" not in html and "<b " not in html
    assert "&lt;b onclick=alert(2)&gt;Team&lt;/b&gt;" in html
    assert f'href="2020H1/{team_slug(team)}.html"' in html
    assert '<html lang="sv">' in html


def test_output_paths_must_lie_inside_out(tmp_path):
    from finsam_analysis.reports.batch import OutputError, inside

    out = tmp_path / "out"
    assert inside(out, out / "2020H1" / "x.html") == out / "2020H1" / "x.html"
    for bad in (out / ".." / "x.html", out / "2020H1" / ".." / ".." / "x.html",
                tmp_path / "outside" / "x.html"):
        with pytest.raises(OutputError, match="outside"):
            inside(out, bad)


def test_index_is_written_atomically(tmp_path, monkeypatch):
    from finsam_analysis.reports import batch

    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("the old index", encoding="utf-8")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch.os, "fsync", full)
    with pytest.raises(OSError):
        batch._write_atomic(out / "index.html", "<html>" + "x" * 10_000)
    assert (out / "index.html").read_text(encoding="utf-8") == "the old index"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]


# --- the output folder -------------------------------------------------------------------

def test_an_output_folder_that_cannot_be_written_is_one_error_before_any_work(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    start = time.monotonic()
    code, out, err = run("reports", SAMPLE, "--period", "2022H1", "--out", blocker / "reports",
                         "--quiet")
    assert code == 2 and out == ""
    assert err.startswith(f"finsam: cannot write reports to {blocker / 'reports'}: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert time.monotonic() - start < 10  # no report was started


@pytest.mark.parametrize("how", ["marker", "notebook"])
def test_an_external_run_refuses_a_folder_with_internal_reports(tmp_path, how):
    out = tmp_path / "reports"
    (out / "2022H1").mkdir(parents=True)
    (out / "2022H1" / "kompassen.pdf").write_bytes(b"%PDF internal")
    if how == "marker":
        (out / ".finsam-audience").write_text("internal\n", encoding="utf-8")
    else:  # a folder made before the marker existed: the notebook's parameters tell
        nb = {"cells": [], "metadata": {"papermill": {"parameters": {"audience": "internal"}}},
              "nbformat": 4, "nbformat_minor": 5}
        (out / "2022H1" / "kompassen.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    before = sorted(str(p) for p in out.rglob("*"))
    code, stdout, err = run("reports", SAMPLE, "--period", "2022H1", "--out", out, "--quiet")
    assert code == 2
    assert f"finsam: {out} holds internal (unsuppressed) reports; a run for external readers " \
        "never writes beside them" in err
    assert sorted(str(p) for p in out.rglob("*")) == before  # nothing written, nothing removed


# --- a whole batch from hostile input, opened in Chromium ------------------------------------

HOSTILE_ID = '../../x"><img src=x onerror=window.__pwned=7>'


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    """The sample with one team renamed to a hostile id and name, a hostile narrative and
    co-assessor file; one internal report of it and the index."""
    from test_reports import browser_or_skip

    browser_or_skip()
    base = tmp_path_factory.mktemp("hostile")
    d = base / "deep" / "data"
    shutil.copytree(SAMPLE, d, ignore=shutil.ignore_patterns("narratives"))
    import pandas as pd

    for path in d.glob("*.csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "team" in frame:
            frame["team"] = frame["team"].replace("kompassen", HOSTILE_ID)
            frame.to_csv(path, index=False)
    config = (d / "config.yml").read_text(encoding="utf-8").replace(
        "kompassen: {name: Team Kompassen",
        "'" + HOSTILE_ID + "': {name: '<img src=x onerror=window.__pwned=9>Kompassen'")
    assert config != (d / "config.yml").read_text(encoding="utf-8")
    (d / "config.yml").write_text(config, encoding="utf-8")
    folder = d / "narratives" / team_slug(HOSTILE_ID)
    folder.mkdir(parents=True)
    (folder / "2022H1.md").write_text(HOSTILE_MARKDOWN, encoding="utf-8")
    (folder / "2022H1.co-assessor.md").write_text(HOSTILE_MARKDOWN.split("\n", 2)[2],
                                                  encoding="utf-8")
    out = base / "deep" / "out"
    before = {p for p in base.rglob("*") if not p.is_relative_to(out)}
    cwd = Path.cwd()
    os.chdir(base)  # the run starts here: its notebooks record the data as deep/data
    try:
        code, stdout, stderr = run("reports", d, "--period", "2022H1", "--team", HOSTILE_ID,
                                   "--audience", "internal", "--out", out, "--quiet",
                                   "--jobs", "1")
    finally:
        os.chdir(cwd)
    after = {p for p in base.rglob("*") if not p.is_relative_to(out)}
    return {"code": code, "stdout": stdout, "stderr": stderr, "out": out, "data": d,
            "outside": after - before}


def test_hostile_batch_writes_only_inside_out_under_the_slug(hostile_batch):
    assert hostile_batch["code"] == 0, hostile_batch["stdout"] + hostile_batch["stderr"]
    assert hostile_batch["outside"] == set()
    slug = team_slug(HOSTILE_ID)
    made = sorted(p.name for p in (hostile_batch["out"] / "2022H1").iterdir())
    assert made == [f"{slug}.html", f"{slug}.ipynb", f"{slug}.xlsx"]


def test_hostile_report_shows_the_real_id_escaped_and_declares_swedish(hostile_batch):
    html = (hostile_batch["out"] / "2022H1" / f"{team_slug(HOSTILE_ID)}.html").read_text(
        encoding="utf-8")
    assert '<html lang="sv">' in html
    assert re.search(r"Team-id i underlaget: <code>\.\./\.\./x(?:&quot;|\")&gt;&lt;img src=x "
                     r"onerror=window.__pwned=7&gt;</code>", html)
    assert "<h1>&lt;img src=x onerror=window.__pwned=9&gt;Kompassen</h1>" in html
    tags = re.findall(r"<[a-zA-Z][^<>]*>", html)  # real tags: text has &lt; for <
    assert not [t for t in tags if re.search(r"javascript:|\bon[a-z]+\s*=|127\.0\.0\.1", t)]
    assert "<script" not in html.lower()


def test_hostile_notebook_records_the_data_directory_relative(hostile_batch):
    notebook = (hostile_batch["out"] / "2022H1" / f"{team_slug(HOSTILE_ID)}.ipynb").read_text(
        encoding="utf-8")
    params = json.loads(notebook)["metadata"]["papermill"]["parameters"]
    assert params["data_dir"] == "deep/data"
    base = hostile_batch["data"].parents[1]
    assert str(base) not in notebook  # no absolute path of the machine anywhere


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    from finsam_analysis.reports.export import find_browser

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_browser(),
                                    args=["--no-sandbox", "--disable-gpu"])
        yield browser.new_page()
        browser.close()


@pytest.mark.parametrize("which", ["report", "index"])
def test_nothing_runs_and_nothing_is_fetched_in_chromium(hostile_batch, page, which):
    path = (hostile_batch["out"] / "2022H1" / f"{team_slug(HOSTILE_ID)}.html"
            if which == "report" else hostile_batch["out"] / "index.html")
    requests, dialogs = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    page.mouse.move(10, 10)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []
    outside = [u for u in requests if not u.startswith(("file://", "data:", "about:"))]
    assert outside == []
    assert page.locator("script").count() == 0 if which == "index" else True
    hrefs = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert not any(h and h.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
                   for h in hrefs)
    if which == "report":
        assert page.locator("html").get_attribute("lang") == "sv"
        assert "<script>window.__pwned = 1</script>" in page.inner_text("body")


# --- stopping a batch ------------------------------------------------------------------------

def test_sigterm_stops_workers_and_kernels_and_writes_the_index(tmp_path):
    import psutil

    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FINSAM_CACHE": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "finsam_analysis.cli", "reports", str(SAMPLE), "--period",
         "2022H1", "2021H2", "--out", str(out), "--quiet", "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
        start_new_session=True)
    me = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    kernels: list = []
    while time.monotonic() < deadline and not kernels:
        time.sleep(0.5)
        try:
            kernels = [p for p in me.children(recursive=True)
                       if "ipykernel" in " ".join(p.cmdline())]
        except psutil.Error:
            pass
    assert kernels, "no kernel started"
    family = me.children(recursive=True)
    proc.send_signal(signal.SIGTERM)
    try:
        stdout, stderr = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("finsam reports did not stop on SIGTERM")
    assert proc.returncode == 143, stdout + stderr
    assert stdout.startswith("Stopped by SIGTERM: ")
    assert "NOT MADE (stopped)" in stdout and "Traceback" not in stderr
    gone, alive = psutil.wait_procs(family, timeout=10)
    assert alive == [], [p.cmdline() for p in alive]
    assert (out / "index.html").exists()
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".finsam-tmp")]
    assert leftovers == []


def test_excel_never_holds_a_formula_from_the_input(tmp_path):
    import pandas as pd

    from finsam_analysis.present.tables import Presented
    from finsam_analysis.reports.export import write_excel

    frame = pd.DataFrame({"Antal": ["=HYPERLINK(\"http://127.0.0.1:9\",\"x\")", "2"]},
                         index=["=1+1", "@SUM(A1)"])
    path = write_excel({"t": Presented(frame, "=cmd|' /C calc'!A0")}, tmp_path / "x.xlsx")
    cells = [c for ws in openpyxl.load_workbook(path).worksheets for row in ws.iter_rows()
             for c in row if c.value is not None]
    assert [c.value for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert all(c.data_type != "f" for c in cells)


def test_summary_names_ids_without_control_characters():
    from finsam_analysis.reports.batch import Job

    assert Job("team", "2022H1", "a\x1b[2Jb\n").label == "2022H1 a?[2Jb?"


def test_summary_of_a_stopped_batch():
    from finsam_analysis.reports.batch import Job, Result, Results, summary

    jobs = [Job("team", "2022H1", "a"), Job("team", "2022H1", "b")]
    results = Results([Result(jobs[0], True)])
    results.stopped, results.planned = signal.SIGINT, jobs
    text, status = summary(results, Path("/r"))
    assert status == 130
    assert text.splitlines()[:2] == ["Stopped by SIGINT: 1 of 2 reports made in /r",
                                     "  NOT MADE (stopped): 2022H1 b"]
