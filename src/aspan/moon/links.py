"""Links home: when a lunar site and an Earth station can see each other.

A link is open while both hold: the Earth's centre (or, with ``whole_disk``, all of its disk)
stands above the lunar site's horizon mask, and the lunar site stands above the Earth
station's mask (``min_elevation_deg`` and an optional terrain mask), seen with light time and
aberration from the station (Skyfield). The link function ``min(h_moon_side, h_earth_side)``
(degrees above each mask) goes to the one event engine; intervals come with the range
(km, station to lunar site) and the one-way light time (s) at their ends and their extremes
on the sampling grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from aspan.core.ephemeris import ephemeris
from aspan.core.events import intervals_above, sample_times
from aspan.core.topocentric import HorizonMask
from aspan.moon.bodies import BODY_RADIUS_KM
from aspan.moon.geometry import C_KM_S, local_sky
from aspan.moon.horizon import flat_horizon
from aspan.moon.window import Window


@dataclass
class Link:
    """Link windows between one lunar site and one Earth station; seconds since start."""

    site: object
    station: object
    window: Window
    intervals: list = field(default_factory=list)  # dicts: start_s, stop_s, ranges

    @property
    def linked_fraction(self) -> float:
        return sum(i["stop_s"] - i["start_s"] for i in self.intervals) / self.window.span_s

    def intervals_utc(self) -> list[dict]:
        out = []
        for i in self.intervals:
            a, b = self.window.utc_iso([i["start_s"], i["stop_s"]])
            out.append({"start_utc": a, "stop_utc": b,
                        "duration_hours": (i["stop_s"] - i["start_s"]) / 3600.0,
                        **{k: v for k, v in i.items() if k not in ("start_s", "stop_s")}})
        return out


def _station_view(site, station, window: Window, t_s):
    """Elevation (deg), azimuth (deg) and range (km) of the lunar site from the station."""
    eph = ephemeris()
    t = window.time(t_s)
    observer = (eph["earth"] + station.position).at(t)
    alt, az, dist = observer.observe(eph["moon"] + site.vector).apparent().altaz()
    return np.atleast_1d(alt.degrees), np.atleast_1d(az.degrees), np.atleast_1d(dist.km)


def links_home(site, stations: Sequence, start, stop, *, step_s: float = 600.0,
               lunar_mask: HorizonMask | None = None, min_elevation_deg: float = 5.0,
               station_mask: HorizonMask | None = None, whole_disk: bool = False,
               tol_s: float = 1.0) -> list[Link]:
    """Link windows of lunar ``site`` with each Earth station (``EarthSite``)."""
    window = Window.of(start, stop)
    lunar_mask = lunar_mask or flat_horizon()
    s_mask = (station_mask or HorizonMask.constant(min_elevation_deg)).raised(min_elevation_deg)
    stations = list(stations)

    def moon_side(t_s):
        w, f = window.jd(t_s)
        sky = local_sky([site], "earth", w, f)
        h = sky.alt_deg[0] - lunar_mask.at(sky.az_deg[0])
        if whole_disk:
            h = h - np.degrees(np.arcsin(BODY_RADIUS_KM["earth"] / sky.distance_km[0]))
        return h

    def one(i, t_s):
        el, az, _ = _station_view(site, stations[i], window, t_s)
        return np.minimum(moon_side(t_s), el - s_mask.at(az))

    def f_grid(t_s):
        return np.array([one(i, t_s) for i in range(len(stations))])

    def f_pairs(obj, t_s):
        out = np.empty(t_s.shape)
        for i in np.unique(obj):
            sel = obj == i
            out[sel] = one(int(i), t_s[sel])
        return out

    found = intervals_above(f_grid, f_pairs, len(stations), window.span_s, step_s, tol_s=tol_s)
    grid = sample_times(window.span_s, step_s)
    links = []
    for i, station in enumerate(stations):
        sel = found.obj == i
        intervals = []
        for a, b in zip(np.nan_to_num(found.start_s[sel], nan=0.0),
                        np.nan_to_num(found.stop_s[sel], nan=window.span_s), strict=True):
            inside = grid[(grid > a) & (grid < b)]
            _, _, rng = _station_view(site, station, window, np.concatenate([[a, b], inside]))
            intervals.append({"start_s": float(a), "stop_s": float(b),
                              "range_km_start": float(rng[0]), "range_km_stop": float(rng[1]),
                              "range_km_min": float(rng.min()), "range_km_max": float(rng.max()),
                              "light_time_s_min": float(rng.min() / C_KM_S),
                              "light_time_s_max": float(rng.max() / C_KM_S)})
        links.append(Link(site, station, window, intervals))
    return links
