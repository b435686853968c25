"""Tables for people with a spreadsheet: CSV that Excel opens in Chinese, and XLSX.

Both take rows from an iterator and hold only one row at a time (XLSX in openpyxl's write-only
mode), so an export of any size keeps memory flat.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# Excel on a Chinese Windows desktop reads a CSV without a byte-order mark as GBK.
UTF8_BOM = "\ufeff"

# A cell starting with one of these is run as a formula by Excel ("CSV injection"); a leading
# apostrophe makes it text. Numbers are left alone.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(header: list[str], rows: Iterable[Iterable]) -> Iterator[bytes]:
    """The CSV file as UTF-8 chunks with a byte-order mark, CRLF line ends, one row per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    buffer.write(UTF8_BOM)
    writer.writerow(header)
    yield take()
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
        yield take()


def write_xlsx(sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]], output: BinaryIO):
    """Write a workbook of `(title, header, rows)` sheets to `output`, a row at a time."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])  # Excel's limit on sheet names
        sheet.freeze_panes = "A2"
        header_cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([spreadsheet_safe(value) for value in row])
    workbook.save(output)
