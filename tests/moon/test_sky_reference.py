"""Sun, Earth and five stars from three south-pole sites, 2026-2035, against Skyfield with
NAIF's lunar kernels (lunarsky): altitude and azimuth x cos(altitude) within 1 arcsecond."""

from __future__ import annotations

import numpy as np
import pytest
from reference import naif_site

from aspan.core.ephemeris import ephemeris
from aspan.core.time import timescale
from aspan.moon.geometry import local_sky
from aspan.moon.sites import lunar_site_from_text
from aspan.moon.sky import sky_track, star

ONE_ARCSEC_DEG = 1.0 / 3600.0
SITES = ("connecting-ridge", "peak-near-shackleton", "malapert-massif")
# (ra_deg, dec_deg, pm_ra*cosdec mas/yr, pm_dec mas/yr, parallax mas): Hipparcos (ESA 1997,
# new reduction van Leeuwen 2007) values for Sirius, Canopus, alpha Centauri A, Achernar, Vega
STARS = [(101.28715533, -16.71611586, -546.01, -1223.07, 379.21),
         (95.98795782, -52.69566138, 19.93, 23.24, 10.55),
         (219.90205833, -60.83399269, -3679.25, 473.67, 742.12),
         (24.42852083, -57.23675281, 87.00, -38.24, 22.68),
         (279.23473479, 38.78368896, 200.94, 286.23, 130.23)]


def _times():
    # 400 times spread over 2026-2035 (irregular, so that no phase of the month repeats)
    days = np.sort(np.random.default_rng(6).uniform(0, 3652, 400))
    return timescale().utc(2026, 1, 1 + days)


def _compare(alt, az, ref_alt, ref_az):
    d_alt = np.abs(alt - ref_alt)
    d_az = np.abs((az - ref_az + 180.0) % 360.0 - 180.0) * np.cos(np.radians(ref_alt))
    return d_alt.max(), d_az.max()


@pytest.mark.parametrize("key", SITES)
def test_sun_earth_stars_within_one_arcsec(key):
    eph, t = ephemeris(), _times()
    site = lunar_site_from_text(key, mast_m=2.0)
    ref_obs = (eph["moon"] + naif_site(site)).at(t)
    fast_sites = local_sky
    for name in ("sun", "earth"):
        ref_alt, ref_az, ref_d = ref_obs.observe(eph[name]).apparent().altaz()
        track = sky_track(site, name, t)
        assert max(_compare(track.alt_deg, track.az_deg, ref_alt.degrees,
                            ref_az.degrees)) < ONE_ARCSEC_DEG
        assert np.abs(track.distance_km - ref_d.km).max() < 0.001  # 1 m
        fast = fast_sites([site], name, t.whole, t.tdb_fraction)
        assert max(_compare(fast.alt_deg[0], fast.az_deg[0], ref_alt.degrees,
                            ref_az.degrees)) < ONE_ARCSEC_DEG
        assert np.abs(fast.distance_km[0] - ref_d.km).max() < 0.1  # 100 m
    for ra, dec, pmra, pmdec, plx in STARS:
        s = star(ra, dec, pm_ra_mas_yr=pmra, pm_dec_mas_yr=pmdec, parallax_mas=plx)
        ref_alt, ref_az, _ = ref_obs.observe(s).apparent().altaz()
        track = sky_track(site, s, t)
        assert max(_compare(track.alt_deg, track.az_deg, ref_alt.degrees,
                            ref_az.degrees)) < ONE_ARCSEC_DEG


def test_shapes_scalar_and_array():
    site = lunar_site_from_text("connecting-ridge")
    one = sky_track(site, "sun", timescale().utc(2030, 5, 1))
    assert one.alt_deg.shape == (1,)
    many = local_sky([site, site.with_mast(10)], "earth", np.array([2461041.5] * 5),
                     np.linspace(0, 1, 5))
    assert many.alt_deg.shape == (2, 5)
