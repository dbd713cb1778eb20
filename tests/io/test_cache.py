"""The cache of validated data sets: the same frames, invalidated by any change."""

from __future__ import annotations

import os
import shutil
import time

import pandas as pd
import pytest
from conftest import SAMPLE

from finsam_analysis.errors import DataError
from finsam_analysis.io import cache
from finsam_analysis.io.load import load_data

pytestmark = pytest.mark.usefixtures("english")  # matches the English messages

TABLES = ["participants", "followups", "ors", "srs", "survey_questions", "survey_responses",
          "survey_invited", "health", "staff", "budget"]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("FINSAM_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("FINSAM_NO_CACHE", raising=False)
    d = tmp_path / "data"
    shutil.copytree(SAMPLE, d)
    return d


def test_cached_data_equals_a_fresh_read(data_dir):
    fresh = load_data(data_dir, cache=False)
    first = load_data(data_dir)   # reads, checks, stores
    again = load_data(data_dir)   # from the cache
    assert cache.read(data_dir) is not None
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(fresh, name), getattr(again, name))
        pd.testing.assert_frame_equal(getattr(first, name), getattr(again, name))
    assert again.files == fresh.files and again.config == fresh.config


def test_a_changed_file_is_read_again(data_dir):
    load_data(data_dir)
    path = data_dir / "participants.csv"
    text = path.read_text(encoding="utf-8")
    time.sleep(0.01)
    path.write_text(text + "\n", encoding="utf-8")  # same data, a different file
    assert cache.read(data_dir) is None
    # and a change that makes the data invalid is reported, not hidden by the cache
    path.write_text(text.replace("2018-01-", "2018-13-", 1), encoding="utf-8")
    with pytest.raises(DataError, match="not a valid date"):
        load_data(data_dir)


def test_a_new_or_removed_table_is_noticed(data_dir):
    load_data(data_dir)
    (data_dir / "budget.csv").unlink()
    assert cache.read(data_dir) is None
    assert load_data(data_dir).budget is None


def test_the_cache_lives_outside_the_data_and_can_be_turned_off(data_dir, monkeypatch):
    before = sorted(p.name for p in data_dir.iterdir())
    load_data(data_dir)
    assert sorted(p.name for p in data_dir.iterdir()) == before
    monkeypatch.setenv("FINSAM_NO_CACHE", "1")
    assert cache.read(data_dir) is None


def test_an_unwritable_cache_is_not_an_error(data_dir, monkeypatch, tmp_path):
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("FINSAM_CACHE", str(blocker / "sub"))
    assert len(load_data(data_dir).participants) > 0
    assert not os.path.isdir(blocker / "sub")
