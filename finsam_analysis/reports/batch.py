"""`finsam reports`: every team × period as a report, in parallel, with a progress bar.

For each team and period: papermill runs `notebooks/team_report.ipynb` with the parameters,
and the executed notebook becomes `reports/<period>/<team>.html` (and `.pdf` with `--pdf`),
`<team>.ipynb` and `<team>.xlsx` (the tables the notebook showed);
`--overview` adds `reports/<period>/oversikt.*`. Periods with a slash are written with a
hyphen in paths (`2021/22` → `2021-22`). `reports/index.html` links every report there is.

Each worker keeps one warm kernel for all its reports (the namespace is cleared between
them), so a report does not pay for a kernel start and the imports; `--cold-kernels` runs each
notebook in a kernel of its own, as plain papermill does. Each run writes into a temporary
folder and moves its files into place only when all of them were made, so a failed run never
overwrites the last good report. One failure does not stop
the others: they are listed at the end with the cell and the error, and the command exits 1.
`--executor dask --scheduler ADDRESS` runs the same reports on the workers of a Dask cluster,
which must see the data, the output folder and the run's files at the same paths
(docs/reports.md).

Team ids are data, never paths: every file is named by the id's slug (`io/names.py`) and
checked to lie inside the output folder before it is written. The output folder is checked
to be writable before any work, and holds one audience only: a run refuses a folder that
holds reports for the other audience (`.finsam-audience` records it), so an external reader's
index never links an internal report. SIGINT or SIGTERM stops the whole batch — the workers
and their kernels — and the index and the summary still list what was finished.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..io.names import team_slug
from ..io.narratives import period_slug
from ..periods import parse_period, parse_slug
from ..present.policy import Policy

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
TEMPLATES = Path(__file__).resolve().parent / "templates"
OVERVIEW_NAME = "oversikt"
AUDIENCE_FILE = ".finsam-audience"
TMP_PREFIX = ".finsam-tmp-"


class OutputError(RuntimeError):
    """The output folder cannot be used: not writable, or it holds the other audience's
    reports. Raised before any report is made."""


class ExecutorError(RuntimeError):
    """The Dask cluster cannot run the reports: `distributed` is not installed, the
    scheduler does not answer or has no workers, or a worker does not see a path the reports
    need. Raised before any report is made."""


def inside(out_dir: Path, path: Path) -> Path:
    """`path`, after checking that it lies inside `out_dir` (no id or name leads out)."""
    resolved = Path(os.path.abspath(path))
    base = Path(os.path.abspath(out_dir))
    if resolved != base and base not in resolved.parents:
        raise OutputError(f"refusing to write {path}: it is outside {out_dir}")
    return path


@dataclass(frozen=True)
class Job:
    kind: str  # "team" or "overview"
    period: str
    team: str | None = None

    @property
    def name(self) -> str:
        """The file name of the report: the team id's slug, never the id itself."""
        return team_slug(self.team) if self.kind == "team" else OVERVIEW_NAME

    @property
    def label(self) -> str:
        """How the summary names the report: the period and the team id as given (control
        characters shown as `?`, so an id cannot move the cursor of a terminal)."""
        who = self.team if self.kind == "team" else self.name
        return f"{self.period} " + "".join("?" if ord(ch) < 32 or ord(ch) == 127 else ch
                                           for ch in who)


@dataclass
class Result:
    job: Job
    ok: bool
    files: list[str] = field(default_factory=list)
    error: str = ""
    cell: int | None = None
    seconds: float = 0.0


def plan(periods: list[str], teams: list[str], overview: bool) -> list[Job]:
    jobs = []
    for period in periods:
        jobs += [Job("team", period, t) for t in teams]
        if overview:
            jobs.append(Job("overview", period))
    return jobs


def relative_data_dir(data_dir: Path, run_dir: Path) -> str:
    """The data directory as the executed notebook records it: relative to the folder the run
    was started in (`data/sample`), so no absolute path — which may hold a person's name —
    is written into a report's notebook."""
    try:
        return Path(os.path.relpath(data_dir, run_dir)).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return str(data_dir)


def parameters(job: Job, data_dir: Path | str, audience: str, compare_periods: int,
               protection: str = "") -> dict:
    common = {"data_dir": str(data_dir), "period": job.period, "audience": audience,
              "compare_periods": compare_periods, "language": "sv", "protection": protection}
    return {**common, "team": job.team} if job.kind == "team" else common


def default_periods(data) -> list[str]:
    """The reports the policy asks for from this data: the latest complete half-year report
    (1 July – 31 December) and full-year report (1 July – 30 June), complete meaning that
    the period ends on or before the data's last date (`Dataset.last_date`)."""
    from ..periods import policy_periods

    return [p.name for p in policy_periods(data.last_date())]


def check_parameters(notebook: Path, params: dict) -> None:
    """Refuse a parameter the notebook's `parameters` cell does not have (papermill would only
    warn and run the notebook with its default)."""
    import papermill

    known = set(papermill.inspect_notebook(str(notebook)))
    unknown = sorted(set(params) - known)
    if unknown:
        raise ValueError(f"{notebook.name} has no parameter {', '.join(unknown)} "
                         f"(it has {', '.join(sorted(known))})")


_WARM: dict = {}
"""This worker's kernel, kept between reports: starting a kernel and importing pandas,
matplotlib and the package costs more than making most reports."""

WARM_ENGINE = "finsam-warm"
"""The papermill engine that runs a notebook in the worker's warm kernel."""
RESET = ("get_ipython().run_line_magic('reset', '-f')\n"
         "__import__('gc').freeze()\n"
         "get_ipython().execution_count = 1")
"""Run in the warm kernel before each notebook: no report sees another's variables, and the
cells are numbered from 1 as in a kernel of their own (a failure names the right cell). What
outlives the reset (the modules, the data set a worker keeps loaded) is moved out of the
garbage collector's sight (`gc.freeze`): otherwise every collection, and the reset's own two,
walks the whole national data set again (about 0.5 s a report)."""


def _shutdown_warm() -> None:
    km = _WARM.pop("km", None)
    kc = _WARM.pop("kc", None)
    try:
        if kc is not None:
            kc.stop_channels()
        if km is not None:
            km.shutdown_kernel(now=True)
    except Exception:  # the process is ending: nothing more to do
        pass


def _warm_kernel(kernel_name: str, start_timeout: float):
    """This worker's kernel and its client, started (in the current folder) when there is
    none or it died."""
    import multiprocessing.util

    from jupyter_client.manager import KernelManager

    # A kernel started in another folder is not reused: the notebooks' paths are relative
    # to the folder the run was started in (a Dask worker outlives one run).
    if ("km" not in _WARM or not _WARM["km"].is_alive()
            or _WARM.get("cwd") != os.getcwd()):
        _shutdown_warm()
        km = KernelManager(kernel_name=kernel_name)
        km.start_kernel(cwd=os.getcwd())
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=start_timeout)
        _WARM.update(km=km, kc=kc, cwd=os.getcwd())
        multiprocessing.util.Finalize(None, _shutdown_warm, exitpriority=10)
    return _WARM["km"], _WARM["kc"]


def _register_warm_engine() -> None:
    """Register `finsam-warm` with papermill: papermill's own NBClient engine, except that
    the kernel is this worker's warm one, its namespace cleared and its cell count reset first so no
    report sees another's variables, and left running afterwards."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, **kwargs):
            km, kc = _warm_kernel(kernel_name, start_timeout)
            reply = kc.execute_interactive(RESET, store_history=False,
                                           timeout=start_timeout, output_hook=lambda m: None)
            if reply["content"].get("status") != "ok":
                raise RuntimeError("Kernel: could not clear the warm kernel's namespace")
            client = PapermillNotebookClient(
                nb_man, km=km, kernel_name=kernel_name, timeout=execution_timeout,
                startup_timeout=start_timeout, log_output=log_output,
                stdout_file=stdout_file, stderr_file=stderr_file,
                resources={"metadata": {"path": os.getcwd()}})
            client.kc = kc
            return client.execute(cleanup_kc=False)

    papermill_engines.register(WARM_ENGINE, WarmKernelEngine)


def _scrub_paths(nb) -> None:
    """No absolute path of this machine in an executed notebook: papermill records where the
    notebook came from and went; keep the file names only."""
    meta = nb.metadata.get("papermill", {})
    for key in ("input_path", "output_path"):
        if meta.get(key):
            meta[key] = Path(str(meta[key])).name
    meta.pop("cwd", None)


def execute(notebook: Path, out: Path, params: dict, cwd: Path, warm: bool = True):
    """Run a notebook with papermill into `out`, in `cwd`: in this worker's warm kernel
    (`warm`, the `finsam-warm` engine) or in a kernel of its own (papermill's default). A
    kernel that dies or does not start is tried once more; a failing cell raises papermill's
    `PapermillExecutionError`. Returns the executed notebook, also written to `out` once, at
    the end (papermill would write the whole notebook at every cell's start and end: 120
    writes of up to a megabyte for a team report)."""
    import nbformat
    import papermill
    from nbclient.exceptions import DeadKernelError

    if warm:
        _register_warm_engine()
    for attempt in (1, 2):
        try:
            nb = papermill.execute_notebook(str(notebook), None, parameters=params,
                                            engine_name=WARM_ENGINE if warm else None,
                                            kernel_name="python3", progress_bar=False,
                                            log_output=False, cwd=str(cwd), start_timeout=120,
                                            execution_timeout=900)
            break
        except (DeadKernelError, TimeoutError) as exc:
            _shutdown_warm()
            if attempt == 2:
                raise
            print(f"finsam: {notebook.name}: {type(exc).__name__}, trying once more",
                  file=sys.stderr)
        except RuntimeError as exc:
            _shutdown_warm()
            if attempt == 2 or "Kernel" not in str(exc):
                raise
    nb.metadata.setdefault("papermill", {})["output_path"] = str(out)
    _scrub_paths(nb)
    nbformat.write(nb, str(out))
    return nb


class _quiet_stderr:
    """Send this process's stderr (and so the kernel's, which inherits it) to a log file
    while a notebook runs: the kernel's start-up chatter would break the progress bar."""

    def __init__(self, log: Path):
        self.log = log

    def __enter__(self):
        sys.stderr.flush()
        self.saved = os.dup(2)
        self.file = open(self.log, "w")  # noqa: SIM115 - closed in __exit__
        os.dup2(self.file.fileno(), 2)
        return self

    def __exit__(self, *exc):
        sys.stderr.flush()
        os.dup2(self.saved, 2)
        os.close(self.saved)
        self.file.close()
        self.log.unlink(missing_ok=True)
        return False


def run_job(job: Job, data_dir: Path, out_dir: Path, audience: str, compare_periods: int,
            pdf: bool, browser: str | None, notebooks: Path | None, delay: float = 0.0,
            warm: bool = True, run_dir: Path | None = None, protection: str = "") -> Result:
    """Make one report; never raises (a failure is a `Result` with the error)."""
    from papermill.exceptions import PapermillExecutionError

    from .export import notebook_html, print_pdf, tables_in_notebook, write_excel

    start = time.monotonic()
    time.sleep(delay)  # stagger kernel starts a little
    run_dir = Path(run_dir or os.getcwd())
    notebooks = notebooks or NOTEBOOKS  # None: this installation's own notebooks
    final = inside(out_dir, out_dir / period_slug(job.period))
    final.mkdir(parents=True, exist_ok=True)
    tmp = inside(out_dir, Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{job.name}-", dir=final)))
    try:
        notebook = notebooks / ("team_report.ipynb" if job.kind == "team" else "overview.ipynb")
        params = parameters(job, relative_data_dir(data_dir, run_dir), audience,
                            compare_periods, protection)
        check_parameters(notebook, params)
        executed = tmp / f"{job.name}.ipynb"
        with _quiet_stderr(tmp / "kernel.log"):
            nb = execute(notebook, executed, params, run_dir, warm)
        from ..io.load import load_data

        data = load_data(data_dir)
        if job.kind == "team":
            title = f"{data.team_name(job.team)} {job.period}"
        else:
            title = f"Översikt {job.period}"
        html = tmp / f"{job.name}.html"
        html.write_text(notebook_html(nb, title), encoding="utf-8")
        # The Excel file holds the tables the notebook showed (after the disclosure gate),
        # read back from its outputs: nothing is computed a second time.
        write_excel(tables_in_notebook(nb), tmp / f"{job.name}.xlsx",
                    excel_heading(data, job, audience), audience)
        if pdf:
            print_pdf(html, tmp / f"{job.name}.pdf", browser)
        files = []
        for f in sorted(tmp.iterdir()):
            os.replace(f, inside(out_dir, final / f.name))
            files.append(str(final / f.name))
        return Result(job, True, files, seconds=time.monotonic() - start)
    except PapermillExecutionError as exc:
        return Result(job, False, error=f"{exc.ename}: {exc.evalue}".strip(),
                      cell=exc.exec_count, seconds=time.monotonic() - start)
    except Exception as exc:  # report it; the other reports go on
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return Result(job, False, error=last, seconds=time.monotonic() - start)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def excel_heading(data, job: Job, audience: str, language: str = "sv") -> list[str]:
    """The lines at the top of every sheet of a report's Excel file: the association, the
    team (or the overview), the period, the audience and, for example data, that it is."""
    from ..present.labels import text

    period = parse_period(job.period)
    lines = [data.config.association,
             text("excel_team", language, name=data.team_name(job.team))
             if job.kind == "team" else text("excel_overview", language),
             text("excel_period", language, name=period.name, label=period.label),
             text(f"excel_audience_{audience}", language)]
    if data.config.example_data:
        lines.append(text("example_data", language))
    return lines


class Results(list):
    """The results of a batch; `stopped` is the signal that stopped it (None: it finished)."""

    stopped: int | None = None
    planned: list = []


class _Stop(BaseException):
    """Raised in the main process by SIGINT or SIGTERM, to leave the wait for reports."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _worker_init() -> None:
    """In each worker: Ctrl-C is the parent's to handle (the terminal sends it to the whole
    process group); SIGTERM ends the worker's kernel with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def terminate(signum, frame):
        _kill_children()
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)


def _shutdown_bounded(pool: ProcessPoolExecutor, timeout: float = 15.0) -> None:
    """Shut a pool whose workers were killed, waiting at most `timeout` seconds for its
    manager thread: a stopped batch must end even if the pool's bookkeeping is stuck on a
    pipe a killed worker left half-written."""
    pool.shutdown(wait=False)
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(timeout)


def _kill_children(timeout: float = 5.0) -> None:
    """End every process this one started (workers, their kernels, a browser printing a
    PDF): SIGTERM, then SIGKILL for any still there after `timeout` seconds."""
    import psutil

    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return
    for child in children:
        try:
            child.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(children, timeout=timeout)
    for child in alive:
        try:
            child.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(alive, timeout=timeout)


def _remove_leftovers(out_dir: Path) -> None:
    """Temporary folders of runs that were stopped: a report half made is no report."""
    if not out_dir.is_dir():
        return
    for folder in out_dir.iterdir():
        if folder.is_dir() and not folder.is_symlink():
            for tmp in folder.glob(f"{TMP_PREFIX}*"):
                if tmp.is_dir() and not tmp.is_symlink():
                    shutil.rmtree(tmp, ignore_errors=True)


EXECUTORS = ("process", "dask")
"""Where the reports run: `process`, worker processes on this machine (`--jobs` of them);
`dask`, the workers of a Dask distributed cluster (`--scheduler ADDRESS`), which must see
the data, the output folder and the run's protection file at the same paths as this
process (docs/reports.md)."""

_ONE_REPORT = threading.Lock()


def run_job_on_dask(*args, **kwargs) -> Result:
    """`run_job` on a Dask worker, one report at a time per worker process whatever its
    number of threads: the warm kernel, stderr and the working folder belong to the process."""
    with _ONE_REPORT:
        return run_job(*args, **kwargs)


def _missing_here(paths: list[str]) -> list[str]:
    """Those of `paths` that this process does not see (run on every Dask worker)."""
    return [p for p in paths if not os.path.exists(p)]


def dask_client(scheduler: str | None, wait_s: float = 60.0):
    """A client of the Dask scheduler at `scheduler` (`tcp://host:8786`), once it has at
    least one worker. Raises `ExecutorError` when that cannot be."""
    if not scheduler:
        raise ExecutorError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
    try:
        from distributed import Client
    except ImportError:
        raise ExecutorError("--executor dask needs Dask distributed: pip install "
                            "'finsam-analysis[dask]'") from None
    try:
        client = Client(scheduler)  # waits distributed.comm.timeouts.connect (30 s)
    except (OSError, TimeoutError) as exc:
        raise ExecutorError(f"the Dask scheduler at {scheduler} does not answer: "
                            f"{exc}") from None
    try:
        client.wait_for_workers(1, timeout=wait_s)
    except TimeoutError:
        client.close()
        raise ExecutorError(f"the Dask scheduler at {scheduler} has no worker "
                            f"(waited {wait_s:.0f} s)") from None
    return client


def check_workers(client, paths: list[Path | str]) -> None:
    """Refuse a cluster on which a worker does not see one of `paths` (the data, the output
    folder, the run's protection file…) at the same path as this process."""
    missing = client.run(_missing_here, [str(p) for p in paths])
    problems = {worker: found for worker, found in missing.items() if found}
    if problems:
        lines = [f"  {worker}: {', '.join(found)}" for worker, found in sorted(problems.items())]
        raise ExecutorError("Dask workers that do not see what the reports need (they must "
                            "see the same paths as this machine: a shared file system, "
                            "docs/reports.md):\n" + "\n".join(lines))


def _audience_of_existing(out_dir: Path) -> str | None:
    """The audience of the reports a folder holds: its `.finsam-audience`, or for a folder
    from an older version, the `audience` parameter of any executed notebook in it."""
    marker = out_dir / AUDIENCE_FILE
    if marker.is_file():
        return marker.read_text(encoding="utf-8").strip() or None
    for nb in sorted(out_dir.glob("*/*.ipynb")):
        try:
            meta = json.loads(nb.read_text(encoding="utf-8"))["metadata"]
            audience = meta["papermill"]["parameters"]["audience"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if audience in ("external", "internal"):
            return audience
    return None


def prepare_out(out_dir: Path, audience: str) -> None:
    """Check, before any work, that reports can be written to `out_dir` and that it holds no
    reports for the other audience (an external run never sits beside internal output: it
    refuses, and removes nothing). Records the audience in `.finsam-audience`."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=TMP_PREFIX):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputError(f"cannot write reports to {out_dir}: {reason}. Choose a folder "
                          "you can write to with --out.") from None
    existing = _audience_of_existing(out_dir)
    if existing is not None and existing != audience:
        names = {"external": "external", "internal": "internal (unsuppressed)"}
        raise OutputError(
            f"{out_dir} holds {names.get(existing, existing)} reports; a run for "
            f"{audience} readers never writes beside them. Use another --out folder, or "
            "remove the old reports first.")
    _write_atomic(out_dir / AUDIENCE_FILE, audience + "\n")


def _write_atomic(path: Path, text: str) -> None:
    """Write a file so that a reader sees the old or the new one, never a part (a full disk
    leaves the old one in place)."""
    tmp = path.with_name(f"{TMP_PREFIX}{os.getpid()}-{path.name}")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def run_reports(data_dir: str | Path, periods: list[str] | None = None,
                teams: list[str] | None = None,
                overview: bool = False, audience: str = "external", pdf: bool | None = False,
                jobs: int | None = None, out: str | Path = "reports",
                compare_periods: int = 3, notebooks: str | Path | None = None,
                progress: bool = True, warm: bool = True, executor: str = "process",
                scheduler: str | None = None) -> Results:
    """Run every report asked for; returns one `Result` each (failures included).

    `periods`: None or empty = what the policy asks for (`default_periods`): the latest
    complete half-year report (1 July – 31 December) and full-year report (1 July – 30 June)
    of the data, with the overview.
    `pdf`: True = required (fails without a browser), None = when a browser is found,
    False = none. SIGINT/SIGTERM stop the batch: the reports not finished are not made, the
    index lists those that were, and `Results.stopped` holds the signal.
    `executor`: "process" = `jobs` worker processes here; "dask" = the workers of the Dask
    cluster whose scheduler is at `scheduler` (`jobs` is then the cluster's to choose).
    """
    from ..io.load import load_data
    from ..messages import msg
    from .export import BrowserNotFound, find_browser

    if audience not in ("external", "internal"):
        raise ValueError(f"audience must be 'external' or 'internal', not {audience!r}")
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
    run_dir = Path.cwd()
    data_dir = Path(data_dir).resolve()
    out_dir = Path(out).resolve()
    own_notebooks = Path(notebooks).resolve() if notebooks else None
    notebooks = own_notebooks or NOTEBOOKS
    prepare_out(out_dir, audience)  # a folder that cannot be used: one error, no work
    data = load_data(data_dir)  # refuse bad data once, before anything runs
    # The run's one disclosure policy: the audience under the association's settings. The
    # protection below follows it, and each notebook makes the same one from its
    # parameters and the same settings.
    policy = Policy.from_settings(audience, data.config.settings)
    if not periods:
        periods, overview = default_periods(data), True
        if progress:
            print(msg("policy_periods", last=data.last_date(), periods=", ".join(periods)),
                  file=sys.stderr)
    periods = [parse_period(p).name for p in periods]
    teams = list(teams) if teams else data.teams
    browser = None
    if pdf is not False:
        try:
            browser = find_browser()
        except BrowserNotFound as exc:
            if pdf:
                raise
            print(msg("pdf_skipped", error=exc), file=sys.stderr)
    pdf = browser is not None
    todo = plan(periods, teams, overview)
    # The run's protection holds unsuppressed numbers: it lives in a private temporary
    # folder for the length of the run, never beside the reports.
    # (On a Dask cluster the workers read it too: $TMPDIR must then be a shared folder.)
    # The cluster is asked for first, so a scheduler that does not answer costs no work.
    client = dask_client(scheduler) if executor == "dask" else None
    private = tempfile.TemporaryDirectory(prefix="finsam-run-")
    protection = ""
    try:
        if policy.external:
            protection = str(protect_run_of(data, todo, out_dir, compare_periods, progress,
                                            Path(private.name), policy))
        if client is not None:
            check_workers(client, [data_dir, out_dir, run_dir, *([own_notebooks] if
                                   own_notebooks else []), *([protection] if protection
                                   else []), *([browser] if browser else [])])
    except BaseException:
        if client is not None:
            client.close()
        private.cleanup()
        raise
    if client is not None:
        # The workers' own installation's notebooks, unless the caller named a folder.
        pool, job_fn, job_notebooks = client.get_executor(pure=False), run_job_on_dask, \
            own_notebooks
        workers = max(1, min(len(client.nthreads()), len(todo) or 1))
    else:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
        job_fn, job_notebooks = run_job, notebooks
    results = Results()
    bar = _progress(len(todo), progress)

    def stop(signum, frame):
        raise _Stop(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    futures: list = []
    try:
        futures = [pool.submit(job_fn, job, data_dir, out_dir, audience, compare_periods,
                               pdf, browser, job_notebooks,
                               0.4 * i if i < workers else 0.0, warm, run_dir,
                               protection)
                   for i, job in enumerate(todo)]
        job_of = dict(zip(futures, todo, strict=True))
        pending = set(futures)
        while pending:
            # Wake at least twice a second: a signal the kernel hands to another thread of
            # this process (the pool's, the solver's) does not interrupt a blocking wait, so
            # the handler would otherwise run only when the next report is done.
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=futures.index):
                try:
                    result = future.result()
                except Exception as exc:  # the worker itself was lost: this report failed
                    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
                    result = Result(job_of[future], False, error=last)
                results.append(result)
                bar.set_postfix_str(result.job.label + (" ✓" if result.ok else " ✗"))
                bar.update(1)
        pool.shutdown(wait=True)
    except _Stop as exc:
        results.stopped = exc.signum
        # ignore further signals while cleaning up; a second Ctrl-C must not leave kernels
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        if client is not None:  # a cluster's workers are not ours: cancel the reports
            for future in futures:
                future.cancel()
            pool.shutdown(wait=False)
        else:
            # End the workers and their kernels; the pool then fails the reports not
            # finished (cancelling them first trips a bug in Python 3.11's pool when it
            # breaks).
            _kill_children()
            _shutdown_bounded(pool)
        seen = {id(r) for r in results}
        for future in futures:  # finished while the signal arrived: made, so listed
            if future.done() and not future.cancelled() and future.exception() is None:
                result = future.result()
                if id(result) not in seen and result.ok:
                    results.append(result)
        _remove_leftovers(out_dir)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        bar.close()
        if client is not None:
            client.close()
        private.cleanup()
    write_index(out_dir, data)
    order = {job: i for i, job in enumerate(todo)}
    results.sort(key=lambda r: order[r.job])
    results.planned = todo
    return results


LEDGER = "ledger.csv"
"""What the external reports in a folder publish (see `report.ledger_rows`)."""
RUN_FILE = "protection.pkl"


def protect_run_of(data, todo: list[Job], out_dir: Path, compare_periods: int,
                   progress: bool = True, private: Path | None = None,
                   policy: Policy | None = None) -> Path:
    """Protect every report of the run at once, before any is made; write the run's ledger
    (what it publishes) beside the reports, keeping the rows of earlier runs' other reports.
    An earlier ledger's figures count as known to the reader. Raises `DisclosureFailed`
    (nothing is written) when the audit of the choice fails."""
    import pandas as pd

    from .report import (
        ASSOCIATION,
        known_from_ledger,
        ledger_rows,
        protect_reports,
        save_run,
        with_previous,
    )

    out_dir.mkdir(parents=True, exist_ok=True)
    ledger_path = out_dir / LEDGER
    earlier = (pd.read_csv(ledger_path, dtype=str, keep_default_na=False)
               if ledger_path.exists() else None)
    known_teams = set(data.teams)  # a job for a team the data lacks fails on its own
    reports = with_previous([(job.team if job.kind == "team" else ASSOCIATION, job.period)
                             for job in todo if job.kind != "team" or job.team in known_teams])
    bar = None
    if progress:
        from tqdm import tqdm

        print(f"Skyddar {len(reports)} rapport{'er' if len(reports) != 1 else ''} "
              "tillsammans (röjandekontroll)…",
              file=sys.stderr)
        bar = tqdm(desc="Röjandekontroll", unit="celler", file=sys.stderr, dynamic_ncols=True)

    stages = {"stage": None}

    def advance(stage: str, done: int, total: int) -> None:
        """The progress: the reports whose tables are computed, then the solver's: the
        blocks (each team, the association) done of all, then
        the cells protected of those the links between them expose, per round; each stage
        with its own count and time left."""
        if bar is None:
            return
        if stage != stages["stage"]:
            stages["stage"] = stage
            bar.unit = {"block": "block", "tables": "rapporter"}.get(stage, "celler")
            bar.reset(total=total)
            bar.set_postfix_str(stage.replace("round", "varv").replace("links", "samband")
                                .replace("tables", "tabeller"), refresh=False)
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        run = protect_reports(data, reports, compare_periods,
                              known=known_from_ledger(earlier) if earlier is not None else None,
                              progress=advance, policy=policy)
    finally:
        if bar is not None:
            bar.close()
    if run.protection.given_away:
        n = len(run.protection.given_away)
        print(f"Obs: {n} små tal i rapporter som körningen inte publicerar går redan att "
              "räkna ut ur siffror som tidigare körningar visat (liggaren): "
              + ", ".join(" ".join(k) for k in run.protection.given_away[:5])
              + (" …" if n > 5 else ""), file=sys.stderr)
    rows = ledger_rows(run)
    if earlier is not None:
        rows = pd.concat([earlier[~earlier["report"].isin(set(rows["report"]))], rows])
    tmp = ledger_path.with_name(ledger_path.name + ".tmp")
    rows.to_csv(tmp, index=False)
    os.replace(tmp, ledger_path)
    private = private or Path(tempfile.mkdtemp(prefix="finsam-run-"))
    return save_run(run, private / RUN_FILE)


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="Rapporter", unit="st", disable=not enabled,
                file=sys.stderr, dynamic_ncols=True)


READERS = {
    "external": {"lead": "Externa rapporter: utan personuppgifter, små tal dolda.",
                 "who": "styrgrupp, förbundets styrelse och extern medbedömare (extern "
                        "rapport: utan personuppgifter, små tal dolda)"},
    "internal": {"lead": "Interna rapporter: endast för teamen, innehåller uppgifter om "
                         "enskilda.",
                 "who": "teamet självt (intern rapport: innehåller uppgifter om enskilda, "
                        "lämnas inte ut)"},
}
"""Whom a folder's reports are for, as the index says it."""

ALTERNATIVES = ((".pdf", "PDF"), (".xlsx", "Excel"), (".ipynb", "Jupyter-fil"))


def _section_title(slug: str) -> tuple[str, str]:
    """A period folder as the index heads it: `Halvårsrapport 2021H2` and its dates."""
    from ..present.labels import label

    try:
        p = parse_slug(slug)
    except ValueError:
        return slug, ""
    return f"{label('report_kind', p.kind)} {p.name}", p.label


def write_index(out_dir: Path, data) -> Path:
    """`reports/index.html` from `templates/index.html.j2`: every report in the folder, by
    period, newest first, saying whom the reports are for. Names are the teams' display
    names (escaped by the template); links are the files' own (slug) names, quoted."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from ..present.labels import text

    c = data.config
    by_slug = {team_slug(t): t for t in data.teams}

    def newest_first(folder: Path):
        try:
            p = parse_slug(folder.name)
            return (p.end, p.start)
        except ValueError:
            return (folder.name, "")

    folders = [p for p in out_dir.iterdir() if p.is_dir() and not p.is_symlink()
               and not p.name.startswith(".")] if out_dir.exists() else []
    folders.sort(key=lambda f: str(newest_first(f)), reverse=True)
    sections = []
    for folder in folders:
        names = sorted(f.stem for f in folder.glob("*.html") if f.is_file()
                       and not f.is_symlink() and not f.name.startswith("."))
        names = [n for n in names if n == OVERVIEW_NAME] + [n for n in names if n != OVERVIEW_NAME]
        reports = []
        for stem in names:
            if stem == OVERVIEW_NAME:
                label_ = text("excel_overview")
            else:
                label_ = data.team_name(by_slug[stem]) if stem in by_slug else stem
            base = f"{quote(folder.name)}/{quote(stem)}"
            reports.append({
                "href": f"{base}.html", "label": label_,
                "alternatives": [{"href": f"{base}{ext}", "what": what}
                                 for ext, what in ALTERNATIVES
                                 if (folder / f"{stem}{ext}").is_file()]})
        if reports:
            title, dates = _section_title(folder.name)
            sections.append({"title": title, "dates": dates, "reports": reports})
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    html = env.get_template("index.html.j2").render(
        association=c.association,
        example=text("example_data") if c.example_data else "",
        reader=READERS.get(_audience_of_existing(out_dir) or ""),
        sections=sections)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = inside(out_dir, out_dir / "index.html")
    _write_atomic(path, html)
    return path


def summary(results: list[Result], out_dir: Path) -> tuple[str, int]:
    """The closing lines of a batch, and its exit status (1 when any report failed; 128 +
    the signal when the batch was stopped: 130 for Ctrl-C, 143 for SIGTERM)."""
    from ..messages import msg

    failed = [r for r in results if not r.ok]
    planned = getattr(results, "planned", None) or [r.job for r in results]
    stopped = getattr(results, "stopped", None)
    lines = [msg("made", done=len(results) - len(failed), planned=len(planned), out=out_dir)]
    if stopped is not None:
        done = {r.job for r in results}
        lines[0] = msg("stopped", signal=signal.Signals(stopped).name) + lines[0]
        missing = [j.label for j in planned if j not in done]
        if missing:
            lines.append(msg("not_made", reports=", ".join(missing)))
    for r in failed:
        where = msg("cell", n=r.cell) if r.cell is not None else ""
        error = r.error.replace("\n", "\n      ")
        lines.append(msg("failed", report=r.job.label, where=where, error=error))
    lines.append(msg("open", path=out_dir / "index.html"))
    status = 128 + stopped if stopped is not None else (1 if failed else 0)
    return "\n".join(lines), status
