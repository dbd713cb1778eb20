"""finsam-analysis: follow-up of the teams of Swedish coordination associations (Finsam).

Data flows one way: `load` (validated canonical frames) → `outcomes`, `ors`, `surveys`
(plain numbers) → `tables`, `report` (Swedish labels, formats, suppression) → `notebook`
(what the report notebooks show) → `batch` and `export` (HTML, PDF, Excel).
"""

__version__ = "0.1.0"
