"""Near-earth SGP4 for one object over many times, written for SIMD across time.

For a near-earth object (period < 225 min) every quantity at a time is an elementwise function
of tsince with per-object constants (Vallado et al. 2006, AIAA 2006-6753, `sgp4`). So one
object's times run through loops whose bodies have no calls and no data-dependent branches:
sine, cosine and fmod are `fastmath_trig`'s inlined ones, errors and clamps are selects. The
first loop, here, takes the secular terms; `sgp4_lanes` does the rest in two more passes.
LLVM vectorizes each loop (AVX2: 4 times at once).

A lane where an angle left the range in which the inlined functions are exact, or whose
Kepler solve needed more steps than the lanes take, gets the error code NEEDS_SCALAR; the
caller recomputes those times with the scalar code, so every result equals the reference's
arithmetic up to rounding.
"""

import math

import numpy as np
from numba import njit

from aspan.kernels.fastmath_trig import FMOD_MAX, SINCOS_MAX, fmod2pi, sincos
from aspan.kernels.sgp4_lanes import (
    BLOCK,
    N_ROWS,
    ROW_T,
    finish_block,
    mean_to_block,
    store_block,
)
from aspan.kernels.sgp4_layout import (
    P_AO,
    P_ARGPDOT,
    P_ARGPO,
    P_AYCOF,
    P_BSTAR,
    P_CC1,
    P_CC4,
    P_CC5,
    P_CON41,
    P_COSIO,
    P_D2,
    P_D3,
    P_D4,
    P_DELMO,
    P_ECCO,
    P_ETA,
    P_ISIMP,
    P_J2,
    P_MDOT,
    P_MO,
    P_NO,
    P_NODECF,
    P_NODEDOT,
    P_NODEO,
    P_OMGCOF,
    P_RADIUS,
    P_SINIO,
    P_SINMAO,
    P_T2COF,
    P_T3COF,
    P_T4COF,
    P_T5COF,
    P_VKMPERSEC,
    P_X1MTH2,
    P_X7THM1,
    P_XKE,
    P_XLCOF,
    P_XMCOF,
)


@njit(cache=True, error_model="numpy", boundscheck=False)
def near_lanes(p, tsince, r_o, v_o, e_o):
    """Near-earth SGP4 of parameter row p at tsince (n,) minutes: r_o, v_o (n, 3) km, km/s
    TEME, NaN where the error code e_o (n,) is not 0; NEEDS_SCALAR marks times to redo.

    Times go in blocks of BLOCK through a local (N_ROWS, BLOCK) buffer (rows: sgp4_lanes).
    Rows of one local array at constant distances let LLVM vectorize the lane loops without
    runtime alias checks.
    """
    xke = p[P_XKE]
    no = p[P_NO]
    mo = p[P_MO]
    mdot = p[P_MDOT]
    argpo = p[P_ARGPO]
    argpdot = p[P_ARGPDOT]
    nodeo = p[P_NODEO]
    nodedot = p[P_NODEDOT]
    nodecf = p[P_NODECF]
    cc1 = p[P_CC1]
    bstar = p[P_BSTAR]
    bcc4 = bstar * p[P_CC4]
    bcc5 = bstar * p[P_CC5]
    t2cof = p[P_T2COF]
    t3cof = p[P_T3COF]
    t4cof = p[P_T4COF]
    t5cof = p[P_T5COF]
    d2 = p[P_D2]
    d3 = p[P_D3]
    d4 = p[P_D4]
    omgcof = p[P_OMGCOF]
    eta = p[P_ETA]
    xmcof = p[P_XMCOF]
    delmo = p[P_DELMO]
    sinmao = p[P_SINMAO]
    ao = p[P_AO]
    ecco = p[P_ECCO]
    sinip = p[P_SINIO]
    cosip = p[P_COSIO]
    aycof = p[P_AYCOF]
    xlcof = p[P_XLCOF]
    j2 = p[P_J2]
    con41 = p[P_CON41]
    x1mth2 = p[P_X1MTH2]
    x7thm1 = p[P_X7THM1]
    radius = p[P_RADIUS]
    vkmpersec = p[P_VKMPERSEC]
    full = 1.0 if p[P_ISIMP] != 1.0 else 0.0  # the drag terms beyond the simple model
    nok = (no <= 0.0) ^ True  # as the reference: only nm <= 0 is error 2 (NaN is not)

    buf = np.empty((N_ROWS, BLOCK))
    n = tsince.shape[0]
    for b0 in range(0, n, BLOCK):
        nb = min(BLOCK, n - b0)
        for j in range(nb):
            buf[ROW_T, j] = tsince[b0 + j]
        for j in range(nb):
            t = buf[ROW_T, j]
            # ---- secular gravity and atmospheric drag ----
            xmdf = mo + mdot * t
            argpdf = argpo + argpdot * t
            nodedf = nodeo + nodedot * t
            t2 = t * t
            nodem = nodedf + nodecf * t2
            t3 = t2 * t
            t4 = t3 * t
            # isimp: omgcof, xmcof, d2..d4, t3cof..t5cof enter with weight 0
            _, cosxm = sincos(xmdf)
            delmtemp = 1.0 + eta * cosxm
            delm = xmcof * (delmtemp * delmtemp * delmtemp - delmo)
            temp = (omgcof * t + delm) * full
            mm = xmdf + temp
            argpm = argpdf - temp
            tempa = 1.0 - cc1 * t
            tempa_full = tempa - d2 * t2 - d3 * t3 - d4 * t4
            tempa = tempa_full if full != 0.0 else tempa
            sinmm, _ = sincos(mm)
            tempe = bcc4 * t
            tempe_full = tempe + bcc5 * (sinmm - sinmao)
            tempe = tempe_full if full != 0.0 else tempe
            templ = t2cof * t2
            templ_full = templ + t3cof * t3 + t4 * (t4cof + t * t5cof)
            templ = templ_full if full != 0.0 else templ

            am = ao * tempa * tempa  # (xke / no) ** (2/3) * tempa**2
            nm = xke / (am * math.sqrt(am))
            em = ecco - tempe
            bad_e = (em >= 1.0) | (em < -0.001)
            em = 1.0e-6 if em < 1.0e-6 else em
            mm = mm + no * templ
            xlm = mm + argpm + nodem
            # the inlined functions are exact only below SINCOS_MAX / FMOD_MAX
            big0 = (math.fabs(xmdf) >= SINCOS_MAX) | (math.fabs(mm) >= SINCOS_MAX)
            big0 = big0 | (math.fabs(mm - no * templ) >= SINCOS_MAX)
            big0 = big0 | (math.fabs(nodem) >= FMOD_MAX) | (math.fabs(argpm) >= FMOD_MAX)
            big0 = big0 | (math.fabs(xlm) >= FMOD_MAX)
            nodem = fmod2pi(nodem)
            argpm = fmod2pi(argpm)
            xlm = fmod2pi(xlm)
            mm = fmod2pi(xlm - argpm - nodem)

            pre = 1.0 if bad_e else 0.0
            mean_to_block(buf, j, am, nm, em, argpm, nodem, mm, sinip, cosip, aycof, xlcof,
                          pre if nok else 2.0, big0)
        finish_block(buf, nb, False, xke, j2, radius, vkmpersec, sinip, cosip, con41, x1mth2,
                     x7thm1)
        store_block(buf, nb, b0, r_o, v_o, e_o)
