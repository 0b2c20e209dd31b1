"""Cubic Hermite interpolation of sampled satellite states, for many objects and times at once.

States ``r_km``, ``v_km_s`` (n_objects, n_grid, 3) on a shared grid of seconds; each query j
asks object ``obj[j]`` at ``t[j]`` seconds. Positions use the Hermite basis on the two
bracketing samples (value and derivative), velocities its derivative; `hermite_elevation`
gives the geometric elevation (deg) of the interpolated position seen from one site.
"""

import math

import numba


@numba.njit(cache=True, inline="always")
def interval(grid, t):
    k = grid.size
    lo, hi = 0, k - 1
    while hi - lo > 1:  # grid[lo] <= t < grid[hi] (clamped to the first/last interval)
        mid = (lo + hi) // 2
        if grid[mid] <= t:
            lo = mid
        else:
            hi = mid
    return lo


@numba.njit(cache=True, inline="always")
def basis(grid, t):
    """(i, h, s, s^2, a0..a3): the bracketing interval i of t, its length h, the fraction s
    of it, and the Hermite weights of (r_i, v_i, r_i+1, v_i+1) for the position at t."""
    i = interval(grid, t)
    h = grid[i + 1] - grid[i]
    s = (t - grid[i]) / h
    s2 = s * s
    s3 = s2 * s
    return (i, h, s, s2, 2 * s3 - 3 * s2 + 1, (s3 - 2 * s2 + s) * h, -2 * s3 + 3 * s2,
            (s3 - s2) * h)


@numba.njit(cache=True, parallel=True)
def hermite_states(grid, r_km, v_km_s, obj, t, r_out, v_out):
    for j in numba.prange(t.size):
        i, h, s, s2, a0, a1, a2, a3 = basis(grid, t[j])
        o = obj[j]
        b0, b1 = (6 * s2 - 6 * s) / h, 3 * s2 - 4 * s + 1
        b2, b3 = (-6 * s2 + 6 * s) / h, 3 * s2 - 2 * s
        for c in range(3):
            p0, p1 = r_km[o, i, c], r_km[o, i + 1, c]
            m0, m1 = v_km_s[o, i, c], v_km_s[o, i + 1, c]
            r_out[j, c] = a0 * p0 + a1 * m0 + a2 * p1 + a3 * m1
            v_out[j, c] = b0 * p0 + b1 * m0 + b2 * p1 + b3 * m1


@numba.njit(cache=True, parallel=True)
def hermite_elevation(grid, r_km, v_km_s, obj, t, site, up, out):
    for j in numba.prange(t.size):
        i, _, _, _, a0, a1, a2, a3 = basis(grid, t[j])
        o = obj[j]
        dd = 0.0
        du = 0.0
        for c in range(3):
            x = (a0 * r_km[o, i, c] + a1 * v_km_s[o, i, c] + a2 * r_km[o, i + 1, c]
                 + a3 * v_km_s[o, i + 1, c]) - site[c]
            dd += x * x
            du += x * up[c]
        q = du / math.sqrt(dd)
        q = min(1.0, max(-1.0, q))
        out[j] = math.degrees(math.asin(q))
