"""The independent reference: Skyfield with NAIF's lunar kernels as shipped by lunarsky."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from skyfield.planetarylib import PlanetaryConstants


@cache
def naif_constants() -> PlanetaryConstants:
    import lunarsky

    data = Path(lunarsky.__file__).parent / "data"
    pc = PlanetaryConstants()
    with open(data / "fk" / "satellites" / "moon_080317.tf", "rb") as f:
        pc.read_text(f)
    pc.read_binary(open(data / "pck" / "moon_pa_de421_1900-2050.bpc", "rb"))
    pc.variables["BODY301_RADII"] = [1737.4, 1737.4, 1737.4]
    return pc


def naif_frame(name: str = "MOON_ME_DE421"):
    return naif_constants().build_frame_named(name)


def naif_site(site):
    """Skyfield's PlanetTopos for a LunarSite (radius 1737.4 km + height + mast)."""
    return naif_constants().build_latlon_degrees(naif_frame(), site.lat_deg, site.lon_deg,
                                                 site.height_m + site.mast_m)
