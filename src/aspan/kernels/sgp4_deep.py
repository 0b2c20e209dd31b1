"""SDP4 deep-space terms at a time: `dspace` (secular + resonance) and `dpper` (lunar-solar
periodics), Vallado et al. 2006, "Revisiting Spacetrack Report #3", AIAA 2006-6753.

Resonance integrator (dspace): the reference steps a fixed 720-minute Euler-Maclaurin
integrator from epoch and caches (atime, xli, xni) between calls, restarting from epoch when
the new time is nearer epoch or on the other side of it. The cache only skips steps that
would be recomputed identically, so the result is a function of tsince alone. Here the state
lives in an array `st` of RES_STATE numbers owned by one object's time loop (fresh for each
call of the array kernel), with the integrator's rates at that state: sorted times reuse it,
any other order restarts from epoch exactly as the reference does, so every time gets the
numbers of a freshly started reference Satrec.
"""

import math

from numba import njit

from aspan.kernels.fastmath_trig import atan2, fmod2pi, sincos
from aspan.kernels.sgp4_layout import (
    AFSPC,
    P_ARGPDOT,
    P_ARGPO,
    P_D2201,
    P_D2211,
    P_D3210,
    P_D3222,
    P_D4410,
    P_D4422,
    P_D5220,
    P_D5232,
    P_D5421,
    P_D5433,
    P_DEDT,
    P_DEL1,
    P_DEL2,
    P_DEL3,
    P_DIDT,
    P_DMDT,
    P_DNODT,
    P_DOMDT,
    P_E3,
    P_EE2,
    P_GSTO,
    P_IREZ,
    P_NO,
    P_OPSMODE,
    P_SE2,
    P_SE3,
    P_SGH2,
    P_SGH3,
    P_SGH4,
    P_SH2,
    P_SH3,
    P_SI2,
    P_SI3,
    P_SL2,
    P_SL3,
    P_SL4,
    P_XFACT,
    P_XGH2,
    P_XGH3,
    P_XGH4,
    P_XH2,
    P_XH3,
    P_XI2,
    P_XI3,
    P_XL2,
    P_XL3,
    P_XL4,
    P_XLAMO,
    P_ZMOL,
    P_ZMOS,
    TWOPI,
    fmod,
)

RES_STATE = 7  # length of the resonance state array: atime, xli, xni, xndt, xldot, xnddt, rates set

_FASX2 = 0.13130908
_FASX4 = 2.8843198
_FASX6 = 0.37448087
_G22 = 5.7686396
_G32 = 0.95240898
_G44 = 1.8014998
_G52 = 1.0508330
_G54 = 4.4108898
_STEPP = 720.0
_STEPN = -720.0
_STEP2 = 259200.0
RPTIM = 4.37526908801129966e-3  # earth rotation, rad/min


@njit(cache=True)
def _resonance_rates(p, irez, xli, xni, atime):
    """(xndt, xldot, xnddt) of the resonance integrator at its state (xli, xni, atime)."""
    if irez != 2:  # near-synchronous resonance terms
        xndt = (
            p[P_DEL1] * math.sin(xli - _FASX2)
            + p[P_DEL2] * math.sin(2.0 * (xli - _FASX4))
            + p[P_DEL3] * math.sin(3.0 * (xli - _FASX6))
        )
        xldot = xni + p[P_XFACT]
        xnddt = (
            p[P_DEL1] * math.cos(xli - _FASX2)
            + 2.0 * p[P_DEL2] * math.cos(2.0 * (xli - _FASX4))
            + 3.0 * p[P_DEL3] * math.cos(3.0 * (xli - _FASX6))
        )
        return xndt, xldot, xnddt * xldot
    # near-half-day resonance terms
    xomi = p[P_ARGPO] + p[P_ARGPDOT] * atime
    x2omi = xomi + xomi
    x2li = xli + xli
    xndt = (
        p[P_D2201] * math.sin(x2omi + xli - _G22)
        + p[P_D2211] * math.sin(xli - _G22)
        + p[P_D3210] * math.sin(xomi + xli - _G32)
        + p[P_D3222] * math.sin(-xomi + xli - _G32)
        + p[P_D4410] * math.sin(x2omi + x2li - _G44)
        + p[P_D4422] * math.sin(x2li - _G44)
        + p[P_D5220] * math.sin(xomi + xli - _G52)
        + p[P_D5232] * math.sin(-xomi + xli - _G52)
        + p[P_D5421] * math.sin(xomi + x2li - _G54)
        + p[P_D5433] * math.sin(-xomi + x2li - _G54)
    )
    xldot = xni + p[P_XFACT]
    xnddt = (
        p[P_D2201] * math.cos(x2omi + xli - _G22)
        + p[P_D2211] * math.cos(xli - _G22)
        + p[P_D3210] * math.cos(xomi + xli - _G32)
        + p[P_D3222] * math.cos(-xomi + xli - _G32)
        + p[P_D5220] * math.cos(xomi + xli - _G52)
        + p[P_D5232] * math.cos(-xomi + xli - _G52)
        + 2.0
        * (
            p[P_D4410] * math.cos(x2omi + x2li - _G44)
            + p[P_D4422] * math.cos(x2li - _G44)
            + p[P_D5421] * math.cos(xomi + x2li - _G54)
            + p[P_D5433] * math.cos(-xomi + x2li - _G54)
        )
    )
    return xndt, xldot, xnddt * xldot


@njit(cache=True)
def resonance_at(p, t, st):
    """The resonance integrator at t minutes: returns (xl, nm) before the node/sidereal terms.

    st (RES_STATE,) carries the integrator between calls: [atime, xli, xni] and the rates at
    that state with a flag. The rates depend on the state alone, so keeping them skips only
    recomputation of identical numbers; restarts from epoch follow the reference's rule.
    """
    irez = int(p[P_IREZ])
    atime = st[0]
    xli = st[1]
    xni = st[2]
    have_rates = st[6] != 0.0
    if atime == 0.0 or t * atime <= 0.0 or math.fabs(t) < math.fabs(atime):
        if not (have_rates and atime == 0.0):  # not already the epoch state
            atime = 0.0
            xni = p[P_NO]
            xli = p[P_XLAMO]
            have_rates = False
    if have_rates:
        xndt = st[3]
        xldot = st[4]
        xnddt = st[5]
    else:
        xndt, xldot, xnddt = _resonance_rates(p, irez, xli, xni, atime)
    delt = _STEPP if t > 0.0 else _STEPN
    while math.fabs(t - atime) >= _STEPP:
        xli = xli + xldot * delt + xndt * _STEP2
        xni = xni + xndt * delt + xnddt * _STEP2
        atime = atime + delt
        xndt, xldot, xnddt = _resonance_rates(p, irez, xli, xni, atime)
    ft = t - atime
    st[0] = atime
    st[1] = xli
    st[2] = xni
    st[3] = xndt
    st[4] = xldot
    st[5] = xnddt
    st[6] = 1.0
    nm = xni + xndt * ft + xnddt * ft * ft * 0.5
    xl = xli + xldot * ft + xndt * ft * ft * 0.5
    return xl, nm


@njit(cache=True)
def dspace(p, t, st, em, argpm, inclm, mm, nodem):
    """Deep-space secular effects and resonance at t minutes since epoch.

    st: resonance state (RES_STATE,), zeros before the first call.
    Returns (em, argpm, inclm, mm, nodem, nm).
    """
    no = p[P_NO]
    theta = fmod(p[P_GSTO] + t * RPTIM, TWOPI)
    em = em + p[P_DEDT] * t
    inclm = inclm + p[P_DIDT] * t
    argpm = argpm + p[P_DOMDT] * t
    nodem = nodem + p[P_DNODT] * t
    mm = mm + p[P_DMDT] * t
    nm = no
    irez = int(p[P_IREZ])
    if irez != 0:
        xl, nm = resonance_at(p, t, st)
        if irez != 1:
            mm = xl - 2.0 * nodem + 2.0 * theta
        else:
            mm = xl - nodem - argpm + theta
        nm = no + (nm - no)  # the reference's dndt = nm - no; nm = no + dndt
    return em, argpm, inclm, mm, nodem, nm


@njit(cache=True, inline="always")
def dpper_coefficients(p):
    """The lunar-solar coefficients of parameter row p, as the tuple `dpper` takes."""
    return (p[P_ZMOS], p[P_SE2], p[P_SE3], p[P_SI2], p[P_SI3], p[P_SL2], p[P_SL3], p[P_SL4], p[P_SGH2], p[P_SGH3], p[P_SGH4], p[P_SH2], p[P_SH3], p[P_ZMOL], p[P_EE2], p[P_E3], p[P_XI2], p[P_XI3], p[P_XL2], p[P_XL3], p[P_XL4], p[P_XGH2], p[P_XGH3], p[P_XGH4], p[P_XH2], p[P_XH3], p[P_OPSMODE])


@njit(cache=True, inline="always", error_model="numpy")
def dpper(c, t, ep, inclp, nodep, argpp, mp):
    """Lunar-solar periodics at t minutes since epoch (Vallado 2006 `dpper`, init = 'n').

    Lyddane's modification below 0.2 rad of perturbed inclination; opsmode 'a' keeps the
    node in [0, 2 pi) as the AFSPC code does. Returns (ep, inclp, nodep, argpp, mp).
    Branch-free (both forms computed, one selected) with the inlined sine, cosine, atan2 and
    fmod of `fastmath_trig`, so that it vectorizes inside the deep-space lane loop; its
    angles are far below their exact-range limits (nodep arrives reduced modulo 2 pi).
    c: the object's coefficients as `dpper_coefficients(p)` returns them (a tuple of
    numbers, not loads from the parameter row, so a lane loop keeps them in registers).
    """
    (
        zmos,
        se2,
        se3,
        si2,
        si3,
        sl2,
        sl3,
        sl4,
        sgh2,
        sgh3,
        sgh4,
        sh2,
        sh3,
        zmol,
        ee2,
        e3,
        xi2,
        xi3,
        xl2,
        xl3,
        xl4,
        xgh2,
        xgh3,
        xgh4,
        xh2,
        xh3,
        opsmode,
    ) = c
    zns = 1.19459e-5
    zes = 0.01675
    znl = 1.5835218e-4
    zel = 0.05490

    # solar
    zm = zmos + zns * t
    sinzm, _ = sincos(zm)
    zf = zm + 2.0 * zes * sinzm
    sinzf, coszf = sincos(zf)
    f2 = 0.5 * sinzf * sinzf - 0.25
    f3 = -0.5 * sinzf * coszf
    ses = se2 * f2 + se3 * f3
    sis = si2 * f2 + si3 * f3
    sls = sl2 * f2 + sl3 * f3 + sl4 * sinzf
    sghs = sgh2 * f2 + sgh3 * f3 + sgh4 * sinzf
    shs = sh2 * f2 + sh3 * f3
    # lunar
    zm = zmol + znl * t
    sinzm, _ = sincos(zm)
    zf = zm + 2.0 * zel * sinzm
    sinzf, coszf = sincos(zf)
    f2 = 0.5 * sinzf * sinzf - 0.25
    f3 = -0.5 * sinzf * coszf
    sel = ee2 * f2 + e3 * f3
    sil = xi2 * f2 + xi3 * f3
    sll = xl2 * f2 + xl3 * f3 + xl4 * sinzf
    sghl = xgh2 * f2 + xgh3 * f3 + xgh4 * sinzf
    shll = xh2 * f2 + xh3 * f3

    # the reference's peo..pho are zero
    pe = ses + sel
    pinc = sis + sil
    pl = sls + sll
    pgh = sghs + sghl
    ph = shs + shll

    inclp = inclp + pinc
    ep = ep + pe
    sinip, cosip = sincos(inclp)
    mp1 = mp + pl
    # inclination >= 0.2 rad
    phs = ph / sinip
    argp_hi = argpp + (pgh - cosip * phs)
    node_hi = nodep + phs
    # Lyddane modification
    afspc = opsmode == AFSPC
    sinop, cosop = sincos(nodep)
    alfdp = sinip * sinop + (ph * cosop + pinc * cosip * sinop)
    betdp = sinip * cosop + (-ph * sinop + pinc * cosip * cosop)
    xnoh = fmod2pi(nodep)
    xnoh = xnoh + TWOPI if (afspc & (xnoh < 0.0)) else xnoh
    xls = mp + argpp + cosip * xnoh
    dls = pl + pgh - pinc * xnoh * sinip
    xls = xls + dls
    node_lo = atan2(alfdp, betdp)
    node_lo = node_lo + TWOPI if (afspc & (node_lo < 0.0)) else node_lo
    wrap = math.fabs(xnoh - node_lo) > math.pi
    node_lo = (node_lo + TWOPI if node_lo < xnoh else node_lo - TWOPI) if wrap else node_lo
    argp_lo = xls - mp1 - cosip * node_lo
    high = inclp >= 0.2
    return ep, inclp, (node_hi if high else node_lo), (argp_hi if high else argp_lo), mp1
