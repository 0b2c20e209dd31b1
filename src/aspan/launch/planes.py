"""Target orbital planes: by RAAN and inclination at an epoch, by a catalogued object, or by a
sun-synchronous local time; and the analytic wait for a site to reach a plane.

A ``TargetPlane`` is a plane through the Earth's centre in GCRS (the J2000 equator, to 20
mas) whose node drifts at the secular J2 rate ``node_rate_deg_s`` about the z axis. ``normal(t)``
gives its unit normal (the orbit's angular-momentum direction).

Plane of a catalogued object: SGP4 states over one orbit (``aspan.satellites.propagate``,
rotated to GCRS); the angular momenta ``r x v`` are averaged over the orbit, which removes the
short-period J2 wobble of the osculating plane (about 0.01 deg), and the plane is dated at the
middle of that orbit. The drift rate is the secular J2 rate of the element set's mean motion,
eccentricity and inclination.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from skyfield.timelib import Time

from aspan.core.time import timescale, to_time, utc_jd_split_to_time
from aspan.errors import InputError, NotFoundError
from aspan.launch.ascent import (
    MU_KM3_S2,
    OMEGA_EARTH_RAD_S,
    R_EARTH_KM,
    SIDEREAL_DAY_S,
    circular_speed_km_s,
    node_rate_rad_s,
    sso_inclination_deg,
)


@dataclass(frozen=True)
class TargetPlane:
    """A plane: ``raan_deg`` and ``inclination_deg`` (GCRS) at ``epoch``, drifting at
    ``node_rate_deg_s``; ``altitude_km`` sets the orbital speed used for azimuths."""

    raan_deg: float
    inclination_deg: float
    epoch: Time
    node_rate_deg_s: float = 0.0
    altitude_km: float = 400.0
    name: str = ""

    @property
    def speed_km_s(self) -> float:
        return float(circular_speed_km_s(self.altitude_km))

    def seconds_since_epoch(self, t: Time) -> np.ndarray:
        return (np.atleast_1d(t.tt) - self.epoch.tt) * 86400.0

    def raan_at_deg(self, dt_s) -> np.ndarray:
        """RAAN (deg) ``dt_s`` seconds after the epoch."""
        return self.raan_deg + self.node_rate_deg_s * np.asarray(dt_s, dtype=np.float64)

    def normal(self, dt_s) -> np.ndarray:
        """Unit normal ``(..., 3)`` in GCRS, ``dt_s`` seconds after the epoch."""
        raan = np.radians(self.raan_at_deg(dt_s))
        inc = np.radians(self.inclination_deg)
        return np.stack([np.sin(raan) * np.sin(inc), -np.cos(raan) * np.sin(inc),
                         np.full(raan.shape, np.cos(inc))], axis=-1)

    def describe(self) -> str:
        return (f"{self.name or 'plane'}: RAAN {self.raan_deg % 360:.3f} deg, i "
                f"{self.inclination_deg:.3f} deg at {self.epoch.utc_iso()}, node drift "
                f"{self.node_rate_deg_s * 86400:.3f} deg/day")


def plane_from_elements(raan_deg: float, inclination_deg: float, epoch, *,
                        altitude_km: float = 400.0, eccentricity: float = 0.0,
                        name: str = "") -> TargetPlane:
    """A plane from RAAN and inclination (deg, GCRS) at ``epoch`` (ISO or ``Time``), drifting
    at the J2 rate of a circular orbit at ``altitude_km``."""
    _check_inclination(inclination_deg)
    rate = node_rate_rad_s(R_EARTH_KM + altitude_km, eccentricity, inclination_deg)
    return TargetPlane(float(raan_deg), float(inclination_deg), to_time(epoch, what="epoch"),
                       float(np.degrees(rate)), float(altitude_km), name)


def plane_from_sso(altitude_km: float, ltan: str | float, date, *, name: str = "") -> TargetPlane:
    """The sun-synchronous plane at ``altitude_km`` whose ascending node is at local time
    ``ltan`` ("HH:MM" or hours) on ``date``: RAAN = RA of the mean Sun + 15 deg/h x (LTAN - 12 h).

    The mean Sun's right ascension of date is ``GMST - 15 deg/h x (UT - 12 h)``; it is turned
    into GCRS with Skyfield's precession-nutation matrix (about 0.35 deg in 2025).
    """
    hours = parse_ltan_hours(ltan)
    t = to_time(date, what="date")
    ut_h = (t.ut1 - 0.5) % 1.0 * 24.0
    ra_mean_sun = np.radians((t.gmst - (ut_h - 12.0)) * 15.0)
    node_of_date = ra_mean_sun + np.radians(15.0 * (hours - 12.0))
    vec_of_date = np.array([np.cos(node_of_date), np.sin(node_of_date), 0.0])
    vec_gcrs = t.M.T @ vec_of_date
    raan = float(np.degrees(np.arctan2(vec_gcrs[1], vec_gcrs[0])) % 360.0)
    inc = float(sso_inclination_deg(altitude_km))
    rate = node_rate_rad_s(R_EARTH_KM + altitude_km, 0.0, inc)
    label = name or f"SSO {altitude_km:g} km, LTAN {format_hours(hours)}"
    return TargetPlane(raan, inc, t, float(np.degrees(rate)), float(altitude_km), label)


def plane_from_catalog(cat, norad: int | None = None, at=None, *, samples: int = 64) -> TargetPlane:
    """The plane of a catalogued object (``Catalog``; ``norad`` picks one) near time ``at``
    (default: its epoch), averaged over one orbit of SGP4 states in GCRS."""
    from aspan.satellites.propagation import propagate

    if norad is not None:
        index = np.flatnonzero(cat.norad_id == int(norad))
        if index.size == 0:
            raise NotFoundError(f"NORAD {norad} is not in the catalog", value=norad,
                                hint="check the number, or give --catalog FILE holding it")
        cat = cat[index[-1:]]
    if len(cat) != 1:
        raise InputError(f"expected one object for the target plane, got {len(cat)}",
                         hint="select it with norad=")
    n_rev_day = float(cat.mean_motion_rev_day[0])
    period_s = 86400.0 / n_rev_day
    ts = timescale()
    if at is None:
        t0 = utc_jd_split_to_time(cat.epoch_jd[:1], cat.epoch_fr[:1])[0]
    else:
        t0 = to_time(at, what="at")
    offsets = np.arange(samples) * (period_s / samples)
    times = ts.tt_jd(t0.tt + offsets / 86400.0)
    states = propagate(cat, times).frame("gcrs")
    if not states.ok().all():
        raise InputError(f"SGP4 fails for NORAD {int(cat.norad_id[0])} near "
                         f"{t0.utc_iso()} (error {int(states.error.max())})",
                         hint="use an element set closer to the launch date")
    r, v = states.r_km[0], states.v_km_s[0]
    h = np.cross(r, v)
    h = (h / np.linalg.norm(h, axis=1, keepdims=True)).mean(axis=0)
    h /= np.linalg.norm(h)
    inc = float(np.degrees(np.arccos(h[2])))
    raan = float(np.degrees(np.arctan2(h[0], -h[1])) % 360.0)
    a_km = (MU_KM3_S2 / (n_rev_day * 2 * np.pi / 86400.0) ** 2) ** (1.0 / 3.0)
    ecc = float(cat.eccentricity[0])
    rate = node_rate_rad_s(a_km, ecc, float(cat.inclination_deg[0]))
    mid = ts.tt_jd(t0.tt + period_s / 2 / 86400.0)
    raan_mid = raan + float(np.degrees(rate)) * period_s / 2
    name = str(cat.name[0]).strip() or f"NORAD {int(cat.norad_id[0])}"
    return TargetPlane(raan_mid % 360.0, inc, mid, float(np.degrees(rate)),
                       float(a_km - R_EARTH_KM), f"{name} ({int(cat.norad_id[0])})")


def time_to_plane_s(rotation_period_s, lat_deg, lon_inertial_deg, raan_deg, inclination_deg):
    """Analytic wait (s) until a site reaches a fixed plane: (ascending, descending) node.

    The site at latitude ``phi`` and inertial longitude ``theta`` (deg, the angle from the
    plane's reference direction) lies in the plane when ``sin(theta - RAAN) = tan(phi) / tan(i)``
    (the plane's normal dotted with the site's direction). The ascending (north-going) window
    has ``theta - RAAN = asin(tan phi / tan i)``, the descending one ``180 deg`` minus that;
    the wait is the angle still to turn divided by the rotation rate. NaN where ``|phi|``
    exceeds what the plane reaches. This is the geometry of MechJeb's ``TimeToPlane``.
    """
    phi = np.radians(np.asarray(lat_deg, dtype=np.float64))
    inc = np.radians(np.asarray(inclination_deg, dtype=np.float64))
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.tan(phi) / np.tan(inc)
        alpha = np.degrees(np.arcsin(np.where(np.abs(s) <= 1.0, s, np.nan)))
    rel = np.asarray(lon_inertial_deg, dtype=np.float64) - np.asarray(raan_deg)
    rate_deg_s = 360.0 / np.asarray(rotation_period_s, dtype=np.float64)
    return _turn(alpha - rel) / rate_deg_s, _turn(180.0 - alpha - rel) / rate_deg_s


def _turn(angle_deg):
    """The angle still to turn in [0, 360) deg; a whisker below 360 (rounding) is 0."""
    a = np.mod(angle_deg, 360.0)
    return np.where(a > 360.0 - 1e-9, 0.0, a)


def parse_ltan_hours(ltan) -> float:
    """``"10:30"`` or ``10.5`` -> 10.5 hours; ``InputError`` otherwise."""
    if isinstance(ltan, (int, float)):
        hours = float(ltan)
    else:
        text = str(ltan).strip()
        try:
            if ":" in text:
                hh, mm = text.split(":")
                hours = int(hh) + int(mm) / 60.0
            else:
                hours = float(text)
        except ValueError:
            raise InputError(f"local time of the node {text!r} is not HH:MM", field="ltan",
                             value=text, hint="for example --ltan 10:30") from None
    if not 0.0 <= hours < 24.0:
        raise InputError(f"local time of the node {hours} h is outside 00:00-23:59",
                         field="ltan", value=ltan)
    return hours


def format_hours(hours: float) -> str:
    minutes = round(hours * 60.0)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _check_inclination(inclination_deg: float) -> None:
    if not (np.isfinite(inclination_deg) and 0.0 <= inclination_deg <= 180.0):
        raise InputError(f"inclination {inclination_deg} deg is outside [0, 180]",
                         field="inclination_deg", value=inclination_deg)


__all__ = ["OMEGA_EARTH_RAD_S", "SIDEREAL_DAY_S", "TargetPlane", "format_hours",
           "parse_ltan_hours", "plane_from_catalog", "plane_from_elements", "plane_from_sso",
           "time_to_plane_s"]
