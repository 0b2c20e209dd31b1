"""Verification of aspan.kernels.sgp4 against authorities no one here wrote.

1. The SGP4 verification vectors of Vallado et al. 2006 (`SGP4-VER.TLE`, `tcppver.out`, shipped
   in the sgp4 wheel): every line of every one of the 33 cases, and the same error codes at
   the same times. The file was generated with opsmode 'i' (IMPROVED) and WGS72, as
   python-sgp4's own tests and `Satrec.twoline2rv` use; opsmode 'a' misses case 23599 by ~1 km.
2. python-sgp4 (its C++ Satrec / SatrecArray) on the real catalog of July 2024 (26,389
   objects, 4,056 deep space), every object, epoch -3 d to +7 d every 10 minutes.
"""

import os

import numpy as np
import pytest
import sgp4
from sgp4.api import WGS72, Satrec, SatrecArray

from aspan.kernels.sgp4 import (
    IMPROVED,
    P_INIT_ERR,
    sgp4_init,
    sgp4_propagate,
    sgp4_propagate_tsince,
)
from aspan.kernels.sgp4_layout import P_IREZ
from support import read_verification_cases, verification_times

SGP4_DIR = os.path.dirname(sgp4.__file__)
CATALOG = os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "data", "satcat-full-2024-07.tle"
)

MM = 1e-6  # km
MM_PER_S = 1e-6  # km/s
TEN_MICRON = 1e-8  # km (1e-8 km = 10 micrometres)
ONE_MICRON_PER_S = 1e-9  # km/s


def params_of(sats, opsmode=IMPROVED, whichconst=0):
    """sgp4_init inputs taken from python-sgp4 Satrec objects."""

    def col(name):
        return np.array([getattr(s, name) for s in sats], dtype=np.float64)

    return sgp4_init(
        col("jdsatepoch"),
        col("jdsatepochF"),
        col("no_kozai"),
        col("ecco"),
        col("inclo"),
        col("nodeo"),
        col("argpo"),
        col("mo"),
        col("bstar"),
        col("ndot"),
        col("nddot"),
        whichconst=whichconst,
        opsmode=opsmode,
    )


def propagate_tsince(params, tsince):
    n, nt = params.shape[0], len(tsince)
    r = np.empty((n, nt, 3))
    v = np.empty((n, nt, 3))
    e = np.empty((n, nt), dtype=np.uint8)
    sgp4_propagate_tsince(params, np.asarray(tsince, dtype=np.float64), r, v, e)
    return r, v, e


# ---------------------------------------------------------------------------------------
# 1. tcppver.out


@pytest.fixture(scope="module")
def verification():
    return read_verification_cases()


def test_verification_tcppver_every_line(verification):
    """All 33 cases, each line of tcppver.out within 10 micrometres and 1 micrometre/s.

    tcppver.out prints 8 decimals of km and 9 of km/s. One case, 20413 propagated to
    tsince = 1,844,000 .. 1,845,100 min (3.5 years, e = 0.786), is printed by a build that
    differs from python-sgp4's by 1.2e-7 km; there the kernel is held to python-sgp4 within
    10 micrometres, and to the file at python-sgp4's own tolerance (2e-7 km).
    """
    errors_seen = []
    worst_dr = worst_dv = 0.0
    previous_row = None
    for line1, line2, grid, satnum, rows in verification:
        sat = Satrec.twoline2rv(line1, line2)
        assert sat.satnum == satnum
        times = verification_times(*grid)
        params = params_of([sat])
        r, v, e = propagate_tsince(params, times)
        r, v, e = r[0], v[0], e[0]
        # the file stops at the first error, as python-sgp4's generator does
        bad = np.flatnonzero(e != 0)
        n_ok = bad[0] if bad.size else len(times)
        if bad.size:
            errors_seen.append(int(e[bad[0]]))
            assert np.isnan(r[bad[0]]).all() and np.isnan(v[bad[0]]).all()
        if n_ok == 0:
            # the C++ driver printed its previous data line again (python-sgp4's tests.py
            # calls it "(Use previous data line)"): nothing of this object to compare
            np.testing.assert_array_equal(rows[0, 1:], previous_row[1:])
            continue
        assert n_ok == len(rows), f"{satnum}: {n_ok} good lines, file has {len(rows)}"
        previous_row = rows[-1]
        np.testing.assert_allclose(times[:n_ok], rows[:, 0], rtol=0, atol=1e-8)  # printed 8 dp
        dr = np.abs(r[:n_ok] - rows[:, 1:4]).max(initial=0.0)
        dv = np.abs(v[:n_ok] - rows[:, 4:7]).max(initial=0.0)
        if satnum == 20413 and grid[0] > 1e6:
            ref = np.array([sat.sgp4_tsince(t)[1] for t in times[:n_ok]])
            assert np.abs(ref - rows[:, 1:4]).max() > TEN_MICRON  # the file's own spread
            dev = np.abs(r[:n_ok] - ref).max()
            print(f"20413 at 3.5 years: |dr| {dev:.2e} km from python-sgp4, {dr:.2e} from the file")
            assert dev < TEN_MICRON
            assert dr < 2e-7
            continue
        worst_dr = max(worst_dr, dr)
        worst_dv = max(worst_dv, dv)
        assert dr < TEN_MICRON, f"{satnum}: |dr| {dr:.3e} km"
        assert dv < ONE_MICRON_PER_S, f"{satnum}: |dv| {dv:.3e} km/s"
    # python-sgp4's tests.py expects exactly these codes, in this order
    assert errors_seen == [1, 1, 6, 6, 4, 3, 6]
    print(f"tcppver: max |dr| {worst_dr:.2e} km, max |dv| {worst_dv:.2e} km/s")


def test_verification_tcppver_against_python_sgp4(verification):
    """Same times against python-sgp4 directly: 10 micrometres, same codes, NaN on error."""
    for line1, line2, grid, _, _ in verification:
        sat = Satrec.twoline2rv(line1, line2)
        times = verification_times(*grid)
        r, v, e = propagate_tsince(params_of([sat]), times)
        fresh = Satrec.twoline2rv(line1, line2)
        ref = [fresh.sgp4_tsince(t) for t in times]  # exact tsince, no jd round trip
        ref_e = np.array([x[0] for x in ref])
        ref_r = np.array([x[1] for x in ref])
        ref_v = np.array([x[2] for x in ref])
        np.testing.assert_array_equal(e[0], ref_e, err_msg=str(sat.satnum))
        ok = ref_e == 0
        np.testing.assert_allclose(r[0][ok], ref_r[ok], rtol=0, atol=TEN_MICRON)
        np.testing.assert_allclose(v[0][ok], ref_v[ok], rtol=0, atol=ONE_MICRON_PER_S)
        assert np.isnan(r[0][~ok]).all() and np.isnan(v[0][~ok]).all()


def test_verification_init_error_codes(verification):
    """The init error column holds what python-sgp4's sgp4init reports (Satrec.error)."""
    sats = [Satrec.twoline2rv(line1, line2) for line1, line2, *_ in verification]
    params = params_of(sats)
    np.testing.assert_array_equal(params[:, P_INIT_ERR], [s.error for s in sats])
    assert params[:, P_INIT_ERR].any()  # 33334 fails at epoch (error 3)


# ---------------------------------------------------------------------------------------
# 2. the real catalog against python-sgp4


def read_catalog(path=CATALOG):
    with open(path, newline="") as f:
        lines = [line.rstrip("\r\n") for line in f]
    sats = []
    for i, line in enumerate(lines):
        if line.startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            sats.append(Satrec.twoline2rv(line, lines[i + 1], WGS72))
    return sats


@pytest.fixture(scope="module")
def catalog():
    if not os.path.exists(CATALOG):
        pytest.skip(f"{CATALOG} not found (see ../shared/data/README.md)")
    sats = read_catalog()
    assert len(sats) == 26389
    return sats, params_of(sats)


def compare_with_satrec(sats, params, indices, tsince):
    """Each object's own times jd = epoch, fr = epochF + tsince / 1440, through
    sgp4_propagate and the object's python-sgp4 Satrec.sgp4_array (same jd arithmetic).

    Returns (max |dr| km, max |dv| km/s, satnums whose error codes differ, codes seen).
    """
    nt = len(tsince)
    r = np.empty((1, nt, 3))
    v = np.empty((1, nt, 3))
    e = np.empty((1, nt), dtype=np.uint8)
    worst_dr = worst_dv = 0.0
    mismatched = []
    codes = set()
    for i in indices:
        sat = sats[i]
        jd = np.full(nt, sat.jdsatepoch)
        fr = sat.jdsatepochF + tsince / 1440.0
        sgp4_propagate(params[i : i + 1], jd, fr, r, v, e)
        ref_e, ref_r, ref_v = sat.sgp4_array(jd, fr)
        codes.update(np.unique(ref_e).tolist())
        if not np.array_equal(ref_e, e[0]):
            mismatched.append(sat.satnum)
            continue
        ok = ref_e == 0
        if ok.any():
            worst_dr = max(worst_dr, np.abs(r[0][ok] - ref_r[ok]).max())
            worst_dv = max(worst_dv, np.abs(v[0][ok] - ref_v[ok]).max())
        if not (np.isnan(r[0][~ok]).all() and np.isnan(v[0][~ok]).all()):
            mismatched.append(sat.satnum)
    return worst_dr, worst_dv, mismatched, codes


def test_verification_catalog_random_2000_every_10_minutes(catalog):
    """2,000 random objects of the full catalog, -3 d .. +7 d at 10 min (every object of the
    three catalogs runs through the facade in tests/satellites/test_propagation_catalogs.py)."""
    sats, params = catalog
    pick = np.random.default_rng(2024).choice(len(sats), 2000, replace=False)
    tsince = np.arange(-3 * 1440.0, 7 * 1440.0 + 1e-9, 10.0)
    dr, dv, mismatched, _ = compare_with_satrec(sats, params, pick, tsince)
    print(f"catalog 2,000 x 10 min: max |dr| {dr:.2e} km, max |dv| {dv:.2e} km/s")
    assert mismatched == []
    assert dr < MM
    assert dv < MM_PER_S


def test_verification_catalog_julian_dates_vs_satrecarray(catalog):
    """sgp4_propagate on one shared UTC grid (a day at 10 min from 2024-07-05) vs SatrecArray."""
    sats, params = catalog
    jd = np.full(144, 2460496.5)
    fr = np.arange(144) / 144.0
    n = len(sats)
    r = np.empty((n, 144, 3))
    v = np.empty((n, 144, 3))
    e = np.empty((n, 144), dtype=np.uint8)
    sgp4_propagate(params, jd, fr, r, v, e)
    ref_e, ref_r, ref_v = SatrecArray(sats).sgp4(jd, fr)
    np.testing.assert_array_equal(e, ref_e)
    ok = ref_e == 0
    assert np.abs(r[ok] - ref_r[ok]).max() < MM
    assert np.abs(v[ok] - ref_v[ok]).max() < MM_PER_S
    # Aspan returns NaN for every error; python-sgp4 keeps the below-surface state of
    # decayed objects (error 6) and NaN for the others
    assert np.isnan(r[~ok]).all() and np.isnan(v[~ok]).all()
    assert np.isnan(ref_r[~ok & (ref_e != 6)]).all()
    assert (ref_e == 6).any()


def test_verification_resonance_time_order(catalog):
    """Deep-space resonant objects give the same numbers whatever the order of the times,
    and those of the reference started fresh and stepped forward."""
    sats, params = catalog
    irez = params[:, P_IREZ]
    assert (irez == 1).sum() > 100 and (irez == 2).sum() > 100
    res = np.concatenate([np.flatnonzero(irez == 1)[:200], np.flatnonzero(irez == 2)[:200]])
    rng = np.random.default_rng(7)
    tsince = np.sort(rng.uniform(-20 * 1440.0, 20 * 1440.0, 200))
    shuffled = rng.permutation(len(tsince))
    r, v, e = propagate_tsince(params[res], tsince)
    r2, v2, e2 = propagate_tsince(params[res], tsince[shuffled])
    np.testing.assert_array_equal(r2, r[:, shuffled])
    np.testing.assert_array_equal(e2, e[:, shuffled])
    for k, i in enumerate(res):
        fresh = Satrec()
        s = sats[i]
        fresh.sgp4init(
            WGS72, "i", s.satnum, s.jdsatepoch + s.jdsatepochF - 2433281.5, s.bstar, s.ndot,
            s.nddot, s.ecco, s.argpo, s.inclo, s.mo, s.no_kozai, s.nodeo,
        )  # fmt: skip
        for j in (0, len(tsince) // 2, len(tsince) - 1):
            ref_e, ref_r, _ = fresh.sgp4_tsince(tsince[j])
            assert ref_e == e[k, j]
            if ref_e == 0:
                assert np.abs(np.array(ref_r) - r[k, j]).max() < MM
    # python-sgp4's SatrecArray, whose Satrecs carry the integrator between calls, agrees:
    # its numbers for shuffled times are those for sorted times
    jd = np.full(len(tsince), 2460496.5)
    array = SatrecArray([sats[i] for i in res])
    e_sorted, r_sorted, _ = array.sgp4(jd, tsince / 1440.0)
    e_shuf, r_shuf, _ = array.sgp4(jd, tsince[shuffled] / 1440.0)
    np.testing.assert_array_equal(e_shuf, e_sorted[:, shuffled])
    np.testing.assert_array_equal(r_shuf, r_sorted[:, shuffled])
