"""``aspan propagate``: SGP4 states of catalog objects at a grid of times, as a table.

Thin: parse the options, load the catalog (``--catalog FILE`` or the store), call
``aspan.satellites.propagation.propagate_to``, report. CSV columns:
``norad_id,time_utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,error``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from aspan.cli.common import (
    CatalogOption,
    NoradOption,
    StoreOption,
    load_from_options,
    parse_norads,
    progress_reporter,
)
from aspan.errors import InputError

#: at most this many times per run, and this many object-times (absurd sizes are refused)
MAX_TIMES = 10_000_000
MAX_STATES = 5_000_000_000
#: smallest step, seconds (output times carry microseconds)
MIN_STEP_S = 1e-3
#: draw a progress bar from this many object-times on
PROGRESS_FROM = 2_000_000


def parse_minutes(text: str) -> np.ndarray:
    """``'-4320:10080:10'`` -> minutes from START to STOP inclusive every STEP."""
    from aspan.satellites.requests import parse_minutes as parse

    return parse(text, max_times=MAX_TIMES)


def _check_times(n_times: int) -> None:
    if n_times > MAX_TIMES:
        raise InputError(f"{n_times} time steps asked for, at most {MAX_TIMES} allowed",
                         hint="shorten the span or lengthen the step", field="step_s")


def propagate(
    start: Annotated[str | None, typer.Option("--start", metavar="ISO",
                     help="first time, ISO-8601 UTC (2024-07-05T00:00:00Z)")] = None,
    stop: Annotated[str | None, typer.Option("--stop", metavar="ISO",
                    help="last time, ISO-8601 UTC (inclusive)")] = None,
    step_s: Annotated[float | None, typer.Option("--step-s", metavar="S",
                      help="step between times, seconds")] = None,
    minutes_since_epoch: Annotated[str | None, typer.Option(
        "--minutes-since-epoch", metavar="START:STOP:STEP",
        help="times as minutes since each object's epoch, instead of --start/--stop/--step-s")
    ] = None,
    catalog: CatalogOption = None,
    store: StoreOption = None,
    norad: NoradOption = None,
    frame: Annotated[str, typer.Option("--frame", help="teme | gcrs | itrs")] = "teme",
    fmt: Annotated[str, typer.Option("--format", help="csv | json | parquet")] = "csv",
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="OUT",
                      help="write here (default: stdout; parquet needs a file)")] = None,
    chunk_objects: Annotated[int | None, typer.Option(
        "--chunk-objects", help="objects per block (default: about 32 MiB of states)")] = None,
) -> None:
    """Propagate element sets with SGP4 and write one row per object and time."""
    from aspan.core.frames import check_frame
    from aspan.core.time import time_range
    from aspan.satellites.propagation import propagate_to

    frame = check_frame(frame)
    fmt = fmt.strip().lower()
    if fmt not in ("csv", "json", "parquet"):
        raise InputError(f"--format {fmt!r} is not one of csv, json, parquet", field="format",
                         value=fmt)
    if fmt == "parquet" and output is None:
        raise InputError("--format parquet needs a file", hint="add -o states.parquet",
                         field="output")
    absolute = (start, stop, step_s) != (None, None, None)
    if absolute == (minutes_since_epoch is not None):
        raise InputError("give either --start, --stop and --step-s, or --minutes-since-epoch",
                         hint="e.g. --start 2024-07-05T00:00Z --stop 2024-07-06T00:00Z --step-s 60")
    times = minutes = None
    if absolute:
        missing = [name for name, value in (("--start", start), ("--stop", stop),
                                            ("--step-s", step_s)) if value is None]
        if missing:
            raise InputError(f"{' and '.join(missing)} missing: absolute times need --start, "
                             "--stop and --step-s", field="times")
        if not np.isfinite(step_s) or step_s < MIN_STEP_S:
            raise InputError(f"--step-s {step_s:g} must be at least {MIN_STEP_S:g} s",
                             field="step_s", value=step_s)
        times = time_range(start, stop, step_s, max_steps=MAX_TIMES)
        n_times = times.shape[0] if times.shape else 1
    else:
        minutes = parse_minutes(minutes_since_epoch)
        n_times = len(minutes)

    cat = load_from_options(catalog, store, norad=parse_norads(norad))
    total = len(cat) * n_times
    if total > MAX_STATES:
        raise InputError(f"{len(cat)} objects x {n_times} times = {total} states, at most "
                         f"{MAX_STATES} allowed in one run", hint="select objects with --norad "
                         "or shorten the span")
    target = output if output is not None else sys.stdout
    with progress_reporter(enabled=total >= PROGRESS_FROM) as bar:
        callback = None if bar is None else (lambda done, n: bar("propagating", done, n))
        rows = propagate_to(cat, times, target, fmt, tsince_min=minutes, frame=frame,
                            chunk_objects=chunk_objects, progress=callback)
    if output is not None:
        print(f"aspan: wrote {rows} rows ({len(cat)} objects x {n_times} times, {frame.upper()})"
              f" to {output}", file=sys.stderr)
