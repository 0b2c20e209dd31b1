"""Property tests for every parser: any input gives a valid result or an ``AspanError``.

Parsers: element sets (TLE, 3LE, OMM XML/JSON/CSV through ``parse_bytes``), lunar horizon
masks (file and shared table), Earth and lunar site strings, ISO times. The rule (issue 10):
never another exception, never a hang (time bounded per byte), never unbounded memory.
Inputs are random bytes, random text, and real records mutated a character at a time; the
atheris corpus (``tests/fuzz/corpus``) is replayed too.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aspan.catalog.formats import parse_bytes
from aspan.catalog.omm import OPTIONAL, REQUIRED
from aspan.core.sites import EarthSite, site_from_text
from aspan.core.time import parse_iso, to_time
from aspan.errors import AspanError
from aspan.moon.horizon import parse_horizon_mask, read_horizon_table
from aspan.moon.sites import LunarSite, lunar_site_from_text

CORPUS = Path(__file__).resolve().parents[1] / "fuzz" / "corpus"
FAST = settings(max_examples=150, deadline=dt.timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow])

LINE0 = "ISS (ZARYA)"
LINE1 = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927"
LINE2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"
OMM = {
    "OBJECT_NAME": "DMSP 5D-3 F16 (USA 172)", "OBJECT_ID": "2003-048A",
    "EPOCH": "2026-09-21T07:03:51.269760", "MEAN_MOTION": 14.1449132, "ECCENTRICITY": 0.00062045,
    "INCLINATION": 98.986, "RA_OF_ASC_NODE": 288.7438, "ARG_OF_PERICENTER": 229.2905,
    "MEAN_ANOMALY": 186.8882, "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U",
    "NORAD_CAT_ID": 28054, "ELEMENT_SET_NO": 999, "REV_AT_EPOCH": 18307,
    "BSTAR": 3.0947682e-05, "MEAN_MOTION_DOT": 1.4e-07, "MEAN_MOTION_DDOT": 0,
}
KEYS = list(REQUIRED) + list(OPTIONAL)


def obeys(function, *args, **kwargs):
    """``function(...)``, or None when it raised an ``AspanError`` with a message.

    Any other exception propagates and fails the test."""
    try:
        return function(*args, **kwargs)
    except AspanError as error:
        assert str(error).strip(), f"{type(error).__name__} without a message"
        return None


def check_elements(data: bytes) -> None:
    """The element-set rule, lenient and strict; a catalog holds only allowed values."""
    result = obeys(parse_bytes, data, name="<fuzz>", strict=False)
    if result is None:
        return
    catalog = result.catalog
    assert all(isinstance(p, AspanError) and str(p) for p in result.problems)
    assert np.all((catalog.eccentricity >= 0) & (catalog.eccentricity < 1))
    assert np.all(catalog.mean_motion_rev_day > 0)
    assert np.all((catalog.epoch_fr >= 0) & (catalog.epoch_fr < 1))
    assert np.all((catalog.norad_id >= 0) & (catalog.norad_id <= 999_999_999))
    assert len(set(catalog.norad_id.tolist())) == len(catalog)
    strict = obeys(parse_bytes, data, name="<fuzz>", strict=True)
    assert (strict is None) == bool(result.problems)


# -- element sets -----------------------------------------------------------------------


@FAST
@given(st.binary(max_size=600))
@example(b"\xe3\x80\x80")  # only U+3000 (a Unicode blank): IndexError before the fix
@example(b"[" * 100_000)  # RecursionError
@example(b'[{"NORAD_CAT_ID": ' + b"1" * 5000 + b"}]")  # int digit limit: ValueError
@example(b"OBJECT_NAME,NORAD_CAT_ID\n" + b"a" * 200_000 + b",1\n")  # csv.Error
@example(b'<?xml version="1.0" encoding="UTF-7"?><omm/>')  # ValueError from expat
@example(b'<?xml version="1.0" encoding="no-such"?><omm/>')  # LookupError from expat
def test_any_bytes(data):
    check_elements(data)


@FAST
@given(st.text(alphabet=st.sampled_from("0123456789 .+-12\nU\r\tABZ[]{},:<>/\"'eE\u3000\x85"),
               max_size=400))
def test_any_text_from_element_set_characters(text):
    check_elements(text.encode())


def mutate(draw, text: str, alphabet: str) -> str:
    """``text`` with a few characters replaced, deleted or inserted."""
    chars = list(text)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, max(len(chars) - 1, 0)))
        action = draw(st.sampled_from(["replace", "delete", "insert"]))
        char = draw(st.sampled_from(alphabet))
        if action == "replace" and chars:
            chars[where] = char
        elif action == "delete" and chars:
            del chars[where]
        else:
            chars.insert(where, char)
    return "".join(chars)


@st.composite
def mutated_tle(draw):
    records = draw(st.integers(1, 3))
    lines = []
    for k in range(records):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from([LINE0, "0 " + LINE0, ""])))
        lines += [LINE1.replace("25544", f"{25544 + k:05d}", 1),
                  LINE2.replace("25544", f"{25544 + k:05d}", 1)]
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines) + "\n"
    return mutate(draw, text, "0123456789 .+-12ABZIO\n\r\tU9x")


@settings(FAST, max_examples=300)
@given(mutated_tle())
@example(LINE1[:-1] + "\n" + LINE2 + "\n")  # cut off
@example("1 A0001U" + LINE1[8:] + "\n2 A0001" + LINE2[7:] + "\n")  # Alpha-5 (checksum off)
@example(LINE0 + "\n" + LINE1 + "\n" + LINE2 + "\n" + LINE1 + "\n" + LINE2 + "\n")  # duplicate
@example("2" + LINE2[1:] + "\n")  # a line 2 alone
def test_mutated_tle(text):
    check_elements(text.encode())


omm_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-(2**70), 2**70),
    st.text(max_size=30), st.booleans(), st.none(), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(["2026-264T07:03:51.2697601Z", "9999-366T00:00:00", "0000-01-01T00:00:00",
                     "2026-02-30T00:00:00", "2026-09-21T24:00:00", "1e999", "NaN", "-0",
                     "999999999", "1000000000", "9" * 30, " 12 ", "١٢٣"]),
)


@st.composite
def omm_records(draw):
    """OMM records: the good one with some keys changed or dropped."""
    count = draw(st.integers(1, 3))
    records = []
    for _ in range(count):
        record = dict(OMM)
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=4)):
            if draw(st.booleans()):
                record[key] = draw(omm_values)
            else:
                record.pop(key, None)
        records.append(record)
    return records


@FAST
@given(omm_records(), st.booleans())
def test_omm_json(records, as_strings):
    if as_strings:  # Space-Track: every value a string
        records = [{k: v if isinstance(v, str) else json.dumps(v) for k, v in r.items()}
                   for r in records]
    check_elements(json.dumps(records if len(records) > 1 else records[0]).encode())


@FAST
@given(omm_records(), st.integers(0, 2))
def test_omm_xml(records, layout):
    body = []
    for record in records:
        fields = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in record.items())
        body.append(f"<omm><body><segment><data>{fields}</data></segment></body></omm>")
    text = ["<ndm>" + "\n".join(body) + "</ndm>", body[0],
            '<?xml version="1.0"?>\n<ndm>' + "".join(body)][layout]
    check_elements(text.encode())


@FAST
@given(omm_records(), st.sampled_from(["\n", "\r\n"]))
def test_omm_csv(records, end):
    header = list(OMM)

    def cell(value):
        text = "" if value is None else str(value)
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text

    rows = [",".join(header)]
    rows += [",".join(cell(r.get(k)) for k in header) for r in records]
    check_elements(end.join(rows).encode())


@settings(FAST, max_examples=200)
@given(st.sampled_from(sorted(p.name for p in CORPUS.iterdir())), st.data())
def test_mutated_corpus(name, data):
    raw = (CORPUS / name).read_bytes()
    text = raw.decode("utf-8", "replace")
    check_elements(mutate(data.draw, text, "0<>/\"{}[],:. \n-+9eE").encode())


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_atheris_corpus_replays(name):
    check_elements((CORPUS / name).read_bytes())


python_values = st.one_of(
    omm_values, st.builds(np.int64, st.integers(-(2**63), 2**63 - 1)),
    st.builds(np.float32, st.floats(width=32)), st.just(object()), st.just(b"bytes"),
    st.tuples(st.integers()), st.just(float("nan")),
)


@FAST
@given(st.lists(st.one_of(
    st.dictionaries(st.sampled_from(KEYS), python_values, max_size=6).map(lambda d: {**OMM, **d}),
    st.dictionaries(st.one_of(st.text(max_size=4), st.integers(), st.tuples(st.integers())),
                    python_values, max_size=3),
    st.tuples(st.text(max_size=70), st.text(max_size=70)),
    st.sampled_from([(LINE1, LINE2), (LINE0, LINE1, LINE2), LINE1, 5, None, b"x"]),
), max_size=3))
@example([{**OMM, "NORAD_CAT_ID": np.int64(5)}])  # numpy numbers: TypeError before the fix
@example([{(1, 2): 3}])
def test_load_catalog_from_python_objects(items):
    from aspan.catalog.load import load_catalog

    catalog = obeys(load_catalog, items, strict=False)
    if catalog is not None:
        assert np.all((catalog.eccentricity >= 0) & (catalog.eccentricity < 1))


HOSTILE = {
    "unicode-blanks.tle": "\u3000\u0085\n".encode(),
    "deep.json": b"[" * 100_000,
    "huge-int.json": b'[{"NORAD_CAT_ID": ' + b"1" * 5000 + b"}]",
    "huge-field.csv": b"OBJECT_NAME,NORAD_CAT_ID\n" + b"a" * 200_000 + b",1\n",
    "utf7.xml": b'<?xml version="1.0" encoding="UTF-7"?><ndm><omm></omm></ndm>',
    "doctype.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><omm>&a;</omm>',
    "binary.tle": bytes(range(256)),
    "latin1.tle": "ÉTOILE\n".encode("latin-1"),
    "year-9999.json": b'{"EPOCH": "9999-366T00:00:00"}',
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_through_the_cli(capsys, tmp_path, name):
    from aspan.cli.main import main

    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    code = main(["catalog", "import", str(path), "--store", str(tmp_path / "s.db")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("aspan: ") and "Traceback" not in err and "internal error" not in err
    if "invalid record" not in err:  # CatalogProblems lists each record on its own line
        assert len(err.strip().splitlines()) == 1, err


# -- bounded time and memory --------------------------------------------------------------


def seconds(data: bytes) -> float:
    """CPU seconds of this thread for one parse, the best of three (other processes on a
    shared machine stretch wall time, not this)."""
    best = math.inf
    for _ in range(3):
        start = time.thread_time()
        obeys(parse_bytes, data, name="<big>", strict=False)
        best = min(best, time.thread_time() - start)
    return best


def peak_bytes(data: bytes) -> int:
    tracemalloc.start()
    try:
        obeys(parse_bytes, data, name="<big>", strict=False)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


#: Repeated units that reach deep into the parsers, and the memory each may take per input
#: byte. Tiny invalid records cost most: every 5-byte name line or 8-byte CSV row keeps an
#: error of about 1 kB (one error per invalid record is the contract of ``strict=False``).
BIG = {
    "tle records": ((LINE0 + "\n" + LINE1 + "\n" + LINE2 + "\n").encode(), b"", 40),
    "lines 1 alone": ((LINE1 + "\n").encode(), b"", 40),
    "name lines": (b"NAME\n", (LINE1 + "\n" + LINE2 + "\n").encode(), 250),
    "one long line": (b"9", b"1 ", 40),
    "json list": (b'{"NORAD_CAT_ID": 1, "EPOCH": "2026-01-01T00:00:00"},', b"[", 60),
    "xml blocks": (b"<omm><EPOCH>2026-01-01T00:00:00</EPOCH></omm>", b"<ndm>", 60),
    "csv rows": (b"1,2,3,4\n", b"OBJECT_NAME,NORAD_CAT_ID,EPOCH,X\n", 250),
}


@pytest.mark.parametrize("kind", list(BIG))
def test_time_and_memory_grow_linearly(kind):
    unit, prefix, bytes_per_byte = BIG[kind]
    sizes = (40_000, 320_000)
    data = [prefix + unit * (size // len(unit)) for size in sizes]
    t_small, t_big = seconds(data[0]), seconds(data[1])
    # 8x the input: not much more than 8x the time (slack for a loaded machine), a few
    # microseconds per byte, and memory a bounded multiple of the input
    assert t_big < 24 * max(t_small, 0.02), (t_small, t_big)
    assert t_big / sizes[1] < 30e-6, f"{t_big / sizes[1] * 1e6:.1f} us per byte"
    m_small = peak_bytes(data[0])
    assert m_small < bytes_per_byte * sizes[0], f"{m_small / sizes[0]:.0f} bytes per input byte"


# -- horizon masks -------------------------------------------------------------------------


number_text = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-1000, 1000).map(str),
    st.sampled_from(["360", "0", "-0", "359.99999999999999", "1e-320", "90", "-90", "90.0001",
                     "nan", "inf", "", " ", "1,5", "1_0", "0x10", "١٢"]),
    st.text(max_size=6),
)


@FAST
@given(st.lists(st.tuples(number_text, number_text), max_size=12),
       st.sampled_from(["azimuth_deg,elevation_deg", "AZIMUTH_DEG, elevation_deg", "az,el", ""]),
       st.lists(st.sampled_from(["", "# comment", "1,2,3", ",", "x"]), max_size=3))
def test_horizon_mask_text(rows, header, extra):
    lines = [header] + [f"{a},{e}" for a, e in rows] + extra
    mask = obeys(parse_horizon_mask, "\n".join(lines))
    if mask is not None:
        assert mask.azimuth_deg.size >= 1
        assert np.all((mask.azimuth_deg >= 0) & (mask.azimuth_deg < 360))
        assert np.all(np.abs(mask.elevation_deg) <= 90)
        assert np.all(np.diff(mask.azimuth_deg) > 0)
        assert np.all(np.isfinite(mask.at(np.linspace(0, 720, 37))))


@FAST
@given(st.text(max_size=300))
def test_horizon_mask_any_text(text):
    obeys(parse_horizon_mask, text)
    obeys(parse_horizon_mask, "azimuth_deg,elevation_deg\n" + text)


@settings(FAST, max_examples=60)
@given(st.lists(st.lists(st.one_of(number_text, st.sampled_from(["s1", "Peak", '"q,q"'])),
                         max_size=9), max_size=6),
       st.booleans())
@example([["s", "n", "1", "2", "3", "4", "5", "1" * 200_000]], True)  # csv.Error before the fix
def test_horizon_table(tmp_path_factory, rows, good_header):
    header = ("site_id,name,lat_deg,lon_deg,elev_m,mast_m,azimuth_deg,horizon_deg"
              if good_header else "site_id,name")
    path = tmp_path_factory.mktemp("h") / "table.csv"
    path.write_text("\n".join([header] + [",".join(r) for r in rows]) + "\n")
    table = obeys(read_horizon_table, path)
    for entry in (table or {}).values():
        assert np.all(np.abs(entry.mask.elevation_deg) <= 90)


# -- sites ---------------------------------------------------------------------------------

site_text = st.one_of(
    st.text(max_size=40),
    st.lists(number_text, min_size=1, max_size=4).map(",".join),
    st.tuples(st.floats(-100, 100), st.floats(-200, 400), st.floats(-1e6, 1e6)).map(
        lambda v: ",".join(f"{x!r}" for x in v)),
    st.sampled_from(["baikonur", "Assy-Turgen", "ASSY TURGEN", "connecting ridge", "90,0",
                     "-90,0", "0,180", "0,-180", "0,360", "90,359.99999999999999"]),
)


@settings(FAST, max_examples=300)
@given(site_text)
def test_earth_site_text(text):
    site = obeys(site_from_text, text)
    if site is not None:
        assert isinstance(site, EarthSite)
        assert -90 <= site.lat_deg <= 90 and -180 <= site.lon_deg < 360


@settings(FAST, max_examples=300)
@given(site_text, st.one_of(st.floats(allow_nan=True), st.integers(-5, 2000)))
def test_lunar_site_text(text, mast_m):
    site = obeys(lunar_site_from_text, text, mast_m=mast_m)
    if site is not None:
        assert isinstance(site, LunarSite)
        assert -90 <= site.lat_deg <= 90 and 0 <= site.mast_m <= 1000


# -- ISO times -------------------------------------------------------------------------------

iso_text = st.one_of(
    st.text(max_size=40),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())).map(lambda d: d.isoformat()),
    st.tuples(st.datetimes(), st.integers(-23, 23), st.integers(0, 59)).map(
        lambda v: v[0].isoformat() + f"{v[1]:+03d}:{v[2]:02d}"),
    st.sampled_from(["0001-01-01T00:00+01:00", "9999-12-31T23:59:59-01:00", "2026-11-28Z",
                     "2026-11-28T17:00:00.25z", "2026-02-29", "2026-13-01", "24:00", "",
                     "2026-W48-6", "2026-332", "+2026-11-28", "2026-11-28T17:00:00\x00"]),
)


@settings(FAST, max_examples=300)
@given(iso_text)
def test_parse_iso(text):
    value = obeys(parse_iso, text)
    if value is not None:
        assert value.tzinfo is not None and value.utcoffset() == dt.timedelta(0)


@settings(FAST, max_examples=100, deadline=None)
@given(st.one_of(iso_text, st.lists(iso_text, max_size=3), st.integers(), st.none(),
                 st.floats(), st.datetimes()))
def test_to_time(value):
    t = obeys(to_time, value)
    if t is not None:
        assert np.all(np.isfinite(np.atleast_1d(t.tt)))


# -- target lists (aspan observe plan) ------------------------------------------------------

TARGET_COLUMNS = ["name", "ra_deg", "dec_deg", "priority", "exposure_s", "magnitude", "snr",
                  "visits", "cadence_s", "window_start", "window_stop", "colour", ""]


@FAST
@given(st.lists(st.sampled_from(TARGET_COLUMNS), min_size=0, max_size=6),
       st.lists(st.lists(st.one_of(number_text, st.text(max_size=8)), max_size=7), max_size=6),
       st.sampled_from(["\n", "\r\n"]))
def test_target_list_text(header, rows, newline):
    from aspan.observing.targets import parse_targets_csv

    lines = [",".join(header)] + [",".join(row) for row in rows]
    targets = obeys(parse_targets_csv, newline.join(lines))
    if targets is not None:
        assert len(targets) >= 1
        assert np.all((targets.ra_deg >= 0) & (targets.ra_deg <= 360))
        assert np.all(np.abs(targets.dec_deg) <= 90)


@FAST
@given(st.binary(max_size=400))
def test_target_list_bytes(data):
    from aspan.observing.targets import parse_targets_csv

    obeys(parse_targets_csv, data.decode("utf-8", errors="replace"))
