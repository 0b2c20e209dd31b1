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

`atan2(y, x)`: C's atan2 for finite arguments, about 2 ulp: the octant reduction to
t = min/max in [0, 1], one more reduction above 0.66 to (t - 1) / (t + 1) around pi/4, and
Cephes' rational approximation x + x^3 P(x^2) / Q(x^2) (atan.c, peak relative error 2.6e-18
on |x| <= 0.66), then the octant undone with selects.
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

# Cephes atan.c: P highest degree first, Q monic
_AP0 = -8.750608600031904122785e-1
_AP1 = -1.615753718733365076637e1
_AP2 = -7.500855792314704667340e1
_AP3 = -1.228866684490136173410e2
_AP4 = -6.485021904942025371773e1
_AQ1 = 2.485846490142306297962e1
_AQ2 = 1.650270098316988542046e2
_AQ3 = 4.328810604912902668951e2
_AQ4 = 4.853903996359136964868e2
_AQ5 = 1.945506571482613964425e2
_MOREBITS = 6.123233995736765886130e-17  # pi/2 - float(pi/2)
_PIO4 = 0.78539816339744830962
_PIO2 = 1.57079632679489661923
_PI = 3.14159265358979323846

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


@njit(cache=True, inline="always", error_model="numpy")
def atan2(y, x):
    """C atan2(y, x) for finite y, x, about 2 ulp, branch-free."""
    ax = np.fabs(x)
    ay = np.fabs(y)
    swap = ay > ax
    num = ax if swap else ay
    den = ay if swap else ax
    t = num / (den if den > 0.0 else 1.0)  # in [0, 1]; 0 when x = y = 0
    mid = t > 0.66
    w = (t - 1.0) / (t + 1.0) if mid else t
    z = w * w
    px = (((_AP0 * z + _AP1) * z + _AP2) * z + _AP3) * z + _AP4
    qx = ((((z + _AQ1) * z + _AQ2) * z + _AQ3) * z + _AQ4) * z + _AQ5
    a = w * (z * px / qx) + w
    a = (_PIO4 + (a + 0.5 * _MOREBITS)) if mid else a
    a = ((_PIO2 - a) + _MOREBITS) if swap else a
    a = ((_PI - a) + 2.0 * _MOREBITS) if x < 0.0 else a
    return np.copysign(a, y)
