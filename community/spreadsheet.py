"""CSV files that open as they are in a spreadsheet: UTF-8 with a byte-order
mark (Excel then reads the accents right), the separator and decimal mark of
the reader's language (semicolon and comma in French), and no cell that a
spreadsheet would run as a formula."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.translation import get_language

BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value, *, decimal: str = ".") -> str:
    """One value as the text of a cell: a number with one decimal, a text that
    looks like a formula kept as text."""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", decimal)
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def write(out, *, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write the header and the rows to `out` (a file, or a response), in the
    language active now."""
    french = (get_language() or "").startswith("fr")
    delimiter, decimal = (";", ",") if french else (",", ".")
    out.write(BOM)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([cell(str(name)) for name in header])
    for row in rows:
        writer.writerow([cell(value, decimal=decimal) for value in row])


def response(
    *, filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """The file as a download named `filename` (with its .csv)."""
    download = HttpResponse(content_type="text/csv; charset=utf-8")
    download["Content-Disposition"] = f'attachment; filename="{filename}"'
    write(download, header=header, rows=rows)
    return download
