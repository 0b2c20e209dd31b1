"""Request -> result dict for the Moon commands, shared by ``aspan moon`` and the service.

The dicts here are the JSON shapes of ``aspan moon light|earth|link --json``; the CLI renders
them as tables and the service returns them as they are.
"""

from __future__ import annotations

from aspan.errors import InputError

#: body -> (fraction key, longest-gap key, interval state names)
_KEYS = {"sun": ("sunlit_fraction", "longest_dark_hours", {}),
         "earth": ("visible_fraction", "longest_hidden_hours", {"dark": "hidden"})}


def site_and_mask(site_text: str, mast_m: float, horizon=None):
    """``(LunarSite, HorizonMask or None, label)`` for a site text, a mast height and a horizon:
    None (flat), a mask file, or the shared ``lunar-horizons.csv`` table (the site must then
    be given by name; its position comes from the table)."""
    from aspan.moon.sites import lunar_site_from_text

    site = lunar_site_from_text(site_text, mast_m=mast_m)
    if horizon is None:
        return site, None, "flat"
    site, mask = apply_horizon(site, horizon, mast_m)
    return site, mask, str(horizon)


def apply_horizon(site, horizon, mast_m: float):
    """``(site, mask)`` for a lunar site object and a horizon file: the shared table moves a
    named site to the table's position and gives its mask for ``mast_m``; any other file is a
    mask read as it is."""
    from aspan.moon.horizon import horizon_from_table, is_horizon_table, read_horizon_mask
    from aspan.moon.sites import LunarSite

    if not is_horizon_table(horizon):
        return site, read_horizon_mask(horizon)
    if not getattr(site, "key", ""):
        raise InputError(f"--horizon {horizon} is a table of named sites; give --site by "
                         "name (aspan moon sites)", field="site")
    entry = horizon_from_table(horizon, site.key, mast_m)
    moved = LunarSite(site.name, entry.lat_deg, entry.lon_deg, entry.elev_m, mast_m,
                      key=site.key, group=getattr(site, "group", ""),
                      precision=getattr(site, "precision", ""),
                      source=getattr(site, "source", ""), note=getattr(site, "note", ""))
    return moved, entry.mask


def visibility_dict(vis, mast_m: float, horizon_label: str) -> dict:
    """The JSON of ``aspan moon light`` (body 'sun') or ``aspan moon earth`` (body 'earth')."""
    frac, longest, names = _KEYS[vis.body]
    return {"site": vis.site.name, "lat_deg": vis.site.lat_deg, "lon_deg": vis.site.lon_deg,
            "height_m": vis.site.height_m, "mast_m": mast_m, "horizon": horizon_label,
            "start_utc": vis.window.utc_iso(0.0)[0],
            "stop_utc": vis.window.utc_iso(vis.window.span_s)[0], "step_s": vis.step_s,
            frac: vis.visible_fraction, "full_disk_fraction": vis.full_fraction,
            "any_disk_fraction": vis.any_fraction, "centre_fraction": vis.centre_fraction,
            longest: vis.longest_s("dark") / 3600.0, "intervals": vis.intervals_utc(names)}


def visibility_report(body: str, lunar, mask, label: str, start, stop, *, step_s: float,
                      mast_m: float):
    """``(dict, Visibility)`` of the Sun or the Earth from ``lunar`` over [start, stop]."""
    from aspan.moon.visibility import visibility

    vis = visibility([lunar], body, start, stop, step_s=step_s, masks=mask)[0]
    return visibility_dict(vis, mast_m, label), vis


def links_report(lunar, mask, label: str, stations, start, stop, *, step_s: float,
                 min_elevation_deg: float, whole_disk: bool) -> list[dict]:
    """The JSON of ``aspan moon link``: one dict per Earth station (texts or sites)."""
    from aspan.core.sites import site_from_text
    from aspan.moon.links import links_home

    earth_sites = [site_from_text(s) if isinstance(s, str) else s for s in stations]
    links = links_home(lunar, earth_sites, start, stop, step_s=step_s, lunar_mask=mask,
                       min_elevation_deg=min_elevation_deg, whole_disk=whole_disk)
    return [{"site": lunar.name, "station": lk.station.name, "horizon": label,
             "linked_fraction": lk.linked_fraction, "intervals": lk.intervals_utc()}
            for lk in links]


def sky_target(body: str | None, ra_deg, dec_deg, *, pm_ra_mas_yr: float = 0.0,
               pm_dec_mas_yr: float = 0.0, parallax_mas: float = 0.0):
    """A body name or a star from catalog coordinates (exactly one of them)."""
    from aspan.moon.sky import star

    if (body is None) == (ra_deg is None or dec_deg is None):
        raise InputError("give either --body NAME or both --ra-deg and --dec-deg",
                         hint="e.g. --body earth, or --ra-deg 101.287 --dec-deg -16.716")
    if body is not None:
        return body
    return star(ra_deg, dec_deg, pm_ra_mas_yr=pm_ra_mas_yr, pm_dec_mas_yr=pm_dec_mas_yr,
                parallax_mas=parallax_mas)
