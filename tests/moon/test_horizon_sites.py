"""Horizon mask files, the shared LOLA table, lunar site strings: values and exact errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aspan.errors import InputError, NotFoundError, ParseError
from aspan.moon.horizon import parse_horizon_mask, read_horizon_mask, read_horizon_table
from aspan.moon.sites import load_lunar_sites, lunar_site_from_text

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "lunar-horizons.csv"


def test_mask_interpolates_and_wraps(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("azimuth_deg,elevation_deg\n# a comment\n350,2\n10,4\n180,-1\n\n")
    mask = read_horizon_mask(path)
    np.testing.assert_allclose(mask.at([0.0, 360.0, 355.0, 95.0, -180.0]),
                               [3.0, 3.0, 2.5, 1.5, -1.0], atol=1e-12)


@pytest.mark.parametrize(("text", "message"), [
    ("az,el\n0,1\n", "m.csv line 1: expected the header 'azimuth_deg,elevation_deg', got "
     "'az,el'; write the header first, then one azimuth,elevation pair per line"),
    ("azimuth_deg,elevation_deg\n0,1\n90;2\n", "m.csv line 3: expected 2 values "
     "'azimuth_deg,elevation_deg', got 1: '90;2'"),
    ("azimuth_deg,elevation_deg\n0,one\n", "m.csv line 2: expected two numbers in degrees, "
     "got '0,one'; decimal degrees with a point, e.g. 127.5,1.25"),
    ("azimuth_deg,elevation_deg\n400,1\n", "m.csv line 2: azimuth 400 deg is outside "
     "[0, 360]; azimuth from north through east"),
    ("azimuth_deg,elevation_deg\n10,95\n", "m.csv line 2: elevation 95 deg is outside "
     "[-90, 90]"),
    ("azimuth_deg,elevation_deg\n", "m.csv: the horizon mask has a header but no "
     "azimuth,elevation rows; add at least one row, e.g. 0,1.5"),
    ("azimuth_deg,elevation_deg\n0,1\n360,2\n", "m.csv: azimuth 0 deg is given twice with "
     "elevations 1 and 2; keep one row per azimuth (0 and 360 are the same azimuth)"),
])
def test_bad_mask_files_say_what_and_where(text, message):
    with pytest.raises(ParseError) as info:
        parse_horizon_mask(text, file="m.csv")
    assert str(info.value) == message


def test_missing_mask_file(tmp_path):
    with pytest.raises(NotFoundError) as info:
        read_horizon_mask(tmp_path / "none.csv")
    assert str(info.value).endswith("none.csv does not exist; check the path given to --horizon")


@pytest.mark.skipif(not SHARED.is_file(), reason="shared data not present")
def test_shared_table_has_720_samples_per_site_and_mast():
    table = read_horizon_table(SHARED)
    assert len(table) == 28
    assert {m for _, m in table} == {2.0, 10.0}
    for entry in table.values():
        assert entry.mask.azimuth_deg.size == 720
        assert np.all(np.diff(entry.mask.azimuth_deg) == 0.5)
    cr = table[("connecting-ridge", 2.0)]
    assert (cr.lat_deg, cr.lon_deg, cr.elev_m) == (-89.53432, -150.05233, 1653.0)
    assert cr.mask.at(0.25) == pytest.approx((-1.69 - 1.66) / 2)


def test_bundled_sites_and_site_strings():
    sites = load_lunar_sites()
    assert len(sites) == 17
    assert sites["connecting-ridge"].source == "Gracy & Lee, LPSC 2024 #1695"
    s = lunar_site_from_text("Peak near Shackleton", mast_m=10)
    assert (s.lat_deg, s.mast_m) == (-89.01701, 10.0)
    assert s.radius_km == pytest.approx(1737.4 + 1.1758)
    given = lunar_site_from_text("-89.5, 10, 100")
    assert (given.lat_deg, given.lon_deg, given.height_m) == (-89.5, 10.0, 100.0)


@pytest.mark.parametrize(("text", "message"), [
    ("-89.5", "lunar site '-89.5': expected LAT,LON or LAT,LON,HEIGHT_M, got 1 values; "
     "for example -89.534,-150.052,1653"),
    ("-89.5,east", "lunar site '-89.5,east': longitude 'east' is not a number; write degrees "
     "as decimals, e.g. -89.534,-150.052"),
    ("-95,10", "lunar site '-95,10': latitude -95.0 deg is outside [-90, 90]; give latitude "
     "first, then longitude: LAT,LON[,HEIGHT_M]"),
    ("-89,10,20000", "lunar site '-89,10,20000': height 20000.0 m is outside [-10000, 11000] m "
     "above the 1737.4 km sphere; the height is in metres"),
])
def test_bad_site_strings(text, message):
    with pytest.raises(InputError) as info:
        lunar_site_from_text(text)
    assert str(info.value) == message


def test_unknown_site_lists_known_ones():
    with pytest.raises(NotFoundError) as info:
        lunar_site_from_text("Tycho")
    assert str(info.value).startswith("unknown lunar site 'Tycho'; known sites: "
                                      "connecting-ridge, peak-near-shackleton,")
    assert str(info.value).endswith("; or give coordinates as LAT,LON[,HEIGHT_M]")
