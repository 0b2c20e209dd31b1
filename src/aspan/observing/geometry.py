"""The sky of a site at many times: local axes, the Sun, and the Moon (Earth sites) or the
Earth (lunar sites), and fast altitude/azimuth/separations for thousands of targets.

``SiteGeometry(site, start, stop)`` evaluates, at seconds since ``start`` (TDB seconds, as
``aspan.moon.window.Window``):

* the rotation ICRS -> local (north, east, up): Skyfield's ITRS rotation and the WGS84
  geodetic axes on Earth (``aspan.core.topocentric.SiteFrame``); the DE421 librations and the
  site's axes on the Moon (``aspan.moon.frames``, ``aspan.moon.sites``);
* apparent directions of the Sun and of the other body (Moon seen from Earth, Earth seen
  from the Moon): Skyfield ``observe().apparent()`` on Earth, the fast DE421 path of
  ``aspan.moon.geometry`` on the Moon (site parallax included);
* the observer's barycentric velocity, for the annual aberration of the targets.

Targets are fixed ICRS unit vectors ``u`` (n, 3) (stars: proper motion neglected); the
aberrated direction to first order in v/c is ``u + v/c - (u.v/c) u`` (Bradley; the second
order is under 0.01 arcsec), so altitudes and separations for ``n`` targets at ``k`` times are
(n, k) matrix products. No refraction (geometric altitudes, as Skyfield's ``altaz()``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aspan.core.topocentric import SiteFrame
from aspan.moon.bodies import barycentric_km
from aspan.moon.geometry import aberrate, body_from_moon
from aspan.moon.window import Window
from aspan.observing.sites import is_lunar, observing_site

C_KM_S = 299_792.458
#: Spacing of the Sun/Moon direction table of Earth sites (s).
BODY_STEP_S = 600.0


@dataclass(frozen=True)
class Sky:
    """Geometry at ``k`` times: ``axes`` (k, 3, 3) rows north, east, up in ICRS; ``sun`` and
    ``other`` apparent unit vectors (k, 3) and altitudes (k,) in deg; ``v_c`` observer
    velocity over c (k, 3); ``other_name`` "moon" or "earth"."""

    axes: np.ndarray
    sun: np.ndarray
    sun_alt_deg: np.ndarray
    other: np.ndarray
    other_alt_deg: np.ndarray
    v_c: np.ndarray
    other_name: str

    def _aberrated_dot(self, u: np.ndarray, w: np.ndarray, pairs: bool) -> np.ndarray:
        """``u' . w`` for targets ``u`` (n, 3) and per-time vectors ``w`` (k, 3): (n, k);
        with ``pairs`` ``u`` is (k, 3), one target per time, and the result (k,)."""
        wv = np.einsum("kj,kj->k", w, self.v_c)
        if pairs:
            uw = np.einsum("kj,kj->k", u, w)
            uv = np.einsum("kj,kj->k", u, self.v_c)
            return uw + wv - uv * uw
        uw = u @ w.T
        uv = u @ self.v_c.T
        return uw + wv[None, :] - uv * uw

    def altaz(self, u: np.ndarray, pairs: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Altitude and azimuth (deg, each (n, k), or (k,) with ``pairs``) of targets ``u``."""
        n_ = self._aberrated_dot(u, self.axes[:, 0, :], pairs)
        e_ = self._aberrated_dot(u, self.axes[:, 1, :], pairs)
        up = self._aberrated_dot(u, self.axes[:, 2, :], pairs)
        alt = np.degrees(np.arctan2(up, np.hypot(n_, e_)))
        az = np.degrees(np.arctan2(e_, n_)) % 360.0
        return alt, az

    def separation_deg(self, u: np.ndarray, which: str, pairs: bool = False) -> np.ndarray:
        """Angle (deg, (n, k)) between targets and the Sun (``"sun"``) or the other body."""
        w = self.sun if which == "sun" else self.other
        c = self._aberrated_dot(u, w, pairs)
        return np.degrees(np.arccos(np.clip(c, -1.0, 1.0)))

    def ecliptic(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Helio-ecliptic longitude ``|lambda - lambda_sun|`` and ecliptic latitude (deg,
        (n, k)) of targets, for the zodiacal light (mean obliquity of J2000, 23.4393 deg)."""
        eps = np.radians(23.4392911)
        rot = np.array([[1, 0, 0], [0, np.cos(eps), np.sin(eps)],
                        [0, -np.sin(eps), np.cos(eps)]])
        ue = u @ rot.T
        se = self.sun @ rot.T
        lam = np.degrees(np.arctan2(ue[:, 1], ue[:, 0]))
        beta = np.degrees(np.arcsin(np.clip(ue[:, 2], -1, 1)))
        lam_sun = np.degrees(np.arctan2(se[:, 1], se[:, 0]))
        dlon = np.abs((lam[:, None] - lam_sun[None, :] + 180.0) % 360.0 - 180.0)
        return dlon, np.broadcast_to(beta[:, None], dlon.shape)


def earth_rotation_angle(t) -> np.ndarray:
    """Earth rotation angle (rad) at Skyfield ``Time`` ``t`` (IERS Conventions 2010 eq. 5.15),
    from the split UT1 Julian date."""
    whole = np.atleast_1d(t.whole) - 2451545.0
    frac = np.atleast_1d(t.ut1_fraction)
    turns = (0.7790572732640 + 0.00273781191135448 * (whole + frac) + (whole % 1.0) + frac)
    return 2.0 * np.pi * (turns % 1.0)


def _r3(angle: np.ndarray) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    z, o = np.zeros_like(angle), np.ones_like(angle)
    return np.array([[c, s, z], [-s, c, z], [z, z, o]])  # (3, 3, k)


def itrs_rotation(t, coarse_s: float = 3600.0) -> np.ndarray:
    """ICRS -> ITRS rotation (3, 3, k) at Skyfield ``Time`` ``t``, fast for long grids.

    Skyfield's ``itrs.rotation_at`` (precession-nutation, Earth rotation, polar motion) is
    evaluated every ``coarse_s``; the Earth rotation angle ``ERA`` is taken out,
    ``B = R3(ERA)^T R``, ``B`` (which moves with precession, nutation and polar motion only)
    is interpolated linearly and ``R3(ERA)`` put back at each time. Tested against Skyfield
    to 0.01 arcsec.
    """
    from skyfield.framelib import itrs

    from aspan.core.time import timescale

    tt = np.atleast_1d(t.tt)
    if tt.size <= 8:
        r = itrs.rotation_at(t)
        return r if r.ndim == 3 else r[:, :, None]
    step = coarse_s / 86400.0
    knots = np.arange(tt.min(), tt.max() + step, step)
    if knots.size < 2:
        knots = np.array([tt.min(), tt.min() + step])
    tk = timescale().tt_jd(knots)
    rk = itrs.rotation_at(tk)
    bk = np.einsum("jin,jkn->ikn", _r3(earth_rotation_angle(tk)), rk)
    x = (tt - knots[0]) / step
    i = np.clip(np.floor(x).astype(np.int64), 0, knots.size - 2)
    w = x - i
    b = bk[:, :, i] * (1.0 - w) + bk[:, :, i + 1] * w
    return np.einsum("ijn,jkn->ikn", _r3(earth_rotation_angle(t)), b)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


class SiteGeometry:
    """The sky of ``site`` (site object or text) between ``start`` and ``stop``."""

    def __init__(self, site, start, stop) -> None:
        self.site = observing_site(site)
        self.window = Window.of(start, stop)
        self.lunar = is_lunar(self.site)
        self._table = None

    @property
    def span_s(self) -> float:
        return self.window.span_s

    def at(self, t_s) -> Sky:
        """Geometry at seconds since the start (array (k,))."""
        t_s = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
        return self._moon(t_s) if self.lunar else self._earth(t_s)

    def _earth(self, t_s: np.ndarray) -> Sky:
        t = self.window.time(t_s)
        frame = SiteFrame.of(self.site)
        r_itrs = itrs_rotation(t)  # (3, 3, k) ICRS -> ITRS
        enu = np.array([frame.north, frame.east, frame.up])  # rows in ITRS
        axes = np.einsum("ij,jkn->nik", enu, r_itrs)
        sun, moon, obs_v = self._bodies(t_s)
        out = {"sun": sun, "moon": moon}
        up = axes[:, 2, :]
        alts = {b: np.degrees(np.arcsin(np.clip(np.sum(out[b] * up, 1), -1, 1))) for b in out}
        return Sky(axes, out["sun"], alts["sun"], out["moon"], alts["moon"],
                   obs_v.T / C_KM_S, "moon")

    def _earth_bodies_exact(self, t_s: np.ndarray):
        """Apparent Sun and Moon unit vectors (k, 3) and the observer's velocity (3, k)."""
        t = self.window.time(t_s)
        w, f = self.window.jd(t_s)
        frame = SiteFrame.of(self.site)
        r_itrs = itrs_rotation(t)
        site_gcrs = np.einsum("jin,j->in", r_itrs, frame.r_km)  # (3, k) km
        # the site turns with the Earth: v = omega x r, in GCRS (0.34 km/s at most)
        omega = 7.292115e-5 * r_itrs[2, :, :]  # spin axis (ITRS z) in GCRS, rad/s
        v_site = np.cross(omega.T, site_gcrs.T).T
        earth_p, earth_v = barycentric_km("earth", w, f)
        obs_p, obs_v = earth_p + site_gcrs, earth_v + v_site
        out = []
        for body in ("sun", "moon"):
            target, _ = barycentric_km(body, w, f)
            for _ in range(3):  # light time
                lt_days = np.linalg.norm(target - obs_p, axis=0) / C_KM_S / 86400.0
                target, _ = barycentric_km(body, w, f - lt_days)
            out.append(_unit(aberrate(target - obs_p, obs_v).T))
        return out[0], out[1], obs_v

    def _bodies(self, t_s: np.ndarray):
        """As ``_earth_bodies_exact``, interpolated from a table every ``BODY_STEP_S``
        (linear interpolation of the Moon's topocentric direction: within 0.5 arcsec of the
        exact path)."""
        if self._table is None:
            knots = np.arange(-BODY_STEP_S, self.span_s + 2 * BODY_STEP_S, BODY_STEP_S)
            self._table = (knots, *self._earth_bodies_exact(knots))
        knots, sun, moon, v = self._table
        x = (t_s - knots[0]) / BODY_STEP_S
        i = np.clip(np.floor(x).astype(np.int64), 0, knots.size - 2)
        a = (x - i)[:, None]
        sun_i = _unit(sun[i] * (1 - a) + sun[i + 1] * a)
        moon_i = _unit(moon[i] * (1 - a) + moon[i + 1] * a)
        v_i = v[:, i] * (1 - a.T) + v[:, i + 1] * a.T
        return sun_i, moon_i, v_i

    def _moon(self, t_s: np.ndarray) -> Sky:
        w, f = self.window.jd(t_s)
        rot, _ = self.site.frame.matrices(w, f)  # (3, 3, k) ICRS -> ME
        axes = np.einsum("ij,jkn->nik", self.site.axes, rot)
        site_icrs = np.einsum("jin,j->in", rot, self.site.position_km)  # (3, k)
        out = {}
        v_moon = None
        for body in ("sun", "earth"):
            vec, v_moon = body_from_moon(body, w, f)
            out[body] = _unit(aberrate(vec - site_icrs, v_moon).T)
        up = axes[:, 2, :]
        alts = {b: np.degrees(np.arcsin(np.clip(np.sum(out[b] * up, 1), -1, 1))) for b in out}
        return Sky(axes, out["sun"], alts["sun"], out["earth"], alts["earth"],
                   v_moon.T / C_KM_S, "earth")
