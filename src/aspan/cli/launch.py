"""``aspan launch`` (compare, windows, moon) and ``aspan spaceports`` (list, map).

Thin: parse, call ``aspan.launch``, render a table or JSON (``--json``), optionally a PNG.
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
    print_table,
    warn,
)

app = typer.Typer(help="Spaceports side by side: azimuths, delta-v, plane and lunar windows.",
                  no_args_is_help=True)
spaceports_app = typer.Typer(help="The bundled launch pads and their azimuth corridors.",
                             no_args_is_help=True)

PadOption = Annotated[str, typer.Option("--site", metavar="PAD|LAT,LON",
                      help="a pad key or name (aspan spaceports list), or LAT,LON[,H] "
                           "(no corridor: every azimuth allowed)")]
PlotOption = Annotated[Path | None, typer.Option("--plot", metavar="FILE.png",
                       help="write a PNG plot")]


@app.command("compare")
def compare(
    altitude_km: Annotated[float | None, typer.Option("--altitude-km", metavar="A")] = None,
    inclination_deg: Annotated[float | None, typer.Option("--inclination-deg", metavar="I")
                               ] = None,
    sso_altitude_km: Annotated[float | None, typer.Option("--sso-altitude-km", metavar="A")
                               ] = None,
    ltan: Annotated[str | None, typer.Option("--ltan", metavar="HH:MM",
                    help="local time of the ascending node")] = None,
    geo: Annotated[bool, typer.Option("--geo", help="geostationary via a transfer orbit")
                   ] = False,
    site: Annotated[list[str] | None, typer.Option("--site", metavar="PAD|LAT,LON",
                    help="pads to compare (repeat); default all bundled")] = None,
    json_out: JsonOption = False, plot: PlotOption = None,
) -> None:
    """Every pad for one orbit: feasible?, azimuths, the Earth's rotation gain, penalty dv."""
    from aspan.launch.compare import compare_sites
    from aspan.launch.requests import orbit_from_options

    orbit = orbit_from_options(altitude_km, inclination_deg, sso_altitude_km, ltan, geo)
    rows = compare_sites(orbit, site or None)
    if plot is not None:
        from aspan.launch.plots import plot_sites_map
        from aspan.launch.spaceports import spaceport_from_text

        pads = [spaceport_from_text(r.site) if "," not in r.site else
                spaceport_from_text(r.name) for r in rows]
        plot_sites_map(pads, plot, comparisons=rows,
                       altitude_km=200.0 if orbit.kind == "geo" else orbit.altitude_km,
                       title=f"Pads for {orbit.describe()}")
    if json_out:
        emit_json([r.to_dict() for r in rows])
        return
    print_table(orbit.describe(),
                ["site", "lat", "feasible", "azimuth (ground, deg)", "gain km/s",
                 "penalty km/s", "notes"],
                [(r.site, f"{r.lat_deg:.2f}", "yes" if r.feasible else "no",
                  " ".join(f"{a.direction[0].upper()}{a.rotating_deg:.1f}"
                           f"{'' if a.within_corridor else '(x)'}" for a in r.azimuth) or "-",
                  f"{r.rotation_gain_km_s:+.3f}", f"{r.penalty_dv_km_s:.3f}", r.notes)
                 for r in rows],
                justify={"lat": "right", "gain km/s": "right", "penalty km/s": "right"},
                no_wrap=("site", "feasible", "gain km/s", "penalty km/s"))


@app.command("windows")
def windows(
    site: PadOption,
    date: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="first day (UTC)")],
    days: Annotated[float, typer.Option("--days", metavar="D")] = 1.0,
    target_norad: Annotated[int | None, typer.Option("--target-norad", metavar="N",
                            help="the plane of a catalogued object (25544 ISS, 48274 CSS)")
                            ] = None,
    catalog: CatalogOption = None, store: StoreOption = None,
    raan_deg: Annotated[float | None, typer.Option("--raan-deg", metavar="R")] = None,
    inclination_deg: Annotated[float | None, typer.Option("--inclination-deg", metavar="I")
                               ] = None,
    epoch: Annotated[str | None, typer.Option("--epoch", metavar="ISO",
                     help="when the plane has that RAAN")] = None,
    altitude_km: Annotated[float, typer.Option("--altitude-km", metavar="A",
                           help="target altitude for --raan-deg planes (J2 drift, speed)")
                           ] = 400.0,
    ascent_s: Annotated[float, typer.Option("--ascent-s", metavar="S",
                        help="ascent time: the vehicle must be in the plane S s after launch")
                        ] = 0.0,
    any_azimuth: Annotated[bool, typer.Option("--any-azimuth",
                           help="also list windows whose azimuth the corridor forbids")
                           ] = False,
    json_out: JsonOption = False, plot: PlotOption = None,
) -> None:
    """Times a pad passes through a target plane (J2-precessing), ascending and descending."""
    from aspan.core.time import to_time
    from aspan.launch.requests import windows_request

    result = windows_request(
        site, date, days, target_norad=target_norad,
        catalog_loader=lambda norad: load_from_options(catalog, store, norad=norad),
        raan_deg=raan_deg, inclination_deg=inclination_deg, epoch=epoch,
        altitude_km=altitude_km, ascent_s=ascent_s, any_azimuth=any_azimuth)
    pad, plane, found, shown = result.pad, result.plane, result.found, result.shown
    if found.reason:
        warn(found.reason)
    if plot is not None:
        from aspan.launch.plots import plot_windows_calendar

        plot_windows_calendar([to_time(w.time_utc).ut1 for w in shown],
                              [w.node for w in shown], plot,
                              title=f"{pad.name} into {plane.name or 'the plane'}")
    if json_out:
        emit_json([w.to_dict() for w in shown])
        return
    print_table(f"{pad.name} -> {plane.describe()}",
                ["time (UTC)", "node", "azimuth (deg)", "corridor"],
                [(w.time_utc, w.node, f"{w.azimuth_deg:.2f}",
                  "ok" if w.within_corridor else "outside") for w in shown],
                justify={"azimuth (deg)": "right"}, no_wrap=("time (UTC)",))


@app.command("moon")
def moon(
    site: PadOption,
    start: Annotated[str, typer.Option("--start", metavar="YYYY-MM-DD")],
    days: Annotated[float, typer.Option("--days", metavar="D")] = 30.0,
    inclination_deg: Annotated[float | None, typer.Option(
        "--inclination-deg", metavar="I", help="parking orbit (default: lowest reachable)")
    ] = None,
    parking_altitude_km: Annotated[float, typer.Option("--parking-altitude-km", metavar="A")
                                   ] = 200.0,
    json_out: JsonOption = False, plot: PlotOption = None,
) -> None:
    """Days and times for a coplanar trans-lunar injection, with the injection delta-v."""
    from aspan.core.time import to_time
    from aspan.launch.moon import moon_windows
    from aspan.launch.requests import day_start
    from aspan.launch.spaceports import spaceport_from_text

    pad = spaceport_from_text(site)
    t0 = day_start(start, "--start")
    rows = moon_windows(pad, t0, days, inclination_deg=inclination_deg,
                        parking_altitude_km=parking_altitude_km)
    if not rows:
        warn(f"no coplanar window from {pad.name} in {days:g} days: the Moon's declination "
             "exceeds the parking orbit's reach, or the corridor forbids the azimuths")
    if plot is not None:
        from aspan.launch.plots import plot_windows_calendar

        plot_windows_calendar([to_time(w.time_utc).ut1 for w in rows],
                              [f"{w.direction}-going" for w in rows], plot,
                              title=f"Trans-lunar windows from {pad.name}")
    if json_out:
        emit_json([w.to_dict() for w in rows])
        return
    print_table(f"Trans-lunar injection windows from {pad.name}",
                ["launch (UTC)", "direction", "azimuth", "Moon dec", "Moon km", "TLI km/s",
                 "arrival (UTC)"],
                [(w.time_utc, w.direction, f"{w.azimuth_deg:.1f}", f"{w.declination_deg:+.2f}",
                  f"{w.distance_km:,.0f}", f"{w.tli_dv_km_s:.3f}", w.arrival_utc)
                 for w in rows], no_wrap=("launch (UTC)", "arrival (UTC)"))


@spaceports_app.command("list")
def list_(json_out: JsonOption = False) -> None:
    """The bundled pads (aspan/data/spaceports.toml) with coordinates and corridors."""
    from aspan.launch.spaceports import load_spaceports

    pads = list(load_spaceports().values())
    if json_out:
        emit_json([p.to_dict() for p in pads])
        return
    print_table(f"{len(pads)} launch pads", ["key", "name", "lat (deg)", "lon (deg)",
                                            "corridor (deg)", "precision"],
                [(p.key, p.name, f"{p.lat_deg:.4f}", f"{p.lon_deg:.4f}", p.corridor_text(),
                  p.site.precision) for p in pads],
                justify={"lat (deg)": "right", "lon (deg)": "right"}, no_wrap=("key",))


@spaceports_app.command("map")
def map_(plot: Annotated[Path, typer.Argument(metavar="FILE.png")]) -> None:
    """A map of the bundled pads and their corridors."""
    from aspan.launch.plots import plot_sites_map
    from aspan.launch.spaceports import load_spaceports

    plot_sites_map(list(load_spaceports().values()), plot, title="Launch pads and corridors")
