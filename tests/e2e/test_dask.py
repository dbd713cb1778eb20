"""`finsam reports --executor dask`: the same batch on the workers of a Dask cluster (here a
`LocalCluster` of worker processes), with the same progress, failure isolation and summary."""

from __future__ import annotations

import dask
import pytest
from conftest import SAMPLE
from conftest import run_cli as run
from distributed import Client, LocalCluster

from finsam_analysis.reports import batch

PERIOD = "2022H1"


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        yield cluster


def test_reports_run_on_a_dask_cluster_and_a_failure_stops_no_other(cluster, tmp_path):
    out = tmp_path / "reports"
    code, stdout, stderr = run("reports", SAMPLE, "--period", PERIOD, "--team", "ankaret",
                               "nosuch", "--executor", "dask", "--scheduler",
                               cluster.scheduler_address, "--out", out)
    assert code == 1, stdout + stderr
    assert "1 av 2 rapporter gjorda" in stdout
    assert stdout[stdout.index("MISSLYCKADES"):].startswith("MISSLYCKADES 2022H1 nosuch (cell ")
    assert "Rapporter" in stderr  # the progress bar
    folder = out / PERIOD
    for ext in (".html", ".ipynb", ".xlsx"):
        assert (folder / f"ankaret{ext}").stat().st_size > 1000
    assert not (folder / "nosuch.html").exists()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    assert 'href="2022H1/ankaret.html"' in (out / "index.html").read_text(encoding="utf-8")


def test_a_worker_that_does_not_see_a_path_is_refused_before_any_work(cluster, tmp_path):
    with Client(cluster.scheduler_address) as client:
        batch.check_workers(client, [SAMPLE])
        with pytest.raises(batch.ExecutorError, match="nowhere"):
            batch.check_workers(client, [SAMPLE, tmp_path / "nowhere"])


def test_a_scheduler_that_does_not_answer_is_an_error_not_a_traceback(tmp_path):
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code, _, stderr = run("reports", SAMPLE, "--period", PERIOD, "--team", "ankaret",
                              "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
                              "--out", tmp_path)
    assert code == 2 and "does not answer" in stderr
