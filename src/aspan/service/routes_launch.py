"""``/api/v1/launch`` (compare, windows, moon) and ``/api/v1/spaceports``."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from aspan.errors import InputError
from aspan.service.common import MAX_NORAD, ctx

router = APIRouter(prefix="/api/v1", tags=["launch"])
Pad = Query(..., max_length=100, description="pad key or name, or LAT,LON[,H]")


@router.get("/spaceports")
def spaceports() -> list[dict]:
    """The bundled pads with coordinates and corridors, as ``aspan spaceports list --json``."""
    from aspan.launch.spaceports import load_spaceports

    return [p.to_dict() for p in load_spaceports().values()]


@router.get("/launch/compare")
def launch_compare(altitude_km: float | None = Query(None, gt=0, le=100_000),
                   inclination_deg: float | None = Query(None, ge=0, le=180),
                   sso_altitude_km: float | None = Query(None, gt=0, le=6000),
                   ltan: str | None = Query(None, max_length=8),
                   geo: bool = False,
                   site: list[str] | None = Query(None, max_length=100)) -> list[dict]:
    """Every pad for one orbit, as ``aspan launch compare --json``."""
    from aspan.launch.compare import compare_sites
    from aspan.launch.requests import orbit_from_options

    if site is not None and len(site) > 30:
        raise InputError(f"{len(site)} sites, at most 30", field="site")
    orbit = orbit_from_options(altitude_km, inclination_deg, sso_altitude_km, ltan, geo)
    return [r.to_dict() for r in compare_sites(orbit, site or None)]


@router.get("/launch/windows")
def launch_windows(request: Request, site: str = Pad,
                   date: str = Query(..., max_length=40, description="first day, YYYY-MM-DD"),
                   days: float = Query(1.0, gt=0, le=366),
                   target_norad: int | None = Query(None, ge=0, le=MAX_NORAD),
                   raan_deg: float | None = Query(None, ge=-360, le=360),
                   inclination_deg: float | None = Query(None, ge=0, le=180),
                   epoch: str | None = Query(None, max_length=40),
                   altitude_km: float = Query(400.0, gt=0, le=100_000),
                   ascent_s: float = Query(0.0, ge=0, le=86400),
                   any_azimuth: bool = False) -> list[dict]:
    """Times a pad passes through a target plane, as ``aspan launch windows --json``."""
    from aspan.launch.requests import windows_request

    c = ctx(request)
    if days > c.settings.max_days:
        raise InputError(f"days {days:g} above the limit {c.settings.max_days:g}", field="days")
    result = windows_request(site, date, days, target_norad=target_norad,
                             catalog_loader=lambda n: c.catalogs.select(n, limit=1),
                             raan_deg=raan_deg, inclination_deg=inclination_deg, epoch=epoch,
                             altitude_km=altitude_km, ascent_s=ascent_s,
                             any_azimuth=any_azimuth)
    return result.to_records()


@router.get("/launch/moon")
def launch_moon(site: str = Pad,
                start: str = Query(..., max_length=40, description="first day, YYYY-MM-DD"),
                days: float = Query(30.0, gt=0, le=366),
                inclination_deg: float | None = Query(None, ge=0, le=180),
                parking_altitude_km: float = Query(200.0, gt=100, le=2000)) -> list[dict]:
    """Trans-lunar injection windows, as ``aspan launch moon --json``."""
    from aspan.launch.moon import moon_windows
    from aspan.launch.requests import day_start
    from aspan.launch.spaceports import spaceport_from_text

    pad = spaceport_from_text(site)
    rows = moon_windows(pad, day_start(start, "--start"), days, inclination_deg=inclination_deg,
                        parking_altitude_km=parking_altitude_km)
    return [w.to_dict() for w in rows]
