"""``aspan passes`` and ``aspan crossings``: passes over stations, satellites through a field.

Thin: parse, load the catalog (``--catalog FILE`` or the store), call
``aspan.satellites.passes.find_passes`` / ``aspan.satellites.crossings``, render a table or JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aspan.cli.common import (
    CatalogOption,
    JsonOption,
    NoradOption,
    StoreOption,
    emit_json,
    load_from_options,
    parse_norads,
    print_table,
    progress_reporter,
    warn,
)


def passes(
    station: Annotated[list[str], typer.Option("--station", metavar="NAME|LAT,LON[,H]",
                       help="ground station or observatory (repeat for several)")],
    start: Annotated[str, typer.Option("--start", metavar="ISO", help="window start, UTC")],
    hours: Annotated[float | None, typer.Option("--hours", metavar="H")] = None,
    stop: Annotated[str | None, typer.Option("--stop", metavar="ISO")] = None,
    min_elevation_deg: Annotated[float, typer.Option("--min-elevation-deg", metavar="D",
                                 help="elevation mask")] = 10.0,
    mask_file: Annotated[Path | None, typer.Option("--mask-file", metavar="FILE",
                         help="terrain mask: azimuth,elevation pairs (deg), one per line")] = None,
    refraction: Annotated[bool, typer.Option("--refraction",
                          help="apparent (refracted, Saemundsson) elevations")] = False,
    optical: Annotated[bool, typer.Option("--optical",
                       help="only passes sunlit while the site is dark")] = False,
    darkness: Annotated[str, typer.Option("--darkness",
                        help="astronomical, nautical or civil")] = "nautical",
    std_mag: Annotated[list[str] | None, typer.Option("--std-mag", metavar="NORAD=MAG",
                       help="standard magnitude (1000 km, phase 90 deg)")] = None,
    frequency_mhz: Annotated[float | None, typer.Option("--frequency-mhz", metavar="F",
                             help="carrier for Doppler shifts")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", metavar="FILE.png",
                    help="polar sky chart of the tracks")] = None,
    catalog: CatalogOption = None,
    store: StoreOption = None,
    norad: NoradOption = None,
    json_out: JsonOption = False,
) -> None:
    """Rise, culmination and set of satellites over stations (missing ends left empty)."""
    from aspan.core.topocentric import read_horizon_mask
    from aspan.satellites.requests import passes_request

    cat = load_from_options(catalog, store, norad=parse_norads(norad))
    mask = read_horizon_mask(mask_file) if mask_file else None
    with progress_reporter(not json_out) as progress:
        result = passes_request(cat, station, start, stop, hours=hours,
                                min_elevation_deg=min_elevation_deg, mask=mask,
                                refraction=refraction, optical=optical, darkness=darkness,
                                std_mag=std_mag, frequency_mhz=frequency_mhz,
                                progress=progress)
    if plot is not None:
        from aspan.satellites.passes_plot import plot_passes

        plot_passes(result, cat, plot)
        warn(f"sky chart written to {plot}")
    records = result.to_records()
    if json_out:
        emit_json(records)
        return
    fields = {"norad": "norad_id", "name": "name", "station": "station", "rise": "rise_utc",
              "culmination": "culmination_utc", "set": "set_utc",
              "max el": "max_elevation_deg", "az rise": "rise_azimuth_deg",
              "az set": "set_azimuth_deg"}
    if optical:
        fields |= {"visible from": "visible_start_utc", "visible to": "visible_end_utc",
                   "mag": "magnitude"}
    if frequency_mhz is not None:
        fields |= {"doppler rise Hz": "rise_doppler_hz", "doppler set Hz": "set_doppler_hz"}

    def show(key, value):
        if isinstance(value, str) and key.endswith("_utc"):
            return value[5:10] + " " + value[11:19]
        if isinstance(value, float):
            return f"{value:.1f}"
        return value

    print_table(f"{len(records)} passes (UTC, degrees)", list(fields),
                [[show(k, r[k]) for k in fields.values()] for r in records],
                no_wrap=("rise", "culmination", "set", "visible from", "visible to"))


def crossings(
    site: Annotated[str, typer.Option("--site", metavar="NAME|LAT,LON[,H]", help="observatory")],
    ra_deg: Annotated[float, typer.Option("--ra-deg", help="pointing right ascension (deg)")],
    dec_deg: Annotated[float, typer.Option("--dec-deg", help="pointing declination (deg)")],
    fov_deg: Annotated[float, typer.Option("--fov-deg", help="field diameter (deg)")],
    start: Annotated[str, typer.Option("--start", metavar="ISO", help="exposure start, UTC")],
    exposure_s: Annotated[float, typer.Option("--exposure-s", metavar="S")],
    catalog: CatalogOption = None,
    store: StoreOption = None,
    norad: NoradOption = None,
    json_out: JsonOption = False,
) -> None:
    """Satellites crossing a telescope field during an exposure, with their image tracks."""
    from aspan.satellites.crossings import find_crossings_in_field

    cat = load_from_options(catalog, store, norad=parse_norads(norad))
    found = find_crossings_in_field(cat, site, ra_deg, dec_deg, fov_deg, start, exposure_s)
    if json_out:
        emit_json([c.to_dict() for c in found])
        return
    cols = ["norad_id", "name", "entry_utc", "exit_utc", "min_separation_deg", "entry_x_deg",
            "entry_y_deg", "exit_x_deg", "exit_y_deg", "angular_rate_deg_s", "sunlit"]
    print_table(f"{len(found)} crossings", cols,
                [[getattr(c, k) for k in cols] for c in found])
