"""Sampled sky tracks of passes and the relative geometry of an encounter, for charts.

``pass_tracks``: azimuth/elevation (deg, topocentric ITRS, north = 0 clockwise) along each
pass, from rise to set (window edges where an end is missing), the samples a polar sky chart
draws. ``encounter_geometry``: the secondary's position relative to the primary in the
primary's radial / in-track / cross-track frame at TCA (km), over TCA +- a half width.
"""

from __future__ import annotations

import numpy as np

from aspan.core.time import split_jd_utc, to_time
from aspan.core.topocentric import SiteFrame, look_angles
from aspan.errors import InputError
from aspan.satellites.interpolation import grid_times
from aspan.satellites.propagation import propagate


def pass_tracks(passes, cat, rows=None, *, points: int = 60) -> list[dict]:
    """One dict per pass row: norad_id, station, rise_utc, set_utc and ``points`` samples
    ``time_utc``, ``azimuth_deg``, ``elevation_deg`` (rounded to 0.01 deg)."""
    rows = range(len(passes)) if rows is None else rows
    records = passes.to_records()
    out = []
    for row in rows:
        a = float(np.nan_to_num(passes.rise_s[row], nan=0.0))
        b = float(np.nan_to_num(passes.set_s[row], nan=passes.span_s))
        t_s = np.linspace(a, b, points)
        o = int(passes.obj[row])
        site = passes.sites[int(passes.site[row])]
        times = grid_times(passes.start, t_s)
        st = propagate(cat[o], times).frame("itrs")
        el, az, _, _ = look_angles(SiteFrame.of(site), st.r_km[0])
        rec = records[row]
        out.append({"norad_id": rec["norad_id"], "name": rec["name"], "station": rec["station"],
                    "rise_utc": rec["rise_utc"], "set_utc": rec["set_utc"],
                    "max_elevation_deg": rec["max_elevation_deg"],
                    "time_utc": [t.replace("+00:00", "Z") for t in times.utc_iso()],
                    "azimuth_deg": np.round(az, 2).tolist(),
                    "elevation_deg": np.round(el, 2).tolist()})
    return out


def encounter_geometry(cat, primary: int, secondary: int, tca, *, half_width_s: float = 10.0,
                       n: int = 101) -> dict:
    """Relative position of ``secondary`` from ``primary`` around ``tca`` (ISO UTC or Time) in
    the primary's RIC frame at TCA (R along r, C along r x v, I = C x R), km, with the range."""
    from aspan.satellites.conjunctions_refine import states_at
    from aspan.satellites.screening import init_params

    if not (np.isfinite(half_width_s) and 0 < half_width_s <= 3600):
        raise InputError(f"half width {half_width_s:g} s is outside (0, 3600] s",
                         field="half_width_s", value=half_width_s)
    t0 = to_time(tca, what="tca_utc")
    jd, fr = split_jd_utc(t0)
    sub = cat.select([primary, secondary])
    if len(sub) != 2:
        raise InputError(f"objects {primary} and {secondary} are not both in the catalog",
                         field="secondary")
    order = [int(np.flatnonzero(sub.norad_id == k)[0]) for k in (primary, secondary)]
    params = init_params(sub)[order]
    t = np.linspace(-half_width_s, half_width_s, n)
    rows = np.repeat(np.arange(2), n)
    r, v = states_at(params, rows, float(jd[0]), float(fr[0]), np.concatenate([t, t]))
    rp, vp, rs = r[:n], v[:n], r[n:]
    k = n // 2
    radial = rp[k] / np.linalg.norm(rp[k])
    cross = np.cross(rp[k], vp[k])
    cross /= np.linalg.norm(cross)
    in_track = np.cross(cross, radial)
    d = rs - rp
    ric = d @ np.stack([radial, in_track, cross]).T
    return {"primary": int(primary), "secondary": int(secondary),
            "tca_utc": t0.utc_iso(places=6), "t_s": t.tolist(),
            "radial_km": ric[:, 0].tolist(), "in_track_km": ric[:, 1].tolist(),
            "cross_track_km": ric[:, 2].tolist(),
            "range_km": np.linalg.norm(d, axis=1).tolist()}
