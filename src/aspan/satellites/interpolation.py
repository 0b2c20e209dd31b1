"""Sampled satellite tracks and cubic Hermite interpolation between the samples.

The pass finder samples SGP4 on a grid and refines events between samples. Instead of running
SGP4 again at every refinement probe, positions are interpolated with the cubic Hermite
polynomial through the two bracketing samples' positions and velocities. Its error is
``h^4 / 384 * max|r''''|`` (de Boor, *A Practical Guide to Splines*, ch. I); for an orbit
``|r''''| ~ r w^4`` with ``w`` the fastest angular rate (at perigee, plus the Earth's rotation
in ITRS), so the step for a position tolerance ``tol`` is ``(384 tol / (r_p w_p^4))^(1/4)``:
about 150 s for 20 m in low orbit. ``sampling_step_s`` gives it per object; the tests compare
interpolated states with direct propagation.

Shapes: a ``SampledTracks`` holds ``n`` objects on one time grid ``t_s (k,)`` (seconds since
the window start): ``r_km``, ``v_km_s`` ``(n, k, 3)`` ITRS (or any frame in which the states
are smooth); ``at(obj (m,), t_s (m,))`` returns ``(m, 3)`` positions and velocities.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from aspan.core.frames import EARTH_ROTATION_RAD_S, teme_matrix
from aspan.core.time import split_jd_utc, utc_jd_split_to_time
from aspan.kernels.geometry import look_angles, rotate_states
from aspan.kernels.hermite import hermite_elevation, hermite_states

#: WGS72 gravitational parameter (km^3/s^2), the constant SGP4 uses.
MU_KM3_S2 = 398600.8
#: Steps the pass finder uses (s); an object's step is the largest one not above its need.
STEP_LADDER_S = (5.0, 10.0, 15.0, 20.0, 30.0, 45.0, 60.0, 90.0, 120.0, 150.0, 180.0, 240.0,
                 300.0, 450.0, 600.0)


def sampling_step_s(mean_motion_rev_day, eccentricity, *, position_tol_m: float = 20.0,
                    max_step_s: float = 600.0) -> np.ndarray:
    """The sampling step (s) for each orbit, from the ``STEP_LADDER_S``.

    The largest ladder step with Hermite error below ``position_tol_m`` at perigee
    (``(384 tol / (r_p w_p^4))^(1/4)``, ``w_p = n (1+e)^2 / (1-e^2)^(3/2) + w_earth``), and
    never above a twelfth of the period (so that each elevation maximum and the minima on
    either side are several samples apart) nor ``max_step_s``.
    """
    n_rad_s = np.asarray(mean_motion_rev_day, dtype=np.float64) * 2.0 * np.pi / 86400.0
    e = np.clip(np.asarray(eccentricity, dtype=np.float64), 0.0, 0.99)
    n_rad_s = np.where(n_rad_s > 1e-6, n_rad_s, 1e-6)
    a_km = (MU_KM3_S2 / n_rad_s**2) ** (1.0 / 3.0)
    r_p = np.maximum(a_km * (1.0 - e), 6378.0)
    w_p = n_rad_s * (1.0 + e) ** 2 / (1.0 - e * e) ** 1.5 + EARTH_ROTATION_RAD_S
    need = (384.0 * position_tol_m / 1000.0 / (r_p * w_p**4)) ** 0.25
    need = np.minimum(need, 2.0 * np.pi / n_rad_s / 12.0)
    need = np.minimum(need, max_step_s)
    ladder = np.asarray(STEP_LADDER_S)
    i = np.searchsorted(ladder, need, side="right") - 1
    return ladder[np.clip(i, 0, ladder.size - 1)]


class SampledTracks:
    """States of ``n`` objects on a common grid ``t_s (k,)``, interpolated by cubic Hermite."""

    def __init__(self, t_s: np.ndarray, r_km: np.ndarray, v_km_s: np.ndarray) -> None:
        self.t_s = np.asarray(t_s, dtype=np.float64)
        self.r_km = r_km
        self.v_km_s = v_km_s

    @cached_property
    def max_speed_km_s(self) -> np.ndarray:
        """Fastest sampled speed of each object ``(n,)``, 0 where all states are NaN."""
        speed = np.sqrt(np.einsum("nki,nki->nk", self.v_km_s, self.v_km_s))
        return np.nan_to_num(np.nanmax(speed, axis=1, initial=0.0), nan=0.0)

    @property
    def n_objects(self) -> int:
        return self.r_km.shape[0]

    def at(self, obj: np.ndarray, t_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Interpolated ``(r_km, v_km_s)``, each ``(m, 3)``, of objects ``obj`` at ``t_s``."""
        obj = np.ascontiguousarray(obj, dtype=np.int64)
        t = np.ascontiguousarray(t_s, dtype=np.float64)
        r = np.empty((t.size, 3))
        v = np.empty((t.size, 3))
        hermite_states(self.t_s, self.r_km, self.v_km_s, obj, t, r, v)
        return r, v

    def elevation_deg(self, obj: np.ndarray, t_s: np.ndarray, site_km: np.ndarray,
                      up: np.ndarray) -> np.ndarray:
        """Geometric elevation (deg) above the site at ITRS ``site_km`` with unit ``up``."""
        obj = np.ascontiguousarray(obj, dtype=np.int64)
        t = np.ascontiguousarray(t_s, dtype=np.float64)
        out = np.empty(t.size)
        hermite_elevation(self.t_s, self.r_km, self.v_km_s, obj, t,
                           np.ascontiguousarray(site_km, dtype=np.float64),
                           np.ascontiguousarray(up, dtype=np.float64), out)
        return out


def grid_times(start, t_s: np.ndarray):
    """Skyfield ``Time`` of ``start`` plus ``t_s`` seconds (UTC steps, as ``time_range``)."""
    w0, f0 = split_jd_utc(start)
    days, rest = np.divmod(np.asarray(t_s, dtype=np.float64), 86400.0)
    return utc_jd_split_to_time(w0[0] + days, f0[0] + rest / 86400.0)


def teme_to_itrs(r_km: np.ndarray, v_km_s: np.ndarray, matrix: np.ndarray):
    """Rotate TEME states ``(n, k, 3)`` with per-time matrices ``(k, 3, 3)`` into ITRS.

    The same as ``aspan.core.frames.apply_teme_matrix`` (velocity gets ``-w x r``), in a
    parallel loop: several times faster than ``einsum`` on large blocks.
    """
    out_r = np.empty_like(r_km)
    out_v = np.empty_like(v_km_s)
    rotate_states(np.ascontiguousarray(r_km), np.ascontiguousarray(v_km_s),
            np.ascontiguousarray(matrix), EARTH_ROTATION_RAD_S, out_r, out_v)
    return out_r, out_v


def grid_elevation_range(tracks: SampledTracks, site_km: np.ndarray, up: np.ndarray):
    """Geometric elevation (deg) and range (km), ``(n, k)`` each, of every sample; NaN where
    the state is NaN."""
    n, k = tracks.r_km.shape[:2]
    el = np.empty((n, k))
    rng = np.empty((n, k))
    look_angles(np.ascontiguousarray(tracks.r_km), np.ascontiguousarray(site_km, np.float64),
               np.ascontiguousarray(up, np.float64), el, rng)
    return el, rng


def itrs_matrices(times, *, polar_motion: bool = True) -> np.ndarray:
    """TEME -> ITRS rotation at each of ``times``: ``(k, 3, 3)``."""
    return teme_matrix(times, "itrs", polar_motion=polar_motion)
