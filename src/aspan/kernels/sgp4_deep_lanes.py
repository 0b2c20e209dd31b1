"""Deep-space SDP4 for one object over many times, written for SIMD across time.

The same plan as `sgp4_near`: one lane loop over a block of times with no calls and no
data-dependent branches (Vallado et al. 2006, AIAA 2006-6753, `sgp4` with `dspace` and
`dpper`). Deep-space objects always use the simplified drag model. The secular deep-space
rates and the lunar-solar periodics (`sgp4_deep.dpper`, branch-free) are elementwise in
time; only the resonance integrator of 12- and 24-hour orbits is sequential, so it runs
first, scalar, over the block's times (cheap: its rates change only at its 720-minute
steps) and leaves (xl, nm, (xke / nm) ** (2/3)) per time for the lane loop.

Lanes whose angles leave the exact range of the inlined functions, or whose Kepler solve
needs more steps than the lanes take, get NEEDS_SCALAR and are redone by the caller.
"""

import math

import numpy as np
from numba import njit

from aspan.kernels.fastmath_trig import FMOD_MAX, SINCOS_MAX, fmod2pi, sincos
from aspan.kernels.sgp4_deep import RPTIM, dpper, dpper_coefficients, resonance_at
from aspan.kernels.sgp4_lanes import (
    BLOCK,
    N_ROWS,
    ROW_FREE,
    ROW_T,
    finish_block,
    mean_to_block,
    store_block,
)
from aspan.kernels.sgp4_layout import (
    P_AO,
    P_ARGPDOT,
    P_ARGPO,
    P_BSTAR,
    P_CC1,
    P_CC4,
    P_DEDT,
    P_DIDT,
    P_DMDT,
    P_DNODT,
    P_DOMDT,
    P_ECCO,
    P_GSTO,
    P_INCLO,
    P_IREZ,
    P_J2,
    P_J3OJ2,
    P_MDOT,
    P_MO,
    P_NO,
    P_NODECF,
    P_NODEDOT,
    P_NODEO,
    P_RADIUS,
    P_T2COF,
    P_VKMPERSEC,
    P_XKE,
    X2O3,
)

# the resonance's xl, nm and (xke / nm) ** (2/3) per time
ROW_RES_XL = ROW_FREE
ROW_RES_NM = ROW_FREE + 1
ROW_RES_AM = ROW_FREE + 2


@njit(cache=True, error_model="numpy", boundscheck=False)
def deep_lanes(p, tsince, st, r_o, v_o, e_o):
    """SDP4 of parameter row p at tsince (n,) minutes: r_o, v_o (n, 3) km, km/s TEME, NaN
    where the error code e_o (n,) is not 0; NEEDS_SCALAR marks times to redo.

    st: the resonance state (sgp4_deep.RES_STATE,), zeros for a fresh object. Times go in
    blocks of BLOCK through a local (N_ROWS, BLOCK) buffer (rows: sgp4_lanes, and the
    resonance's xl, nm and (xke / nm) ** (2/3) in ROW_RES_*).
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
    bcc4 = p[P_BSTAR] * p[P_CC4]
    t2cof = p[P_T2COF]
    ao = p[P_AO]
    ecco = p[P_ECCO]
    inclo = p[P_INCLO]
    gsto = p[P_GSTO]
    dedt = p[P_DEDT]
    didt = p[P_DIDT]
    domdt = p[P_DOMDT]
    dnodt = p[P_DNODT]
    dmdt = p[P_DMDT]
    j2 = p[P_J2]
    j3oj2 = p[P_J3OJ2]
    radius = p[P_RADIUS]
    vkmpersec = p[P_VKMPERSEC]
    irez = int(p[P_IREZ])
    res = irez != 0
    half_day = irez == 2
    dpc = dpper_coefficients(p)

    buf = np.zeros((N_ROWS, BLOCK))
    n = tsince.shape[0]
    for b0 in range(0, n, BLOCK):
        nb = min(BLOCK, n - b0)
        for j in range(nb):
            buf[ROW_T, j] = tsince[b0 + j]
        if res:
            for j in range(nb):
                xl, nmr = resonance_at(p, buf[ROW_T, j], st)
                buf[ROW_RES_XL, j] = xl
                buf[ROW_RES_NM, j] = nmr
                buf[ROW_RES_AM, j] = (xke / nmr) ** X2O3 if nmr > 0.0 else 1.0
        for j in range(nb):
            t = buf[ROW_T, j]
            # ---- secular gravity and drag (simplified model) ----
            xmdf = mo + mdot * t
            argpdf = argpo + argpdot * t
            nodedf = nodeo + nodedot * t
            t2 = t * t
            nodem = nodedf + nodecf * t2
            tempa = 1.0 - cc1 * t
            tempe = bcc4 * t
            templ = t2cof * t2
            # ---- deep-space secular terms and resonance (dspace) ----
            theta = fmod2pi(gsto + t * RPTIM)
            em = ecco + dedt * t
            inclm = inclo + didt * t
            argpm = argpdf + domdt * t
            nodem = nodem + dnodt * t
            mm = xmdf + dmdt * t
            xl = buf[ROW_RES_XL, j]
            mm_res = xl - 2.0 * nodem + 2.0 * theta if half_day else xl - nodem - argpm + theta
            mm = mm_res if res else mm
            nm = no + (buf[ROW_RES_NM, j] - no) if res else no
            nok = (nm <= 0.0) ^ True  # as the reference: only nm <= 0 is error 2
            am = (buf[ROW_RES_AM, j] if res else ao) * tempa * tempa
            nm = xke / (am * math.sqrt(am))
            em = em - tempe
            bad_e = (em >= 1.0) | (em < -0.001)
            em = 1.0e-6 if em < 1.0e-6 else em
            mm = mm + no * templ
            xlm = mm + argpm + nodem
            big = (math.fabs(nodem) >= FMOD_MAX) | (math.fabs(argpm) >= FMOD_MAX)
            big = big | (math.fabs(xlm) >= FMOD_MAX) | (math.fabs(gsto + t * RPTIM) >= FMOD_MAX)
            nodem = fmod2pi(nodem)
            argpm = fmod2pi(argpm)
            xlm = fmod2pi(xlm)
            mm = fmod2pi(xlm - argpm - nodem)

            # ---- lunar-solar periodics ----
            ep, xincp, nodep, argpp, mp = dpper(dpc, t, em, inclm, nodem, argpm, mm)
            flip = xincp < 0.0
            xincp = -xincp if flip else xincp
            nodep = nodep + math.pi if flip else nodep
            argpp = argpp - math.pi if flip else argpp
            bad_ep = (ep < 0.0) | (ep > 1.0)
            sinip, cosip = sincos(xincp)
            aycof = -0.5 * j3oj2 * sinip
            den = 1.0 + cosip if math.fabs(cosip + 1.0) > 1.5e-12 else 1.5e-12
            xlcof = -0.25 * j3oj2 * sinip * (3.0 + 5.0 * cosip) / den

            # error codes fixed before Kepler's equation, in the reference's order of checks
            pre = 3.0 if bad_ep else 0.0
            pre = 1.0 if bad_e else pre
            pre = pre if nok else 2.0
            big = big | (math.fabs(mp) >= SINCOS_MAX)
            mean_to_block(buf, j, am, nm, ep, argpp, nodep, mp, sinip, cosip, aycof, xlcof,
                          pre, big)
        finish_block(buf, nb, True, xke, j2, radius, vkmpersec, 0.0, 0.0, 0.0, 0.0, 0.0)
        store_block(buf, nb, b0, r_o, v_o, e_o)
