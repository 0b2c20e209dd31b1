"""Launch windows into a plane: when a pad passes through a (J2-precessing) orbital plane.

The function searched is the signed distance (km) of the pad from the target plane,
``f(t) = r_pad(t + offset) . n(t + offset)``, with ``r_pad`` the pad's GCRS position
(Skyfield: WGS84, UT1, precession-nutation, polar motion) and ``n`` the plane's unit normal
drifting at the J2 node rate; ``offset`` is the ascent time (launch to the moment the vehicle
should be in the plane). Zeros are found by the one event engine ``aspan.core.events``,
sampled every 600 s (the distance is a sinusoid of one sidereal day: at most one extremum in
any 6 hours) and refined to 0.01 s.

At a zero where the distance falls, the pad moves towards the side the orbit's angular
momentum points away from: a launch then flies north-going (the ascending node lies behind
it); where it rises, south-going (descending node).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from skyfield.timelib import Time

from aspan.core.events import find_crossings
from aspan.core.time import timescale, to_time
from aspan.errors import InputError
from aspan.launch.ascent import azimuth_solutions

#: the sampling step of the plane-distance function (s)
STEP_S = 600.0
MAX_DAYS = 3660


@dataclass(frozen=True)
class PlaneWindow:
    """One in-plane instant: ``time`` (UTC ISO), ``node`` 'ascending' (north-going launch) or
    'descending', ground ``azimuth_deg`` to fly, ``inertial_azimuth_deg``, ``within_corridor``."""

    time_utc: str
    node: str
    azimuth_deg: float
    inertial_azimuth_deg: float
    within_corridor: bool
    jd_tt: float

    def to_dict(self) -> dict:
        return {"time_utc": self.time_utc, "node": self.node,
                "azimuth_deg": round(self.azimuth_deg, 3)}


@dataclass(frozen=True)
class PlaneWindows:
    """The windows of ``pad`` into ``plane`` over [start, start + days]; ``reason`` says why
    there are none (or why some are outside the corridor)."""

    pad: object
    plane: object
    start: Time
    days: float
    ascent_offset_s: float
    windows: list[PlaneWindow] = field(default_factory=list)
    reason: str = ""

    def flyable(self) -> list[PlaneWindow]:
        """The windows whose azimuth lies inside the pad's corridor."""
        return [w for w in self.windows if w.within_corridor]

    def __len__(self) -> int:
        return len(self.windows)


def plane_windows(pad, plane, start, days: float = 1.0, *, ascent_offset_s: float = 0.0,
                  step_s: float = STEP_S) -> PlaneWindows:
    """Times in ``[start, start + days]`` when a launch from ``pad`` (a ``Spaceport``) puts the
    vehicle into ``plane`` (a ``TargetPlane``) ``ascent_offset_s`` seconds later.

    Returns ``PlaneWindows``: every crossing, ascending and descending, each with its ground
    azimuth and whether the pad's corridor allows it; ``reason`` is set when there are none.
    """
    if not (np.isfinite(days) and 0 < days <= MAX_DAYS):
        raise InputError(f"--days {days} must be in (0, {MAX_DAYS}]", field="days", value=days)
    if not np.isfinite(ascent_offset_s) or abs(ascent_offset_s) > 7200:
        raise InputError(f"ascent offset {ascent_offset_s} s is outside [-7200, 7200] s",
                         field="ascent_offset_s", value=ascent_offset_s)
    t0 = to_time(start, what="start")
    span_s = float(days) * 86400.0
    solutions = azimuth_solutions(pad, plane.inclination_deg, plane.speed_km_s)
    result = dict(pad=pad, plane=plane, start=t0, days=float(days),
                  ascent_offset_s=float(ascent_offset_s))
    if not solutions:
        reach = min(plane.inclination_deg, 180.0 - plane.inclination_deg)
        return PlaneWindows(**result, reason=(
            f"{pad.name} at latitude {pad.lat_deg:.3f} deg lies above the plane's reach: an "
            f"orbit inclined {plane.inclination_deg:.3f} deg never passes over latitudes "
            f"beyond +-{reach:.3f} deg, so the pad never crosses its plane; launch into "
            f"i >= {abs(pad.lat_deg):.2f} deg and change plane, or choose a pad nearer the "
            "equator"))
    ts = timescale()
    base_tt = float(np.atleast_1d(t0.tt)[0])
    dt0_s = (base_tt - plane.epoch.tt) * 86400.0 + ascent_offset_s

    def distance(t_s):
        t = ts.tt_jd(base_tt + (np.asarray(t_s, dtype=np.float64) + ascent_offset_s) / 86400.0)
        r = pad.site.at(t).position.km  # (3, k)
        n = plane.normal(dt0_s + np.asarray(t_s, dtype=np.float64))  # (k, 3)
        return np.einsum("ik,ki->k", r, n)

    crossings = find_crossings(lambda t: distance(t)[None, :], lambda o, t: distance(t), 1,
                               span_s, step_s)
    by_direction = {s.direction: s for s in solutions}
    windows = []
    for t_s, rising in zip(crossings.t_s, crossings.rising, strict=True):
        direction = "south" if rising else "north"
        sol = by_direction.get(direction) or solutions[0]
        jd = base_tt + t_s / 86400.0
        windows.append(PlaneWindow(_iso(ts.tt_jd(jd)), "descending" if rising else "ascending",
                                   sol.rotating_deg, sol.inertial_deg, sol.within_corridor, jd))
    reason = ""
    if not windows:
        reason = (f"no crossing in {days:g} days: the pad grazes the plane's limit "
                  f"(latitude {pad.lat_deg:.3f} deg, inclination {plane.inclination_deg:.3f} deg)")
    elif not any(w.within_corridor for w in windows):
        reason = (f"the plane's azimuths ({', '.join(f'{s.rotating_deg:.1f}' for s in solutions)}"
                  f" deg) lie outside {pad.name}'s corridor ({pad.corridor_text()} deg)")
    return PlaneWindows(**result, windows=windows, reason=reason)


def _iso(t: Time) -> str:
    """UTC ISO to the second: ``2025-11-27T09:27:57Z``."""
    return t.utc_iso()
