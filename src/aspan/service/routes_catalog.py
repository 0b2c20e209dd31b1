"""``/api/v1/catalog``: list, summary, show, export (open); import and update (token)."""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
from fastapi import APIRouter, Depends, Query, Request

from aspan.catalog.reports import epoch_iso, list_rows, now_jd_utc, show_record
from aspan.catalog.store import Store, name_mask
from aspan.compute.memory import release_free_memory
from aspan.errors import InputError
from aspan.service.common import check_norad, ctx, require_token, split_norads

router = APIRouter(prefix="/api/v1/catalog", tags=["catalog"])
MAX_LIST = 20_000
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@router.get("")
def catalog_list(request: Request,
                 name: list[str] | None = Query(None, max_length=100,
                                                description="name glob, any case (repeatable)"),
                 limit: int = Query(100, ge=1, le=MAX_LIST)) -> list[dict]:
    """Objects with the epoch and age (days) of their latest element set, as
    ``aspan catalog list --json``."""
    if name is not None and len(name) > 20:
        raise InputError(f"{len(name)} name patterns, at most 20", field="name")
    elements = ctx(request).catalogs.latest()
    if name is not None:
        elements = elements[name_mask(elements, name)]
    return list_rows(elements[:limit])


@router.get("/summary")
def catalog_summary(request: Request) -> dict:
    """Counts and the spread of epochs of the latest element sets (for age warnings)."""
    c = ctx(request)
    with Store(c.catalogs.path) as store:
        counts = store.counts()
    cat = c.catalogs.latest()
    out = {"store": c.catalogs.path.name, **counts, "epoch_min_utc": None,
           "epoch_median_utc": None, "epoch_max_utc": None, "age_median_days": None}
    if len(cat):
        epoch = np.asarray(cat.epoch_jd) + np.asarray(cat.epoch_fr)
        order = np.argsort(epoch)
        pick = {"min": order[0], "median": order[len(order) // 2], "max": order[-1]}
        for key, i in pick.items():
            out[f"epoch_{key}_utc"] = epoch_iso(cat.epoch_jd[i], cat.epoch_fr[i])
        out["age_median_days"] = round(now_jd_utc() - float(epoch[pick["median"]]), 3)
    return out


@router.get("/export")
def catalog_export(request: Request,
                   format: Literal["tle", "omm-json", "omm-xml", "omm-csv"] = "tle",
                   norad: list[str] | None = Query(None),
                   name: list[str] | None = Query(None, max_length=100)) -> dict:
    """The latest element set of the selected objects as text, as
    ``aspan catalog export --json``: ``{"format", "objects", "content"}``."""
    from aspan.catalog.export import export_catalog
    from aspan.catalog.load import load_catalog

    c = ctx(request)
    cat = c.catalogs.latest()
    numbers = split_norads(norad)
    if numbers is not None and len(numbers) > c.settings.max_job_objects:
        raise InputError(f"{len(numbers)} objects, at most {c.settings.max_job_objects}",
                         field="norad")
    elements = load_catalog(cat, norad=numbers, names=name)
    return {"format": format, "objects": len(elements),
            "content": export_catalog(elements, format)}


@router.get("/{norad}")
def catalog_show(request: Request, norad: int) -> dict:
    """The latest element set of one object, its age and its stored history, as
    ``aspan catalog show NORAD --json``."""
    if norad < 0:
        raise InputError(f"norad {norad} is negative", field="norad", value=norad)
    check_norad(norad)
    with Store(ctx(request).catalogs.path) as store:
        history = store.history(norad)
    return show_record(norad, history)[0]


@router.post("/import", dependencies=[Depends(require_token)])
async def catalog_import(request: Request,
                         filename: str = Query("upload", max_length=200,
                                               description="name kept as the provenance"),
                         skip_invalid: bool = False) -> dict:
    """Import the request body (a TLE, 3LE or OMM file, at most ``ASPAN_MAX_UPLOAD_BYTES``)
    in one transaction, as ``aspan catalog import --json``. ``filename`` is only a label."""
    from starlette.concurrency import run_in_threadpool

    data = await request.body()
    if not data:
        raise InputError("the request body is empty; send the catalog file as the body",
                         field="body", hint="curl --data-binary @catalog.tle ...")
    label = "upload:" + (_SAFE_NAME.sub("_", filename.rsplit("/", 1)[-1]) or "upload")
    path = ctx(request).catalogs.path

    def run() -> dict:
        try:
            with Store(path) as store:
                reports = store.import_many([(data, label)], strict=not skip_invalid)
                counts = store.counts()
        finally:
            release_free_memory()
        return {"store": path.name, "imports": [r.to_dict() for r in reports],
                "counts": counts}

    return await run_in_threadpool(run)


@router.post("/update", dependencies=[Depends(require_token)])
def catalog_update(request: Request,
                   group: str = Query("active", pattern=r"^[A-Za-z0-9_-]{1,40}$"),
                   skip_invalid: bool = False) -> dict:
    """Fetch a CelesTrak GP group and import it, as ``aspan catalog update --json`` (the
    endpoint comes from ``ASPAN_CELESTRAK_URL``, never from the request)."""
    from aspan.catalog.celestrak import DEFAULT_URL_BASE, update_from_celestrak

    c = ctx(request)
    try:
        with Store(c.catalogs.path) as store:
            result = update_from_celestrak(store, group=group,
                                           url_base=c.settings.celestrak_url or DEFAULT_URL_BASE,
                                           strict=not skip_invalid)
            counts = store.counts()
    finally:
        release_free_memory()
    fetched, report = result.fetched, result.report
    return {"url": fetched.url, "from_cache": fetched.from_cache, "note": fetched.note,
            "import": report.to_dict(), "counts": counts}
