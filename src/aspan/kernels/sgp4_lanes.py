"""The part of SGP4 shared by the near-earth and deep-space lane loops, inlined into both.

A lane loop computes one object at a block of BLOCK times in three passes over a local
(N_ROWS, BLOCK) buffer, each a loop with no calls and no data-dependent branches that LLVM
vectorizes across times (Vallado et al. 2006, AIAA 2006-6753, `sgp4`):

1. the caller's own: secular (and in deep space lunar-solar) terms to the mean elements at
   each time, then `mean_to_block`: the long-period periodics;
2. Kepler's equation (`_kepler`);
3. the short-period periodics, the orientation vectors, the error codes and r, v.

Separate passes keep each loop body short, so the processor overlaps the long dependency
chains of consecutive times (the Newton steps above all) instead of waiting on each.

Kepler: the reference's own Newton iteration from E = u, stopping when a step is below
1e-12 rad, unrolled and masked (`_kepler`): 5 evaluations near earth, where nearly circular
orbits stop after 2 to 4, and the reference's limit of 10 in deep space (GTO, Molniya:
e = 0.7). Only the first iterates, where steps are long, pay for a full sincos; later ones
rotate the previous sine and cosine by the (short) step. A lane that would need more steps,
or took a long step where it rotates, is flagged and redone by the caller with the
scalar code.

The argument of latitude is never formed: its sine and cosine follow from sinu, cosu by
normalising and rotating by the short-period correction, so atan2 is not needed.
"""

import math

from numba import njit

from aspan.kernels.fastmath_trig import SINCOS_MAX, fmod2pi, sincos

NEEDS_SCALAR = 99  # error-code placeholder for a lane the scalar code must redo
BLOCK = 64  # times per lane-loop block (the local buffer's width)

SMALL_ANGLE = 0.05  # rad: the longest angle `rotate` takes
# Taylor coefficients of sin and cos (multiplications: a division by a constant stays one)
_S3 = -1.0 / 6.0
_S5 = 1.0 / 120.0
_S7 = -1.0 / 5040.0
_C2 = -0.5
_C4 = 1.0 / 24.0
_C6 = -1.0 / 720.0
_C8 = 1.0 / 40320.0

# rows of a block buffer, (N_ROWS, BLOCK): outputs, the times, what passes hand on
ROW_CODE = 6  # rows 0-5: r (km) and v (km/s)
ROW_T = 7
ROW_AM = 8
ROW_NM = 9
ROW_AXNL = 10
ROW_AYNL = 11
ROW_U = 12
ROW_NODEP = 13
ROW_SINIP = 14
ROW_COSIP = 15
ROW_PRE = 16
ROW_BIG = 17
ROW_SINE = 18
ROW_COSE = 19
ROW_KREDO = 20
ROW_FREE = 21  # first row a lane loop may use for its own purposes
N_ROWS = 24


@njit(cache=True, inline="always", error_model="numpy")
def rotate(s, c, d):
    """(sin(a + d), cos(a + d)) from s = sin a, c = cos a and a short angle d: Taylor series
    of sin d and cos d, exact to 1e-17 for |d| <= SMALL_ANGLE (callers check)."""
    z = d * d
    sd = d + d * z * (_S3 + z * (_S5 + z * _S7))
    cd = 1.0 + z * (_C2 + z * (_C4 + z * (_C6 + z * _C8)))
    return s * cd + c * sd, c * cd - s * sd


@njit(cache=True, inline="always", error_model="numpy")
def _newton_step(u, axnl, aynl, eo1, s, c, act, full):
    """One masked step of the reference's Newton loop at eo1, whose sine and cosine are s, c.

    Returns the next (eo1, s, c, act, far). A lane that is still stepping moves to the next
    iterate, whose sine and cosine come from a full ``sincos`` when ``full`` (a constant), else
    by `rotate` (``far`` flags a step longer than SMALL_ANGLE). A lane that stopped keeps
    the sine and cosine of its last evaluated iterate, which is what the reference's loop
    returns.
    """
    tem5 = (u - aynl * c + axnl * s - eo1) / (1.0 - c * axnl - s * aynl)
    tem5 = 0.95 if tem5 >= 0.95 else tem5
    tem5 = -0.95 if tem5 <= -0.95 else tem5
    act = act & (math.fabs(tem5) >= 1.0e-12)
    nxt = eo1 + tem5
    if full:
        sn, cs = sincos(nxt)
        far = False
    else:
        sn, cs = rotate(s, c, tem5)
        far = act & (math.fabs(tem5) > SMALL_ANGLE)
    return (nxt if act else eo1), (sn if act else s), (cs if act else c), act, far


@njit(cache=True, inline="always", error_model="numpy")
def _kepler(u, axnl, aynl, deep):
    """(sin E, cos E, redo): the reference's Kepler iteration from E = u, unrolled and masked.

    The reference evaluates sin and cos at up to 10 iterates; here the first ones (where steps
    can be long: 2 near earth, 3 in deep space) take a full sincos, the later ones angle
    addition. Near earth takes 5 evaluations, deep space all 10. ``redo``: the lane is not the
    reference's result (still stepping after 5, or an angle-addition step beyond 0.05 rad).
    """
    s, c = sincos(u)
    eo1, s, c, act, far = _newton_step(u, axnl, aynl, u, s, c, True, True)
    eo1, s, c, act, far = _newton_step(u, axnl, aynl, eo1, s, c, act, deep)
    redo = far
    eo1, s, c, act, far = _newton_step(u, axnl, aynl, eo1, s, c, act, False)
    redo = redo | far
    eo1, s, c, act, far = _newton_step(u, axnl, aynl, eo1, s, c, act, False)
    redo = redo | far
    if deep:
        for _ in range(5):
            eo1, s, c, act, far = _newton_step(u, axnl, aynl, eo1, s, c, act, False)
            redo = redo | far
        # the tenth evaluation: the reference stops here, converged or not
        act = False
    else:
        # the fifth evaluation, and a lane still stepping would need a sixth
        tem5 = (u - aynl * c + axnl * s - eo1) / (1.0 - c * axnl - s * aynl)
        act = act & (math.fabs(tem5) >= 1.0e-12)
    return s, c, redo | act


@njit(cache=True, inline="always", error_model="numpy")
def mean_to_block(buf, j, am, nm, ep, argpp, nodep, mp, sinip, cosip, aycof, xlcof, pre,
                  big):
    """Lane j of the first pass: long-period periodics of the mean elements at its time.

    Leaves in the block buffer what the Kepler and short-period passes need: am, nm, the
    long-period eccentricity vector (axnl, aynl), Kepler's mean argument u, the node and (deep
    space) the inclination with its sine and cosine; pre, the error code fixed before
    Kepler's equation (2 nm <= 0, 1 eccentricity, 3 perturbed eccentricity, else 0); big, 1.0
    where an angle left the exact range of the inlined functions.
    """
    sinargp, cosargp = sincos(argpp)
    axnl = ep * cosargp
    temp = 1.0 / (am * (1.0 - ep * ep))
    aynl = ep * sinargp + temp * aycof
    xl = mp + argpp + nodep + temp * xlcof * axnl
    buf[ROW_AM, j] = am
    buf[ROW_NM, j] = nm
    buf[ROW_AXNL, j] = axnl
    buf[ROW_AYNL, j] = aynl
    buf[ROW_U, j] = fmod2pi(xl - nodep)
    buf[ROW_NODEP, j] = nodep
    buf[ROW_SINIP, j] = sinip
    buf[ROW_COSIP, j] = cosip
    buf[ROW_PRE, j] = pre
    buf[ROW_BIG, j] = 1.0 if big else 0.0


@njit(cache=True, inline="always", error_model="numpy")
def finish_block(buf, nb, deep, xke, j2, radius, vkmpersec, sinip, cosip, con41, x1mth2,
                 x7thm1):
    """The Kepler and short-period passes over lanes 0..nb-1 of a block filled by
    `mean_to_block`: rows 0-5 r, v (km, km/s; NaN unless the code is 0), row 6 the code.

    Near earth (deep False, a constant) the inclination terms are the object's constants
    given here; in deep space they come from the buffer, per time (lunar-solar periodics).
    """
    for j in range(nb):
        s, c, redo = _kepler(buf[ROW_U, j], buf[ROW_AXNL, j], buf[ROW_AYNL, j], deep)
        buf[ROW_SINE, j] = s
        buf[ROW_COSE, j] = c
        buf[ROW_KREDO, j] = 1.0 if redo else 0.0
    for j in range(nb):
        am = buf[ROW_AM, j]
        nm = buf[ROW_NM, j]
        axnl = buf[ROW_AXNL, j]
        aynl = buf[ROW_AYNL, j]
        sineo1 = buf[ROW_SINE, j]
        coseo1 = buf[ROW_COSE, j]
        nodep = buf[ROW_NODEP, j]
        if deep:
            sinip = buf[ROW_SINIP, j]
            cosip = buf[ROW_COSIP, j]
            cosisq = cosip * cosip
            con41 = 3.0 * cosisq - 1.0
            x1mth2 = 1.0 - cosisq
            x7thm1 = 7.0 * cosisq - 1.0

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
        dxinc = 1.5 * temp2 * cosip * sinip * cos2u  # xinc = xincp + dxinc
        mvt = rdotl - nm * temp1 * x1mth2 * sin2u / xke
        rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / xke

        # ---- orientation vectors ----
        inv = 1.0 / math.sqrt(sinu * sinu + cosu * cosu)
        su0 = sinu * inv
        cu0 = cosu * inv
        # the two short-period angles are small: rotations, not sincos
        sinsu, cossu = rotate(su0, cu0, -dsu)
        snod, cnod = sincos(xnode)
        sini, cosi = rotate(sinip, cosip, dxinc)
        ux, uy, uz, vx, vy, vz = orientation(sinsu, cossu, snod, cnod, sini, cosi)

        # error codes in the reference's order of checks: those fixed before Kepler first
        pre = buf[ROW_PRE, j]
        err = 6.0 if mrt < 1.0 else 0.0
        err = 4.0 if pl < 0.0 else err
        err = pre if pre != 0.0 else err
        # a lane still stepping would take more Newton steps in the reference
        redo = (buf[ROW_BIG, j] != 0.0) | (math.fabs(xnode) >= SINCOS_MAX)
        redo = redo | (math.fabs(dsu) > SMALL_ANGLE) | (math.fabs(dxinc) > SMALL_ANGLE)
        redo = redo | ((buf[ROW_KREDO, j] != 0.0) & (pre == 0.0))
        write_lane(buf, j, err, NEEDS_SCALAR if redo else err, mrt, mvt, rvdot, ux, uy, uz,
                   vx, vy, vz, radius, vkmpersec)


@njit(cache=True, inline="always", error_model="numpy")
def orientation(sinsu, cossu, snod, cnod, sini, cosi):
    """The reference's unit vectors u (radial) and v (along track) from the sines and cosines
    of the argument of latitude, the node and the inclination: (ux, uy, uz, vx, vy, vz)."""
    xmx = -snod * cosi
    xmy = cnod * cosi
    return (xmx * sinsu + cnod * cossu, xmy * sinsu + snod * cossu, sini * sinsu,
            xmx * cossu - cnod * sinsu, xmy * cossu - snod * sinsu, sini * cossu)


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
    buf[ROW_CODE, j] = code


@njit(cache=True, boundscheck=False)
def store_block(buf, nb, b0, r_o, v_o, e_o):
    """Copy the nb lanes of a block buffer to rows b0.. of the outputs."""
    for j in range(nb):
        for k in range(3):
            r_o[b0 + j, k] = buf[k, j]
            v_o[b0 + j, k] = buf[3 + k, j]
        e_o[b0 + j] = buf[ROW_CODE, j]
