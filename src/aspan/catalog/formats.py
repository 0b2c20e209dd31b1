"""Read any element-set file: check it is text, recognise its format, parse, validate.

Formats, recognised by content (the file name's extension is not trusted):

- a line 1 then a line 2 among the first three lines: TLE (whatever a name line holds);
- ``<`` first: OMM XML (CCSDS 502.0-B-3 OMM in the NDM/XML schema, an ``<ndm>`` of ``<omm>``);
- ``[`` or ``{`` first: OMM JSON (CelesTrak: numbers as numbers; Space-Track: all strings);
- a header line naming ``OBJECT_NAME`` / ``NORAD_CAT_ID``: OMM CSV (CelesTrak's header);
- lines starting ``1 `` and ``2 ``: TLE, with or without name lines (CelesTrak, "A FAQ on
  TLE format").

``strict=True`` raises ``CatalogProblems`` listing every invalid record; ``strict=False``
returns the valid records and the problems. A file that cannot be read at all (empty,
binary, not UTF-8, unknown format) raises one ``ParseError``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from aspan.catalog.elements import Catalog
from aspan.catalog.omm import read_omm
from aspan.catalog.tle import read_tle
from aspan.errors import AspanError, CatalogProblems, InputError, NotFoundError, ParseError

_KNOWN = (
    "TLE/3LE lines starting '1 ' and '2 ', OMM XML (starting '<'), OMM JSON (starting '['"
    " or '{') or OMM CSV (a header line with OBJECT_NAME and NORAD_CAT_ID)"
)
#: Control bytes that text element sets never hold (tab, LF, FF and CR are allowed).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ReadResult:
    """What reading one input gave: the valid records, the problems, and the input's digest."""

    catalog: Catalog  # the valid records, in file order
    problems: list[AspanError]  # one per invalid record (empty in strict mode: strict raises)
    sha256: str  # hex sha256 of the raw input bytes
    format: str  # 'tle' | 'omm-xml' | 'omm-json' | 'omm-csv'


def read_catalog(path, *, strict: bool = True) -> ReadResult:
    """Read the element-set file at ``path`` (str or Path); ``Catalog.source`` is ``str(path)``."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise NotFoundError("no such file", file=name, hint="check the path") from None
    except IsADirectoryError:
        raise InputError("this is a directory, expected an element-set file", file=name,
                         hint="name the file inside it") from None
    except PermissionError:
        raise InputError("the file cannot be read (permission denied)", file=name,
                         hint="check the file's permissions") from None
    return parse_bytes(data, name=name, strict=strict)


def parse_bytes(data: bytes, *, name: str, strict: bool = True) -> ReadResult:
    """Parse an element-set file's bytes; ``name`` appears in messages and as the source."""
    digest = hashlib.sha256(data).hexdigest()
    text = decode_text(data, name=name)
    fmt = detect_format(text, name=name)
    if fmt == "tle":
        catalog, problems = read_tle(text, file=name)
    else:
        catalog, problems = read_omm(data, text, fmt, file=name)
    if strict and problems:
        raise CatalogProblems(problems)
    return ReadResult(catalog, problems, digest, fmt)


def decode_text(data: bytes, *, name: str) -> str:
    """The text of ``data`` (UTF-8 or ASCII, a byte-order mark dropped), or a ParseError."""
    if not data.strip():
        raise ParseError(
            "the file is empty; expected element sets (TLE, 3LE or OMM XML, JSON, CSV)",
            file=name, hint="download it again or choose another file",
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ParseError(
            "the file is UTF-16 text (it starts with a UTF-16 byte-order mark), expected UTF-8",
            file=name, hint="re-save the file as UTF-8",
        )
    if data[:2] == b"\x1f\x8b" or data[:4] == b"PK\x03\x04":
        kind = "gzip" if data[:2] == b"\x1f\x8b" else "zip"
        raise ParseError(
            f"the file is {kind}-compressed, not a text element-set file", file=name,
            hint="decompress it first and import the file inside",
        )
    control = _CONTROL.search(data)
    if control:
        offset = control.start()
        line, column = _position(data, offset)
        raise ParseError(
            f"the file is not a text element-set file: byte 0x{data[offset]:02X} at offset {offset} is"
            " a control character (binary data)",
            file=name, line=line, column=column,
            hint="choose the TLE or OMM text file, not a binary one",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start
        line, column = _position(data, offset)
        raise ParseError(
            f"the file is not UTF-8 text: byte 0x{data[offset]:02X} at offset {offset} cannot be decoded"
            " (the file may be Latin-1 or Windows-1251)",
            file=name, line=line, column=column, hint="re-save the file as UTF-8",
        ) from None
    if not text.strip():  # only Unicode blanks (U+3000, U+0085, ...): empty all the same
        raise ParseError(
            "the file is empty; expected element sets (TLE, 3LE or OMM XML, JSON, CSV)",
            file=name, hint="download it again or choose another file",
        )
    return text


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def detect_format(text: str, *, name: str) -> str:
    """'tle', 'omm-xml', 'omm-json' or 'omm-csv' from the first characters and lines."""
    body = text.lstrip()
    lines = [line for line in body[:8192].splitlines()[:20] if line.strip()]
    if any(a.startswith("1 ") and b.startswith("2 ") for a, b in zip(lines[:2], lines[1:3], strict=False)):
        return "tle"  # an element set within the first three lines, whatever the name holds
    if body[:15].lower().startswith(("<!doctype html", "<html")):
        raise ParseError(
            "the file is an HTML page, not element sets (a web error page saved by mistake?)",
            file=name, hint="download the catalog again, as TLE or OMM",
        )
    if body.startswith("<"):
        return "omm-xml"
    if body.startswith(("[", "{")):
        return "omm-json"
    first = lines[0]
    if "," in first and ("OBJECT_NAME" in first or "NORAD_CAT_ID" in first):
        return "omm-csv"
    if any(line.startswith(("1 ", "2 ")) for line in lines):
        return "tle"
    raise ParseError(
        f"the format is not recognised: expected {_KNOWN}; the first line is {first[:60]!r}",
        file=name, line=text[: len(text) - len(body)].count("\n") + 1,
        hint="check that this is an element-set file (an HTML error page is not)",
    )
