"""Writing a day's report in the chosen format. One writer for the station's own export and
the server's site export, so a CSV, workbook or summary PDF of a day reads the same wherever
it was made; the PDF library is imported only when a PDF is asked for (it is slow to load)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from appraiser.reports import checkpoint as cp
from appraiser.reports.csv_export import write_csv
from appraiser.reports.daily import DayRows
from appraiser.reports.figures import DayFigures
from appraiser.reports.xlsx_export import write_xlsx


def write_day(
    fmt: str,
    rows: DayRows,
    figures: DayFigures,
    target: Path,
    lang: str,
    meta: dict[str, str],
    checkpoint: cp.Checkpoint,
    lots: list[dict[str, Any]],
) -> None:
    """Write ``rows`` to ``target`` as ``fmt`` (csv, xlsx, or else the summary PDF)."""
    if fmt == "csv":
        write_csv(rows, target, lang)
    elif fmt == "xlsx":
        write_xlsx(rows, figures, target, lang, meta, lots=lots)
    else:
        from appraiser.reports.pdf_summary import write_summary_pdf

        write_summary_pdf(rows, figures, target, lang, meta, checkpoint, lots=lots)
