"""Rendering executed notebooks: self-contained HTML, PDF through a headless browser, Excel.

- **HTML**: nbconvert with the project's template (JupyterLab's, minus every script it would
  load from a CDN), code and prompts hidden, the `injected-parameters` cell removed, figures
  embedded as data URIs, and a table of contents built from the headings. Opening the file
  makes no request to the network.
- **PDF**: the HTML printed by Chrome, Chromium or Edge in headless mode (no LaTeX). The
  browser is `$FINSAM_BROWSER` when set, else the first one found. A4, page numbers in the
  footer (CSS page margin boxes), no table or figure cut across pages.
- **Excel**: the report's tables, one sheet each, as the reader sees them (suppressed for
  external readers).
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


def write_excel(presented: dict, path: Path) -> Path:
    """The report's tables, one sheet each (names cut to Excel's 31 characters)."""
    used: set[str] = set()
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, p in presented.items():
            sheet = re.sub(r"[\[\]:*?/\\]", "", p.title or name)[:31] or name[:31]
            while sheet in used:
                sheet = sheet[:28] + f"_{len(used)}"
            used.add(sheet)
            frame = p.frame.copy()
            frame.to_excel(writer, sheet_name=sheet, startrow=1)
            ws = writer.sheets[sheet]
            ws.cell(row=1, column=1, value=p.title or name)
            if p.legend:
                ws.cell(row=len(frame) + 4, column=1, value=p.legend.replace("\n", " "))
            ws.column_dimensions["A"].width = max(
                [len(str(i)) for i in frame.index] + [12])
            _no_formulas(ws)
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
