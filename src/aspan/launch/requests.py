"""Request -> result for the launch commands, shared by ``aspan launch`` and the service.

``orbit_from_options`` picks the one orbit that the options describe; ``windows_request``
resolves a pad and a target plane and finds the windows, as ``aspan launch windows`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from aspan.errors import InputError


def orbit_from_options(altitude_km=None, inclination_deg=None, sso_altitude_km=None, ltan=None,
                       geo: bool = False):
    """The ``Orbit`` of ``--altitude-km/--inclination-deg``, ``--sso-altitude-km/--ltan`` or
    ``--geo`` (exactly one of the three)."""
    from aspan.launch.compare import circular_orbit, geo_orbit, sso_orbit

    chosen = [geo, altitude_km is not None or inclination_deg is not None,
              sso_altitude_km is not None or ltan is not None]
    if sum(chosen) != 1:
        raise InputError("give exactly one orbit: --altitude-km A --inclination-deg I, "
                         "or --sso-altitude-km A --ltan HH:MM, or --geo", field="orbit")
    if geo:
        return geo_orbit()
    if chosen[1]:
        if altitude_km is None or inclination_deg is None:
            raise InputError("a circular orbit needs both --altitude-km and --inclination-deg",
                             field="orbit")
        return circular_orbit(altitude_km, inclination_deg)
    if sso_altitude_km is None or ltan is None:
        raise InputError("a sun-synchronous orbit needs both --sso-altitude-km and --ltan",
                         field="orbit")
    return sso_orbit(sso_altitude_km, ltan)


def day_start(text: str, what: str):
    """``YYYY-MM-DD`` (midnight UTC) or a full ISO time, as a Skyfield ``Time``."""
    from aspan.core.time import to_time

    return to_time(f"{text}T00:00:00Z" if "T" not in text else text, what=what)


@dataclass
class WindowsResult:
    pad: object
    plane: object
    found: object
    shown: list

    def to_records(self) -> list[dict]:
        return [w.to_dict() for w in self.shown]


def windows_request(site: str, date: str, days: float = 1.0, *, target_norad=None,
                    catalog_loader=None, raan_deg=None, inclination_deg=None, epoch=None,
                    altitude_km: float = 400.0, ascent_s: float = 0.0,
                    any_azimuth: bool = False) -> WindowsResult:
    """The windows of ``aspan launch windows``. ``catalog_loader(norad_list)`` returns the
    ``Catalog`` holding ``target_norad`` (from a file, the store or a cache)."""
    from aspan.launch.planes import plane_from_catalog, plane_from_elements
    from aspan.launch.spaceports import spaceport_from_text
    from aspan.launch.windows import plane_windows

    pad = spaceport_from_text(site)
    start = day_start(date, "--date")
    if target_norad is not None:
        if raan_deg is not None or inclination_deg is not None:
            raise InputError("give either --target-norad or --raan-deg/--inclination-deg/"
                             "--epoch, not both", field="target")
        cat = catalog_loader([target_norad])
        plane = plane_from_catalog(cat, target_norad, at=start)
    elif raan_deg is not None and inclination_deg is not None and epoch is not None:
        plane = plane_from_elements(raan_deg, inclination_deg, epoch, altitude_km=altitude_km)
    else:
        raise InputError("give a target plane: --target-norad N [--catalog FILE], or "
                         "--raan-deg R --inclination-deg I --epoch ISO", field="target")
    found = plane_windows(pad, plane, start, days, ascent_offset_s=ascent_s)
    shown = found.windows if (any_azimuth or not pad.restricted) else found.flyable()
    return WindowsResult(pad, plane, found, shown)
