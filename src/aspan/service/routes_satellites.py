"""``/api/v1/passes``, ``/crossings``, ``/propagate``, ``/conjunctions/encounter``: the
satellite routes answered at once (bounded by the limits; longer work goes to jobs)."""

from __future__ import annotations

import io
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from aspan.errors import InputError
from aspan.service.common import MAX_NORAD, check_span, ctx, split_norads

router = APIRouter(prefix="/api/v1", tags=["satellites"])
Darkness = Literal["astronomical", "nautical", "civil"]


def check_stations(station: list[str]) -> list[str]:
    if not station:
        raise InputError("give at least one station", field="station",
                         hint="e.g. station=almaty-kaznu")
    if len(station) > 10:
        raise InputError(f"{len(station)} stations, at most 10 in one request", field="station")
    return station


def run_passes(c, params: dict, *, limit_hours: float, limit_objects: int, progress=None):
    """``(Passes, Catalog)`` for the ``aspan passes`` parameters in ``params``."""
    from aspan.satellites.passes import window
    from aspan.satellites.requests import passes_request

    station = check_stations(params["station"])
    span_s = window(params["start"], params.get("stop"), hours=params.get("hours"))[1]
    check_span(span_s, limit_hours, "shorten the span, or submit a job: POST /api/v1/jobs/passes")
    cat = c.catalogs.select(split_norads(params.get("norad")), limit=limit_objects)
    result = passes_request(cat, station, params["start"], params.get("stop"),
                            hours=params.get("hours"),
                            min_elevation_deg=params.get("min_elevation_deg", 10.0),
                            refraction=params.get("refraction", False),
                            optical=params.get("optical", False),
                            darkness=params.get("darkness", "nautical"),
                            std_mag=params.get("std_mag"),
                            frequency_mhz=params.get("frequency_mhz"), progress=progress)
    return result, cat


def _passes_params(station, start, hours, stop, min_elevation_deg, refraction, optical,
                   darkness, std_mag, frequency_mhz, norad) -> dict:
    return {"station": station, "start": start, "hours": hours, "stop": stop,
            "min_elevation_deg": min_elevation_deg, "refraction": refraction,
            "optical": optical, "darkness": darkness, "std_mag": std_mag,
            "frequency_mhz": frequency_mhz, "norad": norad}


Station = Query(..., max_length=100, description="station key or LAT,LON[,H] (repeatable)")
Start = Query(..., max_length=40, description="window start, ISO-8601 UTC")
Hours = Query(None, gt=0, description="span in hours (or give stop)")
Stop = Query(None, max_length=40, description="window end, ISO-8601 UTC")
MinEl = Query(10.0, ge=-5, lt=90, description="elevation mask, deg")
Freq = Query(None, gt=0, le=1e6, description="carrier for Doppler shifts, MHz")
Norad = Query(None, max_length=2000, description="catalog numbers N[,N...] (repeatable)")
StdMag = Query(None, max_length=2000, description="NORAD=MAG standard magnitudes")


@router.get("/passes")
def passes(request: Request, station: list[str] = Station, start: str = Start,
           hours: float | None = Hours, stop: str | None = Stop,
           min_elevation_deg: float = MinEl, refraction: bool = False, optical: bool = False,
           darkness: Darkness = "nautical", std_mag: list[str] | None = StdMag,
           frequency_mhz: float | None = Freq, norad: list[str] | None = Norad) -> list[dict]:
    """Rise, culmination and set over stations, as ``aspan passes --json``."""
    c = ctx(request)
    params = _passes_params(station, start, hours, stop, min_elevation_deg, refraction,
                            optical, darkness, std_mag, frequency_mhz, norad)
    result, _ = run_passes(c, params, limit_hours=c.settings.max_span_hours,
                           limit_objects=c.settings.max_objects)
    return result.to_records()


@router.get("/passes/tracks")
def pass_tracks(request: Request, station: list[str] = Station, start: str = Start,
                hours: float | None = Hours, stop: str | None = Stop,
                min_elevation_deg: float = MinEl, refraction: bool = False,
                optical: bool = False, darkness: Darkness = "nautical",
                norad: list[str] | None = Norad,
                points: int = Query(40, ge=2, le=400),
                max_tracks: int = Query(50, ge=1, le=200)) -> list[dict]:
    """Sky tracks (azimuth, elevation every few seconds) of the passes: the polar chart."""
    from aspan.satellites.tracks import pass_tracks as tracks

    c = ctx(request)
    params = _passes_params(station, start, hours, stop, min_elevation_deg, refraction,
                            optical, darkness, None, None, norad)
    result, cat = run_passes(c, params, limit_hours=c.settings.max_span_hours,
                             limit_objects=c.settings.max_objects)
    return tracks(result, cat, range(min(len(result), max_tracks)), points=points)


@router.get("/crossings")
def crossings(request: Request,
              site: str = Query(..., max_length=100), ra_deg: float = Query(..., ge=0, lt=360),
              dec_deg: float = Query(..., ge=-90, le=90), fov_deg: float = Query(..., gt=0, le=20),
              start: str = Start, exposure_s: float = Query(..., gt=0, le=3600),
              norad: list[str] | None = Norad) -> list[dict]:
    """Satellites crossing a telescope field during an exposure, as
    ``aspan crossings --json``."""
    from aspan.satellites.crossings import find_crossings_in_field

    c = ctx(request)
    cat = c.catalogs.select(split_norads(norad), limit=c.settings.max_job_objects)
    return [x.to_dict() for x in find_crossings_in_field(cat, site, ra_deg, dec_deg, fov_deg,
                                                          start, exposure_s)]


@router.get("/propagate")
def propagate(request: Request, start: str | None = Query(None, max_length=40),
              stop: str | None = Query(None, max_length=40),
              step_s: float | None = Query(None, ge=1e-3),
              minutes_since_epoch: str | None = Query(None, max_length=80),
              norad: list[str] | None = Norad,
              frame: Literal["teme", "gcrs", "itrs"] = "teme") -> Response:
    """SGP4 states, the rows of ``aspan propagate --format json`` (one array of records)."""
    from aspan.core.time import time_range
    from aspan.satellites.propagation import propagate_to

    c = ctx(request)
    absolute = (start, stop, step_s) != (None, None, None)
    if absolute == (minutes_since_epoch is not None):
        raise InputError("give either start, stop and step_s, or minutes_since_epoch",
                         field="times")
    limit = c.settings.max_states
    cat = c.catalogs.select(split_norads(norad), limit=c.settings.max_objects)
    times = minutes = None
    if absolute:
        missing = [k for k, v in (("start", start), ("stop", stop), ("step_s", step_s))
                   if v is None]
        if missing:
            raise InputError(f"{' and '.join(missing)} missing: absolute times need start, "
                             "stop and step_s", field="times")
        times = time_range(start, stop, step_s, max_steps=max(1, limit // len(cat)))
        n_times = times.shape[0] if times.shape else 1
    else:
        from aspan.satellites.requests import parse_minutes

        minutes = parse_minutes(minutes_since_epoch, max_times=max(1, limit // len(cat)))
        n_times = len(minutes)
    if len(cat) * n_times > limit:
        raise InputError(f"{len(cat)} objects x {n_times} times, at most {limit} states",
                         field="step_s")
    out = io.StringIO()
    propagate_to(cat, times, out, "json", tsince_min=minutes, frame=frame)
    return Response(out.getvalue(), media_type="application/json")


@router.get("/conjunctions/encounter")
def encounter(request: Request, primary: int = Query(..., ge=0, le=MAX_NORAD),
              secondary: int = Query(..., ge=0, le=MAX_NORAD), tca_utc: str = Query(..., max_length=40),
              half_width_s: float = Query(10.0, gt=0, le=3600),
              n: int = Query(101, ge=3, le=2001)) -> dict:
    """The secondary relative to the primary around TCA in the primary's RIC frame (km)."""
    from aspan.satellites.tracks import encounter_geometry

    c = ctx(request)
    cat = c.catalogs.select([primary, secondary], limit=2)
    return encounter_geometry(cat, primary, secondary, tca_utc, half_width_s=half_width_s, n=n)
