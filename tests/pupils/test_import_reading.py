"""Reading CSV the way Dutch spreadsheets write it: encodings, separators, headers, blank lines."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from pupils.imports import read
from pupils.imports.reading import (
    MAX_BYTES,
    UnreadableFile,
    decode,
    normalise,
    parse_date,
    parse_decimal,
    parse_whole_number,
    parse_yes_no,
)

HEADER = "leerlingnummer;voornaam;tussenvoegsel;achternaam;geboortedatum;groep"
ROW = "1001;Zoë;van der;Berg;14-03-2015;Groep 6"


def unreadable(data):
    with pytest.raises(UnreadableFile) as caught:
        decode(data)
    return caught.value.message


# --- bytes -> text ---


def test_utf8_with_bom_loses_the_bom():
    text = decode(f"{HEADER}\r\n{ROW}\r\n".encode("utf-8-sig"))
    assert text.startswith("leerlingnummer")
    assert "Zoë" in text


def test_utf8_without_bom():
    assert "Zoë" in decode(f"{HEADER}\n{ROW}\n".encode())


def test_windows_1252_is_recognised():
    data = f"{HEADER}\r\n{ROW}\r\n1002;René;;Brouwer;01-01-2015;Groep 6\r\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = decode(data)
    assert "Zoë" in text and "René" in text


def test_accents_written_as_combining_marks_become_one_character():
    assert "Zoë" in decode(f"{HEADER}\n{ROW}\n".replace("ë", "e\u0308").encode())


def test_utf16_with_bom_from_excel_unicode_text():
    assert "Zoë" in decode(f"{HEADER}\r\n{ROW}\r\n".encode("utf-16"))


def test_oversized_file_is_refused_with_the_limit():
    message = unreadable(b"a;b\n" + b"x" * MAX_BYTES)
    assert "te groot" in message and "5 MB" in message


def test_png_is_refused():
    assert "afbeelding" in unreadable(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)


def test_xlsx_is_refused_with_how_to_save_as_csv():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    message = unreadable(buffer.getvalue())
    assert "Excel" in message and "CSV" in message


def test_pdf_and_other_binary_files_are_refused():
    assert "PDF" in unreadable(b"%PDF-1.7\n...")
    assert "geen tekst" in unreadable(bytes(range(256)) * 4)
    assert "geen tekst" in unreadable(b"leerlingnummer;voornaam\n1\x00;2\n")


def test_empty_file_is_refused():
    assert "leeg" in unreadable(b"")
    assert "leeg" in unreadable(b"\xef\xbb\xbf\r\n\r\n")


# --- text -> rows ---


def test_semicolon_and_comma_give_the_same_rows():
    semicolon = read("pupils", f"{HEADER}\n{ROW}\n")
    comma = read("pupils", f"{HEADER.replace(';', ',')}\n{ROW.replace(';', ',')}\n")
    assert semicolon.delimiter == ";" and comma.delimiter == ","
    assert semicolon.rows[0].values == comma.rows[0].values
    assert comma.rows[0].get("tussenvoegsel") == "van der"


def test_tab_separated_text_is_read_too():
    table = read("pupils", f"{HEADER.replace(';', chr(9))}\n{ROW.replace(';', chr(9))}\n")
    assert table.rows[0].get("achternaam") == "Berg"


def test_columns_in_any_order_matched_by_name_case_spaces_accents_and_synonyms():
    text = (
        "Groep;GEBOORTE DATUM (dd-mm-jjjj);Achternaam;Roepnaam;LL nr;Tussenvoegsel;Opmerking\n"
        "Groep 6;14-03-2015;Berg;Zoë;1001;van der;x\n"
    )
    table = read("pupils", text)
    assert table.rows[0].values == {
        "groep": "Groep 6",
        "geboortedatum": "14-03-2015",
        "achternaam": "Berg",
        "voornaam": "Zoë",
        "leerlingnummer": "1001",
        "tussenvoegsel": "van der",
    }
    assert table.ignored == ["Opmerking"]
    assert table.header("leerlingnummer") == "LL nr"


def test_header_normalisation():
    assert normalise(" Leerling-nummer ") == "leerlingnummer"
    assert normalise("Datum Instroom") == "datuminstroom"
    assert normalise("Geboortedatum (dd-mm-jjjj)") == "geboortedatum"
    assert normalise("Vérsie") == "versie"


def test_blank_lines_anywhere_and_rows_of_only_separators_are_skipped_and_line_numbers_stay_true():
    text = f"\n{HEADER}\n{ROW}\n\n;;;;;\n1002;Piet;;Klaas;01-01-2015;Groep 6\n\n\n;;;\n"
    table = read("pupils", text)
    assert [row.line for row in table.rows] == [3, 6]
    assert not table.problems


def test_quoted_cells_may_hold_the_separator_and_a_line_break():
    text = f'{HEADER}\n1001;"Anna; Maria";;"Berg\nStraat";14-03-2015;Groep 6\n1002;Piet;;Klaas;01-01-2015;Groep 6\n'
    table = read("pupils", text)
    assert table.rows[0].get("voornaam") == "Anna; Maria"
    assert [row.line for row in table.rows] == [2, 4]


def test_a_row_with_more_cells_than_the_header_is_a_problem_on_its_line():
    table = read("pupils", f"{HEADER}\n{ROW}\n1002;Emma;;de Boer;Jansen;12-12-2016;Groep 6\n")
    [problem] = table.problems
    assert problem.line == 3
    assert "meer kolommen (7) dan de kopregel (6)" in problem.message
    assert table.rows[1].broken


def test_trailing_empty_cells_and_missing_trailing_cells_are_fine():
    table = read("pupils", f"{HEADER};;\n{ROW};;;\n1002;Piet;;Klaas;01-01-2015\n")
    assert not table.problems
    assert table.rows[1].get("groep") == ""


def test_a_broken_quote_is_reported_on_its_line_and_reading_stops():
    table = read("pupils", f'{HEADER}\n{ROW}\n1002;"Piet"x;;Klaas;01-01-2015;Groep 6\n{ROW}\n')
    [problem] = table.problems
    assert problem.line == 3
    assert "aanhalingsteken" in problem.message
    assert len(table.rows) == 1


def test_missing_required_columns_are_named():
    with pytest.raises(UnreadableFile) as caught:
        read("pupils", "leerlingnummer;voornaam;achternaam\n1;a;b\n")
    assert "geboortedatum, groep" in caught.value.message


def test_a_file_of_the_wrong_kind_or_without_header_says_what_was_expected():
    with pytest.raises(UnreadableFile) as caught:
        read("pupils", "1001;Zoë;Berg\n1002;Piet;Klaas\n")
    assert "geen enkele bekende kolom" in caught.value.message
    assert "leerlingnummer" in caught.value.message


def test_a_column_twice_and_a_header_without_rows_are_refused():
    with pytest.raises(UnreadableFile, match="twee keer"):
        read("pupils", f"{HEADER};Roepnaam\n{ROW};Zoë\n")
    with pytest.raises(UnreadableFile, match="alleen een kopregel"):
        read("pupils", f"{HEADER}\r\n\r\n")


def test_a_single_column_is_no_csv():
    with pytest.raises(UnreadableFile, match="puntkomma"):
        read("pupils", "leerlingnummer\n1001\n")


# --- cells -> values ---


@pytest.mark.parametrize(
    "text,expected",
    [
        ("14-03-2015", datetime.date(2015, 3, 14)),
        ("4-3-2015", datetime.date(2015, 3, 4)),
        ("14/03/2015", datetime.date(2015, 3, 14)),
        ("14.03.2015", datetime.date(2015, 3, 14)),
        ("2015-03-14", datetime.date(2015, 3, 14)),
        ("14-03-2015 00:00", datetime.date(2015, 3, 14)),
        ("29-02-2016", datetime.date(2016, 2, 29)),
    ],
)
def test_dates_as_dutch_spreadsheets_write_them(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text,message",
    [
        ("31-02-2015", "De datum 31-02-2015 bestaat niet."),
        ("29-02-2015", "De datum 29-02-2015 bestaat niet."),
        ("14-13-2015", "De datum 14-13-2015 bestaat niet."),
        ("14-03-15", "vier cijfers"),
        ("maart 2015", "geen datum"),
        ("03/14/2015", "bestaat niet"),
    ],
)
def test_impossible_and_unreadable_dates_say_why(text, message):
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert message in str(caught.value)


def test_numbers_with_a_decimal_comma_and_yes_no():
    assert parse_decimal("152,5") == Decimal("152.5")
    assert parse_decimal("152.5") == Decimal("152.5")
    assert parse_whole_number("85%") == 85
    with pytest.raises(ValueError, match="geen getal"):
        parse_decimal("1.234,5")
    with pytest.raises(ValueError, match="geen heel getal"):
        parse_whole_number("85,5")
    assert parse_yes_no("Ja") is True and parse_yes_no("nee") is False
    with pytest.raises(ValueError, match="ja of nee"):
        parse_yes_no("misschien")
