"""Constraints and windows against Skyfield and against dense sampling."""

from __future__ import annotations

import numpy as np
import pytest
from skyfield.api import Star

from aspan.core.ephemeris import ephemeris
from aspan.core.sites import site_by_name, site_from_text
from aspan.errors import InputError, NotFoundError
from aspan.moon.sky import sky_track, star
from aspan.observing.constraints import Constraints
from aspan.observing.geometry import SiteGeometry
from aspan.observing.observability import Observability, hours_per_year
from aspan.observing.sites import observing_site
from aspan.observing.targets import Targets

ARCSEC = 1.0 / 3600.0
RNG = np.random.default_rng(11)
N = 40
TARGETS = Targets(np.array([f"S{i}" for i in range(N)], dtype=object),
                  RNG.uniform(0, 360, N), np.degrees(np.arcsin(RNG.uniform(-1, 1, N))))


@pytest.mark.parametrize("site_text", ["assy-turgen", "43.0576,76.9715,2735", "-30.24,-70.74"])
def test_altaz_and_separations_match_skyfield(site_text):
    site = site_from_text(site_text)
    geo = SiteGeometry(site, "2026-12-01T12:00:00Z", "2026-12-02T12:00:00Z")
    t_s = np.arange(0.0, geo.span_s, 3917.0)
    sky = geo.at(t_s)
    alt, az = sky.altaz(TARGETS.unit_vectors)
    moon_sep = sky.separation_deg(TARGETS.unit_vectors, "moon")
    eph = ephemeris()
    observer = (eph["earth"] + site.position).at(geo.window.time(t_s))
    moon = observer.observe(eph["moon"]).apparent()
    sun_alt, _, _ = observer.observe(eph["sun"]).apparent().altaz()
    np.testing.assert_allclose(sky.sun_alt_deg, sun_alt.degrees, atol=1 * ARCSEC)
    for i in range(N):
        s = Star(ra_hours=TARGETS.ra_deg[i] / 15.0, dec_degrees=TARGETS.dec_deg[i])
        app = observer.observe(s).apparent()
        a, z, _ = app.altaz()
        np.testing.assert_allclose(alt[i], a.degrees, atol=1 * ARCSEC)
        high = a.degrees < 89.9  # azimuth is undefined at the zenith
        dz = (az[i] - z.degrees + 180.0) % 360.0 - 180.0
        assert np.all(np.abs(dz[high] * np.cos(np.radians(a.degrees[high]))) < 1 * ARCSEC)
        np.testing.assert_allclose(moon_sep[i], app.separation_from(moon).degrees,
                                   atol=1 * ARCSEC)


def test_lunar_site_matches_the_full_path():
    site = observing_site("moon:-89.5,30,1200")
    geo = SiteGeometry(site, "2027-03-01", "2027-03-05")
    t_s = np.linspace(0, geo.span_s, 7)
    alt, az = geo.at(t_s).altaz(TARGETS.unit_vectors[:5])
    for i in range(5):
        track = sky_track(site, star(TARGETS.ra_deg[i], TARGETS.dec_deg[i]),
                          geo.window.time(t_s))
        np.testing.assert_allclose(alt[i], track.alt_deg, atol=1 * ARCSEC)


def test_sites_from_text():
    assert observing_site("assy-turgen") == site_by_name("assy-turgen")
    assert observing_site("connecting-ridge").key == "connecting-ridge"
    assert observing_site("moon:-89.9,0").lat_deg == -89.9
    for bad, error in (("moon:95,0", InputError), ("nowhere", NotFoundError),
                       ("43,77,1,2", InputError)):
        with pytest.raises(error):
            observing_site(bad)


def test_windows_agree_with_dense_sampling():
    cons = Constraints(min_altitude_deg=20.0, sun_max_altitude_deg=-18.0,
                       other_min_separation_deg=30.0)
    obs = Observability("assy-turgen", cons, "2026-12-01T10:00:00Z", "2026-12-02T04:00:00Z")
    windows = obs.windows(TARGETS.unit_vectors, tol_s=1.0).per_target()
    t_dense = np.arange(0.0, obs.geometry.span_s, 20.0)
    _, margins = obs.grid(TARGETS.unit_vectors, t_dense)
    ok = np.logical_and.reduce([m >= 0 for m in margins.values()])
    for i in range(N):
        inside = np.zeros(t_dense.size, bool)
        for a, b in windows[i]:
            inside |= (t_dense >= a - 2.0) & (t_dense <= b + 2.0)
            # the edges are where the margin crosses zero (to 1 s)
            for edge in (a, b):
                if 1.0 < edge < obs.geometry.span_s - 1.0:
                    m = cons.margin(obs.geometry.at([edge]), TARGETS.unit_vectors[i:i + 1])
                    assert abs(float(m[0, 0])) < 0.01  # deg: 1 s of sky motion is 0.004 deg
        assert np.all(inside[ok[i]]), f"target {i}: observable time outside every window"
        strictly = np.zeros(t_dense.size, bool)
        for a, b in windows[i]:
            strictly |= (t_dense >= a + 2.0) & (t_dense <= b - 2.0)
        assert np.all(ok[i][strictly]), f"target {i}: a window holds unobservable time"
    hours = obs.windows(TARGETS.unit_vectors).hours()
    np.testing.assert_allclose(hours, obs.observable_hours(TARGETS.unit_vectors), atol=0.1)


def test_lunar_constraints_and_hours_per_year():
    cons = Constraints(min_altitude_deg=5.0, sun_min_separation_deg=90.0,
                       other_min_separation_deg=20.0, lunar=True)
    assert cons.names() == ["altitude", "sun_separation", "earth_separation"]
    u = TARGETS.unit_vectors[:6]
    hours = hours_per_year("connecting-ridge", cons, u, 2027)
    assert hours.shape == (6,) and np.all((hours >= 0) & (hours <= 8760))
    # a south-polar site never sees the north celestial sky
    north = np.array([[0.0, 0.0, 1.0]])
    assert hours_per_year("connecting-ridge", cons, north, 2027)[0] == 0.0
    with pytest.raises(InputError, match="outside the DE421"):
        hours_per_year("connecting-ridge", cons, north, 2077)


def test_dark_time_constraint():
    cons = Constraints(min_altitude_deg=20.0, sun_max_altitude_deg=-18.0,
                       moon_max_altitude_deg=0.0)
    assert cons.names() == ["altitude", "sun_altitude", "moon_altitude"]
    geo = SiteGeometry("assy-turgen", "2026-12-01T12:00:00Z", "2026-12-02T02:00:00Z")
    t_s = np.arange(0.0, geo.span_s, 600.0)
    sky = geo.at(t_s)
    m = cons.margins(sky, TARGETS.unit_vectors)
    np.testing.assert_allclose(m["moon_altitude"][0], -sky.other_alt_deg)
    assert "Moon below 0 deg" in cons.describe("moon_altitude")
