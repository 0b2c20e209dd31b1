"""Earth sites: the bundled list, parsing of site text, and positions against WGS84."""

from __future__ import annotations

import math
import re
from importlib import resources

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspan.core.sites import EarthSite, load_sites, site_from_text, sites_from_toml
from aspan.core.time import to_time
from aspan.errors import InputError, NotFoundError


def test_bundled_sites():
    sites = load_sites()
    assert list(sites) == ["almaty-kaznu", "astana-nsc", "baikonur", "assy-turgen",
                           "tien-shan", "kamenskoe"]
    observatories = {k: (s.lat_deg, s.lon_deg, s.height_m) for k, s in sites.items()
                     if s.kind == "observatory"}
    assert observatories == {"assy-turgen": (43.2244, 77.8711, 2750.0),
                             "tien-shan": (43.0576, 76.9715, 2735.0),
                             "kamenskoe": (43.1767, 76.9661, 1450.0)}
    assert all(s.precision for s in sites.values())


def test_every_value_has_its_source_in_a_comment():
    text = resources.files("aspan.data").joinpath("sites.toml").read_text(encoding="utf-8")
    value_lines = [line for line in text.splitlines()
                   if re.match(r"\s*(lat_deg|lon_deg|height_m)\s*=", line)]
    assert len(value_lines) == 3 * len(load_sites())
    for line in value_lines:
        assert "#" in line and len(line.split("#", 1)[1].strip()) > 5, line


def ecef_km(lat_deg: float, lon_deg: float, height_m: float) -> np.ndarray:
    """WGS84 geodetic to Earth-fixed Cartesian (NIMA TR8350.2, eq. 4-14)."""
    a, f = 6378.137, 1 / 298.257223563
    e2 = f * (2 - f)
    lat, lon, h = math.radians(lat_deg), math.radians(lon_deg), height_m / 1000
    n = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return np.array([(n + h) * math.cos(lat) * math.cos(lon),
                     (n + h) * math.cos(lat) * math.sin(lon),
                     (n * (1 - e2) + h) * math.sin(lat)])


@pytest.mark.parametrize("key", ["assy-turgen", "baikonur", "astana-nsc"])
def test_position_matches_the_wgs84_formula_to_1_mm(key):
    site = load_sites()[key]
    itrs = site.position.itrs_xyz.km
    assert np.abs(itrs - ecef_km(site.lat_deg, site.lon_deg, site.height_m)).max() < 1e-6


def test_at_takes_scalar_and_array_times():
    site = site_from_text("tien shan")
    one = site.at(to_time("2026-01-01T00:00:00Z")).position.km
    many = site.at(to_time(["2026-01-01T00:00:00Z", "2026-01-01T06:00:00Z"])).position.km
    assert one.shape == (3,) and many.shape == (3, 2)
    assert np.abs(many[:, 0] - one).max() < 1e-6  # 1 mm
    r_km = np.linalg.norm(ecef_km(43.0576, 76.9715, 2735.0))
    assert np.allclose(np.linalg.norm(many, axis=0), r_km, atol=1e-3)  # rotation keeps radius


@pytest.mark.parametrize(("text", "key"), [("assy-turgen", "assy-turgen"),
                                           ("Assy-Turgen Observatory", "assy-turgen"),
                                           ("BAIKONUR", "baikonur"), ("tien_shan", "tien-shan")])
def test_site_by_name(text, key):
    assert site_from_text(text).key == key


def test_site_from_coordinates():
    assert site_from_text("43.2244,77.8711,2750") == EarthSite("43.2244,77.8711,2750",
                                                               43.2244, 77.8711, 2750.0)
    site = site_from_text(" -33.5 , 289.9 ")
    assert (site.lat_deg, site.lon_deg, site.height_m) == (-33.5, 289.9, 0.0)
    assert site_from_text("0,-180").lon_deg == -180.0


@pytest.mark.parametrize(("text", "message"), [
    ("91,10", "site '91,10': latitude 91.0 deg is outside [-90, 90]; give latitude first, "
              "then longitude: LAT,LON[,HEIGHT_M]"),
    ("10,360", "site '10,360': longitude 360.0 deg is outside [-180, 360); east is positive"),
    ("10,-180.5", "site '10,-180.5': longitude -180.5 deg is outside [-180, 360); "
                  "east is positive"),
    ("north,10", "site 'north,10': latitude 'north' is not a number; write degrees as "
                 "decimals, e.g. 43.2244,77.8711"),
    ("1,2,3,4", "site '1,2,3,4': expected LAT,LON or LAT,LON,HEIGHT_M, got 4 values; "
                "for example 43.2244,77.8711,2750"),
    ("10,nan", "site '10,nan': longitude nan is not a finite number"),
])
def test_bad_coordinates(text, message):
    with pytest.raises(InputError) as caught:
        site_from_text(text)
    assert str(caught.value) == message


def test_unknown_name_lists_the_known_sites():
    with pytest.raises(NotFoundError) as caught:
        site_from_text("Shackleton")
    assert str(caught.value) == (
        "unknown site 'Shackleton'; known sites: almaty-kaznu, astana-nsc, baikonur, "
        "assy-turgen, tien-shan, kamenskoe; or give coordinates as LAT,LON[,HEIGHT_M]")


def test_sites_from_toml_errors():
    with pytest.raises(InputError, match="not valid TOML"):
        sites_from_toml("[a\nlat_deg = 1")
    with pytest.raises(InputError, match=r"site \[a\] lacks"):
        sites_from_toml("[a]\nlat_deg = 1\n")
    with pytest.raises(InputError, match="latitude 100.0 deg"):
        sites_from_toml("[a]\nlat_deg = 100\nlon_deg = 0\n")


@given(st.floats(-90, 90), st.floats(-180, 360, exclude_max=True),
       st.floats(-400, 9000))
def test_coordinates_text_round_trip(lat, lon, height):
    site = site_from_text(f"{lat!r},{lon!r},{height!r}")
    assert (site.lat_deg, site.lon_deg, site.height_m) == (lat, lon, height)
