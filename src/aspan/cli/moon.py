"""``aspan moon``: the Moon as an observatory site (sky, sunlight, Earth in view, links home).

Thin: parse, call ``aspan.moon``, render a table or JSON (``--json``), optionally a PNG.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aspan.cli.common import JsonOption, emit_json, print_table

app = typer.Typer(help="The Moon as an observatory: sky, sunlight, Earth in view, links home.",
                  no_args_is_help=True)

SiteOption = Annotated[str, typer.Option("--site", metavar="NAME|LAT,LON[,H]",
                       help="bundled lunar site (aspan moon sites) or lat,lon[,height_m]")]
StartOption = Annotated[str, typer.Option("--start", metavar="ISO", help="window start, UTC")]
StopOption = Annotated[str, typer.Option("--stop", metavar="ISO", help="window end, UTC")]
MastOption = Annotated[float, typer.Option("--mast-m", metavar="M",
                       help="instrument height above the ground (m)")]
HorizonOption = Annotated[Path | None, typer.Option(
    "--horizon", metavar="FILE", help="terrain mask: azimuth_deg,elevation_deg CSV, or the "
    "shared lunar-horizons.csv table (site and --mast-m select the mask)")]
StepOption = Annotated[float, typer.Option("--step-s", metavar="S",
                       help="sampling step of the event search (s)")]


def _site_and_mask(site_text: str, mast_m: float, horizon: Path | None):
    from aspan.moon.reports import site_and_mask

    return site_and_mask(site_text, mast_m, horizon)


@app.command("sites")
def sites(json_out: JsonOption = False) -> None:
    """The bundled lunar sites (south pole and references), with sources."""
    from aspan.moon.sites import load_lunar_sites

    rows = [s.to_dict() for s in load_lunar_sites().values()]
    if json_out:
        emit_json(rows)
        return
    print_table("Lunar sites (ME frame of DE421; height above 1737.4 km)",
                ["key", "name", "lat_deg", "lon_deg", "height_m", "precision", "source"],
                [[r["key"], r["name"], f"{r['lat_deg']:.5f}", f"{r['lon_deg']:.5f}",
                  f"{r['height_m']:.1f}", r["precision"], r["source"]] for r in rows],
                justify={"lat_deg": "right", "lon_deg": "right", "height_m": "right"},
                no_wrap=["key"])


@app.command("sky")
def sky(site: SiteOption, start: StartOption, stop: StopOption,
        step_s: Annotated[float, typer.Option("--step-s", metavar="S")] = 3600.0,
        body: Annotated[str | None, typer.Option("--body", metavar="NAME",
                        help="sun, earth, mercury, venus, mars, jupiter, ...")] = None,
        ra_deg: Annotated[float | None, typer.Option("--ra-deg", metavar="R")] = None,
        dec_deg: Annotated[float | None, typer.Option("--dec-deg", metavar="D")] = None,
        pm_ra_mas_yr: Annotated[float, typer.Option("--pm-ra-mas-yr")] = 0.0,
        pm_dec_mas_yr: Annotated[float, typer.Option("--pm-dec-mas-yr")] = 0.0,
        parallax_mas: Annotated[float, typer.Option("--parallax-mas")] = 0.0,
        mast_m: MastOption = 0.0, horizon: HorizonOption = None,
        plot: Annotated[Path | None, typer.Option("--plot", metavar="FILE.png",
                        help="sky chart: mask, Sun and Earth tracks")] = None,
        json_out: JsonOption = False) -> None:
    """Apparent altitude/azimuth of a body or a star from a lunar site."""
    from aspan.core.time import time_range
    from aspan.moon.reports import sky_target
    from aspan.moon.sky import sky_track

    target = sky_target(body, ra_deg, dec_deg, pm_ra_mas_yr=pm_ra_mas_yr,
                        pm_dec_mas_yr=pm_dec_mas_yr, parallax_mas=parallax_mas)
    lunar, mask, _ = _site_and_mask(site, mast_m, horizon)
    times = time_range(start, stop, step_s, max_steps=200_000)
    rows = sky_track(lunar, target, times).rows()
    if plot is not None:
        from aspan.moon.plots import plot_sky

        plot_sky(lunar, start, stop, plot, mask=mask)
    if json_out:
        emit_json(rows)
        return
    print_table(f"{target if isinstance(target, str) else 'star'} from {lunar.name}",
                ["time_utc", "altitude_deg", "azimuth_deg", "distance_km"],
                [[r["time_utc"], f"{r['altitude_deg']:.4f}", f"{r['azimuth_deg']:.4f}",
                  "" if r["distance_km"] is None else f"{r['distance_km']:.1f}"] for r in rows],
                justify={"altitude_deg": "right", "azimuth_deg": "right",
                         "distance_km": "right"})


def _visibility_command(body, site, start, stop, step_s, mast_m, horizon, json_out, plot):
    from aspan.moon.reports import visibility_report
    from aspan.moon.visibility import visibility

    lunar, mask, label = _site_and_mask(site, mast_m, horizon)
    data, vis = visibility_report(body, lunar, mask, label, start, stop, step_s=step_s,
                                  mast_m=mast_m)
    keys = ("sunlit_fraction", "longest_dark_hours") if body == "sun" else (
        "visible_fraction", "longest_hidden_hours")
    if plot is not None:
        from aspan.moon.plots import plot_timeline

        other = visibility([lunar], "earth" if body == "sun" else "sun", start, stop,
                           step_s=step_s, masks=mask)[0]
        plot_timeline(vis if body == "sun" else other, other if body == "sun" else vis, plot)
    if json_out:
        emit_json(data)
        return
    print_table(f"{'Sunlight' if body == 'sun' else 'Earth in view'} at {lunar.name} "
                f"(mast {mast_m:g} m, horizon {label}): {keys[0]} {data[keys[0]]:.4f}, "
                f"{keys[1]} {data[keys[1]]:.1f}",
                ["start_utc", "stop_utc", "state"],
                [[i["start_utc"], i["stop_utc"], i["state"]] for i in data["intervals"]])


@app.command("light")
def light(site: SiteOption, start: StartOption, stop: StopOption, step_s: StepOption = 600.0,
          mast_m: MastOption = 0.0, horizon: HorizonOption = None,
          plot: Annotated[Path | None, typer.Option("--plot", metavar="FILE.png",
                          help="timeline of sunlight and Earth in view")] = None,
          json_out: JsonOption = False) -> None:
    """Sunlight: fraction of the solar disk above the horizon, full/partial/dark intervals."""
    _visibility_command("sun", site, start, stop, step_s, mast_m, horizon, json_out, plot)


@app.command("earth")
def earth(site: SiteOption, start: StartOption, stop: StopOption, step_s: StepOption = 600.0,
          mast_m: MastOption = 0.0, horizon: HorizonOption = None,
          plot: Annotated[Path | None, typer.Option("--plot", metavar="FILE.png",
                          help="timeline of sunlight and Earth in view")] = None,
          json_out: JsonOption = False) -> None:
    """Earth in view: intervals when the whole disk / part of it is above the horizon."""
    _visibility_command("earth", site, start, stop, step_s, mast_m, horizon, json_out, plot)


@app.command("link")
def link(site: SiteOption, start: StartOption, stop: StopOption,
         station: Annotated[list[str], typer.Option("--station", metavar="NAME|LAT,LON[,H]",
                            help="Earth station (repeat for several)")],
         step_s: StepOption = 600.0, mast_m: MastOption = 0.0, horizon: HorizonOption = None,
         min_elevation_deg: Annotated[float, typer.Option("--min-elevation-deg",
                                      metavar="D", help="station elevation mask")] = 5.0,
         whole_disk: Annotated[bool, typer.Option("--whole-disk",
                               help="require the whole Earth disk above the lunar mask")] = False,
         json_out: JsonOption = False) -> None:
    """Links home: the site sees the Earth and the Moon is above the station's mask."""
    from aspan.moon.reports import links_report

    lunar, mask, label = _site_and_mask(site, mast_m, horizon)
    data = links_report(lunar, mask, label, station, start, stop, step_s=step_s,
                        min_elevation_deg=min_elevation_deg, whole_disk=whole_disk)
    if json_out:
        emit_json(data)
        return
    for d in data:
        print_table(f"{d['site']} <-> {d['station']}: linked {d['linked_fraction']:.1%}",
                    ["start_utc", "stop_utc", "hours", "range_km", "light_time_s"],
                    [[i["start_utc"], i["stop_utc"], f"{i['duration_hours']:.2f}",
                      f"{i['range_km_min']:.0f}-{i['range_km_max']:.0f}",
                      f"{i['light_time_s_min']:.3f}-{i['light_time_s_max']:.3f}"]
                     for i in d["intervals"]])
