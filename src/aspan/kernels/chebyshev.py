"""Chebyshev series of JPL ephemerides evaluated for many times at once (numba).

JPL's lunar librations (the ``de421`` package) and SPK type-2 segments (DE421 in
``skyfield-data``) store each quantity as Chebyshev series over fixed intervals. This kernel
evaluates them for arrays of split TDB Julian dates; it replaces the per-call numpy work of
``jplephem`` on the hot paths of ``aspan.moon`` (ten years at 10-minute steps) and gives the
same numbers to rounding (tests compare with jplephem/Skyfield).
"""

from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(cache=True, parallel=True)
def chebyshev_eval(coef, init_jd, interval_days, jd_whole, jd_frac, value, rate):
    """Values and rates (per day) of Chebyshev series at split TDB dates.

    ``coef``: (n_sets, n_components, n_coef), set ``i`` covering
    ``[init_jd + i * interval_days, init_jd + (i + 1) * interval_days)``.
    ``jd_whole + jd_frac``: TDB Julian dates (n,). Out: ``value``, ``rate`` (n_components, n).
    Dates outside the sets are clamped to the first/last set (callers check ranges).
    """
    n_sets, n_comp, n_coef = coef.shape
    n = jd_whole.shape[0]
    for k in nb.prange(n):
        offset = (jd_whole[k] - init_jd) + jd_frac[k]
        i = int(np.floor(offset / interval_days))
        if i < 0:
            i = 0
        if i >= n_sets:
            i = n_sets - 1
        tc = 2.0 * (offset - i * interval_days) / interval_days - 1.0
        for c in range(n_comp):
            # Clenshaw for the value, the derivative by the recurrence of T'_j
            t_prev, t_cur = 1.0, tc
            d_prev, d_cur = 0.0, 1.0
            val = coef[i, c, 0] + coef[i, c, 1] * tc
            der = coef[i, c, 1]
            for j in range(2, n_coef):
                t_next = 2.0 * tc * t_cur - t_prev
                d_next = 2.0 * t_cur + 2.0 * tc * d_cur - d_prev
                val += coef[i, c, j] * t_next
                der += coef[i, c, j] * d_next
                t_prev, t_cur = t_cur, t_next
                d_prev, d_cur = d_cur, d_next
            value[c, k] = val
            rate[c, k] = der * 2.0 / interval_days


def evaluate(coef: np.ndarray, init_jd: float, interval_days: float, jd_whole, jd_frac):
    """``(value, rate_per_day)`` arrays (n_components, n) of ``chebyshev_eval``."""
    w = np.ascontiguousarray(np.atleast_1d(jd_whole), dtype=np.float64)
    f = np.ascontiguousarray(np.broadcast_to(np.atleast_1d(jd_frac), w.shape), dtype=np.float64)
    value = np.empty((coef.shape[1], w.size))
    rate = np.empty((coef.shape[1], w.size))
    chebyshev_eval(coef, float(init_jd), float(interval_days), w, f, value, rate)
    return value, rate
