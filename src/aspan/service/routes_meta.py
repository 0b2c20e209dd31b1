"""Health, limits and the bundled Earth sites (``aspan sites``)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from aspan import __version__
from aspan.service.common import ctx

router = APIRouter(prefix="/api/v1", tags=["meta"])


@router.get("/health")
def health() -> dict:
    """Liveness and version."""
    return {"status": "ok", "version": __version__}


@router.get("/limits")
def limits(request: Request) -> dict:
    """The request limits of this server (from ``ASPAN_*`` settings)."""
    s = ctx(request).settings
    return {"max_span_hours": s.max_span_hours, "max_objects": s.max_objects,
            "max_steps": s.max_steps, "max_states": s.max_states, "max_days": s.max_days,
            "max_job_hours": s.max_job_hours, "max_job_objects": s.max_job_objects,
            "max_body_bytes": s.max_body_bytes, "max_upload_bytes": s.max_upload_bytes,
            "writing_enabled": bool(s.api_token),
            "horizon_table": s.horizon_table is not None}


@router.get("/sites")
def sites() -> list[dict]:
    """The bundled Earth sites, as ``aspan sites list --json``."""
    from aspan.core.sites import load_sites

    return [site.to_dict() for site in load_sites().values()]


@router.get("/sites/{site}")
def site_show(site: str) -> dict:
    """One site resolved as ``--site`` resolves it (key, name or LAT,LON[,H])."""
    from aspan.core.sites import site_from_text

    return site_from_text(site).to_dict()
