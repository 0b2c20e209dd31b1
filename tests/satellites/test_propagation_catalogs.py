"""Every object of three real catalogs, epoch -3 d to +7 d every 10 min, against python-sgp4.

Aspan (the numba kernel; the reference path when ``ASPAN_JIT=0``) reads each catalog with its
own parser; python-sgp4 reads the same lines with ``Satrec.twoline2rv`` and propagates with
``sgp4_array``. They must agree within 1 mm and 1 mm/s wherever python-sgp4 succeeds, and
report the same error code everywhere. 55,222 objects x 1,441 times: the work is split into
blocks over two worker processes (one thread each), each block holding about 40 MB.
"""

from __future__ import annotations

import multiprocessing
import os
import time

import numpy as np
import pytest

DATA = "../shared/data/"
CATALOGS = {
    "celestrak-active-2025-10-03.tle": 12_801,
    "satcat-full-2024-07.tle": 26_389,
    "satcat-leo-2026-06.tle": 16_032,
}
MINUTES = np.arange(-4320.0, 10080.0 + 1.0, 10.0)  # 1,441 times
BLOCK = 600  # objects per block
MM = 1e-6  # km
MM_S = 1e-6  # km/s


def _tle_pairs(path):
    lines = [ln.rstrip("\r\n") for ln in open(path, newline="") if ln.strip()]
    l1 = [ln for ln in lines if ln.startswith("1 ")]
    l2 = [ln for ln in lines if ln.startswith("2 ")]
    return list(zip(l1, l2, strict=True))


def _compare_block(args):
    """Worker: aspan and python-sgp4 on one block; returns counts and worst differences."""
    cat, pairs, jit = args
    from sgp4.api import Satrec, SatrecArray

    from aspan.satellites.propagation import propagate_minutes

    # python-sgp4 turns (jd, fr) into minutes as (jd - epoch)*1440 + (fr - epochF)*1440; with the
    # epoch set to zero after initialisation that is exactly days*1440, which Aspan is given too,
    # so both engines see bit-identical times and any difference is the algorithm's arithmetic.
    days = MINUTES / 1440.0
    sats = [Satrec.twoline2rv(line1, line2) for line1, line2 in pairs]
    for sat in sats:
        sat.jdsatepoch, sat.jdsatepochF = 0.0, 0.0
    err, r, v = SatrecArray(sats).sgp4(np.zeros_like(days), days)
    ours = propagate_minutes(cat, days * 1440.0, jit=jit)
    n = len(pairs)
    ok = err == 0
    # A decaying object's SGP4 state can run away without an error code (|r| of 1e7 km, |v| of
    # 1e7 km/s): no Earth satellite is there. Physical states (inside the Earth's Hill sphere,
    # 1.5e6 km, and slower than 20 km/s) must agree to 1 mm and 1 mm/s; run-away ones to 1e-9 of
    # their own size (a run-away state amplifies the last bits of float64 arithmetic; seen: 3e-10).
    size_r = np.linalg.norm(r, axis=-1)
    size_v = np.linalg.norm(v, axis=-1)
    physical = ok & (size_r < 1.5e6) & (size_v < 20.0)
    runaway = ok & ~physical
    dr = np.linalg.norm(ours.r_km - r, axis=-1)
    dv = np.linalg.norm(ours.v_km_s - v, axis=-1)
    mismatched = np.argwhere(ours.error != err)
    return {
        "objects": n,
        "states": int(ok.sum()),
        "failed": int((~ok).sum()),
        "deep": int(np.count_nonzero(2.0 * np.pi / (cat.mean_motion_rev_day / 1440.0) >= 225.0
                                     * 2.0 * np.pi)),
        "dr_km": float(dr[physical].max()) if physical.any() else 0.0,
        "dv_km_s": float(dv[physical].max()) if physical.any() else 0.0,
        "runaway": int(runaway.sum()),
        "runaway_rel": float(max((dr / size_r)[runaway].max(), (dv / size_v)[runaway].max()))
        if runaway.any() else 0.0,
        "nan_where_failed": bool(np.isnan(ours.r_km[~ok]).all()),
        "error_mismatches": len(mismatched),
        "example": (None if not len(mismatched) else
                    (int(cat.norad_id[mismatched[0][0]]), float(MINUTES[mismatched[0][1]]),
                     int(ours.error[tuple(mismatched[0])]), int(err[tuple(mismatched[0])]))),
    }


def _blocks(jit: bool, step: int):
    from aspan.catalog.formats import read_catalog

    for name in CATALOGS:
        cat = read_catalog(DATA + name).catalog
        pairs = _tle_pairs(DATA + name)
        assert len(cat) == len(pairs) == CATALOGS[name], name
        assert [int(a[2:7]) for a, _ in pairs[:50]] == list(cat.norad_id[:50])
        for start in range(0, len(cat), BLOCK * step):
            index = np.arange(start, min(start + BLOCK * step, len(cat)), step)
            yield name, (cat[index], [pairs[i] for i in index], jit)


@pytest.mark.slow
def test_every_object_of_three_catalogs_agrees_with_python_sgp4(monkeypatch):
    from aspan.satellites.propagation import _jit_kernel, use_jit

    jit = use_jit() and _jit_kernel() is not None
    # the reference path is python-sgp4 itself (proven bit-identical in test_propagation):
    # without the kernel, check every 10th object only
    step = 1 if jit else 10
    started = time.perf_counter()
    monkeypatch.setenv("NUMBA_NUM_THREADS", "1")  # for the workers: one thread per process
    context = multiprocessing.get_context("spawn")
    totals: dict[str, dict] = {}
    with context.Pool(processes=min(2, os.cpu_count() or 1)) as pool:
        names, jobs = zip(*_blocks(jit, step), strict=True)
        for name, result in zip(names, pool.imap(_compare_block, jobs), strict=True):
            t = totals.setdefault(name, {"objects": 0, "states": 0, "failed": 0, "deep": 0,
                                         "dr_km": 0.0, "dv_km_s": 0.0, "error_mismatches": 0,
                                         "nan_where_failed": True, "examples": [],
                                         "runaway": 0, "runaway_rel": 0.0})
            for key in ("objects", "states", "failed", "deep", "error_mismatches", "runaway"):
                t[key] += result[key]
            t["dr_km"] = max(t["dr_km"], result["dr_km"])
            t["dv_km_s"] = max(t["dv_km_s"], result["dv_km_s"])
            t["runaway_rel"] = max(t["runaway_rel"], result["runaway_rel"])
            t["nan_where_failed"] &= result["nan_where_failed"]
            if result["example"]:
                t["examples"].append(result["example"])
    elapsed = time.perf_counter() - started
    for name, t in totals.items():
        print(f"{name}: {t['objects']} objects ({t['deep']} deep space), {t['states']} states, "
              f"{t['failed']} failed; worst {t['dr_km'] * 1e6:.3g} mm, "
              f"{t['dv_km_s'] * 1e6:.3g} mm/s; {t['runaway']} run-away states within "
              f"{t['runaway_rel']:.2g} relative; {t['error_mismatches']} error-code mismatches "
              f"{t['examples'][:3]}")
    print(f"{'jit' if jit else 'reference'} path, {elapsed:.1f} s")
    for name, t in totals.items():
        assert t["objects"] == -(-CATALOGS[name] // step), name
        assert t["error_mismatches"] == 0, (name, t["examples"][:5])
        assert t["dr_km"] < MM, name
        assert t["dv_km_s"] < MM_S, name
        assert t["nan_where_failed"], name
        assert t["runaway_rel"] < 1e-9, name
    assert totals["satcat-full-2024-07.tle"]["deep"] > 0
