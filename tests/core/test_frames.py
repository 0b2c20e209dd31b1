"""TEME -> GCRS and TEME -> ITRS against Skyfield, on real satellites, to 1 mm and 1 mm/s.

The authority: Skyfield's ``EarthSatellite.at(t)`` (GCRS, through ``skyfield.sgp4lib.TEME``)
and ``.frame_xyz_and_velocity(itrs)`` with the same polar motion table installed in its
timescale; both fed the very same TEME states through ``sgp4``.
"""

from __future__ import annotations

import numpy as np
import pytest
from skyfield.api import EarthSatellite, load
from skyfield.framelib import itrs
from skyfield.sgp4lib import TEME

from aspan.core.frames import (
    EARTH_ROTATION_RAD_S,
    check_frame,
    polar_motion_table,
    rotate_teme,
    teme_matrix,
    teme_to_gcrs_matrix,
    teme_to_itrs_matrix,
)
from aspan.core.time import timescale, to_time
from aspan.errors import InputError

MM = 1e-6  # km
MM_S = 1e-6  # km/s
ACTIVE = "../shared/data/celestrak-active-2025-10-03.tle"
# ISS, KAZSAT-2 (GEO), KAZEOSAT 1 (sun-synchronous), KAZSTSAT, AL-FARABI 2, a Molniya-like
# Meridian 7 (Molniya orbit) and GPS BIIR-2 24876 (deep space, 12 h resonance)
NORADS = (25544, 37749, 39731, 43783, 43805, 40296, 24876)


def _tles(path, norads):
    lines = [ln.rstrip("\r\n") for ln in open(path, newline="")]
    out = {}
    for i, ln in enumerate(lines):
        if ln.startswith("1 ") and i + 1 < len(lines) and int(ln[2:7]) in norads:
            out[int(ln[2:7])] = (ln, lines[i + 1])
    return out


@pytest.fixture(scope="module")
def satellites():
    tles = _tles(ACTIVE, NORADS)
    assert {25544, 37749, 39731} <= set(tles), "the Kazakh and ISS element sets are in the file"
    return tles


@pytest.fixture(scope="module")
def skyfield_ts():
    """A Skyfield timescale with built-in UT1 and the same polar motion table as aspan."""
    ts = load.timescale(builtin=True)
    ts.polar_motion_table = polar_motion_table()
    return ts


def _teme(sat, t):
    r, v, _ = sat._position_and_velocity_TEME_km(t)
    return r.T, v.T  # (n_times, 3)


def test_gcrs_and_itrs_agree_with_skyfield_to_1_mm(satellites, skyfield_ts):
    worst = {"gcrs_r": 0.0, "gcrs_v": 0.0, "itrs_r": 0.0, "itrs_v": 0.0}
    for line1, line2 in satellites.values():
        sat = EarthSatellite(line1, line2, ts=skyfield_ts)
        epoch = sat.epoch
        t = skyfield_ts.tt_jd(epoch.tt + np.linspace(-3.0, 7.0, 97))
        r_teme, v_teme = _teme(sat, t)

        position = sat.at(t)
        r, v = rotate_teme(r_teme, v_teme, t, "gcrs")
        worst["gcrs_r"] = max(worst["gcrs_r"], np.abs(r - position.position.km.T).max())
        worst["gcrs_v"] = max(worst["gcrs_v"], np.abs(v - position.velocity.km_per_s.T).max())

        r_sf, v_sf = position.frame_xyz_and_velocity(itrs)
        r, v = rotate_teme(r_teme, v_teme, t, "itrs")
        worst["itrs_r"] = max(worst["itrs_r"], np.abs(r - r_sf.km.T).max())
        worst["itrs_v"] = max(worst["itrs_v"], np.abs(v - v_sf.km_per_s.T).max())
    print({k: f"{value * 1e6:.2e} mm" + ("/s" if k.endswith("v") else "")
           for k, value in worst.items()})
    assert worst["gcrs_r"] < MM and worst["itrs_r"] < MM
    assert worst["gcrs_v"] < MM_S and worst["itrs_v"] < MM_S


def test_gcrs_matrix_is_the_transpose_of_skyfields_teme_frame():
    t = timescale().utc(2025, 10, 3, np.arange(0, 24, 3.0))
    ours = teme_to_gcrs_matrix(t)
    theirs = np.moveaxis(TEME.rotation_at(t), (0, 1), (-1, -2))  # transposed, time first
    assert ours.shape == (8, 3, 3)
    assert np.abs(ours - theirs).max() < 1e-15


def test_polar_motion_moves_the_earth_fixed_position_by_metres():
    # IERS polar motion is a few tenths of an arcsecond: 5-15 m at the Earth's surface
    t = timescale().utc(2024, 7, 5)
    r = np.array([6378.137, 0.0, 0.0])
    with_pm = teme_to_itrs_matrix(t) @ r
    without = teme_to_itrs_matrix(t, polar_motion=False) @ r
    assert 1e-3 < np.linalg.norm(with_pm - without) < 0.03


def test_matrices_are_rotations():
    t = timescale().utc(2026, 6, 10, np.arange(5.0))
    for m in (teme_to_gcrs_matrix(t), teme_to_itrs_matrix(t)):
        eye = np.einsum("tij,tkj->tik", m, m)
        assert np.abs(eye - np.eye(3)).max() < 1e-14
        assert np.allclose(np.linalg.det(m), 1.0, atol=1e-14)


def test_itrs_velocity_of_a_point_fixed_in_teme_is_minus_omega_cross_r():
    t = to_time("2024-07-05T12:00:00Z")
    r, v = rotate_teme(np.array([42164.0, 0.0, 0.0]), np.zeros(3), t, "itrs")
    assert abs(np.linalg.norm(v) - EARTH_ROTATION_RAD_S * 42164.0) < MM_S  # 3.07 km/s


@pytest.mark.parametrize("frame", ["teme", "gcrs", "itrs"])
def test_shapes_survive_scalars_and_arrays(frame):
    ts = timescale()
    t_scalar = ts.utc(2024, 7, 5)
    t_array = ts.utc(2024, 7, 5, 0, np.arange(4.0))
    rng = np.random.default_rng(1)
    r3 = rng.normal(size=(5, 4, 3)) * 7000.0
    v3 = rng.normal(size=(5, 4, 3))
    r, v = rotate_teme(r3, v3, t_array, frame)
    assert r.shape == v.shape == (5, 4, 3)
    r, v = rotate_teme(r3[0, 0], v3[0, 0], t_scalar, frame)
    assert r.shape == v.shape == (3,)
    # one object at several times == each time alone
    for j in range(4):
        rj, vj = rotate_teme(r3[:, j], v3[:, j], t_array[j], frame)
        r_all, v_all = rotate_teme(r3, v3, t_array, frame)
        assert np.allclose(rj, r_all[:, j], rtol=0, atol=1e-9)
        assert np.allclose(vj, v_all[:, j], rtol=0, atol=1e-12)
    # times of shape (n, t) (minutes since each object's epoch) rotate element-wise
    t2 = ts.tt_jd(np.broadcast_to(t_array.whole, (5, 4)),
                  np.broadcast_to(t_array.tt_fraction, (5, 4)))
    m2 = teme_matrix(t2, frame)
    if m2 is not None:
        assert m2.shape == (5, 4, 3, 3)
        assert np.abs(m2[3] - teme_matrix(t_array, frame)).max() < 1e-15


def test_nan_states_stay_nan():
    t = timescale().utc(2024, 7, 5, 0, np.arange(2.0))
    r = np.full((1, 2, 3), np.nan)
    for frame in ("gcrs", "itrs"):
        out_r, out_v = rotate_teme(r, r, t, frame)
        assert np.isnan(out_r).all() and np.isnan(out_v).all()


def test_unknown_frame_is_an_input_error_that_lists_the_frames():
    with pytest.raises(InputError) as info:
        check_frame("ecef")
    assert str(info.value) == ("frame 'ecef' is not one of teme, gcrs, itrs; use teme (SGP4's "
                               "own), gcrs (inertial) or itrs (Earth-fixed)")
    assert check_frame(" ITRS ") == "itrs"
