"""Named places on Earth: ``EarthSite`` and the bundled list in ``aspan/data/sites.toml``.

An ``EarthSite`` is a WGS84 geodetic position (latitude and longitude in degrees, height in
metres above the ellipsoid); ``site.at(t)`` is Skyfield's ``wgs84.latlon(...).at(t)``, the
GCRS position of the site at the times ``t``.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from skyfield.api import wgs84

from aspan.errors import InputError, NotFoundError


@dataclass(frozen=True)
class EarthSite:
    """A place on Earth: geodetic ``lat_deg`` [-90, 90], ``lon_deg`` (east +), ``height_m``."""

    name: str
    lat_deg: float
    lon_deg: float
    height_m: float = 0.0
    key: str = ""
    kind: str = ""
    precision: str = ""

    def __post_init__(self) -> None:
        check_latlon(self.lat_deg, self.lon_deg, self.height_m, what=self.name or "site")

    @cached_property
    def position(self):
        """Skyfield's ``GeographicPosition`` (WGS84) of the site."""
        return wgs84.latlon(self.lat_deg, self.lon_deg, elevation_m=self.height_m)

    def at(self, t):
        """GCRS position of the site at ``t`` (Skyfield ``Time``, scalar or array)."""
        return self.position.at(t)

    def to_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "lat_deg": self.lat_deg,
                "lon_deg": self.lon_deg, "height_m": self.height_m, "kind": self.kind,
                "precision": self.precision}


def check_latlon(lat_deg: float, lon_deg: float, height_m: float = 0.0, *,
                 what: str = "site") -> None:
    """Raise ``InputError`` unless lat in [-90, 90], lon in [-180, 360), height finite."""
    for label, value in (("latitude", lat_deg), ("longitude", lon_deg), ("height", height_m)):
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InputError(f"{what}: {label} {value!r} is not a finite number",
                             field=label, value=value)
    if not -90.0 <= lat_deg <= 90.0:
        raise InputError(f"{what}: latitude {lat_deg} deg is outside [-90, 90]",
                         field="lat_deg", value=lat_deg,
                         hint="give latitude first, then longitude: LAT,LON[,HEIGHT_M]")
    if not -180.0 <= lon_deg < 360.0:
        raise InputError(f"{what}: longitude {lon_deg} deg is outside [-180, 360)",
                         field="lon_deg", value=lon_deg, hint="east is positive")
    if not -500.0 <= height_m <= 100_000.0:
        raise InputError(f"{what}: height {height_m} m is outside [-500, 100000] m",
                         field="height_m", value=height_m, hint="the height is in metres")


@cache
def load_sites() -> dict[str, EarthSite]:
    """The bundled sites by key (``aspan/data/sites.toml``), in file order."""
    text = resources.files("aspan.data").joinpath("sites.toml").read_text(encoding="utf-8")
    return sites_from_toml(text)


def sites_from_toml(text: str, *, file: str = "sites.toml") -> dict[str, EarthSite]:
    """Sites from TOML text: one table per site with name, lat_deg, lon_deg, height_m."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{file}: not valid TOML: {error}", file=file) from None
    sites = {}
    for key, table in data.items():
        try:
            sites[key] = EarthSite(name=str(table.get("name", key)),
                                   lat_deg=float(table["lat_deg"]),
                                   lon_deg=float(table["lon_deg"]),
                                   height_m=float(table.get("height_m", 0.0)), key=key,
                                   kind=str(table.get("kind", "")),
                                   precision=str(table.get("precision", "")))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise InputError(f"{file}: site [{key}] lacks or mangles {error}", file=file,
                             field=key, hint="each site needs lat_deg and lon_deg") from None
    return sites


def site_from_text(text: str) -> EarthSite:
    """A site from ``"NAME"`` (a key or name of the bundled sites, any case) or
    ``"LAT,LON[,HEIGHT_M]"`` (degrees, degrees, metres)."""
    raw = str(text).strip()
    if "," in raw or _is_number(raw):
        parts = [p.strip() for p in raw.split(",")]
        if len(parts) not in (2, 3):
            raise InputError(f"site {raw!r}: expected LAT,LON or LAT,LON,HEIGHT_M, "
                             f"got {len(parts)} values", value=raw,
                             hint="for example 43.2244,77.8711,2750")
        values = []
        for label, part in zip(("latitude", "longitude", "height"), parts, strict=False):
            try:
                values.append(float(part))
            except ValueError:
                raise InputError(f"site {raw!r}: {label} {part!r} is not a number",
                                 field=label, value=part,
                                 hint="write degrees as decimals, e.g. 43.2244,77.8711") from None
        check_latlon(*values, what=f"site {raw!r}")
        return EarthSite(name=raw, lat_deg=values[0], lon_deg=values[1],
                         height_m=values[2] if len(values) == 3 else 0.0)
    return site_by_name(raw)


def site_by_name(name: str) -> EarthSite:
    """The bundled site whose key or name is ``name`` (case-insensitive)."""
    wanted = _fold(name)
    for key, site in load_sites().items():
        if wanted in (_fold(key), _fold(site.name)):
            return site
    known = ", ".join(load_sites())
    raise NotFoundError(f"unknown site {name!r}; known sites: {known}", value=name,
                        hint="or give coordinates as LAT,LON[,HEIGHT_M]")


def _fold(text: str) -> str:
    return " ".join(str(text).replace("-", " ").replace("_", " ").lower().split())


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
