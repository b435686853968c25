"""Tables for people with a spreadsheet: CSV that Excel opens in Chinese, and XLSX.

Both take rows from an iterator and hold only one row at a time (XLSX in openpyxl's write-only
mode), so an export of any size keeps memory flat.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A table: (sheet title, header, rows); the rows may be an iterator.
Table = tuple[str, list[str], Iterable[Iterable]]

# Excel on a Chinese Windows desktop reads a CSV without a byte-order mark as GBK.
UTF8_BOM = "\ufeff"

# A cell starting with one of these is run as a formula by Excel ("CSV injection"); a leading
# apostrophe makes it text. Numbers are left alone.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# The CSV is sent in pieces of about this many characters: a piece per row would cost a write
# (and a WSGI round) per row.
CSV_CHUNK_CHARS = 32 * 1024


def csv_chunks(
    header: list[str], rows: Iterable[Iterable], *, line_end: str = "\r\n"
) -> Iterator[bytes]:
    """The CSV file as UTF-8 chunks with a byte-order mark and CRLF line ends (or `line_end`):
    the header first on its own, then pieces of about `CSV_CHUNK_CHARS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)

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
        if buffer.tell() >= CSV_CHUNK_CHARS:
            yield take()
    if buffer.tell():
        yield take()


def write_xlsx(sheets: Iterable[Table], output: BinaryIO):
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


def csv_response(table: Table, filename: str) -> StreamingHttpResponse:
    """A download of one table as CSV that Excel opens in Chinese, streamed row by row."""
    _title, header, rows = table
    response = StreamingHttpResponse(
        csv_chunks(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(tables: Iterable[Table], filename: str) -> HttpResponse:
    """A download of the tables as one workbook, a sheet each (small tables: built in memory)."""
    output = io.BytesIO()
    write_xlsx(tables, output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
