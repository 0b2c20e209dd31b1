"""Sunlight and Earth in view: disk fraction, no missed transitions (dense sampling), ranges."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aspan.core.sites import site_from_text
from aspan.core.topocentric import HorizonMask
from aspan.errors import OutOfRangeError
from aspan.moon.geometry import local_sky
from aspan.moon.links import links_home
from aspan.moon.sites import lunar_site_from_text
from aspan.moon.visibility import disk_fraction, visibility

# a rugged synthetic mask: 0.5 deg samples of +-2 deg terrain (like LOLA masks)
_rng = np.random.default_rng(1)
RUGGED = HorizonMask(np.arange(0, 360, 0.5), np.clip(np.cumsum(_rng.normal(0, 0.15, 720)),
                                                     -2, 2))


@given(st.floats(-3, 3))
def test_disk_fraction_is_monotonic_and_symmetric(x):
    f = disk_fraction(x)
    assert 0.0 <= f <= 1.0
    assert f + disk_fraction(-x) == pytest.approx(1.0, abs=1e-12)
    assert disk_fraction(x + 0.01) >= f


def test_sunlight_intervals_match_dense_sampling():
    site = lunar_site_from_text("connecting-ridge", mast_m=2)
    vis = visibility([site], "sun", "2026-01-01", "2026-03-01", step_s=600, masks=RUGGED)[0]
    w = vis.window
    t_s = np.arange(0.0, w.span_s, 20.0)  # 20-second truth
    jw, jf = w.jd(t_s)
    sky = local_sky([site], "sun", jw, jf)
    x = (sky.alt_deg[0] - RUGGED.at(sky.az_deg[0])) / sky.disk_radius_deg("sun")[0]
    truth = np.where(x >= 1, "full", np.where(x > -1, "partial", "dark"))
    ours = np.empty(t_s.size, dtype=object)
    for a, b, s in vis.intervals:
        ours[(t_s >= a) & (t_s < b)] = s
    # every state change of the truth is found: disagreements only within 2 s of a boundary
    bad = t_s[ours != truth]
    cuts = np.array([a for a, _, _ in vis.intervals[1:]])
    assert all(np.abs(cuts - b).min() < 2.0 for b in bad)
    assert vis.intervals[0][0] == 0.0 and vis.intervals[-1][1] == w.span_s
    assert vis.visible_fraction == pytest.approx(disk_fraction(x).mean(), abs=2e-3)
    assert vis.any_fraction >= vis.visible_fraction >= vis.full_fraction


def test_flat_horizon_pole_is_lit_about_half_the_time():
    pole = lunar_site_from_text("-90,0")
    sun, earth = (visibility([pole], b, "2026-01-01", "2028-01-01", step_s=1800)[0]
                  for b in ("sun", "earth"))
    assert 0.4 < sun.visible_fraction < 0.6
    assert 0.4 < earth.centre_fraction < 0.6
    assert earth.longest_s("dark") / 86400 < 16  # half a nodal month at most (13.6 d + disk)


def test_link_windows_and_light_time():
    site = lunar_site_from_text("malapert-massif", mast_m=2)
    almaty = site_from_text("almaty-kaznu")
    link = links_home(site, [almaty], "2026-03-01", "2026-03-04", min_elevation_deg=5)[0]
    assert 0.2 < link.linked_fraction < 0.7
    for i in link.intervals:
        assert 356_000 < i["range_km_min"] <= i["range_km_max"] < 407_000
        assert 1.18 < i["light_time_s_min"] <= i["light_time_s_max"] < 1.36
        assert i["stop_s"] - i["start_s"] < 16 * 3600  # the Moon is up < 16 h at 43 deg N


def test_times_outside_de421():
    with pytest.raises(OutOfRangeError) as info:
        visibility([lunar_site_from_text("-90,0")], "sun", "2050-12-01", "2051-02-01")
    assert str(info.value) == ("stop 2051-02-01T00:00:00Z is outside the DE421 ephemeris "
                               "(1900-01-01 to 2050-12-31); choose a time between 1900 and 2050")
