"""The SGP4 verification vectors through the public API, in whichever engine is selected.

CI runs this file twice: with the numba kernel (default) and with ``ASPAN_JIT=0`` (python-sgp4's
``SatrecArray``, the reference path). Both must reproduce every line of tcppver.out within
1e-8 km and 1e-9 km/s with the same error codes at the same times.
"""

from __future__ import annotations

import numpy as np
import pytest
import sgp4.api

from aspan.api import propagate_minutes
from aspan.satellites.propagation import use_jit
from support import catalog_from_tle, read_verification_cases, verification_times

KM_1E8 = 1e-8  # 10 micrometres
KM_S_1E9 = 1e-9  # 1 micrometre per second


@pytest.fixture(scope="module")
def cases():
    return read_verification_cases()


def test_verification_every_line_through_the_api(cases):
    engine = "numba kernel" if use_jit() else f"python-sgp4 (accelerated={sgp4.api.accelerated})"
    errors_seen, worst_dr, worst_dv = [], 0.0, 0.0
    for line1, line2, grid, satnum, rows in cases:
        cat = catalog_from_tle([(line1, line2)])
        assert cat.norad_id[0] == satnum
        times = verification_times(*grid)
        states = propagate_minutes(cat, times)
        r, v, e = states.r_km[0], states.v_km_s[0], states.error[0]
        assert states.r_km.shape == (1, len(times), 3)
        bad = np.flatnonzero(e != 0)
        n_ok = bad[0] if bad.size else len(times)
        if bad.size:  # the driver stops at the first error
            errors_seen.append(int(e[bad[0]]))
            assert np.isnan(r[bad[0]]).all() and np.isnan(v[bad[0]]).all()
        if n_ok == 0:
            continue  # the driver printed its previous line again ("use previous data line")
        assert n_ok == len(rows), f"{satnum}: {n_ok} good lines, tcppver.out has {len(rows)}"
        dr = np.abs(r[:n_ok] - rows[:, 1:4]).max()
        dv = np.abs(v[:n_ok] - rows[:, 4:7]).max()
        if satnum == 20413 and grid[0] > 1e6:
            # 3.5 years out, e = 0.786: tcppver.out was printed by a build 1.2e-7 km away from
            # python-sgp4 itself; hold both engines to python-sgp4's own distance from the file.
            assert dr < 2e-7, f"20413 at 3.5 years: {dr:.2e} km"
            continue
        worst_dr, worst_dv = max(worst_dr, dr), max(worst_dv, dv)
        assert dr < KM_1E8, f"{satnum}: |dr| {dr:.3e} km"
        assert dv < KM_S_1E9, f"{satnum}: |dv| {dv:.3e} km/s"
    assert errors_seen == [1, 1, 6, 6, 4, 3, 6]
    print(f"{engine}: tcppver max |dr| {worst_dr:.2e} km, max |dv| {worst_dv:.2e} km/s")
