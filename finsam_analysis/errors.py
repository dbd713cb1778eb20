"""The error a user sees for bad input: every problem in a file at once, each with its place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in an input file.

    `row` is the row as the user sees it in the file: in a CSV or Excel sheet with a header on
    line 1, the first data row is row 2; in Parquet (no header row) the first record is row 1.
    `line` is the line of a text file (config.yml, a narrative), from 1.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None
    line: int | None = None  # for text files (config.yml, narratives): the line from 1

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column}"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" (found {self.value!r}"
            text += f"; expected {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" (expected {self.expected})"
        return text


class DataError(ValueError):
    """Input that cannot be used. Holds every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem | str, file: str | None = None):
        if isinstance(problems, str):
            problems = [Problem(file or "input", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        n = len(self.problems)
        head = "1 problem in the input:" if n == 1 else f"{n} problems in the input:"
        shown = self.problems[:200]
        lines = [head, *(f"  - {p}" for p in shown)]
        if n > len(shown):
            lines.append(f"  … and {n - len(shown)} more")
        return "\n".join(lines)
