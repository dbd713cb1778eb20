from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from finsam_analysis.io.load import participants_frame

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"

_ids = itertools.count(1)


def person(sex="K", start="2020-01-15", end=None, reason=None, team="t1", years=None,
           birth_year=1985, support=None, other_category=None, referrer=None, pid=None):
    """One enrolment as a record for `participants_frame`."""
    return {
        "participant_id": pid or f"p{next(_ids)}",
        "team": team,
        "sex": sex,
        "birth_year": birth_year,
        "start_date": start,
        "end_date": end,
        "exit_reason": reason,
        "work_support": support,
        "exit_other_category": other_category,
        "years_without_work": years,
        "referrer": referrer,
    }


def frame(*records):
    return participants_frame(list(records))


@pytest.fixture(scope="session")
def sample_data():
    from finsam_analysis.io.load import load_data

    return load_data(SAMPLE)


def run_cli(*args) -> tuple[int, str, str]:
    """Run `finsam ARGS…` in-process: exit status, stdout, stderr."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from finsam_analysis.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def english(monkeypatch):
    """Messages in English (`FINSAM_LANG=en`), for tests that match the canonical English
    text of a problem or a summary; Swedish is the default (tests/reports/test_messages.py)."""
    monkeypatch.setenv("FINSAM_LANG", "en")
