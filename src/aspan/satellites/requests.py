"""Request -> result for passes and conjunctions, shared by the CLI and the service: the
option texts (``NORAD=MAG``, ``R,I,C``) and the pass search with its optical filter."""

from __future__ import annotations

import numpy as np

from aspan.errors import InputError


def parse_std_mags(values) -> dict[int, float] | None:
    """``['25544=-1.8', '43805=5,39731=6']`` -> ``{25544: -1.8, ...}``; None when none given."""
    if not values:
        return None
    out = {}
    for text in values:
        for item in str(text).split(","):
            try:
                k, v = item.split("=")
                out[int(k)] = float(v)
            except ValueError:
                raise InputError(f"--std-mag {item!r} is not NORAD=MAG", field="std_mag",
                                 hint="e.g. --std-mag 25544=-1.8") from None
    return out


def parse_sigma_ric(text: str) -> tuple[float, float, float]:
    """``'100,300,100'`` -> 1-sigma radial, in-track, cross-track errors (m)."""
    try:
        values = tuple(float(x) for x in str(text).split(","))
        if len(values) != 3 or not all(np.isfinite(v) and v > 0 for v in values):
            raise ValueError
    except ValueError:
        raise InputError(f"--sigma-ric-m {text!r} is not three positive numbers R,I,C",
                         hint="e.g. --sigma-ric-m 100,300,100", field="sigma_ric_m",
                         value=text) from None
    return values  # type: ignore[return-value]


def passes_request(cat, station, start, stop=None, *, hours=None, min_elevation_deg=10.0,
                   mask=None, refraction=False, optical=False, darkness="nautical",
                   std_mag=None, frequency_mhz=None, progress=None):
    """``find_passes`` as ``aspan passes`` calls it: with ``optical`` only the passes that
    are sunlit while the site is dark (at ``darkness``) are kept."""
    from aspan.satellites.passes import find_passes

    if not len(cat):
        raise InputError("no satellites selected", hint="check --norad and the catalog")
    result = find_passes(cat, station, start, stop, hours=hours,
                         min_elevation_deg=min_elevation_deg, masks=mask,
                         refraction=refraction, frequency_mhz=frequency_mhz,
                         optical=darkness if optical else None,
                         std_mag=parse_std_mags(std_mag), progress=progress)
    if optical:
        result = result.select(np.isfinite(result.columns["best_s"]))
    return result


def parse_minutes(text: str, *, max_times: int) -> np.ndarray:
    """``'-4320:10080:10'`` -> minutes from START to STOP inclusive every STEP."""
    parts = str(text).split(":")
    try:
        if len(parts) != 3:
            raise ValueError
        start, stop, step = (float(p) for p in parts)
    except ValueError:
        raise InputError(f"--minutes-since-epoch {text!r} is not START:STOP:STEP in minutes",
                         hint="e.g. --minutes-since-epoch -4320:10080:10",
                         field="minutes_since_epoch", value=text) from None
    if not all(np.isfinite((start, stop, step))):
        raise InputError(f"--minutes-since-epoch {text!r} holds a non-finite number",
                         field="minutes_since_epoch", value=text)
    if not step > 0:
        raise InputError(f"--minutes-since-epoch step {step:g} min must be positive",
                         field="minutes_since_epoch", value=text)
    if stop < start:
        raise InputError(f"--minutes-since-epoch stop {stop:g} is before start {start:g}",
                         hint="swap them", field="minutes_since_epoch", value=text)
    n = int(np.floor((stop - start) / step + 1e-9)) + 1
    if n > max_times:
        raise InputError(f"{n} time steps asked for, at most {max_times} allowed",
                         hint="shorten the span or lengthen the step", field="step_s")
    return start + np.arange(n, dtype=np.float64) * step
