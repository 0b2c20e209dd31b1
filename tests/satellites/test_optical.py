"""Optical visibility against Skyfield (``is_sunlit``, the Sun's altitude) and the magnitude model."""

from __future__ import annotations

import numpy as np
import pytest
from skyfield.api import EarthSatellite, wgs84

from aspan.catalog.load import load_catalog
from aspan.core.ephemeris import ephemeris
from aspan.core.sites import site_from_text
from aspan.core.time import timescale
from aspan.errors import InputError
from aspan.satellites.optical import apparent_magnitude, darkness_limit_deg, lit_fraction
from aspan.satellites.passes import find_passes
from support import tle_pairs

ACTIVE = "../shared/data/celestrak-active-2025-10-03.tle"


def test_optical_windows_agree_with_skyfield():
    cat = load_catalog(ACTIVE)
    sub = cat[np.flatnonzero(cat.mean_motion_rev_day > 14.0)[::60]]
    site = site_from_text("almaty-kaznu")
    found = find_passes(sub, site, "2025-10-03T10:00:00Z", hours=24, optical="nautical",
                        min_elevation_deg=10)
    vis = np.isfinite(found.best_s)
    assert vis.sum() >= 5 and (~vis).sum() >= 5
    ts = timescale()
    eph = ephemeris()
    pairs = {int(a[2:7]): (a, b) for a, b in tle_pairs(ACTIVE)}
    topos = wgs84.latlon(site.lat_deg, site.lon_deg, elevation_m=site.height_m)
    checked = agree = total = 0
    for row in range(len(found)):
        rise, set_ = found.rise_s[row], found.set_s[row]
        if np.isnan(rise) or np.isnan(set_):
            continue
        sat = EarthSatellite(*pairs[int(found.norad_id[found.obj[row]])], ts=ts)
        t = np.linspace(rise + 1, set_ - 1, 25)
        times = found.time("rise")[row : row + 1]
        times = ts.tt_jd(times.tt[0] + (t - rise) / 86400.0)
        lit = sat.at(times).is_sunlit(eph)
        sun_alt = (eph["earth"] + topos).at(times).observe(eph["sun"]).apparent().altaz()[0]
        dark = sun_alt.degrees < -12.0
        sky_visible = lit & dark
        a, b = found.visible_start_s[row], found.visible_stop_s[row]
        mine = (t >= np.nan_to_num(a, nan=np.inf)) & (t <= np.nan_to_num(b, nan=-np.inf))
        # away from the boundaries: Skyfield's is_sunlit is the Sun's centre against a
        # spherical Earth, ours the umbra's edge of an oblate one; on grazing entries the
        # penumbra lasts over a minute
        edge = np.zeros(t.size, bool)
        for x in (a, b):
            if np.isfinite(x):
                edge |= np.abs(t - x) < 60.0
        agree += int(np.sum(mine[~edge] == sky_visible[~edge]))
        total += int(np.sum(~edge))
        checked += 1
    assert checked > 20
    # the rest differ by the Earth's flattening (ours oblate, Skyfield's a sphere of 6378 km:
    # up to ~20 km lower shadow near the poles, a minute on grazing shadow entries)
    assert agree >= 0.97 * total, (agree, total)


def test_shadow_against_skyfield_is_sunlit():
    from skyfield.framelib import itrs

    from aspan.satellites.interpolation import grid_times
    from aspan.satellites.optical import shadow_geometry
    from aspan.satellites.propagation import propagate

    cat = load_catalog(ACTIVE)
    ids = [25544, 43805, 39731, 40010]
    sub = cat.select(ids)
    ts = timescale()
    eph = ephemeris()
    pairs = {int(a[2:7]): (a, b) for a, b in tle_pairs(ACTIVE)}
    t0 = ts.utc(2025, 10, 3)
    t_s = np.arange(0.0, 86400.0, 20.0)
    times = grid_times(t0, t_s)
    st = propagate(sub, times).frame("itrs")
    sun = np.asarray((eph["sun"] - eph["earth"]).at(times).frame_xyz(itrs).km).T
    n_shadow = 0
    for k, nid in enumerate(sub.norad_id):
        sep, rho_e, _ = shadow_geometry(st.r_km[k], sun, oblate=False)
        mine = sep > rho_e  # the Sun's centre above the Earth's limb
        sky = EarthSatellite(*pairs[int(nid)], ts=ts).at(times).is_sunlit(eph)
        clear = np.abs(np.degrees(sep - rho_e)) > 0.01
        assert np.array_equal(mine[clear], sky[clear]), nid
        n_shadow += int(np.sum(~sky))
    assert n_shadow > 1000


def test_lit_fraction_umbra_penumbra_sunlit():
    sun = np.array([1.496e8, 0.0, 0.0])
    behind = np.array([-7000.0, 0.0, 0.0])  # straight behind the Earth: umbra
    side = np.array([0.0, 7000.0, 0.0])  # beside the Earth: sunlit
    assert lit_fraction(behind, sun) == 0.0 and lit_fraction(side, sun) == 1.0
    # at the shadow's edge the fraction goes through (0, 1) smoothly
    ys = np.linspace(6300, 6460, 200)
    f = lit_fraction(np.stack([np.full(ys.size, -7000.0), ys, np.zeros(ys.size)], 1), sun)
    assert np.all(np.diff(f) >= -1e-12) and ((f > 0) & (f < 1)).sum() > 10


def test_magnitude_model():
    # McCants: standard magnitude at 1000 km and phase 90 deg
    assert apparent_magnitude(-1.8, 1000.0, np.pi / 2) == pytest.approx(-1.8, abs=0.005)
    # twice the range: 5 log10(2) = 1.505 fainter
    assert apparent_magnitude(0.0, 2000.0, np.pi / 2) == pytest.approx(1.508, abs=0.005)
    # full phase (phase angle 0): F = 1, 0.753 brighter than at 90 deg
    assert apparent_magnitude(0.0, 1000.0, 0.0) == pytest.approx(-0.75, abs=0.005)


def test_darkness_names():
    assert darkness_limit_deg("astronomical") == -18.0
    assert darkness_limit_deg("Civil") == -6.0
    with pytest.raises(InputError, match="astronomical"):
        darkness_limit_deg("dusk")


def test_magnitude_reported_when_given():
    cat = load_catalog(ACTIVE)
    sub = cat[np.flatnonzero(cat.mean_motion_rev_day > 14.0)[::200]]
    mags = {int(i): 4.0 for i in sub.norad_id}
    found = find_passes(sub, "almaty-kaznu", "2025-10-03T00:00:00Z", hours=24,
                        optical="civil", std_mag=mags)
    vis = np.isfinite(found.best_s)
    assert vis.any()
    mags = found.magnitude[vis]
    assert np.all(np.isfinite(mags)) and np.median(mags) < 7.0  # faint at a penumbra edge
    rec = found.to_records()[int(np.flatnonzero(vis)[0])]
    assert rec["visible"] and rec["magnitude"] is not None
    assert rec["visible_start_utc"] or rec["visible_end_utc"]
