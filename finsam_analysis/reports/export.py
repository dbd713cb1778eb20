"""Rendering executed notebooks: self-contained HTML, PDF through a headless browser, Excel.

- **HTML**: nbconvert with the project's template (JupyterLab's, minus every script it would
  load from a CDN), code and prompts hidden, the `injected-parameters` cell removed, figures
  embedded as data URIs, and a table of contents built from the headings. Opening the file
  makes no request to the network.
- **PDF**: the HTML printed by Chrome, Chromium or Edge in headless mode (no LaTeX). The
  browser is `$FINSAM_BROWSER` when set, else the first one found. A4, page numbers in the
  footer (CSS page margin boxes), no table or figure cut across pages.
- **Excel**: the tables the report notebook showed (recorded in its outputs by
  `display_table`, after the disclosure gate), one sheet each, as numbers with number
  formats; a hidden cell is empty with a note. Nothing is computed a second time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

import nbformat
import pandas as pd

from ..present.policy import Policy
from ..present.tables import TABLE_KEY, Presented

TEMPLATES = Path(__file__).parent / "templates"

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
            "microsoft-edge", "microsoft-edge-stable", "msedge")
BROWSER_PATHS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
)


class BrowserNotFound(RuntimeError):
    """No Chrome, Chromium or Edge to print PDFs with."""


def find_browser() -> str:
    """The browser that prints PDFs: `$FINSAM_BROWSER`, else the first one found."""
    wanted = os.environ.get("FINSAM_BROWSER")
    if wanted:
        if Path(wanted).exists() or shutil.which(wanted):
            return shutil.which(wanted) or wanted
        raise BrowserNotFound(f"FINSAM_BROWSER={wanted} does not exist.")
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    for path in BROWSER_PATHS:
        if Path(path).exists():
            return path
    raise BrowserNotFound(
        "No browser found to print PDFs with (Chrome, Chromium or Edge). Install one "
        "(on Debian/Ubuntu: apt-get install chromium) or set FINSAM_BROWSER to its path. "
        "The HTML reports are made all the same.")


def browser_args(user_data_dir: str) -> list[str]:
    """Flags for a headless browser that asks nothing of the network."""
    args = ["--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-default-apps", "--mute-audio", f"--user-data-dir={user_data_dir}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return args


def print_pdf(html_path: Path, pdf_path: Path, browser: str | None = None,
              timeout: float = 120) -> Path:
    """Print an HTML file to PDF with a headless browser."""
    browser = browser or find_browser()
    with tempfile.TemporaryDirectory(prefix="finsam-browser-") as profile:
        cmd = [browser, *browser_args(profile), "--no-pdf-header-footer",
               f"--print-to-pdf={pdf_path}", Path(html_path).resolve().as_uri()]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0 or not Path(pdf_path).exists() or Path(pdf_path).stat().st_size == 0:
        raise RuntimeError(f"{browser} could not print {html_path.name}: "
                           f"{(result.stderr or result.stdout).strip()[-500:]}")
    return pdf_path


_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h\1>',
                      re.S)


def add_contents(html: str, title: str = "Innehåll") -> str:
    """A table of contents from the h2/h3 headings, after the title block."""
    entries = [(int(m.group(1)), m.group(2), re.sub(r"<[^>]+>", "", m.group(3)).strip())
               for m in _HEADING.finditer(html)]
    if not entries:
        return html
    items, open_sub = [], False
    for level, anchor, label in entries:
        link = f'<a href="#{anchor}">{label}</a>'
        if level == 2:
            if open_sub:
                items.append("</ol></li>")
                open_sub = False
            elif items:
                items.append("</li>")
            items.append(f"<li>{link}")
        else:
            if not open_sub:
                items.append("<ol>")
                open_sub = True
            items.append(f"<li>{link}</li>")
    items.append("</ol></li>" if open_sub else "</li>")
    nav = (f'<nav class="finsam-toc" aria-label="{escape(title)}"><h2>{escape(title)}</h2>'
           f'<ol>{"".join(items)}</ol></nav>')
    first = re.search(r'<div[^>]*class="[^"]*jp-Cell jp-MarkdownCell', html)
    if first is None:
        return html
    return html[:first.start()] + nav + html[first.start():]


def notebook_html(executed: Path | nbformat.NotebookNode, title: str) -> str:
    """The report as one self-contained HTML page."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    nb = nbformat.read(str(executed), as_version=4) if isinstance(executed, str | Path) \
        else executed
    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = {"injected-parameters", "parameters"}
    c.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=c, template_name="finsam",
                            extra_template_basedirs=[str(TEMPLATES)])
    exporter.language_code = "sv"  # <html lang="sv">: the reports are in Swedish
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.register_preprocessor(TagRemovePreprocessor(config=c), enabled=True)
    nb.metadata["title"] = title
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    html = re.sub(r"<html(?: lang=\"[^\"]*\")?>", '<html lang="sv">', html, count=1)
    return add_contents(html)


def table_record(presented: Presented) -> dict:
    return presented.record()


def from_record(record: dict) -> Presented:
    return Presented.from_record(record)


def display_table(presented: Presented) -> None:
    """Show a table in a notebook as HTML, recording what it shows for the Excel file
    (`Presented` does both when displayed)."""
    from IPython.display import display

    display(presented)


def tables_in_notebook(executed: Path | nbformat.NotebookNode) -> list[Presented]:
    """Every table an executed report notebook showed, in the order it showed them."""
    nb = nbformat.read(str(executed), as_version=4) if isinstance(executed, str | Path) \
        else executed
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get(TABLE_KEY)
            if output.get("output_type") in ("display_data", "execute_result") and record:
                found.append(from_record(record))
    return found


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_MAX = 31


def _shorten(name: str, limit: int) -> str:
    """`name` in at most `limit` characters, cut between words (never mid-word or with `…`)."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    cut = name[:limit + 1].rsplit(" ", 1)[0] if " " in name[:limit + 1] else name[:limit]
    cut = cut[:limit]
    # no quotation or bracket left open by the cut
    while " " in cut and (cut.count("(") > cut.count(")") or cut.count("”") % 2
                          or cut.count('"') % 2):
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-")


def sheet_names(tables: list[Presented]) -> list[str]:
    """A readable, unique sheet name of at most 31 characters for each table: its short name
    (`Presented.sheet`), else its title (before a colon when that fits), cut between words;
    a name already used gets ` 2`, ` 3`, …"""
    used: set[str] = set()
    out = []
    for i, p in enumerate(tables, 1):
        title = _SHEET_FORBIDDEN.sub(" ", p.title or "")
        name = p.sheet or title
        if len(name) > SHEET_MAX and ":" in (p.title or "") and \
                len(p.title.split(":")[0].strip()) <= SHEET_MAX:
            name = p.title.split(":")[0]
        name = _shorten(_SHEET_FORBIDDEN.sub(" ", name).strip("' "), SHEET_MAX) or f"Tabell {i}"
        base, n = name, 1
        while name.casefold() in used:
            n += 1
            name = f"{_shorten(base, SHEET_MAX - len(str(n)) - 1)} {n}"
        used.add(name.casefold())
        out.append(name)
    return out


def _by_sex(frame: pd.DataFrame) -> bool:
    return {"Totalt"} <= set(map(str, frame.index)) or {"Total"} <= set(map(str, frame.index))


def excel_frame(presented: Presented, language: str = "sv") -> pd.DataFrame:
    """The table as the Excel sheet lays it out: a wide table by sex turned as in the HTML,
    and a column of cells like `40,0 % (8 av 20)` split into one column per figure."""
    from ..present.cells import PART_ORDER, split_compound
    from ..present.labels import label

    frame = presented.frame
    if _by_sex(frame) and len(frame.columns) > 7 and presented.css != "survey":
        frame = frame.T
        frame.index.name = ""
    columns = {}
    for col in frame.columns:
        values = list(frame[col])
        parts = [split_compound(v, language) for v in values]
        if any(parts) and all(p is not None or str(v).strip() in ("", "..", ".", "nan")
                              for p, v in zip(parts, values, strict=True)):
            keys = [k for k in PART_ORDER if any(p and k in p for p in parts)]
            for k in keys:
                columns[f"{col}, {label('excel_part', k, language)}"] = [
                    (p.get(k, "") if p else v) for p, v in zip(parts, values, strict=True)]
        else:
            columns[col] = values
    out = pd.DataFrame(columns, index=frame.index, dtype=object)
    out.index.name = frame.index.name
    return out


def write_excel(tables: dict | list, path: Path, heading: list[str] | tuple = (),
                audience: Policy | str = "external", language: str = "sv") -> Path:
    """The report's tables as an Excel workbook an evaluator can compute with.

    `tables`: the `Presented` tables the report showed (a list, or a dict by name). One sheet
    per table, named by `sheet_names`; on every sheet first the `heading` lines (association,
    team, period, audience, "Exempeldata — fiktiva uppgifter"), then the table's title, the
    table and its legend. Counts are whole numbers, shares numbers with a percent format,
    amounts numbers with a kronor format (`present.cells`); a cell shown as `..` or `.` is
    empty with a comment saying why. Only what the report shows is written."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from ..present.cells import parse_cell
    from ..present.labels import text

    tables = list(tables.values()) if isinstance(tables, dict) else list(tables)
    wb = Workbook()
    wb.remove(wb.active)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for presented, name in zip(tables, sheet_names(tables), strict=True):
        ws = wb.create_sheet(name)
        row = 1
        for i, line in enumerate(heading):
            ws.cell(row, 1, line).font = bold if i == 0 else Font(italic=True)
            row += 1
        ws.cell(row, 1, presented.title or name).font = Font(bold=True, size=13)
        row += 2
        frame = excel_frame(presented, language)
        header_row = row
        ws.cell(row, 1, str(frame.index.name or "")).font = bold
        for j, col in enumerate(frame.columns, 2):
            c = ws.cell(row, j, str(col))
            c.font, c.alignment = bold, wrap
        widths = [max([len(str(frame.index.name or ""))] + [len(str(i)) for i in frame.index]
                      + [10])]
        noted = False
        for label_, values in zip(frame.index, frame.itertuples(index=False), strict=True):
            row += 1
            ws.cell(row, 1, str(label_)).font = bold if str(label_) in ("Totalt", "Total") \
                else Font()
            for j, shown in enumerate(values, 2):
                cell = parse_cell(shown, audience, language)
                c = ws.cell(row, j, cell.value)
                if cell.number_format:
                    c.number_format = cell.number_format
                if cell.note:
                    c.comment = Comment(cell.note, "finsam-analysis", width=260, height=70)
                    noted = noted or cell.value is None
        for j, col in enumerate(frame.columns):
            longest = max([len(str(v)) for v in frame.iloc[:, j]] + [6])
            widths.append(max(longest + 2, min(len(str(col)), 22)))
        row += 2
        for line in [*(presented.legend.split("\n") if presented.legend else []),
                     *([text("excel_empty_note", language)] if noted else [])]:
            ws.cell(row, 1, line)
            row += 1
        for j, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(j)].width = min(w, 70)
        if len(frame.index):
            tallest = max([1] + [-(-len(str(col)) // max(int(min(w, 70)) - 1, 1))
                                 for col, w in zip(frame.columns, widths[1:], strict=True)])
            ws.row_dimensions[header_row].height = 15 * tallest
        for r in range(header_row + 1, header_row + 1 + len(frame.index)):
            ws.cell(r, 1).alignment = Alignment(wrap_text=widths[0] > 70, vertical="top")
        ws.freeze_panes = ws.cell(header_row + 1, 2)
        _no_formulas(ws)
    if not tables:
        ws = wb.create_sheet("Tabeller")
        for i, line in enumerate([*heading, "Rapporten har inga tabeller."], 1):
            ws.cell(i, 1, line)
    wb.save(path)
    return path


def _no_formulas(ws) -> None:
    """Text from the input (a category, a question, a name) that starts with `=` would be
    written as a formula and run when the file is opened: keep every cell a value."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def main_browser_check() -> int:
    """`finsam browser`: which browser PDFs would be printed with."""
    try:
        print(find_browser())
        return 0
    except BrowserNotFound as exc:
        print(str(exc), file=sys.stderr)
        return 1
