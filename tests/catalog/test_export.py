"""Export: TLE (Alpha-5, checksums, idempotent text) and OMM JSON/XML/CSV, round trips on the
real catalogs, and a property test on random valid catalogs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aspan.catalog.elements import FLOAT_FIELDS, INT_FIELDS, Catalog
from aspan.catalog.export import FORMATS, export_catalog, tle_designator, tle_lines
from aspan.catalog.formats import parse_bytes, read_catalog
from aspan.errors import InputError, ValidationError

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not here")
TLE_FILES = ["celestrak-active-2025-10-03.tle", "satcat-full-2024-07.tle",
             "satcat-leo-2026-06.tle"]
OMM_FILES = ["omm/celestrak-weather-2026-09.csv", "omm/celestrak-orbcomm-2023-08.xml"]
ONE_MICROSECOND_DAY = 1e-6 / 86400.0

L1 = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927"
L2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"
# Zero is written 00000+0 (as CelesTrak does); the checksum follows.
L1_OUT = "1 25544U 98067A   08264.51782528 -.00002182  00000+0 -11606-4 0  2926"


def reread(catalog: Catalog, fmt: str) -> Catalog:
    return parse_bytes(export_catalog(catalog, fmt).encode(), name=f"export.{fmt}").catalog


def designator(text: str) -> str:
    return tle_designator(text).strip()


def assert_same_elements(a: Catalog, b: Catalog) -> None:
    """Same objects and values; epochs within 1 microsecond, designators compared as TLE ones."""
    assert len(a) == len(b)
    epoch_difference = (a.epoch_jd - b.epoch_jd) + (a.epoch_fr - b.epoch_fr)
    assert np.abs(epoch_difference).max(initial=0) <= ONE_MICROSECOND_DAY
    for name in FLOAT_FIELDS + INT_FIELDS:
        if name not in ("epoch_jd", "epoch_fr"):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.name.tolist() == b.name.tolist()
    assert a.classification.tolist() == b.classification.tolist()
    assert [designator(x) for x in a.intl_designator] == [designator(x) for x in b.intl_designator]


def iss(**changes) -> Catalog:
    catalog = parse_bytes(f"ISS (ZARYA)\n{L1}\n{L2}\n".encode(), name="iss.tle").catalog
    columns = catalog.columns()
    columns.update({k: [v] for k, v in changes.items()})
    return Catalog.from_columns(columns)


def test_tle_lines_reproduce_a_tle():
    assert tle_lines(iss()) == [("ISS (ZARYA)", L1_OUT, L2)]
    assert export_catalog(iss(), "tle") == f"ISS (ZARYA)\n{L1_OUT}\n{L2}\n"


def test_names_that_look_like_line_numbers_get_a_0_prefix():
    text = export_catalog(iss(name="1 HOPE"), "tle")
    assert text.splitlines()[0] == "0 1 HOPE"
    assert parse_bytes(text.encode(), name="h.tle").catalog.name.tolist() == ["1 HOPE"]


def test_nameless_objects_export_as_two_lines():
    assert export_catalog(iss(name=""), "tle") == f"{L1_OUT}\n{L2}\n"


@pytest.mark.parametrize("norad_id, field", [(99999, "99999"), (100000, "A0000"),
                                             (180000, "J0000"), (339999, "Z9999")])
def test_tle_export_uses_alpha5(norad_id, field):
    _name, line1, line2 = tle_lines(iss(norad_id=norad_id))[0]
    assert line1[2:7] == line2[2:7] == field
    assert reread(iss(norad_id=norad_id), "tle").norad_id.tolist() == [norad_id]


def test_tle_cannot_carry_catalog_numbers_above_alpha5():
    with pytest.raises(ValidationError) as raised:
        export_catalog(iss(norad_id=340000), "tle")
    assert str(raised.value) == (
        "catalog number 340000 (ISS (ZARYA)) cannot be carried by a TLE, whose field holds at"
        " most 339999 (Alpha-5); export as OMM (omm-json, omm-xml or omm-csv), which carries 9"
        " digits"
    )


@pytest.mark.parametrize("fmt", ["omm-json", "omm-xml", "omm-csv"])
def test_omm_carries_nine_digit_catalog_numbers(fmt):
    assert reread(iss(norad_id=987654321), fmt).norad_id.tolist() == [987654321]


def test_unknown_export_format():
    with pytest.raises(InputError) as raised:
        export_catalog(iss(), "kvn")
    assert str(raised.value) == (
        "export format 'kvn' is not known; choose one of tle, omm-json, omm-xml, omm-csv"
    )


def test_impossible_values_are_not_exported():
    with pytest.raises(ValidationError) as raised:
        export_catalog(iss(eccentricity=1.5), "omm-json")
    assert str(raised.value) == (
        "object 25544: eccentricity is 1.5, expected in [0, 1); correct the element set before"
        " exporting it"
    )


def test_omm_designators_and_epochs():
    text = export_catalog(iss(), "omm-csv")
    assert text.splitlines()[1].startswith("ISS (ZARYA),1998-067A,2008-09-20T12:25:40.104192,")
    assert export_catalog(iss(), "omm-xml").count("<OBJECT_ID>1998-067A</OBJECT_ID>") == 1
    assert '"OBJECT_ID": "1998-067A"' in export_catalog(iss(), "omm-json")
    assert FORMATS == ("tle", "omm-json", "omm-xml", "omm-csv")


# -- round trips on the real catalogs --------------------------------------------------------

@needs_data
@pytest.mark.parametrize("file", TLE_FILES)
def test_tle_round_trip_on_real_catalogs(file):
    catalog = read_catalog(DATA / file).catalog
    text = export_catalog(catalog, "tle")
    again = parse_bytes(text.encode(), name="again.tle").catalog
    assert_same_elements(catalog, again)
    assert np.array_equal(catalog.epoch_fr, again.epoch_fr)
    assert again.intl_designator.tolist() == catalog.intl_designator.tolist()
    assert export_catalog(again, "tle") == text


@needs_data
def test_celestrak_file_is_reproduced_byte_for_byte():
    original = (DATA / "celestrak-active-2025-10-03.tle").read_text()
    exported = export_catalog(read_catalog(DATA / "celestrak-active-2025-10-03.tle").catalog,
                              "tle")
    assert exported.splitlines() == [line.rstrip() for line in original.splitlines()]


@needs_data
@pytest.mark.parametrize("fmt", ["omm-json", "omm-xml", "omm-csv"])
@pytest.mark.parametrize("file", TLE_FILES)
def test_omm_round_trip_on_samples_of_real_catalogs(file, fmt):
    catalog = read_catalog(DATA / file).catalog[::25]
    again = reread(catalog, fmt)
    assert_same_elements(catalog, again)
    assert export_catalog(again, fmt) == export_catalog(catalog, fmt)
    # and back to TLE: the same text as the original element sets
    assert export_catalog(again, "tle") == export_catalog(catalog, "tle")


@needs_data
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("file", OMM_FILES)
def test_real_omm_files_round_trip(file, fmt):
    catalog = read_catalog(DATA / file).catalog
    again = reread(catalog, fmt)
    if fmt == "tle":  # TLE rounds: compare after TLE reformatting
        reformatted = reread(again, "tle")
        assert_same_elements(again, reformatted)
        assert export_catalog(reformatted, "tle") == export_catalog(catalog, "tle")
        assert np.abs((catalog.epoch_jd - again.epoch_jd) + (catalog.epoch_fr - again.epoch_fr)
                      ).max() <= 0.5e-8  # half the TLE's 1e-8 day step
    else:
        assert_same_elements(catalog, again)
        assert np.array_equal(catalog.epoch_fr, again.epoch_fr)


# -- property: any valid catalog exported as TLE reads back and re-exports identically -------

NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -()/[]+.&"
names = st.one_of(st.text(NAME_CHARS, max_size=24).map(str.strip),
                  st.sampled_from(["1 HOPE", "2 X", "0 ZERO", "1", "[+]", "<A>", "{B}"]))
exponents = st.one_of(st.just(0.0), st.floats(-0.9, 0.9).filter(lambda v: abs(v) > 1e-12))


@st.composite
def catalogs(draw):
    n = draw(st.integers(1, 6))
    norad_id = draw(st.lists(st.integers(0, 339_999), min_size=n, max_size=n, unique=True))
    floats = lambda lo, hi: st.lists(st.floats(lo, hi), min_size=n, max_size=n)  # noqa: E731
    return Catalog.from_columns({
        "norad_id": norad_id,
        "name": draw(st.lists(names, min_size=n, max_size=n)),
        "intl_designator": draw(st.lists(st.one_of(st.just(""), st.from_regex(
            r"[0-9]{5}[A-Z]{1,3}", fullmatch=True)), min_size=n, max_size=n)),
        "classification": draw(st.lists(st.sampled_from("UCS"), min_size=n, max_size=n)),
        "epoch_jd": [2435839.5 + d for d in draw(st.lists(st.integers(0, 36_500),
                                                          min_size=n, max_size=n))],
        "epoch_fr": draw(st.lists(st.floats(0, 1, exclude_max=True), min_size=n, max_size=n)),
        "mean_motion_rev_day": draw(floats(0.01, 20.0)),
        "eccentricity": draw(floats(0.0, 0.99)),
        "inclination_deg": draw(floats(0.0, 180.0)),
        "raan_deg": draw(st.lists(st.floats(0, 360, exclude_max=True), min_size=n, max_size=n)),
        "argp_deg": draw(st.lists(st.floats(0, 360, exclude_max=True), min_size=n, max_size=n)),
        "mean_anomaly_deg": draw(st.lists(st.floats(0, 360, exclude_max=True), min_size=n,
                                          max_size=n)),
        "ndot_rev_day2": draw(floats(-0.5, 0.5)),
        "nddot_rev_day3": draw(st.lists(exponents, min_size=n, max_size=n)),
        "bstar_per_er": draw(st.lists(exponents, min_size=n, max_size=n)),
        "element_set_no": draw(st.lists(st.integers(0, 9999), min_size=n, max_size=n)),
        "rev_at_epoch": draw(st.lists(st.integers(0, 99999), min_size=n, max_size=n)),
    })


@settings(max_examples=300, deadline=None)
@given(catalogs())
def test_any_valid_catalog_round_trips_through_tle(catalog):
    text = export_catalog(catalog, "tle")
    parsed = parse_bytes(text.encode(), name="p.tle").catalog
    assert export_catalog(parsed, "tle") == text
    assert_same_elements(parsed, parse_bytes(export_catalog(parsed, "tle").encode(),
                                             name="q.tle").catalog)
    assert parsed.norad_id.tolist() == catalog.norad_id.tolist()
    assert parsed.name.tolist() == catalog.name.tolist()
