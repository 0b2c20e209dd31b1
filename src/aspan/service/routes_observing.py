"""``/api/v1/observe``: telescopes, depth, SNR, compare (answered at once) and plans (jobs).

Targets come in the request: ``target=NAME=RA,DEC`` (repeatable) for compare, the CSV text of
``aspan observe plan --targets`` in the plan job's body. Lunar horizons: ``flat`` or ``table``
(the server's ``ASPAN_HORIZON_TABLE``); no request names a file.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from aspan.errors import InputError
from aspan.service.common import ctx, require_token

router = APIRouter(prefix="/api/v1", tags=["observing"])
System = Literal["AB", "Vega"]
Telescope = Query(..., max_length=100, description="telescope key or name")
Site = Query(None, max_length=100, description="Earth or lunar site [default: the telescope's]")
Exposure = Query(..., gt=0, le=86400 * 30, description="total exposure, s")
Alt = Query(90.0, gt=0, le=90, description="altitude of the pointing, deg")
Ecl = Query(45.0, ge=-90, le=90, description="ecliptic latitude of the field, deg")
MAX_TARGETS = 200


def _telescope(name: str):
    from aspan.observing.telescopes import telescope_by_name

    return telescope_by_name(name)


@router.get("/observe/telescopes")
def telescopes() -> list[dict]:
    """The bundled telescopes, as ``aspan observe telescopes --json``."""
    from aspan.observing.telescopes import load_telescopes

    return [t.to_dict() for t in load_telescopes().values()]


@router.get("/observe/depth")
def depth(telescope: str = Telescope, exposure_s: float = Exposure, site: str | None = Site,
          snr: float = Query(5.0, gt=0, le=1e4), system: System = "AB",
          altitude_deg: float = Alt, ecl_lat_deg: float = Ecl) -> dict:
    """Limiting magnitude, as ``aspan observe depth --json``."""
    from aspan.observing.requests import depth_report, exposure_model

    model = exposure_model(_telescope(telescope), site, system, altitude_deg, ecl_lat_deg)
    return depth_report(model, exposure_s, snr)


@router.get("/observe/snr")
def snr(telescope: str = Telescope, magnitude: float = Query(..., ge=-30, le=40),
        exposure_s: float = Exposure, site: str | None = Site, system: System = "AB",
        altitude_deg: float = Alt, ecl_lat_deg: float = Ecl) -> dict:
    """Signal-to-noise ratio, as ``aspan observe snr --json``."""
    from aspan.observing.requests import exposure_model, snr_report

    model = exposure_model(_telescope(telescope), site, system, altitude_deg, ecl_lat_deg)
    return snr_report(model, magnitude, exposure_s)


@router.get("/observe/compare")
def compare(telescope: list[str] = Query(..., max_length=100),
            site: list[str] | None = Query(None, max_length=100),
            target: list[str] = Query(..., max_length=200, description="NAME=RA_DEG,DEC_DEG"),
            year: int = Query(2027, ge=1950, le=2100), snr: float = Query(5.0, gt=0, le=1e4),
            system: System = "AB") -> dict:
    """Depth per hour, observable hours per year and the year's depth, as
    ``aspan observe compare --json``."""
    from aspan.observing.requests import compare_report, targets_from_texts

    if len(telescope) > 6:
        raise InputError(f"{len(telescope)} telescopes, at most 6", field="telescope")
    if len(target) > 20:
        raise InputError(f"{len(target)} targets, at most 20 in one request", field="target")
    scopes = [_telescope(t) for t in telescope]
    return compare_report(scopes, site, targets_from_texts(target), year, snr=snr,
                          system=system)[0]


class PlanJob(BaseModel):
    """``aspan observe plan``: ``targets_csv`` is the text of the ``--targets`` file."""

    model_config = ConfigDict(extra="forbid")
    telescope: str = Field(..., max_length=100)
    targets_csv: str = Field(..., min_length=1, max_length=50_000)
    start: str = Field(..., max_length=40)
    stop: str = Field(..., max_length=40)
    site: str | None = Field(None, max_length=100)
    horizon: Literal["flat", "table"] = "flat"
    mast_m: float = Field(2.0, ge=0, le=100)
    slot_s: float | None = Field(None, ge=10, le=3600)


def _plan_inputs(c, params: dict):
    from aspan.observing.targets import parse_targets_csv
    from aspan.service.common import span_of

    scope = _telescope(params["telescope"])
    targets = parse_targets_csv(params["targets_csv"], file="targets_csv")
    if len(targets) > MAX_TARGETS:
        raise InputError(f"{len(targets)} targets, at most {MAX_TARGETS}", field="targets_csv")
    span_h = span_of(params["start"], params["stop"]) / 3600.0
    limit_h = max(c.settings.max_job_hours, 31 * 24.0)
    if span_h > limit_h:
        raise InputError(f"span {span_h:g} h is above the limit of {limit_h:g} h",
                         field="stop")
    horizon = None
    if params["horizon"] == "table":
        horizon = c.settings.horizon_table
        if horizon is None:
            raise InputError("horizon=table: this server has no lunar horizon table",
                             field="horizon", hint="use horizon=flat")
    return scope, targets, horizon


def _plan(c, params: dict, progress) -> dict:
    from aspan.observing.requests import plan_schedule

    scope, targets, horizon = _plan_inputs(c, params)
    progress(0, 1, "scheduling")
    result = plan_schedule(scope, params.get("site"), targets, params["start"], params["stop"],
                           horizon=horizon, mast_m=params["mast_m"], slot_s=params["slot_s"])
    return result.to_dict()


@router.post("/jobs/plan", status_code=202, dependencies=[Depends(require_token)])
def submit_plan(request: Request, body: PlanJob) -> dict:
    """Submit an observing plan; the result is ``aspan observe plan --json``."""
    c = ctx(request)
    params = body.model_dump()
    _plan_inputs(c, params)  # 4xx now rather than a failed job
    job_id = c.runner.submit("plan", params, lambda p, progress: _plan(c, p, progress))
    return c.jobs.get(job_id)
