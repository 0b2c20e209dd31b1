"""SGP4/SDP4 over arrays of objects and times, in numba.

The model of Vallado, Crawford, Hujsak & Kelso, "Revisiting Spacetrack Report #3",
AIAA 2006-6753 (2006): near-earth SGP4 and deep-space SDP4 (lunar-solar periodics, secular
terms, 12- and 24-hour resonances). Verified against the report's `tcppver.out` vectors and
python-sgp4's `SatrecArray` (tests/kernels/test_sgp4_verification.py).

    params = sgp4_init(epoch_jd, epoch_fr, no_kozai_rad_min, ecco, inclo_rad, nodeo_rad,
                       argpo_rad, mo_rad, bstar, ndot, nddot, whichconst=WGS72, opsmode=IMPROVED)
    sgp4_propagate(params, jd_whole, jd_frac, r_out, v_out, err_out)
    sgp4_propagate_tsince(params, tsince_min, r_out, v_out, err_out)

Outputs: r_out, v_out float64 (n_objects, n_times, 3), km and km/s in TEME; err_out
(n_objects, n_times) integer codes as python-sgp4: 0 ok, 1 mean eccentricity out of
[-0.001, 1), 2 mean motion < 0, 3 perturbed eccentricity out of [0, 1], 4 semi-latus
rectum < 0, 6 decayed (radius < 1 earth radius). r and v are NaN where the code is not 0.
ndot and nddot (rad/min^2, rad/min^3) are accepted for interface parity; SGP4 ignores them.
For deep-space resonance the result depends on tsince only (see `sgp4_deep`).
"""

import math

import numpy as np
from numba import njit, parallel_chunksize, prange

from aspan.kernels.sgp4_deep import RES_STATE, dpper, dpper_coefficients, dspace
from aspan.kernels.sgp4_deep_lanes import deep_lanes
from aspan.kernels.sgp4_init import init_rows, new_params
from aspan.kernels.sgp4_lanes import NEEDS_SCALAR, orientation
from aspan.kernels.sgp4_layout import (
    AFSPC,
    IMPROVED,
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
    P_DEEP,
    P_DELMO,
    P_ECCO,
    P_EPOCH_FR,
    P_EPOCH_JD,
    P_ETA,
    P_INCLO,
    P_INIT_ERR,
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
    TWOPI,
    WGS72,
    WGS72OLD,
    WGS84,
    X2O3,
    fmod,
)
from aspan.kernels.sgp4_near import near_lanes

__all__ = [
    "AFSPC",
    "IMPROVED",
    "N_PARAMS",
    "P_EPOCH_FR",
    "P_EPOCH_JD",
    "P_INIT_ERR",
    "WGS72",
    "WGS72OLD",
    "WGS84",
    "sgp4_init",
    "sgp4_propagate",
    "sgp4_propagate_tsince",
]

MINUTES_PER_DAY = 1440.0


@njit(cache=True, error_model="numpy")
def _sgp4_at(p, t, st, r, v):
    """Propagate one object (parameter row p) to t minutes since epoch.

    Writes r (km) and v (km/s) TEME into the 3-vectors r and v; returns the error code.
    st is the deep-space resonance integrator state (RES_STATE,), see sgp4_deep.
    """
    xke = p[P_XKE]
    no = p[P_NO]
    deep = p[P_DEEP] != 0.0

    # ---- secular gravity and atmospheric drag ----
    xmdf = p[P_MO] + p[P_MDOT] * t
    argpdf = p[P_ARGPO] + p[P_ARGPDOT] * t
    nodedf = p[P_NODEO] + p[P_NODEDOT] * t
    argpm = argpdf
    mm = xmdf
    t2 = t * t
    nodem = nodedf + p[P_NODECF] * t2
    cc1 = p[P_CC1]
    tempa = 1.0 - cc1 * t
    tempe = p[P_BSTAR] * p[P_CC4] * t
    templ = p[P_T2COF] * t2

    if p[P_ISIMP] != 1.0:
        delomg = p[P_OMGCOF] * t
        delmtemp = 1.0 + p[P_ETA] * math.cos(xmdf)
        delm = p[P_XMCOF] * (delmtemp * delmtemp * delmtemp - p[P_DELMO])
        temp = delomg + delm
        mm = xmdf + temp
        argpm = argpdf - temp
        t3 = t2 * t
        t4 = t3 * t
        tempa = tempa - p[P_D2] * t2 - p[P_D3] * t3 - p[P_D4] * t4
        tempe = tempe + p[P_BSTAR] * p[P_CC5] * (math.sin(mm) - p[P_SINMAO])
        templ = templ + p[P_T3COF] * t3 + t4 * (p[P_T4COF] + t * p[P_T5COF])

    nm = no
    em = p[P_ECCO]
    inclm = p[P_INCLO]
    if deep:
        em, argpm, inclm, mm, nodem, nm = dspace(p, t, st, em, argpm, inclm, mm, nodem)
        if nm <= 0.0:
            return 2
        am = (xke / nm) ** X2O3 * tempa * tempa
    else:
        if nm <= 0.0:
            return 2
        am = p[P_AO] * tempa * tempa  # (xke / no) ** (2/3), hoisted
    nm = xke / am**1.5
    em = em - tempe

    if em >= 1.0 or em < -0.001:
        return 1
    if em < 1.0e-6:
        em = 1.0e-6
    mm = mm + no * templ
    xlm = mm + argpm + nodem
    nodem = fmod(nodem, TWOPI)
    argpm = fmod(argpm, TWOPI)
    xlm = fmod(xlm, TWOPI)
    mm = fmod(xlm - argpm - nodem, TWOPI)

    # ---- lunar-solar periodics ----
    ep = em
    xincp = inclm
    argpp = argpm
    nodep = nodem
    mp = mm
    if deep:
        ep, xincp, nodep, argpp, mp = dpper(dpper_coefficients(p), t, ep, xincp, nodep, argpp, mp)
        if xincp < 0.0:
            xincp = -xincp
            nodep = nodep + math.pi
            argpp = argpp - math.pi
        if ep < 0.0 or ep > 1.0:
            return 3
        sinip = math.sin(xincp)
        cosip = math.cos(xincp)
        j3oj2 = p[P_J3OJ2]
        aycof = -0.5 * j3oj2 * sinip
        if math.fabs(cosip + 1.0) > 1.5e-12:
            xlcof = -0.25 * j3oj2 * sinip * (3.0 + 5.0 * cosip) / (1.0 + cosip)
        else:
            xlcof = -0.25 * j3oj2 * sinip * (3.0 + 5.0 * cosip) / 1.5e-12
    else:
        sinip = p[P_SINIO]
        cosip = p[P_COSIO]
        aycof = p[P_AYCOF]
        xlcof = p[P_XLCOF]

    # ---- long-period periodics ----
    axnl = ep * math.cos(argpp)
    temp = 1.0 / (am * (1.0 - ep * ep))
    aynl = ep * math.sin(argpp) + temp * aycof
    xl = mp + argpp + nodep + temp * xlcof * axnl

    # ---- Kepler's equation ----
    u = fmod(xl - nodep, TWOPI)
    eo1 = u
    tem5 = 9999.9
    ktr = 1
    sineo1 = 0.0
    coseo1 = 0.0
    while math.fabs(tem5) >= 1.0e-12 and ktr <= 10:
        sineo1 = math.sin(eo1)
        coseo1 = math.cos(eo1)
        tem5 = 1.0 - coseo1 * axnl - sineo1 * aynl
        tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / tem5
        if math.fabs(tem5) >= 0.95:
            tem5 = 0.95 if tem5 > 0.0 else -0.95
        eo1 = eo1 + tem5
        ktr += 1

    # ---- short-period preliminaries ----
    ecose = axnl * coseo1 + aynl * sineo1
    esine = axnl * sineo1 - aynl * coseo1
    el2 = axnl * axnl + aynl * aynl
    pl = am * (1.0 - el2)
    if pl < 0.0:
        return 4
    rl = am * (1.0 - ecose)
    rdotl = math.sqrt(am) * esine / rl
    rvdotl = math.sqrt(pl) / rl
    betal = math.sqrt(1.0 - el2)
    temp = esine / (1.0 + betal)
    sinu = am / rl * (sineo1 - aynl - axnl * temp)
    cosu = am / rl * (coseo1 - axnl + aynl * temp)
    su = math.atan2(sinu, cosu)
    sin2u = (cosu + cosu) * sinu
    cos2u = 1.0 - 2.0 * sinu * sinu
    temp = 1.0 / pl
    temp1 = 0.5 * p[P_J2] * temp
    temp2 = temp1 * temp

    if deep:
        cosisq = cosip * cosip
        con41 = 3.0 * cosisq - 1.0
        x1mth2 = 1.0 - cosisq
        x7thm1 = 7.0 * cosisq - 1.0
    else:
        con41 = p[P_CON41]
        x1mth2 = p[P_X1MTH2]
        x7thm1 = p[P_X7THM1]

    # ---- short-period periodics ----
    mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u
    if mrt < 1.0:
        return 6
    su = su - 0.25 * temp2 * x7thm1 * sin2u
    xnode = nodep + 1.5 * temp2 * cosip * sin2u
    xinc = xincp + 1.5 * temp2 * cosip * sinip * cos2u
    mvt = rdotl - nm * temp1 * x1mth2 * sin2u / xke
    rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / xke

    # ---- orientation vectors ----
    sinsu = math.sin(su)
    cossu = math.cos(su)
    snod = math.sin(xnode)
    cnod = math.cos(xnode)
    sini = math.sin(xinc)
    cosi = math.cos(xinc)
    ux, uy, uz, vx, vy, vz = orientation(sinsu, cossu, snod, cnod, sini, cosi)

    mr = mrt * p[P_RADIUS]
    vkmpersec = p[P_VKMPERSEC]
    r[0] = mr * ux
    r[1] = mr * uy
    r[2] = mr * uz
    v[0] = vkmpersec * (mvt * ux + rvdot * vx)
    v[1] = vkmpersec * (mvt * uy + rvdot * vy)
    v[2] = vkmpersec * (mvt * uz + rvdot * vz)
    return 0


@njit(cache=True)
def _propagate_object(p, tsince, r_o, v_o, e_o):
    """One object over all its times: r_o, v_o (n_times, 3), e_o (n_times,).

    The vectorized lane loops (sgp4_near, sgp4_deep_lanes) do the work; a time they mark
    NEEDS_SCALAR (an angle beyond their exact range, a Kepler solve needing more steps) is
    recomputed here by the scalar code, with a fresh resonance state.
    """
    st = np.zeros(RES_STATE)
    if p[P_DEEP] == 0.0:
        near_lanes(p, tsince, r_o, v_o, e_o)
    elif p[P_ISIMP] == 1.0:
        deep_lanes(p, tsince, st, r_o, v_o, e_o)
    else:  # not produced by sgp4_init: deep space always takes the simplified drag model
        for j in range(tsince.shape[0]):
            e_o[j] = NEEDS_SCALAR
    for j in range(tsince.shape[0]):
        if e_o[j] != NEEDS_SCALAR:
            continue
        st[:] = 0.0
        err = _sgp4_at(p, tsince[j], st, r_o[j], v_o[j])
        e_o[j] = err
        if err != 0:
            for k in range(3):
                r_o[j, k] = np.nan
                v_o[j, k] = np.nan


# objects handed to the threads a few at a time (deep-space objects cost about twice as much
# as near-earth ones and cluster in catalog order, so equal static halves leave a core idle);
# set from Python around the call: inside jitted code it would stop numba caching the kernel
OBJECTS_PER_GRAB = 4


@njit(cache=True, parallel=True)
def _propagate_tsince(params, tsince_min, r_out, v_out, err_out):
    n = params.shape[0]
    for i in prange(n):
        _propagate_object(params[i], tsince_min, r_out[i], v_out[i], err_out[i])


@njit(cache=True, parallel=True)
def _propagate_jd(params, jd_whole, jd_frac, r_out, v_out, err_out):
    n = params.shape[0]
    nt = jd_whole.shape[0]
    for i in prange(n):
        p = params[i]
        ejd = p[P_EPOCH_JD]
        efr = p[P_EPOCH_FR]
        tsince = np.empty(nt)
        for j in range(nt):
            # same arithmetic as python-sgp4's sgp4(jd, fr)
            tsince[j] = (jd_whole[j] - ejd) * MINUTES_PER_DAY + (jd_frac[j] - efr) * MINUTES_PER_DAY
        _propagate_object(p, tsince, r_out[i], v_out[i], err_out[i])


@njit(cache=True)
def _init_errors(params):
    """Error code of each object at tsince = 0, as sgp4init reports it."""
    r = np.empty(3)
    v = np.empty(3)
    st = np.zeros(RES_STATE)
    for i in range(params.shape[0]):
        st[:] = 0.0
        params[i, P_INIT_ERR] = _sgp4_at(params[i], 0.0, st, r, v)


def _f64(x):
    return np.ascontiguousarray(np.atleast_1d(np.asarray(x, dtype=np.float64)))


def sgp4_init(
    epoch_jd,
    epoch_fr,
    no_kozai_rad_min,
    ecco,
    inclo_rad,
    nodeo_rad,
    argpo_rad,
    mo_rad,
    bstar,
    ndot,
    nddot,
    whichconst=WGS72,
    opsmode=IMPROVED,
):
    """Initialise SGP4/SDP4 for n objects; returns params, float64 (n, N_PARAMS).

    Inputs are float64 arrays of shape (n,): epoch as a UTC split Julian date (like
    Satrec.jdsatepoch, jdsatepochF), Kozai mean motion in rad/min, eccentricity, inclination,
    right ascension of the ascending node, argument of perigee and mean anomaly in rad, B* in
    1/earth radii, ndot (rad/min^2) and nddot (rad/min^3), unused by SGP4. whichconst:
    WGS72 (default), WGS84 or WGS72OLD; opsmode: IMPROVED ('i') or AFSPC ('a').
    Column P_INIT_ERR holds the error code sgp4init reports (propagation at epoch).
    """
    if whichconst not in (WGS72, WGS84, WGS72OLD):
        raise ValueError(f"whichconst must be WGS72=0, WGS84=1 or WGS72OLD=2, got {whichconst!r}")
    if opsmode not in (IMPROVED, AFSPC):
        raise ValueError(f"opsmode must be IMPROVED=0 or AFSPC=1, got {opsmode!r}")
    arrays = [
        _f64(a)
        for a in (
            epoch_jd,
            epoch_fr,
            no_kozai_rad_min,
            ecco,
            inclo_rad,
            nodeo_rad,
            argpo_rad,
            mo_rad,
            bstar,
        )
    ]
    n = arrays[0].shape[0]
    for a in arrays:
        if a.shape != (n,):
            raise ValueError(f"sgp4_init inputs must all have shape ({n},), got {a.shape}")
    params = new_params(n)
    if n:
        init_rows(params, *arrays, int(whichconst), int(opsmode))
        _init_errors(params)
    return params


def _validate(params, n_times, r_out, v_out, err_out):
    n = params.shape[0]
    if params.ndim != 2 or params.shape[1] != N_PARAMS:
        raise ValueError(f"params must have shape (n, {N_PARAMS}), got {params.shape}")
    if r_out.shape != (n, n_times, 3) or v_out.shape != (n, n_times, 3):
        raise ValueError(
            f"r_out and v_out must have shape ({n}, {n_times}, 3), got {r_out.shape} and {v_out.shape}"
        )
    if err_out.shape != (n, n_times):
        raise ValueError(f"err_out must have shape ({n}, {n_times}), got {err_out.shape}")


def sgp4_propagate(params, jd_whole, jd_frac, r_out, v_out, err_out):
    """Propagate all objects to UTC split Julian dates (jd_whole + jd_frac, shape (n_times,)).

    Fills r_out, v_out (n, n_times, 3) km, km/s TEME and err_out (n, n_times) in place.
    """
    jd_whole = _f64(jd_whole)
    jd_frac = _f64(jd_frac)
    if jd_whole.shape != jd_frac.shape:
        raise ValueError(f"jd_whole {jd_whole.shape} and jd_frac {jd_frac.shape} differ in shape")
    _validate(params, jd_whole.shape[0], r_out, v_out, err_out)
    if params.shape[0] and jd_whole.shape[0]:
        with parallel_chunksize(OBJECTS_PER_GRAB):
            _propagate_jd(params, jd_whole, jd_frac, r_out, v_out, err_out)


def sgp4_propagate_tsince(params, tsince_min, r_out, v_out, err_out):
    """Propagate all objects to minutes since each one's own epoch (shape (n_times,)).

    Fills r_out, v_out (n, n_times, 3) km, km/s TEME and err_out (n, n_times) in place.
    """
    tsince_min = _f64(tsince_min)
    _validate(params, tsince_min.shape[0], r_out, v_out, err_out)
    if params.shape[0] and tsince_min.shape[0]:
        with parallel_chunksize(OBJECTS_PER_GRAB):
            _propagate_tsince(params, tsince_min, r_out, v_out, err_out)
