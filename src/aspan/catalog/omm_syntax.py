"""OMM records out of XML, JSON and CSV text: key -> value dicts with their line numbers.

Sources: CCSDS 502.0-B-3 "Orbit Data Messages" (OMM keywords, section 4) and the CCSDS NDM/XML
schema (an ``<ndm>`` of ``<omm>``, each ``header``/``body``/``segment``/``metadata``/``data``);
CelesTrak "A New Way to Obtain GP Data" (https://celestrak.org/NORAD/documentation/gp-data-formats.php)
for the JSON (list of objects with the CSV header keys, numbers as numbers) and the CSV (one
header line of keys); Space-Track's JSON has the same keys with every value a string.

Values are left as they came (text, or JSON numbers); ``omm.records_to_catalog`` checks them.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from xml.parsers import expat

from aspan.errors import AspanError, ParseError


@dataclass
class OmmRecord:
    """One element set: ``values`` by OMM keyword, ``line`` where it starts, per-key lines."""

    line: int | None
    values: dict[str, object]
    key_lines: dict[str, int] = field(default_factory=dict)
    error: AspanError | None = None  # set when the record could not even be read


def xml_records(data: bytes, *, file: str) -> list[OmmRecord]:
    """The ``<omm>`` blocks of a CCSDS OMM XML document (an ``<ndm>`` of them, or one ``<omm>``).

    Parsed with expat as UTF-8; a DOCTYPE or entity declaration is refused (no entity expansion).
    """
    # The bytes were checked as UTF-8 (``formats.decode_text``); an ``encoding="..."`` in the
    # XML declaration (unknown, multi-byte, UTF-7) is overridden rather than obeyed.
    parser = expat.ParserCreate(encoding="utf-8")
    records: list[OmmRecord] = []
    stack: list[str] = []
    text: list[str] = []
    has_child: list[bool] = []

    def refuse(*_args) -> None:
        raise ParseError(
            "XML with a DOCTYPE or entity declaration is refused (entities could expand"
            " without bound or read other files)",
            file=file, line=parser.CurrentLineNumber, column=parser.CurrentColumnNumber + 1,
            hint="remove the <!DOCTYPE ...> declaration; OMM XML needs none",
        )

    def start(name: str, _attrs) -> None:
        local = name.rsplit(":", 1)[-1]
        if has_child:
            has_child[-1] = True
        stack.append(local)
        has_child.append(False)
        text.clear()
        if local == "omm":
            records.append(OmmRecord(parser.CurrentLineNumber, {}))

    def end(_name: str) -> None:
        local = stack.pop()
        leaf = not has_child.pop()
        if leaf and records and "omm" in stack and local not in records[-1].values:
            records[-1].values[local] = "".join(text).strip()
            records[-1].key_lines[local] = parser.CurrentLineNumber
        text.clear()

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise ParseError(
            f"XML is not well formed: {expat.ErrorString(error.code)}", file=file,
            line=error.lineno, column=error.offset + 1,
            hint="the file may be truncated or edited; download it again",
        ) from None
    if not records:
        raise ParseError(
            "XML holds no <omm> element; expected a CCSDS OMM document (an <ndm> of <omm>)",
            file=file, hint="export the element sets as OMM XML, or use TLE, OMM JSON or CSV",
        )
    return records


def json_records(text: str, *, file: str) -> list[OmmRecord]:
    """Objects of a JSON list (or one object), each with the line where it starts."""
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip())
    try:
        if text[start] == "{":
            value, _end = decoder.raw_decode(text, start)
            _expect_end(text, _end, file)
            return [_json_object(value, text.count("\n", 0, start) + 1, 1, file)]
        records: list[OmmRecord] = []
        position, line, counted = start + 1, 1, 0
        while True:
            position = _skip_blank(text, position)
            if text[position] == "]" and not records:
                break
            line += text.count("\n", counted, position)
            counted = position
            value, position = decoder.raw_decode(text, position)
            records.append(_json_object(value, line, len(records) + 1, file))
            position = _skip_blank(text, position)
            if text[position] == "]":
                break
            if text[position] != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", text, position)
            position += 1
        _expect_end(text, position + 1, file)
        return records
    except json.JSONDecodeError as error:
        raise ParseError(
            f"JSON is not well formed: {error.msg}", file=file, line=error.lineno,
            column=error.colno, hint="the file may be truncated or edited; download it again",
        ) from None
    except RecursionError:
        raise ParseError(
            "JSON is nested too deeply to read (lists or objects within each other)", file=file,
            hint="OMM JSON is a list of flat objects; check the file",
        ) from None
    except ValueError as error:  # an integer literal beyond Python's digit limit
        raise ParseError(
            f"JSON holds a value that cannot be read: {error}", file=file,
            hint="the file may be corrupt; download it again",
        ) from None
    except IndexError:
        raise ParseError(
            "JSON is not well formed: the text ends inside the list", file=file,
            line=text.count("\n") + 1, hint="the file may be truncated; download it again",
        ) from None


def _skip_blank(text: str, position: int) -> int:
    while text[position] in " \t\r\n":
        position += 1
    return position


def _expect_end(text: str, position: int, file: str) -> None:
    if text[position:].strip():
        raise json.JSONDecodeError("Extra data", text, position)


def _json_object(value: object, line: int, index: int, file: str) -> OmmRecord:
    if not isinstance(value, dict):
        return OmmRecord(line, {}, error=ParseError(
            f"item {index} of the JSON list is {type(value).__name__} {value!r:.40}, expected an"
            " object of OMM keys (OBJECT_NAME, NORAD_CAT_ID, EPOCH, ...)",
            file=file, line=line, hint="export the element sets as CelesTrak or Space-Track JSON",
        ))
    return OmmRecord(line, value)


def csv_records(text: str, *, file: str) -> list[OmmRecord]:
    """Rows of an OMM CSV file under its header line of keys (CelesTrak's 17 columns)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _csv_rows(reader, file)
    except csv.Error as error:  # a field over the csv module's size limit, ...
        raise ParseError(
            f"CSV cannot be read: {error}", file=file, line=reader.line_num,
            hint="a quote may be unbalanced, or the file is not OMM CSV",
        ) from None


def _csv_rows(reader, file: str) -> list[OmmRecord]:
    header = [key.strip() for key in next(reader)]
    records: list[OmmRecord] = []
    line = reader.line_num
    for row in reader:
        first, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            records.append(OmmRecord(first, {}, error=ParseError(
                f"row has {len(row)} values, the header line has {len(header)}", file=file,
                line=first, hint="a value may contain an unquoted comma, or the row is cut off",
            )))
            continue
        records.append(OmmRecord(first, dict(zip(header, row, strict=True))))
    return records
