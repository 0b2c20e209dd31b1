"""Launch pads and their azimuth corridors: ``Spaceport`` and ``aspan/data/spaceports.toml``.

A ``Spaceport`` is a pad (an ``EarthSite``) plus the ground azimuths range safety allows, as
closed arcs ``(from_deg, to_deg)`` measured clockwise from north; an arc with ``from > to``
wraps through north (``(347, 65)`` is 347..360..65). A pad given as ``LAT,LON`` has no
corridor: every azimuth is allowed (``corridors == ()`` means unrestricted).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from aspan.core.sites import EarthSite, site_from_text
from aspan.errors import InputError, NotFoundError


@dataclass(frozen=True)
class Spaceport:
    """A launch pad: ``site`` (WGS84), ``corridors`` ((from_deg, to_deg), ...), ``spaceport``."""

    site: EarthSite
    corridors: tuple[tuple[float, float], ...] = ()
    spaceport: str = ""
    note: str = ""

    @property
    def key(self) -> str:
        return self.site.key

    @property
    def name(self) -> str:
        return self.site.name

    @property
    def lat_deg(self) -> float:
        return self.site.lat_deg

    @property
    def lon_deg(self) -> float:
        return self.site.lon_deg

    @property
    def restricted(self) -> bool:
        """True when range safety limits the azimuth (a bundled pad)."""
        return bool(self.corridors)

    def allows(self, azimuth_deg) -> np.ndarray:
        """Whether each ground azimuth (deg, any shape) lies inside a corridor (edges count)."""
        az = np.mod(np.asarray(azimuth_deg, dtype=np.float64), 360.0)
        if not self.corridors:
            return np.ones(az.shape, dtype=bool)
        ok = np.zeros(az.shape, dtype=bool)
        for lo, hi in self.corridors:
            ok |= in_arc(az, lo, hi)
        return ok

    def corridor_text(self) -> str:
        if not self.corridors:
            return "any"
        return ", ".join(f"{lo:g}-{hi:g}" for lo, hi in self.corridors)

    def to_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "spaceport": self.spaceport,
                "lat_deg": self.lat_deg, "lon_deg": self.lon_deg,
                "height_m": self.site.height_m,
                "corridors_deg": [list(c) for c in self.corridors],
                "precision": self.site.precision, "note": self.note}


def in_arc(az_deg, lo_deg: float, hi_deg: float, eps_deg: float = 1e-9) -> np.ndarray:
    """Whether azimuths lie on the clockwise arc from ``lo_deg`` to ``hi_deg`` (inclusive)."""
    az = np.mod(np.asarray(az_deg, dtype=np.float64), 360.0)
    width = np.mod(hi_deg - lo_deg, 360.0)
    return np.mod(az - lo_deg + eps_deg, 360.0) <= width + 2 * eps_deg


@cache
def load_spaceports() -> dict[str, Spaceport]:
    """The bundled pads by key (``aspan/data/spaceports.toml``), in file order."""
    text = resources.files("aspan.data").joinpath("spaceports.toml").read_text(encoding="utf-8")
    return spaceports_from_toml(text)


def spaceports_from_toml(text: str, *, file: str = "spaceports.toml") -> dict[str, Spaceport]:
    """Pads from TOML text (see the bundled file for the fields)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{file}: not valid TOML: {error}", file=file) from None
    pads = {}
    for key, table in data.items():
        try:
            site = EarthSite(name=str(table.get("name", key)), lat_deg=float(table["lat_deg"]),
                             lon_deg=float(table["lon_deg"]),
                             height_m=float(table.get("height_m", 0.0)), key=key,
                             kind="launch pad", precision=str(table.get("precision", "")))
            arcs = table.get("corridors_deg")
            if arcs is None:
                arcs = [table["corridor_deg"]] if "corridor_deg" in table else []
            corridors = tuple((float(a), float(b)) for a, b in arcs)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise InputError(f"{file}: pad [{key}] lacks or mangles {error}", file=file,
                             field=key, hint="each pad needs lat_deg, lon_deg and "
                             "corridor_deg = [from, to]") from None
        pads[key] = Spaceport(site, corridors, str(table.get("spaceport", "")),
                              str(table.get("note", "")))
    return pads


def spaceport_from_text(text: str) -> Spaceport:
    """A pad from its key or name (any case), a spaceport's name (its first pad), or
    ``LAT,LON[,HEIGHT_M]`` (no corridor: every azimuth is allowed)."""
    raw = str(text).strip()
    pads = load_spaceports()
    wanted = _fold(raw)
    for pad in pads.values():
        if wanted in (_fold(pad.key), _fold(pad.name)):
            return pad
    for pad in pads.values():
        if wanted == _fold(pad.spaceport):
            return pad
    if "," in raw:
        return Spaceport(site_from_text(raw))
    raise NotFoundError(f"unknown launch pad {raw!r}; known pads: {', '.join(pads)}",
                        value=raw, hint="or give coordinates as LAT,LON[,HEIGHT_M] "
                        "(aspan spaceports list shows the pads)")


def _fold(text: str) -> str:
    return " ".join(str(text).replace("-", " ").replace("_", " ").replace("/", " ")
                    .lower().split())
