"""Optical visibility of passes: the satellite sunlit while the site's sky is dark.

Sun: DE421 (``aspan.core.ephemeris``), Earth-centred, rotated to ITRS by Skyfield, sampled
every 60 s and interpolated linearly (error below 0.001 deg). Earth's shadow: the Sun's and
the Earth's discs as seen from the satellite (Sun radius 696,000 km; Earth WGS84, its
flattening handled by stretching z by a/b so the shadow is cast by a sphere of radius a); the
satellite is in umbra when the Earth covers the whole Sun, in penumbra when it covers part of
it (``lit_fraction`` is the uncovered share of the Sun's disc, by circle overlap), sunlit
otherwise. No atmosphere: the real umbra is ~2% wider (refraction and absorption near the limb).

Darkness: the Sun's geometric elevation at the site below -18 (astronomical), -12 (nautical)
or -6 (civil) degrees.

Apparent magnitude (McCants' convention for standard magnitudes, used by Heavens-Above and
the Visual Satellite Observer's lists): ``m = m_std - 15.75 + 2.5 log10(d_km^2 / F)`` with
``F = (1 + cos(phase)) / 2`` the illuminated fraction of a diffuse sphere's disc, ``phase``
the Sun-satellite-observer angle; ``m_std`` is the magnitude at 1,000 km and phase 90 deg.
In penumbra ``-2.5 log10(lit_fraction)`` is added.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from aspan.core.events import intervals_above
from aspan.core.topocentric import WGS84_A_KM, WGS84_F, SiteFrame
from aspan.errors import InputError
from aspan.satellites.interpolation import grid_times

SUN_RADIUS_KM = 696_000.0
DARKNESS_DEG = {"astronomical": -18.0, "nautical": -12.0, "civil": -6.0}


def darkness_limit_deg(darkness: str | float) -> float:
    """Sun elevation limit (deg) for 'astronomical', 'nautical', 'civil' or a number."""
    if isinstance(darkness, (int, float)):
        return float(darkness)
    key = str(darkness).strip().lower()
    if key not in DARKNESS_DEG:
        raise InputError(f"darkness {darkness!r} is not one of {', '.join(DARKNESS_DEG)}",
                         field="darkness", value=darkness,
                         hint="astronomical (-18 deg), nautical (-12) or civil (-6)")
    return DARKNESS_DEG[key]


@cache
def _earth_sun():
    from aspan.core.ephemeris import ephemeris

    eph = ephemeris()
    return eph["sun"] - eph["earth"]


class SunTrack:
    """The Sun's ITRS position (km) over a window, sampled every ``step_s`` and interpolated."""

    def __init__(self, start, span_s: float, step_s: float = 60.0) -> None:
        from skyfield.framelib import itrs

        self.t_s = np.arange(0.0, span_s + 2 * step_s, step_s)
        times = grid_times(start, self.t_s)
        self.xyz_km = np.asarray(_earth_sun().at(times).frame_xyz(itrs).km).T  # (k, 3)

    def at(self, t_s) -> np.ndarray:
        t = np.asarray(t_s, dtype=np.float64)
        return np.stack([np.interp(t, self.t_s, self.xyz_km[:, c]) for c in range(3)], axis=-1)


def _stretch(v: np.ndarray) -> np.ndarray:
    out = np.array(v, dtype=np.float64, copy=True)
    out[..., 2] /= 1.0 - WGS84_F
    return out


def shadow_geometry(r_km: np.ndarray, sun_km: np.ndarray, oblate: bool = True):
    """Separation (rad) of the Sun's and the Earth's centres seen from the satellite, and the
    angular radii (rad) of the Earth and the Sun; ``(...)`` arrays from ``(..., 3)`` ITRS.
    ``oblate=False``: a sphere of the equatorial radius (as Skyfield's ``is_sunlit``)."""
    r = _stretch(r_km) if oblate else np.asarray(r_km, dtype=np.float64)
    s = (_stretch(sun_km) if oblate else np.asarray(sun_km, dtype=np.float64)) - r
    rn = np.linalg.norm(r, axis=-1)
    sn = np.linalg.norm(s, axis=-1)
    cos_sep = -np.einsum("...i,...i->...", r, s) / (rn * sn)
    sep = np.arccos(np.clip(cos_sep, -1.0, 1.0))
    rho_e = np.arcsin(np.clip(WGS84_A_KM / rn, -1.0, 1.0))
    rho_s = np.arcsin(np.clip(SUN_RADIUS_KM / sn, -1.0, 1.0))
    return sep, rho_e, rho_s


def lit_fraction(r_km: np.ndarray, sun_km: np.ndarray, oblate: bool = True) -> np.ndarray:
    """Share of the Sun's disc visible from the satellite: 0 umbra, (0, 1) penumbra, 1 sunlit."""
    d, a, b = shadow_geometry(r_km, sun_km, oblate)  # a: Earth, b: Sun
    out = np.where(d >= a + b, 1.0, 0.0)
    partial = (d < a + b) & (d > np.abs(a - b))
    with np.errstate(invalid="ignore", divide="ignore"):
        c1 = np.clip((d * d + b * b - a * a) / (2 * d * b), -1, 1)
        c2 = np.clip((d * d + a * a - b * b) / (2 * d * a), -1, 1)
        overlap = (b * b * np.arccos(c1) + a * a * np.arccos(c2)
                   - 0.5 * np.sqrt(np.maximum((-d + a + b) * (d + b - a) * (d - b + a)
                                              * (d + a + b), 0.0)))
        frac = 1.0 - overlap / (np.pi * b * b)
    out = np.where(partial, np.clip(frac, 0.0, 1.0), out)
    return out


def sunlit_margin_deg(r_km: np.ndarray, sun_km: np.ndarray) -> np.ndarray:
    """``sep - (rho_earth - rho_sun)`` in degrees: >= 0 when any part of the Sun shows."""
    sep, rho_e, rho_s = shadow_geometry(r_km, sun_km)
    return np.degrees(sep - (rho_e - rho_s))


def apparent_magnitude(std_mag, range_km, phase_rad, lit=1.0) -> np.ndarray:
    """McCants: ``m_std - 15.75 + 2.5 log10(d^2 / F)``, ``F = (1 + cos phase) / 2``."""
    f = np.maximum((1.0 + np.cos(phase_rad)) / 2.0, 1e-6)
    with np.errstate(divide="ignore"):
        return (np.asarray(std_mag, dtype=np.float64) - 15.75
                + 2.5 * np.log10(np.asarray(range_km) ** 2 / f)
                - 2.5 * np.log10(np.maximum(lit, 1e-6)))


def phase_angle_rad(r_km, sun_km, site_km) -> np.ndarray:
    """Angle at the satellite between the Sun and the observer (rad)."""
    to_sun = sun_km - r_km
    to_obs = site_km - r_km
    c = np.einsum("...i,...i->...", to_sun, to_obs) / (
        np.linalg.norm(to_sun, axis=-1) * np.linalg.norm(to_obs, axis=-1))
    return np.arccos(np.clip(c, -1.0, 1.0))


OPTICAL_COLUMNS = ("visible_start_s", "visible_stop_s", "best_s", "best_elevation_deg",
                   "lit_fraction", "sun_elevation_deg", "phase_angle_deg", "magnitude")


def optical_columns(tracks, frame: SiteFrame, obj, rise_s, culm_s, set_s, span_s: float,
                    sun: SunTrack, darkness="nautical", std_mag=None, step_s: float = 10.0,
                    tol_s: float = 0.01) -> dict[str, np.ndarray]:
    """Visible spans inside passes (arrays over passes; ``obj`` indexes ``tracks``).

    A pass is visible while the satellite is above the mask (inside the pass), not in the
    umbra, and the Sun is below the ``darkness`` limit at the site. Returned per pass (NaN when
    never visible): ``visible_start_s`` / ``visible_stop_s`` (first start, last stop; NaN also
    when open at a window edge), and at the highest visible point ``best_s``:
    ``best_elevation_deg`` (geometric), ``lit_fraction``, ``sun_elevation_deg`` (at the site),
    ``phase_angle_deg`` and ``magnitude`` (needs ``std_mag``, ``(n_objects,)`` array, NaN where
    unknown). ``step_s``: sampling of the shadow and darkness functions inside each pass.
    """
    limit = darkness_limit_deg(darkness)
    n = obj.size
    out = {k: np.full(n, np.nan) for k in OPTICAL_COLUMNS}
    if n == 0:
        return out
    p0 = np.nan_to_num(rise_s, nan=0.0)
    p1 = np.nan_to_num(set_s, nan=span_s)
    site, up = frame.r_km, frame.up

    def sun_elevation(s):
        d = s - site
        return np.degrees(np.arcsin(d @ up / np.linalg.norm(d, axis=-1)))

    def f_pairs(p, t):
        tt = np.minimum(p0[p] + t, span_s)
        r, _ = tracks.at(obj[p], tt)
        s = sun.at(tt)
        f = np.minimum(sunlit_margin_deg(r, s), limit - sun_elevation(s))
        return np.where(t > p1[p] - p0[p], -1.0, np.nan_to_num(f, nan=-1.0))

    def f_grid(t):
        p = np.repeat(np.arange(n), t.size)
        return f_pairs(p, np.tile(t, n)).reshape(n, t.size)

    longest = float((p1 - p0).max())
    ints = intervals_above(f_grid, f_pairs, n, longest, step_s, level=0.0, tol_s=tol_s)
    p = ints.obj
    if not p.size:
        return out
    start = np.nan_to_num(ints.start_s, nan=0.0) + p0[p]
    stop = np.minimum(np.nan_to_num(ints.stop_s, nan=longest) + p0[p], p1[p])
    first = np.unique(p, return_index=True)[1]
    last = np.append(first[1:] - 1, p.size - 1)
    q = p[first]
    a, b = start[first], stop[last]
    out["visible_start_s"][q] = np.where(np.isnan(rise_s[q]) & (a <= p0[q]), np.nan, a)
    out["visible_stop_s"][q] = np.where(np.isnan(set_s[q]) & (b >= span_s), np.nan, b)
    # the highest visible point: the culmination if visible, else the visible end nearer to it
    best = np.clip(np.nan_to_num(culm_s[q], nan=0.5 * (a + b)), a, b)
    out["best_s"][q] = best
    r, _ = tracks.at(obj[q], best)
    s = sun.at(best)
    d = r - site
    rng = np.linalg.norm(d, axis=1)
    out["best_elevation_deg"][q] = np.degrees(np.arcsin(d @ up / rng))
    lit = lit_fraction(r, s)
    out["lit_fraction"][q] = lit
    out["sun_elevation_deg"][q] = sun_elevation(s)
    phase = phase_angle_rad(r, s, site)
    out["phase_angle_deg"][q] = np.degrees(phase)
    if std_mag is not None:
        out["magnitude"][q] = apparent_magnitude(std_mag[obj[q]], rng, phase, lit)
    return out
