"""What the system writes about imports, rendered in the reader's language
(aglomera/core/texts.py).

An import stores why it refused a file (`ImportJob.error_code` and `error_params`) and why it
refused each row (`ImportJob.refused`: `code` and `params` per row) as codes with their
parameters; the sentences below are written when a page, the command line or an export shows
them, in the reader's language and number format. A code this version does not know reads as a
generic sentence, never as the code itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django_stubs_ext import StrOrPromise

from aglomera.core.amounts import format_quantity
from aglomera.core.texts import generated_text, render

IMPORT_REFUSED = "monitoring.import_refused"
IMPORT_ERROR = "monitoring.import_error"
DRY_RUN = "monitoring.dry_run"


@generated_text(IMPORT_REFUSED)
def import_refused(params: Mapping[str, Any]) -> str:
    return _("The list was refused; nothing was imported.")


@generated_text(IMPORT_ERROR)
def import_error(params: Mapping[str, Any]) -> str:
    return _("The import failed unexpectedly; nothing was written.")


@generated_text(DRY_RUN)
def dry_run(params: Mapping[str, Any]) -> str:
    return _("A dry run: nothing was written.")


# --- why an import refused its file (ImportJob.error_code) ---------------------------------

UNEXPECTED = "monitoring.import_file_unexpected"
ROWS_REFUSED = "monitoring.import_file_rows_refused"
TOO_LARGE = "monitoring.import_file_too_large"
FILE_GONE = "monitoring.import_file_file_gone"
EMPTY = "monitoring.import_file_empty"
PDF = "monitoring.import_file_pdf"
ENCRYPTED_XLSX = "monitoring.import_file_encrypted_xlsx"
NAMED_BUT_XLS = "monitoring.import_file_named_but_xls"
ZIP_NOT_SPREADSHEET = "monitoring.import_file_zip_not_spreadsheet"
NAMED_BUT_ODS = "monitoring.import_file_named_but_ods"
NAMED_BUT_XLSX = "monitoring.import_file_named_but_xlsx"
NOT_XLSX = "monitoring.import_file_not_xlsx"
NOT_ODS = "monitoring.import_file_not_ods"
BINARY = "monitoring.import_file_binary"
DUPLICATE_COLUMNS = "monitoring.import_file_duplicate_columns"
MISSING_COLUMNS = "monitoring.import_file_missing_columns"
UNKNOWN_ENCODING = "monitoring.import_file_unknown_encoding"
WRONG_ENCODING = "monitoring.import_file_wrong_encoding"
UTF8_NOT_CP1250 = "monitoring.import_file_utf8_not_cp1250"
HEADER_TOO_LONG = "monitoring.import_file_header_too_long"
HEADER_CONTROL = "monitoring.import_file_header_control"
CSV_UNREADABLE = "monitoring.import_file_csv_unreadable"
LINE_TOO_WIDE = "monitoring.import_file_line_too_wide"
TOO_MANY_CELLS = "monitoring.import_file_too_many_cells"
XLS_UNREADABLE = "monitoring.import_file_xls_unreadable"
ODS_UNREADABLE = "monitoring.import_file_ods_unreadable"
XLSX_DAMAGED = "monitoring.import_file_xlsx_damaged"
TEXT_TOO_LONG = "monitoring.import_file_text_too_long"
ODS_UNPACKS_TOO_MUCH = "monitoring.import_file_ods_unpacks_too_much"
XLSX_UNPACKS_TOO_MUCH = "monitoring.import_file_xlsx_unpacks_too_much"
SHEET_TOO_WIDE = "monitoring.import_file_sheet_too_wide"
SHEET_TOO_LARGE = "monitoring.import_file_sheet_too_large"
NO_ROWS = "monitoring.import_file_no_rows"

# --- why it refused a row (ImportJob.refused[...]["code"]) ---------------------------------

CONTROL_CHARACTER = "monitoring.import_row_control_character"
TOO_LONG = "monitoring.import_row_too_long"
MISSING = "monitoring.import_row_missing"
DUPLICATE_NUMBER = "monitoring.import_row_duplicate_number"
NOT_AMOUNT = "monitoring.import_row_not_amount"
AMBIGUOUS_AMOUNT = "monitoring.import_row_ambiguous_amount"
MISPLACED_SEPARATORS = "monitoring.import_row_misplaced_separators"
NEGATIVE = "monitoring.import_row_negative"
AMOUNT_TOO_LARGE = "monitoring.import_row_amount_too_large"
UNREAL_DATE = "monitoring.import_row_unreal_date"
NOT_DATE = "monitoring.import_row_not_date"
AMBIGUOUS_DATE = "monitoring.import_row_ambiguous_date"
NOT_DATE_TEXT = "monitoring.import_row_not_date_text"
BAD_ICO = "monitoring.import_row_bad_ico"
NUMBER_MISSING = "monitoring.import_row_number_missing"
NOT_REGISTRATION_NUMBER = "monitoring.import_row_not_registration_number"
NOT_NUTS3 = "monitoring.import_row_not_nuts3"


def _number(value: Any) -> str:
    """A count or a limit in the reader's number format ("100 000 100" in Czech)."""
    return format_quantity(Decimal(int(value)))


def _fixed(code: str, text: StrOrPromise) -> None:
    """A text without parameters."""
    generated_text(code)(lambda params: str(text))


_fixed(
    UNEXPECTED,
    gettext_lazy("The import failed unexpectedly; nothing was written. Please report it."),
)
_fixed(FILE_GONE, gettext_lazy("The uploaded file is no longer stored; upload it again."))
_fixed(EMPTY, gettext_lazy("The file is empty."))
_fixed(PDF, gettext_lazy("This is a PDF document, not a list of operations."))
_fixed(
    ZIP_NOT_SPREADSHEET,
    gettext_lazy(
        "This is a zip archive, but not an Excel workbook (.xlsx) or an "
        "OpenDocument spreadsheet (.ods)."
    ),
)
_fixed(BINARY, gettext_lazy("This is a binary file, not a CSV list."))
_fixed(
    XLS_UNREADABLE,
    gettext_lazy(
        "The Excel 97-2003 workbook (.xls) cannot be read; it may be damaged or password-protected."
    ),
)
_fixed(
    ODS_UNREADABLE,
    gettext_lazy(
        "The OpenDocument spreadsheet (.ods) cannot be read; it may be damaged or "
        "password-protected."
    ),
)
_fixed(XLSX_DAMAGED, gettext_lazy("The Excel workbook cannot be read; it may be damaged."))
_fixed(NO_ROWS, gettext_lazy("The file has a header but no rows of data."))

_fixed(MISSING, gettext_lazy("This value is missing."))
_fixed(NOT_AMOUNT, gettext_lazy("This is not an amount."))
_fixed(
    MISPLACED_SEPARATORS,
    gettext_lazy("This is not an amount: the thousands separators are misplaced."),
)
_fixed(NEGATIVE, gettext_lazy("An amount must not be negative."))
_fixed(AMOUNT_TOO_LARGE, gettext_lazy("The amount is too large."))
_fixed(NOT_DATE, gettext_lazy("This is not a date."))
_fixed(NUMBER_MISSING, gettext_lazy("The registration number is missing."))


@generated_text(ROWS_REFUSED)
def rows_refused(params: Mapping[str, Any]) -> str:
    return _(
        "%(count)s of %(total)s rows are refused; nothing was imported. "
        "Correct them and upload the file again."
    ) % {"count": _number(params["count"]), "total": _number(params["total"])}


@generated_text(TOO_LARGE)
def too_large(params: Mapping[str, Any]) -> str:
    return _("The file is larger than %(mib)s MiB.") % {"mib": _number(params["mib"])}


@generated_text(ENCRYPTED_XLSX)
def encrypted_xlsx(params: Mapping[str, Any]) -> str:
    return _(
        "The file %(name)s is not a plain Excel workbook: it is password-protected, "
        "or an Excel 97-2003 workbook (.xls) renamed. Remove the password, or name "
        "it .xls, and upload it again."
    ) % {"name": params["name"]}


@generated_text(NAMED_BUT_XLS)
def named_but_xls(params: Mapping[str, Any]) -> str:
    return _("The file is named %(name)s, but it is an Excel 97-2003 workbook (.xls).") % {
        "name": params["name"]
    }


@generated_text(NAMED_BUT_ODS)
def named_but_ods(params: Mapping[str, Any]) -> str:
    return _("The file is named %(name)s, but it is an OpenDocument spreadsheet (.ods).") % {
        "name": params["name"]
    }


@generated_text(NAMED_BUT_XLSX)
def named_but_xlsx(params: Mapping[str, Any]) -> str:
    return _("The file is named %(name)s, but it is an Excel workbook.") % {"name": params["name"]}


@generated_text(NOT_XLSX)
def not_xlsx(params: Mapping[str, Any]) -> str:
    return _("The file is named %(name)s, but it is not an Excel workbook.") % {
        "name": params["name"]
    }


@generated_text(NOT_ODS)
def not_ods(params: Mapping[str, Any]) -> str:
    return _("The file is named %(name)s, but it is not an OpenDocument spreadsheet.") % {
        "name": params["name"]
    }


@generated_text(DUPLICATE_COLUMNS)
def duplicate_columns(params: Mapping[str, Any]) -> str:
    return _("These columns appear more than once in the header (row %(row)s): %(names)s.") % {
        "row": params["row"],
        "names": ", ".join(str(name) for name in params["names"]),
    }


@generated_text(MISSING_COLUMNS)
def missing_columns(params: Mapping[str, Any]) -> str:
    """`columns`: [header the layout expects, field] pairs; the field is named in the reader's
    language."""
    return _("The header (row %(row)s) lacks these columns: %(names)s.") % {
        "row": params["row"],
        "names": "; ".join(
            pgettext("a column's header and its field", "“%(header)s” (%(field)s)")
            % {"header": header, "field": field_label(field)}
            for header, field in params["columns"]
        ),
    }


@generated_text(UNKNOWN_ENCODING)
def unknown_encoding(params: Mapping[str, Any]) -> str:
    return _("Unknown encoding %(encoding)s.") % {"encoding": params["encoding"]}


@generated_text(WRONG_ENCODING)
def wrong_encoding(params: Mapping[str, Any]) -> str:
    return _(
        "The file is not in the %(encoding)s encoding this list expects "
        "(the first bad byte is on line %(line)s)."
    ) % {"encoding": params["encoding"], "line": params["line"]}


@generated_text(UTF8_NOT_CP1250)
def utf8_not_cp1250(params: Mapping[str, Any]) -> str:
    return _(
        "The file is in UTF-8, but this list is expected in %(encoding)s "
        "(Windows-1250). Choose the right source or save the file in %(encoding)s."
    ) % {"encoding": params["encoding"]}


@generated_text(HEADER_TOO_LONG)
def header_too_long(params: Mapping[str, Any]) -> str:
    return _(
        "The header (row %(row)s) has a column name of more than %(limit)s "
        "characters in column %(column)s; a list's column names are short. Check "
        "that the header is on row %(row)s and upload the file again."
    ) % {"row": params["row"], "limit": _number(params["limit"]), "column": params["column"]}


@generated_text(HEADER_CONTROL)
def header_control(params: Mapping[str, Any]) -> str:
    return _(
        "The header (row %(row)s) contains an invisible control character in column "
        "%(column)s. Remove it and upload the file again."
    ) % {"row": params["row"], "column": params["column"]}


@generated_text(CSV_UNREADABLE)
def csv_unreadable(params: Mapping[str, Any]) -> str:
    # `error` is the csv module's own (English) words about the line.
    return _("The file is not a readable CSV (line %(line)s): %(error)s") % {
        "line": params["line"],
        "error": params["error"],
    }


@generated_text(LINE_TOO_WIDE)
def line_too_wide(params: Mapping[str, Any]) -> str:
    return _(
        "Line %(line)s has %(columns)s columns, but a list of operations may have at "
        "most %(limit)s. Check the delimiter and the quotation marks on that line."
    ) % {
        "line": params["line"],
        "columns": _number(params["columns"]),
        "limit": _number(params["limit"]),
    }


@generated_text(TOO_MANY_CELLS)
def too_many_cells(params: Mapping[str, Any]) -> str:
    return _(
        "The file has more than %(limit)s cells (rows by columns), more than one import may "
        "hold. Split the list into smaller files and upload them one by one."
    ) % {"limit": _number(params["limit"])}


@generated_text(TEXT_TOO_LONG)
def text_too_long(params: Mapping[str, Any]) -> str:
    return _(
        "The text in the cells of this workbook adds up to more than %(limit)s "
        "characters (the same long text repeated in many cells), far more than a "
        "list of operations holds, so it was not opened. Check the file and upload "
        "it again, or save the list as CSV."
    ) % {"limit": _number(params["limit"])}


@generated_text(ODS_UNPACKS_TOO_MUCH)
def ods_unpacks_too_much(params: Mapping[str, Any]) -> str:
    return _(
        "This OpenDocument spreadsheet would unpack to more than %(mib)s MiB, far more than "
        "a list of operations needs, so it was not opened. Save the list again (or as CSV) "
        "and upload it."
    ) % {"mib": _number(params["mib"])}


@generated_text(XLSX_UNPACKS_TOO_MUCH)
def xlsx_unpacks_too_much(params: Mapping[str, Any]) -> str:
    return _(
        "This Excel file would unpack to more than %(mib)s MiB, far more than a list of "
        "operations needs, so it was not opened. Save the list again from Excel (or as CSV) and "
        "upload it."
    ) % {"mib": _number(params["mib"])}


@generated_text(SHEET_TOO_WIDE)
def sheet_too_wide(params: Mapping[str, Any]) -> str:
    return _(
        "The first sheet of the workbook reaches column %(column)s (cell %(cell)s), but "
        "a list of operations may have at most %(limit)s columns. Delete the empty "
        "columns to the right of the list, or save the list as CSV, and upload it again."
    ) % {"column": params["column"], "cell": params["cell"], "limit": _number(params["limit"])}


@generated_text(SHEET_TOO_LARGE)
def sheet_too_large(params: Mapping[str, Any]) -> str:
    return _(
        "The first sheet of the workbook reaches cell %(cell)s: %(rows)s rows by %(columns)s "
        "columns, %(cells)s cells, but one import may hold at most %(limit)s cells. Delete "
        "the empty rows below the list, or split the list into smaller files, and upload it "
        "again."
    ) % {
        "cell": params["cell"],
        "rows": _number(params["rows"]),
        "columns": _number(params["columns"]),
        "cells": _number(params["cells"]),
        "limit": _number(params["limit"]),
    }


@generated_text(CONTROL_CHARACTER)
def control_character(params: Mapping[str, Any]) -> str:
    return _(
        "The text contains an invisible control character (%(code)s) that cannot be stored. "
        "Remove it from the cell and upload the file again."
    ) % {"code": params["code"]}


@generated_text(TOO_LONG)
def too_long(params: Mapping[str, Any]) -> str:
    return _("Longer than %(limit)s characters.") % {"limit": _number(params["limit"])}


@generated_text(DUPLICATE_NUMBER)
def duplicate_number(params: Mapping[str, Any]) -> str:
    return _("The registration number %(number)s is already on row %(row)s.") % {
        "number": params["number"],
        "row": params["row"],
    }


@generated_text(AMBIGUOUS_AMOUNT)
def ambiguous_amount(params: Mapping[str, Any]) -> str:
    return _(
        "“%(value)s” is ambiguous: is “%(mark)s” a decimal mark or a thousands "
        "separator? Write it with two decimal places or without separators."
    ) % {"value": params["value"], "mark": params["mark"]}


@generated_text(UNREAL_DATE)
def unreal_date(params: Mapping[str, Any]) -> str:
    return _("%(value)s is not a real date.") % {"value": params["value"]}


@generated_text(AMBIGUOUS_DATE)
def ambiguous_date(params: Mapping[str, Any]) -> str:
    return _("“%(value)s” is ambiguous (day/month or month/day?); write it as 31.05.2024.") % {
        "value": params["value"]
    }


@generated_text(NOT_DATE_TEXT)
def not_date_text(params: Mapping[str, Any]) -> str:
    return _("“%(value)s” is not a date; write it as 31.05.2024 or 2024-05-31.") % {
        "value": params["value"]
    }


@generated_text(BAD_ICO)
def bad_ico(params: Mapping[str, Any]) -> str:
    return _("An IČO has at most 8 digits: “%(value)s”.") % {"value": params["value"]}


@generated_text(NOT_REGISTRATION_NUMBER)
def not_registration_number(params: Mapping[str, Any]) -> str:
    from aglomera.monitoring.importing.normalize import REGISTRATION_EXAMPLES

    return _(
        "“%(value)s” is not a registration number of the managing authority (e.g. %(examples)s)."
    ) % {"value": params["value"], "examples": REGISTRATION_EXAMPLES.get(params["country"], "")}


@generated_text(NOT_NUTS3)
def not_nuts3(params: Mapping[str, Any]) -> str:
    return _("“%(value)s” is not a NUTS 3 code (e.g. CZ071).") % {"value": params["value"]}


def field_label(name: str) -> str:
    """A field of an operation as the reader's language names it (the name itself when this
    version has no such field)."""
    from aglomera.monitoring.importing.layouts import FIELDS

    found = FIELDS.get(name)
    return str(found.label) if found is not None else name


def _rendered(code: str, params: Any) -> str:
    """The text of a code, or "" when it cannot be written (an unknown code, or parameters
    that do not fit it, as a later or an earlier version may have stored)."""
    if not isinstance(params, Mapping):
        return ""
    try:
        return render(code, params)
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return ""


def import_text(code: str, params: Any) -> str:
    """Why an import refused its file, in the reader's language."""
    return _rendered(code, params) or _(
        "The import was refused for a reason this version of Aglomera cannot describe."
    )


def row_text(code: str, params: Any) -> str:
    """Why an import refused a row, in the reader's language."""
    return _rendered(code, params) or _(
        "The value was refused for a reason this version of Aglomera cannot describe."
    )
