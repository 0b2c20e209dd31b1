"""The event engine: crossings, extrema and intervals of vectorized functions of time.

One implementation for every event in Aspan (DESIGN.md rule 5): a satellite rising over a
station's mask, sunrise on a lunar ridge, the Earth in view, a launch pad crossing an orbital
plane. A function of time is given for many objects at once, in two forms:

* ``f_grid(t_s)``: ``t_s`` float64 ``(k,)`` seconds since the window start -> ``(n_objects, k)``
* ``f_pairs(obj, t_s)``: int64 ``(m,)`` object indices and float64 ``(m,)`` seconds -> ``(m,)``

The engine samples ``f_grid`` every ``step_s`` over ``[0, span_s]``, brackets sign changes of
``f - level`` and local extrema of the samples, and refines all brackets of all objects together
with ``f_pairs`` (bisection for crossings, golden-section search for extrema) to ``tol_s``.

**What is never missed.** A crossing is bracketed by a sign change between samples or, when the
function dips above (or below) the level and back between two samples, by the local extremum of
the samples next to it: the extremum is refined and, if it passes the level, both crossings are
bracketed on either side of it. So every interval above the level is found, however short,
provided ``f`` has at most one local extremum in any ``2 * step_s`` span; callers choose
``step_s`` from the fastest possible change (for a satellite's elevation, a fraction of the
orbital period; see ``aspan.satellites.passes``) and the tests prove it against dense sampling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aspan.errors import InputError

FGrid = Callable[[np.ndarray], np.ndarray]
FPairs = Callable[[np.ndarray, np.ndarray], np.ndarray]

_INV_PHI = (np.sqrt(5.0) - 1.0) / 2.0  # 0.618...


@dataclass(frozen=True)
class Crossings:
    """Times where ``f`` crosses ``level``: ``rising`` is True going from below to at-or-above."""

    obj: np.ndarray
    t_s: np.ndarray
    rising: np.ndarray


@dataclass(frozen=True)
class Extrema:
    """Local maxima (``is_max``) or minima of ``f`` inside the window, refined."""

    obj: np.ndarray
    t_s: np.ndarray
    value: np.ndarray
    is_max: np.ndarray


@dataclass(frozen=True)
class Intervals:
    """Spans where ``f >= level``, sorted by object then start; NaN where open at an edge."""

    obj: np.ndarray
    start_s: np.ndarray
    stop_s: np.ndarray

    def __len__(self) -> int:
        return len(self.obj)

    def durations_s(self, span_s: float) -> np.ndarray:
        """Lengths in seconds, open ends clipped to the window ``[0, span_s]``."""
        return np.nan_to_num(self.stop_s, nan=span_s) - np.nan_to_num(self.start_s, nan=0.0)


def sample_times(span_s: float, step_s: float) -> np.ndarray:
    """``0, step, 2 step, ...`` and ``span_s`` itself, float64 seconds."""
    if not (np.isfinite(span_s) and span_s >= 0):
        raise InputError(f"window length {span_s} s must be zero or positive", field="span_s")
    if not (np.isfinite(step_s) and step_s > 0):
        raise InputError(f"sampling step {step_s} s must be positive", field="step_s")
    t = np.arange(0.0, span_s, step_s)
    if t.size == 0 or t[-1] < span_s:
        t = np.append(t, span_s)
    return t


def _bisect(f_pairs: FPairs, obj, a, b, fa_positive, level, tol_s) -> np.ndarray:
    """Vectorized bisection of ``f - level`` on brackets ``[a, b]``; returns the crossing times."""
    a, b = a.copy(), b.copy()
    while obj.size:
        width = b - a
        if width.max(initial=0.0) <= tol_s:
            break
        mid = a + 0.5 * width
        positive = (f_pairs(obj, mid) - level) >= 0
        same = positive == fa_positive
        a = np.where(same, mid, a)
        b = np.where(same, b, mid)
    return 0.5 * (a + b)


def _golden(f_pairs: FPairs, obj, a, b, sign, tol_s) -> tuple[np.ndarray, np.ndarray]:
    """Vectorized golden-section search for the maximum of ``sign * f`` on ``[a, b]``."""
    a, b = a.copy(), b.copy()
    c = b - _INV_PHI * (b - a)
    d = a + _INV_PHI * (b - a)
    fc = sign * f_pairs(obj, c)
    fd = sign * f_pairs(obj, d)
    while obj.size and (b - a).max(initial=0.0) > tol_s:
        left = fc >= fd  # the maximum lies in [a, d]
        a, b = np.where(left, a, c), np.where(left, d, b)
        c_new = np.where(left, b - _INV_PHI * (b - a), d)
        d_new = np.where(left, c, a + _INV_PHI * (b - a))
        probe = np.where(left, c_new, d_new)
        fp = sign * f_pairs(obj, probe)
        fc, fd = np.where(left, fp, fd), np.where(left, fc, fp)
        c, d = c_new, d_new
    t = np.where(fc >= fd, c, d)
    return t, sign * np.maximum(fc, fd)


def _sample(f_grid: FGrid, n_objects: int, t: np.ndarray) -> np.ndarray:
    values = np.asarray(f_grid(t), dtype=np.float64)
    if values.shape != (n_objects, t.size):
        raise ValueError(f"f_grid returned shape {values.shape}, expected {(n_objects, t.size)}")
    return values


def _sample_extrema(v: np.ndarray, is_max: bool):
    """Indices (obj, i) of samples that are local maxima (minima) including one-sided edges."""
    s = v if is_max else -v
    k = s.shape[1]
    if k < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    left = np.concatenate([np.full((s.shape[0], 1), -np.inf), s[:, :-1]], axis=1)
    right = np.concatenate([s[:, 1:], np.full((s.shape[0], 1), -np.inf)], axis=1)
    peak = (s > left) & (s >= right)
    return np.nonzero(peak)


def _refine_extrema(f_pairs, t, v, obj, i, is_max, tol_s):
    k = t.size
    a = t[np.maximum(i - 1, 0)]
    b = t[np.minimum(i + 1, k - 1)]
    sign = 1.0 if is_max else -1.0
    tm, fm = _golden(f_pairs, obj, a, b, sign, tol_s)
    # never report worse than the best sample (golden search on a plateau)
    better = sign * v[obj, i] > sign * fm
    return np.where(better, t[i], tm), np.where(better, v[obj, i], fm), a, b


def find_extrema(f_grid: FGrid, f_pairs: FPairs, n_objects: int, span_s: float, step_s: float,
                 *, maxima: bool = True, tol_s: float = 0.01) -> Extrema:
    """Local maxima (or minima) of every object's ``f`` in ``[0, span_s]``, refined to ``tol_s``.

    Extrema at the window's edges (the function still rising at the end) are returned at the
    edge: callers that want only interior extrema drop ``t_s`` equal to 0 or ``span_s``.
    """
    t = sample_times(span_s, step_s)
    v = _sample(f_grid, n_objects, t)
    obj, i = _sample_extrema(v, maxima)
    tm, fm, _, _ = _refine_extrema(f_pairs, t, v, obj, i, maxima, tol_s)
    order = np.lexsort((tm, obj))
    return Extrema(obj[order].astype(np.int64), tm[order], fm[order],
                   np.full(order.size, maxima))


def find_crossings(f_grid: FGrid, f_pairs: FPairs, n_objects: int, span_s: float,
                   step_s: float, *, level: float = 0.0, tol_s: float = 0.01,
                   max_excursion: float = np.inf) -> Crossings:
    """Every time ``f`` crosses ``level`` in ``[0, span_s]``, for every object, to ``tol_s``.

    ``max_excursion``: the most ``f`` can rise above its best sample (or fall below its worst)
    between samples, if the caller can bound it (e.g. elevation rate times step); sampled extrema
    farther than that from the level are not refined. The default refines them all.
    """
    t = sample_times(span_s, step_s)
    v = _sample(f_grid, n_objects, t)
    above = (v - level) >= 0
    # 1. sign changes between neighbouring samples
    obj, i = np.nonzero(above[:, 1:] != above[:, :-1])
    a_list, b_list, obj_list, rising_list = [t[i]], [t[i + 1]], [obj], [~above[obj, i]]
    # 2. excursions between samples: a sampled maximum below the level (or minimum above it)
    for is_max in (True, False):
        eo, ei = _sample_extrema(v, is_max)
        gap = np.abs(v[eo, ei] - level)
        keep = (~above[eo, ei] if is_max else above[eo, ei]) & (gap <= max_excursion)
        eo, ei = eo[keep], ei[keep]
        if not eo.size:
            continue
        tm, fm, a, b = _refine_extrema(f_pairs, t, v, eo, ei, is_max, tol_s)
        crosses = (fm - level >= 0) if is_max else (fm - level < 0)
        eo, tm, a, b = eo[crosses], tm[crosses], a[crosses], b[crosses]
        # before the extremum f goes towards it; after, away from it
        obj_list += [eo, eo]
        a_list += [a, tm]
        b_list += [tm, b]
        rising_list += [np.full(eo.size, is_max), np.full(eo.size, not is_max)]
    obj = np.concatenate(obj_list).astype(np.int64)
    a, b = np.concatenate(a_list), np.concatenate(b_list)
    rising = np.concatenate(rising_list).astype(bool)
    # the value at ``a`` is below the level for a rising crossing, at-or-above for a setting one
    times = _bisect(f_pairs, obj, a, b, ~rising, level, tol_s)
    order = np.lexsort((times, obj))
    return Crossings(obj[order], times[order], rising[order])


def intervals_above(f_grid: FGrid, f_pairs: FPairs, n_objects: int, span_s: float,
                    step_s: float, *, level: float = 0.0, tol_s: float = 0.01,
                    max_excursion: float = np.inf) -> Intervals:
    """Spans where ``f >= level`` per object; ``start_s`` NaN if already above at 0,
    ``stop_s`` NaN if still above at ``span_s``. Never drops an interval open at an edge."""
    crossings = find_crossings(f_grid, f_pairs, n_objects, span_s, step_s, level=level,
                               tol_s=tol_s, max_excursion=max_excursion)
    above_at_start = (_sample(f_grid, n_objects, np.array([0.0]))[:, 0] - level) >= 0
    obj, t, up = crossings.obj, crossings.t_s, crossings.rising
    same_next = np.append(obj[1:] == obj[:-1], False)
    first = np.append(True, obj[1:] != obj[:-1])
    # a rising crossing opens an interval closed by the next crossing of the same object
    rise = np.flatnonzero(up)
    closes = same_next[rise] & ~np.append(up[1:], True)[rise]
    stop_of_rise = np.where(closes, np.append(t[1:], np.nan)[rise], np.nan)
    # a setting crossing with no rising before it closes an interval open at the start
    open_start = np.flatnonzero(~up & first)
    # objects above the level all the time
    crossed = np.zeros(n_objects, dtype=bool)
    crossed[obj] = True
    always = np.flatnonzero(above_at_start & ~crossed)
    out_obj = np.concatenate([obj[rise], obj[open_start], always]).astype(np.int64)
    start = np.concatenate([t[rise], np.full(open_start.size + always.size, np.nan)])
    stop = np.concatenate([stop_of_rise, t[open_start], np.full(always.size, np.nan)])
    order = np.lexsort((np.nan_to_num(start, nan=-np.inf), out_obj))
    return Intervals(out_obj[order], start[order], stop[order])
