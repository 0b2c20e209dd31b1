"""OMM reading (XML, JSON CelesTrak and Space-Track, CSV): values against python-sgp4's OMM
path, large catalog numbers, and every error's exact text."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from sgp4 import omm as sgp4_omm
from sgp4.api import Satrec

from aspan.catalog.formats import parse_bytes, read_catalog
from aspan.catalog.omm import epoch_split
from aspan.errors import ParseError

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not here")

RECORD = {
    "OBJECT_NAME": "ISS (ZARYA)", "OBJECT_ID": "1998-067A", "EPOCH": "2008-09-20T12:25:40.104192",
    "MEAN_MOTION": 15.72125391, "ECCENTRICITY": 0.0006703, "INCLINATION": 51.6416,
    "RA_OF_ASC_NODE": 247.4627, "ARG_OF_PERICENTER": 130.536, "MEAN_ANOMALY": 325.0288,
    "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": 25544, "ELEMENT_SET_NO": 292,
    "REV_AT_EPOCH": 56353, "BSTAR": -1.1606e-05, "MEAN_MOTION_DOT": -2.182e-05,
    "MEAN_MOTION_DDOT": 0,
}
KEYS = list(RECORD)


def as_json(*records, strings: bool = False) -> bytes:
    if strings:
        records = [{k: str(v) for k, v in r.items()} for r in records]
    return json.dumps(list(records), indent=2).encode()


def as_csv(*records) -> bytes:
    keys = list(records[0])
    rows = [",".join(keys)] + [",".join(str(r[k]) for k in keys) for r in records]
    return ("\r\n".join(rows) + "\r\n").encode()


def as_xml(*records) -> bytes:
    blocks = []
    for r in records:
        meta = "".join(f"<{k}>{r[k]}</{k}>" for k in ("OBJECT_NAME", "OBJECT_ID") if k in r)
        mean = "".join(f"<{k}>{r[k]}</{k}>" for k in KEYS[2:9] if k in r)
        tle = "".join(f"<{k}>{r[k]}</{k}>" for k in KEYS[9:] if k in r)
        blocks.append(
            '<omm id="CCSDS_OMM_VERS" version="2.0">\n<header><CREATION_DATE/></header>'
            f"<body><segment><metadata>{meta}<CENTER_NAME>EARTH</CENTER_NAME></metadata>\n"
            f"<data><meanElements>{mean}</meanElements>\n<tleParameters>{tle}</tleParameters>"
            "</data></segment></body></omm>"
        )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<ndm>\n' + "\n".join(blocks)
            + "\n</ndm>\n").encode()


WRITERS = {"omm-json": as_json, "omm-csv": as_csv, "omm-xml": as_xml,
           "space-track": lambda *r: as_json(*r, strings=True)}


def problems(data: bytes, name: str = "o.json") -> list[str]:
    return [str(p) for p in parse_bytes(data, name=name, strict=False).problems]


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_omm_syntax_reads_the_same_values(writer):
    catalog = parse_bytes(WRITERS[writer](RECORD), name="o", strict=True).catalog
    assert catalog.norad_id.tolist() == [25544]
    assert catalog.name.tolist() == ["ISS (ZARYA)"]
    assert catalog.intl_designator.tolist() == ["1998-067A"]
    assert catalog.mean_motion_rev_day.tolist() == [15.72125391]
    assert catalog.eccentricity.tolist() == [0.0006703]
    assert catalog.bstar_per_er.tolist() == [-1.1606e-05]
    assert catalog.ndot_rev_day2.tolist() == [-2.182e-05]
    assert catalog.rev_at_epoch.tolist() == [56353]
    assert catalog.epoch_jd.tolist() == [2454729.5]
    assert abs(catalog.epoch_fr[0] - 0.51782528) < 1e-12


@pytest.mark.parametrize("norad_id", [100000, 339999, 340000, 123456789, 999999999])
def test_catalog_numbers_above_99999(norad_id):
    record = {**RECORD, "NORAD_CAT_ID": norad_id}
    assert parse_bytes(as_json(record), name="o").catalog.norad_id.tolist() == [norad_id]


def test_catalog_number_of_ten_digits_is_refused():
    record = {**RECORD, "NORAD_CAT_ID": 1234567890}
    assert problems(as_json(record)) == [
        "o.json line 2: NORAD_CAT_ID is '1234567890', expected a catalog number from 0 to"
        " 999999999; correct the value or export the element sets again"
    ]


@pytest.mark.parametrize("epoch, fraction_s", [
    ("2026-09-21T07:03:51.269760", 7 * 3600 + 3 * 60 + 51.26976),
    ("2026-09-21T07:03:51Z", 7 * 3600 + 3 * 60 + 51),
    ("2026-264T07:03:51.2697600", 7 * 3600 + 3 * 60 + 51.26976),
])
def test_epoch_forms(epoch, fraction_s):
    whole, fraction = epoch_split(epoch)
    assert whole == 2461304.5  # 2026-09-21 00:00 UTC
    assert abs(fraction * 86400 - fraction_s) < 1e-6


def test_missing_required_key():
    record = {k: v for k, v in RECORD.items() if k != "MEAN_MOTION"}
    assert problems(as_csv(record), "o.csv") == [
        "o.csv line 2: required OMM key MEAN_MOTION is missing (required keys present: EPOCH,"
        " ECCENTRICITY, INCLINATION, RA_OF_ASC_NODE, ARG_OF_PERICENTER, MEAN_ANOMALY,"
        " NORAD_CAT_ID, BSTAR, MEAN_MOTION_DOT, MEAN_MOTION_DDOT); export the element sets with"
        " all CCSDS OMM mean elements and TLE parameters"
    ]


def test_value_not_a_number():
    record = {**RECORD, "ECCENTRICITY": ".00O6703"}
    assert problems(as_xml(record), "o.xml") == [
        "o.xml line 5: ECCENTRICITY is '.00O6703', expected a number; correct the value or"
        " export the element sets again"
    ]


def test_space_track_strings_not_a_number():
    record = {**RECORD, "BSTAR": "n/a"}
    assert problems(as_json(record, strings=True)) == [
        "o.json line 2: BSTAR is 'n/a', expected a number; correct the value or export the"
        " element sets again"
    ]


def test_bad_epoch():
    record = {**RECORD, "EPOCH": "2008-09-31T12:25:40"}
    assert problems(as_json(record)) == [
        "o.json line 2: EPOCH is '2008-09-31T12:25:40', expected an ISO-8601 UTC time like"
        " 2026-09-21T07:03:51.269760; correct the value or export the element sets again"
    ]


@pytest.mark.parametrize("key, value, message", [
    ("ECCENTRICITY", 1.2, "ECCENTRICITY is 1.2, expected in [0, 1)"),
    ("MEAN_MOTION", -1, "MEAN_MOTION is -1, expected more than 0 rev/day"),
    ("INCLINATION", 180.5, "INCLINATION is 180.5 deg, expected in [0, 180] deg"),
    ("MEAN_ANOMALY", 360, "MEAN_ANOMALY is 360 deg, expected in [0, 360) deg"),
])
def test_value_ranges(key, value, message):
    labels = {"ECCENTRICITY": "eccentricity", "MEAN_MOTION": "mean motion",
              "INCLINATION": "inclination", "MEAN_ANOMALY": "mean anomaly"}
    expected = message.replace(key, labels[key])
    if key == "MEAN_MOTION":
        expected = "mean motion is -1 rev/day, expected more than 0 rev/day"
    assert problems(as_json({**RECORD, key: value})) == [
        f"o.json line 2: {expected}; correct the value or download the element set again"
    ]


def test_duplicate_objects():
    later = {**RECORD, "EPOCH": "2008-09-21T12:25:40.104192"}
    result = parse_bytes(as_csv(RECORD, later), name="d.csv", strict=False)
    assert [str(p) for p in result.problems] == [
        "d.csv line 3: catalog number 25544 appears a second time (first at line 2); keep one"
        " of the two element sets, or import them as separate files"
    ]
    assert len(result.catalog) == 1


def test_csv_row_cut_off():
    data = as_csv(RECORD, {**RECORD, "NORAD_CAT_ID": 25545})
    assert problems(data[:-30], "t.csv") == [
        "t.csv line 3: row has 14 values, the header line has 17; a value may contain an"
        " unquoted comma, or the row is cut off"
    ]


def test_xml_not_well_formed():
    data = as_xml(RECORD).replace(b"</meanElements>", b"</meanElement>")
    with pytest.raises(ParseError) as raised:
        parse_bytes(data, name="b.xml")
    assert str(raised.value) == (
        "b.xml line 5, column 298: XML is not well formed: mismatched tag; the file may be"
        " truncated or edited; download it again"
    )


def test_xml_doctype_is_refused():
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE ndm [<!ENTITY lol "lol">]>\n<ndm>&lol;</ndm>')
    with pytest.raises(ParseError) as raised:
        parse_bytes(data, name="x.xml")
    assert str(raised.value) == (
        "x.xml line 2, column 15: XML with a DOCTYPE or entity declaration is refused (entities"
        " could expand without bound or read other files); remove the <!DOCTYPE ...>"
        " declaration; OMM XML needs none"
    )


def test_json_not_well_formed():
    with pytest.raises(ParseError) as raised:
        parse_bytes(as_json(RECORD)[:-1], name="j.json")
    assert str(raised.value) == (
        "j.json line 21: JSON is not well formed: the text ends inside the list; the file may be"
        " truncated; download it again"
    )


def test_json_item_not_an_object():
    assert problems(b'[1, {"x": 2}]')[0] == (
        "o.json line 1: item 1 of the JSON list is int 1, expected an object of OMM keys"
        " (OBJECT_NAME, NORAD_CAT_ID, EPOCH, ...); export the element sets as CelesTrak or"
        " Space-Track JSON"
    )


# -- real files against python-sgp4's own OMM path -------------------------------------------

def sgp4_satrecs(path: Path):
    with open(path, newline="") as handle:
        fields = (list(sgp4_omm.parse_xml(handle)) if path.suffix == ".xml"
                  else list(sgp4_omm.parse_csv(handle)))
    satrecs = []
    for record in fields:
        satrec = Satrec()
        sgp4_omm.initialize(satrec, record)
        satrecs.append(satrec)
    return satrecs


@needs_data
@pytest.mark.parametrize("file, count", [("omm/celestrak-weather-2026-09.csv", 72),
                                         ("omm/celestrak-orbcomm-2023-08.xml", 60)])
def test_real_omm_agrees_with_python_sgp4(file, count):
    catalog = read_catalog(DATA / file).catalog
    satrecs = sgp4_satrecs(DATA / file)
    assert len(catalog) == len(satrecs) == count
    rad = math.pi / 180.0
    rev_day = 2 * math.pi / 1440.0
    pairs = {
        "jdsatepoch": catalog.epoch_jd, "jdsatepochF": catalog.epoch_fr,
        "inclo": catalog.inclination_deg * rad, "nodeo": catalog.raan_deg * rad,
        "argpo": catalog.argp_deg * rad, "mo": catalog.mean_anomaly_deg * rad,
        "ecco": catalog.eccentricity, "no_kozai": catalog.mean_motion_rev_day * rev_day,
        "bstar": catalog.bstar_per_er, "ndot": catalog.ndot_rev_day2 * rev_day / 1440.0,
        "nddot": catalog.nddot_rev_day3 * rev_day / 1440.0**2, "satnum": catalog.norad_id,
    }
    for attribute, ours in pairs.items():
        theirs = np.array([getattr(s, attribute) for s in satrecs])
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0, err_msg=attribute)
    assert np.array_equal(catalog.epoch_jd, [s.jdsatepoch for s in satrecs])
    assert np.abs(catalog.epoch_fr - [s.jdsatepochF for s in satrecs]).max() <= 1e-12
