"""CSV downloads (list export, pivot table) that a spreadsheet opens as data, never as code.

A text cell beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some spreadsheets skip before looking) would be taken for a formula — ``=HYPERLINK(...)`` in
a customer's name runs when the export is opened. Such cells get a leading apostrophe, as
OWASP recommends; numbers stay numbers::

    csv_response([["Name", "Revenue"], ["=1+1", -5.0]], "crm_lead")
    # "Name,Revenue" / "'=1+1,-5.0"   (UTF-8 with BOM, as attachment crm_lead.csv)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from werkzeug.wrappers import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> Response:
    """The rows as a CSV attachment (every text cell passed through :func:`safe_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    response = Response("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
