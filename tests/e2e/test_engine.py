"""The one way a notebook is run: papermill, in the worker's warm kernel (`finsam-warm`) or
in a kernel of its own; both clear nothing they should not and name a failing cell alike."""

from __future__ import annotations

import nbformat
import pytest
from papermill.exceptions import PapermillExecutionError

from finsam_analysis.reports import batch


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("value = 0")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(s) for s in sources)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, str(path))
    return path


@pytest.fixture(scope="module")
def warm_kernel():
    yield
    batch._shutdown_warm()


@pytest.mark.parametrize("warm", [True, False])
def test_a_report_sees_no_variable_of_the_one_before_and_a_failure_names_its_cell(
        tmp_path, warm, warm_kernel):
    first = _notebook(tmp_path / "first.ipynb", "leftover = value * 2", "print(leftover)")
    second = _notebook(tmp_path / "second.ipynb", "x = value", "y = x + 1",
                       "print(leftover)")
    out = tmp_path / "out.ipynb"
    batch.execute(first, out, {"value": 21}, tmp_path, warm)
    ran = nbformat.read(str(out), as_version=4)
    assert ran.cells[-1].outputs[0]["text"] == "42\n"
    assert "input_path" in ran.metadata.papermill and "/" not in \
        ran.metadata.papermill["input_path"]
    if warm:
        kernel = batch._WARM["km"]
    with pytest.raises(PapermillExecutionError) as failed:
        batch.execute(second, out, {"value": 1}, tmp_path, warm)
    assert failed.value.ename == "NameError" and "leftover" in failed.value.evalue
    # parameters (1), injected parameters (2), x (3), y (4), the failing cell (5)
    assert failed.value.exec_count == 5
    if warm:  # the same kernel ran both
        assert batch._WARM["km"] is kernel and kernel.is_alive()
