"""The error a user sees for bad input: every problem in a file at once, each with its place."""

from __future__ import annotations

from dataclasses import dataclass

from .messages import msg, problem_text


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
        """The problem in the user's language (`messages.language()`): `file, row 3, column
        sex: message (found 'x'; expected …)`."""
        return problem_text(self.file, self.message, self.row, self.column, self.value,
                            self.expected, self.line)


class DataError(ValueError):
    """Input that cannot be used. Holds every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem | str, file: str | None = None):
        if isinstance(problems, str):
            problems = [Problem(file or "input", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(self._text())

    def __str__(self) -> str:
        return self._text()

    def _text(self) -> str:
        """Every problem (the first 200), in the user's language when it is shown."""
        n = len(self.problems)
        head = msg("problems_one") if n == 1 else msg("problems_many", n=n)
        shown = self.problems[:200]
        lines = [head, *(f"  - {p}" for p in shown)]
        if n > len(shown):
            lines.append(msg("problems_more", n=n - len(shown)))
        return "\n".join(lines)
