"""Where a satellite stands in an Earth site's sky: elevation, azimuth, range, range rate.

Everything here works on ITRS (Earth-fixed) vectors in km and km/s, arrays of any leading
shape. Elevation is *geometric* (the straight line from the site, as Skyfield's
``(sat - topos).at(t).altaz()`` without a pressure), measured from the plane perpendicular to
the WGS84 ellipsoid normal (geodetic up); azimuth from geodetic north through east, degrees in
[0, 360). ``refraction_deg`` adds the standard atmosphere's bending for optical work, and
``HorizonMask`` holds an azimuth-dependent terrain mask.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aspan.errors import InputError, ParseError

#: WGS84 equatorial radius (km) and flattening.
WGS84_A_KM = 6378.137
WGS84_F = 1.0 / 298.257223563


@dataclass(frozen=True)
class SiteFrame:
    """An Earth site's ITRS position ``r_km`` (3,) and its local east/north/up unit vectors."""

    r_km: np.ndarray
    east: np.ndarray
    north: np.ndarray
    up: np.ndarray

    @classmethod
    def from_geodetic(cls, lat_deg: float, lon_deg: float, height_m: float = 0.0) -> SiteFrame:
        """The WGS84 geodetic position (as Skyfield's ``wgs84.latlon``) and its local axes."""
        lat, lon = np.radians(lat_deg), np.radians(lon_deg)
        e2 = WGS84_F * (2.0 - WGS84_F)
        n_km = WGS84_A_KM / np.sqrt(1.0 - e2 * np.sin(lat) ** 2)
        h_km = height_m / 1000.0
        r = np.array([(n_km + h_km) * np.cos(lat) * np.cos(lon),
                      (n_km + h_km) * np.cos(lat) * np.sin(lon),
                      (n_km * (1.0 - e2) + h_km) * np.sin(lat)])
        up = np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
        east = np.array([-np.sin(lon), np.cos(lon), 0.0])
        north = np.cross(up, east)
        return cls(r, east, north, up)

    @classmethod
    def of(cls, site) -> SiteFrame:
        """From anything with ``lat_deg``, ``lon_deg``, ``height_m`` (an ``EarthSite``)."""
        return cls.from_geodetic(site.lat_deg, site.lon_deg, site.height_m)


def look_angles(frame: SiteFrame, r_km: np.ndarray, v_km_s: np.ndarray | None = None):
    """Elevation (deg), azimuth (deg), range (km) and range rate (km/s, NaN without ``v``).

    ``r_km``, ``v_km_s``: ITRS satellite states ``(..., 3)``; the site is fixed in ITRS.
    """
    d = np.asarray(r_km, dtype=np.float64) - frame.r_km
    e = d @ frame.east
    n = d @ frame.north
    u = d @ frame.up
    rng = np.sqrt(e * e + n * n + u * u)
    el = np.degrees(np.arcsin(np.clip(u / rng, -1.0, 1.0)))
    az = np.degrees(np.arctan2(e, n)) % 360.0
    if v_km_s is None:
        rr = np.full_like(rng, np.nan)
    else:
        rr = np.einsum("...i,...i->...", d, np.asarray(v_km_s, dtype=np.float64)) / rng
    return el, az, rng, rr


def elevation_deg(frame: SiteFrame, x, y, z) -> np.ndarray:
    """Geometric elevation (deg) of ITRS points given as three coordinate arrays (km)."""
    dx, dy, dz = x - frame.r_km[0], y - frame.r_km[1], z - frame.r_km[2]
    u = dx * frame.up[0] + dy * frame.up[1] + dz * frame.up[2]
    rng = np.sqrt(dx * dx + dy * dy + dz * dz)
    return np.degrees(np.arcsin(np.clip(u / rng, -1.0, 1.0)))


def refraction_deg(elevation_deg) -> np.ndarray:
    """Atmospheric refraction (deg) to add to a geometric elevation: Saemundsson (1986).

    ``R = 1.02 / tan(h + 10.3 / (h + 5.11))`` arcminutes for the true altitude ``h`` in degrees,
    standard conditions (1010 hPa, 10 C; Meeus, *Astronomical Algorithms* eq. 16.4). Below
    -1 deg the value at -1 deg is used (the formula is meant for the visible sky; the
    refraction is held constant below it so that the apparent elevation stays monotonic).
    """
    h = np.maximum(np.asarray(elevation_deg, dtype=np.float64), -1.0)
    return 1.02 / np.tan(np.radians(h + 10.3 / (h + 5.11))) / 60.0


def apparent_elevation_deg(elevation_deg, refraction: bool) -> np.ndarray:
    """``elevation_deg`` plus ``refraction_deg`` when ``refraction``; else unchanged."""
    el = np.asarray(elevation_deg, dtype=np.float64)
    return el + refraction_deg(el) if refraction else el


@dataclass(frozen=True)
class HorizonMask:
    """An elevation mask as a function of azimuth: linear between the given points, wrapping
    at 360 deg. ``azimuth_deg`` from north through east; ``elevation_deg`` the lowest usable
    elevation at that azimuth (terrain, buildings, antenna limits)."""

    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray

    def __post_init__(self) -> None:
        az = np.asarray(self.azimuth_deg, dtype=np.float64) % 360.0
        el = np.asarray(self.elevation_deg, dtype=np.float64)
        if az.ndim != 1 or az.shape != el.shape or az.size == 0:
            raise InputError("a horizon mask needs one elevation per azimuth, at least one pair")
        if not (np.all(np.isfinite(el)) and np.all(np.abs(el) <= 90.0)):
            raise InputError("horizon mask elevations must lie in [-90, 90] deg",
                             field="elevation_deg")
        order = np.argsort(az, kind="stable")
        object.__setattr__(self, "azimuth_deg", az[order])
        object.__setattr__(self, "elevation_deg", el[order])

    @classmethod
    def constant(cls, elevation_deg: float) -> HorizonMask:
        return cls(np.array([0.0]), np.array([float(elevation_deg)]))

    @property
    def is_constant(self) -> bool:
        return bool(np.all(self.elevation_deg == self.elevation_deg[0]))

    @property
    def min_deg(self) -> float:
        return float(self.elevation_deg.min())

    @property
    def max_deg(self) -> float:
        return float(self.elevation_deg.max())

    def at(self, azimuth_deg) -> np.ndarray:
        """The mask elevation (deg) at ``azimuth_deg`` (any shape)."""
        az = np.asarray(azimuth_deg, dtype=np.float64) % 360.0
        if self.is_constant:
            return np.full(az.shape, self.elevation_deg[0])
        return np.interp(az, self.azimuth_deg, self.elevation_deg, period=360.0)

    def raised(self, floor_deg: float) -> HorizonMask:
        """This mask, never below ``floor_deg`` (a minimum elevation on top of the terrain)."""
        return HorizonMask(self.azimuth_deg, np.maximum(self.elevation_deg, floor_deg))


def read_horizon_mask(path) -> HorizonMask:
    """A terrain mask from a text file of ``azimuth,elevation`` pairs in degrees, one per line.

    Commas, semicolons or blanks separate the two numbers; ``#`` starts a comment; a first line
    that is not numeric is taken as a header.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot read the horizon mask ({error.strerror})",
                         file=str(path)) from None
    az, el = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.replace(",", " ").replace(";", " ").split()
        try:
            if len(parts) != 2:
                raise ValueError
            a, e = float(parts[0]), float(parts[1])
        except ValueError:
            if not az and number == 1:
                continue  # header
            raise ParseError(f"{path} line {number}: expected 'azimuth_deg,elevation_deg', "
                             f"got {raw.strip()!r}", file=str(path), line=number,
                             hint="one pair of numbers in degrees per line") from None
        az.append(a)
        el.append(e)
    if not az:
        raise ParseError(f"{path}: no azimuth,elevation pairs found", file=str(path),
                         hint="one pair of numbers in degrees per line, e.g. '120,5.5'")
    return HorizonMask(np.array(az), np.array(el))
