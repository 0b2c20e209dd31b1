"""The brute-force reference for conjunction screening (DESIGN.md rule 3: a reference path).

Every pair, every ``step_s`` (1 s by default): SGP4 states of all objects on the grid (the
numba kernel, in blocks of time), the sampled distance of every pair (``brute_force_minima``),
every interior local minimum of it below ``sqrt(D^2 + (v_max step / 2)^2)`` plus a margin,
then each minimum refined with python-sgp4 (the other engine, no code shared with the fast
refinement) by bisection on the sign of the range rate within one step either side. With
relative speeds under ``V_REL_MAX_KM_S`` the sample nearest a TCA closer than ``D`` lies
within that radius, so no encounter under ``D`` escapes it.

Cost: n^2 / 2 x (span / step) distance evaluations; 2,000 objects x 6 h at 1 s is 4.3e10.
"""

from __future__ import annotations

import numpy as np

from aspan.catalog.elements import Catalog
from aspan.core.time import split_jd_utc, to_time
from aspan.kernels.screening import brute_force_minima
from aspan.satellites.reference import satrecs
from aspan.satellites.screening import Plan, coarse_states, init_params

#: largest relative speed the reference's sampling radius allows for, km/s
V_REL_MAX_KM_S = 22.0
#: samples per block of time (bounds memory: n x block x 3 doubles)
BLOCK_SAMPLES = 1800


def _range_rate(sat_a, sat_b, jd, fr):
    _, ra, va = sat_a.sgp4(jd, fr)
    _, rb, vb = sat_b.sgp4(jd, fr)
    dr = np.subtract(rb, ra)
    return float(dr @ np.subtract(vb, va)), float(np.linalg.norm(dr))


def _refine_python_sgp4(sat_a, sat_b, t0_jd, t0_fr, t_grid_s, step_s, tol_s=1e-7):
    """TCA (s from t0) and miss (km) near a sampled minimum, by bisection on range rate."""
    lo, hi = t_grid_s - step_s, t_grid_s + step_s
    f_lo, _ = _range_rate(sat_a, sat_b, t0_jd, t0_fr + lo / 86400.0)
    f_hi, _ = _range_rate(sat_a, sat_b, t0_jd, t0_fr + hi / 86400.0)
    if not (f_lo < 0 <= f_hi):
        return np.nan, np.nan
    while hi - lo > tol_s:
        mid = 0.5 * (lo + hi)
        f, _ = _range_rate(sat_a, sat_b, t0_jd, t0_fr + mid / 86400.0)
        if f < 0:
            lo = mid
        else:
            hi = mid
    t = 0.5 * (lo + hi)
    _, miss = _range_rate(sat_a, sat_b, t0_jd, t0_fr + t / 86400.0)
    return t, miss


def brute_force_conjunctions(cat: Catalog, start, span_s: float, threshold_km: float = 5.0,
                             step_s: float = 1.0):
    """Reference encounters under ``threshold_km``: dict of arrays ``a, b`` (catalog numbers,
    a < b), ``tca_s`` (seconds from start), ``miss_km``, and ``n_minima`` examined."""
    jd, fr = split_jd_utc(to_time(start))
    t0_jd, t0_fr = float(np.atleast_1d(jd)[0]), float(np.atleast_1d(fr)[0])
    radius = float(np.hypot(threshold_km, V_REL_MAX_KM_S * step_s / 2.0)) + 1.0
    n_t = int(round(span_s / step_s)) + 1
    plan = Plan(t0_jd, t0_fr, span_s, threshold_km, step_s, 1)
    params = init_params(cat)
    found_i, found_j, found_t = [], [], []
    for c0 in range(1, n_t - 1, BLOCK_SAMPLES):
        c1 = min(c0 + BLOCK_SAMPLES, n_t - 1)
        r, _ = coarse_states(params, plan, c0 - 1, c1 + 1)
        xyz = [np.ascontiguousarray(r[:, :, e].T) for e in range(3)]
        del r
        cap = 64
        while True:
            out_j = np.empty((len(cat), cap), dtype=np.int64)
            out_t = np.empty((len(cat), cap), dtype=np.int64)
            counts = np.zeros(len(cat), dtype=np.int64)
            brute_force_minima(xyz[0], xyz[1], xyz[2], radius, cap, out_j, out_t, counts)
            if (counts <= cap).all():
                break
            cap *= 8
        keep = np.arange(cap)[None, :] < counts[:, None]
        found_i.append(np.nonzero(keep)[0])
        found_j.append(out_j[keep])
        found_t.append(out_t[keep] + c0 - 1)
    fi, fj, ft = (np.concatenate(x) for x in (found_i, found_j, found_t))
    sats = satrecs(cat)
    a, b, tca, miss = [], [], [], []
    for i, j, t in zip(fi, fj, ft, strict=True):
        tc, m = _refine_python_sgp4(sats[i], sats[j], t0_jd, t0_fr, t * step_s, step_s)
        if np.isfinite(m) and m < threshold_km:
            lo_id, hi_id = sorted((int(cat.norad_id[i]), int(cat.norad_id[j])))
            a.append(lo_id)
            b.append(hi_id)
            tca.append(tc)
            miss.append(m)
    out = {"a": np.array(a, dtype=np.int64), "b": np.array(b, dtype=np.int64),
           "tca_s": np.array(tca), "miss_km": np.array(miss), "n_minima": len(fi)}
    if len(tca):  # two samples of one flat minimum refine to the same TCA
        order = np.lexsort((out["tca_s"], out["b"], out["a"]))
        for k in ("a", "b", "tca_s", "miss_km"):
            out[k] = out[k][order]
        same = np.zeros(len(order), dtype=bool)
        same[1:] = (out["a"][1:] == out["a"][:-1]) & (out["b"][1:] == out["b"][:-1]) & \
            (np.diff(out["tca_s"]) < 1e-3)
        for k in ("a", "b", "tca_s", "miss_km"):
            out[k] = out[k][~same]
    return out


def compare(events, reference, start, tca_tol_s: float = 1e-3, miss_tol_km: float = 1e-3):
    """Match reference encounters to screened ones (same pair, TCA within 0.5 s).

    Returns a dict: ``missed`` (reference events with no match), ``extra`` (screened events
    the reference lacks), ``worst_dt_s``, ``worst_dmiss_km``, ``out_of_tolerance``."""
    jd, fr = split_jd_utc(to_time(start))
    t_s = ((events.tca_jd - jd[0]) + (events.tca_fr - fr[0])) * 86400.0
    lo = np.minimum(events.primary, events.secondary)
    hi = np.maximum(events.primary, events.secondary)
    by_pair: dict = {}
    for k in range(len(events)):
        by_pair.setdefault((int(lo[k]), int(hi[k])), []).append(k)
    matched = set()
    missed, bad = [], []
    worst_dt = worst_dm = 0.0
    for r in range(len(reference["a"])):
        ks = by_pair.get((int(reference["a"][r]), int(reference["b"][r])), [])
        dts = [abs(t_s[k] - reference["tca_s"][r]) for k in ks]
        if not dts or min(dts) > 0.5:
            missed.append(r)
            continue
        k = ks[int(np.argmin(dts))]
        matched.add(k)
        dt = abs(t_s[k] - reference["tca_s"][r])
        dm = abs(events.miss_km[k] - reference["miss_km"][r])
        worst_dt, worst_dm = max(worst_dt, dt), max(worst_dm, dm)
        if dt > tca_tol_s or dm > miss_tol_km:
            bad.append(r)
    extra = [k for k in range(len(events)) if k not in matched]
    return {"missed": missed, "extra": extra, "worst_dt_s": worst_dt, "worst_dmiss_km": worst_dm,
            "out_of_tolerance": bad, "reference_events": len(reference["a"]),
            "events": len(events)}
