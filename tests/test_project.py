"""The project's own promises: setup files agree, notebooks carry no outputs, ruff is clean."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib

import yaml
from conftest import ROOT


def _name(requirement: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", requirement)
    return m[1].lower().replace("_", "-"), m[2].replace(" ", "")


def test_pyproject_and_environment_list_the_same_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_deps = dict(_name(r) for r in project["dependencies"])
    for extra in ("dev", "dask"):  # what `make test` installs
        pip_deps.update(_name(r) for r in project["optional-dependencies"][extra])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(_name(d) for d in env["dependencies"] if isinstance(d, str))
    python = conda.pop("python")
    conda.pop("pip")
    assert conda == pip_deps
    assert python == project["requires-python"] == ">=3.11"


def test_notebooks_are_committed_without_outputs():
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            assert not cell.get("outputs"), f"{nb.name} has outputs"
            assert not cell.get("execution_count"), f"{nb.name} has execution counts"


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert "make reports" in head and "make test" in head
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_reports_folder_is_ignored_but_for_its_readme():
    ignore = (ROOT / ".gitignore").read_text()
    assert "reports/*" in ignore and "!reports/README.md" in ignore


def test_assumptions_are_written_down():
    text = (ROOT / "docs" / "assumptions.md").read_text(encoding="utf-8")
    for topic in ("dropout", "round", "throughput", "unknown", "suppress"):
        assert topic in text.lower(), topic


def test_ruff_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "finsam_analysis", "tests",
                             "benchmarks"],
                            cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_console_command_is_installed():
    result = subprocess.run([sys.executable, "-m", "finsam_analysis.cli", "--help"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and "outcomes" in result.stdout
