"""Loading and validation: every kind of bad input names file, row and column."""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import pytest

from finsam_analysis.errors import DataError
from finsam_analysis.io.load import PERSONNUMMER_MESSAGE, load_data
from finsam_analysis.io.personnummer import find_personnummer, luhn_ok
from finsam_analysis.messages import translate

pytestmark = pytest.mark.usefixtures("english")  # matches the English messages

HEADER = ("participant_id,team,sex,birth_year,start_date,end_date,exit_reason,work_support,"
          "exit_other_category,years_without_work,referrer")
GOOD = [
    "a1,t1,K,1980,2020-01-10,2020-09-01,work,with_support,,5.5,af",
    "a2,t1,M,1990,2020-02-01,,,,,2,fk",
    "a3,t1,,1975,2019-11-05,2020-12-01,other,,moved,9,municipality",
]


def write(tmp_path, rows, header=HEADER, name="participants.csv", encoding="utf-8"):
    (tmp_path / name).write_text("\n".join([header, *rows]) + "\n", encoding=encoding)
    return tmp_path


def problems_of(tmp_path) -> list:
    with pytest.raises(DataError) as info:
        load_data(tmp_path)
    return info.value.problems


def one_problem(tmp_path, **match):
    found = problems_of(tmp_path)
    hits = [p for p in found if all(v in str(getattr(p, k)) for k, v in match.items())]
    assert hits, f"no problem matching {match} in {[str(p) for p in found]}"
    return hits[0]


def test_good_file_loads_with_canonical_columns(tmp_path):
    data = load_data(write(tmp_path, GOOD))
    p = data.participants
    assert list(p["sex"]) == ["K", "M", "unknown"]
    assert str(p["start_date"].dtype).startswith("datetime64")
    assert p.loc[0, "years_without_work"] == 5.5
    assert p.loc[2, "exit_other_category"] == "moved"
    assert data.followups is None
    assert data.config.settings.dropout_months == 2


def test_input_files_are_never_modified(tmp_path):
    write(tmp_path, GOOD)
    before = hashlib.sha256((tmp_path / "participants.csv").read_bytes()).hexdigest()
    load_data(tmp_path)
    assert hashlib.sha256((tmp_path / "participants.csv").read_bytes()).hexdigest() == before
    assert sorted(f.name for f in tmp_path.iterdir()) == ["participants.csv"]


def test_missing_required_column_is_named(tmp_path):
    header = HEADER.replace("start_date,", "")
    rows = [",".join(r.split(",")[:4] + r.split(",")[5:]) for r in GOOD]
    p = one_problem(write(tmp_path, rows, header), message="required column is missing")
    assert p.file == "participants.csv"
    assert p.column == "start_date"


@pytest.mark.parametrize(("row", "column", "value"), [
    ("b1,t1,K,1980,2020-13-01,,,,,,af", "start_date", "2020-13-01"),
    ("b1,t1,K,1980,2021-02-29,,,,,,af", "start_date", "2021-02-29"),
    ("b1,t1,K,1980,igår,,,,,,af", "start_date", "igår"),
    ("b1,t1,K,1980,2020-01-01,2020-04-31,work,,,,af", "end_date", "2020-04-31"),
    ("b1,t1,K,1980,1066-01-01,,,,,,af", "start_date", "1066-01-01"),
])
def test_bad_dates(tmp_path, row, column, value):
    p = one_problem(write(tmp_path, [*GOOD, row]), column=column)
    assert p.row == 5  # header is row 1, so the fourth data row is row 5
    assert p.value == value
    assert "participants.csv, row 5, column " + column in str(p)


def test_end_before_start(tmp_path):
    p = one_problem(write(tmp_path, ["b1,t1,K,1980,2020-05-01,2020-04-30,work,,,,af", *GOOD]),
                    message="before start")
    assert (p.row, p.column) == (2, "end_date")


def test_exit_reason_missing_for_an_exit_or_present_without_one(tmp_path):
    rows = ["b1,t1,K,1980,2020-01-01,2020-05-01,,,,,af",
            "b2,t1,K,1980,2020-01-01,,studies,,,,af"]
    found = problems_of(write(tmp_path, [*GOOD, *rows]))
    assert any(p.row == 5 and p.column == "exit_reason" and "needs an exit reason" in p.message
               for p in found)
    assert any(p.row == 6 and p.column == "exit_reason" and "no end_date" in p.message
               for p in found)


def test_unknown_codes_list_what_is_accepted(tmp_path):
    rows = ["b1,t1,K,1980,2020-01-01,2020-05-01,pension,,,,af",
            "b2,t1,K,1980,2020-01-01,,,,,,polisen"]
    found = problems_of(write(tmp_path, [*GOOD, *rows]))
    reason = next(p for p in found if p.column == "exit_reason")
    assert (reason.row, reason.value) == (5, "pension")
    assert "sickness_compensation" in reason.expected
    referrer = next(p for p in found if p.column == "referrer")
    assert (referrer.row, referrer.value) == (6, "polisen")


def test_duplicate_participant_within_a_team(tmp_path):
    rows = [*GOOD, "a1,t1,M,1970,2021-01-01,,,,,,af", "a1,t2,M,1970,2021-01-01,,,,,,af"]
    found = problems_of(write(tmp_path, rows))
    dup = [p for p in found if "duplicate" in p.message]
    assert len(dup) == 1  # the same id in another team is fine
    assert dup[0].row == 5
    assert "row 2" in dup[0].message


def test_every_problem_at_once(tmp_path):
    rows = ["b1,t1,K,1980,2020-13-01,,,,,,af",
            "b2,t1,K,1980,2020-01-01,2019-01-01,work,,,,af",
            "b3,t1,K,1980,2020-01-01,,,,,-2,xx"]
    found = problems_of(write(tmp_path, rows))
    assert {p.row for p in found} == {2, 3, 4}
    assert len(found) >= 4


@pytest.mark.parametrize("pnr", ["811228-9874", "19811228-9874", "198112289874", "8112289874",
                                 "811288-9871"])  # the last: samordningsnummer (day + 60)
def test_personnummer_anywhere_is_refused_and_not_repeated(tmp_path, pnr):
    assert find_personnummer(pnr)
    header = HEADER + ",anteckning"
    rows = [r + "," for r in GOOD] + [f"b1,t1,K,1980,2020-01-01,,,,,,af,ring {pnr} ang. möte"]
    p = one_problem(write(tmp_path, rows, header), message="personnummer")
    assert (p.file, p.row, p.column) == ("participants.csv", 5, "anteckning")
    err = str(DataError([p]))
    assert pnr not in err and pnr[-4:] not in err


def test_personnummer_as_participant_id(tmp_path):
    p = one_problem(write(tmp_path, [*GOOD, "19811228-9874,t1,K,1981,2020-01-01,,,,,,af"]),
                    message="personnummer")
    assert (p.row, p.column) == (5, "participant_id")


def test_number_that_fails_the_check_digit_is_not_a_personnummer(tmp_path):
    assert not luhn_ok("8112289875")
    assert find_personnummer("811228-9875") is None
    assert find_personnummer("2020-01-01") is None
    assert find_personnummer("FJA-2018-001") is None
    load_data(write(tmp_path, [*GOOD, "811228-9875,t1,K,1981,2020-01-01,,,,,,af"]))


@pytest.mark.parametrize(("extra", "message", "column"), [
    ("sex ", "two columns named 'sex' (after removing spaces)", "'sex' and 'sex '"),
    (" sex,sex  ", "3 columns named 'sex' (after removing spaces)", "'sex' and ' sex' and 'sex  '"),
    ("sex", "two columns named 'sex' (after removing spaces)", "'sex' and 'sex'"),
    ("anteckning,anteckning ", "two columns named 'anteckning' (after removing spaces)",
     "'anteckning' and 'anteckning '"),  # a column the project does not read
    ("Sex", "two columns mean sex", "'sex' and 'Sex'"),  # headers are matched without case
    ("KÖN ", "two columns mean sex", "'sex' and 'KÖN'"),
])
def test_two_columns_with_one_name_are_refused_naming_both(tmp_path, extra, message, column):
    """Headers that are the same once spaces, case or accents are set aside: which column is
    meant would be a guess. One problem naming both, never a crash."""
    n = extra.count(",") + 1
    p = one_problem(write(tmp_path, [r + ",K" * n for r in GOOD], HEADER + "," + extra),
                    message=message)
    assert (p.file, p.row, p.message, p.column) == ("participants.csv", 1, message, column)
    assert "remove or rename" in p.expected
    assert "kolumner" in translate(p.message, "sv") and "ta bort" in translate(p.expected, "sv")


def test_two_headers_with_one_masked_personnummer_are_refused(tmp_path):
    header = HEADER + ",19811228-9874,811228-9874"
    found = problems_of(write(tmp_path, [r + ",," for r in GOOD], header))
    assert [p.message for p in found] == ["column header " + PERSONNUMMER_MESSAGE] * 2
    assert "9874" not in str(DataError(found))


def test_swedish_excel_csv(tmp_path):
    """Semicolons, Windows-1252, decimal comma, Swedish headers and code words."""
    header = ("Deltagar-ID;Team;Kön;Födelseår;Inskrivningsdatum;Avslutsdatum;Avslutsorsak;"
              "Stöd;Annat, kategori;År utan arbete;Remittent")
    rows = ["a1;t1;Kvinna;1980;2020-01-10;2020-09-01;Arbete;Med stöd;;5,5;Arbetsförmedlingen",
            "a2;t1;Man;1990;2020-02-01;;;;;2;Försäkringskassan",
            "a3;t1;;1975;2019-11-05;2020-12-01;Annat;;moved;9;Kommunen",
            "a4;t1;man;1975;2019-11-05;2020-12-01;Medicinsk rehabilitering;;;;Regionen",
            "a5;t1;K;1975;2019-11-05;2020-12-01;Arbetslivsinriktad rehab;;;12,0;annan"]
    data = load_data(write(tmp_path, rows, header, encoding="cp1252"))
    p = data.participants
    assert list(p["sex"]) == ["K", "M", "unknown", "M", "K"]
    assert list(p["exit_reason"].fillna("-")) == ["work", "-", "other", "medical_rehab",
                                                  "vocational_rehab"]
    assert p.loc[0, "work_support"] == "with_support"
    assert p.loc[0, "years_without_work"] == 5.5
    assert list(p["referrer"]) == ["af", "fk", "municipality", "region", "other"]


def test_utf8_with_bom(tmp_path):
    (tmp_path / "participants.csv").write_bytes(
        b"\xef\xbb\xbf" + ("\n".join([HEADER.replace(",", ";"),
                                      *(r.replace(",", ";") for r in GOOD)]) + "\n").encode())
    assert list(load_data(tmp_path).participants.columns)[0] == "participant_id"


def test_unfamiliar_sex_is_unknown_with_a_warning(tmp_path):
    data = load_data(write(tmp_path, [*GOOD, "b1,t1,X,1980,2020-01-01,,,,,,af"]))
    assert data.participants.loc[3, "sex"] == "unknown"
    assert any(w.row == 5 and w.column == "sex" for w in data.warnings)


def test_xlsx_and_parquet_load_the_same(tmp_path):
    csv_dir, xlsx_dir, pq_dir = (tmp_path / d for d in ("csv", "xlsx", "pq"))
    for d in (csv_dir, xlsx_dir, pq_dir):
        d.mkdir()
    write(csv_dir, GOOD)
    reference = load_data(csv_dir).participants
    raw = pd.read_csv(csv_dir / "participants.csv", dtype=str, keep_default_na=False)
    excel = raw.copy()
    excel["start_date"] = pd.to_datetime(excel["start_date"])  # real Excel dates
    excel["birth_year"] = excel["birth_year"].astype(int)
    excel.to_excel(xlsx_dir / "participants.xlsx", index=False)
    typed = raw.replace("", None)
    typed["start_date"] = pd.to_datetime(typed["start_date"])
    typed["years_without_work"] = typed["years_without_work"].astype(float)
    typed.to_parquet(pq_dir / "participants.parquet")
    for d in (xlsx_dir, pq_dir):
        pd.testing.assert_frame_equal(load_data(d).participants, reference)


def test_xlsx_problem_names_the_sheet_row(tmp_path):
    raw = pd.read_csv(write(tmp_path, [*GOOD, "b1,t1,K,1980,2020-02-30,,,,,,af"])
                      / "participants.csv", dtype=str, keep_default_na=False)
    (tmp_path / "participants.csv").unlink()
    raw.to_excel(tmp_path / "participants.xlsx", index=False)
    p = one_problem(tmp_path, column="start_date")
    assert (p.file, p.row) == ("participants.xlsx", 5)


def test_xlsx_with_a_header_written_twice_is_refused_naming_both(tmp_path):
    """A repeated header in Excel (pandas would read the second as `sex.1`) is refused."""
    raw = pd.read_csv(write(tmp_path, GOOD) / "participants.csv", dtype=str,
                      keep_default_na=False)
    (tmp_path / "participants.csv").unlink()
    raw.insert(len(raw.columns), "sex_again", "K")
    raw.columns = [*raw.columns[:-1], "sex"]
    raw.to_excel(tmp_path / "participants.xlsx", index=False)
    message = "two columns named 'sex' (after removing spaces)"
    p = one_problem(tmp_path, message=message)
    assert (p.file, p.row, p.column) == ("participants.xlsx", 1, "'sex' and 'sex'")


def test_two_files_for_one_table_are_refused(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, GOOD, name="participants.parquet")
    with pytest.raises(DataError, match="more than one file"):
        load_data(tmp_path)


def test_no_participants_table(tmp_path):
    with pytest.raises(DataError, match="no participants table"):
        load_data(tmp_path)


def test_config_is_validated(tmp_path):
    write(tmp_path, GOOD)
    (tmp_path / "config.yml").write_text(
        "teams:\n  t1: {name: Team Ett}\nsettings:\n  dropout_months: two\n  colour: red\n"
        "targets:\n  work: {at_exit: 125}\n", encoding="utf-8")
    found = problems_of(tmp_path)
    keys = {p.column for p in found if p.file == "config.yml"}
    assert {"settings.dropout_months", "settings.colour", "targets.work.at_exit"} <= keys


def test_config_settings_and_unknown_team(tmp_path):
    write(tmp_path, [*GOOD, "b1,t9,K,1980,2020-01-01,,,,,,af"])
    (tmp_path / "config.yml").write_text(
        "association: Förbundet\nteams:\n  t1: {name: Team Ett}\nsettings:\n"
        "  dropout_months: 3\n  suppression_threshold: 4\n", encoding="utf-8")
    p = one_problem(tmp_path, column="team")
    assert (p.row, p.value) == (5, "t9")
    (tmp_path / "participants.csv").unlink()
    write(tmp_path, GOOD)
    data = load_data(tmp_path)
    assert data.config.settings.dropout_months == 3
    assert data.config.settings.suppression_threshold == 4
    assert data.team_name("t1") == "Team Ett"


def test_followups_are_checked_against_participants(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, ["a1,t1,6,arbete", "a1,t1,7,work", "zz,t1,6,work", "a2,t1,6,work",
                     "a1,t1,6,studies", "a3,t1,12,pension"],
          header="participant_id,team,months_after_exit,status", name="followups.csv")
    found = problems_of(tmp_path)
    by_row = {p.row: p for p in found}
    assert by_row[3].column == "months_after_exit"
    assert by_row[4].column == "participant_id" and "no such participant" in by_row[4].message
    assert "not exited" in by_row[5].message
    assert "duplicate" in by_row[6].message
    assert by_row[7].column == "status"
    assert all(p.file == "followups.csv" for p in found)


def test_message_format_names_file_row_column_value_expected(tmp_path):
    with pytest.raises(DataError) as info:
        load_data(write(tmp_path, [*GOOD, "b1,t1,K,1980,2020-13-01,,,,,,af"]))
    text = str(info.value)
    assert re.search(r"participants\.csv, row 5, column start_date: not a valid date "
                     r"\(found '2020-13-01'; expected .*YYYY-MM-DD", text)


def test_windows_line_endings_and_blank_lines_keep_row_numbers(tmp_path):
    rows = [GOOD[0], "", GOOD[1], ";;;;;;;;;;".replace(";", ","),
            "b1,t1,K,1980,2020-02-30,,,,,,af"]
    (tmp_path / "participants.csv").write_bytes(
        ("\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8"))
    p = one_problem(tmp_path, column="start_date")
    assert p.row == 6  # header 1, a1 2, blank 3, a2 4, empty cells 5, b1 6
    assert p.value == "2020-02-30"
