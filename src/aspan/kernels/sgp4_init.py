"""SGP4/SDP4 initialisation: mean elements -> a row of propagation parameters.

Implements `sgp4init`, `initl`, `dscom` and `dsinit` of Vallado, Crawford, Hujsak & Kelso,
"Revisiting Spacetrack Report #3", AIAA 2006-6753 (2006), with the later fixes of Vallado's
reference code that python-sgp4 2.x carries (no_unkozai, opsmode 'a'/'i' sidereal time, the
removed perigee < 1 check). Angles in radians, mean motion in rad/min, distances in earth radii
inside; the parameter columns are listed in `aspan.kernels.sgp4_layout`.
"""

import math

import numpy as np
from numba import njit, prange

from aspan.kernels.sgp4_layout import (
    AFSPC,
    N_PARAMS,
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
    P_DEEP,
    P_DEL1,
    P_DEL2,
    P_DEL3,
    P_DELMO,
    P_DIDT,
    P_DMDT,
    P_DNODT,
    P_DOMDT,
    P_E3,
    P_ECCO,
    P_EE2,
    P_EPOCH_FR,
    P_EPOCH_JD,
    P_ETA,
    P_GSTO,
    P_INCLO,
    P_IREZ,
    P_ISIMP,
    P_J2,
    P_J3OJ2,
    P_MDOT,
    P_MO,
    P_NO,
    P_NODECF,
    P_NODEDOT,
    P_NODEO,
    P_OMGCOF,
    P_OPSMODE,
    P_RADIUS,
    P_SE2,
    P_SE3,
    P_SGH2,
    P_SGH3,
    P_SGH4,
    P_SH2,
    P_SH3,
    P_SI2,
    P_SI3,
    P_SINIO,
    P_SINMAO,
    P_SL2,
    P_SL3,
    P_SL4,
    P_T2COF,
    P_T3COF,
    P_T4COF,
    P_T5COF,
    P_VKMPERSEC,
    P_X1MTH2,
    P_X7THM1,
    P_XFACT,
    P_XGH2,
    P_XGH3,
    P_XGH4,
    P_XH2,
    P_XH3,
    P_XI2,
    P_XI3,
    P_XKE,
    P_XL2,
    P_XL3,
    P_XL4,
    P_XLAMO,
    P_XLCOF,
    P_XMCOF,
    P_ZMOL,
    P_ZMOS,
    TWOPI,
    WGS72OLD,
    WGS84,
    X2O3,
    fmod,
)


@njit(cache=True)
def gravity_constants(whichconst):
    """(tumin, mu km3/s2, radiusearthkm, xke 1/min, j2, j3, j4, j3oj2) of WGS72OLD/WGS72/WGS84.

    Values from Vallado et al. 2006, `getgravconst`.
    """
    if whichconst == WGS72OLD:
        mu = 398600.79964
        radius = 6378.135
        xke = 0.0743669161
        j2 = 0.001082616
        j3 = -0.00000253881
        j4 = -0.00000165597
    elif whichconst == WGS84:
        mu = 398600.5
        radius = 6378.137
        xke = 60.0 / math.sqrt(radius * radius * radius / mu)
        j2 = 0.00108262998905
        j3 = -0.00000253215306
        j4 = -0.00000161098761
    else:  # WGS72, the default of the verification
        mu = 398600.8
        radius = 6378.135
        xke = 60.0 / math.sqrt(radius * radius * radius / mu)
        j2 = 0.001082616
        j3 = -0.00000253881
        j4 = -0.00000165597
    return 1.0 / xke, mu, radius, xke, j2, j3, j4, j3 / j2


@njit(cache=True)
def gstime(jdut1):
    """Greenwich mean sidereal time, rad in [0, 2 pi), IAU-82 (Vallado 2006 `gstime`)."""
    tut1 = (jdut1 - 2451545.0) / 36525.0
    temp = (
        -6.2e-6 * tut1 * tut1 * tut1
        + 0.093104 * tut1 * tut1
        + (876600.0 * 3600 + 8640184.812866) * tut1
        + 67310.54841
    )
    temp = fmod(temp * (math.pi / 180.0) / 240.0, TWOPI)
    if temp < 0.0:
        temp += TWOPI
    return temp


@njit(cache=True)
def _gsto(epoch, opsmode):
    """Sidereal time at epoch (days since 1949 Dec 31 00:00 UT): AFSPC formula or IAU-82."""
    if opsmode == AFSPC:
        ts70 = epoch - 7305.0
        ds70 = math.floor(ts70 + 1.0e-8)
        tfrac = ts70 - ds70
        c1 = 1.72027916940703639e-2
        thgr70 = 1.7321343856509374
        fk5r = 5.07551419432269442e-15
        c1p2p = c1 + TWOPI
        g = fmod(thgr70 + c1 * ds70 + c1p2p * tfrac + ts70 * ts70 * fk5r, TWOPI)
        if g < 0.0:
            g += TWOPI
        return g
    return gstime(epoch + 2433281.5)


@njit(cache=True)
def _dscom(p, epoch, ep, argpp, inclp, nodep, np_):
    """Deep-space common terms (Vallado 2006 `dscom`) at tc = 0.

    Writes the lunar-solar periodic coefficients into row `p`; returns the solar (ss*, sz*)
    and lunar (s*, z*) terms dsinit needs, as one tuple.
    """
    zes = 0.01675
    zel = 0.05490
    c1ss = 2.9864797e-6
    c1l = 4.7968065e-7
    zsinis = 0.39785416
    zcosis = 0.91744867
    zcosgs = 0.1945905
    zsings = -0.98088458

    nm = np_
    em = ep
    snodm = math.sin(nodep)
    cnodm = math.cos(nodep)
    sinomm = math.sin(argpp)
    cosomm = math.cos(argpp)
    sinim = math.sin(inclp)
    cosim = math.cos(inclp)
    emsq = em * em
    betasq = 1.0 - emsq
    rtemsq = math.sqrt(betasq)

    day = epoch + 18261.5  # + tc / 1440 with tc = 0
    xnodce = fmod(4.5236020 - 9.2422029e-4 * day, TWOPI)
    stem = math.sin(xnodce)
    ctem = math.cos(xnodce)
    zcosil = 0.91375164 - 0.03568096 * ctem
    zsinil = math.sqrt(1.0 - zcosil * zcosil)
    zsinhl = 0.089683511 * stem / zsinil
    zcoshl = math.sqrt(1.0 - zsinhl * zsinhl)
    gam = 5.8351514 + 0.0019443680 * day
    zx = 0.39785416 * stem / zsinil
    zy = zcoshl * ctem + 0.91744867 * zsinhl * stem
    zx = math.atan2(zx, zy)
    zx = gam + zx - xnodce
    zcosgl = math.cos(zx)
    zsingl = math.sin(zx)

    # first pass: sun; second: moon
    zcosg = zcosgs
    zsing = zsings
    zcosi = zcosis
    zsini = zsinis
    zcosh = cnodm
    zsinh = snodm
    cc = c1ss
    xnoi = 1.0 / nm

    ss1 = ss2 = ss3 = ss4 = ss5 = ss6 = ss7 = 0.0
    sz1 = sz2 = sz3 = sz11 = sz12 = sz13 = sz21 = sz22 = sz23 = sz31 = sz32 = sz33 = 0.0
    s1 = s2 = s3 = s4 = s5 = s6 = s7 = 0.0
    z1 = z2 = z3 = z11 = z12 = z13 = z21 = z22 = z23 = z31 = z32 = z33 = 0.0
    for lsflg in range(1, 3):
        a1 = zcosg * zcosh + zsing * zcosi * zsinh
        a3 = -zsing * zcosh + zcosg * zcosi * zsinh
        a7 = -zcosg * zsinh + zsing * zcosi * zcosh
        a8 = zsing * zsini
        a9 = zsing * zsinh + zcosg * zcosi * zcosh
        a10 = zcosg * zsini
        a2 = cosim * a7 + sinim * a8
        a4 = cosim * a9 + sinim * a10
        a5 = -sinim * a7 + cosim * a8
        a6 = -sinim * a9 + cosim * a10

        x1 = a1 * cosomm + a2 * sinomm
        x2 = a3 * cosomm + a4 * sinomm
        x3 = -a1 * sinomm + a2 * cosomm
        x4 = -a3 * sinomm + a4 * cosomm
        x5 = a5 * sinomm
        x6 = a6 * sinomm
        x7 = a5 * cosomm
        x8 = a6 * cosomm

        z31 = 12.0 * x1 * x1 - 3.0 * x3 * x3
        z32 = 24.0 * x1 * x2 - 6.0 * x3 * x4
        z33 = 12.0 * x2 * x2 - 3.0 * x4 * x4
        z1 = 3.0 * (a1 * a1 + a2 * a2) + z31 * emsq
        z2 = 6.0 * (a1 * a3 + a2 * a4) + z32 * emsq
        z3 = 3.0 * (a3 * a3 + a4 * a4) + z33 * emsq
        z11 = -6.0 * a1 * a5 + emsq * (-24.0 * x1 * x7 - 6.0 * x3 * x5)
        z12 = -6.0 * (a1 * a6 + a3 * a5) + emsq * (
            -24.0 * (x2 * x7 + x1 * x8) - 6.0 * (x3 * x6 + x4 * x5)
        )
        z13 = -6.0 * a3 * a6 + emsq * (-24.0 * x2 * x8 - 6.0 * x4 * x6)
        z21 = 6.0 * a2 * a5 + emsq * (24.0 * x1 * x5 - 6.0 * x3 * x7)
        z22 = 6.0 * (a4 * a5 + a2 * a6) + emsq * (
            24.0 * (x2 * x5 + x1 * x6) - 6.0 * (x4 * x7 + x3 * x8)
        )
        z23 = 6.0 * a4 * a6 + emsq * (24.0 * x2 * x6 - 6.0 * x4 * x8)
        z1 = z1 + z1 + betasq * z31
        z2 = z2 + z2 + betasq * z32
        z3 = z3 + z3 + betasq * z33
        s3 = cc * xnoi
        s2 = -0.5 * s3 / rtemsq
        s4 = s3 * rtemsq
        s1 = -15.0 * em * s4
        s5 = x1 * x3 + x2 * x4
        s6 = x2 * x3 + x1 * x4
        s7 = x2 * x4 - x1 * x3

        if lsflg == 1:
            ss1 = s1
            ss2 = s2
            ss3 = s3
            ss4 = s4
            ss5 = s5
            ss6 = s6
            ss7 = s7
            sz1 = z1
            sz2 = z2
            sz3 = z3
            sz11 = z11
            sz12 = z12
            sz13 = z13
            sz21 = z21
            sz22 = z22
            sz23 = z23
            sz31 = z31
            sz32 = z32
            sz33 = z33
            zcosg = zcosgl
            zsing = zsingl
            zcosi = zcosil
            zsini = zsinil
            zcosh = zcoshl * cnodm + zsinhl * snodm
            zsinh = snodm * zcoshl - cnodm * zsinhl
            cc = c1l

    p[P_ZMOL] = fmod(4.7199672 + 0.22997150 * day - gam, TWOPI)
    p[P_ZMOS] = fmod(6.2565837 + 0.017201977 * day, TWOPI)

    # solar periodic coefficients
    p[P_SE2] = 2.0 * ss1 * ss6
    p[P_SE3] = 2.0 * ss1 * ss7
    p[P_SI2] = 2.0 * ss2 * sz12
    p[P_SI3] = 2.0 * ss2 * (sz13 - sz11)
    p[P_SL2] = -2.0 * ss3 * sz2
    p[P_SL3] = -2.0 * ss3 * (sz3 - sz1)
    p[P_SL4] = -2.0 * ss3 * (-21.0 - 9.0 * emsq) * zes
    p[P_SGH2] = 2.0 * ss4 * sz32
    p[P_SGH3] = 2.0 * ss4 * (sz33 - sz31)
    p[P_SGH4] = -18.0 * ss4 * zes
    p[P_SH2] = -2.0 * ss2 * sz22
    p[P_SH3] = -2.0 * ss2 * (sz23 - sz21)
    # lunar periodic coefficients
    p[P_EE2] = 2.0 * s1 * s6
    p[P_E3] = 2.0 * s1 * s7
    p[P_XI2] = 2.0 * s2 * z12
    p[P_XI3] = 2.0 * s2 * (z13 - z11)
    p[P_XL2] = -2.0 * s3 * z2
    p[P_XL3] = -2.0 * s3 * (z3 - z1)
    p[P_XL4] = -2.0 * s3 * (-21.0 - 9.0 * emsq) * zel
    p[P_XGH2] = 2.0 * s4 * z32
    p[P_XGH3] = 2.0 * s4 * (z33 - z31)
    p[P_XGH4] = -18.0 * s4 * zel
    p[P_XH2] = -2.0 * s2 * z22
    p[P_XH3] = -2.0 * s2 * (z23 - z21)

    return (
        sinim, cosim, emsq,
        ss1, ss2, ss3, ss4, ss5,
        sz1, sz3, sz11, sz13, sz21, sz23, sz31, sz33,
        s1, s2, s3, s4, s5,
        z1, z3, z11, z13, z21, z23, z31, z33,
    )  # fmt: skip


@njit(cache=True)
def _dsinit(p, terms, xke, gsto, eccsq, xpidot):
    """Deep-space secular rates and resonance coefficients (Vallado 2006 `dsinit`), t = 0."""
    (
        sinim, cosim, emsq,
        ss1, ss2, ss3, ss4, ss5,
        sz1, sz3, sz11, sz13, sz21, sz23, sz31, sz33,
        s1, s2, s3, s4, s5,
        z1, z3, z11, z13, z21, z23, z31, z33,
    ) = terms  # fmt: skip
    q22 = 1.7891679e-6
    q31 = 2.1460748e-6
    q33 = 2.2123015e-7
    root22 = 1.7891679e-6
    root44 = 7.3636953e-9
    root54 = 2.1765803e-9
    rptim = 4.37526908801129966e-3  # earth rotation, rad/min
    root32 = 3.7393792e-7
    root52 = 1.1428639e-7
    znl = 1.5835218e-4
    zns = 1.19459e-5

    nm = p[P_NO]
    em = p[P_ECCO]
    inclm = p[P_INCLO]
    mo = p[P_MO]
    nodeo = p[P_NODEO]
    argpo = p[P_ARGPO]
    mdot = p[P_MDOT]
    nodedot = p[P_NODEDOT]
    no = p[P_NO]

    irez = 0
    if 0.0034906585 < nm < 0.0052359877:
        irez = 1
    if 8.26e-3 <= nm <= 9.24e-3 and em >= 0.5:
        irez = 2

    # solar terms
    ses = ss1 * zns * ss5
    sis = ss2 * zns * (sz11 + sz13)
    sls = -zns * ss3 * (sz1 + sz3 - 14.0 - 6.0 * emsq)
    sghs = ss4 * zns * (sz31 + sz33 - 6.0)
    shs = -zns * ss2 * (sz21 + sz23)
    if inclm < 5.2359877e-2 or inclm > math.pi - 5.2359877e-2:
        shs = 0.0
    if sinim != 0.0:
        shs = shs / sinim
    sgs = sghs - cosim * shs

    # lunar terms
    p[P_DEDT] = ses + s1 * znl * s5
    p[P_DIDT] = sis + s2 * znl * (z11 + z13)
    dmdt = sls - znl * s3 * (z1 + z3 - 14.0 - 6.0 * emsq)
    sghl = s4 * znl * (z31 + z33 - 6.0)
    shll = -znl * s2 * (z21 + z23)
    if inclm < 5.2359877e-2 or inclm > math.pi - 5.2359877e-2:
        shll = 0.0
    domdt = sgs + sghl
    dnodt = shs
    if sinim != 0.0:
        domdt = domdt - cosim / sinim * shll
        dnodt = dnodt + shll / sinim
    p[P_DMDT] = dmdt
    p[P_DOMDT] = domdt
    p[P_DNODT] = dnodt

    theta = fmod(gsto, TWOPI)  # + tc * rptim, tc = 0
    p[P_IREZ] = irez
    if irez != 0:
        aonv = (nm / xke) ** X2O3
        if irez == 2:  # geopotential resonance for 12-hour orbits
            cosisq = cosim * cosim
            em = p[P_ECCO]
            emsq = eccsq
            eoc = em * emsq
            g201 = -0.306 - (em - 0.64) * 0.440
            if em <= 0.65:
                g211 = 3.616 - 13.2470 * em + 16.2900 * emsq
                g310 = -19.302 + 117.3900 * em - 228.4190 * emsq + 156.5910 * eoc
                g322 = -18.9068 + 109.7927 * em - 214.6334 * emsq + 146.5816 * eoc
                g410 = -41.122 + 242.6940 * em - 471.0940 * emsq + 313.9530 * eoc
                g422 = -146.407 + 841.8800 * em - 1629.014 * emsq + 1083.4350 * eoc
                g520 = -532.114 + 3017.977 * em - 5740.032 * emsq + 3708.2760 * eoc
            else:
                g211 = -72.099 + 331.819 * em - 508.738 * emsq + 266.724 * eoc
                g310 = -346.844 + 1582.851 * em - 2415.925 * emsq + 1246.113 * eoc
                g322 = -342.585 + 1554.908 * em - 2366.899 * emsq + 1215.972 * eoc
                g410 = -1052.797 + 4758.686 * em - 7193.992 * emsq + 3651.957 * eoc
                g422 = -3581.690 + 16178.110 * em - 24462.770 * emsq + 12422.520 * eoc
                if em > 0.715:
                    g520 = -5149.66 + 29936.92 * em - 54087.36 * emsq + 31324.56 * eoc
                else:
                    g520 = 1464.74 - 4664.75 * em + 3763.64 * emsq
            if em < 0.7:
                g533 = -919.22770 + 4988.6100 * em - 9064.7700 * emsq + 5542.21 * eoc
                g521 = -822.71072 + 4568.6173 * em - 8491.4146 * emsq + 5337.524 * eoc
                g532 = -853.66600 + 4690.2500 * em - 8624.7700 * emsq + 5341.4 * eoc
            else:
                g533 = -37995.780 + 161616.52 * em - 229838.20 * emsq + 109377.94 * eoc
                g521 = -51752.104 + 218913.95 * em - 309468.16 * emsq + 146349.42 * eoc
                g532 = -40023.880 + 170470.89 * em - 242699.48 * emsq + 115605.82 * eoc

            sini2 = sinim * sinim
            f220 = 0.75 * (1.0 + 2.0 * cosim + cosisq)
            f221 = 1.5 * sini2
            f321 = 1.875 * sinim * (1.0 - 2.0 * cosim - 3.0 * cosisq)
            f322 = -1.875 * sinim * (1.0 + 2.0 * cosim - 3.0 * cosisq)
            f441 = 35.0 * sini2 * f220
            f442 = 39.3750 * sini2 * sini2
            f522 = (
                9.84375
                * sinim
                * (
                    sini2 * (1.0 - 2.0 * cosim - 5.0 * cosisq)
                    + 0.33333333 * (-2.0 + 4.0 * cosim + 6.0 * cosisq)
                )
            )
            f523 = sinim * (
                4.92187512 * sini2 * (-2.0 - 4.0 * cosim + 10.0 * cosisq)
                + 6.56250012 * (1.0 + 2.0 * cosim - 3.0 * cosisq)
            )
            f542 = (
                29.53125
                * sinim
                * (2.0 - 8.0 * cosim + cosisq * (-12.0 + 8.0 * cosim + 10.0 * cosisq))
            )
            f543 = (
                29.53125
                * sinim
                * (-2.0 - 8.0 * cosim + cosisq * (12.0 + 8.0 * cosim - 10.0 * cosisq))
            )
            xno2 = nm * nm
            ainv2 = aonv * aonv
            temp1 = 3.0 * xno2 * ainv2
            temp = temp1 * root22
            p[P_D2201] = temp * f220 * g201
            p[P_D2211] = temp * f221 * g211
            temp1 = temp1 * aonv
            temp = temp1 * root32
            p[P_D3210] = temp * f321 * g310
            p[P_D3222] = temp * f322 * g322
            temp1 = temp1 * aonv
            temp = 2.0 * temp1 * root44
            p[P_D4410] = temp * f441 * g410
            p[P_D4422] = temp * f442 * g422
            temp1 = temp1 * aonv
            temp = temp1 * root52
            p[P_D5220] = temp * f522 * g520
            p[P_D5232] = temp * f523 * g532
            temp = 2.0 * temp1 * root54
            p[P_D5421] = temp * f542 * g521
            p[P_D5433] = temp * f543 * g533
            p[P_XLAMO] = fmod(mo + nodeo + nodeo - theta - theta, TWOPI)
            p[P_XFACT] = mdot + dmdt + 2.0 * (nodedot + dnodt - rptim) - no
        else:  # synchronous resonance (24 hours)
            g200 = 1.0 + emsq * (-2.5 + 0.8125 * emsq)
            g310 = 1.0 + 2.0 * emsq
            g300 = 1.0 + emsq * (-6.0 + 6.60937 * emsq)
            f220 = 0.75 * (1.0 + cosim) * (1.0 + cosim)
            f311 = 0.9375 * sinim * sinim * (1.0 + 3.0 * cosim) - 0.75 * (1.0 + cosim)
            f330 = 1.0 + cosim
            f330 = 1.875 * f330 * f330 * f330
            del1 = 3.0 * nm * nm * aonv * aonv
            p[P_DEL2] = 2.0 * del1 * f220 * g200 * q22
            p[P_DEL3] = 3.0 * del1 * f330 * g300 * q33 * aonv
            p[P_DEL1] = del1 * f311 * g310 * q31 * aonv
            p[P_XLAMO] = fmod(mo + nodeo + argpo - theta, TWOPI)
            p[P_XFACT] = mdot + xpidot - rptim + dmdt + domdt + dnodt - no


@njit(cache=True)
def init_one(
    p, epoch_jd, epoch_fr, no_kozai, ecco, inclo, nodeo, argpo, mo, bstar, whichconst, opsmode
):
    """Fill parameter row `p` (length N_PARAMS) for one object (Vallado 2006 `sgp4init`).

    The init error code (the propagation at tsince = 0) is left for the caller to fill.
    """
    tumin, mu, radius, xke, j2, j3, j4, j3oj2 = gravity_constants(whichconst)
    p[:] = 0.0
    p[P_EPOCH_JD] = epoch_jd
    p[P_EPOCH_FR] = epoch_fr
    p[P_OPSMODE] = opsmode
    p[P_XKE] = xke
    p[P_J2] = j2
    p[P_J3OJ2] = j3oj2
    p[P_RADIUS] = radius
    p[P_VKMPERSEC] = radius * xke / 60.0
    p[P_ECCO] = ecco
    p[P_INCLO] = inclo
    p[P_NODEO] = nodeo
    p[P_ARGPO] = argpo
    p[P_MO] = mo
    p[P_BSTAR] = bstar

    epoch = (epoch_jd + epoch_fr) - 2433281.5  # days since 1949 Dec 31 00:00 UT
    temp4 = 1.5e-12
    ss = 78.0 / radius + 1.0
    qzms2ttemp = (120.0 - 78.0) / radius
    qzms2t = qzms2ttemp * qzms2ttemp * qzms2ttemp * qzms2ttemp

    # ---- initl: un-Kozai the mean motion ----
    eccsq = ecco * ecco
    omeosq = 1.0 - eccsq
    rteosq = math.sqrt(omeosq)
    cosio = math.cos(inclo)
    cosio2 = cosio * cosio
    ak = (xke / no_kozai) ** X2O3
    d1 = 0.75 * j2 * (3.0 * cosio2 - 1.0) / (rteosq * omeosq)
    del_ = d1 / (ak * ak)
    adel = ak * (1.0 - del_ * del_ - del_ * (1.0 / 3.0 + 134.0 * del_ * del_ / 81.0))
    del_ = d1 / (adel * adel)
    no = no_kozai / (1.0 + del_)
    ao = (xke / no) ** X2O3
    sinio = math.sin(inclo)
    po = ao * omeosq
    con42 = 1.0 - 5.0 * cosio2
    con41 = -con42 - cosio2 - cosio2
    posq = po * po
    rp = ao * (1.0 - ecco)
    gsto = _gsto(epoch, opsmode)

    p[P_NO] = no
    p[P_AO] = ao
    p[P_SINIO] = sinio
    p[P_COSIO] = cosio
    p[P_CON41] = con41
    p[P_GSTO] = gsto

    if omeosq >= 0.0 or no >= 0.0:
        isimp = 0
        if rp < 220.0 / radius + 1.0:
            isimp = 1
        sfour = ss
        qzms24 = qzms2t
        perige = (rp - 1.0) * radius
        # for perigees below 156 km, s and qoms2t are altered
        if perige < 156.0:
            sfour = perige - 78.0
            if perige < 98.0:
                sfour = 20.0
            qzms24temp = (120.0 - sfour) / radius
            qzms24 = qzms24temp * qzms24temp * qzms24temp * qzms24temp
            sfour = sfour / radius + 1.0
        pinvsq = 1.0 / posq

        tsi = 1.0 / (ao - sfour)
        eta = ao * ecco * tsi
        etasq = eta * eta
        eeta = ecco * eta
        psisq = math.fabs(1.0 - etasq)
        coef = qzms24 * tsi**4.0
        coef1 = coef / psisq**3.5
        cc2 = (
            coef1
            * no
            * (
                ao * (1.0 + 1.5 * etasq + eeta * (4.0 + etasq))
                + 0.375 * j2 * tsi / psisq * con41 * (8.0 + 3.0 * etasq * (8.0 + etasq))
            )
        )
        cc1 = bstar * cc2
        cc3 = 0.0
        if ecco > 1.0e-4:
            cc3 = -2.0 * coef * tsi * j3oj2 * no * sinio / ecco
        x1mth2 = 1.0 - cosio2
        cc4 = (
            2.0
            * no
            * coef1
            * ao
            * omeosq
            * (
                eta * (2.0 + 0.5 * etasq)
                + ecco * (0.5 + 2.0 * etasq)
                - j2
                * tsi
                / (ao * psisq)
                * (
                    -3.0 * con41 * (1.0 - 2.0 * eeta + etasq * (1.5 - 0.5 * eeta))
                    + 0.75 * x1mth2 * (2.0 * etasq - eeta * (1.0 + etasq)) * math.cos(2.0 * argpo)
                )
            )
        )
        cc5 = 2.0 * coef1 * ao * omeosq * (1.0 + 2.75 * (etasq + eeta) + eeta * etasq)
        cosio4 = cosio2 * cosio2
        temp1 = 1.5 * j2 * pinvsq * no
        temp2 = 0.5 * temp1 * j2 * pinvsq
        temp3 = -0.46875 * j4 * pinvsq * pinvsq * no
        mdot = (
            no
            + 0.5 * temp1 * rteosq * con41
            + 0.0625 * temp2 * rteosq * (13.0 - 78.0 * cosio2 + 137.0 * cosio4)
        )
        argpdot = (
            -0.5 * temp1 * con42
            + 0.0625 * temp2 * (7.0 - 114.0 * cosio2 + 395.0 * cosio4)
            + temp3 * (3.0 - 36.0 * cosio2 + 49.0 * cosio4)
        )
        xhdot1 = -temp1 * cosio
        nodedot = (
            xhdot1
            + (0.5 * temp2 * (4.0 - 19.0 * cosio2) + 2.0 * temp3 * (3.0 - 7.0 * cosio2)) * cosio
        )
        xpidot = argpdot + nodedot
        omgcof = bstar * cc3 * math.cos(argpo)
        xmcof = 0.0
        if ecco > 1.0e-4:
            xmcof = -X2O3 * coef * bstar / eeta
        nodecf = 3.5 * omeosq * xhdot1 * cc1
        t2cof = 1.5 * cc1
        # sgp4fix for divide by zero with xinco = 180 deg
        if math.fabs(cosio + 1.0) > 1.5e-12:
            xlcof = -0.25 * j3oj2 * sinio * (3.0 + 5.0 * cosio) / (1.0 + cosio)
        else:
            xlcof = -0.25 * j3oj2 * sinio * (3.0 + 5.0 * cosio) / temp4
        aycof = -0.5 * j3oj2 * sinio
        delmotemp = 1.0 + eta * math.cos(mo)
        delmo = delmotemp * delmotemp * delmotemp
        sinmao = math.sin(mo)
        x7thm1 = 7.0 * cosio2 - 1.0

        p[P_ETA] = eta
        p[P_CC1] = cc1
        p[P_CC4] = cc4
        p[P_CC5] = cc5
        p[P_MDOT] = mdot
        p[P_ARGPDOT] = argpdot
        p[P_NODEDOT] = nodedot
        p[P_OMGCOF] = omgcof
        p[P_XMCOF] = xmcof
        p[P_NODECF] = nodecf
        p[P_T2COF] = t2cof
        p[P_XLCOF] = xlcof
        p[P_AYCOF] = aycof
        p[P_DELMO] = delmo
        p[P_SINMAO] = sinmao
        p[P_X1MTH2] = x1mth2
        p[P_X7THM1] = x7thm1

        # ---- deep space initialisation ----
        if TWOPI / no >= 225.0:
            p[P_DEEP] = 1.0
            isimp = 1
            terms = _dscom(p, epoch, ecco, argpo, inclo, nodeo, no)
            # dpper at init leaves the elements unchanged (its periodics at t = 0 are the
            # reference values peo..pho, which the reference code keeps at zero).
            _dsinit(p, terms, xke, gsto, eccsq, xpidot)

        # ---- coefficients of the non-simplified drag model ----
        if isimp != 1:
            cc1sq = cc1 * cc1
            d2 = 4.0 * ao * tsi * cc1sq
            temp = d2 * tsi * cc1 / 3.0
            d3 = (17.0 * ao + sfour) * temp
            d4 = 0.5 * temp * ao * tsi * (221.0 * ao + 31.0 * sfour) * cc1
            p[P_D2] = d2
            p[P_D3] = d3
            p[P_D4] = d4
            p[P_T3COF] = d2 + 2.0 * cc1sq
            p[P_T4COF] = 0.25 * (3.0 * d3 + cc1 * (12.0 * d2 + 10.0 * cc1sq))
            p[P_T5COF] = 0.2 * (
                3.0 * d4 + 12.0 * cc1 * d3 + 6.0 * d2 * d2 + 15.0 * cc1sq * (2.0 * d2 + cc1sq)
            )
        p[P_ISIMP] = isimp


@njit(cache=True, parallel=True)
def init_rows(
    params, epoch_jd, epoch_fr, no_kozai, ecco, inclo, nodeo, argpo, mo, bstar, whichconst, opsmode
):
    """Fill params (n, N_PARAMS) for all objects, in parallel."""
    n = params.shape[0]
    for i in prange(n):
        init_one(
            params[i],
            epoch_jd[i],
            epoch_fr[i],
            no_kozai[i],
            ecco[i],
            inclo[i],
            nodeo[i],
            argpo[i],
            mo[i],
            bstar[i],
            whichconst,
            opsmode,
        )


def new_params(n):
    """An uninitialised parameter array of n rows."""
    return np.empty((n, N_PARAMS), dtype=np.float64)
