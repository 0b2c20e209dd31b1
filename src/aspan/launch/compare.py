"""All pads side by side for one orbit: feasibility, azimuths, the Earth's gift, the penalty.

Orbits: ``circular_orbit(altitude_km, inclination_deg)``, ``sso_orbit(altitude_km, ltan)``
(the inclination from J2; the local time only sets the plane's RAAN, which every pad reaches
once a day) and ``geo_orbit()`` (a Hohmann transfer from a 200 km parking orbit; the transfer
orbit keeps the lowest inclination the pad reaches and the plane change is combined with the
circularisation at apogee, law of cosines).

Penalty for an inclination outside a pad's corridor: the cheapest direct ascent reaches the
nearest inclination the corridor allows; the rest is a plane change at a node of the final
circular orbit, ``2 v sin(di/2)``. A dog-leg during ascent turns the same angle earlier, at
lower speed but with steering losses, and depends on the vehicle; the node figure is stated as
the planning bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from aspan.errors import InputError
from aspan.launch.ascent import (
    MU_KM3_S2,
    R_EARTH_KM,
    azimuth_solutions,
    circular_speed_km_s,
    combined_burn_dv_km_s,
    nearest_reachable,
    plane_change_dv_km_s,
    reachable_inclinations,
    sso_inclination_deg,
)
from aspan.launch.planes import format_hours, parse_ltan_hours
from aspan.launch.spaceports import load_spaceports, spaceport_from_text

GEO_RADIUS_KM = 42164.17
PARKING_ALTITUDE_KM = 200.0


@dataclass(frozen=True)
class Orbit:
    """The orbit asked for: ``kind`` 'circular', 'sso' or 'geo'."""

    kind: str
    altitude_km: float
    inclination_deg: float
    ltan_h: float | None = None

    def describe(self) -> str:
        if self.kind == "geo":
            return "geostationary (Hohmann transfer from a 200 km parking orbit)"
        text = f"circular {self.altitude_km:g} km, i = {self.inclination_deg:.2f} deg"
        if self.kind == "sso":
            text = f"sun-synchronous {self.altitude_km:g} km (i = {self.inclination_deg:.2f} " \
                   f"deg), LTAN {format_hours(self.ltan_h)}"
        return text


def circular_orbit(altitude_km: float, inclination_deg: float) -> Orbit:
    _check_altitude(altitude_km)
    if not 0.0 <= inclination_deg <= 180.0:
        raise InputError(f"inclination {inclination_deg} deg is outside [0, 180]",
                         field="inclination_deg", value=inclination_deg)
    return Orbit("circular", float(altitude_km), float(inclination_deg))


def sso_orbit(altitude_km: float, ltan) -> Orbit:
    _check_altitude(altitude_km)
    if altitude_km > 5900:
        raise InputError(f"no sun-synchronous circular orbit at {altitude_km} km (J2 is too "
                         "weak above ~5900 km)", field="altitude_km", value=altitude_km)
    return Orbit("sso", float(altitude_km), float(sso_inclination_deg(altitude_km)),
                 parse_ltan_hours(ltan))


def geo_orbit() -> Orbit:
    return Orbit("geo", GEO_RADIUS_KM - R_EARTH_KM, 0.0)


@dataclass(frozen=True)
class SiteComparison:
    """One pad's answer; ``to_dict`` gives the CLI's JSON object."""

    site: str
    name: str
    lat_deg: float
    lon_deg: float
    feasible: bool
    azimuth: list = field(default_factory=list)
    rotation_gain_km_s: float = 0.0
    penalty_dv_km_s: float = 0.0
    notes: str = ""
    reachable_deg: list = field(default_factory=list)
    corridors: tuple = ()

    def to_dict(self) -> dict:
        return {"site": self.site, "feasible": self.feasible,
                "azimuth_deg": [a.to_dict() for a in self.azimuth],
                "rotation_gain_km_s": round(self.rotation_gain_km_s, 4),
                "penalty_dv_km_s": round(self.penalty_dv_km_s, 4), "notes": self.notes}


def compare_sites(orbit: Orbit, pads=None) -> list[SiteComparison]:
    """Every pad (default: all bundled; or keys/names/``LAT,LON`` strings or ``Spaceport``s)
    for ``orbit``."""
    if pads is None:
        pads = list(load_spaceports().values())
    pads = [spaceport_from_text(p) if isinstance(p, str) else p for p in pads]
    if orbit.kind == "geo":
        return [_geo(pad) for pad in pads]
    return [_leo(pad, orbit) for pad in pads]


def _leo(pad, orbit: Orbit) -> SiteComparison:
    v = float(circular_speed_km_s(orbit.altitude_km))
    inc = orbit.inclination_deg
    sols = azimuth_solutions(pad, inc, v)
    reach = reachable_inclinations(pad, v)
    ok = [s for s in sols if s.within_corridor]
    base = dict(site=pad.key or pad.name, name=pad.name, lat_deg=pad.lat_deg,
                lon_deg=pad.lon_deg, reachable_deg=reach, corridors=pad.corridors)
    reach_text = ", ".join(f"{a:.1f}-{b:.1f}" for a, b in reach)
    if ok:
        best = max(ok, key=lambda s: s.rotation_gain_km_s)
        return SiteComparison(**base, feasible=True, azimuth=sols,
                              rotation_gain_km_s=best.rotation_gain_km_s,
                              notes=f"direct ascent, {best.direction}-going at "
                                    f"{best.rotating_deg:.1f} deg; reaches i {reach_text} deg")
    near = nearest_reachable(reach, inc)
    di = abs(inc - near)
    dv = float(plane_change_dv_km_s(v, di))
    if not sols:
        why = (f"latitude {abs(pad.lat_deg):.2f} deg lies above i = {inc:.2f} deg: "
               "no azimuth reaches it")
    else:
        why = (f"azimuths {', '.join(f'{s.rotating_deg:.1f}' for s in sols)} deg lie outside "
               f"the corridor {pad.corridor_text()} deg")
    # the gain of the ascent actually flown: towards the nearest reachable inclination
    flown = azimuth_solutions(pad, near, v)
    flown_ok = [s for s in flown if s.within_corridor] or flown
    gain = max((s.rotation_gain_km_s for s in flown_ok), default=0.0)
    return SiteComparison(**base, feasible=False, azimuth=sols, rotation_gain_km_s=gain,
                          penalty_dv_km_s=dv,
                          notes=f"{why}; fly i = {near:.2f} deg and change plane by "
                                f"{di:.2f} deg at a node ({dv * 1000:.0f} m/s; a dog-leg in "
                                f"ascent turns the same angle, cost vehicle-dependent); "
                                f"reaches i {reach_text} deg")


def geo_transfer_dv_km_s(transfer_inclination_deg, parking_altitude_km: float =
                         PARKING_ALTITUDE_KM) -> tuple:
    """(perigee burn, apogee burn) in km/s for a Hohmann transfer to GEO whose plane change
    (``transfer_inclination_deg``, all of it) is done at apogee with the circularisation."""
    rp = R_EARTH_KM + parking_altitude_km
    ra = GEO_RADIUS_KM
    a = 0.5 * (rp + ra)
    v_park = np.sqrt(MU_KM3_S2 / rp)
    v_peri = np.sqrt(MU_KM3_S2 * (2 / rp - 1 / a))
    v_apo = np.sqrt(MU_KM3_S2 * (2 / ra - 1 / a))
    v_geo = np.sqrt(MU_KM3_S2 / ra)
    return v_peri - v_park, combined_burn_dv_km_s(v_apo, v_geo, transfer_inclination_deg)


def _geo(pad) -> SiteComparison:
    v_park = float(circular_speed_km_s(PARKING_ALTITUDE_KM))
    reach = reachable_inclinations(pad, v_park)
    i_tr = min(a for a, _ in reach)
    sols = azimuth_solutions(pad, i_tr, v_park)
    ok = [s for s in sols if s.within_corridor] or sols
    gain = max(s.rotation_gain_km_s for s in ok)
    _, dv_apo = geo_transfer_dv_km_s(i_tr)
    _, dv_eq = geo_transfer_dv_km_s(0.0)
    penalty = float(dv_apo - dv_eq)
    limit = "its latitude" if abs(i_tr - abs(pad.lat_deg)) < 0.05 else "its corridor"
    return SiteComparison(site=pad.key or pad.name, name=pad.name, lat_deg=pad.lat_deg,
                          lon_deg=pad.lon_deg, feasible=True, azimuth=sols,
                          rotation_gain_km_s=gain, penalty_dv_km_s=penalty,
                          reachable_deg=reach, corridors=pad.corridors,
                          notes=f"transfer orbit at i = {i_tr:.2f} deg (set by {limit}); "
                                f"apogee burn {float(dv_apo) * 1000:.0f} m/s vs "
                                f"{float(dv_eq) * 1000:.0f} m/s from the equator")


def _check_altitude(altitude_km: float) -> None:
    if not (np.isfinite(altitude_km) and 100.0 <= altitude_km <= 40000.0):
        raise InputError(f"altitude {altitude_km} km is outside [100, 40000] km",
                         field="altitude_km", value=altitude_km)
