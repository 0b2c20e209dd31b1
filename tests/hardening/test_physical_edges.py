"""Physical edge cases through the public functions and the CLI (issue 10).

Decayed and decaying objects, eccentricity near 1, epochs 30+ days away (warned), times outside
DE421, sites at the poles and on the antimeridian, elevation masks of 0 and 89 deg, empty
catalogs, a catalog of one object, 9-digit catalog numbers from OMM. Bad input through the CLI
exits 2 with one line on stderr and no traceback.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from aspan.catalog.formats import parse_bytes
from aspan.catalog.load import load_catalog
from aspan.catalog.store import Store
from aspan.cli.main import main
from aspan.core.time import check_ephemeris_range, to_time
from aspan.errors import (
    AspanError,
    CatalogProblems,
    InputError,
    OutOfRangeError,
    StaleElementsWarning,
)
from aspan.satellites.passes import find_passes
from aspan.satellites.propagation import propagate, propagate_minutes

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
START = "2026-09-21T08:00:00Z"  # an hour after the epoch below
#: DMSP 5D-3 F16 from CelesTrak's weather group (OMM CSV in shared/data), sun-synchronous
DMSP = {
    "OBJECT_NAME": "DMSP 5D-3 F16 (USA 172)", "OBJECT_ID": "2003-048A",
    "EPOCH": "2026-09-21T07:03:51.269760", "MEAN_MOTION": 14.1449132, "ECCENTRICITY": 0.00062045,
    "INCLINATION": 98.986, "RA_OF_ASC_NODE": 288.7438, "ARG_OF_PERICENTER": 229.2905,
    "MEAN_ANOMALY": 186.8882, "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U",
    "NORAD_CAT_ID": 28054, "ELEMENT_SET_NO": 999, "REV_AT_EPOCH": 18307,
    "BSTAR": 3.0947682e-05, "MEAN_MOTION_DOT": 1.4e-07, "MEAN_MOTION_DDOT": 0,
}
#: a low object decaying fast (heavy drag): SGP4 reports decay (error 6) within a day
DECAYING = {**DMSP, "NORAD_CAT_ID": 99001, "OBJECT_NAME": "REENTRY", "MEAN_MOTION": 16.4,
            "BSTAR": 0.01, "MEAN_MOTION_DOT": 0.05}


def catalog(*records: dict):
    return load_catalog([dict(r) for r in records])


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aspan: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err


@pytest.fixture
def omm_file(tmp_path):
    def write(*records: dict) -> str:
        path = tmp_path / "elements.json"
        path.write_text(json.dumps(list(records)))
        return str(path)
    return write


# -- decayed and decaying ----------------------------------------------------------------


def test_decaying_object_reports_decay_per_time_and_nans():
    cat = catalog(DMSP, DECAYING)
    states = propagate_minutes(cat, np.arange(0.0, 3 * 1440.0, 60.0))
    err = states.error
    assert np.all(err[0] == 0)  # the healthy object is untouched
    assert err[1, 0] == 0 and err[1, -1] == 6  # decaying: fine at epoch, decayed later
    first_bad = int(np.argmax(err[1] != 0))
    assert np.all(err[1, first_bad:] != 0)  # once decayed, stays decayed
    assert np.all(np.isnan(states.r_km[err != 0])) and np.all(np.isnan(states.v_km_s[err != 0]))
    assert np.all(np.isfinite(states.r_km[err == 0]))


def test_decayed_object_has_no_passes_and_does_not_disturb_others():
    both = find_passes(catalog(DMSP, DECAYING), "baikonur", "2026-09-23T00:00:00Z", hours=24,
                       min_elevation_deg=0)
    alone = find_passes(catalog(DMSP), "baikonur", "2026-09-23T00:00:00Z", hours=24,
                        min_elevation_deg=0)
    assert len(both) == len(alone) > 0
    assert set(both.norad_id[both.obj].tolist()) == {28054}


def test_decayed_object_through_the_cli(capsys, omm_file):
    path = omm_file(DECAYING)
    code, out, err = run_cli(capsys, "passes", "--station", "baikonur", "--start",
                             "2026-09-24T00:00:00Z", "--hours", "12", "--catalog", path, "--json")
    assert code == 0, err
    assert "Traceback" not in err


def test_decayed_states_in_the_cli_output_are_empty_with_error_6(capsys, omm_file, tmp_path):
    path = omm_file(DMSP, DECAYING)
    out = tmp_path / "states.json"
    code, _out, err = run_cli(capsys, "propagate", "--catalog", path, "--minutes-since-epoch",
                              "0:4320:1440", "--format", "json", "-o", str(out))
    assert code == 0, err

    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    rows = json.loads(out.read_text(), parse_constant=refuse)  # strict JSON: no NaN
    decayed = [r for r in rows if r["norad_id"] == 99001 and r["error"] != 0]
    assert decayed and all(r["error"] == 6 and r["x_km"] is None for r in decayed)
    assert all(r["error"] == 0 for r in rows if r["norad_id"] == 28054)


# -- eccentricity near 1 ---------------------------------------------------------------


def test_eccentricity_one_is_refused_with_the_rule():
    with pytest.raises(CatalogProblems) as raised:
        catalog({**DMSP, "ECCENTRICITY": 1.0})
    assert "eccentricity is 1.0, expected in [0, 1)" in str(raised.value)


def test_largest_tle_eccentricity_propagates_to_error_codes_not_exceptions():
    cat = catalog({**DMSP, "ECCENTRICITY": 0.9999999, "MEAN_MOTION": 1.0})
    states = propagate(cat, to_time(["2026-09-21T08:00:00Z", "2026-09-22T08:00:00Z"]))
    assert np.all(states.error != 0)  # perigee deep inside the Earth: SGP4 says so
    assert np.all(np.isnan(states.r_km))
    passes = find_passes(cat, "baikonur", START, hours=24)
    assert len(passes) == 0


@pytest.fixture(scope="module")
def high_eccentricity():
    """The real objects of highest eccentricity: Spektr-R (0.918) and MMS 1-4 (0.909)."""
    full = parse_bytes((DATA / "satcat-full-2024-07.tle").read_bytes(), name="full").catalog
    return full[np.argsort(full.eccentricity)[-5:]]


def test_real_high_eccentricity_orbits_give_ordered_finite_passes(high_eccentricity):
    cat = high_eccentricity
    assert cat.eccentricity.min() > 0.9
    passes = find_passes(cat, ["assy-turgen", "90,0"], "2024-07-10T00:00:00Z", hours=72,
                         min_elevation_deg=0)
    rise, culm, stop = (passes.columns[k] for k in ("rise_s", "culmination_s", "set_s"))
    both = np.isfinite(rise) & np.isfinite(stop)
    assert np.all(rise[both] < stop[both])
    inside = both & np.isfinite(culm)
    assert np.all((rise[inside] <= culm[inside]) & (culm[inside] <= stop[inside]))
    states = propagate(cat, "2024-07-10T00:00:00Z")
    assert np.all(states.error == 0) and np.all(np.isfinite(states.r_km))


# -- epochs far from the times asked ------------------------------------------------------


def test_propagating_30_days_or_more_from_the_epoch_warns():
    cat = catalog(DMSP)
    with warnings.catch_warnings():
        warnings.simplefilter("error", StaleElementsWarning)
        propagate(cat, "2026-10-20T07:00:00Z")  # 29 days: no warning
        propagate_minutes(cat, 29 * 1440.0)
    with pytest.warns(StaleElementsWarning, match=r"1 of 1 objects .* 31\.0 days, catalog "
                                                  r"number 28054"):
        propagate(cat, "2026-10-22T07:03:51.269760Z")
    with pytest.warns(StaleElementsWarning, match="40.0 days"):
        propagate(cat, ["2026-09-22", "2026-08-12T07:03:51.269760Z"])  # before the epoch too
    with pytest.warns(StaleElementsWarning):
        propagate_minutes(cat, [0.0, -30 * 1440.0])


def test_stale_epoch_in_the_cli_is_one_warning_line(capsys, omm_file):
    path = omm_file(DMSP)
    code, out, err = run_cli(capsys, "passes", "--station", "baikonur", "--start",
                             "2027-01-01T00:00:00Z", "--hours", "6", "--catalog", path)
    assert code == 0, err
    warning = [line for line in err.splitlines() if line.startswith("aspan: warning:")]
    assert len(warning) == 1 and "days or more from their epoch" in warning[0], err
    assert "Traceback" not in err and "warnings.warn" not in err


# -- times outside DE421 ------------------------------------------------------------------


@pytest.mark.parametrize("when", ["2051-01-01T12:00:00Z", "1899-12-31T12:00:00Z"])
def test_times_outside_de421_are_refused_clearly(when):
    with pytest.raises(OutOfRangeError, match="outside the DE421 ephemeris"):
        check_ephemeris_range(to_time(when), what="start")
    with pytest.raises(OutOfRangeError, match=r"start .* outside the DE421 ephemeris \(1900"):
        find_passes(catalog(DMSP), "baikonur", when, hours=6, optical="nautical")


def test_optical_window_running_past_2050_names_the_stop():
    with pytest.raises(OutOfRangeError, match="stop 2051-01-01"):
        find_passes(catalog(DMSP), "baikonur", "2050-12-31T12:00:00Z", hours=24,
                    optical="nautical")


@pytest.mark.parametrize("argv", [
    ["passes", "--station", "baikonur", "--start", "2060-01-01T00:00:00Z", "--hours", "6",
     "--optical"],
    ["moon", "sky", "--site", "connecting-ridge", "--body", "sun", "--start",
     "2060-01-01T00:00:00Z", "--stop", "2060-01-02T00:00:00Z"],
    ["moon", "sky", "--site", "connecting-ridge", "--body", "sun", "--start",
     "1850-01-01T00:00:00Z", "--stop", "1850-01-02T00:00:00Z"],
])
def test_times_outside_de421_in_the_cli(capsys, omm_file, argv):
    if argv[0] == "passes":
        argv = [*argv, "--catalog", omm_file(DMSP)]
    code, _out, err = run_cli(capsys, *argv)
    assert_one_line_error(code, err, "DE421")


# -- poles and the antimeridian ------------------------------------------------------------


@pytest.fixture(scope="module")
def polar():
    return catalog(DMSP)


@pytest.mark.parametrize("lat", [90.0, -90.0])
def test_a_pole_sees_a_polar_orbiter_every_revolution_whatever_its_longitude(polar, lat):
    found = [find_passes(polar, f"{lat},{lon}", START, hours=24, min_elevation_deg=0)
             for lon in (0.0, 123.4, -180.0)]
    counts = {len(p) for p in found}
    assert len(counts) == 1
    n = counts.pop()
    assert 12 <= n <= 16  # 14.1 revolutions a day, each seen from the pole
    # the pole is one point: the longitude changes no event time (azimuths are measured from
    # each meridian, so they may differ)
    culm = [p.columns["culmination_s"] for p in found]
    np.testing.assert_allclose(culm[1], culm[0], atol=0.05)
    np.testing.assert_allclose(culm[2], culm[0], atol=0.05)
    assert np.all(np.isfinite(found[0].columns["max_elevation_deg"]))


def test_antimeridian_east_and_west_are_one_place(polar):
    east = find_passes(polar, "0,180", START, hours=24, min_elevation_deg=0)
    west = find_passes(polar, "0,-180", START, hours=24, min_elevation_deg=0)
    assert len(east) == len(west) > 0
    for column in ("rise_s", "culmination_s", "set_s", "max_elevation_deg"):
        np.testing.assert_allclose(east.columns[column], west.columns[column], atol=1e-6,
                                   equal_nan=True)
    # a step across the line changes the times smoothly (no jump by a day or a revolution)
    near_e = find_passes(polar, "10,179.9999", START, hours=24, min_elevation_deg=0)
    near_w = find_passes(polar, "10,-179.9999", START, hours=24, min_elevation_deg=0)
    assert len(near_e) == len(near_w)
    np.testing.assert_allclose(near_e.columns["culmination_s"], near_w.columns["culmination_s"],
                               atol=0.5)


def test_poles_and_antimeridian_in_the_cli(capsys, omm_file):
    path = omm_file(DMSP)
    for station in ("90,0", "-90,0", "0,180", "0,-180"):
        code, out, err = run_cli(capsys, "passes", "--station", station, "--start", START,
                                 "--hours", "6", "--catalog", path, "--json",
                                 "--min-elevation-deg", "0")
        assert code == 0, err
        assert json.loads(out)
    code, _out, err = run_cli(capsys, "passes", "--station", "90.5,0", "--start", START,
                              "--hours", "6", "--catalog", path)
    assert_one_line_error(code, err, "latitude 90.5")
    code, _out, err = run_cli(capsys, "passes", "--station", "0,360", "--start", START,
                              "--hours", "6", "--catalog", path)
    assert_one_line_error(code, err, "longitude 360")


# -- elevation masks 0 and 89 ---------------------------------------------------------------


def test_masks_zero_and_89_degrees(polar):
    low = find_passes(polar, "tien-shan", START, hours=48, min_elevation_deg=0)
    ten = find_passes(polar, "tien-shan", START, hours=48, min_elevation_deg=10)
    high = find_passes(polar, "tien-shan", START, hours=48, min_elevation_deg=89)
    assert len(low) >= len(ten) >= len(high)
    assert np.all(low.columns["max_elevation_deg"] >= 0)
    assert np.all(high.columns["max_elevation_deg"] >= 89)
    # any pass above 89 deg is also above 10 deg, at the same culmination
    for c in high.columns["culmination_s"][np.isfinite(high.columns["culmination_s"])]:
        assert np.min(np.abs(ten.columns["culmination_s"] - c)) < 1.0
    # a pass straight overhead: put the site under the satellite's culmination
    overhead = find_passes(polar, "90,0", START, hours=24, min_elevation_deg=89)
    for column in ("rise_s", "set_s"):
        assert np.all(np.isfinite(overhead.columns[column]) | np.isnan(overhead.columns[column]))


@pytest.mark.parametrize("mask", ["90", "-6", "nan"])
def test_impossible_masks_are_refused(capsys, omm_file, mask):
    with pytest.raises(InputError):
        find_passes(catalog(DMSP), "baikonur", START, hours=6, min_elevation_deg=float(mask))
    code, _out, err = run_cli(capsys, "passes", "--station", "baikonur", "--start", START,
                              "--hours", "6", "--catalog", omm_file(DMSP),
                              "--min-elevation-deg", mask)
    assert_one_line_error(code, err, "elevation")


# -- empty catalogs and a catalog of one --------------------------------------------------------


def test_empty_catalog_through_the_library():
    empty = load_catalog([])
    assert len(empty) == 0
    states = propagate(empty, ["2026-09-21", "2026-09-22"])
    assert states.r_km.shape == (0, 2, 3) and states.error.shape == (0, 2)
    assert propagate_minutes(empty, 5.0).r_km.shape == (0, 1, 3)
    assert len(find_passes(empty, "baikonur", START, hours=6)) == 0


def test_empty_inputs_in_the_cli(capsys, tmp_path):
    empty_file = tmp_path / "empty.tle"
    empty_file.write_text("\n\n")
    code, _out, err = run_cli(capsys, "passes", "--station", "baikonur", "--start", START,
                              "--hours", "6", "--catalog", str(empty_file))
    assert_one_line_error(code, err, "empty")
    code, _out, err = run_cli(capsys, "passes", "--station", "baikonur", "--start", START,
                              "--hours", "6", "--store", str(tmp_path / "new.db"))
    assert_one_line_error(code, err, "no element sets")
    code, _out, err = run_cli(capsys, "catalog", "import", str(empty_file), "--store",
                              str(tmp_path / "s.db"))
    assert_one_line_error(code, err, "empty")


def test_catalog_of_one_object_keeps_its_axes():
    one = catalog(DMSP)
    assert len(one) == 1 and len(one[0]) == 1
    assert propagate(one, START).r_km.shape == (1, 1, 3)
    assert propagate(one, [START] * 3).r_km.shape == (1, 3, 3)
    passes = find_passes(one, ["baikonur", "assy-turgen"], START, hours=24)
    assert np.all(passes.obj == 0)


# -- 9-digit catalog numbers from OMM ---------------------------------------------------------


def test_nine_digit_catalog_numbers_from_omm(tmp_path, omm_file):
    big = {**DMSP, "NORAD_CAT_ID": 999_999_999, "OBJECT_NAME": "BIG"}
    mid = {**DMSP, "NORAD_CAT_ID": "270000001", "OBJECT_NAME": "MID"}  # Space-Track: strings
    cat = catalog(big, mid)
    assert cat.norad_id.tolist() == [999_999_999, 270_000_001]
    with pytest.raises(CatalogProblems, match="a catalog number from 0 to 999999999"):
        catalog({**DMSP, "NORAD_CAT_ID": 1_000_000_000})
    states = propagate(cat, START)
    assert np.all(states.error == 0) and states.norad_id.tolist() == [999_999_999, 270_000_001]
    with Store(tmp_path / "s.db") as store:
        store.import_file(omm_file(big, mid))
        back = store.latest([999_999_999])
        assert back.norad_id.tolist() == [999_999_999]
        assert back.epoch_fr[0] == cat.epoch_fr[0]
    passes = find_passes(cat, "90,0", START, hours=6, min_elevation_deg=0)
    assert set(passes.norad_id[passes.obj].tolist()) <= {999_999_999, 270_000_001}
    assert len(passes) > 0


def test_nine_digit_catalog_numbers_in_the_cli(capsys, omm_file):
    path = omm_file({**DMSP, "NORAD_CAT_ID": 999_999_999})
    code, out, err = run_cli(capsys, "passes", "--station", "90,0", "--start", START, "--hours",
                             "6", "--catalog", path, "--norad", "999999999", "--json",
                             "--min-elevation-deg", "0")
    assert code == 0, err
    assert "999999999" in out
    code, _out, err = run_cli(capsys, "catalog", "export", "--format", "tle", "--catalog", path)
    assert_one_line_error(code, err, "Alpha-5", "omm-json")  # a TLE field ends at 339999


def test_errors_are_aspan_errors():
    assert issubclass(OutOfRangeError, AspanError) and issubclass(CatalogProblems, AspanError)
