"""The inlined sine/cosine, fmod and atan2 of the lane loops against libm (numpy)."""

import numpy as np
from numba import njit

from aspan.kernels.fastmath_trig import FMOD_MAX, SINCOS_MAX, atan2, fmod2pi, sincos
from aspan.kernels.sgp4_layout import TWOPI


@njit(cache=True)
def _apply(x, y, out):
    for i in range(x.shape[0]):
        s, c = sincos(x[i])
        out[0, i] = s
        out[1, i] = c
        out[2, i] = fmod2pi(x[i])
        out[3, i] = atan2(y[i], x[i])


def _ulps(got, want):
    return np.abs(got - want) / np.spacing(np.maximum(np.abs(want), 1e-300))


def test_against_libm_over_the_exact_ranges():
    rng = np.random.default_rng(7)
    n = 400_000
    x = rng.uniform(-1.0, 1.0, n) * 10.0 ** rng.uniform(-8.0, np.log10(SINCOS_MAX), n)
    y = rng.normal(size=n) * 10.0 ** rng.uniform(-8.0, 6.0, n)
    specials = np.array([0.0, -0.0, 1.0, -1.0, np.pi, -np.pi, TWOPI, -TWOPI, 0.5, 1e-300])
    x = np.concatenate([x, specials, specials[::-1]])
    y = np.concatenate([y, specials[::-1], specials])
    out = np.empty((4, x.size))
    _apply(x, y, out)
    # sine and cosine: absolute error within 2 ulp of 1 (the results are at most 1)
    assert np.max(np.abs(out[0] - np.sin(x))) < 4.5e-16
    assert np.max(np.abs(out[1] - np.cos(x))) < 4.5e-16
    # fmod: bit for bit but for a quotient landing within an ulp of a multiple of 2 pi
    inside = np.abs(x) < FMOD_MAX
    assert np.max(_ulps(out[2][inside], np.fmod(x, TWOPI)[inside])) <= 1.0
    # atan2: within 2 ulp everywhere, signs and quadrants exact
    want = np.arctan2(y, x)
    assert np.max(_ulps(out[3], want)) <= 2.0
    assert np.array_equal(np.signbit(out[3]), np.signbit(want))
