"""Places on the Moon: ``LunarSite`` and the bundled south-pole sites (``lunar_sites.toml``).

A ``LunarSite`` stands at selenographic latitude and longitude (degrees, east positive) in the
mean Earth / polar axis frame of DE421 (``aspan.moon.frames``), ``height_m`` above the
1737.4 km reference sphere of LOLA, with an instrument ``mast_m`` above the ground. Its local
axes: *up* along the sphere's normal, *east* ``(-sin lon, cos lon, 0)``, *north*
``up x east``; azimuth runs from north through east as on Earth.

**Near the pole.** These axes come from latitude and longitude, not from a cross product with
the spin axis, so they stay defined right at the pole: at latitude -90 deg exactly, "north"
points along the meridian of the site's longitude (the direction in which the site would move
if its latitude increased). Moving a few metres off the pole along any meridian changes
azimuths smoothly (Skyfield's ``PlanetTopos`` uses the same convention).

Like ``EarthSite``, a site has ``.at(t)`` (its barycentric position, a Skyfield position that
can ``.observe()`` anything) and ``rotation_at(t)`` (ICRS -> local north/east/up).
"""

from __future__ import annotations

import math
import tomllib
from functools import cache, cached_property
from importlib import resources

import numpy as np
from skyfield.constants import AU_KM
from skyfield.vectorlib import VectorFunction

from aspan.errors import InputError, NotFoundError
from aspan.moon.frames import MOON_RADIUS_KM, MoonFrame


def check_lunar_site(lat_deg, lon_deg, height_m=0.0, mast_m=0.0, *, what="lunar site"):
    """Raise ``InputError`` unless lat in [-90, 90], lon in [-180, 360), height in
    [-10000, 11000] m (the Moon's relief), mast in [0, 1000] m."""
    for label, value in (("latitude", lat_deg), ("longitude", lon_deg), ("height", height_m),
                         ("mast height", mast_m)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value):
            raise InputError(f"{what}: {label} {value!r} is not a finite number",
                             field=label, value=value)
    if not -90.0 <= lat_deg <= 90.0:
        raise InputError(f"{what}: latitude {lat_deg} deg is outside [-90, 90]",
                         field="lat_deg", value=lat_deg,
                         hint="give latitude first, then longitude: LAT,LON[,HEIGHT_M]")
    if not -180.0 <= lon_deg < 360.0:
        raise InputError(f"{what}: longitude {lon_deg} deg is outside [-180, 360)",
                         field="lon_deg", value=lon_deg, hint="east is positive")
    if not -10_000.0 <= height_m <= 11_000.0:
        raise InputError(f"{what}: height {height_m} m is outside [-10000, 11000] m above the "
                         f"{MOON_RADIUS_KM} km sphere", field="height_m", value=height_m,
                         hint="the height is in metres")
    if not 0.0 <= mast_m <= 1000.0:
        raise InputError(f"{what}: mast height {mast_m} m is outside [0, 1000] m",
                         field="mast_m", value=mast_m)


class LunarSite:
    """A place on the Moon (ME frame of DE421): ``lat_deg``, ``lon_deg`` (east +),
    ``height_m`` above the 1737.4 km sphere, ``mast_m`` of instrument above the ground."""

    def __init__(self, name: str, lat_deg: float, lon_deg: float, height_m: float = 0.0,
                 mast_m: float = 0.0, *, key: str = "", group: str = "", precision: str = "",
                 source: str = "", note: str = "", frame: MoonFrame | None = None) -> None:
        check_lunar_site(lat_deg, lon_deg, height_m, mast_m, what=name or "lunar site")
        self.name, self.key, self.group = name, key, group
        self.lat_deg, self.lon_deg = float(lat_deg), float(lon_deg)
        self.height_m, self.mast_m = float(height_m), float(mast_m)
        self.precision, self.source, self.note = precision, source, note
        self.frame = frame or MoonFrame("ME")

    def __repr__(self) -> str:
        return (f"LunarSite({self.name!r}, lat_deg={self.lat_deg}, lon_deg={self.lon_deg}, "
                f"height_m={self.height_m}, mast_m={self.mast_m})")

    def with_mast(self, mast_m: float) -> LunarSite:
        """The same place with another mast height."""
        return LunarSite(self.name, self.lat_deg, self.lon_deg, self.height_m, mast_m,
                         key=self.key, group=self.group, precision=self.precision,
                         source=self.source, note=self.note, frame=self.frame)

    @property
    def radius_km(self) -> float:
        """Distance of the instrument from the Moon's centre (sphere + height + mast)."""
        return MOON_RADIUS_KM + (self.height_m + self.mast_m) / 1000.0

    @cached_property
    def axes(self) -> np.ndarray:
        """Rows north, east, up (unit vectors in the body-fixed frame), (3, 3)."""
        lat, lon = math.radians(self.lat_deg), math.radians(self.lon_deg)
        up = np.array([math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon),
                       math.sin(lat)])
        east = np.array([-math.sin(lon), math.cos(lon), 0.0])
        north = np.array([-math.sin(lat) * math.cos(lon), -math.sin(lat) * math.sin(lon),
                          math.cos(lat)])
        return np.array([north, east, up])

    @property
    def position_km(self) -> np.ndarray:
        """Body-fixed position of the instrument (km), (3,)."""
        return self.radius_km * self.axes[2]

    def rotation_at(self, t) -> np.ndarray:
        """ICRS -> local (north, east, up) rotation: (3, 3) or (3, 3, n)."""
        return np.einsum("ij,jk...->ik...", self.axes, self.frame.rotation_at(t))

    @cached_property
    def vector(self) -> _SurfaceVector:
        """Skyfield vector function from the Moon's centre to the site (``moon + vector``)."""
        return _SurfaceVector(self)

    def at(self, t):
        """Barycentric position of the site at ``t`` (Skyfield; ``.observe(body)`` works)."""
        from aspan.core.ephemeris import ephemeris

        return (ephemeris()["moon"] + self.vector).at(t)

    def to_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "lat_deg": self.lat_deg,
                "lon_deg": self.lon_deg, "height_m": self.height_m, "mast_m": self.mast_m,
                "group": self.group, "precision": self.precision, "source": self.source,
                "note": self.note}


class _SurfaceVector(VectorFunction):
    """Moon centre (301) -> a ``LunarSite``, rotating with the ME frame."""

    center = 301

    def __init__(self, site: LunarSite) -> None:
        self.site = site
        self.target = self
        self.target_name = site.name

    def rotation_at(self, t):
        return self.site.rotation_at(t)

    def _at(self, t):
        r, dr = self.site.frame.rotation_and_rate_at(t)
        p = self.site.position_km / AU_KM
        pos = np.einsum("ji...,j->i...", r, p)
        vel = np.einsum("ji...,j->i...", dr, p)  # per day already
        return pos, vel, None, None


@cache
def load_lunar_sites() -> dict[str, LunarSite]:
    """The bundled lunar sites by key (``aspan/data/lunar_sites.toml``), in file order."""
    text = resources.files("aspan.data").joinpath("lunar_sites.toml").read_text("utf-8")
    return lunar_sites_from_toml(text)


def lunar_sites_from_toml(text: str, *, file: str = "lunar_sites.toml") -> dict[str, LunarSite]:
    """Sites from TOML: one table per site with name, lat_deg, lon_deg, height_m, ..."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{file}: not valid TOML: {error}", file=file) from None
    sites = {}
    for key, table in data.items():
        try:
            sites[key] = LunarSite(str(table.get("name", key)), float(table["lat_deg"]),
                                   float(table["lon_deg"]), float(table.get("height_m", 0.0)),
                                   key=key, group=str(table.get("group", "")),
                                   precision=str(table.get("precision", "")),
                                   source=str(table.get("source", "")),
                                   note=str(table.get("note", "")))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise InputError(f"{file}: lunar site [{key}] lacks or mangles {error}", file=file,
                             field=key, hint="each site needs lat_deg and lon_deg") from None
    return sites


def lunar_site_from_text(text: str, *, mast_m: float = 0.0) -> LunarSite:
    """A lunar site from ``"NAME"`` (key or name of a bundled site, any case) or
    ``"LAT,LON[,HEIGHT_M]"`` (degrees, degrees east, metres above 1737.4 km)."""
    raw = str(text).strip()
    if "," in raw or _is_number(raw):
        parts = [p.strip() for p in raw.split(",")]
        if len(parts) not in (2, 3):
            raise InputError(f"lunar site {raw!r}: expected LAT,LON or LAT,LON,HEIGHT_M, "
                             f"got {len(parts)} values", value=raw,
                             hint="for example -89.534,-150.052,1653")
        values = []
        for label, part in zip(("latitude", "longitude", "height"), parts, strict=False):
            try:
                values.append(float(part))
            except ValueError:
                raise InputError(f"lunar site {raw!r}: {label} {part!r} is not a number",
                                 field=label, value=part,
                                 hint="write degrees as decimals, e.g. -89.534,-150.052") from None
        height = values[2] if len(values) == 3 else 0.0
        check_lunar_site(values[0], values[1], height, mast_m, what=f"lunar site {raw!r}")
        return LunarSite(raw, values[0], values[1], height, mast_m, precision="given")
    site = lunar_site_by_name(raw)
    return site.with_mast(mast_m) if mast_m else site


def lunar_site_by_name(name: str) -> LunarSite:
    """The bundled lunar site whose key or name is ``name`` (case-insensitive)."""
    wanted = _fold(name)
    sites = load_lunar_sites()
    for key, site in sites.items():
        if wanted in (_fold(key), _fold(site.name)):
            return site
    raise NotFoundError(f"unknown lunar site {name!r}; known sites: {', '.join(sites)}",
                        value=name, hint="or give coordinates as LAT,LON[,HEIGHT_M]")


def _fold(text: str) -> str:
    return " ".join(str(text).replace("-", " ").replace("_", " ").lower().split())


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
