"""Near-earth SGP4 for one object over many times, written for SIMD across time.

For a near-earth object (period < 225 min) every quantity at a time is an elementwise function
of tsince with per-object constants (Vallado et al. 2006, AIAA 2006-6753, `sgp4`). So one
object's times run through one loop whose body has no calls and no data-dependent branches:
sine, cosine and fmod are `fastmath_trig`'s inlined ones, errors and clamps are selects,
atan2 is not needed (sin and cos of the argument of latitude follow from sinu, cosu by
normalising and rotating by the short-period correction), and Kepler's equation takes a
fixed number of masked Newton steps: a lane whose step fell below 1e-12 rad takes zero
steps afterwards and keeps the sine and cosine of its last evaluated iterate, which is what
the reference's `while` loop returns. LLVM then vectorizes the loop (AVX2: 4 times at once).

`near_lanes` returns flags: RANGE_FLAG if an angle left the range where the inlined
functions are exact, UNCONVERGED_FLAG if a lane still needed Newton steps after `nkep` of
them (the reference takes up to 10). The caller then recomputes the object another way,
so the results always equal the reference's arithmetic up to rounding.
"""

import math

import numpy as np
from numba import njit

from aspan.kernels.fastmath_trig import FMOD_MAX, SINCOS_MAX, fmod2pi, sincos
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
    P_INCLO,
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

RANGE_FLAG = 1
UNCONVERGED_FLAG = 2
KEPLER_STEPS = 5
BLOCK = 64


@njit(cache=True, inline="always", error_model="numpy")
def _kepler_step(u, axnl, aynl, eo1, s, c, act):
    """One masked Newton step of the reference's Kepler loop."""
    sn, cs = sincos(eo1)
    tem5 = 1.0 - cs * axnl - sn * aynl
    tem5 = (u - aynl * cs + axnl * sn - eo1) / tem5
    tem5 = 0.95 if tem5 >= 0.95 else tem5
    tem5 = -0.95 if tem5 <= -0.95 else tem5
    s = sn if act else s
    c = cs if act else c
    eo1 = eo1 + tem5 if act else eo1
    act = act & (math.fabs(tem5) >= 1.0e-12)
    return eo1, s, c, act


@njit(cache=True, error_model="numpy", boundscheck=False)
def near_lanes(p, tsince, r_o, v_o, e_o):
    """Near-earth SGP4 of parameter row p at tsince (n,) minutes: r_o, v_o (n, 3) km, km/s
    TEME, NaN where the error code e_o (n,) is not 0.

    Times go in blocks of BLOCK through a local (10, BLOCK) buffer: row 7 the times, rows
    0-5 r and v, row 6 the code, rows 8-9 the flags. Rows of one local array at constant distances let LLVM
    vectorize the lane loop without runtime alias checks.

    At most KEPLER_STEPS Newton steps per lane. Returns RANGE_FLAG | UNCONVERGED_FLAG bits
    (0: every lane is the reference's result up to rounding).
    """
    nan = math.nan
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
    inclo = p[P_INCLO]
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
    nok = no > 0.0

    rng = False
    unconv = False
    buf = np.empty((10, BLOCK))
    n = tsince.shape[0]
    for b0 in range(0, n, BLOCK):
        nb = min(BLOCK, n - b0)
        for j in range(nb):
            buf[7, j] = tsince[b0 + j]
        for j in range(nb):
            t = buf[7, j]
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

            # ---- long-period periodics ----
            sinargp, cosargp = sincos(argpm)
            axnl = em * cosargp
            temp = 1.0 / (am * (1.0 - em * em))
            aynl = em * sinargp + temp * aycof
            xl = mm + argpm + nodem + temp * xlcof * axnl

            # ---- Kepler's equation, masked Newton steps ----
            u = fmod2pi(xl - nodem)
            eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, u, 0.0, 0.0, True)
            eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
            eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
            eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
            eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
            # KEPLER_STEPS = 5 < 10: a lane still stepping would take more steps in the reference
            buf[8, j] = 1.0 if (act & (bad_e ^ True)) else 0.0

            # ---- short-period preliminaries ----
            ecose = axnl * coseo1 + aynl * sineo1
            esine = axnl * sineo1 - aynl * coseo1
            el2 = axnl * axnl + aynl * aynl
            pl = am * (1.0 - el2)
            rl = am * (1.0 - ecose)
            rdotl = math.sqrt(am) * esine / rl
            rvdotl = math.sqrt(pl) / rl
            betal = math.sqrt(1.0 - el2)
            temp = esine / (1.0 + betal)
            sinu = am / rl * (sineo1 - aynl - axnl * temp)
            cosu = am / rl * (coseo1 - axnl + aynl * temp)
            sin2u = (cosu + cosu) * sinu
            cos2u = 1.0 - 2.0 * sinu * sinu
            temp = 1.0 / pl
            temp1 = 0.5 * j2 * temp
            temp2 = temp1 * temp

            # ---- short-period periodics ----
            mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u
            dsu = 0.25 * temp2 * x7thm1 * sin2u  # su = atan2(sinu, cosu) - dsu
            xnode = nodem + 1.5 * temp2 * cosip * sin2u
            xinc = inclo + 1.5 * temp2 * cosip * sinip * cos2u
            mvt = rdotl - nm * temp1 * x1mth2 * sin2u / xke
            rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / xke

            # ---- orientation vectors ----
            inv = 1.0 / math.sqrt(sinu * sinu + cosu * cosu)
            su0 = sinu * inv
            cu0 = cosu * inv
            sd, cd = sincos(dsu)
            sinsu = su0 * cd - cu0 * sd
            cossu = cu0 * cd + su0 * sd
            snod, cnod = sincos(xnode)
            sini, cosi = sincos(xinc)
            xmx = -snod * cosi
            xmy = cnod * cosi
            ux = xmx * sinsu + cnod * cossu
            uy = xmy * sinsu + snod * cossu
            uz = sini * sinsu
            vx = xmx * cossu - cnod * sinsu
            vy = xmy * cossu - snod * sinsu
            vz = sini * cossu

            # error codes in the reference's order of checks
            err = 6.0 if mrt < 1.0 else 0.0
            err = 4.0 if pl < 0.0 else err
            err = 1.0 if bad_e else err
            err = err if nok else 2.0
            ok = err == 0.0
            mr = mrt * radius
            buf[0, j] = mr * ux if ok else nan
            buf[1, j] = mr * uy if ok else nan
            buf[2, j] = mr * uz if ok else nan
            buf[3, j] = vkmpersec * (mvt * ux + rvdot * vx) if ok else nan
            buf[4, j] = vkmpersec * (mvt * uy + rvdot * vy) if ok else nan
            buf[5, j] = vkmpersec * (mvt * uz + rvdot * vz) if ok else nan
            buf[6, j] = err
            big = big0 | (math.fabs(xnode) >= SINCOS_MAX)
            buf[9, j] = 1.0 if big else 0.0
        # flags as per-lane floats: boolean reductions inside the lane loop stop vectorization
        for j in range(nb):
            unconv = unconv | (buf[8, j] != 0.0)
            rng = rng | (buf[9, j] != 0.0)
            for k in range(3):
                r_o[b0 + j, k] = buf[k, j]
                v_o[b0 + j, k] = buf[3 + k, j]
            e_o[b0 + j] = buf[6, j]
    flags = 0
    if rng:
        flags |= RANGE_FLAG
    if unconv:
        flags |= UNCONVERGED_FLAG
    return flags
