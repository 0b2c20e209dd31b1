"""Field crossings: the ISS through a 2 degree field pointed where Skyfield puts it."""

from __future__ import annotations

import numpy as np
import pytest
from skyfield.api import EarthSatellite

from aspan.catalog.load import load_catalog
from aspan.core.sites import site_from_text
from aspan.core.time import timescale
from aspan.errors import InputError
from aspan.satellites.crossings import find_crossings_in_field, gnomonic_deg, unit_vector
from support import tle_pairs

ACTIVE = "../shared/data/celestrak-active-2025-10-03.tle"


def test_iss_crosses_where_skyfield_puts_it():
    cat = load_catalog(ACTIVE)
    pairs = {int(a[2:7]): (a, b) for a, b in tle_pairs(ACTIVE)}
    ts = timescale()
    site = site_from_text("almaty-kaznu")
    sat = EarthSatellite(*pairs[25544], ts=ts)
    t = ts.utc(2025, 10, 3, 6, 2, 41.8)  # near a 86 deg culmination over Almaty
    ra, dec, _ = (sat - site.position).at(t).radec()
    start = ts.utc(2025, 10, 3, 6, 2, 11.8)
    sub = cat[np.flatnonzero((cat.mean_motion_rev_day > 15.0) & (cat.norad_id != 25544))[:300]]
    sub = type(cat).concat([sub, cat.select([25544])])
    found = find_crossings_in_field(sub, site, ra._degrees, dec.degrees, 2.0,
                                    start.utc_iso(), 60.0)
    iss = [c for c in found if c.norad_id == 25544]
    assert len(iss) == 1
    c = iss[0]
    assert c.min_separation_deg < 1.0 / 3600  # 1 arcsec
    import datetime as dt

    closest = dt.datetime.fromisoformat(c.closest_utc.replace("Z", "+00:00"))
    assert abs((closest - t.utc_datetime()).total_seconds()) < 0.01
    # entry and exit on the field's edge, about 1 deg/s across a 2 deg field
    for x, y in ((c.entry_x_deg, c.entry_y_deg), (c.exit_x_deg, c.exit_y_deg)):
        assert np.hypot(x, y) == pytest.approx(1.0, abs=0.01)
    assert 0.8 < c.angular_rate_deg_s < 1.2
    assert len(c.track) == 11 and c.sunlit
    # the track's RA/Dec agree with Skyfield along the streak
    for utc, ra_i, dec_i, _, _ in c.track[::5]:
        ti = ts.from_datetime(__import__("datetime").datetime.fromisoformat(
            utc.replace("Z", "+00:00")))
        r2, d2, _ = (sat - site.position).at(ti).radec()
        sep = np.degrees(np.arccos(np.clip(unit_vector(ra_i, dec_i) @ unit_vector(
            r2._degrees, d2.degrees), -1, 1)))
        assert sep < 3.0 / 3600  # 3 arcsec (track times rounded to 1 ms: 1 arcsec at 1 deg/s)


def test_gnomonic_axes():
    x, y = gnomonic_deg(unit_vector(10.5, 20.0), 10.0, 20.0)
    assert x > 0 and abs(y) < 0.01  # east is +x
    x, y = gnomonic_deg(unit_vector(10.0, 20.5), 10.0, 20.0)
    assert abs(x) < 1e-9 and y == pytest.approx(0.5, abs=1e-3)


def test_bad_field():
    cat = load_catalog(ACTIVE)[:3]
    with pytest.raises(InputError, match="field of view"):
        find_crossings_in_field(cat, "almaty-kaznu", 0, 0, 0.0, "2025-10-03T00:00:00Z", 10)
