"""``aspan conjunctions``: close approaches, all-vs-all or primaries against the catalog.

Thin: parse, load the catalog (``--catalog FILE`` or the store), call
``aspan.satellites.conjunctions.screen_conjunctions`` (here or on ``--scheduler``), render a
table or JSON, optionally draw one event (``--plot-event PRIMARY:SECONDARY FILE.png``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aspan.cli.common import (
    CatalogOption,
    JsonOption,
    StoreOption,
    emit_json,
    load_from_options,
    parse_norads,
    print_table,
    progress_reporter,
    stderr_console,
    warn,
)
from aspan.errors import InputError


def _parse_pair(text: str) -> tuple[int, int]:
    try:
        a, b = (int(x) for x in str(text).split(":"))
    except ValueError:
        raise InputError(f"--plot-event {text!r} is not PRIMARY:SECONDARY",
                         hint="e.g. --plot-event 39731:27386 event.png", field="plot_event",
                         value=text) from None
    return a, b


def conjunctions(
    start: Annotated[str, typer.Option("--start", metavar="ISO",
                     help="start of the screening, ISO-8601 UTC")],
    threshold_km: Annotated[float, typer.Option("--threshold-km", metavar="D",
                            help="report approaches closer than D km")] = 5.0,
    hours: Annotated[float | None, typer.Option("--hours", metavar="H",
                     help="span in hours")] = None,
    days: Annotated[float | None, typer.Option("--days", metavar="D",
                    help="span in days")] = None,
    primary: Annotated[list[str] | None, typer.Option(
        "--primary", metavar="ID[,ID...]",
        help="screen these catalog numbers against the catalog (default: all-vs-all)",
        show_default=False)] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDR",
        help="Dask scheduler, tcp://host:8786 [default: $ASPAN_DASK_SCHEDULER, else here]",
        show_default=False)] = None,
    hard_body_radius_m: Annotated[float, typer.Option(
        "--hard-body-radius-m", metavar="M", help="combined hard-body radius for Pc")] = 10.0,
    sigma_ric_m: Annotated[str, typer.Option(
        "--sigma-ric-m", metavar="R,I,C",
        help="1-sigma position errors of each object, radial,in-track,cross-track, m")
    ] = "100,300,100",
    plot_event: Annotated[tuple[str, Path] | None, typer.Option(
        "--plot-event", metavar="PRIMARY:SECONDARY FILE.png",
        help="draw that pair's closest event (B-plane, covariance ellipse)",
        show_default=False)] = None,
    catalog: CatalogOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Conjunction screening: TCA, miss distance, RIC miss vector, probability of collision."""
    from aspan.satellites.conjunctions import screen_conjunctions
    from aspan.satellites.requests import parse_sigma_ric

    if (hours is None) == (days is None):
        raise InputError("give one of --hours or --days", field="hours",
                         hint="e.g. --hours 24 or --days 7")
    sigma = parse_sigma_ric(sigma_ric_m)
    pair = _parse_pair(plot_event[0]) if plot_event else None
    primaries = parse_norads(primary)
    cat = load_from_options(catalog, store)
    with progress_reporter(not json_out) as bar:
        def progress(done, total):
            if bar is not None:
                bar("screening", done, total)

        if scheduler:
            stderr_console().print(f"aspan: screening on the Dask cluster at {scheduler}")
        events = screen_conjunctions(cat, start, hours=hours, days=days,
                                     threshold_km=threshold_km, primaries=primaries,
                                     scheduler=scheduler, hard_body_radius_m=hard_body_radius_m,
                                     sigma_ric_m=sigma, progress=progress)
    for missing in events.missing_primaries:
        warn(f"primary {missing} is not in the catalog; skipped")
    if pair is not None:
        from aspan.satellites.conjunctions_plot import plot_encounter

        path = plot_encounter(cat, events, pair[0], pair[1], plot_event[1])
        warn(f"wrote {path}")
    records = events.to_records()
    if json_out:
        emit_json(records)
        return
    rows = [(r["primary"], r["secondary"], r["tca_utc"][:23] + "Z", f"{r['miss_km']:.3f}",
             f"{r['relative_speed_km_s']:.2f}", f"{r['radial_km']:.3f}",
             f"{r['in_track_km']:.3f}", f"{r['cross_track_km']:.3f}",
             f"{r['probability']:.1e}", f"{r['primary_age_days']:.1f}",
             f"{r['secondary_age_days']:.1f}") for r in records]
    print_table(f"{len(records)} approaches under {threshold_km:g} km",
                ["primary", "secondary", "TCA (UTC)", "miss km", "km/s", "R km", "I km", "C km",
                 "Pc", "age p d", "age s d"], rows, no_wrap=["TCA (UTC)", "Pc", "secondary", "primary"],
                justify={c: "right" for c in ("miss km", "km/s", "R km", "I km", "C km", "Pc")})
