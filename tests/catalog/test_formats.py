"""Reading any file: format detection by content, file-level errors (exact text), strictness."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from aspan.catalog.formats import ReadResult, parse_bytes, read_catalog
from aspan.errors import CatalogProblems, NotFoundError, ParseError

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not here")

L1 = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927"
L2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"
TLE = f"ISS (ZARYA)\n{L1}\n{L2}\n".encode()
CSV_HEADER = ("OBJECT_NAME,OBJECT_ID,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,RA_OF_ASC_NODE,"
              "ARG_OF_PERICENTER,MEAN_ANOMALY,EPHEMERIS_TYPE,CLASSIFICATION_TYPE,NORAD_CAT_ID,"
              "ELEMENT_SET_NO,REV_AT_EPOCH,BSTAR,MEAN_MOTION_DOT,MEAN_MOTION_DDOT")
CSV_ROW = ("ISS (ZARYA),1998-067A,2008-09-20T12:25:40.104192,15.72125391,.0006703,51.6416,"
           "247.4627,130.5360,325.0288,0,U,25544,292,56353,-.11606E-4,-.2182E-4,0")
OMM = {
    "omm-csv": f"{CSV_HEADER}\n{CSV_ROW}\n".encode(),
    "omm-json": (b'[{"OBJECT_NAME": "ISS (ZARYA)", "OBJECT_ID": "1998-067A", "EPOCH":'
                 b' "2008-09-20T12:25:40.104192", "MEAN_MOTION": 15.72125391, "ECCENTRICITY":'
                 b' 0.0006703, "INCLINATION": 51.6416, "RA_OF_ASC_NODE": 247.4627,'
                 b' "ARG_OF_PERICENTER": 130.536, "MEAN_ANOMALY": 325.0288, "EPHEMERIS_TYPE": 0,'
                 b' "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": 25544, "ELEMENT_SET_NO": 292,'
                 b' "REV_AT_EPOCH": 56353, "BSTAR": -1.1606e-05, "MEAN_MOTION_DOT": -2.182e-05,'
                 b' "MEAN_MOTION_DDOT": 0}]'),
}


def error_text(data: bytes, name: str = "f.txt") -> str:
    with pytest.raises(ParseError) as raised:
        parse_bytes(data, name=name)
    return str(raised.value)


@pytest.mark.parametrize("fmt, data, name", [
    ("tle", TLE, "iss.xml"),  # the extension is not trusted
    ("tle", b"\n\n  \n" + TLE, "iss"),
    ("tle", b"[ISS]" + TLE[11:], "bracket-name.tle"),  # a name is not JSON
    ("tle", b"<ISS>" + TLE[11:], "angle-name.tle"),  # nor XML
    ("omm-csv", OMM["omm-csv"], "iss.tle"),
    ("omm-json", OMM["omm-json"], "iss.csv"),
    ("omm-json", b"  \n" + OMM["omm-json"][1:-1], "one-object.json"),
])
def test_format_detected_by_content(fmt, data, name):
    result = parse_bytes(data, name=name)
    assert isinstance(result, ReadResult)
    assert result.format == fmt
    assert result.catalog.norad_id.tolist() == [25544]
    assert result.catalog.source.tolist() == [name]
    assert result.sha256 == hashlib.sha256(data).hexdigest()


def test_utf8_byte_order_mark_is_accepted():
    assert parse_bytes(b"\xef\xbb\xbf" + TLE, name="bom.tle").catalog.name.tolist() == [
        "ISS (ZARYA)"]


def test_utf8_names_are_kept():
    data = "АЛЬ-ФАРАБИ 2\n".encode() + TLE.split(b"\n", 1)[1]
    assert parse_bytes(data, name="kz.tle").catalog.name.tolist() == ["АЛЬ-ФАРАБИ 2"]


@pytest.mark.parametrize("data", [b"", b"  \r\n\n\t"])
def test_empty_file(data):
    assert error_text(data, "e.tle") == (
        "e.tle: the file is empty; expected element sets (TLE, 3LE or OMM XML, JSON, CSV);"
        " download it again or choose another file"
    )


def test_binary_junk():
    assert error_text(TLE[:40] + b"\x00\x01\x02" + TLE[40:], "j.tle") == (
        "j.tle line 2, column 29: the file is not a text element-set file: byte 0x00 at offset"
        " 40 is a control character (binary data); choose the TLE or OMM text file, not a"
        " binary one"
    )


def test_compressed_file():
    assert error_text(gzip.compress(TLE), "c.tle.gz") == (
        "c.tle.gz: the file is gzip-compressed, not a text element-set file; decompress it"
        " first and import the file inside"
    )


def test_wrong_encoding_names_the_byte_offset():
    data = "ISS ÉLAN\n".encode("latin-1") + TLE.split(b"\n", 1)[1]
    assert error_text(data, "l.tle") == (
        "l.tle line 1, column 5: the file is not UTF-8 text: byte 0xC9 at offset 4 cannot be"
        " decoded (the file may be Latin-1 or Windows-1251); re-save the file as UTF-8"
    )


def test_utf16_file():
    assert error_text(TLE.decode().encode("utf-16"), "w.tle") == (
        "w.tle: the file is UTF-16 text (it starts with a UTF-16 byte-order mark), expected"
        " UTF-8; re-save the file as UTF-8"
    )


def test_unknown_format():
    assert error_text(b"Hello world\nthis is text\n", "h.txt") == (
        "h.txt line 1: the format is not recognised: expected TLE/3LE lines starting '1 ' and"
        " '2 ', OMM XML (starting '<'), OMM JSON (starting '[' or '{') or OMM CSV (a header"
        " line with OBJECT_NAME and NORAD_CAT_ID); the first line is 'Hello world'; check that"
        " this is an element-set file (an HTML error page is not)"
    )


def test_html_page():
    assert error_text(b"<!DOCTYPE html>\n<html><body>404</body></html>", "p.tle") == (
        "p.tle: the file is an HTML page, not element sets (a web error page saved by"
        " mistake?); download the catalog again, as TLE or OMM"
    )


def test_strict_raises_every_problem_and_lenient_returns_them():
    bad_checksum = f"{L1[:68]}0"
    other_l1 = L1.replace("25544", "25545")[:68]
    other_l1 += str((sum(int(c) for c in other_l1 if c.isdigit()) + other_l1.count("-")) % 10)
    data = f"A\n{bad_checksum}\n{L2}\nB\n{L1}\n{L2}\n".encode()
    with pytest.raises(CatalogProblems) as raised:
        parse_bytes(data, name="s.tle")
    assert str(raised.value) == (
        "1 invalid record; nothing was imported (use --skip-invalid to import the valid"
        " records):\n  s.tle line 2, column 69: checksum is 0, the line's digits sum to 7"
        " (mod 10); the line may be truncated or edited"
    )
    result = parse_bytes(data, name="s.tle", strict=False)
    assert result.catalog.name.tolist() == ["B"]
    assert [e.line for e in result.problems] == [2]


def test_strict_message_shows_the_first_twenty():
    data = "".join(f"{L1[:68]}0\n{L2}\n" for _ in range(25)).encode()
    with pytest.raises(CatalogProblems) as raised:
        parse_bytes(data, name="m.tle")
    assert len(raised.value.problems) == 25
    assert str(raised.value).endswith("\n  ... and 5 more")


def test_read_catalog_missing_file(tmp_path):
    missing = tmp_path / "nope.tle"
    with pytest.raises(NotFoundError) as raised:
        read_catalog(missing)
    assert str(raised.value) == f"{missing}: no such file; check the path"


def test_read_catalog_takes_str_and_path(tmp_path):
    path = tmp_path / "iss.tle"
    path.write_bytes(TLE)
    assert read_catalog(str(path)).catalog.source.tolist() == [str(path)]
    assert read_catalog(path).sha256 == hashlib.sha256(TLE).hexdigest()


@needs_data
@pytest.mark.parametrize("file, fmt, count", [
    ("omm/celestrak-weather-2026-09.csv", "omm-csv", 72),
    ("omm/celestrak-orbcomm-2023-08.xml", "omm-xml", 60),
    ("satcat-full-2024-07.tle", "tle", 26_389),
])
def test_real_files_are_recognised(file, fmt, count):
    result = read_catalog(DATA / file)
    assert (result.format, len(result.catalog), result.problems) == (fmt, count, [])
