"""SDP4 deep-space terms at a time: `dspace` (secular + resonance) and `dpper` (lunar-solar
periodics), Vallado et al. 2006, "Revisiting Spacetrack Report #3", AIAA 2006-6753.

Resonance integrator (dspace): the reference steps a fixed 720-minute Euler-Maclaurin
integrator from epoch and caches (atime, xli, xni) between calls, restarting from epoch when
the new time is nearer epoch or on the other side of it. The cache only skips steps that
would be recomputed identically, so the result is a function of tsince alone. Here the state
lives in a 3-element array `st` owned by one object's time loop (fresh for each call of the
array kernel): sorted times reuse it, any other order restarts from epoch exactly as the
reference does, so every time gets the numbers of a freshly started reference Satrec.
"""

import math

from numba import njit

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


@njit(cache=True)
def dspace(p, t, st, em, argpm, inclm, mm, nodem):
    """Deep-space secular effects and resonance at t minutes since epoch.

    st: [atime, xli, xni] integrator state (atime = 0 means not started).
    Returns (em, argpm, inclm, mm, nodem, nm).
    """
    fasx2 = 0.13130908
    fasx4 = 2.8843198
    fasx6 = 0.37448087
    g22 = 5.7686396
    g32 = 0.95240898
    g44 = 1.8014998
    g52 = 1.0508330
    g54 = 4.4108898
    rptim = 4.37526908801129966e-3
    stepp = 720.0
    stepn = -720.0
    step2 = 259200.0

    no = p[P_NO]
    irez = int(p[P_IREZ])
    dndt = 0.0
    theta = fmod(p[P_GSTO] + t * rptim, TWOPI)
    em = em + p[P_DEDT] * t
    inclm = inclm + p[P_DIDT] * t
    argpm = argpm + p[P_DOMDT] * t
    nodem = nodem + p[P_DNODT] * t
    mm = mm + p[P_DMDT] * t

    nm = no
    if irez != 0:
        atime = st[0]
        xli = st[1]
        xni = st[2]
        if atime == 0.0 or t * atime <= 0.0 or math.fabs(t) < math.fabs(atime):
            atime = 0.0
            xni = no
            xli = p[P_XLAMO]
        delt = stepp if t > 0.0 else stepn
        xfact = p[P_XFACT]
        ft = 0.0
        xndt = 0.0
        xldot = 0.0
        xnddt = 0.0
        if irez != 2:
            del1 = p[P_DEL1]
            del2 = p[P_DEL2]
            del3 = p[P_DEL3]
        else:
            argpo = p[P_ARGPO]
            argpdot = p[P_ARGPDOT]
            d2201 = p[P_D2201]
            d2211 = p[P_D2211]
            d3210 = p[P_D3210]
            d3222 = p[P_D3222]
            d4410 = p[P_D4410]
            d4422 = p[P_D4422]
            d5220 = p[P_D5220]
            d5232 = p[P_D5232]
            d5421 = p[P_D5421]
            d5433 = p[P_D5433]
        while True:
            if irez != 2:  # near-synchronous resonance terms
                xndt = (
                    del1 * math.sin(xli - fasx2)
                    + del2 * math.sin(2.0 * (xli - fasx4))
                    + del3 * math.sin(3.0 * (xli - fasx6))
                )
                xldot = xni + xfact
                xnddt = (
                    del1 * math.cos(xli - fasx2)
                    + 2.0 * del2 * math.cos(2.0 * (xli - fasx4))
                    + 3.0 * del3 * math.cos(3.0 * (xli - fasx6))
                )
                xnddt = xnddt * xldot
            else:  # near-half-day resonance terms
                xomi = argpo + argpdot * atime
                x2omi = xomi + xomi
                x2li = xli + xli
                xndt = (
                    d2201 * math.sin(x2omi + xli - g22)
                    + d2211 * math.sin(xli - g22)
                    + d3210 * math.sin(xomi + xli - g32)
                    + d3222 * math.sin(-xomi + xli - g32)
                    + d4410 * math.sin(x2omi + x2li - g44)
                    + d4422 * math.sin(x2li - g44)
                    + d5220 * math.sin(xomi + xli - g52)
                    + d5232 * math.sin(-xomi + xli - g52)
                    + d5421 * math.sin(xomi + x2li - g54)
                    + d5433 * math.sin(-xomi + x2li - g54)
                )
                xldot = xni + xfact
                xnddt = (
                    d2201 * math.cos(x2omi + xli - g22)
                    + d2211 * math.cos(xli - g22)
                    + d3210 * math.cos(xomi + xli - g32)
                    + d3222 * math.cos(-xomi + xli - g32)
                    + d5220 * math.cos(xomi + xli - g52)
                    + d5232 * math.cos(-xomi + xli - g52)
                    + 2.0
                    * (
                        d4410 * math.cos(x2omi + x2li - g44)
                        + d4422 * math.cos(x2li - g44)
                        + d5421 * math.cos(xomi + x2li - g54)
                        + d5433 * math.cos(-xomi + x2li - g54)
                    )
                )
                xnddt = xnddt * xldot
            if math.fabs(t - atime) >= stepp:
                xli = xli + xldot * delt + xndt * step2
                xni = xni + xndt * delt + xnddt * step2
                atime = atime + delt
            else:
                ft = t - atime
                break
        st[0] = atime
        st[1] = xli
        st[2] = xni
        nm = xni + xndt * ft + xnddt * ft * ft * 0.5
        xl = xli + xldot * ft + xndt * ft * ft * 0.5
        if irez != 1:
            mm = xl - 2.0 * nodem + 2.0 * theta
        else:
            mm = xl - nodem - argpm + theta
        dndt = nm - no
        nm = no + dndt
    return em, argpm, inclm, mm, nodem, nm


@njit(cache=True)
def dpper(p, t, ep, inclp, nodep, argpp, mp):
    """Lunar-solar periodics at t minutes since epoch (Vallado 2006 `dpper`, init = 'n').

    Lyddane's modification below 0.2 rad of perturbed inclination; opsmode 'a' keeps the
    node in [0, 2 pi) as the AFSPC code does. Returns (ep, inclp, nodep, argpp, mp).
    """
    zns = 1.19459e-5
    zes = 0.01675
    znl = 1.5835218e-4
    zel = 0.05490

    # solar
    zm = p[P_ZMOS] + zns * t
    zf = zm + 2.0 * zes * math.sin(zm)
    sinzf = math.sin(zf)
    f2 = 0.5 * sinzf * sinzf - 0.25
    f3 = -0.5 * sinzf * math.cos(zf)
    ses = p[P_SE2] * f2 + p[P_SE3] * f3
    sis = p[P_SI2] * f2 + p[P_SI3] * f3
    sls = p[P_SL2] * f2 + p[P_SL3] * f3 + p[P_SL4] * sinzf
    sghs = p[P_SGH2] * f2 + p[P_SGH3] * f3 + p[P_SGH4] * sinzf
    shs = p[P_SH2] * f2 + p[P_SH3] * f3
    # lunar
    zm = p[P_ZMOL] + znl * t
    zf = zm + 2.0 * zel * math.sin(zm)
    sinzf = math.sin(zf)
    f2 = 0.5 * sinzf * sinzf - 0.25
    f3 = -0.5 * sinzf * math.cos(zf)
    sel = p[P_EE2] * f2 + p[P_E3] * f3
    sil = p[P_XI2] * f2 + p[P_XI3] * f3
    sll = p[P_XL2] * f2 + p[P_XL3] * f3 + p[P_XL4] * sinzf
    sghl = p[P_XGH2] * f2 + p[P_XGH3] * f3 + p[P_XGH4] * sinzf
    shll = p[P_XH2] * f2 + p[P_XH3] * f3

    # the reference's peo..pho are zero
    pe = ses + sel
    pinc = sis + sil
    pl = sls + sll
    pgh = sghs + sghl
    ph = shs + shll

    inclp = inclp + pinc
    ep = ep + pe
    sinip = math.sin(inclp)
    cosip = math.cos(inclp)
    if inclp >= 0.2:
        ph = ph / sinip
        pgh = pgh - cosip * ph
        argpp = argpp + pgh
        nodep = nodep + ph
        mp = mp + pl
    else:
        # Lyddane modification
        afspc = p[P_OPSMODE] == AFSPC
        sinop = math.sin(nodep)
        cosop = math.cos(nodep)
        alfdp = sinip * sinop
        betdp = sinip * cosop
        dalf = ph * cosop + pinc * cosip * sinop
        dbet = -ph * sinop + pinc * cosip * cosop
        alfdp = alfdp + dalf
        betdp = betdp + dbet
        nodep = fmod(nodep, TWOPI)
        if nodep < 0.0 and afspc:
            nodep = nodep + TWOPI
        xls = mp + argpp + cosip * nodep
        dls = pl + pgh - pinc * nodep * sinip
        xls = xls + dls
        xnoh = nodep
        nodep = math.atan2(alfdp, betdp)
        if nodep < 0.0 and afspc:
            nodep = nodep + TWOPI
        if math.fabs(xnoh - nodep) > math.pi:
            if nodep < xnoh:
                nodep = nodep + TWOPI
            else:
                nodep = nodep - TWOPI
        mp = mp + pl
        argpp = xls - mp - cosip * nodep
    return ep, inclp, nodep, argpp, mp
