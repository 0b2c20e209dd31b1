"""The part of SGP4 shared by the near-earth and deep-space lane loops, inlined into both.

From the mean elements at a time (after secular and, in deep space, lunar-solar terms) to
the unit vectors and radial quantities: long-period periodics, Kepler's equation with a
fixed number of masked Newton steps, short-period periodics and the orientation vectors
(Vallado et al. 2006, AIAA 2006-6753, `sgp4`). No calls and no data-dependent branches, so
LLVM vectorizes the lane loops across times.

Kepler: a lane whose Newton step fell below 1e-12 rad takes no more steps and keeps the sine
and cosine of its last evaluated iterate, which is what the reference's `while` loop returns.
After KEPLER_STEPS steps a lane still stepping is reported (`act`); the reference would take
up to 10, so the caller recomputes that time with the scalar code. Deep-space orbits (GTO,
Molniya: eccentricities near 0.7) take KEPLER_STEPS_DEEP = 10 steps, the reference's limit.

The argument of latitude is never formed: its sine and cosine follow from sinu, cosu by
normalising and rotating by the short-period correction, so atan2 is not needed.
"""

import math

from numba import njit

from aspan.kernels.fastmath_trig import fmod2pi, sincos

KEPLER_STEPS = 5  # near earth: nearly circular orbits converge in 2 to 4 steps
KEPLER_STEPS_DEEP = 10  # the reference's own limit: no lane is ever redone for Kepler
NEEDS_SCALAR = 99  # error-code placeholder for a lane the scalar code must redo
BLOCK = 64  # times per lane-loop block (the local buffer's width)


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


@njit(cache=True, inline="always", error_model="numpy")
def orbit_state(am, nm, ep, argpp, nodep, mp, xincp, sinip, cosip, aycof, xlcof, con41,
                x1mth2, x7thm1, xke, j2, kepler_steps):
    """Mean elements at a time to (mrt, pl, mvt, rvdot, ux, uy, uz, vx, vy, vz, act, xnode).

    r = mrt * u earth radii, v = (mvt * u + rvdot * v) earth radii per minute / xke units as
    the reference; pl < 0 and mrt < 1 are its error codes 4 and 6; act: Kepler unconverged
    after kepler_steps (5 or 10, a module constant) masked Newton steps; with 10, the
    reference's limit, every lane is the reference's result.
    """
    # ---- long-period periodics ----
    sinargp, cosargp = sincos(argpp)
    axnl = ep * cosargp
    temp = 1.0 / (am * (1.0 - ep * ep))
    aynl = ep * sinargp + temp * aycof
    xl = mp + argpp + nodep + temp * xlcof * axnl

    # ---- Kepler's equation, masked Newton steps ----
    u = fmod2pi(xl - nodep)
    eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, u, 0.0, 0.0, True)
    eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
    eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
    eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
    eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
    if kepler_steps == 10:
        eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
        eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
        eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
        eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)
        eo1, sineo1, coseo1, act = _kepler_step(u, axnl, aynl, eo1, sineo1, coseo1, act)

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
    xnode = nodep + 1.5 * temp2 * cosip * sin2u
    xinc = xincp + 1.5 * temp2 * cosip * sinip * cos2u
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
    return mrt, pl, mvt, rvdot, ux, uy, uz, vx, vy, vz, act, xnode


@njit(cache=True, inline="always", error_model="numpy")
def write_lane(buf, j, err, code, mrt, mvt, rvdot, ux, uy, uz, vx, vy, vz, radius, vkmpersec):
    """Lane j of a block buffer: rows 0-5 r (km) and v (km/s), NaN unless err is 0; row 6 code."""
    ok = err == 0.0
    nan = math.nan
    mr = mrt * radius
    buf[0, j] = mr * ux if ok else nan
    buf[1, j] = mr * uy if ok else nan
    buf[2, j] = mr * uz if ok else nan
    buf[3, j] = vkmpersec * (mvt * ux + rvdot * vx) if ok else nan
    buf[4, j] = vkmpersec * (mvt * uy + rvdot * vy) if ok else nan
    buf[5, j] = vkmpersec * (mvt * uz + rvdot * vz) if ok else nan
    buf[6, j] = code


@njit(cache=True, boundscheck=False)
def store_block(buf, nb, b0, r_o, v_o, e_o):
    """Copy the nb lanes of a block buffer to rows b0.. of the outputs."""
    for j in range(nb):
        for k in range(3):
            r_o[b0 + j, k] = buf[k, j]
            v_o[b0 + j, k] = buf[3 + k, j]
        e_o[b0 + j] = buf[6, j]
