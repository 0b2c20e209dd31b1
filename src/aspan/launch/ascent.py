"""Ascent geometry: launch azimuths, the Earth's rotation, reachable inclinations, plane changes.

All functions take and return arrays (any shape, broadcast) in degrees and km/s.

* Inertial azimuth for an inclination ``i`` from geodetic latitude ``phi`` (spherical
  trigonometry, as in Curtis, *Orbital Mechanics for Engineering Students*, the launch-azimuth
  worked example at latitude 34.5 N, and Vallado, *Fundamentals of Astrodynamics and
  Applications*, sec. 6.4):
  ``sin A_I = cos i / cos phi``; north-going ``A_I``, south-going ``180 - A_I`` (mod 360).
  No solution when ``|cos i| > cos phi`` (the site lies above the inclination).
* Rotating-Earth (ground) azimuth: the vehicle must supply the inertial velocity ``v`` along
  ``A_I`` minus what the pad already has, ``v_eq cos phi`` due east (Vallado sec. 6.4.1; the
  SMAD form quoted by T. Molczan): ``tan A_R = (v sin A_I - v_eq cos phi) / (v cos A_I)``.
* Velocity gain from the rotation: ``v - |v_R|`` (km/s), negative for retrograde orbits.
* Plane change at a node of a circular orbit of speed ``v``: ``2 v sin(di / 2)``; combined
  with a speed change from ``v1`` to ``v2``: ``sqrt(v1^2 + v2^2 - 2 v1 v2 cos di)``
  (Curtis, chapter on orbital maneuvers; Vallado sec. 6.4).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Earth's gravitational parameter (km^3/s^2) and equatorial radius (km), WGS84/EGM96
MU_KM3_S2 = 398600.4418
R_EARTH_KM = 6378.137
#: second zonal harmonic (EGM96, unnormalized)
J2 = 1.08262668e-3
#: sidereal day (s) and the Earth's rotation rate (rad/s) relative to the stars
SIDEREAL_DAY_S = 86164.0905
OMEGA_EARTH_RAD_S = 2.0 * np.pi / SIDEREAL_DAY_S
#: the equator's eastward speed (km/s)
V_EQUATOR_KM_S = OMEGA_EARTH_RAD_S * R_EARTH_KM
#: the mean Sun's right ascension moves 360 deg per tropical year (deg/s)
SUN_RATE_DEG_S = 360.0 / (365.2422 * 86400.0)


def circular_speed_km_s(altitude_km):
    """Speed of a circular orbit at ``altitude_km`` above the equatorial radius (km/s)."""
    return np.sqrt(MU_KM3_S2 / (R_EARTH_KM + np.asarray(altitude_km, dtype=np.float64)))


def inertial_azimuth_deg(lat_deg, inclination_deg):
    """(north-going, south-going) inertial azimuths (deg, [0, 360)); NaN where unreachable."""
    phi = np.radians(np.asarray(lat_deg, dtype=np.float64))
    inc = np.radians(np.asarray(inclination_deg, dtype=np.float64))
    s = np.cos(inc) / np.cos(phi)
    with np.errstate(invalid="ignore"):
        a = np.degrees(np.arcsin(np.where(np.abs(s) <= 1.0 + 1e-12, np.clip(s, -1, 1), np.nan)))
    return np.mod(a, 360.0), np.mod(180.0 - a, 360.0)


def ground_azimuth_deg(lat_deg, inertial_az_deg, speed_km_s):
    """Rotating-Earth azimuth (deg) to fly for an inertial azimuth, burnout speed ``v``."""
    v_east, v_north = _relative_velocity(lat_deg, inertial_az_deg, speed_km_s)
    return np.mod(np.degrees(np.arctan2(v_east, v_north)), 360.0)


def rotation_gain_km_s(lat_deg, inertial_az_deg, speed_km_s):
    """What the Earth's rotation gives (km/s): ``v - |v - v_pad|``; negative when it costs."""
    v_east, v_north = _relative_velocity(lat_deg, inertial_az_deg, speed_km_s)
    return np.asarray(speed_km_s) - np.hypot(v_east, v_north)


def _relative_velocity(lat_deg, inertial_az_deg, speed_km_s):
    az = np.radians(np.asarray(inertial_az_deg, dtype=np.float64))
    v = np.asarray(speed_km_s, dtype=np.float64)
    pad = V_EQUATOR_KM_S * np.cos(np.radians(np.asarray(lat_deg, dtype=np.float64)))
    return v * np.sin(az) - pad, v * np.cos(az)


def inertial_from_ground_deg(lat_deg, ground_az_deg, speed_km_s):
    """The inertial azimuth reached when flying ``ground_az_deg`` to inertial speed ``v``.

    The vehicle adds a velocity along the ground azimuth to the pad's eastward velocity ``u``
    so that the sum has magnitude ``v``: ``w = -u.s + sqrt((u.s)^2 - u^2 + v^2)``.
    """
    g = np.radians(np.asarray(ground_az_deg, dtype=np.float64))
    v = np.asarray(speed_km_s, dtype=np.float64)
    u = V_EQUATOR_KM_S * np.cos(np.radians(np.asarray(lat_deg, dtype=np.float64)))
    us = u * np.sin(g)
    w = -us + np.sqrt(us * us - u * u + v * v)
    return np.mod(np.degrees(np.arctan2(w * np.sin(g) + u, w * np.cos(g))), 360.0)


def inclination_deg(lat_deg, inertial_az_deg):
    """Inclination (deg) reached from latitude ``lat_deg`` along an inertial azimuth."""
    phi = np.radians(np.asarray(lat_deg, dtype=np.float64))
    az = np.radians(np.asarray(inertial_az_deg, dtype=np.float64))
    return np.degrees(np.arccos(np.clip(np.cos(phi) * np.sin(az), -1.0, 1.0)))


def plane_change_dv_km_s(speed_km_s, delta_inclination_deg):
    """Impulsive plane change by ``di`` at speed ``v``: ``2 v sin(di/2)`` (km/s)."""
    return 2.0 * np.asarray(speed_km_s) * np.sin(np.radians(np.asarray(
        delta_inclination_deg, dtype=np.float64)) / 2.0)


def combined_burn_dv_km_s(v1_km_s, v2_km_s, delta_inclination_deg):
    """One burn from speed ``v1`` to ``v2`` turning the plane by ``di``: law of cosines."""
    v1, v2 = np.asarray(v1_km_s), np.asarray(v2_km_s)
    di = np.radians(np.asarray(delta_inclination_deg, dtype=np.float64))
    return np.sqrt(v1 * v1 + v2 * v2 - 2.0 * v1 * v2 * np.cos(di))


def node_rate_rad_s(semi_major_axis_km, eccentricity, inclination_deg_):
    """Secular J2 drift of the ascending node (rad/s): ``-3/2 n J2 (R/p)^2 cos i``
    (secular J2 theory; Vallado, chapter 9, or any SGP4 derivation)."""
    a = np.asarray(semi_major_axis_km, dtype=np.float64)
    e = np.asarray(eccentricity, dtype=np.float64)
    n = np.sqrt(MU_KM3_S2 / a**3)
    p = a * (1.0 - e * e)
    return -1.5 * n * J2 * (R_EARTH_KM / p) ** 2 * np.cos(np.radians(inclination_deg_))


def sso_inclination_deg(altitude_km, eccentricity=0.0):
    """Sun-synchronous inclination (deg) for a circular orbit at ``altitude_km``: the J2 node
    drift equals the mean Sun's 360 deg per tropical year (Vallado, chapter 9)."""
    a = R_EARTH_KM + np.asarray(altitude_km, dtype=np.float64)
    rate_at_cos1 = node_rate_rad_s(a, eccentricity, 0.0)
    cos_i = np.radians(SUN_RATE_DEG_S) / rate_at_cos1
    return np.degrees(np.arccos(np.clip(cos_i, -1.0, 1.0)))


@dataclass(frozen=True)
class AzimuthSolution:
    """One way to fly an inclination from a pad: ``direction`` 'north' or 'south'."""

    direction: str
    inertial_deg: float
    rotating_deg: float
    within_corridor: bool
    rotation_gain_km_s: float

    def to_dict(self) -> dict:
        return {"direction": self.direction, "inertial_deg": round(self.inertial_deg, 4),
                "rotating_deg": round(self.rotating_deg, 4),
                "within_corridor": bool(self.within_corridor)}


def azimuth_solutions(pad, inclination_deg_: float, speed_km_s: float) -> list[AzimuthSolution]:
    """The north- and south-going solutions for ``inclination_deg_`` from ``pad`` (a
    ``Spaceport``); one when they coincide (due east or west); none when unreachable."""
    north, south = inertial_azimuth_deg(pad.lat_deg, inclination_deg_)
    if not np.isfinite(north):
        return []
    out = []
    for direction, az in (("north", float(north)), ("south", float(south))):
        if out and abs(((az - out[0].inertial_deg + 180.0) % 360.0) - 180.0) < 1e-9:
            continue
        ground = float(ground_azimuth_deg(pad.lat_deg, az, speed_km_s))
        gain = float(rotation_gain_km_s(pad.lat_deg, az, speed_km_s))
        out.append(AzimuthSolution(direction, az, ground, bool(pad.allows(ground)), gain))
    return out


def reachable_inclinations(pad, speed_km_s: float, step_deg: float = 0.05
                           ) -> list[tuple[float, float]]:
    """Inclination intervals (deg) a pad reaches flying inside its corridors, direct ascent.

    Each corridor arc (ground azimuths) is sampled every ``step_deg``, turned into inertial
    azimuths at burnout speed ``speed_km_s`` and then into inclinations; an arc maps onto one
    interval (the map is continuous). Overlapping intervals are merged. A pad without a
    corridor reaches ``[|lat|, 180 - |lat|]``.
    """
    arcs = pad.corridors or ((0.0, 360.0 - 1e-9),)
    spans = []
    for lo, hi in arcs:
        width = (hi - lo) % 360.0 or 360.0
        ground = lo + np.linspace(0.0, width, max(int(width / step_deg), 2) + 1)
        # azimuths 90 and 270 (the extremes of the inclination) when inside the arc
        extra = [a for a in (90.0, 270.0) if in_arc_scalar(a, lo, hi)]
        ground = np.concatenate([ground, extra])
        inc = inclination_deg(pad.lat_deg, inertial_from_ground_deg(pad.lat_deg, ground,
                                                                    speed_km_s))
        spans.append((float(inc.min()), float(inc.max())))
    spans.sort()
    merged = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= merged[-1][1] + step_deg:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def in_arc_scalar(az: float, lo: float, hi: float) -> bool:
    return (az - lo) % 360.0 <= (hi - lo) % 360.0


def nearest_reachable(intervals: list[tuple[float, float]], inclination_deg_: float) -> float:
    """The reachable inclination closest to the wanted one (deg)."""
    best, gap = intervals[0][0], np.inf
    for a, b in intervals:
        c = min(max(inclination_deg_, a), b)
        if abs(c - inclination_deg_) < gap:
            best, gap = c, abs(c - inclination_deg_)
    return float(best)
