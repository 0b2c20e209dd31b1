"""``/api/v1/moon``: lunar sites, sky tracks, sunlight, Earth in view, links home, horizon.

``horizon`` is ``flat`` or ``table``: the server's shared LOLA table
(``ASPAN_HORIZON_TABLE``); no request names a file.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request

from aspan.errors import InputError
from aspan.service.common import check_span, check_steps, ctx, span_of

router = APIRouter(prefix="/api/v1/moon", tags=["moon"])
Horizon = Literal["flat", "table"]

Site = Query(..., max_length=100, description="lunar site key/name or LAT,LON[,H]")
Start = Query(..., max_length=40, description="window start, ISO-8601 UTC")
Stop = Query(..., max_length=40, description="window end, ISO-8601 UTC")
Mast = Query(0.0, ge=0, le=100, description="instrument height above the ground, m")


def _site(request: Request, site: str, mast_m: float, horizon: str):
    from aspan.moon.reports import site_and_mask

    path = None
    if horizon == "table":
        path = ctx(request).settings.horizon_table
        if path is None:
            raise InputError("horizon=table: this server has no lunar horizon table",
                             field="horizon", hint="use horizon=flat, or start the server "
                             "with ASPAN_HORIZON_TABLE=lunar-horizons.csv")
    return site_and_mask(site, mast_m, path)


def _window(request: Request, start: str, stop: str, step_s: float) -> None:
    s = ctx(request).settings
    span = span_of(start, stop)
    check_span(span, s.max_days * 24.0, "shorten the window")
    check_steps(span, step_s, s.max_steps)


@router.get("/sites")
def moon_sites() -> list[dict]:
    """The bundled lunar sites, as ``aspan moon sites --json``."""
    from aspan.moon.sites import load_lunar_sites

    return [s.to_dict() for s in load_lunar_sites().values()]


@router.get("/horizon")
def moon_horizon(request: Request, site: str = Site, mast_m: float = Mast,
                 horizon: Horizon = "flat") -> dict:
    """The site (as resolved) and its horizon mask: azimuths and elevations (deg)."""
    lunar, mask, label = _site(request, site, mast_m, horizon)
    return {"site": lunar.to_dict(), "horizon": "flat" if mask is None else "table",
            "azimuth_deg": [] if mask is None else mask.azimuth_deg.tolist(),
            "elevation_deg": [] if mask is None else mask.elevation_deg.tolist()}


@router.get("/sky")
def moon_sky(request: Request, site: str = Site, start: str = Start, stop: str = Stop,
             step_s: float = Query(3600.0, ge=1, le=86400 * 30),
             body: str | None = Query(None, max_length=20),
             ra_deg: float | None = Query(None, ge=0, lt=360),
             dec_deg: float | None = Query(None, ge=-90, le=90),
             pm_ra_mas_yr: float = Query(0.0, ge=-1e5, le=1e5),
             pm_dec_mas_yr: float = Query(0.0, ge=-1e5, le=1e5),
             parallax_mas: float = Query(0.0, ge=0, le=1e4),
             mast_m: float = Mast, horizon: Horizon = "flat") -> list[dict]:
    """Apparent altitude/azimuth of a body or a star, as ``aspan moon sky --json``."""
    from aspan.core.time import time_range
    from aspan.moon.reports import sky_target
    from aspan.moon.sky import sky_track

    target = sky_target(body, ra_deg, dec_deg, pm_ra_mas_yr=pm_ra_mas_yr,
                        pm_dec_mas_yr=pm_dec_mas_yr, parallax_mas=parallax_mas)
    lunar, _, _ = _site(request, site, mast_m, horizon)
    _window(request, start, stop, step_s)
    times = time_range(start, stop, step_s, max_steps=ctx(request).settings.max_steps)
    return sky_track(lunar, target, times).rows()


def _visibility(request, body, site, start, stop, step_s, mast_m, horizon) -> dict:
    from aspan.moon.reports import visibility_report

    lunar, mask, label = _site(request, site, mast_m, horizon)
    _window(request, start, stop, step_s)
    if horizon == "table":
        label = "table"
    return visibility_report(body, lunar, mask, label, start, stop, step_s=step_s,
                             mast_m=mast_m)[0]


Step = Query(600.0, ge=10, le=86400, description="sampling step of the event search, s")


@router.get("/light")
def moon_light(request: Request, site: str = Site, start: str = Start, stop: str = Stop,
               step_s: float = Step, mast_m: float = Mast, horizon: Horizon = "flat") -> dict:
    """Sunlight intervals and fractions, as ``aspan moon light --json``."""
    return _visibility(request, "sun", site, start, stop, step_s, mast_m, horizon)


@router.get("/earth")
def moon_earth(request: Request, site: str = Site, start: str = Start, stop: str = Stop,
               step_s: float = Step, mast_m: float = Mast, horizon: Horizon = "flat") -> dict:
    """Earth-in-view intervals and fractions, as ``aspan moon earth --json``."""
    return _visibility(request, "earth", site, start, stop, step_s, mast_m, horizon)


@router.get("/link")
def moon_link(request: Request, site: str = Site, start: str = Start, stop: str = Stop,
              station: list[str] = Query(..., max_length=100), step_s: float = Step,
              mast_m: float = Mast, horizon: Horizon = "flat",
              min_elevation_deg: float = Query(5.0, ge=-5, lt=90),
              whole_disk: bool = False) -> list[dict]:
    """Links home with range and light time, as ``aspan moon link --json``."""
    from aspan.moon.reports import links_report

    if len(station) > 10:
        raise InputError(f"{len(station)} stations, at most 10 in one request", field="station")
    lunar, mask, label = _site(request, site, mast_m, horizon)
    _window(request, start, stop, step_s)
    if horizon == "table":
        label = "table"
    return links_report(lunar, mask, label, station, start, stop, step_s=step_s,
                        min_elevation_deg=min_elevation_deg, whole_disk=whole_disk)
