"""Aspan's SGP4 against python-sgp4's SatrecArray, side by side, on the full public catalog.

26,389 objects (4,056 deep space) x 1,440 times (one day at one minute from 2024-07-05, the
catalog's median epoch). Median of 5 runs after a warm-up; prints both throughputs
(propagations per second), the ratio, peak memory, and the numba kernel's first-call compile
time in a fresh process with a cold and with a warm cache.

    .venv/bin/python benchmarks/propagation.py [--repeat 5] [--catalog FILE]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

import numpy as np

CATALOG = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data",
                       "satcat-full-2024-07.tle")

COMPILE_PROBE = """
import time, numpy as np
t0 = time.perf_counter()
from aspan.kernels.sgp4 import sgp4_init, sgp4_propagate
params = sgp4_init([2460496.5, 2460496.5], [0.5, 0.5], [0.0675, 0.0044], [0.001, 0.7],
                   [0.9, 1.1], [1.0, 1.0], [1.0, 4.7], [1.0, 1.0], [1e-4, 1e-4], [0.0, 0.0],
                   [0.0, 0.0])
r = np.empty((2, 2, 3)); v = np.empty((2, 2, 3)); e = np.empty((2, 2), np.uint8)
sgp4_propagate(params, np.full(2, 2460496.5), np.array([0.5, 0.6]), r, v, e)
print(time.perf_counter() - t0)
"""


def _compile_time(cache_dir: str) -> float:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    out = subprocess.run([sys.executable, "-c", COMPILE_PROBE], env=env, check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def _median_time(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--catalog", default=CATALOG)
    args = parser.parse_args()

    from sgp4.api import SatrecArray, accelerated

    from aspan.catalog.formats import read_catalog
    from aspan.core.time import split_jd_utc, time_range
    from aspan.satellites.propagation import backend, propagate
    from aspan.satellites.reference import satrecs

    cat = read_catalog(args.catalog).catalog
    times = time_range("2024-07-05T00:00:00Z", "2024-07-05T23:59:00Z", 60.0)
    n, m = len(cat), len(times)
    deep = int(np.count_nonzero(1440.0 / cat.mean_motion_rev_day >= 225.0))
    print(f"catalog: {args.catalog}: {n} objects ({deep} deep space, period >= 225 min), "
          f"{m} times, {n * m:,} propagations per run; {os.cpu_count()} CPUs; "
          f"python-sgp4 accelerated={accelerated}")

    with tempfile.TemporaryDirectory() as cold:
        cold_s = _compile_time(cold)
        warm_s = _compile_time(cold)
    print(f"numba kernel first call in a fresh process: {cold_s:.2f} s with a cold cache, "
          f"{warm_s:.2f} s with a warm cache")

    jd, fr = split_jd_utc(times)
    array = SatrecArray(satrecs(cat))
    peer_s = _median_time(lambda: array.sgp4(jd, fr), args.repeat)

    engine = backend(cat, True)
    print(f"aspan engine: {engine.name}")
    ours_s = _median_time(lambda: propagate(cat, times, jit=True), args.repeat)

    peer_rate, ours_rate = n * m / peer_s, n * m / ours_s
    print(f"python-sgp4 SatrecArray.sgp4: {peer_s:8.3f} s  {peer_rate / 1e6:8.2f} M propagations/s")
    print(f"aspan propagate (numba):      {ours_s:8.3f} s  {ours_rate / 1e6:8.2f} M propagations/s")
    print(f"ratio aspan / python-sgp4: {ours_rate / peer_rate:.2f}x")

    tracemalloc.start()
    propagate(cat, times, jit=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    states_mb = n * m * (6 * 8 + 1) / 1e6
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: aspan propagate {peak / 1e6:.0f} MB traced (the states themselves "
          f"{states_mb:.0f} MB); process max RSS {maxrss_mb:.0f} MB (both engines)")


if __name__ == "__main__":
    main()
