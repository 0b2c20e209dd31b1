"""Where a telescope stands: Earth or Moon sites from text, and an Earth site's night sky.

Site text (``aspan observe --site``): a bundled Earth site name (``sites.toml``), a bundled
lunar site name (``lunar_sites.toml``), ``LAT,LON[,HEIGHT_M]`` on Earth, or
``moon:LAT,LON[,HEIGHT_M]`` (or ``moon:NAME``) on the Moon.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from aspan.core.sites import EarthSite, site_from_text
from aspan.errors import InputError, NotFoundError
from aspan.moon.sites import LunarSite, lunar_site_by_name, lunar_site_from_text


def is_lunar(site) -> bool:
    """True for a ``LunarSite``."""
    return isinstance(site, LunarSite)


def observing_site(text) -> EarthSite | LunarSite:
    """A site object from site text (see module doc), or the object itself."""
    if isinstance(text, (EarthSite, LunarSite)):
        return text
    raw = str(text).strip()
    if not raw:
        raise InputError("empty site", field="site",
                         hint="give a name, LAT,LON[,H] on Earth or moon:LAT,LON[,H]")
    if raw.lower().startswith("moon:"):
        return lunar_site_from_text(raw[5:])
    if "," in raw:
        return site_from_text(raw)
    try:
        return site_from_text(raw)
    except NotFoundError:
        pass
    try:
        return lunar_site_by_name(raw)
    except NotFoundError:
        raise NotFoundError(f"unknown site {raw!r}: neither an Earth site (aspan sites) nor a "
                            "lunar site (aspan moon sites)", field="site", value=raw,
                            hint="or give LAT,LON[,H] on Earth, moon:LAT,LON[,H] on the Moon"
                            ) from None


@dataclass(frozen=True)
class SiteSky:
    """An Earth site's night: seeing (arcsec at the zenith), dark-sky offset, aerosols, and
    the clear fraction of night hours (weather)."""

    seeing_zenith_arcsec: float
    airglow_offset_mag: float
    aerosol_550_mag: float
    clear_fraction: float = 1.0


@cache
def _site_skies() -> dict[str, SiteSky]:
    text = resources.files("aspan.data").joinpath("site_skies.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {key: SiteSky(float(t["seeing_zenith_arcsec"]), float(t["airglow_offset_mag"]),
                         float(t["aerosol_550_mag"]), float(t["clear_fraction"]))
            for key, t in data.items()}


def site_sky(site) -> SiteSky | None:
    """The night sky of an Earth site (its own entry or ``default``); None on the Moon."""
    if is_lunar(site):
        return None
    skies = _site_skies()
    return skies.get(getattr(site, "key", "") or "", skies["default"])
