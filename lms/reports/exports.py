"""CSV and XLSX downloads of a report: the same tables the screen shows, cell for cell."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from lms.reports.selectors import Report


def report_rows(report: Report) -> list[list]:
    """The report flattened: a title row, the header and the rows of each table,
    separated by an empty row. Both exports write exactly these rows."""
    rows: list[list] = [[report.scope.label]]
    for table in report.tables:
        rows += [[], [table.title], list(table.header), *[list(row) for row in table.rows]]
    return rows


def report_csv(report: Report) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Thai text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(report_rows(report))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_xlsx(report: Report) -> bytes:
    """One sheet with the same rows as the CSV; numbers stay numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "report"
    bold = Font(bold=True)
    for row in report_rows(report):
        sheet.append(row)
        if len(row) == 1:
            sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
