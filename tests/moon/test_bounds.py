"""Physical bounds at the pole with a flat horizon, and azimuth near the pole."""

from __future__ import annotations

import numpy as np

from aspan.moon.geometry import local_sky
from aspan.moon.sites import LunarSite


def _decade(step_days=0.25):
    jd = 2461041.5 + np.arange(0.0, 3652.5, step_days)  # 2026-2035 (TDB)
    return np.floor(jd), jd - np.floor(jd)


def test_sun_and_earth_stay_near_the_horizon_at_the_pole():
    pole = LunarSite("south pole", -90.0, 0.0)
    w, f = _decade()
    sun = local_sky([pole], "sun", w, f)
    earth = local_sky([pole], "earth", w, f)
    # the lunar equator is tilted 1.54 deg to the ecliptic; parallax 0.0003 deg
    assert 1.45 < np.abs(sun.alt_deg).max() < 1.6
    # libration in latitude up to ~6.9 deg (optical 6.7 + physical), plus the Earth's
    # parallax seen from the lunar surface, asin(1737.4 / 356500) = 0.28 deg
    assert 6.5 < np.abs(earth.alt_deg).max() < 7.2
    # the Earth hangs over the near side: azimuth within ~8 deg of the 0 meridian's north
    assert np.abs((earth.az_deg + 180) % 360 - 180).max() < 10.0


def test_azimuth_is_continuous_a_few_metres_from_the_pole():
    w, f = _decade(step_days=5.0)
    pole = local_sky([LunarSite("pole", -90.0, 45.0)], "sun", w, f)
    lat_5m = -90.0 + np.degrees(0.005 / 1737.4)  # 5 m from the pole along lon 45
    near = local_sky([LunarSite("5 m", lat_5m, 45.0)], "sun", w, f)
    d_az = np.abs((near.az_deg - pole.az_deg + 180) % 360 - 180)
    assert d_az.max() < 0.01  # 5 m on the Moon moves the Sun's azimuth by 0.0002 deg
    assert np.abs(near.alt_deg - pole.alt_deg).max() < 0.001
