"""aspan.kernels.sgp4: shapes, time order, gravity models and opsmodes, random elements,
all against python-sgp4 (Satrec.sgp4init with the same settings) in physical units."""

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sgp4.api import WGS72, WGS84, Satrec

from aspan.kernels import sgp4 as k

MM = 1e-6  # km
MM_PER_S = 1e-6  # km/s
EPOCH = 2460496.5  # 2024-07-05 00:00 UTC
ISS = (
    "1 25544U 98067A   24187.50000000  .00016717  00000-0  30171-3 0  9993",
    "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.49815200 46093",
)
MOLNIYA = (
    "1 21897U 92011A   24186.81151428  .00000118  00000-0  00000+0 0  9995",
    "2 21897  62.8498 227.6624 6910358 282.6543  11.8569  2.00607838237064",
)


def _init(sats, whichconst=k.WGS72, opsmode=k.IMPROVED):
    def col(name):
        return np.array([getattr(s, name) for s in sats], dtype=np.float64)

    names = "jdsatepoch jdsatepochF no_kozai ecco inclo nodeo argpo mo bstar ndot nddot"
    return k.sgp4_init(*(col(n) for n in names.split()), whichconst=whichconst, opsmode=opsmode)


def _run(params, tsince):
    n, nt = params.shape[0], len(tsince)
    r = np.empty((n, nt, 3))
    v = np.empty((n, nt, 3))
    e = np.empty((n, nt), dtype=np.uint8)
    k.sgp4_propagate_tsince(params, np.asarray(tsince, dtype=np.float64), r, v, e)
    return r, v, e


def _fresh(whichconst, opsmode, ecco, argpo, inclo, mo, no_kozai, nodeo, bstar=1e-4):
    s = Satrec()
    s.sgp4init(whichconst, opsmode, 1, EPOCH - 2433281.5, bstar, 0.0, 0.0, ecco, argpo, inclo,
               mo, no_kozai, nodeo)  # fmt: skip
    return s


def _check_against(sat, params, tsince):
    r, v, e = _run(params, tsince)
    for j, t in enumerate(tsince):
        ref_e, ref_r, ref_v = sat.sgp4_tsince(t)
        assert e[0, j] == ref_e, (t, e[0, j], ref_e)
        if ref_e == 0 and np.isnan(ref_r).any():
            # degenerate elements (say a subnormal inclination at 24 h resonance): the
            # reference reports no error and NaN states; so must we
            assert np.isnan(r[0, j]).any() and np.isnan(v[0, j]).any()
        elif ref_e == 0:
            assert np.abs(r[0, j] - ref_r).max() < MM
            assert np.abs(v[0, j] - ref_v).max() < MM_PER_S
        else:
            assert np.isnan(r[0, j]).all() and np.isnan(v[0, j]).all()


@pytest.fixture(scope="module")
def two():
    sats = [Satrec.twoline2rv(*ISS), Satrec.twoline2rv(*MOLNIYA)]
    return sats, _init(sats)


def test_shapes(two):
    sats, params = two
    assert params.shape == (2, k.N_PARAMS)
    for nt in (0, 1, 3, 200):
        r, v, e = _run(params, np.linspace(0, 100, nt))
        assert r.shape == v.shape == (2, nt, 3) and e.shape == (2, nt)
    r, v, e = _run(params[:1], [5.0])
    assert r.shape == (1, 1, 3) and np.isfinite(r).all() and e[0, 0] == 0
    empty = _init([])
    assert empty.shape == (0, k.N_PARAMS)
    r, v, e = _run(empty, [1.0, 2.0])
    assert r.shape == (0, 2, 3)
    with pytest.raises(ValueError):
        k.sgp4_propagate_tsince(params, np.zeros(3), np.empty((2, 2, 3)), np.empty((2, 3, 3)),
                                np.empty((2, 3)))  # fmt: skip


def test_time_order_does_not_matter(two):
    _, params = two
    rng = np.random.default_rng(1)
    t = rng.uniform(-5000, 5000, 300)  # spans several vector blocks
    perm = rng.permutation(300)
    r, v, e = _run(params, t)
    r2, v2, e2 = _run(params, t[perm])
    np.testing.assert_array_equal(r2, r[:, perm])
    np.testing.assert_array_equal(v2, v[:, perm])
    np.testing.assert_array_equal(e2, e[:, perm])


def test_julian_dates_match_tsince(two):
    sats, params = two
    fr = np.arange(0, 1, 1 / 96)
    jd = np.full(fr.shape, EPOCH)
    n = len(sats)
    r = np.empty((n, fr.size, 3))
    v = np.empty((n, fr.size, 3))
    e = np.empty((n, fr.size), dtype=np.uint8)
    k.sgp4_propagate(params, jd, fr, r, v, e)
    for i, s in enumerate(sats):
        ref_e, ref_r, ref_v = s.sgp4_array(jd, fr)
        np.testing.assert_array_equal(e[i], ref_e)
        assert np.abs(r[i] - ref_r).max() < MM and np.abs(v[i] - ref_v).max() < MM_PER_S


@pytest.mark.parametrize("whichconst", [(k.WGS72, WGS72), (k.WGS84, WGS84)])
@pytest.mark.parametrize("opsmode", [(k.IMPROVED, "i"), (k.AFSPC, "a")])
def test_gravity_models_and_opsmodes(whichconst, opsmode):
    tsince = np.arange(-2880.0, 10080.0, 97.0)
    for elements in (
        (0.0006703, 2.278, 0.9013, 5.673, 0.06762, 4.319),  # ISS-like
        (0.691, 4.933, 1.0969, 0.2069, 0.008752, 3.973),  # Molniya (deep space, 12 h)
        (0.0002, 1.0, 0.001, 2.0, 0.004375, 0.5),  # geostationary, low inclination
    ):
        ecco, argpo, inclo, mo, no_kozai, nodeo = elements
        sat = _fresh(whichconst[1], opsmode[1], *elements)
        params = k.sgp4_init([sat.jdsatepoch], [sat.jdsatepochF], [no_kozai], [ecco], [inclo],
                             [nodeo], [argpo], [mo], [sat.bstar], [0.0], [0.0],
                             whichconst=whichconst[0], opsmode=opsmode[0])  # fmt: skip
        assert params[0, k.P_INIT_ERR] == sat.error
        _check_against(sat, params, tsince)


angles = st.floats(0.0, 2 * math.pi)


@settings(max_examples=60, deadline=None)
@given(
    ecco=st.floats(0.0, 0.25),
    inclo=st.floats(0.0, math.pi),
    nodeo=angles,
    argpo=angles,
    mo=angles,
    revs_per_day=st.floats(1.0, 16.0),
    bstar=st.floats(-1e-4, 1e-3),
)
@example(ecco=0.0, inclo=2.225073858507e-311, nodeo=0.0, argpo=0.0, mo=0.0, revs_per_day=1.0,
         bstar=0.0)
def test_random_elements_against_python_sgp4(ecco, inclo, nodeo, argpo, mo, revs_per_day, bstar):
    """Random near-earth and deep-space (period >= 225 min) elements, -3 d .. +7 d."""
    no_kozai = revs_per_day * 2 * math.pi / 1440.0
    sat = _fresh(WGS72, "i", ecco, argpo, inclo, mo, no_kozai, nodeo, bstar)
    params = k.sgp4_init([sat.jdsatepoch], [sat.jdsatepochF], [no_kozai], [ecco], [inclo],
                         [nodeo], [argpo], [mo], [bstar], [0.0], [0.0])  # fmt: skip
    assert params[0, k.P_INIT_ERR] == sat.error
    _check_against(sat, params, np.arange(-4320.0, 10081.0, 181.0))


def test_nan_where_error():
    """A decaying low orbit: errors appear, states are NaN exactly there."""
    sat = _fresh(WGS72, "i", 0.001, 1.0, 0.9, 0.0, 16.3 * 2 * math.pi / 1440.0, 0.0, 0.01)
    params = _init([sat])
    tsince = np.arange(0.0, 30 * 1440.0, 60.0)
    r, v, e = _run(params, tsince)
    assert (e != 0).any() and (e == 0).any()
    assert np.isnan(r[e != 0]).all() and np.isnan(v[e != 0]).all()
    assert np.isfinite(r[e == 0]).all()
    _check_against(sat, params, tsince[::7])
