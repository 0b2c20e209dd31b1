"""Branch-free, inlinable sine/cosine and remainder modulo 2 pi for vectorized lane loops.

libm's sin, cos and fmod are opaque calls that stop LLVM's loop vectorizer. These are plain
arithmetic with selects, so a `for k in range(n)` loop over times that calls them becomes
AVX2 code (4 doubles per instruction).

`sincos(x)`: Cody-Waite reduction by pi/2 in three 33-bit parts (fdlibm's constants): each
k * part is exact for |k| < 2**20, so the reduced argument is exact to far below an ulp for
|x| < SINCOS_MAX = 1e6; then Cephes' minimax polynomials for sin and cos on [-pi/4, pi/4]
(about 1 ulp). Callers must check |x| < SINCOS_MAX themselves (lane loops OR a flag and
fall back to libm), since a branch to libm inside the loop would stop vectorization.

`fmod2pi(x)`: C's fmod(x, TWOPI) (sign of x). TWOPI = HI + LO with HI holding the top 32
mantissa bits, so n * HI and n * LO are exact for |n| < 2**21; x - n * HI is exact and
(x - n * HI) - n * LO is the single rounding of the exact, representable remainder: the
result equals libm's fmod bit for bit for |x| < FMOD_MAX = 1e7 (unless the quotient
estimate lands on the wrong side of a multiple of 2 pi within an ulp, then one ulp apart).
"""

import numpy as np
from numba import njit

from aspan.kernels.sgp4_layout import TWOPI

SINCOS_MAX = 1.0e6
FMOD_MAX = 1.0e7

_TWO_OVER_PI = 0.63661977236758134308
_PIO2_1 = 1.57079632673412561417e00  # first 33 bits of pi/2
_PIO2_2 = 6.07710050630396597660e-11  # next 33 bits
_PIO2_3 = 2.02226624871116645580e-21  # next 33 bits

# Cephes sin.c, |r| <= pi/4
_S0 = 1.58962301576546568060e-10
_S1 = -2.50507477628578072866e-8
_S2 = 2.75573136213857245213e-6
_S3 = -1.98412698295895385996e-4
_S4 = 8.33333333332211858878e-3
_S5 = -1.66666666666666307295e-1
_C0 = -1.13585365213876817300e-11
_C1 = 2.08757008419747316778e-9
_C2 = -2.75573141792967388112e-7
_C3 = 2.48015872888517045348e-5
_C4 = -1.38888888888730564116e-3
_C5 = 4.16666666666665929218e-2

_INV_TWOPI = 1.0 / TWOPI
_TWOPI_HI = float(
    np.array(np.float64(TWOPI).view(np.uint64) & ~np.uint64(2**21 - 1)).view(np.float64)
)
_TWOPI_LO = TWOPI - _TWOPI_HI  # exact


@njit(cache=True, inline="always", error_model="numpy")
def sincos(x):
    """(sin x, cos x), about 1 ulp, for |x| < SINCOS_MAX (callers check)."""
    k = np.floor(x * _TWO_OVER_PI + 0.5)
    r = ((x - k * _PIO2_1) - k * _PIO2_2) - k * _PIO2_3
    z = r * r
    s = r + r * z * (_S5 + z * (_S4 + z * (_S3 + z * (_S2 + z * (_S1 + z * _S0)))))
    c = 1.0 - 0.5 * z + z * z * (_C5 + z * (_C4 + z * (_C3 + z * (_C2 + z * (_C1 + z * _C0)))))
    # quadrant q = k mod 4 in {0, 1, 2, 3}, as a float, and selects
    q = k - 4.0 * np.floor(k * 0.25)
    odd = (q == 1.0) | (q == 3.0)
    sn = c if odd else s
    cs = s if odd else c
    sn = -sn if q >= 2.0 else sn
    cs = -cs if (q == 1.0) | (q == 2.0) else cs
    return sn, cs


@njit(cache=True, inline="always", error_model="numpy")
def fmod2pi(x):
    """C fmod(x, TWOPI), exact for |x| < FMOD_MAX (callers check)."""
    n = np.trunc(x * _INV_TWOPI)
    r = (x - n * _TWOPI_HI) - n * _TWOPI_LO
    # quotient estimate off by one: step back into fmod's half-open range
    pos = x >= 0.0
    neg = x < 0.0
    r = r + TWOPI if (pos & (r < 0.0)) else r
    r = r - TWOPI if (pos & (r >= TWOPI)) else r
    r = r - TWOPI if (neg & (r > 0.0)) else r
    r = r + TWOPI if (neg & (r <= -TWOPI)) else r
    return r
