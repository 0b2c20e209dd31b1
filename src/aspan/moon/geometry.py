"""Where a body stands in the sky of many lunar sites at many times: the fast path.

For half a million times and several sites at once (sunlight over ten years, the Earth in
view), everything is arrays: DE421 positions from the numba Chebyshev kernel
(``aspan.moon.bodies``), the light-time iteration from the Moon's centre, the rotation into the
ME frame (``aspan.moon.frames``), the site offset (constant in that frame) and the aberration
of the Moon's barycentric velocity (Skyfield's ``add_aberration`` formula, from NOVAS), then
altitude and azimuth on each site's local axes. No atmosphere.

Approximations against the full path (``aspan.moon.sky``, Skyfield ``observe().apparent()``),
all far below the 1 arcsec the tests hold both paths to:

* light time is taken from the Moon's centre: the site is at most 5.8 ms of light nearer, in
  which the Earth moves 0.2 m (0.0001 arcsec at the Earth's distance);
* the observer's velocity is the Moon's centre's: the surface turns at most 4.6 m/s
  (0.003 arcsec of aberration), under 0.05 m/s within a degree of the pole;
* no gravitational deflection: none for the Sun itself, under 0.05 arcsec for the Earth seen
  more than 10 deg from the Sun. Stars go through the full path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aspan.moon.bodies import BODY_RADIUS_KM, barycentric_km, body_key
from aspan.moon.frames import MoonFrame

C_KM_S = 299_792.458
SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class LocalSky:
    """Apparent altitude, azimuth (deg) and distance (km) of one body: each (n_sites, n)."""

    alt_deg: np.ndarray
    az_deg: np.ndarray
    distance_km: np.ndarray

    def disk_radius_deg(self, body: str) -> np.ndarray:
        """Apparent angular radius of the body's disk (deg)."""
        return np.degrees(np.arcsin(BODY_RADIUS_KM[body_key(body)] / self.distance_km))


def aberrate(p: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Apparent direction of astrometric vectors ``p`` (km, axis -2 = xyz) seen by an observer
    moving at ``v`` (km/s, broadcastable): relativistic aberration as Skyfield's
    ``relativity.add_aberration`` (NOVAS ``aberration``), returned unnormalized in km."""
    p1mag = np.sqrt(np.sum(p * p, axis=-2, keepdims=True))
    vemag = np.sqrt(np.sum(v * v, axis=-2, keepdims=True))
    beta = vemag / C_KM_S
    cosd = np.sum(p * v, axis=-2, keepdims=True) / (p1mag * vemag)
    gammai = np.sqrt(1.0 - beta * beta)
    q = beta * cosd
    lt_s = p1mag / C_KM_S
    return (gammai * p + (1.0 + q / (1.0 + gammai)) * lt_s * v) / (1.0 + q)


def body_from_moon(body: str, jd_whole, jd_frac, *, iterations: int = 3):
    """Astrometric (light-time corrected) vector Moon centre -> body (km, (3, n)) and the
    Moon's barycentric velocity (km/s, (3, n)), at split TDB dates."""
    w = np.atleast_1d(np.asarray(jd_whole, dtype=np.float64))
    f = np.atleast_1d(np.asarray(jd_frac, dtype=np.float64))
    w, f = np.broadcast_arrays(w, f)
    moon_p, moon_v = barycentric_km("moon", w, f)
    target, _ = barycentric_km(body, w, f)
    for _ in range(iterations):  # 1e-12 s after three rounds from the geometric distance
        lt_days = np.sqrt(np.sum((target - moon_p) ** 2, axis=0)) / C_KM_S / SECONDS_PER_DAY
        target, _ = barycentric_km(body, w, f - lt_days)
    return target - moon_p, moon_v


def local_sky(sites: Sequence, body: str, jd_whole, jd_frac,
              frame: MoonFrame | None = None) -> LocalSky:
    """Apparent alt/az/distance of ``body`` from every site at split TDB dates; (n_sites, n)."""
    frame = frame or sites[0].frame
    vec, v_moon = body_from_moon(body, jd_whole, jd_frac)
    w, f = np.broadcast_arrays(np.atleast_1d(jd_whole).astype(float),
                               np.atleast_1d(jd_frac).astype(float))
    rot, _ = frame.matrices(w, f)  # (3, 3, n) ICRS -> ME
    vec_bf = np.einsum("ijn,jn->in", rot, vec)
    vel_bf = np.einsum("ijn,jn->in", rot, v_moon)
    r_sites = np.array([s.position_km for s in sites])  # (m, 3)
    axes = np.array([s.axes for s in sites])  # (m, 3, 3): rows north, east, up
    p = vec_bf[None, :, :] - r_sites[:, :, None]  # (m, 3, n)
    p = aberrate(p, vel_bf[None])
    local = np.einsum("mij,mjn->min", axes, p)
    dist = np.sqrt(np.sum(p * p, axis=1))
    alt = np.degrees(np.arcsin(np.clip(local[:, 2] / dist, -1.0, 1.0)))
    az = np.degrees(np.arctan2(local[:, 1], local[:, 0])) % 360.0
    return LocalSky(alt, az, dist)
