"""Conjunction screening kernels: a uniform-grid spatial hash over interpolated states.

Plain numba on float64 arrays, no units beyond the names (km, s). The caller
(``aspan.satellites.conjunctions``) derives every radius below from the threshold and bounds
on each object's speed, acceleration and interpolation error; ``docs/conjunctions.md`` gives
the argument that no encounter closer than the threshold is lost.

``screen_grid``: coarse SGP4 states ``rc, vc`` (n, m, 3) every ``q * dt_s`` seconds are
interpolated (cubic Hermite on position and velocity) to the midpoint of each fine interval
``[k dt, (k+1) dt]``; objects are hashed into cubic cells; each query object looks at the 27
cells around it. A pair is kept for interval ``k`` when

1. ``|dp| <= rho_i + rho_j`` (``rho``: half of the threshold plus the distance the object can
   travel in half a step plus its interpolation error), then
2. ``min over |tau| <= dt/2 of |dp + dv tau| <= D + pad_i + pad_j`` (linear relative motion;
   ``pad`` bounds the acceleration term ``a_max dt^2 / 8`` and interpolation errors).

``brute_force_minima``: the reference for tests: every pair at every sample, local minima of
the sampled distance under a radius.
"""

import math

import numpy as np
from numba import njit, prange

_P1 = 73856093
_P2 = 19349663
_P3 = 83492791


@njit(cache=True, inline="always")
def _key(ix, iy, iz, mask):
    return ((ix * _P1) ^ (iy * _P2) ^ (iz * _P3)) & mask


@njit(cache=True)
def hermite(r0, v0, r1, v1, h, s, out_r, out_v):
    """Cubic Hermite interpolation at fraction ``s`` of a step of ``h`` seconds (one object)."""
    s2 = s * s
    s3 = s2 * s
    h00 = 2.0 * s3 - 3.0 * s2 + 1.0
    h10 = (s3 - 2.0 * s2 + s) * h
    h01 = -2.0 * s3 + 3.0 * s2
    h11 = (s3 - s2) * h
    d00 = (6.0 * s2 - 6.0 * s) / h
    d10 = 3.0 * s2 - 4.0 * s + 1.0
    d01 = (-6.0 * s2 + 6.0 * s) / h
    d11 = 3.0 * s2 - 2.0 * s
    for c in range(3):
        out_r[c] = h00 * r0[c] + h10 * v0[c] + h01 * r1[c] + h11 * v1[c]
        out_v[c] = d00 * r0[c] + d10 * v0[c] + d01 * r1[c] + d11 * v1[c]


@njit(cache=True, parallel=True)
def hermite_grid(rc, vc, q, h, out_r, out_v):
    """Interpolate coarse states (n, m, 3) at every fine midpoint: out (n, (m-1)*q, 3)."""
    n, m = rc.shape[0], rc.shape[1]
    for i in prange(n):
        for j in range(m - 1):
            for u in range(q):
                hermite(rc[i, j], vc[i, j], rc[i, j + 1], vc[i, j + 1], h, (u + 0.5) / q,
                        out_r[i, j * q + u], out_v[i, j * q + u])


def table_size(n):
    """Hash table size: a power of two at least twice ``n``."""
    size = 1024
    while size < 2 * n:
        size *= 2
    return size


@njit(cache=True, inline="always")
def _pair_ok(pos, vel, i, o, rho, pad, threshold_km, half):
    """Stage 1 and 2 for objects i and o at one midpoint (see the module docstring)."""
    d0 = pos[o, 0] - pos[i, 0]
    d1 = pos[o, 1] - pos[i, 1]
    d2 = pos[o, 2] - pos[i, 2]
    rr = rho[i] + rho[o]
    if d0 * d0 + d1 * d1 + d2 * d2 > rr * rr:
        return False
    w0 = vel[o, 0] - vel[i, 0]
    w1 = vel[o, 1] - vel[i, 1]
    w2 = vel[o, 2] - vel[i, 2]
    ww = w0 * w0 + w1 * w1 + w2 * w2
    tau = 0.0
    if ww > 0.0:
        tau = -(d0 * w0 + d1 * w1 + d2 * w2) / ww
        tau = min(max(tau, -half), half)
    m0 = d0 + w0 * tau
    m1 = d1 + w1 * tau
    m2 = d2 + w2 * tau
    lim = threshold_km + pad[i] + pad[o]
    return m0 * m0 + m1 * m1 + m2 * m2 <= lim * lim


#: up to this many query objects, no hash: every target is tested against every query
FEW_QUERIES = 32


@njit(cache=True)
def _skip(is_query, is_target, i, o):
    """The pair (i, o) is reported from o's side (both query and target, o lower)."""
    return is_query[o] and is_target[i] and o < i


@njit(cache=True, parallel=True)
def screen_grid(rc, vc, q, dt_s, k_lo, k_hi, threshold_km, rho, pad, is_query, is_target,
                cell_km, n_chunks, cap, out_i, out_j, out_k, counts):
    """Candidate (pair, interval) triples for fine intervals ``k_lo <= k < k_hi``.

    ``rc, vc`` (n, m, 3): coarse states at ``j * q * dt_s`` seconds from the grid origin; fine
    interval ``k`` lies in coarse interval ``k // q``. ``rho, pad`` (n,): the stage-1 and
    stage-2 radii (km) above. A pair is reported once: from its query object, and when both
    objects are queries and targets, from the lower index. Chunk ``c`` writes up to ``cap``
    rows to ``out_*[c]`` and its count to ``counts[c]``; -1 when it overflowed. With at most
    ``FEW_QUERIES`` queries the hash is skipped (each target is tested against each query).
    """
    n = rc.shape[0]
    queries = np.nonzero(is_query)[0]
    n_query = queries.shape[0]
    hashed = n_query > FEW_QUERIES
    size = 1024
    while size < 2 * n:
        size *= 2
    mask = size - 1
    h = q * dt_s
    half = 0.5 * dt_s
    for c in prange(n_chunks):
        k0 = k_lo + (k_hi - k_lo) * c // n_chunks
        k1 = k_lo + (k_hi - k_lo) * (c + 1) // n_chunks
        pos = np.empty((n, 3))
        vel = np.empty((n, 3))
        cell = np.empty((n, 3), dtype=np.int64)
        key = np.empty(n, dtype=np.int64)
        valid = np.zeros(n, dtype=np.bool_)
        heads = np.zeros(size + 1, dtype=np.int64)
        fill = np.zeros(size, dtype=np.int64)
        order = np.empty(n, dtype=np.int64)
        cnt = 0
        for k in range(k0, k1):
            j = k // q
            s = ((k - j * q) + 0.5) / q
            for i in range(n):
                ok = True
                for e in range(3):
                    if not (math.isfinite(rc[i, j, e]) and math.isfinite(rc[i, j + 1, e])):
                        ok = False
                valid[i] = ok
                if ok:
                    hermite(rc[i, j], vc[i, j], rc[i, j + 1], vc[i, j + 1], h, s, pos[i],
                            vel[i])
            if not hashed:
                for o in range(n):
                    if not (valid[o] and is_target[o]):
                        continue
                    for qq in range(n_query):
                        i = queries[qq]
                        if o == i or not valid[i] or _skip(is_query, is_target, i, o):
                            continue
                        if _pair_ok(pos, vel, i, o, rho, pad, threshold_km, half):
                            if cnt < cap:
                                out_i[c, cnt] = i
                                out_j[c, cnt] = o
                                out_k[c, cnt] = k
                                cnt += 1
                            else:
                                cnt = cap + 1
                continue
            heads[:] = 0
            for i in range(n):
                if valid[i]:
                    for e in range(3):
                        cell[i, e] = np.int64(math.floor(pos[i, e] / cell_km))
                    key[i] = _key(cell[i, 0], cell[i, 1], cell[i, 2], mask)
                    heads[key[i] + 1] += 1
            for b in range(size):
                heads[b + 1] += heads[b]
                fill[b] = heads[b]
            for i in range(n):
                if valid[i]:
                    order[fill[key[i]]] = i
                    fill[key[i]] += 1
            for i in range(n):
                if not (valid[i] and is_query[i]):
                    continue
                for dx in range(-1, 2):
                    for dy in range(-1, 2):
                        for dz in range(-1, 2):
                            cx = cell[i, 0] + dx
                            cy = cell[i, 1] + dy
                            cz = cell[i, 2] + dz
                            b = _key(cx, cy, cz, mask)
                            for idx in range(heads[b], heads[b + 1]):
                                o = order[idx]
                                if o == i or not is_target[o] or _skip(is_query, is_target, i, o):
                                    continue
                                if cell[o, 0] != cx or cell[o, 1] != cy or cell[o, 2] != cz:
                                    continue
                                if not _pair_ok(pos, vel, i, o, rho, pad, threshold_km, half):
                                    continue
                                if cnt < cap:
                                    out_i[c, cnt] = i
                                    out_j[c, cnt] = o
                                    out_k[c, cnt] = k
                                    cnt += 1
                                else:
                                    cnt = cap + 1
        counts[c] = cnt if cnt <= cap else -1


@njit(cache=True)
def _tile_minima(x, y, z, i0, i1, j0, j1, lim, cap, out_j, out_t, counts):
    """Pairs i in [i0, i1), j in [j0, j1), j > i: local minima of the sampled distance."""
    nt = x.shape[0]
    ti, tj = i1 - i0, j1 - j0
    a = np.full((ti, tj), np.inf)
    b = np.full((ti, tj), np.inf)
    for t in range(nt):
        xr = x[t, j0:j1]
        yr = y[t, j0:j1]
        zr = z[t, j0:j1]
        for ii in range(ti):
            xi = x[t, i0 + ii]
            yi = y[t, i0 + ii]
            zi = z[t, i0 + ii]
            ar = a[ii]
            br = b[ii]
            hit = False
            for u in range(tj):
                d0 = xr[u] - xi
                d1 = yr[u] - yi
                d2 = zr[u] - zi
                c = d0 * d0 + d1 * d1 + d2 * d2
                bu = br[u]
                hit |= (bu < lim) & (bu < ar[u]) & (bu <= c)
                ar[u] = bu
                br[u] = c
            if hit and t >= 2:  # rare: find which pairs, from the values kept
                i = i0 + ii
                for u in range(tj):
                    j = j0 + u
                    if j <= i:
                        continue
                    dx = xr[u] - xi
                    dy = yr[u] - yi
                    dz = zr[u] - zi
                    c = dx * dx + dy * dy + dz * dz
                    bu = ar[u]  # the previous sample (already shifted)
                    # the one before it is not kept; test against the sample two back
                    if bu < lim and bu <= c and _before(x, y, z, t - 2, i, j) > bu:
                        k = counts[i]
                        if k < cap:
                            out_j[i, k] = j
                            out_t[i, k] = t - 1
                        counts[i] = k + 1


@njit(cache=True, inline="always")
def _before(x, y, z, t, i, j):
    d0 = x[t, j] - x[t, i]
    d1 = y[t, j] - y[t, i]
    d2 = z[t, j] - z[t, i]
    return d0 * d0 + d1 * d1 + d2 * d2


@njit(cache=True, parallel=True)
def brute_force_minima(x, y, z, radius_km, cap, out_j, out_t, counts):
    """Every pair (i < j) at every sample: positions ``x, y, z`` (T, n), km. Interior local
    minima of the sampled distance below ``radius_km`` (strictly below the sample before,
    not above the one after); row i of ``out_j, out_t`` (n, cap) lists them, ``counts[i]``
    their number (more than ``cap``: overflow). NaN samples make no minimum. Tiled so that a
    tile's positions and running samples stay in cache."""
    n = x.shape[1]
    lim = radius_km * radius_km
    ti = 16
    tj = 512
    n_it = (n + ti - 1) // ti
    counts[:] = 0
    for it in prange(n_it):
        i0 = it * ti
        i1 = min(n, i0 + ti)
        j0 = i0
        while j0 < n:
            j1 = min(n, j0 + tj)
            _tile_minima(x, y, z, i0, i1, j0, j1, lim, cap, out_j, out_t, counts)
            j0 = j1
