"""One screening task: a time window x a block of object pairs -> refined encounters.

The grid (``Plan``): the span starts at ``t0`` (split UTC Julian date); fine intervals
``[k dt, (k+1) dt]`` seconds from t0; SGP4 runs directly every ``H = q dt`` seconds on the
same global grid whatever the window, so every task sees bit-identical numbers for an object.

Bounds per object and window (from its own coarse samples; see docs/conjunctions.md):

* ``r_lo``: the smallest radius it can reach (sampled minimum less the largest dip of
  ``|r|`` between samples, ``|d2|r|/dt2| H^2 / 8`` with ``|d2|r|/dt2| <= 3 mu / r^2``);
* ``a_max = 1.01 mu / r_lo^2`` (gravity plus J2 and drag, under 1 % above two-body);
* ``v_max``: sampled maximum speed plus ``a_max H / 2``;
* interpolation error of cubic Hermite, position ``e = C mu^2 / r_lo^5 H^4 / 384 + e0`` and
  velocity ``ev = C mu^2 / r_lo^5 sqrt(3) H^3 / 216 + ev0``.

Stage radii: ``rho = D / 2 + v_max dt / 2 + e`` and ``pad = e + ev dt / 2 + a_max dt^2 / 8``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aspan.catalog.elements import Catalog
from aspan.kernels.screening import screen_grid
from aspan.kernels.sgp4 import sgp4_init, sgp4_propagate
from aspan.satellites.reference import sgp4init_arguments

#: Earth's gravitational parameter (WGS72, as SGP4), km^3/s^2
MU_KM3_S2 = 398600.8
#: no SGP4 state lies below one Earth radius (error 6); a floor for r_lo, km
R_FLOOR_KM = 6300.0
#: safety factor on the two-body bound of the fourth derivative of position
INTERP_FACTOR = 24.0
#: interpolation error floors: SGP4's velocity is not exactly the derivative of its position
INTERP_FLOOR_KM = 0.1
#: (measured on 2,000 objects of the 2024 catalog: 36 m and 9.3 m/s at H = 60 s; twice that)
INTERP_FLOOR_KM_S = 0.02


@dataclass(frozen=True)
class Plan:
    """The sampling grid of one screening run (seconds from ``t0_jd + t0_fr``, UTC)."""

    t0_jd: float
    t0_fr: float
    span_s: float
    threshold_km: float
    dt_s: float
    q: int

    @property
    def coarse_s(self) -> float:
        return self.q * self.dt_s

    @property
    def n_intervals(self) -> int:
        return int(np.ceil(self.span_s / self.dt_s - 1e-9))


def init_params(cat: Catalog) -> np.ndarray:
    a = sgp4init_arguments(cat)
    return sgp4_init(a["epoch_jd"], a["epoch_fr"], a["no_kozai_rad_min"], a["ecco"],
                     a["inclo_rad"], a["nodeo_rad"], a["argpo_rad"], a["mo_rad"], a["bstar"],
                     a["ndot"], a["nddot"])


def coarse_states(params: np.ndarray, plan: Plan, j_lo: int, j_hi: int):
    """SGP4 states (n, j_hi - j_lo, 3) at coarse samples ``j * H`` seconds from t0."""
    j = np.arange(j_lo, j_hi, dtype=np.float64)
    jd = np.full(j.shape, plan.t0_jd)
    fr = plan.t0_fr + j * plan.coarse_s / 86400.0
    n = params.shape[0]
    r = np.empty((n, len(j), 3))
    v = np.empty((n, len(j), 3))
    e = np.empty((n, len(j)), dtype=np.uint8)
    sgp4_propagate(np.ascontiguousarray(params), jd, fr, r, v, e)
    return r, v


def object_bounds(rc: np.ndarray, vc: np.ndarray, plan: Plan):
    """(rho_km, pad_km) per object, from its coarse samples; NaN-only objects get zeros."""
    h = plan.coarse_s
    dt = plan.dt_s
    with np.errstate(invalid="ignore", all="ignore"):
        rn = np.linalg.norm(rc, axis=-1)
        vn = np.linalg.norm(vc, axis=-1)
        good = np.isfinite(rn).any(axis=1)
        rmin = np.where(good, np.nanmin(np.where(np.isfinite(rn), rn, np.inf), axis=1), 7000.0)
        vmax = np.where(good, np.nanmax(np.where(np.isfinite(vn), vn, 0.0), axis=1), 0.0)
    r_floor = np.maximum(rmin - 100.0, R_FLOOR_KM)
    dip = 3.0 * MU_KM3_S2 / r_floor**2 * h * h / 8.0
    r_lo = np.maximum(rmin - dip, R_FLOOR_KM)
    a_max = 1.01 * MU_KM3_S2 / r_lo**2
    v_max = vmax + a_max * h / 2.0
    d4 = INTERP_FACTOR * MU_KM3_S2**2 / r_lo**5
    e = d4 * h**4 / 384.0 + INTERP_FLOOR_KM
    ev = d4 * np.sqrt(3.0) * h**3 / 216.0 + INTERP_FLOOR_KM_S
    rho = plan.threshold_km / 2.0 + v_max * dt / 2.0 + e
    pad = e + ev * dt / 2.0 + a_max * dt * dt / 8.0
    return np.where(good, rho, 0.0), np.where(good, pad, 0.0)


def candidates(params: np.ndarray, plan: Plan, k_lo: int, k_hi: int, is_query: np.ndarray,
               is_target: np.ndarray):
    """Candidate (i, j, k) for fine intervals [k_lo, k_hi): rows i (query) and j (target)."""
    q = plan.q
    j_lo = k_lo // q
    j_hi = (k_hi - 1) // q + 2
    rc, vc = coarse_states(params, plan, j_lo, j_hi)
    rho, pad = object_bounds(rc, vc, plan)
    live_q = is_query & (rho > 0)
    live_t = is_target & (rho > 0)
    if not live_q.any() or not live_t.any():
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty
    cell = float(rho[live_q].max() + rho[live_t].max())
    n_steps = k_hi - k_lo
    n_chunks = int(min(max(1, n_steps), 64))
    cap = 4096
    while True:
        out_i = np.empty((n_chunks, cap), dtype=np.int64)
        out_j = np.empty((n_chunks, cap), dtype=np.int64)
        out_k = np.empty((n_chunks, cap), dtype=np.int64)
        counts = np.zeros(n_chunks, dtype=np.int64)
        screen_grid(rc, vc, q, plan.dt_s, k_lo - j_lo * q, k_hi - j_lo * q, plan.threshold_km,
                    rho, pad, live_q, live_t, cell, n_chunks, cap, out_i, out_j, out_k, counts)
        if (counts >= 0).all():
            break
        cap *= 8
    keep = np.arange(cap)[None, :] < counts[:, None]
    return out_i[keep], out_j[keep], out_k[keep] + j_lo * q
