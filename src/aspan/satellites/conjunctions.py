"""Conjunction screening: all-vs-all, or a list of primaries against the catalog.

    events = screen_conjunctions(cat, "2024-07-05T00:00:00Z", hours=24, threshold_km=5.0)
    events = screen_conjunctions(cat, start, days=7, primaries=[39731, 43783])
    events.to_records()   # [{'primary', 'secondary', 'tca_utc', 'miss_km', ...}, ...]

The cascade (docs/conjunctions.md): (1) an exact radial-shell filter from osculating perigee
and apogee (primary mode, and pair-block pruning on a cluster); (2) SGP4 every ``H = q dt``
seconds, cubic Hermite interpolation to the midpoint of every ``dt`` interval, a uniform-grid
hash and two conservative tests per pair whose radii follow from the threshold and each
object's speed, acceleration and interpolation-error bounds; (3) refinement of each
candidate to the zero of range rate with direct SGP4 (1 microsecond). Events carry TCA, miss
distance, relative speed, the miss vector in the primary's RIC frame, element-set ages and
Foster's 2-D Pc (``aspan.satellites.collision_probability``).

Work is split into time windows x object-pair blocks and run by ``aspan.compute.executor``
(here, or on a Dask cluster); results are merged and sorted, identical either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from aspan.catalog.elements import Catalog
from aspan.compute.executor import get_executor
from aspan.core.time import split_jd_utc, to_time, utc_jd_split_to_time
from aspan.errors import InputError
from aspan.satellites.collision_probability import (
    DEFAULT_HARD_BODY_RADIUS_M,
    DEFAULT_SIGMA_RIC_M,
    probability_of_collision,
    ric_axes,
)
from aspan.satellites.conjunctions_refine import refine, states_at
from aspan.satellites.screening import MU_KM3_S2, Plan, candidates, init_params

#: fine step (s) and coarse SGP4 step (multiple of it) by default
DEFAULT_STEP_S = 20.0
DEFAULT_COARSE_STEPS = 3
#: time window of one task, hours (bounds memory: 26,389 objects x 3 h at 60 s is 110 MiB)
DEFAULT_WINDOW_HOURS = 3.0
#: objects per block of pairs on a cluster
DEFAULT_BLOCK_SIZE = 8000
#: osculating perigee/apogee filter: sample step and margin (J2 short-period terms, drag)
SHELL_STEP_S = 1800.0
SHELL_MARGIN_KM = 50.0
#: two roots of one pair closer than this are one event
SAME_EVENT_S = 1e-3

Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)
class Conjunctions:
    """Encounters closer than ``threshold_km``, sorted by TCA, as parallel arrays (k,).

    Times: TCA as a split UTC Julian date (``tca_jd + tca_fr``); ``tca`` gives a Skyfield
    Time. ``radial_km, in_track_km, cross_track_km``: the secondary's position minus the
    primary's at TCA in the primary's RIC frame. ``*_age_days``: TCA minus each element set's
    epoch. ``r_*_km, v_*_km_s`` (k, 3): TEME states at TCA. ``probability``: Foster 2-D Pc with
    the stated ``sigma_ric_m`` (both objects) and ``hard_body_radius_m``.
    """

    primary: np.ndarray
    secondary: np.ndarray
    tca_jd: np.ndarray
    tca_fr: np.ndarray
    miss_km: np.ndarray
    relative_speed_km_s: np.ndarray
    radial_km: np.ndarray
    in_track_km: np.ndarray
    cross_track_km: np.ndarray
    primary_age_days: np.ndarray
    secondary_age_days: np.ndarray
    probability: np.ndarray
    hard_body_radius_m: np.ndarray
    r_primary_km: np.ndarray
    v_primary_km_s: np.ndarray
    r_secondary_km: np.ndarray
    v_secondary_km_s: np.ndarray
    threshold_km: float = 5.0
    sigma_ric_m: tuple = DEFAULT_SIGMA_RIC_M
    missing_primaries: tuple = ()
    stats: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.primary)

    def __repr__(self) -> str:
        return f"<Conjunctions: {len(self)} under {self.threshold_km:g} km>"

    @property
    def tca(self):
        return utc_jd_split_to_time(self.tca_jd, self.tca_fr)

    def tca_iso(self) -> list[str]:
        """TCA as ISO-8601 UTC strings with microseconds."""
        us = np.round(((self.tca_jd - 2440587.5) + self.tca_fr) * 86400e6).astype(np.int64)
        return [str(t) + "Z" for t in us.astype("datetime64[us]")]

    def to_records(self) -> list[dict]:
        """JSON-ready dicts: primary, secondary, tca_utc, miss_km, relative_speed_km_s,
        radial_km, in_track_km, cross_track_km, probability, and the two ages."""
        iso = self.tca_iso()
        return [{"primary": int(self.primary[k]), "secondary": int(self.secondary[k]),
                 "tca_utc": iso[k], "miss_km": float(self.miss_km[k]),
                 "relative_speed_km_s": float(self.relative_speed_km_s[k]),
                 "radial_km": float(self.radial_km[k]),
                 "in_track_km": float(self.in_track_km[k]),
                 "cross_track_km": float(self.cross_track_km[k]),
                 "probability": float(self.probability[k]),
                 "primary_age_days": float(self.primary_age_days[k]),
                 "secondary_age_days": float(self.secondary_age_days[k])}
                for k in range(len(self))]


# -- the filters --------------------------------------------------------------------------------

def shell_ranges(params: np.ndarray, plan: Plan, step_s: float = SHELL_STEP_S,
                 margin_km: float = SHELL_MARGIN_KM):
    """(lo_km, hi_km) per object: the radii it can reach during the span, from osculating
    perigee and apogee sampled every ``step_s`` over the span, widened by ``margin_km``.
    Objects SGP4 cannot propagate at all get an empty range (lo > hi)."""
    n_s = int(np.ceil(plan.span_s / step_s)) + 1
    t = np.minimum(np.arange(n_s) * step_s, plan.span_s)
    n = params.shape[0]
    r = np.empty((n, n_s, 3))
    v = np.empty((n, n_s, 3))
    e = np.empty((n, n_s), dtype=np.uint8)
    from aspan.kernels.sgp4 import sgp4_propagate

    sgp4_propagate(np.ascontiguousarray(params), np.full(n_s, plan.t0_jd),
                   plan.t0_fr + t / 86400.0, r, v, e)
    with np.errstate(invalid="ignore", divide="ignore"):
        rn = np.linalg.norm(r, axis=-1)
        energy = 0.5 * np.sum(v * v, axis=-1) - MU_KM3_S2 / rn
        a = -MU_KM3_S2 / (2.0 * energy)
        h2 = np.sum(np.cross(r, v) ** 2, axis=-1)
        ecc = np.sqrt(np.maximum(0.0, 1.0 - h2 / (MU_KM3_S2 * a)))
        rp = np.where(energy < 0, a * (1.0 - ecc), h2 / (2.0 * MU_KM3_S2))
        ra = np.where(energy < 0, a * (1.0 + ecc), np.inf)
        rp = np.fmin(rp, rn)
        ra = np.fmax(ra, rn)
        lo = np.nanmin(np.where(np.isfinite(rn), rp, np.inf), axis=1) - margin_km
        hi = np.nanmax(np.where(np.isfinite(rn), ra, -np.inf), axis=1) + margin_km
    return lo, hi


def _overlap(lo_a, hi_a, lo_b, hi_b, pad_km):
    return (lo_a <= hi_b + pad_km) & (lo_b <= hi_a + pad_km)


# -- tasks --------------------------------------------------------------------------------------

def _run_task(task, shared):
    """One window x block: candidates, refined; returns arrays of norad ids, TCA and states."""
    k_lo, k_hi, rows, is_query, is_target = task
    params_all, norad_all, plan = shared
    params = np.ascontiguousarray(params_all[rows])
    ci, cj, ck = candidates(params, plan, k_lo, k_hi, is_query, is_target)
    a_s = ck * plan.dt_s
    b_s = (ck + 1) * plan.dt_s
    keep, t, ri, vi, rj, vj = refine(params, ci, cj, a_s, b_s, plan.t0_jd, plan.t0_fr)
    dr = rj - ri
    miss = np.linalg.norm(dr, axis=1)
    ok = (miss < plan.threshold_km) & (t >= 0.0) & (t <= plan.span_s) & np.isfinite(miss)
    return {"a": norad_all[rows[ci[keep][ok]]], "b": norad_all[rows[cj[keep][ok]]],
            "t": t[ok], "ra": ri[ok], "va": vi[ok], "rb": rj[ok], "vb": vj[ok],
            "n_candidates": len(ci)}


def _blocks(order: np.ndarray, size: int) -> list[np.ndarray]:
    return [order[s:s + size] for s in range(0, len(order), size)] if len(order) else []


def _plan_tasks(plan, windows, lo, hi, primary_rows, other_rows, block_size):
    """(k_lo, k_hi, rows, is_query, is_target) for every window x block pair."""
    tasks = []
    d = plan.threshold_km
    if primary_rows is None:  # all-vs-all over blocks ordered by perigee
        order = other_rows[np.argsort(lo[other_rows], kind="stable")]
        blocks = _blocks(order, block_size)
        pairs = []
        for a in range(len(blocks)):
            for b in range(a, len(blocks)):
                ba, bb = blocks[a], blocks[b]
                if a == b or _overlap(lo[ba].min(), hi[ba].max(), lo[bb].min(), hi[bb].max(), d):
                    pairs.append((a, b))
        for k_lo, k_hi in windows:
            for a, b in pairs:
                if a == b:
                    rows = blocks[a]
                    q = np.ones(len(rows), dtype=bool)
                    tasks.append((k_lo, k_hi, rows, q, q.copy()))
                else:
                    rows = np.concatenate([blocks[a], blocks[b]])
                    q = np.arange(len(rows)) < len(blocks[a])
                    tasks.append((k_lo, k_hi, rows, q, ~q))
        return tasks
    blocks = _blocks(other_rows, block_size) or [other_rows]
    for k_lo, k_hi in windows:
        for b, block in enumerate(blocks):
            rows = np.concatenate([primary_rows, block])
            q = np.arange(len(rows)) < len(primary_rows)
            target = ~q if b else np.ones(len(rows), dtype=bool)
            tasks.append((k_lo, k_hi, rows, q, target))
    return tasks


# -- the public call ----------------------------------------------------------------------------

def _span_s(hours, days, duration_s) -> float:
    given = [x for x in (hours, days, duration_s) if x is not None]
    if len(given) != 1:
        raise InputError("give exactly one of hours, days or duration_s", field="hours")
    span = float(hours) * 3600.0 if hours is not None else (
        float(days) * 86400.0 if days is not None else float(duration_s))
    if not np.isfinite(span) or span <= 0:
        raise InputError(f"the span must be positive, got {span:g} s", field="hours", value=span)
    if span > 60 * 86400.0:
        raise InputError(f"a span of {span / 86400:.0f} days is more than 60 days",
                         hint="screen at most 60 days at once", field="days")
    return span


def _latest_per_object(cat: Catalog) -> Catalog:
    """One element set per catalog number: the latest epoch."""
    epoch = cat.epoch_jd + cat.epoch_fr
    order = np.lexsort((-epoch, cat.norad_id))
    _, first = np.unique(cat.norad_id[order], return_index=True)
    if len(first) == len(cat):
        return cat
    return cat[np.sort(order[first])]


def screen_conjunctions(cat: Catalog, start, *, hours: float | None = None,
                        days: float | None = None, duration_s: float | None = None,
                        threshold_km: float = 5.0, primaries: Sequence[int] | None = None,
                        scheduler=None, step_s: float = DEFAULT_STEP_S,
                        coarse_steps: int = DEFAULT_COARSE_STEPS,
                        window_hours: float | None = None, block_size: int | None = None,
                        hard_body_radius_m: float = DEFAULT_HARD_BODY_RADIUS_M,
                        object_radius_m: dict | None = None,
                        sigma_ric_m: Sequence[float] = DEFAULT_SIGMA_RIC_M,
                        progress: Progress | None = None) -> Conjunctions:
    """Every encounter closer than ``threshold_km`` in ``[start, start + span]``.

    ``start``: ISO-8601 UTC, datetime or Skyfield Time; span from ``hours``, ``days`` or
    ``duration_s``. ``primaries``: catalog numbers screened against the whole catalog (None:
    all-vs-all). ``scheduler``: None (``$ASPAN_DASK_SCHEDULER`` or local threads), an
    address ``tcp://host:8786``, a ``distributed.Client`` or an executor. ``step_s`` and
    ``coarse_steps`` set the grid (fine step, SGP4 every ``coarse_steps`` fine steps);
    ``window_hours``/``block_size`` the work split (defaults: 3 h windows; one block
    locally, 8,000 objects on a cluster). Pc: Foster 2-D with ``sigma_ric_m`` (1-sigma
    radial, in-track, cross-track, both objects) and a combined hard-body radius: the sum of
    the two objects' radii from ``object_radius_m`` (NORAD id -> m) where both are known,
    else ``hard_body_radius_m``.
    """
    if not isinstance(cat, Catalog):
        raise InputError(f"expected a Catalog, got {type(cat).__name__}")
    threshold_km = float(threshold_km)
    if not (np.isfinite(threshold_km) and 0 < threshold_km <= 100):
        raise InputError(f"threshold {threshold_km:g} km is outside (0, 100] km",
                         field="threshold_km", value=threshold_km)
    if not (0.1 <= step_s <= 60) or int(coarse_steps) < 1 or step_s * coarse_steps > 600:
        raise InputError("step_s must be in [0.1, 60] s and step_s * coarse_steps <= 600 s",
                         field="step_s", value=step_s)
    span = _span_s(hours, days, duration_s)
    t0 = to_time(start, what="start")
    if t0.shape != ():
        raise InputError("start must be one time", field="start")
    jd, fr = split_jd_utc(t0)
    plan = Plan(float(jd[0]), float(fr[0]), span, threshold_km, float(step_s), int(coarse_steps))
    cat = _latest_per_object(cat)
    executor = get_executor(scheduler)
    try:
        events, stats, missing = _screen(cat, plan, primaries, executor, window_hours,
                                         block_size, progress)
    finally:
        if executor is not scheduler:
            executor.close()
    return _finish(cat, plan, events, stats, missing, hard_body_radius_m, object_radius_m,
                   tuple(float(s) for s in sigma_ric_m))


def _screen(cat, plan, primaries, executor, window_hours, block_size, progress):
    n = len(cat)
    params = init_params(cat) if n else np.empty((0, 1))
    lo, hi = shell_ranges(params, plan) if n else (np.empty(0), np.empty(0))
    live = lo <= hi
    missing: tuple = ()
    if primaries is not None:
        wanted = [int(p) for p in primaries]
        position = {int(k): i for i, k in enumerate(cat.norad_id)}
        missing = tuple(p for p in wanted if p not in position)
        prow = np.array(sorted({position[p] for p in wanted if p in position}), dtype=np.int64)
        prow = prow[live[prow]]
        others = np.setdiff1d(np.nonzero(live)[0], prow)
        if len(prow):  # exact radial filter: keep objects whose shell meets a primary's
            near = np.zeros(len(others), dtype=bool)
            for p in prow:
                near |= _overlap(lo[others], hi[others], lo[p], hi[p], plan.threshold_km)
            others = others[near]
    else:
        prow = None
        others = np.nonzero(live)[0]
    local = executor.name == "local"
    if window_hours is None:
        window_hours = DEFAULT_WINDOW_HOURS
    if block_size is None:
        block_size = max(n, 1) if local else DEFAULT_BLOCK_SIZE
    per_window = max(1, int(round(window_hours * 3600.0 / plan.dt_s)))
    windows = [(k, min(k + per_window, plan.n_intervals))
               for k in range(0, plan.n_intervals, per_window)]
    if prow is not None and len(prow) == 0:
        tasks = []
    else:
        tasks = _plan_tasks(plan, windows, lo, hi, prow, others, int(block_size))
    shared = (params, cat.norad_id, plan)
    results = executor.map(_run_task, tasks, shared=shared, progress=progress)
    stats = {"objects": n, "screened_objects": int(len(others) + (0 if prow is None
                                                                    else len(prow))),
             "tasks": len(tasks), "candidates": int(sum(r["n_candidates"] for r in results)),
             "executor": executor.name,
             "primary_list": None if primaries is None else np.array(wanted, dtype=np.int64)}
    return results, stats, missing


def _finish(cat, plan, results, stats, missing, hbr_m, radius_table, sigma) -> Conjunctions:
    def cat_of(key, width=None):
        parts = [r[key] for r in results]
        if parts:
            return np.concatenate(parts)
        return np.empty((0, 3) if width else 0)

    a, b, t = cat_of("a").astype(np.int64), cat_of("b").astype(np.int64), cat_of("t")
    ra, va, rb, vb = (cat_of(k, 3).reshape(-1, 3) for k in ("ra", "va", "rb", "vb"))
    primary_set = None
    if stats.get("primary_list") is not None:
        primary_set = stats["primary_list"]
    # primary: the lower catalog number, unless only the other one is a primary
    swap = a > b
    if primary_set is not None:
        pa = np.isin(a, primary_set)
        pb = np.isin(b, primary_set)
        swap = np.where(pa != pb, pb, swap)
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    s3 = swap[:, None]
    ra, rb = np.where(s3, rb, ra), np.where(s3, ra, rb)
    va, vb = np.where(s3, vb, va), np.where(s3, va, vb)
    order = np.lexsort((b, a, t))
    a, b, t, ra, va, rb, vb = (x[order] for x in (a, b, t, ra, va, rb, vb))
    if len(t) > 1:  # one minimum found from two brackets
        dup = np.zeros(len(t), dtype=bool)
        key = np.lexsort((t, b, a))
        same = (a[key][1:] == a[key][:-1]) & (b[key][1:] == b[key][:-1]) & \
            (np.diff(t[key]) < SAME_EVENT_S)
        dup[key[1:][same]] = True
        a, b, t, ra, va, rb, vb = (x[~dup] for x in (a, b, t, ra, va, rb, vb))
    dr = rb - ra
    dv = vb - va
    axes = ric_axes(ra, va) if len(t) else np.empty((0, 3, 3))
    ric = np.einsum("kij,kj->ki", axes, dr) if len(t) else np.empty((0, 3))
    hbr = np.full(len(t), float(hbr_m))
    if radius_table:
        ka = np.array([radius_table.get(int(x), np.nan) for x in a], dtype=float)
        kb = np.array([radius_table.get(int(x), np.nan) for x in b], dtype=float)
        both = np.isfinite(ka) & np.isfinite(kb)
        hbr = np.where(both, ka + kb, hbr)
    pc = probability_of_collision(ra, va, rb, vb, sigma_p_ric_m=sigma, sigma_s_ric_m=sigma,
                                  hard_body_radius_m=hbr) if len(t) else np.empty(0)
    tca_fr_raw = plan.t0_fr + t / 86400.0
    day = np.floor(tca_fr_raw)
    tca_jd = plan.t0_jd + day
    tca_fr = tca_fr_raw - day
    position = {int(k): i for i, k in enumerate(cat.norad_id)}
    ia = np.array([position[int(x)] for x in a], dtype=np.int64)
    ib = np.array([position[int(x)] for x in b], dtype=np.int64)
    age_a = (tca_jd - cat.epoch_jd[ia]) + (tca_fr - cat.epoch_fr[ia])
    age_b = (tca_jd - cat.epoch_jd[ib]) + (tca_fr - cat.epoch_fr[ib])
    stats = {k: v for k, v in stats.items() if k != "primary_list"}
    stats["events"] = int(len(t))
    return Conjunctions(a, b, tca_jd, tca_fr, np.linalg.norm(dr, axis=1),
                        np.linalg.norm(dv, axis=1), ric[:, 0], ric[:, 1], ric[:, 2], age_a,
                        age_b, pc, hbr, ra, va, rb, vb, threshold_km=plan.threshold_km,
                        sigma_ric_m=sigma, missing_primaries=missing, stats=stats)


def relative_track(cat: Catalog, primary: int, secondary: int, tca_jd: float, tca_fr: float,
                   half_width_s: float, n: int = 201):
    """Relative position (n, 3) TEME km of ``secondary`` minus ``primary`` over TCA +- the
    half width, with the seconds from TCA (n,): for plots."""
    sub = cat.select([primary, secondary])
    if len(sub) != 2:
        raise InputError(f"objects {primary} and {secondary} are not both in the catalog",
                         field="plot_event")
    params = init_params(sub)
    t = np.linspace(-half_width_s, half_width_s, n)
    rows = np.repeat(np.arange(2), n)
    r, v = states_at(params, rows, float(tca_jd), float(tca_fr), np.concatenate([t, t]))
    return t, r[n:] - r[:n], v[n:] - v[:n]
