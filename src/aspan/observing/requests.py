"""Request -> result dicts for ``aspan observe`` (depth, snr, compare, plan), shared by the CLI
and the service: the JSON shapes of ``aspan observe ... --json``."""

from __future__ import annotations

import numpy as np

from aspan.errors import InputError


def exposure_model(telescope, site, system: str, altitude_deg: float, ecl_lat_deg: float):
    from aspan.observing.exposure import ExposureModel

    return ExposureModel(telescope, site, system=system, altitude_deg=altitude_deg,
                         ecl_lat_deg=ecl_lat_deg)


def conditions(model) -> dict:
    """The conditions an exposure figure was computed for."""
    r = model.rates
    return {"telescope": model.telescope.key, "site": model.site.name,
            "band": model.telescope.band.name, "system": model.system,
            "airmass": float(r.airmass), "fwhm_arcsec": float(r.fwhm_arcsec),
            "aperture_pixels": float(r.n_pix),
            "sky_mag_arcsec2": float(r.sky_mag_arcsec2),
            "stray_light_mag_arcsec2": r.stray_mag_arcsec2,
            "background_e_per_s_per_pixel": float(r.background_e_s_pix)}


def n_frames(model, exposure_s: float) -> int:
    from aspan.observing.exposure import frames_for

    return int(frames_for(exposure_s, model.telescope.max_exposure_s))


def depth_report(model, exposure_s: float, snr: float) -> dict:
    """The JSON of ``aspan observe depth``."""
    limit = float(model.limiting_magnitude(exposure_s, snr))
    return {**conditions(model), "exposure_s": exposure_s, "snr": snr,
            "n_frames": n_frames(model, exposure_s), "limiting_magnitude": round(limit, 3)}


def snr_report(model, magnitude: float, exposure_s: float) -> dict:
    """The JSON of ``aspan observe snr``."""
    value = float(model.snr(magnitude, exposure_s))
    return {**conditions(model), "magnitude": magnitude, "exposure_s": exposure_s,
            "n_frames": n_frames(model, exposure_s), "snr": round(value, 3)}


def parse_target(text: str):
    """``'M31=10.685,41.269'`` -> ``('M31', 10.685, 41.269)``."""
    name, sep, rest = str(text).partition("=")
    parts = rest.split(",")
    if not sep or len(parts) != 2:
        raise InputError(f"--target {text!r}: expected NAME=RA_DEG,DEC_DEG", field="target",
                         value=text, hint="for example --target M31=10.685,41.269")
    try:
        return name.strip(), float(parts[0]), float(parts[1])
    except ValueError:
        raise InputError(f"--target {text!r}: RA and Dec must be numbers in degrees",
                         field="target", value=text) from None


def targets_from_texts(texts) -> object:
    """``Targets`` from ``NAME=RA,DEC`` texts (at least one)."""
    from aspan.observing.targets import Targets

    if not texts:
        raise InputError("give --targets FILE.csv or at least one --target NAME=RA,DEC",
                         field="targets")
    rows = [parse_target(t) for t in texts]
    return Targets(np.array([r[0] for r in rows], dtype=object), [r[1] for r in rows],
                   [r[2] for r in rows])


def compare_report(scopes, sites, targets, year: int, *, snr: float, system: str) -> dict:
    """The JSON of ``aspan observe compare``: ``sites`` one per telescope or empty."""
    from aspan.observing.compare import compare, winners

    sites = list(sites or [])
    if sites and len(sites) != len(scopes):
        raise InputError(f"{len(sites)} --site for {len(scopes)} --telescope",
                         field="site", hint="give one --site per --telescope, or none")
    sites += [None] * (len(scopes) - len(sites))
    entries = compare(list(zip(scopes, sites, strict=True)), targets, year, snr=snr,
                      system=system)
    return {"year": year, "snr": snr, "system": system,
            "telescopes": [e.to_dict(targets) for e in entries],
            "winners": winners(entries, targets)}, entries


def site_with_mask(site, horizon, mast_m: float):
    """``(site, mask)``: a lunar site given by name takes its position and mask from the
    shared horizon table; a mask file applies as it is; None: no mask."""
    if horizon is None:
        return site, None
    from aspan.moon.reports import apply_horizon

    return apply_horizon(site, horizon, mast_m)


def plan_schedule(scope, site_text, targets, start, stop, *, horizon=None, mast_m=2.0,
                  slot_s=None):
    """The ``Schedule`` of ``aspan observe plan`` (``site_text`` None: the telescope's own)."""
    from aspan.observing.scheduler import schedule_for_telescope
    from aspan.observing.sites import observing_site

    where, mask = site_with_mask(observing_site(site_text or scope.site), horizon, mast_m)
    return schedule_for_telescope(targets, scope, where, start, stop, mask=mask, slot_s=slot_s)
