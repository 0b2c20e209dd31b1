"""Apparent altitude and azimuth of anything from a lunar site: the full path.

Skyfield computes the apparent place (light time, gravitational deflection by the Sun,
Jupiter and Saturn, aberration of the site's own barycentric velocity; no atmosphere) from the
barycentric position of the site, which ``LunarSite`` supplies from the DE421 librations
(``aspan.moon.frames``); altitude and azimuth are then taken on the site's local axes
(azimuth from lunar north through east). Stars are given by ICRS coordinates at an epoch with
proper motion, parallax and radial velocity (Skyfield's ``Star``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from skyfield.api import Star

from aspan.core.ephemeris import ephemeris
from aspan.core.time import check_ephemeris_range, timescale
from aspan.errors import InputError
from aspan.moon.bodies import BODY_TARGETS, body_key


@dataclass(frozen=True)
class SkyTrack:
    """``alt_deg``, ``az_deg``, ``distance_km`` (NaN for a star without parallax), each (n,),
    of one target at the times ``t`` (Skyfield ``Time``)."""

    target: str
    t: object
    alt_deg: np.ndarray
    az_deg: np.ndarray
    distance_km: np.ndarray

    def rows(self) -> list[dict]:
        iso = np.atleast_1d(self.t.utc_strftime("%Y-%m-%dT%H:%M:%SZ"))
        return [{"time_utc": str(s), "altitude_deg": float(a), "azimuth_deg": float(z),
                 "distance_km": None if not np.isfinite(d) else float(d)}
                for s, a, z, d in zip(iso, self.alt_deg, self.az_deg, self.distance_km,
                                      strict=True)]


def star(ra_deg: float, dec_deg: float, *, pm_ra_mas_yr: float = 0.0,
         pm_dec_mas_yr: float = 0.0, parallax_mas: float = 0.0, rv_km_s: float = 0.0,
         epoch_jd_tt: float = 2451545.0) -> Star:
    """A star at ICRS ``ra_deg``, ``dec_deg`` (epoch ``epoch_jd_tt``, default J2000.0 as
    Hipparcos/Gaia-at-J2000 catalogues), proper motion ``pm_ra_mas_yr`` (mu_alpha* = mu_alpha
    cos dec) and ``pm_dec_mas_yr``, parallax, radial velocity."""
    for label, value, lo, hi in (("right ascension", ra_deg, 0.0, 360.0),
                                 ("declination", dec_deg, -90.0, 90.0)):
        if not (np.isfinite(value) and lo <= value <= hi):
            raise InputError(f"{label} {value} deg is outside [{lo:g}, {hi:g}]",
                             field=label, value=value, hint="give ICRS degrees")
    if parallax_mas < 0:
        raise InputError(f"parallax {parallax_mas} mas is negative", field="parallax_mas")
    return Star(ra_hours=ra_deg / 15.0, dec_degrees=dec_deg, ra_mas_per_year=pm_ra_mas_yr,
                dec_mas_per_year=pm_dec_mas_yr, parallax_mas=parallax_mas,
                radial_km_per_s=rv_km_s, epoch=epoch_jd_tt)


def resolve_target(target):
    """``(label, skyfield target)`` from a body name, a Skyfield ``Star``, or a vector."""
    if isinstance(target, str):
        key = body_key(target)
        return key, ephemeris()[BODY_TARGETS[key]]
    if isinstance(target, Star):
        return f"star {target.ra.hours * 15:.6f},{target.dec.degrees:.6f}", target
    return getattr(target, "target_name", str(target)), target


def sky_track(site, target, t) -> SkyTrack:
    """Apparent alt/az/distance of ``target`` (body name, ``Star`` or Skyfield vector) from
    lunar ``site`` at Skyfield ``Time`` ``t`` (scalar or array)."""
    check_ephemeris_range(t)
    label, body = resolve_target(target)
    if not np.shape(t.tt):
        t = timescale().tt_jd(np.atleast_1d(t.whole), np.atleast_1d(t.tt_fraction))
    alt, az, dist = site.at(t).observe(body).apparent().altaz()
    d_km = np.asarray(dist.km, dtype=np.float64)
    if isinstance(body, Star) and not body.parallax_mas:
        d_km = np.full(d_km.shape, np.nan)
    return SkyTrack(label, t, np.asarray(alt.degrees), np.asarray(az.degrees) % 360.0, d_km)
