"""``aspan sites``: the bundled Earth sites (ground stations, observatories)."""

from __future__ import annotations

from typing import Annotated

import typer

from aspan.cli.common import JsonOption, emit_json, print_table

app = typer.Typer(help="Earth sites: ground stations and observatories.", no_args_is_help=True)


@app.command("list")
def list_(json_out: JsonOption = False) -> None:
    """List the bundled sites (aspan/data/sites.toml) with their coordinates."""
    from aspan.core.sites import load_sites

    sites = list(load_sites().values())
    if json_out:
        emit_json([site.to_dict() for site in sites])
        return
    print_table(f"{len(sites)} sites", ["key", "name", "kind", "lat (deg)", "lon (deg)",
                                        "height (m)", "precision"],
                [(s.key, s.name, s.kind, f"{s.lat_deg:.4f}", f"{s.lon_deg:.4f}",
                  f"{s.height_m:.0f}", s.precision) for s in sites],
                justify={"lat (deg)": "right", "lon (deg)": "right", "height (m)": "right"},
                no_wrap=("key", "name", "kind", "lat (deg)", "lon (deg)", "height (m)"))


@app.command("show")
def show(
    site: Annotated[str, typer.Argument(metavar="NAME|LAT,LON[,HEIGHT_M]",
                                        help="a site key or name, or coordinates")],
    json_out: JsonOption = False,
) -> None:
    """Resolve a site as commands taking --site do, and show it."""
    from aspan.core.sites import site_from_text

    found = site_from_text(site)
    if json_out:
        emit_json(found.to_dict())
        return
    print_table(None, ["key", "name", "lat (deg)", "lon (deg)", "height (m)", "precision"],
                [(found.key or "-", found.name, f"{found.lat_deg:.6f}", f"{found.lon_deg:.6f}",
                  f"{found.height_m:.1f}", found.precision or "-")])
