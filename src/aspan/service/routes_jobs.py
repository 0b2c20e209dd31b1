"""``/api/v1/jobs``: long work as jobs. Submitting and cancelling need the token; reading
does not. The request bodies carry the CLI's parameter names."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from aspan.errors import InputError
from aspan.service.common import ctx, require_token, split_norads

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


class ConjunctionsJob(BaseModel):
    """``aspan conjunctions``: screening over the store's catalog."""

    model_config = ConfigDict(extra="forbid")
    start: str = Field(..., max_length=40)
    threshold_km: float = Field(5.0, gt=0, le=100)
    hours: float | None = Field(None, gt=0)
    days: float | None = Field(None, gt=0)
    primary: list[str] | None = Field(None, max_length=1000)
    hard_body_radius_m: float = Field(10.0, gt=0, le=1000)
    sigma_ric_m: str = Field("100,300,100", max_length=60)


class PassesJob(BaseModel):
    """``aspan passes`` over long spans or many objects."""

    model_config = ConfigDict(extra="forbid")
    station: list[str] = Field(..., min_length=1, max_length=10)
    start: str = Field(..., max_length=40)
    hours: float | None = Field(None, gt=0)
    stop: str | None = Field(None, max_length=40)
    min_elevation_deg: float = Field(10.0, ge=-5, lt=90)
    refraction: bool = False
    optical: bool = False
    darkness: Literal["astronomical", "nautical", "civil"] = "nautical"
    std_mag: list[str] | None = Field(None, max_length=1000)
    frequency_mhz: float | None = Field(None, gt=0, le=1e6)
    norad: list[str] | None = Field(None, max_length=30_000)


def _conjunctions(c, params: dict, progress) -> list[dict]:
    from aspan.satellites.conjunctions import screen_conjunctions
    from aspan.satellites.requests import parse_sigma_ric

    s = c.settings
    hours, days = params.get("hours"), params.get("days")
    _conjunction_span(c, params)
    sigma = parse_sigma_ric(params["sigma_ric_m"])
    primaries = split_norads(params.get("primary"))
    cat = c.catalogs.select(None, limit=s.max_job_objects)
    events = screen_conjunctions(cat, params["start"], hours=hours, days=days,
                                 threshold_km=params["threshold_km"], primaries=primaries,
                                 hard_body_radius_m=params["hard_body_radius_m"],
                                 sigma_ric_m=sigma,
                                 progress=lambda done, total: progress(done, total, "screening"))
    return events.to_records()


def _passes(c, params: dict, progress) -> list[dict]:
    from aspan.service.routes_satellites import run_passes

    result, _ = run_passes(c, params, limit_hours=c.settings.max_job_hours,
                           limit_objects=c.settings.max_job_objects,
                           progress=lambda what, done, total: progress(done, total, what))
    return result.to_records()


def _check_first(c, kind: str, params: dict) -> None:
    """Refuse at submission what would fail at once (clear 4xx rather than a failed job)."""
    from aspan.core.time import to_time

    to_time(params["start"], what="start")
    if kind == "conjunctions":
        from aspan.satellites.requests import parse_sigma_ric

        _conjunction_span(c, params)
        parse_sigma_ric(params["sigma_ric_m"])
        numbers = split_norads(params.get("primary"), "primary")
    else:
        from aspan.satellites.passes import window

        span_s = window(params["start"], params.get("stop"), hours=params.get("hours"))[1]
        if span_s > c.settings.max_job_hours * 3600:
            raise InputError(f"span {span_s / 3600:g} h is above the limit of "
                             f"{c.settings.max_job_hours:g} h", field="hours")
        numbers = split_norads(params.get("norad"))
    # 404 now when the store is empty or lacks an asked-for object
    c.catalogs.select(numbers, limit=10**9)


def _conjunction_span(c, params: dict) -> None:
    hours, days = params.get("hours"), params.get("days")
    if (hours is None) == (days is None):
        raise InputError("give one of hours or days", field="hours",
                         hint='e.g. {"hours": 24} or {"days": 7}')
    span_h = hours if hours is not None else days * 24.0
    if span_h > c.settings.max_job_hours:
        raise InputError(f"span {span_h:g} h is above the limit of "
                         f"{c.settings.max_job_hours:g} h", field="hours")


KINDS = {"conjunctions": _conjunctions, "passes": _passes}


def submit(request: Request, kind: str, params: dict) -> dict:
    c = ctx(request)
    _check_first(c, kind, params)
    fn = KINDS[kind]
    job_id = c.runner.submit(kind, params, lambda p, progress: fn(c, p, progress))
    return c.jobs.get(job_id)


@router.post("/conjunctions", status_code=202, dependencies=[Depends(require_token)])
def submit_conjunctions(request: Request, body: ConjunctionsJob) -> dict:
    """Submit a conjunction screening; the result is ``aspan conjunctions --json``."""
    return submit(request, "conjunctions", body.model_dump())


@router.post("/passes", status_code=202, dependencies=[Depends(require_token)])
def submit_passes(request: Request, body: PassesJob) -> dict:
    """Submit a pass search (up to ``ASPAN_MAX_JOB_HOURS``); the result is
    ``aspan passes --json``."""
    return submit(request, "passes", body.model_dump())


@router.get("")
def list_jobs(request: Request, limit: int = Query(50, ge=1, le=500)) -> list[dict]:
    """The latest jobs, newest first (without results)."""
    return ctx(request).jobs.list(limit)


@router.get("/{job_id}")
def get_job(request: Request, job_id: str) -> dict:
    """Status (queued, running, done, failed, cancelled), progress (0..1) and message."""
    return ctx(request).jobs.get(_checked(job_id))


@router.get("/{job_id}/result")
def job_result(request: Request, job_id: str) -> dict:
    """The job with its result (null until done)."""
    return ctx(request).jobs.get(_checked(job_id), with_result=True)


@router.post("/{job_id}/cancel", dependencies=[Depends(require_token)])
def cancel_job(request: Request, job_id: str) -> dict:
    """Cancel a queued or running job (a finished job is returned unchanged)."""
    return ctx(request).runner.cancel(_checked(job_id))


def _checked(job_id: str) -> str:
    if len(job_id) != 32 or not all(ch in "0123456789abcdef" for ch in job_id):
        raise InputError(f"{job_id[:40]!r} is not a job id (32 hex digits)", field="job_id")
    return job_id
