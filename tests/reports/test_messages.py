"""Messages a user reads: Swedish by default, English with `--lang en` or `FINSAM_LANG=en`."""

from __future__ import annotations

import pytest
from conftest import run_cli

from finsam_analysis.errors import DataError, Problem
from finsam_analysis.messages import PHRASES, translate

BAD = ("participant_id,team,sex,birth_year,start_date,end_date,exit_reason\n"
       "a1,t,K,1980,2020-13-01,,\n"
       "a2,t,M,1980,2020-01-01,2019-01-01,work\n")


@pytest.fixture
def bad_data(tmp_path, monkeypatch):
    monkeypatch.delenv("FINSAM_LANG", raising=False)
    d = tmp_path / "data"
    d.mkdir()
    (d / "participants.csv").write_text(BAD, encoding="utf-8")
    return d


def test_validate_speaks_swedish_by_default(bad_data):
    code, out, err = run_cli("validate", bad_data)
    assert code == 1
    assert err.startswith("2 problem i underlaget:")
    assert ("participants.csv, rad 2, kolumn start_date: inget giltigt datum (fann "
            "'2020-13-01'; väntat: ett datum ÅÅÅÅ-MM-DD som finns)") in err
    assert "avslutsdatum före startdatum" in err
    assert "not a valid date" not in err and "expected" not in err


@pytest.mark.parametrize("how", ["option", "option-first", "env"])
def test_validate_speaks_english_when_asked(bad_data, monkeypatch, how):
    if how == "env":
        monkeypatch.setenv("FINSAM_LANG", "en")
        code, out, err = run_cli("validate", bad_data)
    elif how == "option":
        code, out, err = run_cli("validate", bad_data, "--lang", "en")
    else:
        code, out, err = run_cli("--lang=en", "validate", bad_data)
    assert code == 1
    assert err.startswith("2 problems in the input:")
    assert ("participants.csv, row 2, column start_date: not a valid date (found "
            "'2020-13-01'; expected a date YYYY-MM-DD that exists)") in err
    assert "exit date before start date" in err


def test_lang_does_not_outlive_the_command(bad_data):
    import os

    run_cli("validate", bad_data, "--lang", "en")
    assert "FINSAM_LANG" not in os.environ
    assert "problem i underlaget" in run_cli("validate", bad_data)[2]


def test_validate_ok_in_swedish(monkeypatch):
    from conftest import SAMPLE

    monkeypatch.delenv("FINSAM_LANG", raising=False)
    code, out, _ = run_cli("validate", SAMPLE)
    assert code == 0 and "OK: " in out and "participants.csv: 1107 rader" in out
    assert "  team: " in out and "varning: " in out and "rubriken 'Inledning'" in out


def test_an_unknown_language_is_a_usage_error(bad_data):
    code, _, err = run_cli("validate", bad_data, "--lang", "de")
    assert code == 2 and "sv or en" in err


def test_batch_summary_in_both_languages(monkeypatch):
    from pathlib import Path

    from finsam_analysis.reports.batch import Job, Result, summary

    results = [Result(Job("team", "2022H1", "a"), True),
               Result(Job("team", "2022H1", "b"), False, error="KeyError: 'x'", cell=3)]
    monkeypatch.delenv("FINSAM_LANG", raising=False)
    text, status = summary(results, Path("/r"))
    assert status == 1 and text.splitlines() == [
        "1 av 2 rapporter gjorda i /r", "  MISSLYCKADES 2022H1 b (cell 3): KeyError: 'x'",
        "Öppna /r/index.html"]
    monkeypatch.setenv("FINSAM_LANG", "en")
    assert summary(results, Path("/r"))[0].splitlines()[0] == "1 of 2 reports made in /r"


def test_every_phrase_and_pattern_has_a_translation(monkeypatch):
    monkeypatch.delenv("FINSAM_LANG", raising=False)
    assert all(v and v != k for k, v in PHRASES.items() if k != "scale_min < scale_max")
    assert translate("duplicate answer: the same as row 4") == "dubblett (answer): samma som rad 4"
    assert translate("something new") == "something new"  # unknown: shown as written
    err = DataError([Problem("x.csv", "negative count", 3, "invited", "-1", "0 or more")])
    assert str(err) == ("1 problem i underlaget:\n  - x.csv, rad 3, kolumn invited: negativt "
                        "antal (fann '-1'; väntat: 0 eller mer)")
    monkeypatch.setenv("FINSAM_LANG", "en")
    assert str(err).endswith("negative count (found '-1'; expected 0 or more)")


def test_config_problems_in_swedish_by_default(tmp_path, monkeypatch):
    import shutil

    from conftest import SAMPLE
    from conftest import run_cli as run

    monkeypatch.delenv("FINSAM_LANG", raising=False)
    shutil.copy(SAMPLE / "participants.csv", tmp_path / "participants.csv")
    config = tmp_path / "config.yml"
    config.write_text("teams:\n  a: {name: A, colour: red}\nsettings:\n  dropout_months: x\n",
                      encoding="utf-8")
    code, _, err = run("validate", tmp_path)
    assert code == 1 and "okänd nyckel" in err and "fel typ eller värde" in err
    code, _, err = run("--lang", "en", "validate", tmp_path)
    assert "unknown key" in err and "wrong type or value" in err
    config.write_text("teams:\n  a: {name: A}\n  a: {name: B}\n", encoding="utf-8")
    code, _, err = run("validate", tmp_path)
    assert code == 1 and "anges två gånger (rad 2 och rad 3)" in err
