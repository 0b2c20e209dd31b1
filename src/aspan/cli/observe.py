"""``aspan observe``: telescopes, depth, SNR, side-by-side comparison, and observing plans.

Thin: parse, call ``aspan.observing``, render a table or JSON (``--json``), optionally a PNG.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aspan.cli.common import JsonOption, emit_json, print_table

app = typer.Typer(help="Telescopes on the Moon and on Earth: depth, SNR, comparison, plans.",
                  no_args_is_help=True)

TelescopeOption = Annotated[str, typer.Option("--telescope", metavar="NAME",
                            help="telescope key or name (aspan observe telescopes)")]
SiteOption = Annotated[str | None, typer.Option(
    "--site", metavar="NAME|LAT,LON[,H]|moon:LAT,LON[,H]",
    help="Earth or lunar site [default: the telescope's own]", show_default=False)]
TelescopesFile = Annotated[Path | None, typer.Option(
    "--telescopes", metavar="FILE.toml", help="extra telescopes, same shape as the bundled "
    "telescopes.toml", show_default=False)]
SnrOption = Annotated[float, typer.Option("--snr", metavar="S", help="signal-to-noise ratio")]
SystemOption = Annotated[str, typer.Option("--system", metavar="AB|Vega",
                         help="magnitude system of the telescope's band")]
AltOption = Annotated[float, typer.Option("--altitude-deg", metavar="D",
                      help="altitude of the pointing (Earth sites)")]
EclOption = Annotated[float, typer.Option("--ecl-lat-deg", metavar="D",
                      help="ecliptic latitude of the field (zodiacal light)")]


def _telescope(name: str, path: Path | None):
    from aspan.observing.telescopes import telescope_by_name

    return telescope_by_name(name, path)


def _model(telescope, site, system, altitude_deg, ecl_lat_deg):
    from aspan.observing.requests import exposure_model

    return exposure_model(telescope, site, system, altitude_deg, ecl_lat_deg)


@app.command("telescopes")
def telescopes(telescopes_file: TelescopesFile = None, json_out: JsonOption = False) -> None:
    """The telescopes (bundled and --telescopes FILE), with their main numbers."""
    from aspan.observing.telescopes import load_telescopes

    rows = [t.to_dict() for t in load_telescopes(telescopes_file).values()]
    if json_out:
        emit_json(rows)
        return
    print_table("Telescopes (aspan/data/telescopes.toml; sources in the file)",
                ["key", "name", "kind", "site", "band", "aperture_m", "efficiency",
                 "pixel_arcsec", "read_e", "stray_mag"],
                [[r["key"], r["name"], r["kind"], r["site"], r["band"], f"{r['aperture_m']:g}",
                  f"{r['efficiency']:.3f}", f"{r['pixel_scale_arcsec']:g}",
                  f"{r['read_noise_e']:g}",
                  "" if r["stray_light_mag_arcsec2"] is None
                  else f"{r['stray_light_mag_arcsec2']:g}"] for r in rows],
                no_wrap=["key"])


@app.command("depth")
def depth(telescope: TelescopeOption,
          exposure_s: Annotated[float, typer.Option("--exposure-s", metavar="S",
                                help="total exposure (s), cut into the telescope's frames")],
          site: SiteOption = None, snr: SnrOption = 5.0, system: SystemOption = "AB",
          altitude_deg: AltOption = 90.0, ecl_lat_deg: EclOption = 45.0,
          telescopes_file: TelescopesFile = None, json_out: JsonOption = False) -> None:
    """Limiting magnitude at --snr in --exposure-s seconds."""
    scope = _telescope(telescope, telescopes_file)
    model = _model(scope, site, system, altitude_deg, ecl_lat_deg)
    from aspan.observing.requests import depth_report

    data = depth_report(model, exposure_s, snr)
    limit = data["limiting_magnitude"]
    if json_out:
        emit_json(data)
        return
    print(f"{scope.name} at {model.site.name}: {limit:.2f} mag ({system}, {scope.band.name}) "
          f"at SNR {snr:g} in {exposure_s:g} s; sky {data['sky_mag_arcsec2']:.2f} mag/arcsec2, "
          f"airmass {data['airmass']:.2f}, FWHM {data['fwhm_arcsec']:.2f} arcsec")


@app.command("snr")
def snr(telescope: TelescopeOption,
        magnitude: Annotated[float, typer.Option("--magnitude", metavar="M",
                             help="source magnitude in the telescope's band")],
        exposure_s: Annotated[float, typer.Option("--exposure-s", metavar="S",
                              help="total exposure (s)")],
        site: SiteOption = None, system: SystemOption = "AB", altitude_deg: AltOption = 90.0,
        ecl_lat_deg: EclOption = 45.0, telescopes_file: TelescopesFile = None,
        json_out: JsonOption = False) -> None:
    """Signal-to-noise ratio of a source of --magnitude in --exposure-s seconds."""
    scope = _telescope(telescope, telescopes_file)
    model = _model(scope, site, system, altitude_deg, ecl_lat_deg)
    from aspan.observing.requests import snr_report

    data = snr_report(model, magnitude, exposure_s)
    value = data["snr"]
    if json_out:
        emit_json(data)
        return
    print(f"{scope.name} at {model.site.name}: SNR {value:.1f} for {magnitude:g} mag "
          f"({system}, {scope.band.name}) in {exposure_s:g} s")


def _targets(targets_file: Path | None, target: list[str] | None):
    from aspan.observing.requests import targets_from_texts
    from aspan.observing.targets import read_targets_csv

    if targets_file is not None:
        return read_targets_csv(targets_file)
    return targets_from_texts(target)


@app.command("compare")
def compare(telescope: Annotated[list[str], typer.Option(
                "--telescope", metavar="NAME", help="telescope (repeat)")],
            site: Annotated[list[str] | None, typer.Option(
                "--site", metavar="SITE", help="site of each --telescope in order "
                "[default: each telescope's own]", show_default=False)] = None,
            targets_file: Annotated[Path | None, typer.Option(
                "--targets", metavar="FILE.csv", show_default=False)] = None,
            target: Annotated[list[str] | None, typer.Option(
                "--target", metavar="NAME=RA,DEC", help="target (repeat)",
                show_default=False)] = None,
            year: Annotated[int, typer.Option("--year", metavar="YYYY")] = 2027,
            snr: SnrOption = 5.0, system: SystemOption = "AB",
            telescopes_file: TelescopesFile = None, json_out: JsonOption = False) -> None:
    """Depth per hour, observable hours per year and the year's depth, side by side."""
    from aspan.observing.requests import compare_report

    scopes = [_telescope(t, telescopes_file) for t in telescope]
    targets = _targets(targets_file, target)
    data, entries = compare_report(scopes, site, targets, year, snr=snr, system=system)
    if json_out:
        emit_json(data)
        return
    print_table(f"Depth per hour (SNR {snr:g}, {system})", ["telescope", "site", "band",
                "depth_per_hour"], [[e.telescope.key, e.site.name, e.telescope.band.name,
                                     f"{e.depth_1h:.2f}"] for e in entries])
    cols = ["target"] + [f"{e.telescope.key} h/yr" for e in entries] + \
        [f"{e.telescope.key} year depth" for e in entries] + ["winner"]
    rows = []
    for j, name in enumerate(targets.name):
        w = data["winners"][str(name)]["winner"] or "none"
        rows.append([str(name)] + [f"{e.hours[j]:.0f}" for e in entries]
                    + ["" if e.year_depth[j] != e.year_depth[j] else f"{e.year_depth[j]:.2f}"
                       for e in entries] + [w])
    print_table(f"Observable hours in {year} and depth if all were spent on the target", cols,
                rows)


@app.command("plan")
def plan(telescope: TelescopeOption,
         targets_file: Annotated[Path, typer.Option("--targets", metavar="FILE.csv",
                                 help="name,ra_deg,dec_deg,priority,exposure_s,... "
                                      "(see docs/observing.md)")],
         start: Annotated[str, typer.Option("--start", metavar="ISO", help="UTC")],
         stop: Annotated[str, typer.Option("--stop", metavar="ISO", help="UTC")],
         site: SiteOption = None,
         horizon: Annotated[Path | None, typer.Option(
             "--horizon", metavar="FILE", help="terrain mask (lunar sites): azimuth_deg,"
             "elevation_deg CSV or the shared lunar-horizons.csv table",
             show_default=False)] = None,
         mast_m: Annotated[float, typer.Option("--mast-m", metavar="M")] = 2.0,
         slot_s: Annotated[float | None, typer.Option(
             "--slot-s", metavar="S", help="time resolution [default: 60 s Earth, 300 s Moon]",
             show_default=False)] = None,
         plot: Annotated[Path | None, typer.Option(
             "--plot", metavar="FILE.png", help="Gantt chart and sky map",
             show_default=False)] = None,
         telescopes_file: TelescopesFile = None, json_out: JsonOption = False) -> None:
    """A schedule maximizing the priority-weighted completed exposure, with explanations."""
    from aspan.observing.requests import plan_schedule
    from aspan.observing.targets import read_targets_csv

    scope = _telescope(telescope, telescopes_file)
    targets = read_targets_csv(targets_file)
    result = plan_schedule(scope, site, targets, start, stop, horizon=horizon, mast_m=mast_m,
                           slot_s=slot_s)
    data = result.to_dict()
    if plot is not None:
        from aspan.observing.plots import plot_schedule

        plot_schedule(result, plot)
        data["plot"] = str(plot)
    if json_out:
        emit_json(data)
        return
    print_table(f"{scope.name} at {data['site']}: {data['n_blocks']} blocks, weighted "
                f"exposure {data['weighted_exposure_s'] / 3600:.2f} h",
                ["target", "visit", "start_utc", "stop_utc", "exposure_s", "slew_s",
                 "priority", "alt_deg"],
                [[b["target"], b["visit"], b["start_utc"], b["stop_utc"],
                  f"{b['exposure_s']:.0f}", f"{b['slew_s']:.0f}", f"{b['priority']:g}",
                  f"{b['altitude_deg_mid']:.1f}"] for b in data["blocks"]], no_wrap=["target"])
    if data["unscheduled"]:
        print_table("Not (fully) scheduled", ["target", "reason"],
                    [[u["target"], u["reason"]] for u in data["unscheduled"]])
