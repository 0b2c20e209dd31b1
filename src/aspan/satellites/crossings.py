"""Field crossings: which satellites streak through a telescope's field during an exposure.

Given an Earth site, a pointing (RA/Dec, degrees, GCRS/ICRS astrometric: the satellite's
geometric direction from the site, no aberration), a circular field of ``fov_deg`` diameter and
an exposure (start, length), every object of a catalog is sampled every ``step_s`` seconds
(SGP4, GCRS) and the angular distance of its topocentric direction from the pointing is handed
to the event engine (``aspan.core.events``): a crossing is a span where the distance is below
``fov_deg / 2``. The topocentric vector (satellite minus site, both GCRS) is interpolated with
cubic Hermite between samples. A satellite's distance from a fixed point has one minimum per
approach, many minutes apart for any orbit, so a step of a few seconds never misses a crossing
(the engine refines the sampled minimum even when the satellite passes between samples).

The track is given in the image plane: gnomonic (tangent-plane) coordinates about the pointing,
``x_deg`` towards east (increasing RA), ``y_deg`` towards north, in degrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aspan.catalog.elements import Catalog
from aspan.core.events import intervals_above, sample_times
from aspan.core.sites import EarthSite
from aspan.errors import InputError
from aspan.satellites.interpolation import SampledTracks, grid_times
from aspan.satellites.optical import lit_fraction
from aspan.satellites.passes import as_sites, window
from aspan.satellites.propagation import propagate

_LOW = -1.0e6


def unit_vector(ra_deg, dec_deg) -> np.ndarray:
    ra, dec = np.radians(ra_deg), np.radians(dec_deg)
    return np.stack([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)], axis=-1)


def gnomonic_deg(u: np.ndarray, ra0_deg: float, dec0_deg: float):
    """Tangent-plane coordinates (deg) of unit vectors ``u (..., 3)`` about (ra0, dec0):
    x towards east, y towards north (Calabretta & Greisen 2002, TAN)."""
    ra0, dec0 = np.radians(ra0_deg), np.radians(dec0_deg)
    p = unit_vector(ra0_deg, dec0_deg)
    east = np.array([-np.sin(ra0), np.cos(ra0), 0.0])
    north = np.array([-np.sin(dec0) * np.cos(ra0), -np.sin(dec0) * np.sin(ra0), np.cos(dec0)])
    w = u @ p
    return np.degrees((u @ east) / w), np.degrees((u @ north) / w)


@dataclass(frozen=True)
class Crossing:
    """One satellite's passage through the field. Times are ISO UTC; ``entry_utc`` is None when
    the satellite is already in the field at the exposure start, ``exit_utc`` when still in it
    at the end. ``track``: points across the image ``[utc, ra_deg, dec_deg, x_deg, y_deg]``."""

    norad_id: int
    name: str
    entry_utc: str | None
    exit_utc: str | None
    closest_utc: str
    min_separation_deg: float
    entry_x_deg: float
    entry_y_deg: float
    exit_x_deg: float
    exit_y_deg: float
    angular_rate_deg_s: float
    range_km: float
    sunlit: bool
    track: list

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _iso(times) -> list[str]:
    return [s[:23] + "Z" for s in times.utc_strftime("%Y-%m-%dT%H:%M:%S.%fZ")]


def find_crossings_in_field(cat: Catalog, site: EarthSite | str, ra_deg: float, dec_deg: float,
                            fov_deg: float, start, exposure_s: float, *, step_s: float | None = None,
                            track_points: int = 11, tol_s: float = 0.001,
                            block_objects: int = 4096) -> list[Crossing]:
    """Every object of ``cat`` inside the circular field during the exposure, with its track.

    ``fov_deg``: field diameter (deg); ``exposure_s``: exposure length (s); ``step_s``:
    sampling step (default ``min(2 s, exposure / 2)``); ``tol_s``: time tolerance.
    """
    site = as_sites(site)[0]
    if not (0 < fov_deg <= 60):
        raise InputError(f"field of view {fov_deg} deg must be in (0, 60]", field="fov_deg")
    if not -90 <= dec_deg <= 90:
        raise InputError(f"declination {dec_deg} deg is outside [-90, 90]", field="dec_deg")
    if not (0 < exposure_s <= 86400):
        raise InputError(f"exposure {exposure_s} s must be in (0, 86400]", field="exposure_s")
    t0, span = window(start, hours=exposure_s / 3600.0)
    step = float(step_s or min(2.0, exposure_s / 2.0))
    t_s = sample_times(span, step)
    times = grid_times(t0, t_s)
    pos = site.at(times)
    site_r = np.asarray(pos.position.km).T
    site_v = np.asarray(pos.velocity.km_per_s).T
    p = unit_vector(ra_deg, dec_deg)
    radius = fov_deg / 2.0
    out: list[Crossing] = []
    for b in range(0, len(cat), block_objects):
        sub = cat[b:b + block_objects]
        st = propagate(sub, times).frame("gcrs")
        d = st.r_km - site_r
        dv = st.v_km_s - site_v
        tracks = SampledTracks(t_s, d, dv)

        def f_pairs(obj, t, tracks=tracks):
            r, _ = tracks.at(obj, t)
            c = (r @ p) / np.linalg.norm(r, axis=1)
            return np.nan_to_num(radius - np.degrees(np.arccos(np.clip(c, -1, 1))), nan=-180.0)

        rng = np.linalg.norm(d, axis=-1)
        sep = np.degrees(np.arccos(np.clip((d @ p) / rng, -1, 1)))
        grid = np.nan_to_num(radius - sep, nan=-180.0)
        vmax = np.nan_to_num(np.nanmax(np.linalg.norm(dv, axis=-1), axis=1, initial=0.0)) + 0.1
        reach = np.clip(vmax[:, None] * step / rng, 0.0, 1.0)
        turn = np.where(reach >= 1.0, 180.0, np.degrees(np.arcsin(reach)))
        grid = np.where(np.nan_to_num(grid + turn, nan=-1.0) < 0.0, _LOW, grid)

        def f_grid(t, grid=grid, f_pairs=f_pairs, n=len(sub)):
            if t.size == t_s.size and np.array_equal(t, t_s):
                return grid
            if t.size == 1 and t[0] == 0.0:
                return grid[:, :1]
            obj = np.repeat(np.arange(n), t.size)
            return f_pairs(obj, np.tile(t, n)).reshape(n, t.size)

        ints = intervals_above(f_grid, f_pairs, len(sub), span, step, level=0.0, tol_s=tol_s,
                               max_excursion=-_LOW / 10)
        for o, a, z in zip(ints.obj, ints.start_s, ints.stop_s, strict=True):
            out.append(_crossing(site, sub, tracks, int(o), a, z, span, t0, ra_deg, dec_deg, p,
                                 track_points))
    out.sort(key=lambda c: (c.closest_utc, c.norad_id))
    return out


def _crossing(site, sub, tracks, o, a, z, span, t0, ra0, dec0, p, n_points) -> Crossing:
    a0 = 0.0 if np.isnan(a) else a
    z0 = span if np.isnan(z) else z
    t = np.linspace(a0, z0, n_points)
    fine = np.linspace(a0, z0, 201)
    r, v = tracks.at(np.full(fine.size, o), fine)
    u = r / np.linalg.norm(r, axis=1)[:, None]
    k = int(np.argmax(u @ p))
    rt, _ = tracks.at(np.full(t.size, o), t)
    ut = rt / np.linalg.norm(rt, axis=1)[:, None]
    x, y = gnomonic_deg(ut, ra0, dec0)
    ra = np.degrees(np.arctan2(ut[:, 1], ut[:, 0])) % 360.0
    dec = np.degrees(np.arcsin(np.clip(ut[:, 2], -1, 1)))
    times = _iso(grid_times(t0, t))
    # angular rate at the closest point: |u x du/dt|
    rk, vk = r[k], v[k]
    nk = np.linalg.norm(rk)
    rate = np.degrees(np.linalg.norm(np.cross(rk, vk)) / nk**2)
    tc = grid_times(t0, np.array([fine[k]]))
    sunlit = _sunlit(site, tc, rk)
    return Crossing(
        norad_id=int(sub.norad_id[o]), name=str(sub.name[o]),
        entry_utc=None if np.isnan(a) else times[0],
        exit_utc=None if np.isnan(z) else times[-1],
        closest_utc=_iso(tc)[0],
        min_separation_deg=round(float(np.degrees(np.arccos(np.clip(u[k] @ p, -1, 1)))), 5),
        entry_x_deg=round(float(x[0]), 5), entry_y_deg=round(float(y[0]), 5),
        exit_x_deg=round(float(x[-1]), 5), exit_y_deg=round(float(y[-1]), 5),
        angular_rate_deg_s=round(float(rate), 5), range_km=round(float(nk), 3),
        sunlit=sunlit,
        track=[[ti, round(float(r_), 6), round(float(d_), 6), round(float(x_), 5),
                round(float(y_), 5)] for ti, r_, d_, x_, y_ in zip(times, ra, dec, x, y,
                                                                  strict=True)])


def _sunlit(site: EarthSite, tc, topo_km) -> bool:
    """Whether the satellite is outside the umbra at ``tc`` (GCRS; the Earth's flattening is
    applied along GCRS z, within 0.3 deg of the pole: good to a second of the penumbra)."""
    from aspan.satellites.optical import _earth_sun

    sat = np.asarray(site.at(tc).position.km).T[0] + topo_km
    sun = np.asarray(_earth_sun().at(tc).position.km).T[0]
    return bool(lit_fraction(sat, sun) > 0.0)
