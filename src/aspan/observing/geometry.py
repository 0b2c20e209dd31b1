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

from aspan.core.ephemeris import ephemeris
from aspan.core.topocentric import SiteFrame
from aspan.moon.geometry import aberrate, body_from_moon
from aspan.moon.window import Window
from aspan.observing.sites import is_lunar, observing_site

C_KM_S = 299_792.458


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

    def _aberrated_dot(self, u: np.ndarray, w: np.ndarray) -> np.ndarray:
        """``u' . w`` for targets ``u`` (n, 3) and per-time vectors ``w`` (k, 3): (n, k)."""
        uw = u @ w.T
        uv = u @ self.v_c.T
        wv = np.einsum("kj,kj->k", w, self.v_c)
        return uw + wv[None, :] - uv * uw

    def altaz(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Altitude and azimuth (deg, each (n, k)) of targets ``u`` (n, 3)."""
        n_ = self._aberrated_dot(u, self.axes[:, 0, :])
        e_ = self._aberrated_dot(u, self.axes[:, 1, :])
        up = self._aberrated_dot(u, self.axes[:, 2, :])
        alt = np.degrees(np.arctan2(up, np.hypot(n_, e_)))
        az = np.degrees(np.arctan2(e_, n_)) % 360.0
        return alt, az

    def separation_deg(self, u: np.ndarray, which: str) -> np.ndarray:
        """Angle (deg, (n, k)) between targets and the Sun (``"sun"``) or the other body."""
        w = self.sun if which == "sun" else self.other
        c = self._aberrated_dot(u, w)
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


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


class SiteGeometry:
    """The sky of ``site`` (site object or text) between ``start`` and ``stop``."""

    def __init__(self, site, start, stop) -> None:
        self.site = observing_site(site)
        self.window = Window.of(start, stop)
        self.lunar = is_lunar(self.site)

    @property
    def span_s(self) -> float:
        return self.window.span_s

    def at(self, t_s) -> Sky:
        """Geometry at seconds since the start (array (k,))."""
        t_s = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
        return self._moon(t_s) if self.lunar else self._earth(t_s)

    def _earth(self, t_s: np.ndarray) -> Sky:
        from skyfield.framelib import itrs

        t = self.window.time(t_s)
        eph = ephemeris()
        frame = SiteFrame.of(self.site)
        r_itrs = itrs.rotation_at(t)  # (3, 3, k) ICRS -> ITRS
        enu = np.array([frame.north, frame.east, frame.up])  # rows in ITRS
        axes = np.einsum("ij,jkn->nik", enu, r_itrs)
        obs = (eph["earth"] + self.site.position).at(t)
        sun = _unit(obs.observe(eph["sun"]).apparent().position.km.T)
        moon = _unit(obs.observe(eph["moon"]).apparent().position.km.T)
        v_c = obs.velocity.km_per_s.T / C_KM_S
        up = axes[:, 2, :]
        sun_alt = np.degrees(np.arcsin(np.clip(np.sum(sun * up, 1), -1, 1)))
        moon_alt = np.degrees(np.arcsin(np.clip(np.sum(moon * up, 1), -1, 1)))
        return Sky(axes, sun, sun_alt, moon, moon_alt, v_c, "moon")

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
