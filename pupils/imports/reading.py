"""From uploaded bytes to rows of named cells, the way Dutch spreadsheets write CSV.

- at most ``MAX_BYTES``; spreadsheets, PDFs and images are refused by their signature;
- UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode-tekst"), else Windows-1252;
- ``;``, ``,`` or tab as separator, sniffed from the header line;
- columns matched by header name in any order: case, spaces, accents, punctuation and
  anything in parentheses do not count, and each column has its synonyms;
- blank lines (also lines of only separators) are skipped, wherever they are.

Problems are reported with the line number a text editor shows (1 = the first line).
"""

import codecs
import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
DELIMITERS = (";", ",", "\t")


class UnreadableFile(Exception):
    """The file as a whole cannot be read; ``message`` says why, in Dutch."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    line: int | None  # None: the file as a whole
    column: str  # the column as its header is written in the file; "" for the whole row
    message: str


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the name the documentation uses
    aliases: tuple = ()
    required: bool = False

    @property
    def names(self):
        return {normalise(self.label), normalise(self.key), *(normalise(alias) for alias in self.aliases)}


@dataclass
class Row:
    line: int
    values: dict  # column key -> stripped cell text ("" when empty)
    broken: bool = False  # the row itself is malformed: its cells cannot be trusted

    def get(self, key):
        return self.values.get(key, "")


@dataclass
class Table:
    delimiter: str
    headers: dict  # column key -> header as written in the file
    ignored: list  # headers of columns nobody asked for
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def has(self, key):
        return key in self.headers

    def header(self, key):
        return self.headers.get(key, key)


# --- bytes -> text -------------------------------------------------------------------------------------------------

SIGNATURES = [
    (b"PK\x03\x04", "spreadsheet"),  # .xlsx, .ods, .numbers (and any zip)
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "spreadsheet"),  # old .xls
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
]


def _signature_message(what):
    if what == "spreadsheet":
        return _(
            "Dit is een Excel- of spreadsheetbestand, geen CSV-bestand. Kies in Excel ‘Opslaan als’ en dan "
            "‘CSV (gescheiden door lijstscheidingsteken)’, en upload dat bestand."
        )
    if what == "pdf":
        return _("Dit is een PDF, geen CSV-bestand. Maak in het bronsysteem een export naar CSV.")
    return _("Dit is een afbeelding, geen CSV-bestand.")


def too_large_message(size):
    return _("Het bestand is te groot (%(size)s MB). De grens is %(max)s MB; splits het bestand in delen.") % {
        "size": f"{size / (1024 * 1024):.1f}".replace(".", ","),
        "max": MAX_MEGABYTES,
    }


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode(data):
    """The text of an uploaded CSV file, or UnreadableFile with the reason."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(too_large_message(len(data)))
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            raise UnreadableFile(_signature_message(what))
    not_text = _("Dit bestand is geen tekst en dus geen CSV-bestand. Sla het in Excel op als CSV.")
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise UnreadableFile(not_text) from None
    text = text.rstrip("\x1a")  # the end-of-file mark of old DOS programs
    if _CONTROL.search(text):
        raise UnreadableFile(not_text)
    if not text.strip():
        raise UnreadableFile(_("Het bestand is leeg."))
    # A Mac writes 'ë' as 'e' + a combining diaeresis; compare names as the rest of the world writes them.
    return unicodedata.normalize("NFC", text)


# --- text -> rows ---------------------------------------------------------------------------------------------------


def normalise(header):
    """'Leerling nummer', 'LEERLINGNUMMER' and 'leerlingnummer (BRON)' all become 'leerlingnummer'."""
    text = re.sub(r"\(.*?\)", "", header)
    text = unicodedata.normalize("NFKD", text.strip().lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]", "", text)


def _lines(text):
    return io.StringIO(text, newline="")


def _is_blank(cells):
    return not any(cell.strip() for cell in cells)


def sniff_delimiter(header_line):
    """The separator that splits the header line into the most columns (``;`` wins a tie)."""
    best, best_count = None, 1
    for delimiter in DELIMITERS:
        count = len(next(csv.reader([header_line], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def read_table(text, columns, *, what):
    """Split ``text`` into rows of the given columns.

    Problems of the file as a whole (no header, missing columns, no rows) raise
    UnreadableFile; problems of single rows are collected in ``table.problems``.
    ``what`` names the kind of file in messages ("leerlingenbestand").
    """
    first_line = next((line for line in _lines(text) if line.strip()), "")
    delimiter = sniff_delimiter(first_line.strip("\r\n"))
    if delimiter is None:
        raise UnreadableFile(
            _("In de eerste regel staan geen kolommen. Scheid de kolommen met een puntkomma (;) of een komma (,).")
        )
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    by_name = {name: column for column in columns for name in column.names}
    table = None
    index = {}  # column key -> position
    width = 0
    last_line = 0
    try:
        for cells in reader:
            line = last_line + 1
            last_line = reader.line_num
            if _is_blank(cells):
                continue
            if table is None:
                table, index = _header(cells, by_name, columns, delimiter, what)
                width = len(cells)
                continue
            row = Row(line, {key: (cells[i].strip() if i < len(cells) else "") for key, i in index.items()})
            extra = [cell for cell in cells[width:] if cell.strip()]
            if extra:
                row.broken = True
                table.problems.append(
                    Problem(
                        line,
                        "",
                        _(
                            "Deze regel heeft meer kolommen (%(cells)s) dan de kopregel (%(width)s). Staat er een "
                            "scheidingsteken in een naam of getal zonder aanhalingstekens eromheen?"
                        )
                        % {"cells": len(cells), "width": width},
                    )
                )
            table.rows.append(row)
    except csv.Error:
        # The reader cannot find its way back after a broken quote; report where it went wrong and stop.
        if table is None:
            raise UnreadableFile(_("De kopregel is geen geldige CSV: controleer de aanhalingstekens.")) from None
        table.problems.append(
            Problem(
                last_line + 1,
                "",
                _(
                    'Vanaf deze regel is het bestand geen geldige CSV: een aanhalingsteken (") wordt niet gesloten '
                    "of staat midden in een cel. De rest van het bestand is niet gelezen."
                ),
            )
        )
    if table is None:
        raise UnreadableFile(_("Het bestand is leeg."))
    if not table.rows and not table.problems:
        raise UnreadableFile(_("Het bestand bevat alleen een kopregel en geen gegevens."))
    return table


def _header(cells, by_name, columns, delimiter, what):
    headers, index, ignored = {}, {}, []
    for position, cell in enumerate(cells):
        text = cell.strip()
        column = by_name.get(normalise(text))
        if column is None:
            if text:
                ignored.append(text)
            continue
        if column.key in index:
            raise UnreadableFile(
                _("De kolom ‘%(column)s’ staat twee keer in de kopregel (als ‘%(first)s’ en als ‘%(second)s’).")
                % {"column": column.label, "first": headers[column.key], "second": text}
            )
        headers[column.key] = text
        index[column.key] = position
    if not headers:
        raise UnreadableFile(
            _(
                "De eerste regel bevat geen enkele bekende kolom. Is dit een %(what)s, en staan de kolomnamen op de "
                "eerste regel? Verwacht: %(expected)s."
            )
            % {"what": what, "expected": ", ".join(column.label for column in columns)}
        )
    missing = [column.label for column in columns if column.required and column.key not in headers]
    if missing:
        raise UnreadableFile(
            _("Deze verplichte kolommen ontbreken in de kopregel van het %(what)s: %(missing)s.")
            % {"what": what, "missing": ", ".join(missing)}
        )
    return Table(delimiter=delimiter, headers=headers, ignored=ignored), index


# --- cells -> values ------------------------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{2,4})(?:\s+0?0:00(?::00)?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value):
    """dd-mm-jjjj (also d-m-jjjj, with / or .) or jjjj-mm-dd; ValueError with a Dutch message otherwise."""
    value = value.strip()
    match = _DATE.match(value)
    if match:
        day, _sep, month, year = match.groups()
        if len(year) != 4:
            raise ValueError(
                _("Schrijf het jaar in ‘%(value)s’ met vier cijfers, bijvoorbeeld 14-03-2015.") % {"value": value}
            )
    else:
        match = _ISO_DATE.match(value)
        if not match:
            raise ValueError(
                _("‘%(value)s’ is geen datum. Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 14-03-2015.")
                % {"value": value}
            )
        year, month, day = match.groups()
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(_("De datum %(value)s bestaat niet.") % {"value": value}) from None


_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")


def parse_decimal(value):
    """'152,5' and '152.5' are both 152.5."""
    value = value.strip().replace(" ", "")
    if not _NUMBER.match(value):
        raise ValueError(_("‘%(value)s’ is geen getal.") % {"value": value})
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above already rules this out
        raise ValueError(_("‘%(value)s’ is geen getal.") % {"value": value}) from None


def parse_whole_number(value):
    """'85', '85%' and '85,0' are 85."""
    number = parse_decimal(value.strip().rstrip("%"))
    if number != number.to_integral_value():
        raise ValueError(_("‘%(value)s’ is geen heel getal.") % {"value": value})
    return int(number)


YES = {"ja", "j", "yes", "y", "waar", "true", "1", "x", "gehaald", "voldoende"}
NO = {"nee", "n", "no", "onwaar", "false", "0", "niet gehaald", "onvoldoende"}


def parse_yes_no(value):
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(_("Vul ja of nee in, niet ‘%(value)s’.") % {"value": value})
