"""Plots (matplotlib, Agg): a map of pads with corridors and first-orbit ground tracks, and a
calendar of windows. No basemap: a latitude/longitude grid only (nothing is downloaded).

The first-orbit ground track is two-body (spherical Earth, circular orbit) from the pad along
the inertial azimuth, with the Earth turning underneath: good to a few tenths of a degree over
one revolution, enough to see where the ascent and the first orbit pass.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from aspan.launch.ascent import (
    MU_KM3_S2,
    OMEGA_EARTH_RAD_S,
    R_EARTH_KM,
    inertial_from_ground_deg,
)


def first_orbit_track(lat_deg: float, lon_deg: float, inertial_az_deg: float,
                      altitude_km: float, n: int = 361) -> tuple[np.ndarray, np.ndarray]:
    """(lat_deg, lon_deg) of one revolution of a circular orbit through the pad (deg)."""
    a = R_EARTH_KM + altitude_km
    period = 2 * np.pi * np.sqrt(a**3 / MU_KM3_S2)
    u = np.linspace(0.0, 2 * np.pi, n)
    phi, lam, az = np.radians(lat_deg), np.radians(lon_deg), np.radians(inertial_az_deg)
    r0 = np.array([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])
    east = np.array([-np.sin(lam), np.cos(lam), 0.0])
    north = np.cross(r0, east)
    d0 = np.sin(az) * east + np.cos(az) * north
    pos = np.cos(u)[:, None] * r0 + np.sin(u)[:, None] * d0
    lat = np.degrees(np.arcsin(np.clip(pos[:, 2], -1, 1)))
    lon = np.degrees(np.arctan2(pos[:, 1], pos[:, 0]) - OMEGA_EARTH_RAD_S * period * u / (2 * np.pi))
    return lat, (lon + 180.0) % 360.0 - 180.0


def _figure(width=11, height=6):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt, *plt.subplots(figsize=(width, height), dpi=110)


def plot_sites_map(pads, path, *, comparisons=None, altitude_km: float = 500.0,
                   title: str = "Launch pads, corridors and first-orbit ground tracks"):
    """PNG map: each pad, its corridor as a wedge of rays, and (with ``comparisons`` from
    ``compare_sites``) the first-orbit track of each feasible pad's first allowed azimuth."""
    plt, fig, ax = _figure()
    ax.set_xlim(-180, 180)
    ax.set_ylim(-90, 90)
    ax.set_xticks(range(-180, 181, 30))
    ax.set_yticks(range(-90, 91, 30))
    ax.grid(True, color="0.85", lw=0.6)
    ax.axhline(0, color="0.6", lw=0.8)
    ax.set_xlabel("longitude (deg, east +)")
    ax.set_ylabel("geodetic latitude (deg)")
    ax.set_aspect("equal")
    by_key = {c.site: c for c in (comparisons or [])}
    colors = plt.get_cmap("tab10")
    groups = {}
    for pad in pads:
        groups.setdefault(pad.spaceport or pad.name, []).append(pad)
    for k, (group, members) in enumerate(groups.items()):
        color = colors(k % 10)
        pad = members[0]
        ax.plot(pad.lon_deg, pad.lat_deg, "o", color=color, ms=6, zorder=5)
        ax.annotate(group, (pad.lon_deg, pad.lat_deg), xytext=(5, 5),
                    textcoords="offset points", fontsize=8, color=color, weight="bold")
        for lo, hi in pad.corridors:
            width = (hi - lo) % 360.0
            for az in lo + np.linspace(0.0, width, max(int(width / 5), 2) + 1):
                rad = np.radians(az)
                ax.plot([pad.lon_deg, pad.lon_deg + 12 * np.sin(rad)],
                        [pad.lat_deg, pad.lat_deg + 12 * np.cos(rad)], color=color, lw=0.6,
                        alpha=0.5)
        for member in members:
            comp = by_key.get(member.key)
            if comp is None or not comp.feasible:
                continue
            sol = next((s for s in comp.azimuth if s.within_corridor), None)
            if sol is None:
                continue
            lat, lon = first_orbit_track(member.lat_deg, member.lon_deg, sol.inertial_deg,
                                         altitude_km)
            jumps = np.flatnonzero(np.abs(np.diff(lon)) > 180) + 1
            for seg_lat, seg_lon in zip(np.split(lat, jumps), np.split(lon, jumps), strict=True):
                ax.plot(seg_lon, seg_lat, color=color, lw=1.0, alpha=0.8)
            break
    ax.set_title(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(Path(path))
    plt.close(fig)
    return Path(path)


def plot_windows_calendar(times_jd_ut, labels, path, *, title: str = "Launch windows"):
    """PNG calendar: one dot per window, date on x and UTC time of day on y, one colour per
    label (e.g. 'ascending'/'descending', or 'north'/'south')."""
    import datetime as dt

    plt, fig, ax = _figure(11, 5)
    jd = np.asarray(times_jd_ut, dtype=np.float64)
    labels = np.asarray(labels)
    day0 = np.floor(jd - 0.5) + 0.5
    for k, label in enumerate(dict.fromkeys(labels.tolist())):
        sel = labels == label
        dates = [dt.datetime(2000, 1, 1, 12) + dt.timedelta(days=float(d - 2451545.0))
                 for d in day0[sel]]
        hours = (jd[sel] - day0[sel]) * 24.0
        ax.plot(dates, hours, "o", ms=4, label=label, color=plt.get_cmap("tab10")(k))
    ax.set_ylim(0, 24)
    ax.set_yticks(range(0, 25, 3))
    ax.set_ylabel("time of day (UTC, h)")
    ax.set_xlabel("date (UTC)")
    ax.grid(True, color="0.85", lw=0.6)
    if labels.size:
        ax.legend(loc="upper right", fontsize=9)
    ax.set_title(title, fontsize=11)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(Path(path))
    plt.close(fig)
    return Path(path)


__all__ = ["first_orbit_track", "inertial_from_ground_deg", "plot_sites_map",
           "plot_windows_calendar"]
