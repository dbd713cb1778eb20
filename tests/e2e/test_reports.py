"""The report batch end to end on the sample: files, index, failures, privacy, and a real
browser (Playwright driving the system Chromium)."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE
from conftest import run_cli as run

from finsam_analysis.reports.export import BrowserNotFound, add_contents, find_browser

PERIOD = "2022H1"
FULL_YEAR = "2021/22"  # a full-year report: the policy's 10–15 pages
TEAMS = ["ankaret", "kompassen"]
FULL_YEAR_TEAMS = ["ankaret", "fjarilen", "kompassen", "solrosen"]  # every team of the sample


def browser_or_skip() -> str:
    """The system browser; in CI a missing browser is a failure, elsewhere a skip."""
    try:
        return find_browser()
    except BrowserNotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have a browser: {exc}")
        pytest.skip(str(exc))




@pytest.fixture(scope="session")
def batch(tmp_path_factory):
    """One batch for the whole module: two teams and a team that does not exist, the overview,
    HTML and PDF, for a half year; every team, HTML and PDF, for a full year."""
    browser_or_skip()
    out = tmp_path_factory.mktemp("reports")
    code, stdout, stderr = run("reports", SAMPLE, "--period", PERIOD, "--team", *TEAMS,
                               "nosuch", "--overview", "--pdf", "--jobs", "2", "--out", out,
                               "--quiet")
    # the full year in a folder of its own: a later run into a folder whose ledger holds
    # both periods is a case for the disclosure solver, not for these tests
    full = tmp_path_factory.mktemp("fullyear")
    full_code, full_out, _ = run("reports", SAMPLE, "--period", FULL_YEAR, "--team",
                                 *FULL_YEAR_TEAMS, "--pdf", "--jobs", "2", "--out", full,
                                 "--quiet")
    assert full_code == 0, full_out
    return {"out": out, "code": code, "stdout": stdout, "stderr": stderr,
            "folder": out / PERIOD, "fullyear": full / FULL_YEAR.replace("/", "-")}


def test_every_report_file_exists(batch):
    folder = batch["folder"]
    for team in TEAMS:
        for ext in (".html", ".pdf", ".ipynb", ".xlsx"):
            path = folder / f"{team}{ext}"
            assert path.exists() and path.stat().st_size > 1000, path
    for ext in (".html", ".pdf", ".ipynb", ".xlsx"):
        assert (folder / f"oversikt{ext}").exists()
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_failing_notebook_is_reported_and_the_others_are_made(batch):
    assert batch["code"] == 1
    assert "3 av 4 rapporter gjorda" in batch["stdout"]  # Swedish by default
    failure = batch["stdout"][batch["stdout"].index("MISSLYCKADES"):]
    assert failure.startswith("MISSLYCKADES 2022H1 nosuch (cell ")
    assert "inget sådant team" in failure
    assert not (batch["folder"] / "nosuch.html").exists()


def test_index_links_every_report(batch):
    index = (batch["out"] / "index.html").read_text(encoding="utf-8")
    for name in (*TEAMS, "oversikt"):
        for ext in (".html", ".pdf", ".xlsx"):
            if (batch["folder"] / f"{name}{ext}").exists():
                assert f'href="{PERIOD}/{name}{ext}"' in index
    assert "Team Ankaret" in index and "Exempeldata" in index


def test_html_is_self_contained_with_hidden_code(batch):
    html = (batch["folder"] / "ankaret.html").read_text(encoding="utf-8")
    assert not re.search(r'(?:src|href)=["\']https?://', html)
    assert "<script" not in html
    assert "TeamReport(" not in html and "injected" not in html.lower()
    assert "data:image/svg+xml;base64," in html  # charts as vector images
    assert 'class="finsam-toc"' in html
    assert "Exempeldata — fiktiva uppgifter" in html
    for heading in ("Sammanfattning", "Deltagarna – förutsättningar",
                    "Personalen – genomförande och process", "Organisationen – resultat och "
                    "effekter", "Extern medbedömning", "Kvinnor", "Män", "Totalt",
                    "Antal aktiva under perioden"):
        assert heading in html, heading


def _participant_ids() -> set[str]:
    ids = set(pd.read_csv(SAMPLE / "participants.csv", dtype=str)["participant_id"])
    assert len(ids) > 1000
    return ids


def test_no_participant_id_in_an_external_report(batch):
    from pypdf import PdfReader

    ids = _participant_ids()
    pattern = re.compile("|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)))
    for team in TEAMS:
        html = (batch["folder"] / f"{team}.html").read_text(encoding="utf-8")
        assert not pattern.search(html), team
        pdf_text = "".join(p.extract_text() for p in PdfReader(batch["folder"] / f"{team}.pdf")
                           .pages)
        assert "Antal aktiva under perioden" in pdf_text.replace("\n", " ")
        assert not pattern.search(pdf_text), team
        sheets = pd.read_excel(batch["folder"] / f"{team}.xlsx", sheet_name=None, header=None)
        cells = " ".join(str(v) for df in sheets.values() for v in df.to_numpy().ravel())
        assert not pattern.search(cells), team
        notebook = (batch["folder"] / f"{team}.ipynb").read_text(encoding="utf-8")
        assert not pattern.search(notebook), team
    # and the external report shows no single person's ORS line
    html = (batch["folder"] / "ankaret.html").read_text(encoding="utf-8")
    assert "endast för internt bruk" not in html


def test_excel_holds_the_report_tables(batch):
    sheets = pd.read_excel(batch["folder"] / "ankaret.xlsx", sheet_name=None, header=None)
    assert "Utfallsmått" in sheets and "Nyckeltal för perioden" in sheets
    outcome = sheets["Utfallsmått"]
    text = " ".join(str(v) for v in outcome.to_numpy().ravel())
    assert "Kvinnor" in text and "Totalt" in text and "Antal avslut totalt" in text
    assert "Exempeldata — fiktiva uppgifter" in text and "Team Ankaret" in text


def test_excel_is_the_tables_the_notebook_showed(batch):
    """One sheet per table the report showed, in its order, and every `..` of the report an
    empty cell: the Excel file is made from the notebook's own (protected) tables."""
    import openpyxl

    from finsam_analysis.reports.export import sheet_names, tables_in_notebook

    for name in ("ankaret", "oversikt"):
        shown = tables_in_notebook(batch["folder"] / f"{name}.ipynb")
        wb = openpyxl.load_workbook(batch["folder"] / f"{name}.xlsx")
        assert wb.sheetnames == sheet_names(shown) and len(shown) >= 5
        hidden = sum(int((p.frame == "..").to_numpy().sum()) for p in shown)
        noted = sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row
                    if c.value is None and c.comment is not None
                    and "skydda" in c.comment.text)
        assert noted >= hidden > 0, name
        assert not any(c.value == ".." for ws in wb.worksheets for row in ws.iter_rows()
                       for c in row)


def test_pdf_has_pages_with_numbers(batch):
    from pypdf import PdfReader

    reader = PdfReader(batch["folder"] / "ankaret.pdf")
    assert len(reader.pages) >= 5
    assert "Sida 2 av" in reader.pages[1].extract_text()
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3  # A4


def test_failed_run_keeps_the_last_good_report(batch, tmp_path):
    """A notebook that breaks after a good run leaves the good files in place."""
    out = batch["out"]
    good = (batch["folder"] / "kompassen.html").read_bytes()
    broken = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", broken)
    nb = json.loads((broken / "team_report.ipynb").read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"][2:] if c["cell_type"] == "code")
    first["source"] = "raise RuntimeError('broken on purpose')"
    (broken / "team_report.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    code, stdout, _ = run("reports", SAMPLE, "--period", PERIOD, "--team", "kompassen",
                          "--out", out, "--notebooks", broken, "--quiet")
    assert code == 1 and "broken on purpose" in stdout
    assert (batch["folder"] / "kompassen.html").read_bytes() == good


def test_unknown_notebook_parameter_is_refused(tmp_path):
    from finsam_analysis.reports.batch import check_parameters

    with pytest.raises(ValueError, match="no parameter colour"):
        check_parameters(ROOT / "notebooks" / "team_report.ipynb", {"colour": "red"})


def test_contents_are_built_from_the_headings():
    html = ('<div class="jp-Cell jp-MarkdownCell"><h2 id="A">A<a class="anchor-link" '
            'href="#A">¶</a></h2><h3 id="B">B</h3></div>')
    out = add_contents(html)
    assert out.index('class="finsam-toc"') < out.index('<h2 id="A">')
    assert '<a href="#A">A</a>' in out and '<a href="#B">B</a>' in out


# --- a real browser ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    executable = browser_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield browser.new_page()
        browser.close()


def _open(page, path: Path) -> dict:
    """Open a file, recording console errors and every request that is not to a file."""
    seen = {"errors": [], "outside": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def route(r):
        url = r.request.url
        if url.startswith(("file://", "data:", "about:")):
            r.continue_()
        else:
            seen["outside"].append(url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return seen


def test_index_and_report_in_a_real_browser(batch, page):
    seen = _open(page, batch["out"] / "index.html")
    links = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert f"{PERIOD}/ankaret.html" in links
    page.click("text=Team Ankaret")
    page.wait_for_load_state("load")
    assert page.url.endswith("ankaret.html")
    assert seen["errors"] == [] and seen["outside"] == []
    images = page.locator("img").evaluate_all(
        "els => els.map(e => [e.complete, e.naturalWidth])")
    assert len(images) >= 5
    assert all(done and width > 0 for done, width in images)
    table = page.locator("figure.finsam-table", has_text="Gemensamma utfallsmått").first
    text = table.inner_text()
    for heading in ("Antal aktiva under perioden", "Antal avslut totalt",
                    "varav dropouts (tidiga avhopp)", "Kvinnor", "Män", "Totalt"):
        assert heading in text
    assert page.title().startswith("Team Ankaret")
    page.screenshot(path=str(batch["out"] / "screenshot.png"), full_page=False)


def test_without_period_the_policy_reports_are_made(tmp_path):
    """`finsam reports` without `--period`: the sample runs until 2022-06-30, so the policy's
    latest complete half-year report (1 July – 31 December) is 2021H2 and its full-year report
    (1 July – 30 June) 2021/22, each with the overview; the index says so in Swedish."""
    out = tmp_path / "reports"
    code, stdout, stderr = run("reports", SAMPLE, "--team", "ankaret", "--jobs", "2",
                               "--out", out, "--quiet")
    assert code == 0, stdout + stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["2021-22", "2021H2"]
    for folder in ("2021H2", "2021-22"):
        for name in ("ankaret", "oversikt"):
            assert (out / folder / f"{name}.html").exists()
            assert (out / folder / f"{name}.xlsx").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Helårsrapport 2021/22" in index and "Halvårsrapport 2021H2" in index
    assert index.index("Helårsrapport 2021/22") < index.index("Halvårsrapport 2021H2")
    assert "För: styrgrupp, förbundets styrelse och extern medbedömare" in index
    assert "notebook" not in index and "Jupyter-fil" in index


def test_full_year_pdf_is_ten_to_fifteen_pages(batch):
    """The policy: a full-year report of preferably at most 10–15 pages (seed 000), for
    every team of the sample."""
    from pypdf import PdfReader

    for team in FULL_YEAR_TEAMS:
        pages = len(PdfReader(batch["fullyear"] / f"{team}.pdf").pages)
        assert 10 <= pages <= 15, (team, pages)


def test_goals_come_first_in_the_pdf(batch):
    from pypdf import PdfReader

    first = " ".join(PdfReader(batch["fullyear"] / "kompassen.pdf").pages[0].extract_text()
                     .split())
    assert "Måluppfyllelse" in first and "Andel i arbete vid avslut" in first
    assert "nått" in first  # met or not, in words


_HEADER_BOXES = """() => {
  const out = [];
  for (const tr of document.querySelectorAll('figure.finsam-table thead tr')) {
    const boxes = [];
    for (const th of tr.querySelectorAll('th')) {
      const range = document.createRange();
      range.selectNodeContents(th);
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
      if (!rects.length) continue;
      const cell = th.getBoundingClientRect();
      boxes.push({text: th.innerText, cell: [cell.left, cell.right],
                  left: Math.min(...rects.map(r => r.left)),
                  right: Math.max(...rects.map(r => r.right)),
                  top: Math.min(...rects.map(r => r.top)),
                  bottom: Math.max(...rects.map(r => r.bottom))});
    }
    out.push(boxes);
  }
  return out;
}"""


def _overlaps(rows) -> list:
    bad = []
    for boxes in rows:
        for a in boxes:
            if a["left"] < a["cell"][0] - 1 or a["right"] > a["cell"][1] + 1:
                bad.append(("outside its cell", a["text"]))
        for a, b in zip(boxes, boxes[1:], strict=False):
            vertical = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if a["right"] > b["left"] + 0.5 and vertical > 0.5:
                bad.append((a["text"], b["text"]))
    return bad


def test_table_headers_do_not_overlap_on_a_wide_screen(batch, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    for team in TEAMS:
        _open(page, batch["fullyear"] / f"{team}.html")
        rows = page.evaluate(_HEADER_BOXES)
        assert len(rows) > 15
        assert _overlaps(rows) == [], team


def test_goals_are_on_the_first_screen(batch, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    _open(page, batch["fullyear"] / "kompassen.html")
    box = page.locator("figure.finsam-goals").bounding_box()
    assert box is not None and box["y"] < 800
    caption = page.locator("figure.finsam-goals figcaption").bounding_box()
    assert caption["y"] + caption["height"] < 800


def test_a_wide_table_scrolls_in_its_box_on_a_narrow_screen(batch, page):
    page.set_viewport_size({"width": 400, "height": 800})
    _open(page, batch["fullyear"] / "kompassen.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= 402  # no page scroll
    wide = page.evaluate("""() => {
      const figs = Array.from(document.querySelectorAll('figure.finsam-table'))
        .filter(f => f.scrollWidth > f.clientWidth + 20);
      if (!figs.length) return null;
      const f = figs[0];
      const th = f.querySelector('tbody th');
      const before = th.getBoundingClientRect().left - f.getBoundingClientRect().left;
      f.scrollLeft = 150;
      const after = th.getBoundingClientRect().left - f.getBoundingClientRect().left;
      const cell = f.querySelector('tbody td').getBoundingClientRect().left;
      return {n: figs.length, before, after, scrolled: f.scrollLeft, cell};
    }""")
    assert wide is not None and wide["n"] >= 3
    assert wide["scrolled"] > 0
    assert abs(wide["after"] - wide["before"]) < 2  # the first column stays (sticky)
