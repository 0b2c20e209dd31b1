"""Rotations and look angles over (objects, times) blocks of states, in parallel loops."""

import math

import numba


@numba.njit(cache=True, parallel=True)
def rotate_states(r, v, m, w, out_r, out_v):
    """out = m[i] @ state for states (n, k, 3) and matrices (k, 3, 3); velocities also get
    -w x r (w rad/s about z): TEME to ITRS with the Earth's rotation."""
    n, k = r.shape[0], r.shape[1]
    for o in numba.prange(n):
        for i in range(k):
            for a in range(3):
                out_r[o, i, a] = m[i, a, 0] * r[o, i, 0] + m[i, a, 1] * r[o, i, 1] + m[
                    i, a, 2] * r[o, i, 2]
                out_v[o, i, a] = m[i, a, 0] * v[o, i, 0] + m[i, a, 1] * v[o, i, 1] + m[
                    i, a, 2] * v[o, i, 2]
            out_v[o, i, 0] += w * out_r[o, i, 1]
            out_v[o, i, 1] -= w * out_r[o, i, 0]


@numba.njit(cache=True, parallel=True)
def look_angles(r, site, up, el_out, rng_out):
    """Geometric elevation (deg) and range (km) of positions r (n, k, 3) from a site
    (3,) with unit zenith up (3,), all km in one frame; NaN where r is NaN."""
    n, k = r.shape[0], r.shape[1]
    for o in numba.prange(n):
        for i in range(k):
            dd = 0.0
            du = 0.0
            for c in range(3):
                x = r[o, i, c] - site[c]
                dd += x * x
                du += x * up[c]
            d = math.sqrt(dd)
            rng_out[o, i] = d
            q = min(1.0, max(-1.0, du / d))
            el_out[o, i] = math.degrees(math.asin(q))
