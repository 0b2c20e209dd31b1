"""Windows to the Moon: when a coplanar trans-lunar injection is possible from a pad.

Model (patched conic, planning level): the vehicle launches from the pad into a circular
parking orbit of inclination ``i`` (north- or south-going: the plane through the pad at launch
time). A coplanar injection needs the Moon's position at arrival to lie in that plane: the
injection burn is made opposite the arrival point and the transfer is a half ellipse. So the
window function is ``m(t + tof) . n(t)``, the Moon's unit vector at arrival (DE421, GCRS)
dotted with the parking plane's normal at launch; its zeros are found by the event engine
(``aspan.core.events``), sampled every 600 s. The Moon's declination must not exceed the
plane's reach (``|dec| <= min(i, 180 - i)``), which is why some periods have no window for
low inclinations.

Injection delta-v from the circular parking orbit of radius ``r0`` into an ellipse of apogee
``r_moon`` (the Moon's distance at arrival): ``sqrt(mu (2/r0 - 2/(r0 + r_moon))) - sqrt(mu/r0)``
(Curtis, lunar trajectories; Vallado sec. 6.2). Time of flight: half the transfer ellipse's
period, computed once with the mean Earth-Moon distance (about 5 days; a faster, slightly
hyperbolic-er injection shortens it at a small extra cost, not modelled).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aspan.core.ephemeris import ephemeris
from aspan.core.events import find_crossings
from aspan.core.time import check_ephemeris_range, timescale, to_time
from aspan.errors import InputError
from aspan.launch.ascent import (
    MU_KM3_S2,
    R_EARTH_KM,
    azimuth_solutions,
    circular_speed_km_s,
    reachable_inclinations,
)

MOON_MEAN_DISTANCE_KM = 384400.0
STEP_S = 600.0


@dataclass(frozen=True)
class MoonWindow:
    """One window: launch ``time_utc``, ``direction`` of the ascent, ground ``azimuth_deg``,
    the Moon's ``declination_deg`` and ``distance_km`` at arrival, ``tli_dv_km_s``."""

    time_utc: str
    direction: str
    azimuth_deg: float
    within_corridor: bool
    declination_deg: float
    distance_km: float
    tli_dv_km_s: float
    arrival_utc: str

    def to_dict(self) -> dict:
        return {"time_utc": self.time_utc, "direction": self.direction,
                "azimuth_deg": round(self.azimuth_deg, 2),
                "moon_declination_deg": round(self.declination_deg, 3),
                "moon_distance_km": round(self.distance_km, 0),
                "tli_dv_km_s": round(self.tli_dv_km_s, 4), "arrival_utc": self.arrival_utc}


def tli_dv_km_s(parking_altitude_km, moon_distance_km):
    """Injection delta-v (km/s) from a circular parking orbit to apogee at the Moon."""
    r0 = R_EARTH_KM + np.asarray(parking_altitude_km, dtype=np.float64)
    ra = np.asarray(moon_distance_km, dtype=np.float64)
    return np.sqrt(MU_KM3_S2 * (2 / r0 - 2 / (r0 + ra))) - np.sqrt(MU_KM3_S2 / r0)


def transfer_time_s(parking_altitude_km: float, moon_distance_km: float = MOON_MEAN_DISTANCE_KM
                    ) -> float:
    """Half the period of the transfer ellipse (s)."""
    a = 0.5 * (R_EARTH_KM + parking_altitude_km + moon_distance_km)
    return float(np.pi * np.sqrt(a**3 / MU_KM3_S2))


def moon_windows(pad, start, days: float, *, inclination_deg: float | None = None,
                 parking_altitude_km: float = 200.0, corridor_only: bool = True
                 ) -> list[MoonWindow]:
    """Launch times in ``[start, start + days]`` for a coplanar TLI from ``pad``.

    ``inclination_deg``: the parking orbit's (default: the lowest the pad's corridor reaches,
    the cheapest ascent). ``corridor_only`` drops directions the corridor forbids.
    """
    if not (np.isfinite(days) and 0 < days <= 400):
        raise InputError(f"--days {days} must be in (0, 400]", field="days", value=days)
    v = float(circular_speed_km_s(parking_altitude_km))
    if inclination_deg is None:
        inclination_deg = min(a for a, _ in reachable_inclinations(pad, v)) + 0.01
    sols = azimuth_solutions(pad, inclination_deg, v)
    if not sols:
        raise InputError(f"{pad.name} at latitude {pad.lat_deg:.2f} deg cannot launch into "
                         f"i = {inclination_deg:.2f} deg (the site lies above the inclination)",
                         field="inclination_deg", value=inclination_deg,
                         hint=f"use an inclination of at least {abs(pad.lat_deg):.2f} deg")
    if corridor_only:
        sols = [s for s in sols if s.within_corridor] or []
    ts = timescale()
    t0 = to_time(start, what="start")
    tof_s = transfer_time_s(parking_altitude_km)
    span_s = float(days) * 86400.0
    base_tt = float(np.atleast_1d(t0.tt)[0])
    check_ephemeris_range(ts.tt_jd(np.array([base_tt, base_tt + (span_s + tof_s) / 86400.0])))
    eph = ephemeris()
    earth, moon = eph["earth"], eph["moon"]
    inc = np.radians(inclination_deg)
    lat = np.radians(pad.lat_deg)

    def moon_unit(t_s):
        t = ts.tt_jd(base_tt + (np.asarray(t_s) + tof_s) / 86400.0)
        r = (moon.at(t) - earth.at(t)).position.km
        return r / np.linalg.norm(r, axis=0), np.linalg.norm(r, axis=0), t

    def plane_normal(t_s, direction):
        # the plane through the pad at launch with the pad's inertial azimuth
        t = ts.tt_jd(base_tt + np.asarray(t_s) / 86400.0)
        r = pad.site.at(t).position.km
        theta = np.arctan2(r[1], r[0])
        alpha = np.arcsin(np.clip(np.tan(lat) / np.tan(inc), -1, 1))
        node = theta - (alpha if direction == "north" else np.pi - alpha)
        return np.stack([np.sin(node) * np.sin(inc), -np.cos(node) * np.sin(inc),
                         np.full(node.shape, np.cos(inc))])

    out = []
    for sol in sols:
        def f(t_s, d=sol.direction):
            m, _, _ = moon_unit(t_s)
            return np.einsum("ik,ik->k", m, plane_normal(t_s, d))

        found = find_crossings(lambda t, f=f: f(t)[None, :], lambda o, t, f=f: f(t), 1,
                               span_s, STEP_S)
        if found.t_s.size == 0:
            continue
        m, dist, t_arr = moon_unit(found.t_s)
        dec = np.degrees(np.arcsin(m[2]))
        dv = tli_dv_km_s(parking_altitude_km, dist)
        t_launch = ts.tt_jd(base_tt + found.t_s / 86400.0)
        for k in range(found.t_s.size):
            out.append(MoonWindow(t_launch[k].utc_iso(), sol.direction, sol.rotating_deg,
                                  sol.within_corridor, float(dec[k]), float(dist[k]),
                                  float(dv[k]), t_arr[k].utc_iso()))
    out.sort(key=lambda w: w.time_utc)
    return out
